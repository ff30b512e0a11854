"""Opening an incident on site and moving it through the status graph."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, with_polymorphic

from desktop.store import mapping, outbox
from desktop.store.db import Store
from desktop.store.models import (
    ENTRY_ROWS,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    MetaRow,
    VoidRow,
)
from desktop.usecases.common import (
    NAME_MAX,
    TEXT_MAX,
    Changed,
    Recording,
    author,
    choice,
    local_ranks,
    log,
    moment,
    one_line,
    placements,
    record_entry,
    text,
    touch,
)
from desktop.usecases.errors import UnknownRecord
from domain import rules
from domain.ids import new_id
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import (
    Channel,
    ClockPause,
    ClockResume,
    Entry,
    Priority,
    Resolution,
    Status,
    StatusChange,
    TimeEntry,
)
from domain.sla import Placement, clock_marks, in_service_order
from domain.sla import is_paused as sla_is_paused

_CTX = "UseCaseError"


def open_on_site(
    store: Store,
    *,
    contract: str | uuid.UUID,
    title: str,
    priority: Priority | str,
    system_id: uuid.UUID | None = None,
    system_name: str = "",
    description: str = "",
    channel: Channel | str = Channel.WALK_UP,
    now: datetime | None = None,
) -> Changed:
    """Record a request made to the technician on site, offline, under ``contract``.

    The incident starts as notified, responded and on site at ``now``: the technician is
    already there. A system outside the contract's Annex 1 is named in ``system_name``.
    """
    now = moment(store, now)
    title = one_line(title, "title", QT_TRANSLATE_NOOP("UseCaseError", "The title"), limit=NAME_MAX)
    description = text(
        description,
        "description",
        QT_TRANSLATE_NOOP("UseCaseError", "The description"),
        limit=TEXT_MAX,
        required=False,
    )
    prio = choice(Priority, priority, "priority", QT_TRANSLATE_NOOP("UseCaseError", "The priority"))
    chan = choice(Channel, channel, "channel", QT_TRANSLATE_NOOP("UseCaseError", "The channel"))
    with store.write() as session:
        contract_row = _find_contract(session, contract)
        if system_id is not None:
            system = session.get(CoveredSystemRow, system_id)
            if system is None or system.contract_id != contract_row.id:
                raise UnknownRecord(
                    QT_TRANSLATE_NOOP("UseCaseError", "covered system"), str(system_id), "system"
                )
            name = system.name
        else:
            name = one_line(
                system_name,
                "system",
                QT_TRANSLATE_NOOP("UseCaseError", "The system"),
                limit=NAME_MAX,
            )
        row = IncidentRow(
            id=new_id(),
            number=_next_local_number(session),
            client_id=contract_row.client_id,
            contract_id=contract_row.id,
            system_id=system_id,
            system_name=name,
            priority=prio,
            channel=chan,
            title=title,
            description=description,
            notified_at=now,
            status=Status.NEW,
            assigned_to=author(session),
            updated_at=now,
        )
        session.add(row)
        session.flush()
        outbox.enqueue_incident(session, mapping.incident(row), now=now)
        rec = Recording(session, row, now, row.assigned_to)
        transition(rec, Status.RESPONDED, None)
        transition(rec, Status.ON_SITE, None)
        log.info("opened %s on site (%s)", row.number, prio)
        return Changed(incident_ids=frozenset({row.id}), entry_ids=tuple(rec.added))


def change_status(
    store: Store,
    incident: str | uuid.UUID,
    to: Status | str,
    *,
    resolution: Resolution | str | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> Changed:
    """Move ``incident`` to ``to``; time in travel, on site or waiting is logged by itself.

    The rulebook judges the move (:func:`domain.rules.check_status_change`) and says what
    it does to the incident (:func:`domain.rules.apply_status`), as the service will.
    """
    target = choice(Status, to, "status", QT_TRANSLATE_NOOP("UseCaseError", "The status"))
    how = (
        None
        if resolution is None
        else choice(
            Resolution, resolution, "resolution", QT_TRANSLATE_NOOP("UseCaseError", "The outcome")
        )
    )
    why = text(
        reason,
        "reason",
        QT_TRANSLATE_NOOP("UseCaseError", "The reason"),
        limit=TEXT_MAX,
        required=False,
    )

    def make(rec: Recording) -> None:
        transition(rec, target, how, reason=why)
        rec.log("-> %s", target)

    # No check but the status graph's (:func:`transition`).
    return record_entry(store, incident, make, now=now, check=None)


def transition(
    rec: Recording,
    target: Status,
    resolution: Resolution | None,
    *,
    reason: str = "",
    signed: bool = False,
) -> None:
    """Check and record one status change of ``rec.incident`` with its side effects.

    ``signed``: the sign-off that allows "signed off" was just recorded (the sign-off use
    case). Side effects, before the change itself: the time spent in the state being left
    (travel, on site, waiting) is logged, and a paused clock resumes when the technician
    is back on site, resolves or cancels.
    """
    row, session, now = rec.incident, rec.session, rec.now
    change = StatusChange(
        **rec.stamp(),
        from_status=row.status,
        to_status=target,
        resolution=resolution,
        reason=reason,
    )
    rules.check_status_change(mapping.incident(row), change, signed=signed)
    previous = row.status
    kind = rules.TIMED_STATES.get(previous)
    if kind is not None:
        since = _entered_at(session, row.id, previous)
        if since is not None and since < now:
            rec.add(TimeEntry(**rec.stamp(), time_kind=kind, started_at=since, ended_at=now))
    if target in rules.RESUMING_STATES and is_paused(session, row.id):
        rec.add(ClockResume(**rec.stamp()))
    # Its id after the entries it causes: at one time, entries list in id order.
    change = rec.add_status(replace(change, id=new_id()))
    mapping.update_incident_row(row, rules.apply_status(mapping.incident(row), change))
    touch(row, now)
    session.flush()


def _ordered(
    session: Session, incident_id: uuid.UUID, kinds: tuple[str, ...]
) -> tuple[list[Entry], dict[uuid.UUID, Placement], dict[uuid.UUID, int]]:
    """The incident's entries of ``kinds``, not voided, with where the service placed them
    and their outbox numbers here: what :func:`domain.sla.in_service_order` needs."""
    poly = with_polymorphic(EntryRow, [ENTRY_ROWS[k] for k in kinds])
    voided = select(VoidRow.voided_id)
    rows = session.scalars(
        select(poly).where(
            poly.incident_id == incident_id, poly.kind.in_(kinds), poly.id.not_in(voided)
        )
    ).all()
    entries = mapping.entries(rows)
    ids = [e.id for e in entries]
    return entries, placements(session, ids), local_ranks(session, ids)


def _entered_at(session: Session, incident_id: uuid.UUID, status: Status) -> datetime | None:
    """When the incident last entered ``status``, by the service's order of changes."""
    changes = in_service_order(*_ordered(session, incident_id, (StatusChange.kind,)))
    for change in reversed(changes):
        if isinstance(change, StatusChange) and change.to_status is status:
            return change.recorded_at
    return None


