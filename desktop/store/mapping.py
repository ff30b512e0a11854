"""Rows to domain values and back, by the domain's field names (the columns share them).

The one mapping of the laptop's store: a field added to a record in :mod:`domain.records`
travels through here without a list to extend (the migration adds its column).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import ColumnDefault, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from desktop.store.models import (
    ENTRY_ROWS,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
)
from domain.records import (
    ENTRY_TYPES,
    ActionKind,
    Contract,
    CoveredSystem,
    Entry,
    Incident,
    SlaPolicy,
    SlaTarget,
)


def _fields(cls: type[Any]) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


_INCIDENT_FIELDS = _fields(Incident)
_ENTRY_FIELDS = {kind: _fields(cls) for kind, cls in ENTRY_TYPES.items()}


def incident(row: IncidentRow) -> Incident:
    return Incident(**{name: getattr(row, name) for name in _INCIDENT_FIELDS})


def incident_values(value: Incident) -> dict[str, Any]:
    """Every field of ``value`` by name: the columns of its row."""
    return {name: getattr(value, name) for name in _INCIDENT_FIELDS}


def update_incident_row(row: IncidentRow, value: Incident) -> None:
    """Make ``row`` hold ``value``, touching only the columns that differ."""
    for name in _INCIDENT_FIELDS:
        new = getattr(value, name)
        if getattr(row, name) != new:
            setattr(row, name, new)


def entry(row: EntryRow) -> Entry:
    cls = ENTRY_TYPES[row.kind]
    return cls(**{name: getattr(row, name) for name in _ENTRY_FIELDS[row.kind]})


def entries(rows: Iterable[EntryRow]) -> list[Entry]:
    return [entry(r) for r in rows]


def entry_row(value: Entry) -> EntryRow:
    """A new row for ``value`` (to add to a session)."""
    cls = ENTRY_ROWS[value.kind]
    return cls(**{name: getattr(value, name) for name in _ENTRY_FIELDS[value.kind]})


def _entry_tables() -> list[tuple[str, Table]]:
    """Each entry kind's own table, in an order where what refers comes after what it
    refers to (notes before the attachments that name them, voids before sign-offs)."""
    return [
        (kind, cast(Table, cls.__table__))
        for kind, cls in ENTRY_ROWS.items()
        if "__tablename__" in cls.__dict__
    ]


_ENTRY_TABLES = _entry_tables()
#: Each entry kind's own table (kinds without one, such as a clock resume, absent).
OWN_TABLES: Mapping[str, Table] = dict(_ENTRY_TABLES)
#: Each kind's own table's columns that its entries fill (their fields, and the kind).
OWN_COLUMNS: Mapping[str, tuple[str, ...]] = {
    kind: tuple(c.key for c in table.columns if c.key in _ENTRY_FIELDS[kind] or c.key == "kind")
    for kind, table in _ENTRY_TABLES
}
BASE_TABLE = cast(Table, EntryRow.__table__)
#: The ``entries`` table's columns, in the order its rows are bound.
BASE_COLUMNS = tuple(c.key for c in BASE_TABLE.columns)


def _columns(values: Sequence[Entry], names: Sequence[str]) -> list[list[Any]]:
    """The values of the columns ``names`` of each of ``values``, a list a column (the
    ``kind`` column is the entry's kind)."""
    return [
        [value.kind for value in values]
        if name == "kind"
        else [getattr(value, name) for value in values]
        for name in names
    ]


def insert_entries(session: Session, values: Sequence[Entry]) -> None:
    """Write new entries with one ``executemany`` per table (a pulled page, a demo).

    The same rows :func:`entry_row` makes through the ORM, without an object per row:
    the shared ``entries`` rows first, then each kind's own table, so the database's
    triggers and foreign keys see what they would one row at a time. Each value is
    converted by its column's type as Core converts it (:class:`BulkInsert`).
    """
    if not values:
        return
    session.flush()  # what the ORM holds (incidents, reference data) goes first
    by_kind: dict[str, list[Entry]] = {}
    for value in values:
        by_kind.setdefault(value.kind, []).append(value)
    dialect = session.get_bind().dialect
    BulkInsert.of(BASE_TABLE, dialect, BASE_COLUMNS).write_columns(
        session, _columns(values, BASE_COLUMNS)
    )
    for kind, table in _ENTRY_TABLES:
        group = by_kind.get(kind)
        if group:
            names = OWN_COLUMNS[kind]
            BulkInsert.of(table, dialect, names).write_columns(session, _columns(group, names))


def entry_parameters(
    value: Entry, dialect: Dialect
) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
    """``value``'s row of ``entries`` and of its kind's own table (None: it has none),
    bound as :func:`insert_entries` binds them."""
    base = BulkInsert.of(BASE_TABLE, dialect, BASE_COLUMNS).column_parameters(
        _columns([value], BASE_COLUMNS)
    )[0]
    table = OWN_TABLES.get(value.kind)
    if table is None:
        return base, None
    names = OWN_COLUMNS[value.kind]
    own = BulkInsert.of(table, dialect, names).column_parameters(_columns([value], names))[0]
    return base, own


def write_entry_rows(
    session: Session,
    dialect: Dialect,
    base: Sequence[tuple[Any, ...]],
    own: Mapping[str, Sequence[tuple[Any, ...]]],
) -> None:
    """Insert entries' rows already bound (:func:`entry_parameters`): ``entries`` first,
    then each kind's own table in :func:`insert_entries`'s order."""
    BulkInsert.of(BASE_TABLE, dialect, BASE_COLUMNS).write_rows(session, base)
    for kind, table in _ENTRY_TABLES:
        rows = own.get(kind)
        if rows:
            BulkInsert.of(table, dialect, OWN_COLUMNS[kind]).write_rows(session, rows)


class BulkInsert:
    """An ``INSERT`` of ``columns`` into ``table`` (with ``tail``: an ``ON CONFLICT``
    clause), run as one DB-API ``executemany`` of tuples.

    Each value is converted by its column's own type as Core converts it
    (``TypeEngine.dialect_impl(dialect).bind_processor``), and a column left out that has
    a scalar Python-side default gets it, as with Core; Core's executemany spends as
    long again building each row's parameters. Built once per table and columns
    (:meth:`of`).
    """

    def __init__(
        self, table: Table, dialect: Dialect, columns: Sequence[str], tail: str = ""
    ) -> None:
        names = list(columns)
        defaults: dict[str, Any] = {}
        for column in table.columns:
            default = column.default
            if column.key in names or not isinstance(default, ColumnDefault):
                continue
            if not default.is_scalar:
                raise ValueError(f"{table.name}.{column.key} is left out: its default is made")
            defaults[column.key] = default.arg
        self.table = table
        self._given = names
        self._defaults = defaults
        every = names + list(defaults)
        self._convert: list[Callable[[Any], Any] | None] = [
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in every
        ]
        quote = dialect.identifier_preparer.quote
        self.sql = (
            f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
            f"({', '.join(quote(table.c[n].name) for n in every)}) "
            f"VALUES ({', '.join('?' * len(every))}){tail}"
        )

    @staticmethod
    @functools.cache
    def of(table: Table, dialect: Dialect, columns: tuple[str, ...], tail: str = "") -> BulkInsert:
        return BulkInsert(table, dialect, columns, tail)

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
        """``rows`` (by column key) as the DB-API takes them: tuples of converted values."""
        return self.column_parameters([[row[name] for row in rows] for name in self._given])

    def column_parameters(self, given: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
        """The same from the values of each column given (in :meth:`of`'s order)."""
        count = len(given[0]) if given else 0
        columns = [list(values) for values in given]
        columns += [[value] * count for value in self._defaults.values()]
        for i, convert in enumerate(self._convert):
            if convert is not None:
                columns[i] = converted_runs(columns[i], convert)
        return list(zip(*columns, strict=True))

    def bound_defaults(self) -> tuple[Any, ...]:
        """The values of the columns left out (their defaults), bound: what ends each
        row :meth:`column_parameters` makes."""
        count = len(self._given)
        return tuple(
            value if convert is None else convert(value)
            for value, convert in zip(self._defaults.values(), self._convert[count:], strict=True)
        )

    def write_rows(self, session: Session, rows: Sequence[tuple[Any, ...]]) -> None:
        """Run the insert for ``rows`` already bound: every column's value, the left-out
        ones' defaults last, as :meth:`column_parameters` makes them."""
        if rows:
            session.connection().exec_driver_sql(self.sql, list(rows))

    def write(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self.write_columns(session, [[row[name] for row in rows] for name in self._given])

    def write_columns(self, session: Session, columns: Sequence[Sequence[Any]]) -> None:
        """:meth:`write` of rows given as their columns' values (no mapping a row)."""
        if columns and columns[0]:
            session.connection().exec_driver_sql(self.sql, self.column_parameters(columns))


def converted_runs(values: list[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """``convert`` of each value, once for a run of the same one (a page's entries share
    their incident and author; the demo's rows their incident)."""
    out: list[Any] = []
    append = out.append
    last: Any = _NOTHING
    result: Any = None
    for value in values:
        if value is not last:
            result = convert(value)
            last = value
        append(result)
    return out


_NOTHING = object()


def _minutes(value: int | None) -> timedelta | None:
    return None if value is None else timedelta(minutes=value)


def contract(row: ContractRow) -> Contract:
    policy = SlaPolicy(
        targets={
            t.priority: SlaTarget(
                respond=_minutes(t.respond_minutes), resolve=_minutes(t.resolve_minutes)
            )
            for t in row.targets
        },
        pause_allowed=row.pause_allowed,
    )
    return Contract(
        id=row.id,
        client_id=row.client_id,
        number=row.number,
        policy=policy,
        exclusions=frozenset(ActionKind(k) for k in row.exclusions),
        time_zone=row.time_zone,
    )


def covered_system(row: CoveredSystemRow) -> CoveredSystem:
    return CoveredSystem(
        id=row.id,
        contract_id=row.contract_id,
        name=row.name,
        category=row.category,
        location=row.location,
    )
