"""Reading the store: the incident list with SLA clocks, one incident whole, counts."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, with_polymorphic

from desktop.domain.records import (
    Client,
    ClockPause,
    ClockResume,
    Contract,
    CoveredSystem,
    Entry,
    Incident,
    voided_ids,
)
from desktop.domain.seal import plain
from desktop.domain.sla import Pause, SlaReading, pauses_from_entries, read_sla
from desktop.domain.status import OPEN_STATES
from desktop.store import mapping, outbox
from desktop.store.db import Store, head_revision
from desktop.store.models import (
    ENTRY_ROWS,
    ClientRow,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    OutboxState,
)
from desktop.usecases.common import find_incident, utcnow


@dataclass(frozen=True, slots=True)
class IncidentSummary:
    incident: Incident
    client_name: str
    sla: SlaReading


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    incident: Incident
    client: Client
    contract: Contract
    system: CoveredSystem | None  # None: not in the contract's Annex 1
    entries: list[Entry]  # in recorded order
    voided: frozenset[uuid.UUID]
    sla: SlaReading

    @property
    def covered(self) -> bool:
        return self.system is not None


def _entry_query() -> Any:
    return with_polymorphic(EntryRow, list(ENTRY_ROWS.values()))


def _pauses(
    session: Session, incident_ids: Iterable[uuid.UUID] | None
) -> dict[uuid.UUID, list[Pause]]:
    poly = _entry_query()
    query = select(poly).where(poly.kind.in_((ClockPause.kind, ClockResume.kind, "void")))
    if incident_ids is not None:
        query = query.where(poly.incident_id.in_(list(incident_ids)))
    grouped: dict[uuid.UUID, list[Entry]] = defaultdict(list)
    for row in session.scalars(query):
        grouped[row.incident_id].append(mapping.entry(row))
    return {iid: pauses_from_entries(items) for iid, items in grouped.items()}


def list_incidents(
    store: Store, *, now: datetime | None = None, open_only: bool = False
) -> list[IncidentSummary]:
    """Incidents with their SLA reading, the ones closest to a breach first."""
    now = now or utcnow()
    with store.read() as session:
        contracts = {row.id: mapping.contract(row) for row in session.scalars(select(ContractRow))}
        clients = dict(session.execute(select(ClientRow.id, ClientRow.name)).all())
        query = select(IncidentRow)
        if open_only:
            query = query.where(IncidentRow.status.in_(OPEN_STATES))
        rows = session.scalars(query.execution_options(yield_per=2000))
        incidents = [mapping.incident(r) for r in rows]
        pauses = _pauses(session, None)
    summaries = [
        IncidentSummary(
            incident=i,
            client_name=clients.get(i.client_id, ""),
            sla=read_sla(i, contracts[i.contract_id].policy, pauses.get(i.id, ()), now),
        )
        for i in incidents
    ]
    summaries.sort(key=lambda s: _urgency(s, now))
    return summaries


def _urgency(summary: IncidentSummary, now: datetime) -> tuple[int, float, str]:
    """Open incidents by time left (breached first), then the rest by number."""
    current = summary.sla.current
    if summary.incident.status in OPEN_STATES and current.time_left is not None:
        return (0, current.time_left.total_seconds(), summary.incident.number)
    if summary.incident.status in OPEN_STATES:
        return (1, 0.0, summary.incident.number)
    return (2, 0.0, summary.incident.number)


def incident_detail(
    store: Store, ref: str | uuid.UUID, *, now: datetime | None = None
) -> IncidentDetail:
    now = now or utcnow()
    with store.read() as session:
        row = find_incident(session, ref)
        poly = _entry_query()
        entry_rows = session.scalars(
            select(poly).where(poly.incident_id == row.id).order_by(poly.recorded_at, poly.id)
        ).all()
        entries = mapping.entries(entry_rows)
        contract_row = session.get(ContractRow, row.contract_id)
        client_row = session.get(ClientRow, row.client_id)
        assert contract_row is not None and client_row is not None  # foreign keys
        system_row = (
            session.get(CoveredSystemRow, row.system_id) if row.system_id is not None else None
        )
        incident = mapping.incident(row)
        contract = mapping.contract(contract_row)
        client = Client(
            id=client_row.id,
            name=client_row.name,
            language=client_row.language,
            address=client_row.address,
        )
        system = (
            mapping.covered_system(system_row)
            if system_row is not None and system_row.contract_id == contract.id
            else None
        )
    return IncidentDetail(
        incident=incident,
        client=client,
        contract=contract,
        system=system,
        entries=entries,
        voided=voided_ids(entries),
        sla=read_sla(incident, contract.policy, pauses_from_entries(entries), now),
    )


def export_incident(
    store: Store, ref: str | uuid.UUID, *, now: datetime | None = None
) -> dict[str, Any]:
    """The incident with every entry, as JSON-ready data."""
    detail = incident_detail(store, ref, now=now)
    clocks = {}
    for clock in (detail.sla.response, detail.sla.resolution):
        clocks[clock.kind.value] = {
            "target_minutes": None if clock.target is None else clock.target // _MINUTE,
            "due_at": plain(clock.due_at),
            "time_left_seconds": None
            if clock.time_left is None
            else int(clock.time_left.total_seconds()),
            "paused_seconds": int(clock.paused.total_seconds()),
            "outcome": clock.outcome.value,
        }
    return {
        "incident": plain(detail.incident),
        "client": plain(detail.client),
        "contract": {"id": str(detail.contract.id), "number": detail.contract.number},
        "system_covered": detail.covered,
        "sla": clocks,
        "entries": [
            {"kind": e.kind, "voided": e.id in detail.voided, **plain(e)} for e in detail.entries
        ],
    }


def status_summary(store: Store) -> dict[str, Any]:
    """The data folder, schema revision, counts per record kind and the outbox."""
    with store.read() as session:
        per_kind = dict(
            session.execute(select(EntryRow.kind, func.count()).group_by(EntryRow.kind)).all()
        )
        incidents = session.scalar(select(func.count()).select_from(IncidentRow)) or 0
        clients = session.scalar(select(func.count()).select_from(ClientRow)) or 0
        contracts = session.scalar(select(func.count()).select_from(ContractRow)) or 0
        systems = session.scalar(select(func.count()).select_from(CoveredSystemRow)) or 0
        box = outbox.counts(session)
    return {
        "data_dir": str(store.data_dir),
        "schema_revision": store.revision(),
        "schema_head": head_revision(),
        "client_id": str(store.client_id),
        "counts": {
            "clients": clients,
            "contracts": contracts,
            "covered_systems": systems,
            "incidents": incidents,
            **{kind: per_kind.get(kind, 0) for kind in ENTRY_ROWS},
        },
        "outbox": {
            "pending": box[OutboxState.PENDING],
            "rejected": box[OutboxState.REJECTED],
            "applied": box[OutboxState.APPLIED],
        },
    }


_MINUTE = timedelta(minutes=1)
