"""Time logged by hand (status changes log travel, on-site and waiting time by themselves)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from desktop.store.db import Store
from desktop.usecases.common import Changed, Recording, aware, choice, record_entry
from desktop.usecases.errors import InvalidValue
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import TimeEntry, TimeKind

_CTX = "UseCaseError"

LONGEST = timedelta(hours=24)


def log_time(
    store: Store,
    incident: str | uuid.UUID,
    *,
    kind: TimeKind | str,
    started_at: datetime,
    ended_at: datetime,
    now: datetime | None = None,
) -> Changed:
    """Log a span of travel, on-site or waiting time."""
    time_kind = choice(
        TimeKind, kind, "kind", QT_TRANSLATE_NOOP("UseCaseError", "The kind of time")
    )
    for value, field in ((started_at, "started_at"), (ended_at, "ended_at")):
        if not isinstance(value, datetime):
            raise InvalidValue(QT_TRANSLATE_NOOP("UseCaseError", "Give a date and time."), field)
    start, end = aware(started_at, "started_at"), aware(ended_at, "ended_at")
    if end <= start:
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "The end must come after the start."), "ended_at"
        )
    if end - start > LONGEST:
        raise InvalidValue(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "One time entry can cover at most 24 hours; split it."
            ),
            "ended_at",
        )

    def make(rec: Recording) -> TimeEntry:
        rec.log("%s time %s", time_kind, end - start)
        return TimeEntry(**rec.stamp(), time_kind=time_kind, started_at=start, ended_at=end)

    return record_entry(store, incident, make, now=now)
