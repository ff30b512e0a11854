"""Reading the store: the incident list with SLA clocks, one incident whole, counts."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar, overload

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session, with_polymorphic

from desktop.list_index import Columns, ListIndex, trim_heap
from desktop.list_index import IndexRow as IndexRow  # where the list's users look
from desktop.store import mapping, outbox
from desktop.store.db import Store, head_revision
from desktop.store.models import (
    ENTRY_ROWS,
    ClientRow,
    ClockPauseRow,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    OutboxState,
    PlacementRow,
    SwapRow,
    VoidRow,
)
from desktop.usecases.common import find_incident, local_ranks, visible
from desktop.usecases.common import placements as common_placements
from domain.detail import IncidentDetail
from domain.records import (
    Client,
    ClockPause,
    ClockResume,
    Contract,
    CoveredSystem,
    HardwareSwap,
    Incident,
    Priority,
    Status,
    voided_ids,
)
from domain.seal import plain
from domain.sla import (
    Pause,
    SlaReading,
    effective_time,
    pair_pauses,
    pauses_from_entries,
    read_sla,
    urgency,
)
from domain.status import OPEN_STATES
from domain.swaps import serial_key, still_installed


@dataclass(frozen=True, slots=True)
class IncidentSummary:
    incident: Incident
    client_name: str
    sla: SlaReading


def _entry_query() -> Any:
    return with_polymorphic(EntryRow, list(ENTRY_ROWS.values()))


_OrderKey = tuple[int, int, float, int]
_P = TypeVar("_P")


def _kept(pauses: Sequence[Pause]) -> tuple[Pause, ...]:
    return tuple(pauses)


def _pauses(
    session: Session,
    incident_ids: Iterable[uuid.UUID] | None,
    pack: Callable[[Sequence[Pause]], _P],
) -> dict[str, _P]:
    """The SLA clock pauses of incidents whose contract lets the clock stop, paired in
    the service's order (:func:`domain.sla.pair_pauses`): placed marks by the service's
    order, marks not synced yet after them in the order they were made here. Keyed by
    the incident's id as stored (hex); each incident's pauses as ``pack`` makes them.

    A lean Core query (no polymorphic loading, ids kept as stored text until the end),
    read one incident at a time: the incident list needs it for every incident at every
    start, and 100,000 incidents' marks must never stand in memory at once.
    """
    entries = EntryRow.__table__
    incidents = IncidentRow.__table__
    contracts = ContractRow.__table__
    pauses_t = ClockPauseRow.__table__
    voids_t = VoidRow.__table__
    placed = PlacementRow.__table__
    raw = String()
    joined = (
        entries.join(incidents, incidents.c.id == entries.c.incident_id)
        .join(contracts, contracts.c.id == incidents.c.contract_id)
        .outerjoin(pauses_t, pauses_t.c.id == entries.c.id)
        .outerjoin(placed, placed.c.entry_id == entries.c.id)
    )
    wanted = (
        contracts.c.pause_allowed.is_(True),
        entries.c.kind.in_((ClockPause.kind, ClockResume.kind)),
        entries.c.id.not_in(select(voids_t.c.voided_id)),
        *(() if incident_ids is None else (entries.c.incident_id.in_(list(incident_ids)),)),
    )
    connection = session.connection()
    pending = list(
        connection.execute(
            select(entries.c.id).select_from(joined).where(*wanted, placed.c.server_order.is_(None))
        ).scalars()
    )
    ranks = local_ranks(session, pending) if pending else {}
    del pending
    query = (
        select(
            type_coerce(entries.c.incident_id, raw),
            entries.c.id,
            entries.c.kind,
            entries.c.recorded_at,
            pauses_t.c.reason,
            placed.c.server_order,
            placed.c.received_at,
        )
        .select_from(joined)
        .where(*wanted)
        .order_by(entries.c.incident_id)
    )
    found: dict[str, _P] = {}
    for incident_hex, rows in groupby(connection.execute(query), key=itemgetter(0)):
        marks: list[tuple[_OrderKey, bool, datetime, str]] = []
        for _, entry_id, kind, recorded_at, reason, order, received_at in rows:
            # The key of domain.sla.in_service_order, without building entries.
            key: _OrderKey
            if order is not None:
                key = (0, order, 0.0, entry_id.int)
                at = effective_time(recorded_at, received_at)
            else:
                key = (1, ranks.get(entry_id, 0), recorded_at.timestamp(), entry_id.int)
                at = recorded_at
            marks.append((key, kind == ClockPause.kind, at, reason or ""))
        marks.sort()
        found[incident_hex] = pack(pair_pauses((p, at, why) for _, p, at, why in marks))
    return found


@overload
def incident_index(store: Store) -> ListIndex: ...
@overload
def incident_index(store: Store, ids: Iterable[uuid.UUID]) -> list[IndexRow]: ...
def incident_index(
    store: Store, ids: Iterable[uuid.UUID] | None = None
) -> ListIndex | list[IndexRow]:
    """The incident list's rows: all of them as a compact :class:`ListIndex` whose shown
    columns (client, system, title) are fetched a page at a time by :func:`list_columns`;
    or those in ``ids`` (a change to show) as whole IndexRows. In no set order.

    One lean Core query, ids of contracts and systems compared as stored text rather
    than turned into UUID objects, read row by row into the index's flat columns:
    100,000 incidents take a few tens of megabytes, no object each (bench/list_memory.py).
    """
    wanted = None if ids is None else list(ids)
    incidents = IncidentRow.__table__
    clients = ClientRow.__table__
    systems = CoveredSystemRow.__table__
    raw = String()
    with store.read() as session:
        policies = {
            row.id.hex: mapping.contract(row).policy for row in session.scalars(select(ContractRow))
        }
        query = select(
            incidents.c.id,
            incidents.c.number,
            incidents.c.priority,
            incidents.c.status,
            clients.c.name,
            incidents.c.system_name,
            incidents.c.title,
            incidents.c.description,
            type_coerce(systems.c.contract_id, raw),
            type_coerce(incidents.c.contract_id, raw),
            incidents.c.notified_at,
            incidents.c.responded_at,
            incidents.c.resolved_at,
        ).select_from(
            incidents.join(clients, clients.c.id == incidents.c.client_id).outerjoin(
                systems, systems.c.id == incidents.c.system_id
            )
        )
        if wanted is not None:
            query = query.where(incidents.c.id.in_(wanted))
        query = query.where(visible(session))
        if wanted is not None:
            pauses = _pauses(session, wanted, _kept)
            rows = session.connection().execute(query)
            return [
                IndexRow(
                    id=iid,
                    number=number,
                    priority=priority,
                    status=status,
                    client=client,
                    system=system,
                    title=title,
                    covered=system_contract is not None and system_contract == contract_id,
                    notified_at=notified,
                    responded_at=responded,
                    resolved_at=resolved,
                    policy=policies[contract_id],
                    pauses=tuple(pauses.get(iid.hex, ())),
                    search=" ".join((number, client, system, title, description)).casefold(),
                )
                for (
                    iid,
                    number,
                    priority,
                    status,
                    client,
                    system,
                    title,
                    description,
                    system_contract,
                    contract_id,
                    notified,
                    responded,
                    resolved,
                ) in rows
            ]
        index = ListIndex(partial(list_columns, store))
        packed = _pauses(session, None, index.pack_pauses)
        # Row by row, not .all(): 100,000 result rows never stand in memory at once.
        rows = session.connection().execute(
            query.with_only_columns(type_coerce(incidents.c.id, raw), *query.selected_columns[1:])
        )
        add = index.append
        for (
            iid,
            number,
            priority,
            status,
            client,
            system,
            title,
            description,
            system_contract,
            contract_id,
            notified,
            responded,
            resolved,
        ) in rows:
            add(
                incident_id=bytes.fromhex(iid),
                number=number,
                priority=priority,
                status=status,
                covered=system_contract is not None and system_contract == contract_id,
                notified_at=notified,
                responded_at=responded,
                resolved_at=resolved,
                policy=policies[contract_id],
                pauses=packed.get(iid, b""),
                search=" ".join((number, client, system, title, description)).casefold(),
            )
        # The connection's page cache holds the whole table now: give it back.
        session.connection().exec_driver_sql("PRAGMA shrink_memory")
    trim_heap()
    return index


def list_columns(store: Store, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Columns]:
    """Client, system and title of the incidents ``ids``: what the list shows of a page
    of rows (:class:`ListIndex` fetches them as they come into view)."""
    incidents = IncidentRow.__table__
    clients = ClientRow.__table__
    with store.read() as session:
        rows = session.connection().execute(
            select(incidents.c.id, clients.c.name, incidents.c.system_name, incidents.c.title)
            .select_from(incidents.join(clients, clients.c.id == incidents.c.client_id))
            .where(incidents.c.id.in_(list(ids)))
        )
        return {iid: (client, system, title) for iid, client, system, title in rows}


def list_incidents(
    store: Store, *, now: datetime | None = None, open_only: bool = False
) -> list[IncidentSummary]:
    """Incidents with their SLA reading, the ones closest to a breach first."""
    now = now or store.now()
    with store.read() as session:
        contracts = {row.id: mapping.contract(row) for row in session.scalars(select(ContractRow))}
        clients = dict(session.execute(select(ClientRow.id, ClientRow.name)).all())
        query = select(IncidentRow).where(visible(session))
        if open_only:
            query = query.where(IncidentRow.status.in_(OPEN_STATES))
        rows = session.scalars(query.execution_options(yield_per=2000))
        incidents = [mapping.incident(r) for r in rows]
        pauses = _pauses(session, None, _kept)
    summaries = [
        IncidentSummary(
            incident=i,
            client_name=clients.get(i.client_id, ""),
            sla=read_sla(i, contracts[i.contract_id].policy, pauses.get(i.id.hex, ()), now),
        )
        for i in incidents
    ]
    summaries.sort(
        key=lambda s: urgency(
            is_open=s.incident.status in OPEN_STATES,
            priority=s.incident.priority,
            clock=s.sla.current,
            notified_at=s.incident.notified_at,
            number=s.incident.number,
        )
    )
    return summaries


def incident_detail(
    store: Store, ref: str | uuid.UUID, *, now: datetime | None = None
) -> IncidentDetail:
    now = now or store.now()
    with store.read() as session:
        row = find_incident(session, ref)
        poly = _entry_query()
        entry_rows = session.scalars(
            select(poly).where(poly.incident_id == row.id).order_by(poly.recorded_at, poly.id)
        ).all()
        entries = mapping.entries(entry_rows)
        ids = [e.id for e in entries]
        pauses = tuple(
            pauses_from_entries(entries, common_placements(session, ids), local_ranks(session, ids))
        )
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
            email=client_row.email,
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
        sla=read_sla(incident, contract.policy, pauses, now),
        pauses=pauses,
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


def busiest_open_incident(store: Store) -> str:
    """The number of the open P1 on site with the most entries ("" if none): the screen a
    technician lives in, which the screenshots show."""
    with store.read() as session:
        number = session.scalar(
            select(IncidentRow.number)
            .join(EntryRow, EntryRow.incident_id == IncidentRow.id)
            .where(IncidentRow.priority == Priority.P1, IncidentRow.status == Status.ON_SITE)
            .group_by(IncidentRow.id)
            .order_by(func.count().desc())
            .limit(1)
        )
    return number or ""


_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class TemporarySwap:
    """A temporary part still in place at a client: it must come back to the van."""

    entry_id: uuid.UUID
    incident_id: uuid.UUID
    incident_number: str
    client: str
    system: str
    installed_part: str
    installed_serial: str
    removed_part: str
    removed_serial: str
    recorded_at: datetime


def temporary_swaps(store: Store) -> list[TemporarySwap]:
    """Temporary replacements not voided and not since swapped out, in the service's
    order (this laptop's unsynced work last): :func:`domain.swaps.still_installed`, the
    rule the office's statement applies too.

    Of the swaps ever recorded (one or more per incident, a hundred thousand on a
    laptop that kept years of them) only the temporary ones and those that removed a
    serial one of them installed bear on the answer; the rest are passed over by their
    removed serial alone, streamed, and never loaded whole."""
    with store.read() as session:
        live = SwapRow.id.not_in(select(VoidRow.voided_id))
        lent = {
            serial_key(serial)
            for serial in session.scalars(
                select(SwapRow.installed_serial).where(SwapRow.temporary.is_(True), live)
            )
        }
        if not lent:
            return []
        scan = session.execute(
            select(SwapRow.id, SwapRow.temporary, SwapRow.removed_serial).where(live),
            execution_options={"yield_per": 2_000},
        )
        ids = [i for i, temporary, removed in scan if temporary or serial_key(removed) in lent]
        swaps = [
            row
            for chunk in range(0, len(ids), 500)
            for row in session.execute(
                select(SwapRow, IncidentRow.number, ClientRow.name, IncidentRow.system_name)
                .join(IncidentRow, IncidentRow.id == SwapRow.incident_id)
                .join(ClientRow, ClientRow.id == IncidentRow.client_id)
                .where(SwapRow.id.in_(ids[chunk : chunk + 500]))
            )
        ]
        placed = common_placements(session, ids)
        ranks = local_ranks(session, ids)
        values = [mapping.entry(swap) for swap, *_ in swaps]
    about = {swap.id: (number, client, system) for swap, number, client, system in swaps}
    installed = still_installed([v for v in values if isinstance(v, HardwareSwap)], placed, ranks)
    return [
        TemporarySwap(
            entry_id=swap.id,
            incident_id=swap.incident_id,
            incident_number=about[swap.id][0],
            client=about[swap.id][1],
            system=about[swap.id][2],
            installed_part=swap.installed_part,
            installed_serial=swap.installed_serial,
            removed_part=swap.removed_part,
            removed_serial=swap.removed_serial,
            recorded_at=swap.recorded_at,
        )
        for swap in installed
    ]


@dataclass(frozen=True, slots=True)
class ContractChoice:
    """A contract as the "new incident" form offers it, with its Annex 1."""

    contract: Contract
    client_name: str
    systems: tuple[CoveredSystem, ...]


def contract_choices(store: Store) -> list[ContractChoice]:
    with store.read() as session:
        rows = session.execute(
            select(ContractRow, ClientRow.name)
            .join(ClientRow, ClientRow.id == ContractRow.client_id)
            .order_by(ClientRow.name, ContractRow.number)
        ).all()
        return [
            ContractChoice(
                contract=mapping.contract(row),
                client_name=client,
                systems=tuple(mapping.covered_system(s) for s in row.systems),
            )
            for row, client in rows
        ]
