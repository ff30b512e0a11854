"""Pausing the SLA clock while the client cannot give access or information.

The rulebook decides whether the contract lets the clock stop and whether the incident's
state allows it (:func:`domain.rules.check_clock_mark`, the same check the service
makes). Here, beside it, the technician is kept from a pause while paused or a resume
while running, which the service would accept and ignore (two laptops may both pause
offline): on one laptop it is a slip worth a word.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from desktop.store.db import Store
from desktop.usecases.common import (
    TEXT_MAX,
    Changed,
    append,
    author,
    find_incident,
    log,
    moment,
    text,
    writable,
)
from desktop.usecases.errors import WrongState
from desktop.usecases.incidents import is_paused
from domain.ids import new_id
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import ClockPause, ClockResume

_CTX = "UseCaseError"


def pause_clock(
    store: Store, incident: str | uuid.UUID, reason: str, *, now: datetime | None = None
) -> Changed:
    """Stop the resolution clock, if the contract allows it, saying why."""
    now = moment(store, now)
    why = text(reason, "reason", QT_TRANSLATE_NOOP("UseCaseError", "The reason"), limit=TEXT_MAX)
    with store.write() as session:
        row = writable(find_incident(session, incident))
        entry = ClockPause(
            id=new_id(),
            incident_id=row.id,
            recorded_at=now,
            author_id=author(session),
            reason=why,
        )
        if is_paused(session, row.id):
            raise WrongState(
                QT_TRANSLATE_NOOP("UseCaseError", "The clock of {number} is already paused."),
                "reason",
                number=row.number,
            )
        append(session, entry, now)
        row.updated_at = now
        log.info("%s: clock paused", row.number)
        return Changed(incident_ids=frozenset({row.id}), entry_ids=(entry.id,))


def resume_clock(
    store: Store, incident: str | uuid.UUID, *, now: datetime | None = None
) -> Changed:
    now = moment(store, now)
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
