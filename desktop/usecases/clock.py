"""Pausing the SLA clock while the client cannot give access or information."""

from __future__ import annotations

import uuid
from datetime import datetime

from desktop.store.db import Store
from desktop.store.models import ContractRow
from desktop.usecases.common import (
    TEXT_MAX,
    Changed,
    append,
    author,
    aware,
    find_incident,
    log,
    text,
    utcnow,
    writable,
)
from desktop.usecases.errors import WrongState
from desktop.usecases.incidents import is_paused
from domain.ids import new_id
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import ClockPause, ClockResume, Status

_CTX = "UseCaseError"


def pause_clock(
    store: Store, incident: str | uuid.UUID, reason: str, *, now: datetime | None = None
) -> Changed:
    """Stop the resolution clock, if the contract allows it, saying why."""
    now = aware(now, "now") if now is not None else utcnow()
    why = text(reason, "reason", QT_TRANSLATE_NOOP("UseCaseError", "The reason"), limit=TEXT_MAX)
    with store.write() as session:
        row = writable(find_incident(session, incident))
        contract = session.get(ContractRow, row.contract_id)
        assert contract is not None  # foreign key
        if not contract.pause_allowed:
            raise WrongState(
                QT_TRANSLATE_NOOP(
                    "UseCaseError", "Contract {contract} does not let the SLA clock stop."
                ),
                "reason",
                contract=contract.number,
            )
        if row.status is Status.RESOLVED:
            raise WrongState(
                QT_TRANSLATE_NOOP(
                    "UseCaseError", "Incident {number} is resolved: its clock has already stopped."
                ),
                "reason",
                number=row.number,
            )
        if is_paused(session, row.id):
            raise WrongState(
                QT_TRANSLATE_NOOP("UseCaseError", "The clock of {number} is already paused."),
                "reason",
                number=row.number,
            )
        entry = ClockPause(
            id=new_id(),
            incident_id=row.id,
            recorded_at=now,
            author_id=author(session),
            reason=why,
        )
        append(session, entry, now)
        row.updated_at = now
        log.info("%s: clock paused", row.number)
        return Changed(incident_ids=frozenset({row.id}), entry_ids=(entry.id,))


def resume_clock(
    store: Store, incident: str | uuid.UUID, *, now: datetime | None = None
) -> Changed:
    now = aware(now, "now") if now is not None else utcnow()
    with store.write() as session:
        row = writable(find_incident(session, incident))
        if not is_paused(session, row.id):
            raise WrongState(
                QT_TRANSLATE_NOOP("UseCaseError", "The clock of {number} is not paused."),
                None,
                number=row.number,
            )
        entry = ClockResume(
            id=new_id(), incident_id=row.id, recorded_at=now, author_id=author(session)
        )
        append(session, entry, now)
        row.updated_at = now
        log.info("%s: clock resumed", row.number)
        return Changed(incident_ids=frozenset({row.id}), entry_ids=(entry.id,))
