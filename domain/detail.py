"""An incident with everything recorded on it, as one plain value.

Both ends build it (the laptop from its store, the service from its database) and hand
it to whatever only reads: the windows, the report, the office console.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from domain.records import Client, Contract, CoveredSystem, Entry, Incident
from domain.sla import Pause, SlaReading


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    incident: Incident
    client: Client
    contract: Contract
    system: CoveredSystem | None  # None: not in the contract's Annex 1
    entries: list[Entry]  # in recorded order (the laptops' times: for display)
    voided: frozenset[uuid.UUID]
    sla: SlaReading
    #: The clock's pauses, paired in the service's order (:func:`domain.sla.pair_pauses`).
    pauses: tuple[Pause, ...] = ()

    @property
    def covered(self) -> bool:
        return self.system is not None
