"""The faster canonical form makes exactly the bytes the first implementation made.

``_old_canonical_value`` below is domain/seal.py's conversion as it was before it looked
conversions up by type (kept here verbatim, as the reference). Every signed report in the
field was sealed with it: any difference would make a report stop verifying.
"""

from __future__ import annotations

import dataclasses
import json
import unicodedata
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from enum import Enum, IntEnum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.records import (
    Channel,
    Entry,
    Incident,
    Priority,
    Resolution,
    Status,
)
from domain.seal import SEAL_FORMAT, SEAL_FORMAT_V1, SEAL_FORMATS, canonical_bytes, plain
from tests.domain.seal_vectors import build_entries, build_entries_v1, build_incident


def _old_canonical_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, Enum):
        return _old_canonical_value(value.value)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"cannot seal a time without a time zone: {value!r}")
        utc = value.astimezone(UTC).replace(tzinfo=None)
        return utc.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, timedelta):
        if value % timedelta(seconds=1):
            raise ValueError(f"cannot seal a duration with a fraction of a second: {value}")
        return value // timedelta(seconds=1)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _old_canonical_value(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {str(_old_canonical_value(k)): _old_canonical_value(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(_old_canonical_value(v) for v in value)
    if isinstance(value, list | tuple):
        return [_old_canonical_value(v) for v in value]
    raise TypeError(f"cannot seal a value of type {type(value).__name__}")


