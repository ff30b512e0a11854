"""The board: every open incident, most urgent first, with both SLA clocks.

Read in a handful of queries whatever the number of incidents (the incidents with their
client, contract, system and technician; the contracts' targets; the clock marks of the
contracts that allow pauses; the technicians' last contact), then judged with the very
functions the laptop uses: :func:`domain.sla.read_times` for the clocks (pauses paired
in the service's order, :func:`domain.sla.pauses_from_entries`),
:func:`domain.sla.urgency` for the order and :func:`domain.sla.needs_attention` for
"about to breach". The browser only counts the clocks down between two reads.
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from domain.records import ClockPause, ClockResume, Entry, Priority, Status
from domain.sla import (
    ClockReading,
    Outcome,
    Placement,
    SlaReading,
    UrgencyKey,
    needs_attention,
    pauses_from_entries,
    read_times,
    urgency,
)
from domain.status import OPEN_STATES
from domain.zones import zone
from sync.protocol.messages import Role
from sync.protocol.records import entry_from_plain
from sync.server import records
from sync.server.console.people import last_contacts
from sync.server.models import (
    ClientRow,
    ContractRow,
    CounterRow,
    EntryRow,
    IncidentRow,
    SlaTargetRow,
    UserRow,
)

#: Statuses in which the technician is working on it in the field: a laptop not heard
#: from for long means what the board shows may be old news.
FIELD_STATES = frozenset(
    {Status.RESPONDED, Status.TRAVELLING, Status.ON_SITE, Status.WAITING_FOR_CLIENT}
)
_MARK_KINDS = (ClockPause.kind, ClockResume.kind)


class Show:
    """The board's quick filters."""

    ALL = "all"
    ATTENTION = "attention"  # any clock past 75 % of its target, and every breach
    SOON = "soon"  # about to breach
    BREACHED = "breached"
    UNASSIGNED = "unassigned"
    CHOICES = (ALL, ATTENTION, SOON, BREACHED, UNASSIGNED)


@dataclass(frozen=True, slots=True)
class Filters:
    client: uuid.UUID | None = None
    priority: Priority | None = None
    technician: uuid.UUID | None = None
    show: str = Show.ALL

    @classmethod
    def read(cls, params: Mapping[str, str]) -> Filters:
        """From the query string; anything unreadable is simply not a filter."""

        def uid(name: str) -> uuid.UUID | None:
            try:
                return uuid.UUID(params.get(name, ""))
            except ValueError:
                return None

        priority = params.get("priority", "")
        show = params.get("show", Show.ALL)
        return cls(
            client=uid("client"),
            priority=Priority(priority) if priority in Priority.__members__ else None,
            technician=uid("technician"),
            show=show if show in Show.CHOICES else Show.ALL,
        )

    def query(self) -> dict[str, str]:
        """As query parameters (for links that keep them)."""
        out: dict[str, str] = {}
        if self.client:
            out["client"] = str(self.client)
        if self.priority:
            out["priority"] = self.priority.value
        if self.technician:
            out["technician"] = str(self.technician)
        if self.show != Show.ALL:
            out["show"] = self.show
        return out


@dataclass(frozen=True, slots=True)
class Clock:
    """One SLA clock as the board shows it (the browser counts it on from ``due``)."""

    reading: ClockReading
    attention: bool

    @property
    def state(self) -> str:
        if self.reading.outcome is Outcome.RUNNING and self.attention:
            return "soon"
        return self.reading.outcome.value

    @property
    def counting(self) -> bool:
        """Running: its text changes every second."""
        return self.reading.outcome in (Outcome.RUNNING, Outcome.MISSED) and (
            self.reading.stopped_at is None and not self.reading.is_paused
        )

    @property
    def due_ms(self) -> int | None:
        due = self.reading.due_at
        return None if due is None else int(due.timestamp() * 1000)

    @property
    def target_ms(self) -> int | None:
        target = self.reading.target
        return None if target is None else int(target.total_seconds() * 1000)

    @property
    def left_ms(self) -> int | None:
        left = self.reading.time_left
        return None if left is None else int(left.total_seconds() * 1000)


@dataclass(frozen=True, slots=True)
class Row:
    id: uuid.UUID
    number: str
    title: str
    priority: Priority
    status: Status
    client_id: uuid.UUID
    client: str
    system: str
    covered: bool
    technician_id: uuid.UUID | None
    technician: str
    contact_at: datetime | None
    stale: bool
    notified_at: datetime
    tz: tzinfo
    response: Clock
    resolution: Clock
    current: str  # "response" until first contact, then "resolution"
    breached: bool
    attention: bool
    key: UrgencyKey

    @property
    def needs_attention(self) -> bool:
        """The "needs attention" lane: a clock (either) running past 75 % of its target,
        or a breach."""
        return self.breached or self.response.attention or self.resolution.attention


