"""Sealing: the canonical bytes of an incident with its entries, and their SHA-256."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import subprocess
import sys
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.records import (
    ENTRY_TYPES,
    SEALABLE_ENTRY_TYPES,
    ActionKind,
    DiagnosticNote,
    Entry,
    Incident,
    Priority,
    SignOff,
    SignOffOutcome,
    TimeEntry,
)
from domain.seal import (
    SEAL_FORMAT,
    SEAL_FORMAT_V1,
    Difference,
    canonical_bytes,
    compare_manifests,
    plain,
    seal_hash,
    seal_manifest,
)
from tests.domain.seal_vectors import (
    INCIDENT_ID,
    TECHNICIAN_ID,
    build_entries,
    build_entries_v1,
    build_incident,
)

# The SHA-256 of the fixed vectors in seal_vectors.py, computed once and pasted here.
# If one of these fails, sealed reports already given to clients no longer verify. Only
# if the format is changed on purpose: add a format in domain/seal.py (old seals must
# still be checked with theirs), pin its vector here, and keep every older one.
EXPECTED_SEAL_HASH = "4dded83f02047163f0ef58bcd5c45ecc02d0230c76ab226ef15f5231c9f44a81"
EXPECTED_SEAL_HASH_V1 = "8b182466f88cdce9a4079ba3f17577cbf9cf5e9c3087f768b7dc1074bfbebd91"

# The incident part of the canonical document, byte for byte (format 2: no assignee).
EXPECTED_INCIDENT_JSON = (
    '"incident":{"channel":"phone",'
    '"client_id":"01954f6a-0000-7000-8000-0000000000c1",'
    '"contract_id":"01954f6a-0000-7000-8000-0000000000c2","description":"数据库集群主节点宕机",'
    '"id":"01954f6a-0000-7000-8000-000000000001","notified_at":"2026-03-01T08:00:00.000000Z",'
    '"number":"INC-2026-0042","priority":"P1","resolution":"workaround",'
    '"resolved_at":"2026-03-01T11:20:00.000000Z","responded_at":"2026-03-01T08:03:00.000000Z",'
    '"status":"signed_off","system_id":"01954f6a-0000-7000-8000-0000000000c3",'
    '"system_name":"核心交换机 / Core switch SW-01","title":"Core switch down"}}'
)

SHANGHAI = timezone(timedelta(hours=8))
REPO_ROOT = Path(__file__).resolve().parents[2]


def sealed() -> bytes:
    return canonical_bytes(build_incident(), build_entries())


def to_zone(value: datetime, zone: timezone) -> datetime:
    return value.astimezone(zone)


# --- the fixed vector ---------------------------------------------------------------


def test_vector_has_one_entry_of_every_kind() -> None:
    # Every kind a seal can cover; the sign-off is the seal and never inside one.
    entries = build_entries()
    assert sorted(e.kind for e in entries) == sorted(SEALABLE_ENTRY_TYPES)
    assert len(entries) == len(SEALABLE_ENTRY_TYPES)
    assert sorted(set(ENTRY_TYPES) - set(SEALABLE_ENTRY_TYPES)) == ["sign_off"]


def test_a_sign_off_is_never_part_of_what_it_seals() -> None:
    sign_off = SignOff(
        id=uuid.UUID(int=99),
        incident_id=INCIDENT_ID,
        recorded_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
        author_id=None,
        outcome=SignOffOutcome.RESOLVED,
        seal=EXPECTED_SEAL_HASH,
        seal_format=SEAL_FORMAT,
        sealed_entry_ids=tuple(e.id for e in build_entries()),
    )
    with pytest.raises(ValueError, match="sign_off"):
        canonical_bytes(build_incident(), [*build_entries(), sign_off])


def test_manifest_names_what_differs() -> None:
    incident, entries = build_incident(), build_entries()
    sealed = seal_manifest(incident, entries)
    # Every field but the assignee (format 2 leaves it out), and every entry.
    assert len(sealed) == len(dataclasses.fields(incident)) - 1 + len(entries)
    assert all(len(v) == 16 for v in sealed.values())
    assert compare_manifests(sealed, seal_manifest(incident, entries)) == []
    # The manifest says nothing of the content: no text of the record appears in it.
    assert "Core switch" not in json.dumps(sealed)

    changed_entry: Entry = dataclasses.replace(entries[2], author_id=None)
    extra: Entry = dataclasses.replace(entries[0], id=uuid.UUID(int=5), author_id=None)
    now = seal_manifest(
        dataclasses.replace(incident, title="Something else"),
        [*entries[:2], changed_entry, *entries[4:], extra],
    )
    assert compare_manifests(sealed, now) == [
        Difference("entry", str(uuid.UUID(int=5)), "added"),
        Difference("entry", str(entries[2].id), "changed"),
        Difference("entry", str(entries[3].id), "missing"),
        Difference("incident", "title", "changed"),
    ]


def test_seal_hash_is_the_pinned_vector() -> None:
    data = sealed()
    assert seal_hash(build_incident(), build_entries()) == EXPECTED_SEAL_HASH
    assert hashlib.sha256(data).hexdigest() == EXPECTED_SEAL_HASH


def test_canonical_bytes_structure() -> None:
    data = sealed()
    assert data.startswith(
        b'{"entries":[{"author_id":"01954f6a-0000-7000-8000-0000000000d1",'
        b'"from_technician":"01954f6a-0000-7000-8000-0000000000a2",'
        b'"id":"01954f6a-1000-7000-8000-00000000000b",'
        b'"incident_id":"01954f6a-0000-7000-8000-000000000001","kind":"assignment",'
        b'"reason":"\xe5\x80\xbc\xe7\x8f\xad / on duty",'
        b'"recorded_at":"2026-03-01T08:01:00.000000Z",'
        b'"to_technician":"01954f6a-0000-7000-8000-0000000000a1"},'
    )
    assert data.endswith(EXPECTED_INCIDENT_JSON.encode("utf-8"))
    assert b'],"format":"fieldbook-seal/2","incident":{' in data
    assert SEAL_FORMAT == "fieldbook-seal/2"

    text = data.decode("utf-8")
    # Chinese is written as UTF-8, never as \u escapes.
    assert "数据库集群主节点宕机".encode() in data
    assert "交换机日志.txt".encode() in data
    assert b"\\u" not in data
    # Keys sorted and no insignificant whitespace: re-serialising changes nothing.
    doc = json.loads(text)
    assert list(doc) == ["entries", "format", "incident"]
    assert doc["format"] == SEAL_FORMAT
    redone = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert redone.encode("utf-8") == data
    assert b'": ' not in data and b'", "' not in data
    for obj in [doc["incident"], *doc["entries"]]:
        assert list(obj) == sorted(obj)
    # Entries in recorded order, tagged with their kind.
    assert [e["kind"] for e in doc["entries"]] == [
        "assignment",
        "priority",
        "note",
        "attachment",
        "action",
        "swap",
        "part_usage",
        "time",
        "clock_pause",
        "clock_resume",
        "status",
        "void",
    ]
    # No floating-point numbers anywhere.
    assert not any(isinstance(v, float) for e in doc["entries"] for v in e.values())
    time_entry = doc["entries"][7]
    assert time_entry["started_at"] == "2026-03-01T08:40:00.000000Z"
    assert time_entry["ended_at"] == "2026-03-01T09:02:30.000000Z"
    assert time_entry["time_kind"] == "on_site"
    assert doc["entries"][6]["quantity"] == 2
    assert doc["entries"][3]["size"] == 1234


def test_entry_order_does_not_depend_on_input_order() -> None:
    entries = build_entries()
    expected = canonical_bytes(build_incident(), entries)
    assert canonical_bytes(build_incident(), list(reversed(entries))) == expected
    rng = random.Random(7)
    for _ in range(5):
        shuffled = entries[:]
        rng.shuffle(shuffled)
        assert canonical_bytes(build_incident(), shuffled) == expected
    assert canonical_bytes(build_incident(), iter(entries)) == expected


def test_entries_recorded_at_the_same_time_are_ordered_by_id() -> None:
    when = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    first = DiagnosticNote(
        id=uuid.UUID(int=1), incident_id=INCIDENT_ID, recorded_at=when, author_id=None, text="a"
    )
    second = DiagnosticNote(
        id=uuid.UUID(int=2), incident_id=INCIDENT_ID, recorded_at=when, author_id=None, text="b"
    )
    one = canonical_bytes(build_incident(), [first, second])
    other = canonical_bytes(build_incident(), [second, first])
    assert one == other
    doc = json.loads(one)
    assert [e["text"] for e in doc["entries"]] == ["a", "b"]


def test_time_in_another_zone_hashes_the_same_as_utc() -> None:
    incident = build_incident()
    shifted = dataclasses.replace(
        incident,
        notified_at=to_zone(incident.notified_at, SHANGHAI),
        responded_at=to_zone(incident.notified_at + timedelta(minutes=3), SHANGHAI),
    )
    assert shifted.notified_at.utcoffset() == timedelta(hours=8)
    entries = [
        dataclasses.replace(e, recorded_at=to_zone(e.recorded_at, SHANGHAI))
        for e in build_entries()
    ]
    assert seal_hash(shifted, entries) == EXPECTED_SEAL_HASH
    # A different instant written with the same wall clock digits is a different seal.
    wrong = dataclasses.replace(incident, notified_at=incident.notified_at.replace(tzinfo=SHANGHAI))
    assert seal_hash(wrong, build_entries()) != EXPECTED_SEAL_HASH


def test_nfd_and_nfc_text_hash_the_same() -> None:
    title = "Café Zürich – 数据库集群主节点宕机"
    nfc = unicodedata.normalize("NFC", title)
    nfd = unicodedata.normalize("NFD", title)
    assert nfc != nfd
    a = dataclasses.replace(build_incident(), title=nfc)
    b = dataclasses.replace(build_incident(), title=nfd)
    assert seal_hash(a, build_entries()) == seal_hash(b, build_entries())
    assert nfc.encode() in canonical_bytes(b, build_entries())


@pytest.mark.parametrize("field", ["notified_at", "responded_at", "resolved_at"])
def test_naive_incident_time_is_refused(field: str) -> None:
    value = getattr(build_incident(), field)
    naive = dataclasses.replace(build_incident(), **{field: value.replace(tzinfo=None)})
    with pytest.raises(ValueError, match="time zone"):
        canonical_bytes(naive, build_entries())


def test_naive_entry_time_is_refused() -> None:
    entries = build_entries()
    time_entry = next(e for e in entries if isinstance(e, TimeEntry))
    naive = dataclasses.replace(time_entry, started_at=time_entry.started_at.replace(tzinfo=None))
    with pytest.raises(ValueError, match="time zone"):
        canonical_bytes(build_incident(), [naive])
    note = dataclasses.replace(entries[0], recorded_at=entries[0].recorded_at.replace(tzinfo=None))
    with pytest.raises(ValueError, match="time zone"):
        canonical_bytes(build_incident(), [note])


def test_entry_of_another_incident_is_refused() -> None:
    entries = build_entries()
    stray = dataclasses.replace(entries[3], incident_id=uuid.UUID(int=12345))
    with pytest.raises(ValueError, match="another incident"):
        canonical_bytes(build_incident(), [*entries[:3], stray, *entries[4:]])
    with pytest.raises(ValueError):
        seal_hash(build_incident(), [stray])


def test_adding_or_removing_an_entry_changes_the_hash() -> None:
    entries = build_entries()
    hashes = {seal_hash(build_incident(), entries[:n]) for n in range(len(entries) + 1)}
    assert len(hashes) == len(entries) + 1
    assert seal_hash(build_incident(), entries) == EXPECTED_SEAL_HASH


# --- every single field counts ------------------------------------------------------


def changed(value: Any) -> Any:
    """A value of the same type that differs from ``value``."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, Enum):
        return next(m for m in type(value) if m is not value)
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, uuid.UUID):
        return uuid.UUID(int=value.int ^ 1)
    if isinstance(value, datetime):
        return value + timedelta(microseconds=1)
    raise AssertionError(f"no change defined for {value!r}")


