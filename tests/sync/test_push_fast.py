"""The push's fast paths give what the plain ones gave: the canonical JSON and the digest
made once a mutation, the conversion of a run of equal times, the incidents the boards
hear of, each entry read once, and the same refusals for payloads that do not read."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import DateTime, Numeric, Uuid
from sqlalchemy.dialects import postgresql, sqlite

from domain.ids import new_id
from domain.records import Void
from sync.protocol import MutationName, Role
from sync.protocol.messages import Mutation, PushRequest
from sync.protocol.records import entry_from_plain, entry_to_plain
from sync.server import batch, bulk, preload, push, records, stream
from sync.server.auth import Caller
from sync.server.live import incidents_of
from sync.server.models import UTCDateTime
from tests.sync.conftest import T0, World, note

# --- canonical JSON and the digest -------------------------------------------------------

_TEXT = st.text(alphabet=st.characters(codec=None), max_size=12)  # surrogates and NUL too
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)
_PAYLOADS = st.dictionaries(_TEXT, _JSON, max_size=6)


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(_PAYLOADS)
def test_canonical_json_is_the_text_json_dumps_writes(payload: dict[str, Any]) -> None:
    assert records.canonical_json(payload) == _dumps(payload)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), min_size=1, max_size=64), _PAYLOADS)
def test_the_digest_from_the_payload_text_is_the_digest_kept_before(
    name: str, payload: dict[str, Any]
) -> None:
    mutation = Mutation.model_construct(seq=1, name=name, payload=payload)
    before = _dumps({"name": name, "payload": payload})
    expected = hashlib.sha256(before.encode("utf-8", "surrogatepass")).hexdigest()
    assert stream.digest(mutation) == expected
    assert stream.digest(mutation, records.canonical_json(payload)) == expected


# --- a run of equal values converted once ------------------------------------------------

_T = datetime(2026, 12, 8, 1, 2, 3, 456789, tzinfo=UTC)


def _copy(moment: datetime) -> datetime:
    return datetime.fromisoformat(moment.isoformat())  # equal, another object


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "pg"])
@pytest.mark.parametrize("column", [UTCDateTime(), DateTime(timezone=True), DateTime()])
def test_a_run_of_equal_times_is_stored_as_each_alone(dialect: Any, column: Any) -> None:
    convert = column.dialect_impl(dialect).bind_processor(dialect) or str
    east = timezone(timedelta(hours=8))
    values = [
        _T,
        _copy(_T),
        _copy(_T),
        _T.astimezone(east),  # the same moment in another zone: another text for some
        _T.astimezone(east),
        _copy(_T),
        None,
        None,
        _T + timedelta(microseconds=1),
        _T.replace(tzinfo=timezone(timedelta(0))),  # UTC, another tzinfo object
    ]
    assert bulk._converted(values, convert) == [convert(v) for v in values]


def test_values_equal_but_stored_differently_are_converted_each() -> None:
    values: list[Any] = [1, True, 1, Decimal("1.0"), Decimal("1.00"), 0.0, -0.0, "a", "a"]
    assert bulk._converted(values, repr) == [repr(v) for v in values]
    dialect = sqlite.dialect()
    for column in (Numeric(10, 2), Uuid()):
        convert = column.dialect_impl(dialect).bind_processor(dialect)
        assert convert is not None
        same = [uuid.UUID(int=7), uuid.UUID(int=7), uuid.UUID(int=8)]
        if isinstance(column, Numeric):
            same = [Decimal("1.0"), Decimal("1.00"), Decimal("2")]  # type: ignore[list-item]
        assert bulk._converted(same, convert) == [convert(v) for v in same]


# --- the incidents the boards hear of ----------------------------------------------------


def test_the_boards_hear_of_the_incidents_live_names() -> None:
    a, b = new_id(), new_id()
    refs: list[Any] = [
        str(a),
        str(a),
        str(a).upper(),
        "{" + str(b) + "}",
        str(b),
        "not a uuid",
        None,
        12345678901234567890123456789012,  # 32 digits: a UUID as text
        {"x": 1},
        [str(a)],
    ]
    mutations = [
        Mutation(seq=i + 1, name="entry.add", payload={"incident_id": r})
        for i, r in enumerate(refs)
    ]
    mutations.append(Mutation(seq=99, name="incident.create", payload={"id": str(b)}))
    mutations.append(Mutation(seq=100, name="incident.create", payload={}))
    # Each incident once, in the order first named, however often and however written.
    assert incidents_of(mutations) == [a, b, uuid.UUID("12345678901234567890123456789012")]


# --- each entry read once, the same refusals --------------------------------------------


def _caller(world: World) -> Caller:
    return Caller(user_id=world.a_id, username="a", name="A", role=Role.TECHNICIAN)


def _mixed(world: World) -> PushRequest:
    """Entries that read and that do not, sent under every name, in one push."""
    good = [entry_to_plain(note(world.incident_a, f"note {i}")) for i in range(3)]
    bad_id = dict(entry_to_plain(note(world.incident_a)), id="not-a-uuid")
    unknown_key = dict(entry_to_plain(note(world.incident_a)), part_id=str(world.part_id))
    no_incident = dict(entry_to_plain(note(world.incident_a)), incident_id=str(_NOWHERE))
    not_text = dict(entry_to_plain(note(world.incident_a)), incident_id=5)
    others = entry_to_plain(note(world.incident_b))
    payloads: list[tuple[str, dict[str, Any]]] = [
        (MutationName.ENTRY_ADD, good[0]),
        (MutationName.ENTRY_ADD, bad_id),
        (MutationName.ENTRY_ADD, unknown_key),
        (MutationName.INCIDENT_STATUS, good[1]),  # a note sent as a status change
        (MutationName.ENTRY_ADD, no_incident),
        (MutationName.ENTRY_ADD, not_text),
        (MutationName.ENTRY_ADD, others),
        (MutationName.REPORT_SEND, {"id": "x"}),
        ("entry.remove", good[2]),
        (MutationName.ENTRY_ADD, good[2]),
        (MutationName.ENTRY_ADD, good[0]),  # the same entry again, under a new number
    ]
    return PushRequest(
        client_id=uuid.uuid4(),
        mutations=[Mutation(seq=i + 1, name=n, payload=p) for i, (n, p) in enumerate(payloads)],
    )


_NOWHERE = uuid.UUID("01a2534e-307c-7618-b2de-373569b2c74a")


def _answers(world: World, request: PushRequest) -> list[tuple[str, str | None, str | None]]:
    answer = push.push(world.backend.db, _caller(world), request, lambda: datetime.now(UTC))
    return [(r.status.value, r.code.value if r.code else None, r.message) for r in answer.results]


def test_entries_that_do_not_read_are_refused_as_before(world: World) -> None:
    got = _answers(world, _mixed(world))
    assert got[:6] == [
        ("applied", None, None),
        ("rejected", "invalid", "The entry does not read: id: 'not-a-uuid' is not a UUID"),
        ("rejected", "invalid", "The entry does not read: part_id: is not a field of this record"),
        (
            "rejected",
            "invalid",
            "Status changes travel as incident.status, every other entry as entry.add.",
        ),
        ("rejected", "not_found", f"No incident {_NOWHERE} on the server."),
        ("rejected", "invalid", "The entry does not read: incident_id: must be a UUID as text"),
    ]
    assert got[6][:2] == ("rejected", "forbidden")
    assert got[6][2] is not None and "is not assigned to you" in got[6][2]
    assert got[7][:2] == ("rejected", "invalid")
    assert got[7][2] is not None and got[7][2].startswith("The request does not read:")
    assert got[8][:2] == ("rejected", "unknown_mutation")
    assert got[9:] == [("applied", None, None), ("already_applied", None, None)]


def test_a_push_reads_each_entry_once(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[object] = []
    real = entry_from_plain

    def counted(data: object) -> Any:
        reads.append(data)
        return real(data)

    monkeypatch.setattr(batch, "entry_from_plain", counted)
    request = _mixed(world)
    _answers(world, request)
    # Each payload of entry.add or incident.status read once (by the preload, kept for
    # the judge); the three that do not read are read again where they are refused.
    entries = [m.payload for m in request.mutations if m.name in ("entry.add", "incident.status")]
    assert len(reads) == len(entries) + 3
    assert all(any(r is p for r in reads) for p in entries)


# --- the entries a push names, read with one parameter on SQLite ------------------------


def test_the_entries_named_are_read_as_the_listed_ids_read_them(world: World) -> None:
    notes = [note(world.incident_a, f"note {i}") for i in range(4)]
    void = Void(
        id=new_id(),
        incident_id=world.incident_a,
        recorded_at=T0,
        author_id=None,
        voided_id=notes[1].id,
        reason="wrong box",
    )
    sent = [world.a.entry(n) for n in notes] + [world.a.entry(void)]
    assert [r["status"] for r in world.a.push_ok(sent)["results"]] == ["applied"] * 5
    asked = {n.id for n in notes} | {void.id, new_id(), new_id()}
    with world.backend.db.write() as session:
        got = batch.Batch(session, _caller(world), uuid.uuid4(), datetime.now(UTC))
        preload._load_entries(got, asked)
        listed = {"ids": list(asked)}
        known = {
            row.id: batch.Known(row.incident_id, row.kind, row.body, row.author_id)
            for row in session.execute(preload._ENTRIES, listed)
        }
        voided = {v: i for v, i in session.execute(preload._VOIDS, listed) if v is not None}
    assert got.known == known and len(known) == 5
    assert got.voided == voided == {notes[1].id: void.id}
