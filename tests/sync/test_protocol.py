"""The wire format without a server: records read back exactly, and strictly."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.ids import new_id
from domain.records import (
    ENTRY_TYPES,
    Action,
    ActionKind,
    ActionResult,
    Attachment,
    Channel,
    ClockPause,
    ClockResume,
    Contract,
    DiagnosticNote,
    Entry,
    HardwareSwap,
    Incident,
    PartUsage,
    Priority,
    PriorityChange,
    Reassignment,
    SignaturePoint,
    SignOff,
    SignOffOutcome,
    SlaPolicy,
    SlaTarget,
    Status,
    StatusChange,
    TimeEntry,
    TimeKind,
    Void,
)
from sync.protocol.records import (
    MAX_TEXT,
    InvalidRecord,
    entry_from_plain,
    entry_to_plain,
    from_plain,
    to_plain,
)
from sync.server.pull import Cursor

T = datetime(2026, 3, 2, 8, 0, 0, 123456, tzinfo=UTC)


def _entries() -> list[Entry]:
    common: dict[str, Any] = {"incident_id": new_id(), "recorded_at": T, "author_id": None}
    return [
        DiagnosticNote(id=new_id(), text="日志 / log\n\tline", preformatted=True, **common),
        Attachment(
            id=new_id(),
            note_id=None,
            sha256="a" * 64,
            filename="x.png",
            media_type="image/png",
            size=3,
            **common,
        ),
        Action(
            id=new_id(),
            action_kind=ActionKind.RESTART,
            description="restart",
            result=ActionResult.SUCCEEDED,
            **common,
        ),
        HardwareSwap(
            id=new_id(),
            removed_part="PSU",
            removed_serial="S1",
            installed_part="PSU",
            installed_serial="S2",
            temporary=True,
            **common,
        ),
        PartUsage(id=new_id(), part_id=new_id(), quantity=2, **common),
        TimeEntry(
            id=new_id(),
            time_kind=TimeKind.TRAVEL,
            started_at=T,
            ended_at=T + timedelta(hours=1),
            **common,
        ),
        ClockPause(id=new_id(), reason="waiting for the client", **common),
        ClockResume(id=new_id(), **common),
        StatusChange(
            id=new_id(),
            from_status=Status.NEW,
            to_status=Status.RESPONDED,
            reason="called back",
            **common,
        ),
        PriorityChange(
            id=new_id(),
            from_priority=Priority.P2,
            to_priority=Priority.P1,
            reason="the whole floor is down",
            **common,
        ),
        Reassignment(id=new_id(), from_technician=new_id(), to_technician=None, **common),
        Void(id=new_id(), voided_id=new_id(), reason="typo", **common),
        SignOff(
            id=new_id(),
            outcome=SignOffOutcome.RESOLVED,
            seal="b" * 64,
            seal_format="fieldbook-seal/1",
            sealed_entry_ids=(new_id(), new_id()),
            strokes=((SignaturePoint(1, 2, 0), SignaturePoint(3, 4, 16, 800)),),
            **common,
        ),
    ]


def test_every_entry_kind_reads_back_exactly() -> None:
    entries = _entries()
    assert {e.kind for e in entries} == set(ENTRY_TYPES)  # a new kind needs a line here
    for entry in entries:
        assert entry_from_plain(entry_to_plain(entry)) == entry


def test_reference_records_read_back_exactly() -> None:
    contract = Contract(
        id=new_id(),
        client_id=new_id(),
        number="EMA-1",
        policy=SlaPolicy(
            targets={Priority.P1: SlaTarget(respond=timedelta(minutes=5), resolve=None)},
            pause_allowed=True,
        ),
    )
    assert from_plain(Contract, to_plain(contract)) == contract


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"extra": 1}, "extra"),
        ({"text": None}, "text"),
        ({"text": 5}, "text"),
        ({"recorded_at": "2026-03-02T08:00:00"}, "recorded_at"),
        ({"recorded_at": "not a time"}, "recorded_at"),
        ({"id": "nope"}, "id"),
        ({"preformatted": "yes"}, "preformatted"),
        ({"kind": "sorcery"}, "kind"),
    ],
)
def test_wire_records_are_read_strictly(change: dict[str, Any], where: str) -> None:
    note = DiagnosticNote(
        id=new_id(), incident_id=new_id(), recorded_at=T, author_id=None, text="x"
    )
    with pytest.raises(InvalidRecord) as error:
        entry_from_plain({**entry_to_plain(note), **change})
    assert error.value.field == where


def test_what_strict_pydantic_would_let_through_is_refused() -> None:
    """bench/wire.py: pydantic's strict mode accepts each of these; our reader must not
    (a reader on pydantic would have to add every one of these refusals)."""
    note = entry_to_plain(
        DiagnosticNote(id=new_id(), incident_id=new_id(), recorded_at=T, author_id=None, text="x")
    )
    usage = entry_to_plain(
        PartUsage(
            id=new_id(),
            incident_id=new_id(),
            recorded_at=T,
            author_id=None,
            part_id=new_id(),
            quantity=1,
        )
    )
    cases = [
        ({**note, "recorded_at": "2026-03-02T08:00:00"}, "recorded_at", "time zone"),
        ({**note, "text": "a\x00b"}, "text", "NUL"),
        ({**note, "text": "x" * (MAX_TEXT + 1)}, "text", "longer"),
        ({**note, "text": "\ud800"}, "text", "Unicode"),
        ({**usage, "quantity": 2**53 + 1}, "quantity", "range"),
        ({**usage, "quantity": True}, "quantity", "whole number"),
        ({**usage, "quantity": 1.0}, "quantity", "whole number"),
    ]
    for value, where, problem in cases:
        with pytest.raises(InvalidRecord, match=problem) as error:
            entry_from_plain(value)
        assert error.value.field == where
    # A duration travels as whole seconds, never as an ISO text or a fraction.
    target = {"respond": 300, "resolve": None}
    assert from_plain(SlaTarget, target).respond == timedelta(minutes=5)
    for bad in ("PT5M", 300.0, True):
        with pytest.raises(InvalidRecord, match="whole number of seconds"):
            from_plain(SlaTarget, {**target, "respond": bad})
    # Times are read in UTC whatever offset they were written with.
    later = entry_from_plain({**note, "recorded_at": "2026-03-02T10:00:00+02:00"})
    assert later.recorded_at.utcoffset() == timedelta(0)
    assert later.recorded_at == datetime(2026, 3, 2, 8, tzinfo=UTC)


def test_missing_fields_and_bad_nesting() -> None:
    data = to_plain(
        Incident(
            id=new_id(),
            number="N",
            client_id=new_id(),
            contract_id=new_id(),
            system_id=None,
            system_name="s",
            priority=Priority.P1,
            channel=Channel.PHONE,
            title="t",
            description="",
            notified_at=T,
            status=Status.NEW,
        )
    )
    del data["title"]
    with pytest.raises(InvalidRecord, match="title"):
        from_plain(Incident, data)
    with pytest.raises(InvalidRecord):
        entry_from_plain([1, 2])
    sign_off = entry_to_plain(_entries()[-1])
    sign_off["strokes"] = [[[1, 2, 3, 4, 5]]]
    with pytest.raises(InvalidRecord, match="strokes"):
        entry_from_plain(sign_off)


def test_cursors_decode_only_what_the_server_made() -> None:
    cursor = Cursor("e" * 32, 42, "entry", uuid.UUID(int=7))
    assert Cursor.decode(cursor.encode()) == cursor
    for garbage in ("", "x", "====", "Yw", "🙂", cursor.encode()[:-3], "YzJ8ZXww"):
        assert Cursor.decode(garbage) is None
