"""Use cases against a real store: what they record, what they refuse, and the outbox."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop.store.db import Store
from desktop.store.models import EntryRow, IncidentRow, OutboxRow, OutboxState
from desktop.usecases import clock, incidents, notes, parts, queries, timelog, void, work
from desktop.usecases.common import NOTE_MAX
from desktop.usecases.errors import (
    EmptyValue,
    InvalidValue,
    NotEnoughStock,
    TooLong,
    UnknownRecord,
    WrongState,
)
from domain.records import ActionKind, Priority, Status
from domain.rules import Code, Refused
from domain.sla import Outcome
from sync.protocol import MutationName
from tests.conftest import T0, Office, make_incident


def outbox(store: Store) -> list[OutboxRow]:
    with store.read() as s:
        return list(s.scalars(select(OutboxRow).order_by(OutboxRow.seq)))


def entry_count(store: Store) -> int:
    with store.read() as s:
        return len(s.scalars(select(EntryRow.id)).all())


# --- notes and attachments ----------------------------------------------------------


def test_note_is_recorded_with_its_outbox_row(store: Store, office: Office) -> None:
    changed = notes.add_note(store, office.incident_number, "  ORA-00600 在节点2  ", now=T0)
    detail = queries.incident_detail(store, office.incident_id)
    [note] = detail.entries
    assert note.kind == "note" and note.text == "ORA-00600 在节点2"  # type: ignore[attr-defined]
    assert note.author_id == office.technician_id
    assert changed.incident_ids == {office.incident_id}
    [row] = outbox(store)
    assert row.name == MutationName.ENTRY_ADD and row.entry_id == note.id
    assert row.state is OutboxState.PENDING and row.payload["text"] == "ORA-00600 在节点2"


def test_note_refuses_empty_too_long_and_wrong_type(store: Store, office: Office) -> None:
    with pytest.raises(EmptyValue) as empty:
        notes.add_note(store, office.incident_id, " \n\t ")
    assert empty.value.field == "text" and "cannot be empty" in str(empty.value)
    with pytest.raises(TooLong) as long:
        notes.add_note(store, office.incident_id, "x" * (NOTE_MAX + 1))
    assert str(NOTE_MAX) in str(long.value)
    with pytest.raises(InvalidValue):
        notes.add_note(store, office.incident_id, 42)  # type: ignore[arg-type]
    assert entry_count(store) == 0 and outbox(store) == []


def test_unknown_incident_is_named(store: Store, office: Office) -> None:
    with pytest.raises(UnknownRecord) as err:
        notes.add_note(store, "INC-1999-9", "text")
    assert "INC-1999-9" in str(err.value)
    with pytest.raises(EmptyValue):
        notes.add_note(store, "   ", "text")


def test_incident_found_by_id_or_number_in_any_case(store: Store, office: Office) -> None:
    notes.add_note(store, str(office.incident_id), "by id")
    notes.add_note(store, office.incident_number.lower(), "by number")
    assert entry_count(store) == 2


def test_attachments_are_stored_by_sha256(store: Store, office: Office, tmp_path: Path) -> None:
    log = tmp_path / "alert.log"
    log.write_bytes(b"ORA-00600: internal error\n")
    shot = tmp_path / "screen.png"
    shot.write_bytes(b"\x89PNG fake but bytes are bytes")
    changed = notes.add_note(store, office.incident_id, "see logs", attachments=[log, shot])
    assert len(changed.entry_ids) == 3
    detail = queries.incident_detail(store, office.incident_id)
    files = [e for e in detail.entries if e.kind == "attachment"]
    assert {f.filename for f in files} == {"alert.log", "screen.png"}  # type: ignore[attr-defined]
    for f in files:
        assert f.note_id == changed.entry_ids[0]  # type: ignore[attr-defined]
        assert store.blobs.read(f.sha256) == (tmp_path / f.filename).read_bytes()  # type: ignore[attr-defined]
    png = next(f for f in files if f.filename == "screen.png")  # type: ignore[attr-defined]
    assert png.media_type == "image/png"  # type: ignore[attr-defined]
    # The same bytes twice are stored once.
    notes.attach(store, office.incident_id, [log])
    assert len(list(store.blobs.root.glob("*/*"))) == 2


def test_attach_refuses_missing_empty_and_directories(
    store: Store, office: Office, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.touch()
    for bad, words in (
        (tmp_path / "nope.txt", "does not exist"),
        (empty, "is empty"),
        (tmp_path, "is not a file"),
    ):
        with pytest.raises(InvalidValue) as err:
            notes.attach(store, office.incident_id, [bad])
        assert words in str(err.value)
    with pytest.raises(EmptyValue):
        notes.attach(store, office.incident_id, [])
    assert entry_count(store) == 0


def test_note_with_only_attachments_is_fine(store: Store, office: Office, tmp_path: Path) -> None:
    f = tmp_path / "photo.jpg"
    f.write_bytes(b"jpeg")
    notes.add_note(store, office.incident_id, "", attachments=[f])
    assert entry_count(store) == 2


# --- actions and swaps --------------------------------------------------------------


def test_action_of_excluded_kind_is_out_of_scope(store: Store, office: Office) -> None:
    work.record_action(
        store, office.incident_id, kind="restart", description="重启节点2", result="succeeded"
    )
    work.record_action(
        store,
        office.incident_id,
        kind=ActionKind.ROUTINE_UPGRADE,
        description="顺便升级固件",
        result="succeeded",
    )
    actions = [e for e in queries.incident_detail(store, office.incident_id).entries]
    assert [a.out_of_scope for a in actions] == [False, True]  # type: ignore[attr-defined]


def test_any_action_on_an_uncovered_system_is_out_of_scope(store: Store, office: Office) -> None:
    # other_system_id is in the Annex 1 of another contract: not covered by this one.
    iid = make_incident(store, office, number="INC-X", system_id=office.other_system_id)
    work.record_action(store, iid, kind="restart", description="reboot", result="failed")
    [action] = queries.incident_detail(store, iid).entries
    assert action.out_of_scope  # type: ignore[attr-defined]
    assert not queries.incident_detail(store, iid).covered


def test_action_refuses_unknown_kind(store: Store, office: Office) -> None:
    with pytest.raises(InvalidValue) as err:
        work.record_action(
            store, office.incident_id, kind="magic", description="x", result="succeeded"
        )
    assert "magic" in str(err.value) and err.value.field == "kind"


def test_swap_keeps_serials_and_refuses_the_same_serial(store: Store, office: Office) -> None:
    work.record_swap(
        store,
        office.incident_id,
        removed_part="32GB DIMM",
        removed_serial="  S1AB23\n",
        installed_part="32GB DIMM",
        installed_serial="S9ZZ99",
        temporary=True,
    )
    [swap] = queries.incident_detail(store, office.incident_id).entries
    assert (swap.removed_serial, swap.installed_serial, swap.temporary) == (  # type: ignore[attr-defined]
        "S1AB23",
        "S9ZZ99",
        True,
    )
    with pytest.raises(InvalidValue) as err:
        work.record_swap(
            store,
            office.incident_id,
            removed_part="a",
            removed_serial="X1A",
            installed_part="b",
            installed_serial="x1a",
            temporary=False,
        )
    assert err.value.field == "installed_serial"
    with pytest.raises(InvalidValue) as err:
        work.record_swap(
            store,
            office.incident_id,
            removed_part="a",
            removed_serial="X" * 65,
            installed_part="b",
            installed_serial="Y12",
            temporary=False,
        )
    assert err.value.field == "removed_serial" and "3 to 64 characters" in str(err.value)
    with pytest.raises(InvalidValue):
        work.record_swap(
            store,
            office.incident_id,
            removed_part="a",
            removed_serial="X12",
            installed_part="b",
            installed_serial="Y12",
            temporary="yes",  # type: ignore[arg-type]
        )


# --- parts --------------------------------------------------------------------------


def test_stock_is_server_figure_minus_unsynced_uses(store: Store, office: Office) -> None:
    parts.use_parts(store, office.incident_id, "dimm-32g-ddr4", 2)
    [line] = [x for x in parts.stock(store) if x.part_id == office.part_id]
    assert (line.on_hand, line.unsynced, line.available) == (3, 2, 1)
    with pytest.raises(NotEnoughStock) as err:
        parts.use_parts(store, office.incident_id, office.part_id, 2)
    assert "Only 1 of DIMM-32G-DDR4" in str(err.value) and err.value.field == "quantity"
    with pytest.raises(NotEnoughStock):
        parts.use_parts(store, office.incident_id, "PSU-1100W", 1)


def test_synced_use_no_longer_counts_and_a_void_gives_it_back(store: Store, office: Office) -> None:
    changed = parts.use_parts(store, office.incident_id, office.part_id, 2)
    with store.write() as s:  # the central service acknowledged it and counted it
        s.execute(text("UPDATE outbox SET state='applied'"))
        s.execute(text("UPDATE van_stock SET on_hand = 1"))
    [line] = [x for x in parts.stock(store) if x.part_id == office.part_id]
    assert line.available == 1
    void.void_entry(store, changed.entry_ids[0], "wrong incident")
    [line] = [x for x in parts.stock(store) if x.part_id == office.part_id]
    assert (line.unsynced, line.available) == (-2, 3)


def test_voided_unsynced_use_is_not_counted(store: Store, office: Office) -> None:
    changed = parts.use_parts(store, office.incident_id, office.part_id, 3)
    void.void_entry(store, changed.entry_ids[0], "typo")
    [line] = [x for x in parts.stock(store) if x.part_id == office.part_id]
    assert line.available == 3


@pytest.mark.parametrize("qty", [0, -1, 1001, 1.5, "2", True])
def test_quantity_must_be_a_sane_whole_number(store: Store, office: Office, qty: object) -> None:
    with pytest.raises(InvalidValue):
        parts.use_parts(store, office.incident_id, office.part_id, qty)  # type: ignore[arg-type]


def test_unknown_part(store: Store, office: Office) -> None:
    with pytest.raises(UnknownRecord):
        parts.use_parts(store, office.incident_id, "NOPE-1", 1)


# --- status -------------------------------------------------------------------------


def test_status_path_logs_time_by_itself(store: Store, office: Office) -> None:
    iid = make_incident(store, office, number="INC-T", status=Status.NEW)
    incidents.change_status(store, iid, Status.RESPONDED, now=T0 + timedelta(minutes=4))
    incidents.change_status(store, iid, "travelling", now=T0 + timedelta(minutes=10))
    incidents.change_status(store, iid, Status.ON_SITE, now=T0 + timedelta(minutes=50))
    incidents.change_status(
        store, iid, Status.RESOLVED, resolution="workaround", now=T0 + timedelta(hours=3)
    )
    detail = queries.incident_detail(store, iid, now=T0 + timedelta(hours=5))
    times = [(e.time_kind.value, e.duration) for e in detail.entries if e.kind == "time"]  # type: ignore[attr-defined]
    assert times == [("travel", timedelta(minutes=40)), ("on_site", timedelta(minutes=130))]
    assert detail.incident.responded_at == T0 + timedelta(minutes=4)
    assert detail.incident.resolution and detail.incident.resolution.value == "workaround"
    assert detail.sla.response.outcome is Outcome.MET
    assert detail.sla.resolution.outcome is Outcome.MET
    names = [r.name for r in outbox(store)]
    assert names.count(MutationName.INCIDENT_STATUS) == 4


def test_invalid_transition_names_both_states(store: Store, office: Office) -> None:
    with pytest.raises(Refused) as err:
        incidents.change_status(store, office.incident_id, Status.TRAVELLING)
    assert err.value.code is Code.INVALID_TRANSITION and err.value.field == "status"
    assert "on site" in str(err.value) and "travelling" in str(err.value)
    with pytest.raises(Refused) as err:
        incidents.change_status(store, office.incident_id, Status.SIGNED_OFF)
    assert err.value.code is Code.INVALID_TRANSITION
    with pytest.raises(Refused) as err:
        incidents.change_status(store, office.incident_id, Status.RESOLVED)  # no outcome
    assert err.value.code is Code.INVALID and err.value.field == "resolution"
    with pytest.raises(Refused) as err:
        incidents.change_status(
            store, office.incident_id, Status.WAITING_FOR_CLIENT, resolution="fixed"
        )
    assert err.value.code is Code.INVALID and err.value.field == "resolution"
    with pytest.raises(InvalidValue):
        incidents.change_status(store, office.incident_id, "teleported")
    assert outbox(store) == []
    incidents.change_status(store, office.incident_id, Status.RESOLVED, resolution="fixed")
    with pytest.raises(Refused) as err:  # the client's signature signs off, nothing else
        incidents.change_status(store, office.incident_id, Status.SIGNED_OFF)
    assert err.value.code is Code.INVALID and "signature" in str(err.value)


def test_reopening_a_resolved_incident_restarts_its_clock(store: Store, office: Office) -> None:
    incidents.change_status(
        store, office.incident_id, Status.RESOLVED, resolution="fixed", now=T0 + timedelta(hours=1)
    )
    incidents.change_status(store, office.incident_id, Status.ON_SITE, now=T0 + timedelta(hours=2))
    detail = queries.incident_detail(store, office.incident_id, now=T0 + timedelta(hours=5))
    assert detail.incident.resolved_at is None and detail.incident.resolution is None
    assert detail.sla.resolution.outcome is Outcome.MISSED  # 5 h > 4 h and still open


def test_closed_and_cancelled_incidents_refuse_work(store: Store, office: Office) -> None:
    sealed = make_incident(store, office, number="INC-S", status=Status.SIGNED_OFF)
    notes.add_note(store, sealed, "late")  # after a sign-off, work is an addendum
    incidents.change_status(store, sealed, Status.CLOSED)  # closing is not a change of work
    with pytest.raises(Refused) as err:
        notes.add_note(store, sealed, "later still")
    assert err.value.code is Code.SEALED and "closed" in str(err.value)
    with pytest.raises(Refused):
        work.record_action(store, sealed, kind="restart", description="x", result="failed")
    incidents.change_status(store, office.incident_id, Status.CANCELLED)
    with pytest.raises(Refused) as err:
        parts.use_parts(store, office.incident_id, office.part_id, 1)
    assert err.value.code is Code.CONFLICT and "cancelled" in str(err.value)


def test_open_on_site_creates_a_walk_up_incident(store: Store, office: Office) -> None:
    changed = incidents.open_on_site(
        store,
        contract="EMA-2026-001",
        title="打印服务器无法访问",
        priority="P2",
        system_name="HP 打印服务器 (not in Annex 1)",
        now=T0,
    )
    [iid] = changed.incident_ids
    detail = queries.incident_detail(store, iid, now=T0 + timedelta(minutes=1))
    assert detail.incident.status is Status.ON_SITE and detail.incident.number.startswith("W-")
    assert not detail.covered and detail.incident.priority is Priority.P2
    assert detail.sla.response.outcome is Outcome.MET
    assert [r.name for r in outbox(store)] == [
        MutationName.INCIDENT_CREATE,
        MutationName.INCIDENT_STATUS,
        MutationName.INCIDENT_STATUS,
    ]
    second = incidents.open_on_site(
        store, contract=office.contract_id, title="t", priority="P3", system_id=office.system_id
    )
    [iid2] = second.incident_ids
    assert queries.incident_detail(store, iid2).covered
    with pytest.raises(UnknownRecord):
        incidents.open_on_site(store, contract="EMA-404", title="t", priority="P1", system_name="x")
    with pytest.raises(UnknownRecord):  # a system of another contract
        incidents.open_on_site(
            store,
            contract=office.contract_id,
            title="t",
            priority="P1",
            system_id=office.other_system_id,
        )
    with pytest.raises(EmptyValue):
        incidents.open_on_site(
            store, contract=office.contract_id, title=" ", priority="P1", system_name="x"
        )
    with pytest.raises(InvalidValue):
        incidents.open_on_site(
            store, contract=office.contract_id, title="t", priority="P9", system_name="x"
        )


# --- clock, time, void --------------------------------------------------------------


def test_pause_and_resume_move_the_resolution_deadline(store: Store, office: Office) -> None:
    incidents.change_status(
        store, office.incident_id, Status.WAITING_FOR_CLIENT, now=T0 + timedelta(minutes=30)
    )
    clock.pause_clock(
        store, office.incident_id, "客户DBA未到场，无法获取sys密码", now=T0 + timedelta(minutes=30)
    )
    with pytest.raises(WrongState):
        clock.pause_clock(store, office.incident_id, "again")
    paused = queries.incident_detail(store, office.incident_id, now=T0 + timedelta(hours=1))
    assert paused.sla.resolution.is_paused
    # Coming back on site resumes the clock by itself.
    incidents.change_status(
        store, office.incident_id, Status.ON_SITE, now=T0 + timedelta(minutes=90)
    )
    detail = queries.incident_detail(store, office.incident_id, now=T0 + timedelta(hours=2))
    assert not detail.sla.resolution.is_paused
    assert detail.sla.resolution.due_at == T0 + timedelta(hours=5)  # 4 h + 1 h paused
    with pytest.raises(WrongState):
        clock.resume_clock(store, office.incident_id)


def test_pause_refused_when_the_contract_does_not_allow_it(store: Store, office: Office) -> None:
    iid = make_incident(
        store,
        office,
        number="INC-P",
        contract_id=office.strict_contract_id,
        system_id=office.other_system_id,
    )
    with pytest.raises(Refused) as err:
        clock.pause_clock(store, iid, "waiting")
    assert err.value.code is Code.INVALID and "does not let the SLA clock stop" in str(err.value)
    with pytest.raises(EmptyValue):
        clock.pause_clock(store, office.incident_id, "")


def test_log_time_checks_its_span(store: Store, office: Office) -> None:
    timelog.log_time(
        store, office.incident_id, kind="travel", started_at=T0, ended_at=T0 + timedelta(minutes=45)
    )
    with pytest.raises(InvalidValue):
        timelog.log_time(store, office.incident_id, kind="travel", started_at=T0, ended_at=T0)
    with pytest.raises(InvalidValue):
        timelog.log_time(
            store,
            office.incident_id,
            kind="travel",
            started_at=T0,
            ended_at=T0 + timedelta(hours=25),
        )
    with pytest.raises(InvalidValue):
        timelog.log_time(
            store,
            office.incident_id,
            kind="travel",
            started_at=T0.replace(tzinfo=None),
            ended_at=T0 + timedelta(hours=1),
        )
    with pytest.raises(InvalidValue):
        timelog.log_time(
            store, office.incident_id, kind="lunch", started_at=T0, ended_at=T0 + timedelta(hours=1)
        )
    assert entry_count(store) == 1


def test_void_keeps_history_and_refuses_twice(store: Store, office: Office) -> None:
    changed = notes.add_note(store, office.incident_id, "wrong node")
    note_id = changed.entry_ids[0]
    void.void_entry(store, note_id, "写错节点了")
    detail = queries.incident_detail(store, office.incident_id)
    assert note_id in detail.voided and len(detail.entries) == 2
    with pytest.raises(Refused) as err:
        void.void_entry(store, note_id, "again")
    assert err.value.code is Code.CONFLICT
    void_id = next(e.id for e in detail.entries if e.kind == "void")
    with pytest.raises(Refused) as err:
        void.void_entry(store, void_id, "undo the undo")
    assert err.value.code is Code.INVALID
    with pytest.raises(UnknownRecord):
        void.void_entry(store, uuid.uuid4(), "nothing")
    with pytest.raises(UnknownRecord):
        void.void_entry(store, "not-an-id", "nothing")
    with pytest.raises(EmptyValue):
        void.void_entry(store, note_id, "  ")


def test_status_changes_cannot_be_voided(store: Store, office: Office) -> None:
    changed = incidents.change_status(store, office.incident_id, Status.WAITING_FOR_CLIENT)
    with pytest.raises(Refused) as err:
        void.void_entry(store, changed.entry_ids[-1], "oops")
    assert err.value.code is Code.INVALID


# --- the store itself ---------------------------------------------------------------


def test_entries_are_append_only_in_the_database(store: Store, office: Office) -> None:
    notes.add_note(store, office.incident_id, "fact")
    for statement in (
        "UPDATE note_entries SET text='edited'",
        "DELETE FROM note_entries",
        "UPDATE entries SET recorded_at='2000-01-01 00:00:00.000000'",
        "DELETE FROM entries",
    ):
        with pytest.raises(Exception, match="append-only"), store.write() as s:
            s.execute(text(statement))
    [note] = queries.incident_detail(store, office.incident_id).entries
    assert note.text == "fact"  # type: ignore[attr-defined]


def test_failed_use_case_leaves_no_outbox_row(store: Store, office: Office) -> None:
    with pytest.raises(NotEnoughStock):
        parts.use_parts(store, office.incident_id, office.part_id, 4)
    assert outbox(store) == [] and entry_count(store) == 0


def test_outbox_numbers_only_grow(store: Store, office: Office) -> None:
    for i in range(3):
        notes.add_note(store, office.incident_id, f"n{i}")
    with store.write() as s:
        s.execute(text("DELETE FROM outbox WHERE seq = (SELECT max(seq) FROM outbox)"))
    notes.add_note(store, office.incident_id, "after delete")
    assert [r.seq for r in outbox(store)] == [1, 2, 4]


def test_incident_list_puts_the_most_urgent_first(store: Store, office: Office) -> None:
    make_incident(store, office, number="INC-LATE", notified_at=T0 - timedelta(hours=5))
    make_incident(store, office, number="INC-DONE", status=Status.CLOSED)
    rows = queries.list_incidents(store, now=T0 + timedelta(hours=1))
    assert [r.incident.number for r in rows] == ["INC-LATE", "INC-2026-000001", "INC-DONE"]
    assert rows[0].sla.current.outcome is Outcome.MISSED
    open_rows = queries.list_incidents(store, now=T0, open_only=True)
    assert "INC-DONE" not in {r.incident.number for r in open_rows}


def test_status_summary_counts(store: Store, office: Office) -> None:
    notes.add_note(store, office.incident_id, "n")
    summary = queries.status_summary(store)
    assert summary["counts"]["incidents"] == 1 and summary["counts"]["note"] == 1
    assert summary["outbox"] == {"pending": 1, "rejected": 0, "applied": 0}
    assert summary["schema_revision"] == summary["schema_head"]


def test_busiest_open_incident_is_the_p1_on_site_with_most_entries(
    store: Store, office: Office
) -> None:
    """The screen the screenshots show (ui/screenshots.py asks desktop, writes no SQL)."""
    assert queries.busiest_open_incident(store) == ""  # nothing recorded yet
    quiet = make_incident(store, office, number="INC-QUIET")
    p2 = make_incident(store, office, number="INC-P2", priority=Priority.P2)
    notes.add_note(store, quiet, "one")
    for _ in range(3):
        notes.add_note(store, office.incident_id, "busy")
        notes.add_note(store, p2, "busier, but a P2")
    assert queries.busiest_open_incident(store) == office.incident_number


def test_incident_row_updated_at_moves(store: Store, office: Office) -> None:
    notes.add_note(store, office.incident_id, "n", now=T0 + timedelta(hours=2))
    with store.read() as s:
        row = s.get(IncidentRow, office.incident_id)
        assert row is not None and row.updated_at == T0 + timedelta(hours=2)
