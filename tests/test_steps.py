"""Status steps as verbs (one table for the window and the command line), and noticing
what another process recorded."""

from __future__ import annotations

import pytest

from desktop.store.db import Store
from desktop.usecases import notes, queries, steps, watch
from desktop.usecases.errors import EmptyValue, InvalidValue, WrongState
from domain.records import Status
from domain.status import next_states
from tests.conftest import T0, Office, make_incident


def test_every_edge_of_the_status_graph_but_the_sign_off_is_a_step() -> None:
    for source in Status:
        wanted = next_states(source) - {Status.SIGNED_OFF}
        assert {s.target for s in steps.steps_from(source)} == wanted, source


def test_one_main_step_forward_from_each_working_state() -> None:
    assert {s: (m.verb if (m := steps.main_step(s)) else None) for s in Status} == {
        Status.NEW: "respond",
        Status.RESPONDED: "travel",
        Status.TRAVELLING: "arrive",
        Status.ON_SITE: "resolve",
        Status.WAITING_FOR_CLIENT: "back",
        Status.RESOLVED: None,  # the client's sign-off
        Status.SIGNED_OFF: "close",
        Status.CLOSED: None,
        Status.CANCELLED: None,
    }


def test_the_whole_way_by_verbs(store: Store, office: Office) -> None:
    iid = make_incident(store, office, number="INC-9", status=Status.NEW)
    for verb, status in (
        ("respond", Status.RESPONDED),
        ("travel", Status.TRAVELLING),
        ("arrive", Status.ON_SITE),
        ("wait", Status.WAITING_FOR_CLIENT),
        ("back", Status.ON_SITE),
    ):
        steps.take_step(store, "INC-9", verb)
        assert queries.incident_detail(store, iid).incident.status is status
    steps.take_step(store, "INC-9", "resolve", resolution="workaround")
    detail = queries.incident_detail(store, iid)
    assert detail.incident.status is Status.RESOLVED
    assert {e.kind for e in detail.entries} >= {"status", "time"}


def test_a_verb_that_does_not_fit_names_the_possible_ones(store: Store, office: Office) -> None:
    with pytest.raises(WrongState) as err:
        steps.take_step(store, office.incident_number, "travel")
    assert "“travel” is not a next step" in str(err.value)
    assert "possible: wait, resolve, cancel" in str(err.value)
    with pytest.raises(InvalidValue) as bad:
        steps.take_step(store, office.incident_number, "fly")
    assert "respond, travel, arrive" in str(bad.value)


def test_wait_pauses_the_clock_in_the_same_step(store: Store, office: Office) -> None:
    changed = steps.take_step(store, office.incident_number, "wait", pause_reason="DBA 未到场")
    detail = queries.incident_detail(store, office.incident_id)
    assert detail.incident.status is Status.WAITING_FOR_CLIENT
    assert detail.sla.resolution.is_paused
    assert {e.kind for e in detail.entries if e.id in changed.entry_ids} >= {
        "status",
        "clock_pause",
    }
    # Back on site: the clock runs again by itself.
    steps.take_step(store, office.incident_number, "back")
    assert not queries.incident_detail(store, office.incident_id).sla.resolution.is_paused


def test_a_refused_pause_leaves_the_status_alone(store: Store, office: Office) -> None:
    strict = make_incident(
        store,
        office,
        number="INC-S",
        contract_id=office.strict_contract_id,
        system_id=office.other_system_id,
    )
    with pytest.raises(WrongState) as err:
        steps.take_step(store, "INC-S", "wait", pause_reason="no access")
    assert "does not let the SLA clock stop" in str(err.value)
    assert queries.incident_detail(store, strict).incident.status is Status.ON_SITE
    with pytest.raises(EmptyValue):
        steps.take_step(store, office.incident_number, "wait", pause_reason="  ")
    with pytest.raises(InvalidValue):
        steps.take_step(store, office.incident_number, "resolve", pause_reason="x")
    assert queries.incident_detail(store, office.incident_id).incident.status is Status.ON_SITE


def test_changes_since_a_mark(store: Store, office: Office) -> None:
    before = watch.mark(store)
    assert not watch.changes_since(store, before).anything
    changed = notes.add_note(store, office.incident_id, "from another process", now=T0)
    since = watch.changes_since(store, before)
    assert since.incident_ids == {office.incident_id}
    assert since.entry_ids == set(changed.entry_ids)
    assert not since.everything
    assert not watch.changes_since(store, since.mark).anything
