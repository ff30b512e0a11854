"""Records on the wire: the JSON made by :func:`desktop.domain.seal.plain`, read back.

Both ends send domain values as ``plain(value)`` (entries as ``{"kind": ..., **plain(e)}``),
the same bytes the seal hashes. :func:`from_plain` is the strict inverse: unknown fields,
missing fields, wrong types, naive times and unknown enum values are refused with
:class:`InvalidRecord`, naming the field. New entry kinds in ``desktop.domain.records``
travel without any change here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum, StrEnum
from functools import cache
from typing import Any, TypeVar, Union

from desktop.domain.records import ENTRY_TYPES, Entry
from desktop.domain.seal import plain

T = TypeVar("T")

#: Longest text field accepted in any record (a pasted log is the longest honest one).
MAX_TEXT = 200_000


class MutationName(StrEnum):
    """What a laptop's outbox row asks the server to do (``Mutation.name``)."""

    INCIDENT_CREATE = "incident.create"  # payload: plain(Incident), opened on site
    INCIDENT_STATUS = "incident.status"  # payload: {"kind": "status", **plain(StatusChange)}
    ENTRY_ADD = "entry.add"  # payload: {"kind": entry.kind, **plain(entry)}


@dataclass(frozen=True, slots=True, kw_only=True)
class VanStock:
    """The service's count of one part in the signed-in technician's van."""

    part_id: uuid.UUID
    on_hand: int
    as_of: datetime  # the server's clock


class InvalidRecord(ValueError):
    """A record on the wire does not read as its domain type; ``field`` says where."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem


def to_plain(value: Any) -> Any:
    """``value`` as wire JSON (exactly :func:`desktop.domain.seal.plain`)."""
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
    return from_plain(cls, {k: v for k, v in data.items() if k != "kind"})


def from_plain(cls: type[T], data: object) -> T:
    """Read ``data`` (wire JSON) as the frozen dataclass ``cls``."""
    return typing.cast(T, _read(cls, data, ""))


@cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _where(path: str, name: str | int) -> str:
    return f"{path}.{name}" if path else str(name)


def _read(tp: Any, value: object, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None:
            if type(None) in args:
                return None
            raise InvalidRecord(path, "must not be null")
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:  # pragma: no cover - the domain has no such fields
            raise TypeError(f"cannot read a union of {options}")
        return _read(options[0], value, path)
    if value is None:
        raise InvalidRecord(path, "must not be null")
    if origin is not None:
        args = typing.get_args(tp)
        if origin in (frozenset, set, list, tuple):
            if not isinstance(value, list):
                raise InvalidRecord(path, "must be a list")
            items = [_read(args[0], v, _where(path, i)) for i, v in enumerate(value)]
            return frozenset(items) if origin in (frozenset, set) else origin(items)
        if origin in (Mapping, dict, typing.Mapping):
            if not isinstance(value, dict):
                raise InvalidRecord(path, "must be an object")
            return {
                _read(args[0], k, _where(path, k)): _read(args[1], v, _where(path, k))
                for k, v in value.items()
            }
        raise TypeError(f"cannot read {tp}")  # pragma: no cover
    if tp is bool:
        if not isinstance(value, bool):
            raise InvalidRecord(path, "must be true or false")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidRecord(path, "must be a whole number")
        if abs(value) > 2**53:
            raise InvalidRecord(path, "is out of range")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise InvalidRecord(path, "must be text")
        if len(value) > MAX_TEXT:
            raise InvalidRecord(path, f"is longer than {MAX_TEXT} characters")
        if "\x00" in value:
            raise InvalidRecord(path, "must not contain NUL characters")
        return value
    if tp is uuid.UUID:
        if not isinstance(value, str):
            raise InvalidRecord(path, "must be a UUID as text")
        try:
            return uuid.UUID(value)
        except ValueError:
            raise InvalidRecord(path, f"{value[:60]!r} is not a UUID") from None
    if tp is datetime:
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
    if tp is timedelta:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidRecord(path, "must be a whole number of seconds")
        try:
            return timedelta(seconds=value)
        except OverflowError:
            raise InvalidRecord(path, "is out of range") from None
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in tp)
            raise InvalidRecord(path, f"{value!r} is not one of {allowed}") from None
    if isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, "_fields"):
        # A NamedTuple travels as a JSON list of its fields (a pen sample: x, y, t, …).
        names: tuple[str, ...] = tp._fields
        if not isinstance(value, list) or len(value) > len(names):
            raise InvalidRecord(path, f"must be a list of at most {len(names)} values")
        hints = _hints(tp)
        defaults: dict[str, Any] = getattr(tp, "_field_defaults", {})
        read: list[Any] = []
        for i, name in enumerate(names):
            if i < len(value):
                read.append(_read(hints[name], value[i], _where(path, i)))
            elif name in defaults:
                read.append(defaults[name])
            else:
                raise InvalidRecord(_where(path, i), f"{name} is missing")
        return tp(*read)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise InvalidRecord(path, "must be an object")
        hints = _hints(tp)
        fields = {f.name: f for f in dataclasses.fields(tp)}
        unknown = sorted(set(value) - set(fields))
        if unknown:
            raise InvalidRecord(_where(path, unknown[0]), "is not a field of this record")
        kwargs: dict[str, Any] = {}
        for name, field in fields.items():
            if name in value:
                kwargs[name] = _read(hints[name], value[name], _where(path, name))
            elif (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            ):
                raise InvalidRecord(_where(path, name), "is missing")
        try:
            return tp(**kwargs)
        except (TypeError, ValueError) as error:
            raise InvalidRecord(path, str(error)) from None
    raise TypeError(f"cannot read {tp}")  # pragma: no cover
