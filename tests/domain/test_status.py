"""The incident status graph, checked against a table written out by hand."""

from __future__ import annotations

import itertools

import pytest

from domain.messages import DomainError, Term
from domain.records import STATUS_LABELS, Status
from domain.status import (
    OPEN_STATES,
    SEALED_STATES,
    InvalidTransition,
    check_transition,
    is_allowed,
    next_states,
)

S = Status

# The edges of the graph, written independently of domain/status.py:
#   new → responded → travelling → on site ⇄ waiting for client → resolved
#       → signed off → closed; on site → resolved; responded → on site;
#   resolved → on site; cancelled from every open state.
EXPECTED_EDGES: frozenset[tuple[Status, Status]] = frozenset(
    {
        (S.NEW, S.RESPONDED),
        (S.NEW, S.CANCELLED),
        (S.RESPONDED, S.TRAVELLING),
        (S.RESPONDED, S.ON_SITE),
        (S.RESPONDED, S.CANCELLED),
        (S.TRAVELLING, S.ON_SITE),
        (S.TRAVELLING, S.CANCELLED),
        (S.ON_SITE, S.WAITING_FOR_CLIENT),
        (S.ON_SITE, S.RESOLVED),
        (S.ON_SITE, S.CANCELLED),
        (S.WAITING_FOR_CLIENT, S.ON_SITE),
        (S.WAITING_FOR_CLIENT, S.RESOLVED),
        (S.WAITING_FOR_CLIENT, S.CANCELLED),
        (S.RESOLVED, S.SIGNED_OFF),
        (S.RESOLVED, S.ON_SITE),
        (S.RESOLVED, S.CANCELLED),
        (S.SIGNED_OFF, S.CLOSED),
    }
)

EXPECTED_OPEN = frozenset(
    {S.NEW, S.RESPONDED, S.TRAVELLING, S.ON_SITE, S.WAITING_FOR_CLIENT, S.RESOLVED}
)
EXPECTED_SEALED = frozenset({S.SIGNED_OFF, S.CLOSED})

ALL_PAIRS = list(itertools.product(Status, Status))


def test_status_values_are_the_nine_known_ones() -> None:
    assert {s.value for s in Status} == {
        "new",
        "responded",
        "travelling",
        "on_site",
        "waiting_for_client",
        "resolved",
        "signed_off",
        "closed",
        "cancelled",
    }


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=[f"{a}->{b}" for a, b in ALL_PAIRS])
def test_every_pair_matches_the_expected_table(current: Status, target: Status) -> None:
    expected = (current, target) in EXPECTED_EDGES
    assert is_allowed(current, target) is expected
    assert (target in next_states(current)) is expected
    if expected:
        check_transition(current, target)  # does not raise
    else:
        with pytest.raises(InvalidTransition) as info:
            check_transition(current, target)
        assert info.value.current is current
        assert info.value.target is target


@pytest.mark.parametrize("current", list(Status))
def test_next_states_is_exactly_the_expected_set(current: Status) -> None:
    assert next_states(current) == {b for a, b in EXPECTED_EDGES if a is current}


@pytest.mark.parametrize("current", list(Status))
def test_cancelled_from_every_open_state_and_no_other(current: Status) -> None:
    assert is_allowed(current, S.CANCELLED) is (current in EXPECTED_OPEN)


def test_field_edges_beyond_the_straight_line() -> None:
    assert is_allowed(S.RESPONDED, S.ON_SITE)
    assert is_allowed(S.RESOLVED, S.ON_SITE)
    assert is_allowed(S.ON_SITE, S.WAITING_FOR_CLIENT)
    assert is_allowed(S.WAITING_FOR_CLIENT, S.ON_SITE)


@pytest.mark.parametrize("terminal", [S.CLOSED, S.CANCELLED])
def test_closed_and_cancelled_are_terminal(terminal: Status) -> None:
    assert next_states(terminal) == frozenset()
    for target in Status:
        with pytest.raises(InvalidTransition):
            check_transition(terminal, target)


def test_no_self_loops() -> None:
    for status in Status:
        assert not is_allowed(status, status)


def test_signed_off_is_reached_only_from_resolved() -> None:
    assert {a for a in Status if is_allowed(a, S.SIGNED_OFF)} == {S.RESOLVED}


def test_every_state_reachable_from_new_and_every_path_ends_terminal() -> None:
    seen = {S.NEW}
    frontier = [S.NEW]
    while frontier:
        for nxt in next_states(frontier.pop()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(Status)
    # From every state a terminal state can still be reached.
    for start in Status:
        reach, todo = {start}, [start]
        while todo:
            for nxt in next_states(todo.pop()):
                if nxt not in reach:
                    reach.add(nxt)
                    todo.append(nxt)
        assert reach & {S.CLOSED, S.CANCELLED}


def test_open_and_sealed_states() -> None:
    assert OPEN_STATES == EXPECTED_OPEN
    assert SEALED_STATES == EXPECTED_SEALED
    assert not OPEN_STATES & SEALED_STATES
    assert S.CANCELLED not in OPEN_STATES
    assert S.CANCELLED not in SEALED_STATES


def test_invalid_transition_names_both_labels() -> None:
    with pytest.raises(InvalidTransition) as info:
        check_transition(S.NEW, S.CLOSED)
    text = str(info.value)
    assert "“new”" in text
    assert "“closed”" in text
    assert text.index("new") < text.index("closed")
    assert isinstance(info.value, DomainError)
    assert str(info.value.message) == text
    assert info.value.message.context == "Status"
    # The labels are marked text: each names the context it is translated in.
    assert dict(info.value.message.params) == {
        "current": Term("Status", "new"),
        "target": Term("Status", "closed"),
    }


def test_invalid_transition_uses_labels_not_values() -> None:
    with pytest.raises(InvalidTransition) as info:
        check_transition(S.WAITING_FOR_CLIENT, S.SIGNED_OFF)
    text = str(info.value)
    assert "“waiting for client”" in text
    assert "“signed off”" in text
    assert "waiting_for_client" not in text


def test_every_status_has_a_label() -> None:
    assert set(STATUS_LABELS) == set(Status)
    for status in Status:
        assert status.label == STATUS_LABELS[status]
        assert status.label.replace(" ", "_") == status.value
