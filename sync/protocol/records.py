"""Records on the wire: the JSON made by :func:`domain.seal.plain`, read back.

Both ends send domain values as ``plain(value)`` (entries as ``{"kind": ..., **plain(e)}``),
the same bytes the seal hashes. :func:`from_plain` is the strict inverse: unknown fields,
missing fields, wrong types, naive times and unknown enum values are refused with
:class:`InvalidRecord`, naming the field. New entry kinds in ``domain.records``
travel without any change here.

Why not pydantic's strict ``TypeAdapter`` (``bench/wire.py``): on a page of 10,000
entries it is about twice as fast as this reader, but its strict mode lets through naive
times, NUL characters, text over :data:`MAX_TEXT` and integers beyond 2^53; with those
refusals added and the values made the domain's dataclasses it is no faster than this
reader. ``tests/sync/test_protocol.py`` pins each refusal.
"""

from __future__ import annotations

import dataclasses
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum, StrEnum
from functools import cache
from typing import Any, TypeVar, Union

from domain.records import ENTRY_TYPES, Entry
from domain.seal import plain

T = TypeVar("T")

#: Longest text field accepted in any record (a pasted log is the longest honest one).
MAX_TEXT = 200_000


class MutationName(StrEnum):
    """What a laptop's outbox row asks the server to do (``Mutation.name``)."""

    INCIDENT_CREATE = "incident.create"  # payload: plain(Incident), opened on site
    INCIDENT_STATUS = "incident.status"  # payload: {"kind": "status", **plain(StatusChange)}
    ENTRY_ADD = "entry.add"  # payload: {"kind": entry.kind, **plain(entry)}
    #: payload: plain(ReportSend); the service renders the report and e-mails it (v4).
    REPORT_SEND = "report.send"


#: What a laptop sends in place of a change the technician let go, when it must send
#: again numbers the service forgot: not a :class:`MutationName`, so always refused, which
#: uses the number up and applies nothing.
DISCARDED_MUTATION = "fieldbook.discarded"


@dataclass(frozen=True, slots=True, kw_only=True)
class VanStock:
    """The service's count of one part in the signed-in technician's van."""

    part_id: uuid.UUID
    on_hand: int
    as_of: datetime  # the server's clock


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportSend:
    """A technician's request to e-mail an incident's report to the client. ``id`` is
    made on the laptop: the request is one, whatever number it is pushed under."""

    id: uuid.UUID
    incident_id: uuid.UUID
    address: str  # checked by domain.mail.check_address on both ends
    language: str  # "en" or "zh": the report's, the message's
    brief: bool = False
    requested_at: datetime  # the laptop's clock: display only


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportDelivery:
    """How a :class:`ReportSend` went, as the service tells the technician who asked
    (``RecordKind.DELIVERY``): sent, or still being tried and why."""

    id: uuid.UUID
    incident_id: uuid.UUID
    address: str
    requested_at: datetime
    sent_at: datetime | None = None  # the service's clock, when the mail server took it
    attempts: int = 0
    last_error: str | None = None  # the latest failed attempt's reason, while unsent


