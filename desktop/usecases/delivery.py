"""E-mailing an incident's report to the client ("Send to the client", ``send-report``).

The laptop does not send mail: it queues the request in the outbox (``report.send``)
with a row the timeline shows, in one transaction. When it syncs, the central service
renders the same report from its record and e-mails it (:mod:`sync.server.delivery`);
a later pull brings when it was sent, or why not yet. Offline, the request simply waits:
"will be sent when you are online".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.store.db import Store
from desktop.store.models import ClientRow, DeliveryRow, OutboxRow, OutboxState
from desktop.store.outbox import enqueue
from desktop.usecases.common import find_incident, moment
from desktop.usecases.errors import InvalidValue
from domain.ids import new_id
from domain.mail import check_address
from domain.messages import QT_TRANSLATE_NOOP
from domain.seal import plain
from sync.protocol.records import MutationName, ReportDelivery, ReportSend

LANGUAGES = ("en", "zh")


class DeliveryState(StrEnum):
    QUEUED = "queued"  # in the outbox: "will be sent when you are online"
    SENDING = "sending"  # the service has it and is e-mailing it (or retrying)
    SENT = "sent"  # the mail server took it (``sent_at``)
    REFUSED = "refused"  # the service refused the request (``reason``)


@dataclass(frozen=True, slots=True)
class Delivery:
    id: uuid.UUID
    incident_id: uuid.UUID
    address: str
    language: str
    brief: bool
    requested_at: datetime
    state: DeliveryState
    sent_at: datetime | None = None
    attempts: int = 0
    reason: str | None = None  # refused: the service's reason; sending: the last failure


def client_address(store: Store, ref: str | uuid.UUID) -> str:
    """The client's contact address for reports ("" if the record has none): the
    window and the command line offer it."""
    with store.read() as session:
        row = find_incident(session, ref)
        email = session.scalar(select(ClientRow.email).where(ClientRow.id == row.client_id))
    return email or ""


def send_report(
    store: Store,
    ref: str | uuid.UUID,
    address: str | None = None,
    *,
    language: str | None = None,
    brief: bool = False,
    now: datetime | None = None,
) -> Delivery:
    """Queue the report of ``ref`` to be e-mailed to ``address`` (default: the client's
    contact) in ``language`` (default: the client's)."""
    now = moment(store, now)
    if language is not None and language not in LANGUAGES:
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "The report's language is English or Chinese."),
            "language",
        )
    with store.write() as session:
        row = find_incident(session, ref)
        client = session.get_one(ClientRow, row.client_id)
        clean = check_address(address if address is not None else client.email)
        lang = language or (client.language if client.language in LANGUAGES else "en")
        request = ReportSend(
            id=new_id(),
            incident_id=row.id,
            address=clean,
            language=lang,
            brief=brief,
            requested_at=now,
        )
        queued = enqueue(
            session, MutationName.REPORT_SEND, plain(request), now=now, incident_id=row.id
        )
        session.flush()
        session.add(
            DeliveryRow(
                id=request.id,
                incident_id=row.id,
                address=clean,
                language=lang,
                brief=brief,
                requested_at=now,
                outbox_seq=queued.seq,
                attempts=0,
            )
        )
    return Delivery(request.id, row.id, clean, lang, brief, now, DeliveryState.QUEUED)


def deliveries(store: Store, ref: str | uuid.UUID) -> list[Delivery]:
    """The reports asked to be e-mailed for ``ref``, oldest first, with how each went."""
    with store.read() as session:
        row = find_incident(session, ref)
        return deliveries_of(session, row.id)


def deliveries_of(session: Session, incident_id: uuid.UUID) -> list[Delivery]:
    found = session.execute(
        select(DeliveryRow, OutboxRow.state, OutboxRow.reason)
        .outerjoin(OutboxRow, OutboxRow.seq == DeliveryRow.outbox_seq)
        .where(DeliveryRow.incident_id == incident_id)
        .order_by(DeliveryRow.requested_at, DeliveryRow.id)
    ).all()
    out = []
    for d, outbox_state, outbox_reason in found:
        reason = d.last_error
        if d.sent_at is not None:
            state = DeliveryState.SENT
        elif outbox_state in (OutboxState.REJECTED, OutboxState.DISCARDED):
            state, reason = DeliveryState.REFUSED, outbox_reason
        elif outbox_state is OutboxState.PENDING:
            state = DeliveryState.QUEUED
        else:
            state = DeliveryState.SENDING
        out.append(
            Delivery(
                d.id,
                d.incident_id,
                d.address,
                d.language,
                d.brief,
                d.requested_at,
                state,
                d.sent_at,
                d.attempts,
                reason,
            )
        )
    return out


def apply_delivery(session: Session, value: ReportDelivery) -> None:
    """What the service says of a request (a pull): sent, or still being tried."""
    row = session.get(DeliveryRow, value.id)
    if row is None:  # asked from another laptop of the same technician
        return
    row.sent_at = value.sent_at
    row.attempts = value.attempts
    row.last_error = value.last_error
