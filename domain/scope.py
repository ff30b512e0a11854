"""What the emergency agreement covers (Annex 1) and what it does not.

Work outside the agreement may be recorded but is flagged out of scope: it is billed
separately and the service report says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from domain.records import ActionKind, Contract, CoveredSystem


def system_covered(
    contract: Contract, system_id: uuid.UUID | None, annex: Iterable[CoveredSystem]
) -> bool:
    """Is ``system_id`` one of the systems ``contract`` lists in its Annex 1?"""
    if system_id is None:
        return False
    return any(s.id == system_id and s.contract_id == contract.id for s in annex)


def action_in_scope(contract: Contract, kind: ActionKind) -> bool:
    """An action of a kind the contract excludes is out of scope."""
    return kind not in contract.exclusions


def work_in_scope(contract: Contract, system_covered: bool, kind: ActionKind) -> bool:
    """Work is covered when the system is in Annex 1 and the action kind is not excluded."""
    return system_covered and action_in_scope(contract, kind)
