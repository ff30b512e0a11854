"""A client's SLA statement read from the service's database, for the console, its
downloads and ``fieldbook-server statement``.

A few queries whatever the number of incidents (the contract's incidents first notified
in the period; their entries with their places in the service's order; every swap of
the contract for the temporary parts still installed; the parts' names), then judged in
the domain (:func:`domain.statement.build_statement`) with the laptop's clock functions.
"""

from __future__ import annotations

import contextlib
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.records import Entry, HardwareSwap
from domain.sla import Placement
from domain.statement import BadPeriod, IncidentRecord, Period, build_statement, days, month
from domain.zones import zone
from report.data import Company
from report.statement import StatementData
from sync.protocol.records import entry_from_plain
from sync.server import records
from sync.server.db import Database
from sync.server.models import (
    ClientRow,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    SlaTargetRow,
    SparePartRow,
)

#: Most incidents one statement covers (a busy client's year is a few thousand).
MAX_INCIDENTS = 50_000


class StatementError(ValueError):
    """A statement that cannot be made as asked (unknown client, two contracts…)."""


@dataclass(frozen=True, slots=True)
class Choice:
    """A contract as the statement form offers it."""

    contract_id: uuid.UUID
    number: str
    client_id: uuid.UUID
    client: str


def choices(session: Session) -> list[Choice]:
    rows = session.execute(
        select(ContractRow.id, ContractRow.number, ClientRow.id, ClientRow.name)
        .join(ClientRow, ClientRow.id == ContractRow.client_id)
        .order_by(ClientRow.name, ContractRow.number)
    )
    return [Choice(*row) for row in rows]


def find_contract(session: Session, client: str, contract: str | None = None) -> ContractRow:
    """The contract named ``contract`` (number or id) of ``client`` (name or id); without
    ``contract``, the client's only one."""
    client_row: ClientRow | None = None
    with contextlib.suppress(ValueError):
        client_row = session.get(ClientRow, uuid.UUID(client))
    if client_row is None:
        found = session.scalars(select(ClientRow).where(ClientRow.name == client)).all()
        if len(found) > 1:
            raise StatementError(f"{len(found)} clients are called {client!r}: use the id")
        client_row = found[0] if found else None
    if client_row is None:
        raise StatementError(f"no client {client!r}")
    contracts = session.scalars(
        select(ContractRow)
        .where(ContractRow.client_id == client_row.id)
        .order_by(ContractRow.number)
    ).all()
    if contract:
        for row in contracts:
            if contract in (row.number, str(row.id)):
                return row
        raise StatementError(f"{client_row.name} has no contract {contract!r}")
    if not contracts:
        raise StatementError(f"{client_row.name} has no contract")
    if len(contracts) > 1:
        numbers = ", ".join(r.number for r in contracts)
        raise StatementError(
            f"{client_row.name} has {len(contracts)} contracts ({numbers}): name one"
        )
    return contracts[0]


def period_of(
    tz: tzinfo,
    *,
    month_text: str | None = None,
    first: str | None = None,
    last: str | None = None,
    now: datetime,
) -> Period:
    """The month ``month_text``, or the days ``first``–``last``, or else this month (in ``tz``)."""
    if first or last:
        if not (first and last):
            raise BadPeriod("give both the first and the last day")
        return days(first, last, tz)
    return month(month_text or now.astimezone(tz).strftime("%Y-%m"), tz)


def contract_zone(row: ContractRow) -> tzinfo:
    return zone(row.time_zone) or UTC


def load(
    db: Database,
    contract_id: uuid.UUID,
    period: Period,
    company: Company,
    now: datetime,
) -> StatementData:
    """Everything the statement of ``contract_id`` for ``period`` shows, read at ``now``."""
    with db.read() as session:
        contract_row = session.get(ContractRow, contract_id)
        if contract_row is None:
            raise StatementError(f"no contract {contract_id}")
        client_row = session.get(ClientRow, contract_row.client_id)
        assert client_row is not None  # a foreign key
        targets = session.scalars(
            select(SlaTargetRow).where(SlaTargetRow.contract_id == contract_id)
        ).all()
        contract = records.contract(contract_row, targets)
        annex = set(
            session.scalars(
                select(CoveredSystemRow.id).where(CoveredSystemRow.contract_id == contract_id)
            )
        )
        rows = session.scalars(
            select(IncidentRow)
            .where(
                IncidentRow.contract_id == contract_id,
                IncidentRow.notified_at >= period.start.astimezone(UTC),
                IncidentRow.notified_at < period.end.astimezone(UTC),
            )
            .order_by(IncidentRow.notified_at, IncidentRow.number)
            .limit(MAX_INCIDENTS + 1)
        ).all()
        if len(rows) > MAX_INCIDENTS:
            raise StatementError(
                f"more than {MAX_INCIDENTS:,} incidents in the period: ask for a shorter one"
            )
        incidents = {r.id: records.incident(r) for r in rows}
        entries: dict[uuid.UUID, list[Entry]] = defaultdict(list)
        placements: dict[uuid.UUID, Placement] = {}
        verified: dict[uuid.UUID, bool | None] = {}
        ids = list(incidents)
        for chunk in (ids[i : i + 900] for i in range(0, len(ids), 900)):
            for incident_id, body, order, received, seal_ok, kind in session.execute(
                select(
                    EntryRow.incident_id,
                    EntryRow.body,
                    EntryRow.server_order,
                    EntryRow.received_at,
                    EntryRow.seal_verified,
                    EntryRow.kind,
                ).where(EntryRow.incident_id.in_(chunk))
            ):
                entry = entry_from_plain(records.entry_json(body))
                entries[incident_id].append(entry)
                placements[entry.id] = Placement(order, received)
                if kind == "sign_off":
                    verified[incident_id] = seal_ok
        # Every swap of the contract, whenever made: a loan part may still be in place.
        swaps: list[tuple[str, HardwareSwap]] = []
        swap_places: dict[uuid.UUID, Placement] = {}
        swap_rows = session.execute(
            select(EntryRow.body, EntryRow.server_order, EntryRow.received_at, IncidentRow.number)
            .join(IncidentRow, IncidentRow.id == EntryRow.incident_id)
            .where(IncidentRow.contract_id == contract_id, EntryRow.kind == HardwareSwap.kind)
        ).all()
        voided = set(
            session.scalars(
                select(EntryRow.voided_id)
                .join(IncidentRow, IncidentRow.id == EntryRow.incident_id)
                .where(IncidentRow.contract_id == contract_id, EntryRow.voided_id.is_not(None))
            )
        )
        for body, order, received, number in swap_rows:
            swap = entry_from_plain(records.entry_json(body))
            if isinstance(swap, HardwareSwap) and swap.id not in voided:
                swaps.append((number, swap))
                swap_places[swap.id] = Placement(order, received)
        part_ids = {getattr(e, "part_id", None) for group in entries.values() for e in group} - {
            None
        }
        parts = {
            p.id: (p.part_number, p.description)
            for p in session.scalars(select(SparePartRow).where(SparePartRow.id.in_(part_ids)))
        }
        client = records.client(client_row)
    statement = build_statement(
        contract,
        period,
        (
            IncidentRecord(
                incident,
                entries.get(incident_id, []),
                placements,
                incident.system_id is not None and incident.system_id in annex,
                verified.get(incident_id),
            )
            for incident_id, incident in incidents.items()
        ),
        now,
        all_swaps=swaps,
        swap_placements=swap_places,
    )
    return StatementData(
        statement=statement,
        client=client,
        company=company,
        parts=parts,
        generated_at=now,
    )
