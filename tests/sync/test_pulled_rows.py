"""A pulled page's entries read straight into their rows (:class:`PulledEntries`) bind
exactly what reading each into its record and inserting the records bound
(``entry_from_plain`` then :func:`mapping.insert_entries`), value for value; and every
entry the old reader refused is refused with the same error.

Every entry kind, and each field of each replaced by awkward values (nulls, wrong types,
upper-case UUIDs, times in other zones or without one, NUL, lone surrogates, text over
the limit, integers past 2^53, missing and unknown fields): either both readers refuse
with the same message or both bind the same rows. The whole tables are compared through
a real sync in ``test_bulk_paths.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy.dialects import sqlite

from desktop.store import mapping
from desktop.syncing import pulled
from desktop.syncing.pulled import PulledEntries
from domain.ids import new_id
from domain.records import (
    ENTRY_TYPES,
    Action,
    ActionKind,
    ActionResult,
    Attachment,
    ClockPause,
    ClockResume,
    DiagnosticNote,
    Entry,
    HardwareSwap,
    PartUsage,
    Priority,
    PriorityChange,
    Reassignment,
    Resolution,
    SignaturePoint,
    SignOff,
    SignOffOutcome,
    Status,
    StatusChange,
    TimeEntry,
    TimeKind,
    Void,
)
from sync.protocol.records import MAX_TEXT, InvalidRecord, entry_from_plain, entry_to_plain

T = datetime(2026, 3, 2, 8, 0, 0, 123456, tzinfo=UTC)
DIALECT = sqlite.dialect()


def _entries() -> list[Entry]:
    iid, author = new_id(), new_id()
    common: dict[str, Any] = {"incident_id": iid, "recorded_at": T, "author_id": author}
    note = DiagnosticNote(id=new_id(), text="日志 / log\n\tline 🚒", preformatted=True, **common)
    return [
        note,
        DiagnosticNote(id=new_id(), text="", **{**common, "author_id": None}),
        Attachment(
            id=new_id(),
            note_id=note.id,
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
            out_of_scope=True,
            **common,
        ),
        HardwareSwap(
            id=new_id(),
            removed_part="PSU",
            removed_serial="S1",
            installed_part="PSU",
            installed_serial="S2",
            temporary=False,
            **common,
        ),
        PartUsage(id=new_id(), part_id=new_id(), quantity=2**53, **common),
        TimeEntry(
            id=new_id(),
            time_kind=TimeKind.TRAVEL,
            started_at=datetime(999, 1, 1, tzinfo=UTC),
            ended_at=T + timedelta(hours=1),
            **common,
        ),
        ClockPause(id=new_id(), reason="waiting for the client", **common),
        ClockResume(id=new_id(), **common),
        StatusChange(
            id=new_id(),
            from_status=Status.ON_SITE,
            to_status=Status.RESOLVED,
            resolution=Resolution.WORKAROUND,
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
        Void(id=new_id(), voided_id=note.id, reason="typo", **common),
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


class _Recorder:
    """A session that keeps what each insert would bind, by table."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[Any, ...]]] = {}

    def flush(self) -> None:
        pass

    def get_bind(self) -> Any:
        return self

    dialect = DIALECT


def _old(datas: Sequence[Any]) -> dict[str, list[tuple[Any, ...]]] | str:
    """The rows ``entry_from_plain`` then ``insert_entries`` bound, or the refusal."""
    try:
        values = [entry_from_plain(d) for d in datas]
    except InvalidRecord as error:
        return f"{error.field}|{error}"
    recorder = _Recorder()

    def write_columns(
        self: mapping.BulkInsert, session: Any, columns: Sequence[Sequence[Any]]
    ) -> None:
        rows = self.column_parameters(columns)
        if rows:
            recorder.rows.setdefault(self.table.name, []).extend(rows)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(mapping.BulkInsert, "write_columns", write_columns)
        mapping.insert_entries(recorder, values)  # type: ignore[arg-type]
    return recorder.rows