def _field_cases() -> list[tuple[int, str]]:
    # Format 2 leaves out who works on the incident (test_the_assignee_is_not_sealed).
    cases = [(-1, f.name) for f in dataclasses.fields(build_incident()) if f.name != "assigned_to"]
    for index, entry in enumerate(build_entries()):
        cases += [(index, f.name) for f in dataclasses.fields(entry) if f.name != "incident_id"]
    return cases


FIELD_CASES = _field_cases()


def test_vector_fills_every_field() -> None:
    # So that the parametrised test below really changes every field from a value.
    records: list[Incident | Entry] = [build_incident(), *build_entries()]
    for obj in records:
        for f in dataclasses.fields(obj):
            assert getattr(obj, f.name) is not None, (type(obj).__name__, f.name)


@pytest.mark.parametrize(
    ("index", "field"),
    FIELD_CASES,
    ids=[f"{'incident' if i < 0 else build_entries()[i].kind}.{name}" for i, name in FIELD_CASES],
)
def test_any_single_field_change_changes_the_hash(index: int, field: str) -> None:
    incident: Incident = build_incident()
    entries: list[Entry] = build_entries()
    if index < 0:
        incident = dataclasses.replace(incident, **{field: changed(getattr(incident, field))})
        if field == "id":  # the entries move with their incident
            entries = [dataclasses.replace(e, incident_id=incident.id) for e in entries]
    else:
        entry = entries[index]
        entries[index] = dataclasses.replace(entry, **{field: changed(getattr(entry, field))})
    assert seal_hash(incident, entries) != EXPECTED_SEAL_HASH