@dataclass(slots=True)
class Board:
    rows: list[Row]
    total: int  # open incidents before the filters
    breached: int
    soon: int
    unassigned: int
    now: datetime
    needing_attention: int = 0
    clients: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    technicians: list[tuple[uuid.UUID, str]] = field(default_factory=list)


def _pause_marks(
    session: Session, incident_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, tuple[list[Entry], dict[uuid.UUID, Placement]]]:
    """Per incident: its pause and resume entries (voided ones left out) with their
    places in the service's order."""
    ids = list(incident_ids)
    found: dict[uuid.UUID, tuple[list[Entry], dict[uuid.UUID, Placement]]] = {}
    if not ids:
        return found
    voiding = aliased(EntryRow)
    rows = session.execute(
        select(EntryRow.incident_id, EntryRow.body, EntryRow.server_order, EntryRow.received_at)
        .where(EntryRow.kind.in_(_MARK_KINDS), EntryRow.incident_id.in_(ids))
        .where(~select(voiding.id).where(voiding.voided_id == EntryRow.id).exists())
    )
    for incident_id, body, order, received_at in rows:
        entry = entry_from_plain(records.entry_json(body))
        entries, placements = found.setdefault(incident_id, ([], {}))
        entries.append(entry)
        placements[entry.id] = Placement(order, received_at)
    return found


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every open incident's row at ``now``, most urgent first (before the filters)."""

    rows: list[Row]
    now: datetime
    position: int | None  # the feed counter it was read at
    clients: list[tuple[uuid.UUID, str]]
    technicians: list[tuple[uuid.UUID, str]]


def read_board(session: Session, filters: Filters, now: datetime, stale_after: timedelta) -> Board:
    """The board at ``now`` (the service's clock), filtered, most urgent first."""
    return filtered(read_snapshot(session, now, stale_after), filters)


def filtered(snapshot: Snapshot, filters: Filters) -> Board:
    rows = snapshot.rows
    return Board(
        rows=[r for r in rows if _keep(r, filters)],
        total=len(rows),
        breached=sum(r.breached for r in rows),
        soon=sum(r.attention for r in rows),
        unassigned=sum(r.technician_id is None for r in rows),
        now=snapshot.now,
        needing_attention=sum(r.needs_attention for r in rows),
        clients=snapshot.clients,
        technicians=snapshot.technicians,
    )


class Snapshots:
    """The last snapshot of this process, shared by every board it serves.

    Reading every open incident and both clocks of each costs a few hundred
    milliseconds with thousands of them; each change reaches every open board at once,
    and every one of them asks again. A snapshot is reused while the feed counter has
    not moved (nothing a laptop or dispatch recorded since) and it is younger than
    ``max_age``: the browser counts the clocks on from their due times meanwhile.
    """

    def __init__(self, max_age: timedelta = timedelta(seconds=5)) -> None:
        self.max_age = max_age
        self._lock = threading.Lock()
        self._last: Snapshot | None = None

    def get(self, session: Session, now: datetime, stale_after: timedelta) -> Snapshot:
        position = session.scalar(select(CounterRow.position).where(CounterRow.id == 1))
        with self._lock:
            last = self._last
            if (
                last is not None
                and last.position == position
                and timedelta(0) <= now - last.now < self.max_age
            ):
                return last
            fresh = read_snapshot(session, now, stale_after, position)
            self._last = fresh
            return fresh


