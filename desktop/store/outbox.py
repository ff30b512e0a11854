"""Writing mutations to the outbox, in the caller's transaction.

Each row belongs to the technician signed in when it was recorded; the sync engine
pushes the signed-in technician's pending rows in ``seq`` order. A payload is plain JSON made the
same way as the seal (:func:`domain.seal.plain`), so both ends read one format. The
names are the protocol's (:class:`sync.protocol.MutationName`), declared there only.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop.store.models import MetaRow, OutboxRow, OutboxState
from domain.records import Entry, Incident, StatusChange
from domain.seal import plain
from sync.protocol.records import MutationName


def enqueue(
    session: Session,
    name: MutationName,
    payload: dict[str, Any],
    *,
    now: datetime,
    incident_id: uuid.UUID | None = None,
    entry_id: uuid.UUID | None = None,
) -> OutboxRow:
    row = OutboxRow(
        name=name,
        payload=payload,
        created_at=now,
        incident_id=incident_id,
        entry_id=entry_id,
        state=OutboxState.PENDING,
        owner=_signed_in(session),
    )
    session.add(row)
    return row


def _signed_in(session: Session) -> uuid.UUID | None:
    """Whose work it is: the technician signed in (None: nobody yet; the first one to
    sign in takes it)."""
    meta = session.get(MetaRow, "technician_id")
    return uuid.UUID(meta.value) if meta is not None and meta.value else None


def enqueue_entry(session: Session, entry: Entry, *, now: datetime) -> OutboxRow:
    return enqueue(
        session,
        MutationName.ENTRY_ADD,
        {"kind": entry.kind, **plain(entry)},
        now=now,
        incident_id=entry.incident_id,
        entry_id=entry.id,
    )


def enqueue_status(session: Session, change: StatusChange, *, now: datetime) -> OutboxRow:
    """A status change travels as a ``from → to`` transition, judged again by the service."""
    return enqueue(
        session,
        MutationName.INCIDENT_STATUS,
        {"kind": change.kind, **plain(change)},
        now=now,
        incident_id=change.incident_id,
        entry_id=change.id,
    )


def enqueue_incident(session: Session, incident: Incident, *, now: datetime) -> OutboxRow:
    return enqueue(
        session, MutationName.INCIDENT_CREATE, plain(incident), now=now, incident_id=incident.id
    )


#: States whose payload the laptop no longer needs: the service has it (applied), or the
#: technician let it go (discarded; it goes out empty, only to use up its number).
SETTLED = (OutboxState.APPLIED, OutboxState.DISCARDED)


def prune_settled(session: Session) -> int:
    """Empty the payloads of settled rows, in the caller's transaction; how many.

    The row stays (its number, state and result: exactly-once, the refused view); the
    client's words it carried go. A pending row (perhaps sent, its reply lost) keeps its
    payload until the service's answer for it is recorded.
    """
    result = session.execute(
        update(OutboxRow)
        .where(OutboxRow.state.in_(SETTLED), OutboxRow.payload != {})
        .values(payload={})
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def counts(session: Session) -> dict[OutboxState, int]:
    rows = session.execute(select(OutboxRow.state, func.count()).group_by(OutboxRow.state))
    found = {state: n for state, n in rows}
    return {state: found.get(state, 0) for state in OutboxState}
