"""Opening an incident on site and moving it through the status graph."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.store import mapping, outbox
from desktop.store.db import Store
from desktop.store.models import (
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    MetaRow,
    StatusRow,
    VoidRow,
)
from desktop.usecases.common import (
    NAME_MAX,
    TEXT_MAX,
    Changed,
    append,
    author,
    aware,
    choice,
    find_incident,
    log,
    one_line,
    text,
    utcnow,
)
from desktop.usecases.errors import InvalidValue, UnknownRecord, WrongState
from domain.ids import new_id
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import (
    Channel,
    ClockPause,
    ClockResume,
    Priority,
    Resolution,
    Status,
    StatusChange,
    TimeEntry,
    TimeKind,
)
from domain.seal import plain
from domain.status import InvalidTransition, check_transition

_CTX = "UseCaseError"

# Time spent in these states is logged by itself when the incident leaves them.
_TIMED_STATES = {
    Status.TRAVELLING: TimeKind.TRAVEL,
    Status.ON_SITE: TimeKind.ON_SITE,
    Status.WAITING_FOR_CLIENT: TimeKind.WAITING,
}


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
    now = aware(now, "now") if now is not None else utcnow()
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
        created = [
            _transition(session, row, Status.RESPONDED, None, now),
            _transition(session, row, Status.ON_SITE, None, now),
        ]
        log.info("opened %s on site (%s, %s)", row.number, prio, contract_row.number)
        return Changed(
            incident_ids=frozenset({row.id}),
            entry_ids=tuple(i for ids in created for i in ids),
        )


def change_status(
    store: Store,
    incident: str | uuid.UUID,
    to: Status | str,
    *,
    resolution: Resolution | str | None = None,
    now: datetime | None = None,
) -> Changed:
    """Move ``incident`` to ``to``; time in travel, on site or waiting is logged by itself."""
    now = aware(now, "now") if now is not None else utcnow()
    target = choice(Status, to, "status", QT_TRANSLATE_NOOP("UseCaseError", "The status"))
    how = (
        None
        if resolution is None
        else choice(
            Resolution, resolution, "resolution", QT_TRANSLATE_NOOP("UseCaseError", "The outcome")
        )
    )
    if target is Status.SIGNED_OFF:
        raise WrongState(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "An incident is signed off by the client's signature, not by a status change.",
            ),
            "status",
        )
    if target is Status.RESOLVED and how is None:
        raise InvalidValue(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "Say whether it is fixed or a workaround is in place."
            ),
            "resolution",
        )
    if target is not Status.RESOLVED and how is not None:
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "Only a resolved incident has an outcome."),
            "resolution",
        )
    with store.write() as session:
        row = find_incident(session, incident)
        try:
            check_transition(row.status, target)
        except InvalidTransition as error:
            raise WrongState(error.message.template, "status", **error.message.params) from error
        ids = _transition(session, row, target, how, now)
        log.info("%s: -> %s", row.number, target)
        return Changed(incident_ids=frozenset({row.id}), entry_ids=ids)


def _transition(
    session: Session,
    row: IncidentRow,
    target: Status,
    resolution: Resolution | None,
    now: datetime,
) -> tuple[uuid.UUID, ...]:
    """Apply one checked status change with its side effects; return the new entry ids."""
    me = author(session)
    created: list[uuid.UUID] = []
    previous = row.status
    kind = _TIMED_STATES.get(previous)
    if kind is not None:
        since = _entered_at(session, row.id, previous)
        if since is not None and since < now:
            entry = TimeEntry(
                id=new_id(),
                incident_id=row.id,
                recorded_at=now,
                author_id=me,
                time_kind=kind,
                started_at=since,
                ended_at=now,
            )
            append(session, entry, now)
            created.append(entry.id)
    if is_paused(session, row.id) and target in (Status.ON_SITE, Status.RESOLVED, Status.CANCELLED):
        resume = ClockResume(id=new_id(), incident_id=row.id, recorded_at=now, author_id=me)
        append(session, resume, now)
        created.append(resume.id)
    change = StatusChange(
        id=new_id(),
        incident_id=row.id,
        recorded_at=now,
        author_id=me,
        from_status=previous,
        to_status=target,
        resolution=resolution,
    )
    session.add(mapping.entry_row(change))
    outbox.enqueue(
        session,
        outbox.Mutation.INCIDENT_STATUS,
        {"kind": change.kind, **plain(change)},
        now=now,
        incident_id=row.id,
        entry_id=change.id,
    )
    created.append(change.id)
    row.status = target
    if target is Status.RESPONDED and row.responded_at is None:
        row.responded_at = now
    if target is Status.RESOLVED:
        row.resolved_at, row.resolution = now, resolution
    elif previous is Status.RESOLVED:
        row.resolved_at, row.resolution = None, None  # reopened: the clock runs on
    row.updated_at = now
    session.flush()
    return tuple(created)


def _entered_at(session: Session, incident_id: uuid.UUID, status: Status) -> datetime | None:
    voided = select(VoidRow.voided_id)
    return session.scalar(
        select(StatusRow.recorded_at)
        .where(
            StatusRow.incident_id == incident_id,
            StatusRow.to_status == status,
            StatusRow.id.not_in(voided),
        )
        .order_by(StatusRow.recorded_at.desc(), StatusRow.id.desc())
        .limit(1)
    )


def is_paused(session: Session, incident_id: uuid.UUID) -> bool:
    """Is the SLA clock of ``incident_id`` paused right now?"""
    voided = select(VoidRow.voided_id)
    last = session.scalar(
        select(EntryRow.kind)
        .where(
            EntryRow.incident_id == incident_id,
            EntryRow.kind.in_((ClockPause.kind, ClockResume.kind)),
            EntryRow.id.not_in(voided),
        )
        .order_by(EntryRow.recorded_at.desc(), EntryRow.id.desc())
        .limit(1)
    )
    return last == ClockPause.kind


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