def read_snapshot(
    session: Session, now: datetime, stale_after: timedelta, position: int | None = None
) -> Snapshot:
    """Every open incident with both clocks at ``now``, most urgent first."""
    technician = aliased(UserRow)
    # Columns, not ORM objects: thousands of rows, read once and never changed here.
    rows = session.execute(
        select(
            IncidentRow.id,
            IncidentRow.number,
            IncidentRow.title,
            IncidentRow.priority,
            IncidentRow.status,
            IncidentRow.client_id,
            IncidentRow.contract_id,
            IncidentRow.system_id,
            IncidentRow.system_name,
            IncidentRow.notified_at,
            IncidentRow.responded_at,
            IncidentRow.resolved_at,
            IncidentRow.assigned_to,
            ClientRow.name.label("client_name"),
            ContractRow.pause_allowed,
            ContractRow.time_zone,
            technician.name.label("technician_name"),
        )
        .join(ClientRow, ClientRow.id == IncidentRow.client_id)
        .join(ContractRow, ContractRow.id == IncidentRow.contract_id)
        .outerjoin(technician, technician.id == IncidentRow.assigned_to)
        .where(IncidentRow.status.in_([s.value for s in OPEN_STATES]))
    ).all()
    contract_ids = {r.contract_id for r in rows}
    targets: dict[uuid.UUID, list[SlaTargetRow]] = defaultdict(list)
    contracts: dict[uuid.UUID, ContractRow] = {}
    if contract_ids:
        for t in session.scalars(
            select(SlaTargetRow).where(SlaTargetRow.contract_id.in_(contract_ids))
        ):
            targets[t.contract_id].append(t)
        contracts = {
            c.id: c
            for c in session.scalars(select(ContractRow).where(ContractRow.id.in_(contract_ids)))
        }
    policies = {cid: records.contract(c, targets[cid]).policy for cid, c in contracts.items()}
    marks = _pause_marks(session, (r.id for r in rows if r.pause_allowed))
    contacts = last_contacts(session)
    zones: dict[str, tzinfo] = {}
    board_rows: list[Row] = []
    for incident in rows:
        entries, placements = marks.get(incident.id, ([], {}))
        pauses = pauses_from_entries(entries, placements)
        sla = read_times(
            priority=incident.priority,
            notified_at=incident.notified_at,
            responded_at=incident.responded_at,
            resolved_at=incident.resolved_at,
            policy=policies[incident.contract_id],
            pauses=pauses,
            now=now,
        )
        row = _row(incident, sla, contacts, zones)
        board_rows.append(_stale(row, now, stale_after))
    board_rows.sort(key=lambda r: r.key)
    clients = [
        (cid, name)
        for cid, name in session.execute(
            select(ClientRow.id, ClientRow.name).order_by(ClientRow.name)
        )
    ]
    technicians = [
        (uid, name)
        for uid, name in session.execute(
            select(UserRow.id, UserRow.name)
            .where(UserRow.role == Role.TECHNICIAN, UserRow.active.is_(True))
            .order_by(UserRow.name)
        )
    ]
    return Snapshot(board_rows, now, position, clients, technicians)


def _row(
    incident: Any,
    sla: SlaReading,
    contacts: Mapping[uuid.UUID, datetime],
    zones: dict[str, tzinfo],
) -> Row:
    """One board row from one result row of :func:`read_board`'s query."""
    tz = zones.get(incident.time_zone)
    if tz is None:
        tz = zones[incident.time_zone] = zone(incident.time_zone) or UTC
    response = Clock(sla.response, needs_attention(sla.response))
    resolution = Clock(sla.resolution, needs_attention(sla.resolution))
    current = sla.current
    breached = sla.response.missed or sla.resolution.missed
    return Row(
        id=incident.id,
        number=incident.number,
        title=incident.title,
        priority=incident.priority,
        status=incident.status,
        client_id=incident.client_id,
        client=incident.client_name,
        system=incident.system_name,
        covered=incident.system_id is not None,
        technician_id=incident.assigned_to,
        technician=incident.technician_name or "",
        contact_at=contacts.get(incident.assigned_to) if incident.assigned_to else None,
        stale=False,
        notified_at=incident.notified_at,
        tz=tz,
        response=response,
        resolution=resolution,
        current="response" if current is sla.response else "resolution",
        breached=breached,
        attention=not breached and needs_attention(current),
        key=urgency(
            is_open=True,
            priority=incident.priority,
            clock=current,
            notified_at=incident.notified_at,
            number=incident.number,
        ),
    )


def _stale(row: Row, now: datetime, stale_after: timedelta) -> Row:
    if row.technician_id is None or row.status not in FIELD_STATES:
        return row
    if row.contact_at is not None and now - row.contact_at <= stale_after:
        return row
    return replace(row, stale=True)


def _keep(row: Row, filters: Filters) -> bool:
    if filters.client is not None and row.client_id != filters.client:
        return False
    if filters.priority is not None and row.priority is not filters.priority:
        return False
    if filters.technician is not None and row.technician_id != filters.technician:
        return False
    if filters.show == Show.ATTENTION:
        return row.needs_attention
    if filters.show == Show.SOON:
        return row.attention
    if filters.show == Show.BREACHED:
        return row.breached
    if filters.show == Show.UNASSIGNED:
        return row.technician_id is None
    return True