TEXT = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(a=TEXT, b=TEXT)
def test_text_hashes_alike_exactly_when_nfc_is_equal(a: str, b: str) -> None:
    one = dataclasses.replace(build_incident(), description=a)
    two = dataclasses.replace(build_incident(), description=b)
    same_text = unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)
    assert (seal_hash(one, []) == seal_hash(two, [])) is same_text


@settings(max_examples=200, deadline=None)
@given(
    when=st.datetimes(
        min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
    ),
    offset_minutes=st.integers(-14 * 60, 14 * 60),
)
def test_time_hashes_by_instant_not_by_zone(when: datetime, offset_minutes: int) -> None:
    zone = timezone(timedelta(minutes=offset_minutes))
    a = dataclasses.replace(build_incident(), notified_at=when)
    b = dataclasses.replace(build_incident(), notified_at=when.astimezone(zone))
    assert seal_hash(a, []) == seal_hash(b, [])
    c = dataclasses.replace(build_incident(), notified_at=when + timedelta(microseconds=1))
    assert seal_hash(a, []) != seal_hash(c, [])


# --- plain values -------------------------------------------------------------------


def test_plain_values() -> None:
    assert plain(datetime(2026, 3, 1, 16, 15, tzinfo=SHANGHAI)) == "2026-03-01T08:15:00.000000Z"
    assert plain(datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC)) == "0999-01-02T03:04:05.000006Z"
    assert plain(timedelta(hours=4)) == 14400
    assert plain(Priority.P2) == "P2"
    assert plain(uuid.UUID(int=255)) == "00000000-0000-0000-0000-0000000000ff"
    assert plain(frozenset({ActionKind.PATCH, ActionKind.OTHER})) == ["other", "patch"]
    assert plain({Priority.P1: timedelta(minutes=5)}) == {"P1": 300}
    assert plain((1, None, True)) == [1, None, True]


