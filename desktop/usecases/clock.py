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
from desktop.usecases.common import TEXT_MAX, Changed, Recording, record_entry, text
from desktop.usecases.errors import WrongState
from desktop.usecases.incidents import is_paused
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import ClockPause, ClockResume

_CTX = "UseCaseError"


def pause_clock(
    store: Store, incident: str | uuid.UUID, reason: str, *, now: datetime | None = None
) -> Changed:
    """Stop the resolution clock, if the contract allows it, saying why."""
    why = text(reason, "reason", QT_TRANSLATE_NOOP("UseCaseError", "The reason"), limit=TEXT_MAX)

    def make(rec: Recording) -> ClockPause:
        if is_paused(rec.session, rec.incident.id):
            raise WrongState(
                QT_TRANSLATE_NOOP("UseCaseError", "The clock of {number} is already paused."),
                "reason",
                number=rec.incident.number,
            )
        rec.log("clock paused")
        return ClockPause(**rec.stamp(), reason=why)

    return record_entry(store, incident, make, now=now)


def resume_clock(
    store: Store, incident: str | uuid.UUID, *, now: datetime | None = None
) -> Changed:
    def make(rec: Recording) -> ClockResume:
        if not is_paused(rec.session, rec.incident.id):
            raise WrongState(
                QT_TRANSLATE_NOOP("UseCaseError", "The clock of {number} is not paused."),
                None,
                number=rec.incident.number,
            )
        rec.log("clock resumed")
        return ClockResume(**rec.stamp())

    return record_entry(store, incident, make, now=now)
