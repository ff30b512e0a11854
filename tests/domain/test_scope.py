"""Scope: which systems the agreement covers (Annex 1) and which kinds of work it excludes."""

from __future__ import annotations

import uuid

import pytest

from domain.records import (
    DEFAULT_EXCLUSIONS,
    ActionKind,
    Contract,
    CoveredSystem,
    SlaPolicy,
    SystemCategory,
)
from domain.scope import action_in_scope, system_covered, work_in_scope

CLIENT = uuid.UUID(int=1)
CONTRACT_A = uuid.UUID(int=10)
CONTRACT_B = uuid.UUID(int=20)
SYS_A1 = uuid.UUID(int=101)
SYS_A2 = uuid.UUID(int=102)
SYS_B1 = uuid.UUID(int=201)
UNKNOWN_SYSTEM = uuid.UUID(int=999)

EXCLUDED_BY_DEFAULT = {
    ActionKind.PLANNED_CHANGE,
    ActionKind.OPTIMISATION,
    ActionKind.PREVENTIVE_WORK,
    ActionKind.ROUTINE_UPGRADE,
}
COVERED_BY_DEFAULT = [k for k in ActionKind if k not in EXCLUDED_BY_DEFAULT]


def contract(
    contract_id: uuid.UUID = CONTRACT_A, exclusions: frozenset[ActionKind] | None = None
) -> Contract:
    if exclusions is None:
        return Contract(
            id=contract_id, client_id=CLIENT, number="EMA-1", policy=SlaPolicy(targets={})
        )
    return Contract(
        id=contract_id,
        client_id=CLIENT,
        number="EMA-1",
        policy=SlaPolicy(targets={}),
        exclusions=exclusions,
    )


def annex() -> list[CoveredSystem]:
    return [
        CoveredSystem(
            id=SYS_A1, contract_id=CONTRACT_A, name="db01", category=SystemCategory.DATABASE
        ),
        CoveredSystem(
            id=SYS_A2, contract_id=CONTRACT_A, name="sw01", category=SystemCategory.NETWORK
        ),
        CoveredSystem(
            id=SYS_B1, contract_id=CONTRACT_B, name="nas", category=SystemCategory.STORAGE
        ),
    ]


def test_default_exclusions_are_the_four_kinds_of_non_emergency_work() -> None:
    assert set(DEFAULT_EXCLUSIONS) == EXCLUDED_BY_DEFAULT
    assert contract().exclusions == EXCLUDED_BY_DEFAULT


@pytest.mark.parametrize("system_id", [SYS_A1, SYS_A2])
def test_system_of_the_contract_is_covered(system_id: uuid.UUID) -> None:
    assert system_covered(contract(), system_id, annex()) is True


def test_no_system_is_not_covered() -> None:
    assert system_covered(contract(), None, annex()) is False


def test_system_of_another_contract_is_not_covered() -> None:
    assert system_covered(contract(CONTRACT_A), SYS_B1, annex()) is False
    assert system_covered(contract(CONTRACT_B), SYS_B1, annex()) is True
    assert system_covered(contract(CONTRACT_B), SYS_A1, annex()) is False


def test_unknown_system_or_empty_annex_is_not_covered() -> None:
    assert system_covered(contract(), UNKNOWN_SYSTEM, annex()) is False
    assert system_covered(contract(), SYS_A1, []) is False


def test_annex_may_be_any_iterable() -> None:
    assert system_covered(contract(), SYS_A2, iter(annex())) is True


@pytest.mark.parametrize("kind", sorted(EXCLUDED_BY_DEFAULT))
def test_default_excluded_actions_are_out_of_scope(kind: ActionKind) -> None:
    assert action_in_scope(contract(), kind) is False


@pytest.mark.parametrize("kind", COVERED_BY_DEFAULT)
def test_other_actions_are_in_scope(kind: ActionKind) -> None:
    assert action_in_scope(contract(), kind) is True


def test_custom_exclusions() -> None:
    # This contract covers preventive work but excludes configuration changes.
    custom = contract(
        exclusions=frozenset({ActionKind.CONFIGURATION_CHANGE, ActionKind.PLANNED_CHANGE})
    )
    assert action_in_scope(custom, ActionKind.PREVENTIVE_WORK) is True
    assert action_in_scope(custom, ActionKind.OPTIMISATION) is True
    assert action_in_scope(custom, ActionKind.CONFIGURATION_CHANGE) is False
    assert action_in_scope(custom, ActionKind.PLANNED_CHANGE) is False
    assert action_in_scope(custom, ActionKind.RESTART) is True


def test_contract_with_no_exclusions_covers_every_kind() -> None:
    everything = contract(exclusions=frozenset())
    assert all(action_in_scope(everything, kind) for kind in ActionKind)


@pytest.mark.parametrize("kind", list(ActionKind))
@pytest.mark.parametrize("covered", [True, False])
def test_work_in_scope_needs_both(kind: ActionKind, covered: bool) -> None:
    expected = covered and kind not in EXCLUDED_BY_DEFAULT
    assert work_in_scope(contract(), covered, kind) is expected


def test_work_in_scope_uses_the_contract_exclusions() -> None:
    custom = contract(exclusions=frozenset({ActionKind.RESTART}))
    assert work_in_scope(custom, True, ActionKind.RESTART) is False
    assert work_in_scope(custom, True, ActionKind.ROUTINE_UPGRADE) is True
    assert work_in_scope(custom, False, ActionKind.ROUTINE_UPGRADE) is False