def is_paused(session: Session, incident_id: uuid.UUID) -> bool:
    """Is the SLA clock of ``incident_id`` paused right now (the service's order)?"""
    marks = _ordered(session, incident_id, (ClockPause.kind, ClockResume.kind))
    return sla_is_paused(clock_marks(*marks))


def _find_contract(session: Session, ref: str | uuid.UUID) -> ContractRow:
    row: ContractRow | None = None
    if isinstance(ref, uuid.UUID):
        row = session.get(ContractRow, ref)
    else:
        try:
            row = session.get(ContractRow, uuid.UUID(ref.strip()))
        except ValueError:
            row = session.scalars(
                select(ContractRow).where(ContractRow.number == ref.strip())
            ).one_or_none()
    if row is None:
        raise UnknownRecord(QT_TRANSLATE_NOOP("UseCaseError", "contract"), str(ref), "contract")
    return row


def _next_local_number(session: Session) -> str:
    """A number no other laptop can hand out: W-<install>-<counter> (W for walk-up)."""
    client = session.get(MetaRow, "client_id")
    counter = session.get(MetaRow, "local_incident_seq")
    n = int(counter.value) + 1 if counter is not None else 1
    session.merge(MetaRow(key="local_incident_seq", value=str(n)))
    install = client.value.replace("-", "")[-6:].upper() if client is not None else "LOCAL"
    return f"W-{install}-{n:04d}"