class InvalidRecord(ValueError):
    """A record on the wire does not read as its domain type; ``field`` says where."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem


def to_plain(value: Any) -> Any:
    """``value`` as wire JSON (exactly :func:`domain.seal.plain`)."""
    return plain(value)


def entry_to_plain(entry: Entry) -> dict[str, Any]:
    """An entry as the outbox and the pull carry it: its kind, then its fields."""
    return {"kind": entry.kind, **plain(entry)}


def entry_from_plain(data: object) -> Entry:
    """Read an entry: ``data["kind"]`` picks the domain type."""
    if not isinstance(data, Mapping):
        raise InvalidRecord("", "an entry must be a JSON object")
    kind = data.get("kind")
    cls = ENTRY_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(sorted(ENTRY_TYPES))
        raise InvalidRecord("kind", f"unknown entry kind {kind!r} (known: {known})")
    reader = _entry_reader(kind)
    return typing.cast(Entry, reader(data if isinstance(data, dict) else dict(data), ""))


@cache
def _entry_reader(kind: str) -> Reader:
    """The reader of entries of ``kind`` that passes over the ``kind`` key beside their
    fields (no copy of each entry without it)."""
    return _dataclass_reader(ENTRY_TYPES[kind], also=frozenset({"kind"}))


def from_plain(cls: type[T], data: object) -> T:
    """Read ``data`` (wire JSON) as the frozen dataclass ``cls``."""
    reader: Reader = _reader(typing.cast(Any, cls))
    return typing.cast(T, reader(data, ""))


#: Reads one wire value at a path (for messages) into its domain type.
Reader = Callable[[object, str], Any]


def _where(path: str, name: str | int) -> str:
    return f"{path}.{name}" if path else str(name)


@cache
def _reader(tp: Any) -> Reader:
    """A reader for ``tp``, built once per type: the push path reads thousands a second."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:  # pragma: no cover - the domain has no such fields
            raise TypeError(f"cannot read a union of {options}")
        inner = _reader(options[0])
        nullable = type(None) in args

        def read_optional(value: object, path: str) -> Any:
            if value is None:
                if nullable:
                    return None
                raise InvalidRecord(path, "must not be null")
            return inner(value, path)

        return read_optional
    if origin in (frozenset, set, list, tuple):
        item = _reader(typing.get_args(tp)[0])
        make: Callable[[list[Any]], Any] = frozenset if origin in (frozenset, set) else origin

        def read_sequence(value: object, path: str) -> Any:
            if not isinstance(value, list):
                raise InvalidRecord(path, "must be a list")
            return make([item(v, _where(path, i)) for i, v in enumerate(value)])

        return read_sequence
    if origin in (Mapping, dict):
        key_type, value_type = typing.get_args(tp)
        read_key, read_value = _reader(key_type), _reader(value_type)

        def read_mapping(value: object, path: str) -> Any:
            if not isinstance(value, dict):
                raise InvalidRecord(path, "must be an object")
            return {
                read_key(k, _where(path, k)): read_value(v, _where(path, k))
                for k, v in value.items()
            }

        return read_mapping
    if origin is not None:  # pragma: no cover
        raise TypeError(f"cannot read {tp}")
    simple = _SIMPLE.get(tp)
    if simple is not None:
        return simple
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _enum_reader(tp)
    if isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, "_fields"):
        return _named_tuple_reader(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_reader(tp)
    raise TypeError(f"cannot read {tp}")  # pragma: no cover


def _not_null(value: object, path: str) -> None:
    if value is None:
        raise InvalidRecord(path, "must not be null")


def _read_bool(value: object, path: str) -> bool:
    _not_null(value, path)
    if not isinstance(value, bool):
        raise InvalidRecord(path, "must be true or false")
    return value


def _read_int(value: object, path: str) -> int:
    _not_null(value, path)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRecord(path, "must be a whole number")
    if abs(value) > 2**53:
        raise InvalidRecord(path, "is out of range")
    return value


def _read_str(value: object, path: str) -> str:
    _not_null(value, path)
    if not isinstance(value, str):
        raise InvalidRecord(path, "must be text")
    if len(value) > MAX_TEXT:
        raise InvalidRecord(path, f"is longer than {MAX_TEXT} characters")
    if "\x00" in value:
        raise InvalidRecord(path, "must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800"): no database can store it
        raise InvalidRecord(path, "is not valid Unicode text") from None
    return value


def _read_uuid(value: object, path: str) -> uuid.UUID:
    _not_null(value, path)
    if not isinstance(value, str):
        raise InvalidRecord(path, "must be a UUID as text")
    # A page's entries share their incident and author: each such text is read once.
    known = _UUIDS.get(value)
    if known is not None:
        return known
    try:
        read = uuid.UUID(value)
    except ValueError:
        raise InvalidRecord(path, f"{value[:60]!r} is not a UUID") from None
    if len(_UUIDS) >= _UUIDS_KEPT:
        _UUIDS.clear()
    _UUIDS[value] = read
    return read


#: UUIDs read lately, by their text (UUIDs are immutable: one object serves them all).
_UUIDS: dict[str, uuid.UUID] = {}
_UUIDS_KEPT = 4096


def _read_datetime(value: object, path: str) -> datetime:
    _not_null(value, path)
    if not isinstance(value, str) or len(value) > 40:
        raise InvalidRecord(path, "must be an ISO 8601 time as text")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidRecord(path, f"{value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidRecord(path, "must carry a time zone (UTC: a final Z)")
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise InvalidRecord(path, "is out of range") from None


def _read_timedelta(value: object, path: str) -> timedelta:
    _not_null(value, path)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRecord(path, "must be a whole number of seconds")
    try:
        return timedelta(seconds=value)
    except OverflowError:
        raise InvalidRecord(path, "is out of range") from None


_SIMPLE: dict[Any, Reader] = {
    bool: _read_bool,
    int: _read_int,
    str: _read_str,
    uuid.UUID: _read_uuid,
    datetime: _read_datetime,
    timedelta: _read_timedelta,
}


def _enum_reader(tp: type[Enum]) -> Reader:
    allowed = ", ".join(str(m.value) for m in tp)
    members = {m.value: m for m in tp}

    def read_enum(value: object, path: str) -> Any:
        _not_null(value, path)
        try:
            return members[value]
        except (KeyError, TypeError):
            raise InvalidRecord(path, f"{value!r} is not one of {allowed}") from None

    return read_enum


def _named_tuple_reader(tp: type[tuple[Any, ...]]) -> Reader:
    """A NamedTuple travels as a JSON list of its fields (a pen sample: x, y, t, …)."""
    names: tuple[str, ...] = getattr(tp, "_fields")  # noqa: B009 - NamedTuple API
    hints = typing.get_type_hints(tp)
    readers = [_reader(hints[name]) for name in names]
    defaults: dict[str, Any] = getattr(tp, "_field_defaults", {})

    def read_named_tuple(value: object, path: str) -> Any:
        _not_null(value, path)
        if not isinstance(value, list) or len(value) > len(names):
            raise InvalidRecord(path, f"must be a list of at most {len(names)} values")
        read: list[Any] = []
        for i, name in enumerate(names):
            if i < len(value):
                read.append(readers[i](value[i], _where(path, i)))
            elif name in defaults:
                read.append(defaults[name])
            else:
                raise InvalidRecord(_where(path, i), f"{name} is missing")
        return tp(*read)

    return read_named_tuple


def _dataclass_reader(tp: type[Any], also: frozenset[str] = frozenset()) -> Reader:
    """Reads ``tp`` from an object of its fields (and the keys ``also``, passed over)."""
    hints = typing.get_type_hints(tp)
    fields = [
        (
            f.name,
            _reader(hints[f.name]),
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(tp)
    ]
    names = frozenset(name for name, _, _ in fields) | also

    def read_dataclass(value: object, path: str) -> Any:
        _not_null(value, path)
        if not isinstance(value, dict):
            raise InvalidRecord(path, "must be an object")
        if not names.issuperset(value):
            unknown = sorted(set(value) - names)
            raise InvalidRecord(_where(path, unknown[0]), "is not a field of this record")
        kwargs: dict[str, Any] = {}
        for name, read, required in fields:
            if name in value:
                kwargs[name] = read(value[name], _where(path, name) if path else name)
            elif required:
                raise InvalidRecord(_where(path, name), "is missing")
        try:
            return tp(**kwargs)
        except (TypeError, ValueError) as error:
            raise InvalidRecord(path, str(error)) from None

    return read_dataclass
