"""Rows to domain values and back, by the domain's field names (the columns share them).

The one mapping of the laptop's store: a field added to a record in :mod:`domain.records`
travels through here without a list to extend (the migration adds its column).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import Table, insert
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
_BASE_TABLE = cast(Table, EntryRow.__table__)
_BASE_COLUMNS = [c.key for c in _BASE_TABLE.columns]


def insert_entries(session: Session, values: Sequence[Entry]) -> None:
    """Write new entries with one multi-row insert per table (a pulled page, a demo).

    The same rows :func:`entry_row` makes through the ORM, without an object per row:
    the shared ``entries`` rows first, then each kind's own table, so the database's
    triggers and foreign keys see what they would one row at a time.
    """
    if not values:
        return
    session.flush()  # what the ORM holds (incidents, reference data) goes first
    base: list[dict[str, Any]] = []
    own: dict[str, list[dict[str, Any]]] = {}
    for value in values:
        fields = {name: getattr(value, name) for name in _ENTRY_FIELDS[value.kind]}
        fields["kind"] = value.kind
        base.append({name: fields[name] for name in _BASE_COLUMNS})
        own.setdefault(value.kind, []).append(fields)
    session.execute(insert(_BASE_TABLE), base)
    for kind, table in _ENTRY_TABLES:
        rows = own.get(kind)
        if rows:
            names = [c.key for c in table.columns if c.key in rows[0]]
            session.execute(insert(table), [{n: r[n] for n in names} for r in rows])


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
