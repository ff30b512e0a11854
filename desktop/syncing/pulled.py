"""A pulled page's new entries read from the wire straight into their rows.

The page's entries used to be read one by one into their domain records
(:func:`sync.protocol.records.entry_from_plain`), then taken apart again column by
column and converted by each column's type (:func:`desktop.store.mapping.insert_entries`).
:class:`PulledEntries` reads each entry's JSON object into the tuples its tables'
``executemany`` takes, in one pass, for the values that are plainly right: canonical
UUID text, UTC times, text within bounds, known enum values. Anything else (an unknown
or missing field, a value of the wrong type, a time in another zone, an upper-case
UUID, a sign-off's strokes) is read by ``entry_from_plain`` as before, so a bad entry
is refused with exactly its error, and an unusual good one is stored exactly as before
(``tests/sync/test_pulled_rows.py`` compares the tables byte for byte).
"""

from __future__ import annotations

import dataclasses
import operator
import re
import typing
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from desktop.store import mapping
from domain.records import ENTRY_TYPES, Entry
from sync.protocol.records import MAX_TEXT, entry_from_plain


class _Slow(Exception):
    """This value is not one the fast reader vouches for: read the entry as before."""


_SLOW = _Slow()
_MISSING: Any = object()
#: The text ``str(uuid.UUID(...))`` writes: anything else goes the slow way.
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
_PROBE_UUID = "01234567-89ab-7def-8123-456789abcdef"
_PROBE_TIME = "2026-12-07T23:01:02.000120Z"

#: Reads one wire value into what its column binds; raises :class:`_Slow` when unsure.
Convert = Callable[[Any], Any]


def _bind(column: Any, dialect: Dialect) -> Callable[[Any], Any]:
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else (lambda value: value)


def _text(value: Any) -> Any:
    if value.__class__ is not str or len(value) > MAX_TEXT or "\x00" in value:
        raise _SLOW
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: refused, by the slow reader
            raise _SLOW from None
    return value


def _whole(value: Any) -> Any:
    if value.__class__ is not int or not -(2**53) <= value <= 2**53:
        raise _SLOW
    return value


def _converter(hint: Any, column: Any, dialect: Dialect) -> Convert | None:
    """The fast reader of one field into its column's bound value (``column`` None: a
    field kept in no column of its own, checked all the same), or None when the field's
    type has none (the kind is read the slow way)."""
    options = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, _UnionType) else ()
    nullable = type(None) in options
    if options:
        rest = [a for a in options if a is not type(None)]
        if len(rest) != 1:
            return None
        hint = rest[0]
    bind = _bind(column, dialect) if column is not None else (lambda value: value)
    none = bind(None) if nullable else None
    inner: Convert
    if hint is str:
        if bind("x") != "x":
            return None
        inner = _text
    elif hint is int:
        if bind(7) != 7:
            return None
        inner = _whole
    elif hint is bool:
        yes, no = bind(True), bind(False)

        def inner(value: Any) -> Any:
            if value is True:
                return yes
            if value is False:
                return no
            raise _SLOW

    elif hint is uuid.UUID:
        if column is not None and bind(uuid.UUID(_PROBE_UUID)) != _PROBE_UUID.replace("-", ""):
            return None  # a store that keeps UUIDs in another form: the slow way

        def inner(value: Any) -> Any:
            # A page's entries name the same incident and author: each text once.
            found = _HEX.get(value) if value.__class__ is str else None
            if found is not None:
                return found
            if value.__class__ is not str or _CANONICAL_UUID.match(value) is None:
                raise _SLOW
            if len(_HEX) >= _KEPT:
                _HEX.clear()
            found = _HEX[value] = value.replace("-", "")
            return found

    elif hint is datetime:
        probe = datetime.fromisoformat(_PROBE_TIME)
        if column is not None and bind(probe) != _stored(probe):
            return None

        def inner(value: Any) -> Any:
            found = _TIMES.get(value) if value.__class__ is str else None
            if found is not None:
                return found
            if value.__class__ is not str or len(value) > 40:
                raise _SLOW
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                raise _SLOW from None
            if moment.tzinfo is not UTC:
                raise _SLOW
            if len(_TIMES) >= _KEPT:
                _TIMES.clear()
            found = _TIMES[value] = _stored(moment)
            return found

    elif isinstance(hint, type) and issubclass(hint, Enum):
        bound = {member.value: bind(member) for member in hint}

        def inner(value: Any) -> Any:
            if value.__class__ is not str:
                raise _SLOW
            found = bound.get(value, _MISSING)
            if found is _MISSING:
                raise _SLOW
            return found

    else:
        return None
    if not nullable:
        return inner

    def optional(value: Any) -> Any:
        return none if value is None else inner(value)

    return optional


_UnionType: Any = type(int | None)
#: UUID texts and UTC times read lately, as bound (pure conversions: one result a text).
_HEX: dict[str, str] = {}
_TIMES: dict[str, str] = {}
_KEPT = 4096


def _stored(moment: datetime) -> str:
    """A UTC time as :class:`desktop.store.types.UTCDateTime` binds it."""
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")