def _old_json(value: Any) -> bytes:
    text = json.dumps(
        _old_canonical_value(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return text.encode("utf-8")


def _new_json(value: Any) -> bytes:
    text = json.dumps(plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


# Text from all of Unicode, with decomposed forms that NFC composes.
TEXT = st.text(st.characters(codec="utf-8"), max_size=20) | st.sampled_from(
    ["e\u0301", "\u00e9", "A\u030a", "王磊", "ﬁ", "\u1100\u1161", ""]
)
ZONES = st.builds(
    lambda minutes: timezone(timedelta(minutes=minutes)), st.integers(-14 * 60, 14 * 60)
)
TIMES = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=ZONES | st.just(UTC)
)
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | TEXT
    | st.uuids()
    | TIMES
    | st.builds(timedelta, seconds=st.integers(-(10**9), 10**9))
    | st.sampled_from([*Status, *Priority, *Channel, *Resolution])
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.frozensets(st.integers(), max_size=4)
        | st.frozensets(TEXT, max_size=4)
        | st.dictionaries(TEXT | st.sampled_from(list(Status)), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_any_value_converts_to_the_same_bytes(value: Any) -> None:
    assert _new_json(value) == _old_json(value)


def _varied(record: Any, data: st.DataObject) -> Any:
    """``record`` with each of its text, time, id and enum fields drawn anew."""
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if f.name in ("incident_id", "id", "recorded_at"):
            continue  # kept: they tie entries to the incident and order them
        value = getattr(record, f.name)
        strategy: st.SearchStrategy[Any] | None = None
        if isinstance(value, Enum):
            strategy = st.sampled_from(list(type(value)))
        elif isinstance(value, bool):
            strategy = st.booleans()
        elif isinstance(value, int):
            strategy = st.integers(0, 10**6)
        elif isinstance(value, str):
            strategy = TEXT
        elif isinstance(value, uuid.UUID):
            strategy = st.uuids()
        elif isinstance(value, datetime):
            strategy = TIMES
        if strategy is not None:
            changes[f.name] = data.draw(strategy, label=f"{type(record).__name__}.{f.name}")
    return dataclasses.replace(record, **changes)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_record_seals_to_the_same_bytes(data: st.DataObject) -> None:
    incident: Incident = _varied(build_incident(), data)
    entries: list[Entry] = [_varied(e, data) for e in build_entries()]
    new = canonical_bytes(incident, entries)
    document = json.loads(new)
    ordered = sorted(entries, key=lambda e: (e.recorded_at.astimezone(UTC), e.id))
    old_incident = _old_canonical_value(incident)
    del old_incident["assigned_to"]  # format 2 leaves the assignee out
    old = {
        "format": document["format"],
        "incident": old_incident,
        "entries": [{"kind": e.kind, **_old_canonical_value(e)} for e in ordered],
    }
    text = json.dumps(old, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert new == text.encode("utf-8")


@pytest.mark.parametrize("seal_format", sorted(SEAL_FORMATS))
def test_the_vectors_seal_as_before_in_every_format(seal_format: str) -> None:
    entries = build_entries_v1() if seal_format == SEAL_FORMAT_V1 else build_entries()
    new = canonical_bytes(build_incident(), entries, seal_format)
    assert json.loads(new)["incident"] == {
        k: v
        for k, v in _old_canonical_value(build_incident()).items()
        if seal_format == SEAL_FORMAT_V1 or k != "assigned_to"
    }


@pytest.mark.parametrize(
    "value",
    [datetime(2026, 1, 1), timedelta(milliseconds=1500), object(), Incident, b"bytes"],
)
def test_what_cannot_be_sealed_is_refused_alike(value: Any) -> None:
    with pytest.raises((TypeError, ValueError)) as old:
        _old_canonical_value(value)
    with pytest.raises(old.type, match="cannot seal"):
        plain(value)


class _Text(str):
    """Text of a type of its own: json writes it as text, the seal normalises it."""


class _Number(int):
    """A whole number of a type of its own: json writes it as int writes itself."""

    def __repr__(self) -> str:
        return "not how json writes it"


class _Level(IntEnum):
    LOW = 1


# Any value at all, odd types included (the canonical form is written directly only for
# the common ones; everything else must come out exactly as the documents did).
ANY_VALUE = VALUES | st.sampled_from([_Text("abc"), _Text("e\u0301"), _Number(7), _Level.LOW])


_REFUSED: list[Any] = [datetime(2026, 1, 1), timedelta(milliseconds=1500), object(), b"x", 1.5]


def _anything(record: Any, data: st.DataObject) -> Any:
    """``record`` with every field but the ones that tie and order it drawn from any value."""
    changes = {
        f.name: data.draw(ANY_VALUE, label=f"{type(record).__name__}.{f.name}")
        for f in dataclasses.fields(record)
        if f.name not in ("incident_id", "id", "recorded_at")
    }
    return dataclasses.replace(record, **changes)


def _old_bytes(incident: Incident, entries: list[Entry]) -> bytes:
    ordered = sorted(entries, key=lambda e: (e.recorded_at.astimezone(UTC), e.id))
    old_incident = _old_canonical_value(incident)
    del old_incident["assigned_to"]  # format 2 leaves the assignee out
    old = {
        "format": SEAL_FORMAT,
        "incident": old_incident,
        "entries": [{"kind": e.kind, **_old_canonical_value(e)} for e in ordered],
    }
    text = json.dumps(old, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_a_record_of_any_values_seals_to_the_same_bytes(data: st.DataObject) -> None:
    incident: Incident = _anything(build_incident(), data)
    entries: list[Entry] = [_anything(e, data) for e in build_entries()]
    # Now and then values that cannot be sealed, in one or two places: the same is refused.
    for _ in range(data.draw(st.sampled_from([0, 0, 1, 2]), label="refused values")):
        at = data.draw(st.integers(-1, len(entries) - 1), label="record")
        record: Any = incident if at < 0 else entries[at]
        names = [f.name for f in dataclasses.fields(record)]
        name = data.draw(st.sampled_from([n for n in names if n not in ("incident_id", "id")]))
        value = data.draw(st.sampled_from(_REFUSED), label="refused")
        if name == "recorded_at" and not isinstance(value, datetime):
            continue  # entries are ordered by it before anything is written
        record = dataclasses.replace(record, **{name: value})
        if at < 0:
            incident = record
        else:
            entries[at] = record
    try:
        old = _old_bytes(incident, entries)
    except (TypeError, ValueError) as refused:
        with pytest.raises(type(refused)) as new:
            canonical_bytes(incident, entries)
        assert str(new.value) == str(refused)  # the same value refused first
    else:
        assert canonical_bytes(incident, entries) == old


def test_an_entry_whose_incident_id_is_another_equal_object_seals_alike() -> None:
    incident = build_incident()
    entries = build_entries()
    copied = [dataclasses.replace(e, incident_id=uuid.UUID(str(incident.id))) for e in entries]
    assert canonical_bytes(incident, copied) == canonical_bytes(incident, entries)
    assert canonical_bytes(incident, entries) == _old_bytes(incident, entries)
