"""Rows to domain values and back, by the domain's field names (the columns share them).

The one mapping of the laptop's store: a field added to a record in :mod:`domain.records`
travels through here without a list to extend (the migration adds its column).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

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