def _new(datas: Sequence[Any]) -> dict[str, list[tuple[Any, ...]]] | str:
    entries = PulledEntries(DIALECT)
    try:
        for d in datas:
            entries.add(d)
    except InvalidRecord as error:
        return f"{error.field}|{error}"
    recorder = _Recorder()

    def write_rows(self: mapping.BulkInsert, session: Any, rows: Sequence[tuple[Any, ...]]) -> None:
        if rows:
            recorder.rows.setdefault(self.table.name, []).extend(rows)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(mapping.BulkInsert, "write_rows", write_rows)
        entries.write(recorder)  # type: ignore[arg-type]
    return recorder.rows


def _same(datas: Sequence[Any]) -> dict[str, list[tuple[Any, ...]]] | str:
    old, new = _old(datas), _new(datas)
    assert new == old, datas
    # Twice: what the readers keep of values read lately changes nothing.
    assert _new(datas) == old
    return old


def test_every_kind_binds_what_the_records_bound() -> None:
    datas = [entry_to_plain(e) for e in _entries()]
    assert {d["kind"] for d in datas} == set(ENTRY_TYPES)  # a new kind needs a line
    rows = _same(datas)
    assert isinstance(rows, dict)
    assert len(rows["entries"]) == len(datas)
    assert len(rows["sign_off_entries"]) == 1


def test_the_fast_reader_takes_the_usual_kinds() -> None:
    """Not a behaviour: that the usual entries do not all go the slow way."""
    for entry in _entries():
        reader = pulled._kind_reader(entry.kind, DIALECT)
        if entry.kind == "sign_off":
            assert reader is None  # its strokes and sealed ids: the slow way
            continue
        assert reader is not None, entry.kind
        reader.row(entry_to_plain(entry))


_AWKWARD: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2**53,
    2**53 + 1,
    -(2**53) - 1,
    1.5,
    "",
    "x",
    "x" * (MAX_TEXT + 1),
    "a\x00b",
    "bad \ud800",
    [],
    {},
    ["x"],
    "01234567-89AB-7DEF-8123-456789ABCDEF",
    "{01234567-89ab-7def-8123-456789abcdef}",
    "0123456789ab7def8123456789abcdef",
    "01234567-89ab-7def-8123-456789abcdeg",
    "01234567-89ab-7def-8123-456789abcdef",
    "2026-03-02T08:00:00Z",
    "2026-03-02T08:00:00.5+00:00",
    "2026-03-02T08:00:00+02:00",
    "2026-03-02T08:00:00-23:59",
    "2026-03-02T08:00:00",
    "2026-03-02",
    "2026-W10-1T08:00:00Z",
    "20260302T080000Z",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59.999999-01:00",
    "2026-02-30T08:00:00Z",
    "2026-03-02T08:00:00Z" + " " * 30,
    "restart",
    "RESTART",
    "P1",
    "resolved",
    "workaround",
    "travel",
]


def test_each_field_with_awkward_values_is_read_alike() -> None:
    """Each field of each kind, replaced by each awkward value or taken out, and an
    unknown field added: refused alike, or bound alike."""
    refused = bound = 0
    for entry in _entries():
        good = entry_to_plain(entry)
        variants: list[Any] = [{**good, "extra": 1}, {**good, "kind": 5}, [], None]
        for name in good:
            variants.append({k: v for k, v in good.items() if k != name})
            variants.extend({**good, name: value} for value in _AWKWARD)
        for variant in variants:
            if isinstance(_same([variant]), str):
                refused += 1
            else:
                bound += 1
    assert refused > 1000 and bound > 100


def test_a_refusal_is_the_first_bad_entry_in_page_order() -> None:
    datas = [entry_to_plain(e) for e in _entries()]
    bad_time = {**datas[3], "recorded_at": "2026-03-02T08:00:00"}
    bad_id = {**datas[1], "id": "nope"}
    for page in itertools.permutations([datas[0], bad_time, datas[5], bad_id]):
        _same(list(page))


def test_times_in_other_zones_are_stored_in_utc_as_before() -> None:
    note = entry_to_plain(_entries()[0])
    east = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    rows = _same([{**note, "recorded_at": east.isoformat()}])
    assert isinstance(rows, dict)
    assert rows["entries"][0][3] == "2026-03-02 08:00:00.000000"