@dataclasses.dataclass(frozen=True, slots=True)
class _Field:
    name: str
    convert: Convert
    default: Any  # the bound default, or _MISSING when the field is required


@dataclasses.dataclass(frozen=True, slots=True)
class _KindReader:
    """Reads entries of one kind into (the ``entries`` row, the kind's own row)."""

    kind: str
    fields: tuple[_Field, ...]
    names: frozenset[str]  # the keys an entry may carry: its fields and "kind"
    base: Callable[[list[Any]], tuple[Any, ...]]  # the ``entries`` row of the values
    own: Callable[[list[Any]], tuple[Any, ...]] | None  # the own table's (None: has none)
    own_tail: tuple[Any, ...]  # the own table's defaulted columns, bound

    def row(self, data: Any) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
        if data.__class__ is not dict or not self.names.issuperset(data):
            raise _SLOW
        values: list[Any] = []
        append = values.append
        for field in self.fields:
            value = data.get(field.name, _MISSING)
            if value is _MISSING:
                if field.default is _MISSING:
                    raise _SLOW
                append(field.default)
            else:
                append(field.convert(value))
        append(self.kind)
        if self.own is None:
            return self.base(values), None
        return self.base(values), self.own(values) + self.own_tail


def _picker(places: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """The values at ``places``, as a tuple (one or more)."""
    get = operator.itemgetter(*places)
    if len(places) == 1:
        return lambda values: (get(values),)
    return typing.cast(Callable[[list[Any]], tuple[Any, ...]], get)


@cache
def _kind_reader(kind: str, dialect: Dialect) -> _KindReader | None:
    cls = ENTRY_TYPES[kind]
    hints = typing.get_type_hints(cls)
    own_table = mapping.OWN_TABLES.get(kind)
    base_table = mapping.BASE_TABLE
    fields: list[_Field] = []
    for f in dataclasses.fields(cls):
        column = (
            base_table.c[f.name]
            if f.name in base_table.c
            else own_table.c[f.name]
            if own_table is not None and f.name in own_table.c
            else None
        )
        convert = _converter(hints[f.name], column, dialect)
        if convert is None:
            return None
        if f.default is not dataclasses.MISSING:
            bind = _bind(column, dialect) if column is not None else (lambda value: value)
            default = bind(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            return None
        else:
            default = _MISSING
        fields.append(_Field(f.name, convert, default))
    place = {field.name: i for i, field in enumerate(fields)}
    place["kind"] = len(fields)  # the kind goes last (row)
    base = _picker([place[name] for name in mapping.BASE_COLUMNS])
    own: Callable[[list[Any]], tuple[Any, ...]] | None = None
    tail: tuple[Any, ...] = ()
    if own_table is not None:
        insert = mapping.BulkInsert.of(own_table, dialect, mapping.OWN_COLUMNS[kind])
        own = _picker([place[name] for name in mapping.OWN_COLUMNS[kind]])
        tail = insert.bound_defaults()
    return _KindReader(kind, tuple(fields), frozenset(place), base, own, tail)


class PulledEntries:
    """The new entries of one page, gathered in the page's order and written with one
    ``executemany`` per table (:meth:`write`), as :func:`mapping.insert_entries` writes
    the records read from them."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._base: list[tuple[Any, ...]] = []
        self._own: dict[str, list[tuple[Any, ...]]] = {}
        self._readers: dict[str, _KindReader | None] = {}

    def __len__(self) -> int:
        return len(self._base)

    def add(self, data: Mapping[str, Any]) -> None:
        """Read one entry (``{"kind": ..., **plain(entry)}``); a bad one raises
        :class:`~sync.protocol.records.InvalidRecord`, as ``entry_from_plain`` does."""
        kind = data.get("kind") if data.__class__ is dict else None
        reader = self._reader(kind) if kind.__class__ is str else None
        if reader is not None:
            try:
                base, own = reader.row(data)
            except _Slow:
                pass
            else:
                self._base.append(base)
                if own is not None:
                    self._own.setdefault(reader.kind, []).append(own)
                return
        self._add_record(entry_from_plain(data))

    def _reader(self, kind: str) -> _KindReader | None:
        try:
            return self._readers[kind]
        except KeyError:
            found = _kind_reader(kind, self._dialect) if kind in ENTRY_TYPES else None
            self._readers[kind] = found
            return found

    def _add_record(self, entry: Entry) -> None:
        """An entry read the slow way, bound as :func:`mapping.insert_entries` binds it."""
        base, own = mapping.entry_parameters(entry, self._dialect)
        self._base.append(base)
        if own is not None:
            self._own.setdefault(entry.kind, []).append(own)

    def write(self, session: Session) -> None:
        """Insert them: the shared ``entries`` rows first, then each kind's own table, so
        the triggers and foreign keys see what they would one row at a time."""
        if not self._base:
            return
        session.flush()  # what the ORM holds (incidents, reference data) goes first
        mapping.write_entry_rows(session, self._dialect, self._base, self._own)
