"""Writing the demo's rows in bulk: reference data, then incidents and their entries
in batches, each table with one ``executemany``."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

from sqlalchemy import Boolean, Column, ColumnDefault, Enum, Table, Uuid, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from desktop.demo.plan import Contract, Part, System
from desktop.demo.reference import CLIENTS, FIXED_STOCK, PARTS, TECHNICIANS
from desktop.store.db import Store
from desktop.store.mapping import converted_runs
from desktop.store.models import (
    ActionRow,
    AttachmentRow,
    Base,
    ClientRow,
    ClockPauseRow,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    NoteRow,
    PartUsageRow,
    SignOffRow,
    SlaTargetRow,
    SparePartRow,
    StatusRow,
    SwapRow,
    TechnicianRow,
    TimeRow,
    UuidListJSON,
    VanStockRow,
    VoidRow,
)
from desktop.store.types import UTCDateTime
from domain.ids import new_id
from domain.records import (
    Priority,
)

CHUNK = 20_000  # entries per executemany batch


class TableWriter:
    """Inserts rows (dicts by column name) into one table through the DB-API cursor, one
    ``executemany``, each value converted by its column's own type as Core would convert
    it (``TypeEngine.dialect_impl(...).bind_processor``).

    Core's executemany spends as long again on preparing each row's parameters as the
    conversions themselves take; here a value is converted once when the row before had
    the same one (an incident's entries share its id and author), and ``shared`` columns
    keep what each distinct value (by identity) became: the demo's few signatures.
    """

    def __init__(
        self,
        table: Table,
        dialect: Dialect,
        columns: Sequence[str],
        shared: Collection[str] = (),
    ) -> None:
        names = list(columns)
        # A column left out that has a Python-side default gets it, as with Core.
        defaults: dict[str, Any] = {}
        for column in table.columns:
            default = column.default
            if column.name in names or not isinstance(default, ColumnDefault):
                continue
            if not default.is_scalar:
                raise ValueError(f"{table.name}.{column.name} is left out: its default is made")
            defaults[column.name] = default.arg
        names += defaults
        self._names = names
        self._defaults = defaults
        self._convert = [
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
        ]
        self._shared = [name in shared for name in names]
        self._fast = [
            None if convert is None or name in shared else _fast_converter(table.c[name], convert)
            for name, convert in zip(names, self._convert, strict=True)
        ]
        quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
        marks = ", ".join("?" * len(names))
        self.sql = f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({quoted}) "
        self.sql += f"VALUES ({marks})"

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
        """``rows`` as the DB-API takes them: tuples of converted values."""
        columns: list[list[Any]] = []
        for name, convert, shared, fast in zip(
            self._names, self._convert, self._shared, self._fast, strict=True
        ):
            if name in self._defaults:
                values = list(map(methodcaller("get", name, self._defaults[name]), rows))
            else:
                values = list(map(itemgetter(name), rows))
            if convert is not None:
                converted = fast(values) if fast is not None else None
                values = _converted(values, convert, shared) if converted is None else converted
            columns.append(values)
        return list(zip(*columns, strict=True))

    def write(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            session.connection().exec_driver_sql(self.sql, self.parameters(rows))


def _converted(values: list[Any], convert: Callable[[Any], Any], shared: bool) -> list[Any]:
    out: list[Any] = []
    append = out.append
    if shared:
        made: dict[int, tuple[Any, Any]] = {}
        for value in values:
            kept = made.get(id(value))
            if kept is None or kept[0] is not value:
                kept = made[id(value)] = (value, convert(value))
            append(kept[1])
        return out
    return converted_runs(values, convert)


# --- whole columns at once ----------------------------------------------------------
#
# The store's most common column types converted a whole column at a time by C loops
# (map) instead of a Python call per value: the values each type's own bind_processor
# gives, for the values it is sure of (a column with anything else goes value by value).
# Each is checked against the processor when a writer is made, and by
# tests/test_demo_bulk.py.

FastConverter = Callable[[list[Any]], list[Any] | None]


def _fast_converter(column: Column[Any], convert: Callable[[Any], Any]) -> FastConverter | None:
    """A converter of whole columns of ``column``, or None where there is none."""
    kind = column.type
    fast: FastConverter | None = None
    samples: list[Any] = []
    if isinstance(kind, Enum) and kind.enum_class is not None:
        samples = [*kind.enum_class, None]
        fast = _by_identity(samples, convert)
    elif isinstance(kind, Boolean):
        samples = [True, False, None]
        fast = _by_identity(samples, convert)
    elif isinstance(kind, Uuid) and kind.as_uuid:
        samples = [uuid.UUID(int=(1 << 128) - 1), uuid.UUID(int=0x12 << 64 | 0xAB), None]
        fast = _uuid_hex
    elif isinstance(kind, UuidListJSON):
        samples = [(), (uuid.UUID(int=1), uuid.UUID(int=(1 << 128) - 1))]
        fast = _uuid_lists
    elif isinstance(kind, UTCDateTime):
        samples = [datetime(2026, 11, 24, 6, 30, tzinfo=UTC), datetime(1, 1, 1, tzinfo=UTC)]
        samples.append(datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC))
        fast = _utc_text
    if fast is None or fast(samples) != [convert(value) for value in samples]:
        return None
    return fast


def _by_identity(values: list[Any], convert: Callable[[Any], Any]) -> FastConverter:
    """For a type of a few values that are each one object for good (enum members, bools,
    None): their conversions made once, looked up by identity."""
    # Each value kept beside what it becomes: alive, so its id stays its own.
    made = {id(value): (value, convert(value)) for value in values}

    def fast(column: list[Any]) -> list[Any] | None:
        try:
            return list(map(_SECOND, map(made.__getitem__, map(id, column))))
        except KeyError:  # a value of another kind (text for an enum, say)
            return None

    return fast


def _uuid_hex(column: list[Any]) -> list[Any] | None:
    """``Uuid`` (as_uuid, not native) on SQLite: 32 hex digits, None kept."""
    kinds = set(map(type, column))
    if kinds == {uuid.UUID}:
        return list(map("%032x".__mod__, map(_INT, column)))
    if kinds == {uuid.UUID, type(None)}:
        return [None if value is None else f"{value.int:032x}" for value in column]
    return None


def _uuid_lists(column: list[Any]) -> list[Any] | None:
    """``UuidListJSON``: tuples of ids as a JSON list of their 32 hex digits."""
    out: list[Any] = []
    append = out.append
    for ids in column:
        if type(ids) is not tuple or set(map(type, ids)) - {uuid.UUID}:
            return None
        append(_json_list(list(map("%032x".__mod__, map(_INT, ids)))))
    return out


_json_list = json.JSONEncoder().encode  # as the JSON type's processor on SQLite


def _utc_text(column: list[Any]) -> list[Any] | None:
    """``UTCDateTime``: times in UTC as "YYYY-MM-DD HH:MM:SS.ffffff" (only plain datetimes
    whose zone is UTC itself: anything else goes through the type)."""
    if set(map(type, column)) != {datetime} or set(map(id, map(_ZONE, column))) != {id(UTC)}:
        return None
    return list(map(_NO_OFFSET, map(_ISO, column)))  # "...+00:00" less the offset


_INT = attrgetter("int")
_SECOND = itemgetter(1)
_ZONE = attrgetter("tzinfo")
_ISO = methodcaller("isoformat", " ", "microseconds")
_NO_OFFSET = itemgetter(slice(None, -6))


@dataclass(slots=True)
class Rows:
    """Rows waiting for the next executemany, in foreign-key order."""

    incidents: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    kinds: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {kind: [] for kind in _KIND_TABLES}
    )
    written: int = 0
    _writers: dict[str, TableWriter] = field(default_factory=dict)

    def flush(self, session: Session) -> None:
        self._write(session, "incident", table_of(IncidentRow), self.incidents)
        self._write(session, "entry", table_of(EntryRow), self.entries)
        for kind, rows in self.kinds.items():
            self._write(session, kind, _KIND_TABLES[kind], rows)
        self.written += len(self.entries)

    def _write(self, session: Session, name: str, table: Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        writer = self._writers.get(name)
        if writer is None:
            dialect = session.get_bind().dialect
            # The signature's strokes: a few signatures serve every sign-off.
            writer = TableWriter(table, dialect, list(rows[0]), shared=("strokes",))
            self._writers[name] = writer
        writer.write(session, rows)
        rows.clear()


def table_of(cls: type[Base]) -> Table:
    table = cls.__table__
    assert isinstance(table, Table)
    return table


# Subclass tables in insertion order (attachments after notes, then voids, sign-offs last).
_KIND_TABLES: dict[str, Table] = {
    "note": table_of(NoteRow),
    "attachment": table_of(AttachmentRow),
    "action": table_of(ActionRow),
    "swap": table_of(SwapRow),
    "part_usage": table_of(PartUsageRow),
    "time": table_of(TimeRow),
    "clock_pause": table_of(ClockPauseRow),
    "status": table_of(StatusRow),
    "void": table_of(VoidRow),
    # Sign-offs after the voids: the database refuses a void of an entry already sealed.
    "sign_off": table_of(SignOffRow),
}


#: The page cache, in KiB, while the demo's one transaction writes: SQLite's default
#: (8,000 KiB here) makes it spill changed pages to the write-ahead log long before the
#: commit, and read, decrypt, change, encrypt and write many of them again.
ROOMY_CACHE_KIB = 256 * 1024


@contextmanager
def roomy_cache(session: Session) -> Iterator[None]:
    """A page cache of :data:`ROOMY_CACHE_KIB` on the connection of ``session`` while the
    block runs, then the size it had (the connection goes back to the store's pool).

    Memory only: when and how the data reaches the disk (WAL, ``synchronous=FULL``, one
    transaction, encrypted pages) does not change.
    """
    connection = session.connection()
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    connection.exec_driver_sql(f"PRAGMA cache_size = -{ROOMY_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {before}")


def shrink_wal(store: Store) -> None:
    """Give back the disk space the big transaction took in the write-ahead log."""
    raw = store.engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()


# --- reference data rows ------------------------------------------------------------


def insert_technicians(session: Session) -> tuple[uuid.UUID, list[uuid.UUID]]:
    ids = [new_id() for _ in TECHNICIANS]
    session.execute(
        insert(table_of(TechnicianRow)),
        [
            {"id": i, "name": name, "username": user}
            for i, (name, user) in zip(ids, TECHNICIANS, strict=True)
        ],
    )
    return ids[0], ids


def insert_contracts(session: Session) -> list[Contract]:
    contracts: list[Contract] = []
    client_rows, contract_rows, target_rows, system_rows = [], [], [], []
    for spec in CLIENTS:
        client_id, contract_id = new_id(), new_id()
        client_rows.append(
            {"id": client_id, "name": spec.name, "language": spec.language, "address": spec.address}
        )
        contract_rows.append(
            {
                "id": contract_id,
                "client_id": client_id,
                "number": spec.contract,
                "pause_allowed": spec.pause_allowed,
                "exclusions": sorted(k.value for k in spec.exclusions),
            }
        )
        for priority, (respond, resolve) in zip(Priority, spec.targets, strict=True):
            target_rows.append(
                {
                    "contract_id": contract_id,
                    "priority": priority,
                    "respond_minutes": respond,
                    "resolve_minutes": resolve,
                }
            )
        systems = tuple(System(new_id(), name, cat) for name, cat, _ in spec.systems)
        for system, (_, _, location) in zip(systems, spec.systems, strict=True):
            system_rows.append(
                {
                    "id": system.id,
                    "contract_id": contract_id,
                    "name": system.name,
                    "category": system.category,
                    "location": location,
                }
            )
        contracts.append(Contract(spec, client_id, contract_id, systems))
    session.execute(insert(table_of(ClientRow)), client_rows)
    session.execute(insert(table_of(ContractRow)), contract_rows)
    session.execute(insert(table_of(SlaTargetRow)), target_rows)
    session.execute(insert(table_of(CoveredSystemRow)), system_rows)
    return contracts


def insert_parts(session: Session, rng: random.Random, now: datetime) -> list[Part]:
    spares = []
    for spec in PARTS:
        on_hand = FIXED_STOCK.get(spec.part_number, rng.randint(2, 12))
        spares.append(Part(new_id(), spec, on_hand))
    as_of = now - timedelta(hours=rng.uniform(2.0, 7.0))
    session.execute(
        insert(table_of(SparePartRow)),
        [
            {"id": p.id, "part_number": p.spec.part_number, "description": p.spec.description}
            for p in spares
        ],
    )
    session.execute(
        insert(table_of(VanStockRow)),
        [{"part_id": p.id, "on_hand": p.on_hand, "as_of": as_of} for p in spares],
    )
    return spares