def test_plain_refuses_what_cannot_be_sealed_exactly() -> None:
    with pytest.raises(TypeError):
        plain(1.5)
    with pytest.raises(ValueError):
        plain(timedelta(seconds=1, microseconds=500))
    with pytest.raises(ValueError):
        plain(datetime(2026, 3, 1, 8, 0))
    with pytest.raises(TypeError):
        plain(object())


# --- the same bytes in another process ----------------------------------------------

_CHILD = """
import json, time
from domain.seal import canonical_bytes, seal_hash
from tests.domain.seal_vectors import build_entries, build_incident
incident, entries = build_incident(), build_entries()
print(json.dumps({
    "hash": seal_hash(incident, list(reversed(entries))),
    "bytes": canonical_bytes(incident, entries).hex(),
    "gmtoff": time.localtime().tm_gmtoff,
}))
"""


@pytest.mark.parametrize("hash_seed", ["1", "4242"])
def test_same_seal_in_another_process_zone_and_hash_seed(hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "TZ": "Asia/Shanghai"}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    out = json.loads(result.stdout)
    assert out["gmtoff"] == 8 * 3600  # the child really ran in Asia/Shanghai
    assert out["hash"] == EXPECTED_SEAL_HASH
    assert bytes.fromhex(out["bytes"]) == sealed()


# --- format 1, still verifiable -------------------------------------------------------


def test_format_1_seals_still_verify() -> None:
    """Reports signed before format 2 keep verifying: the pinned vector, in format 1."""
    assert seal_hash(build_incident(), build_entries_v1(), SEAL_FORMAT_V1) == EXPECTED_SEAL_HASH_V1
    data = canonical_bytes(build_incident(), build_entries_v1(), SEAL_FORMAT_V1)
    assert b'"assigned_to":"01954f6a-0000-7000-8000-0000000000a1"' in data
    assert b'"reason":' not in data.split(b'"kind":"status"')[1].split(b"}")[0]


def test_the_assignee_is_not_sealed_from_format_2_on() -> None:
    """Dispatch may give a signed incident to another technician: the seal holds."""
    incident, entries = build_incident(), build_entries()
    moved = dataclasses.replace(incident, assigned_to=uuid.UUID(int=7))
    assert seal_hash(moved, entries) == EXPECTED_SEAL_HASH
    assert seal_manifest(moved, entries) == seal_manifest(incident, entries)
    old = build_entries_v1()
    assert seal_hash(moved, old, SEAL_FORMAT_V1) != seal_hash(incident, old, SEAL_FORMAT_V1)
    assert incident.assigned_to == TECHNICIAN_ID


def test_format_1_cannot_seal_what_it_did_not_know() -> None:
    incident, entries = build_incident(), build_entries()
    with pytest.raises(ValueError, match="cannot be sealed as fieldbook-seal/1"):
        canonical_bytes(incident, entries, SEAL_FORMAT_V1)
    with_reason = [e for e in entries if e.kind not in ("priority", "assignment")]
    with pytest.raises(ValueError, match=r"status\.reason"):
        canonical_bytes(incident, with_reason, SEAL_FORMAT_V1)


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown seal format"):
        seal_hash(build_incident(), build_entries(), "fieldbook-seal/99")
