"""SLA alerts that mean something: one per running clock as it crosses 75 % of its target
(:data:`domain.sla.ATTENTION_SHARE` left) and one when it breaches; none for paused or
stopped clocks; and the most urgent clock, by :func:`domain.sla.urgency`, for the status
bar to keep in view.

What a clock has already been alerted for is remembered per incident and clock, so an
alert never repeats. The first look (when the window opens) only notes where every clock
stands: what was already late before the window opened is summed up once, not alerted
clock by clock. An incident that appears later (from the office) is new to the
technician, so its clocks alert as they stand.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import TYPE_CHECKING

from ui import lazy

if TYPE_CHECKING:
    from desktop.usecases.queries import IndexRow
    from domain import sla
    from domain.records import Priority
    from domain.sla import ClockKind, ClockReading
else:  # the SLA clocks come with the rows, after the window's first paint
    sla = lazy.module("domain.sla")


class Level(IntEnum):
    ON_TRACK = 0
    ATTENTION = 1  # under 25 % of the target left
    BREACHED = 2


@dataclass(frozen=True, slots=True)
class Alert:
    incident_id: uuid.UUID
    number: str
    priority: Priority
    level: Level
    clock: ClockReading


def level(clock: ClockReading) -> Level | None:
    """Where a running clock stands; None for a paused, stopped or target-less one."""
    if clock.stopped_at is not None or clock.is_paused or clock.outcome is sla.Outcome.NO_TARGET:
        return None
    if clock.outcome is sla.Outcome.MISSED:
        return Level.BREACHED
    return Level.ATTENTION if sla.needs_attention(clock) else Level.ON_TRACK


class SlaAlerts:
    def __init__(self) -> None:
        self._levels: dict[tuple[uuid.UUID, ClockKind], Level] = {}
        self._started = False
        #: What stood at the first look: clocks already breached or needing attention.
        self.at_start: list[Alert] = []

    @property
    def started(self) -> bool:
        return self._started

    def check(self, rows: Iterable[IndexRow], now: datetime) -> list[Alert]:
        """The alerts due since the last check, the most urgent first."""
        due: list[Alert] = []
        standing: list[Alert] = []
        for row in rows:
            if not row.is_open:
                continue
            clock = row.sla(now).current
            now_level = level(clock)
            if now_level is None:
                continue  # paused or stopped: it cannot cross anything now
            key = (row.id, clock.kind)
            before = self._levels.get(key)
            self._levels[key] = max(now_level, before or Level.ON_TRACK)
            alert = Alert(row.id, row.number, row.priority, now_level, clock)
            if not self._started:
                if now_level > Level.ON_TRACK:
                    standing.append(alert)
            elif now_level > (before if before is not None else Level.ON_TRACK):
                due.append(alert)
        if not self._started:
            self._started = True
            self.at_start = _most_urgent_first(standing, now)
        return _most_urgent_first(due, now)

    @staticmethod
    def most_urgent(rows: Iterable[IndexRow], now: datetime) -> Alert | None:
        """The open incident whose running clock is breached or about to be, most urgent
        first by the office's rule; None when every clock is on track."""
        candidates = []
        for row in rows:
            if not row.is_open:
                continue
            clock = row.sla(now).current
            now_level = level(clock)
            if now_level is not None and now_level > Level.ON_TRACK:
                candidates.append(Alert(row.id, row.number, row.priority, now_level, clock))
        ordered = _most_urgent_first(candidates, now)
        return ordered[0] if ordered else None


def _most_urgent_first(alerts: list[Alert], now: datetime) -> list[Alert]:
    return sorted(
        alerts,
        key=lambda a: sla.urgency(
            is_open=True, priority=a.priority, clock=a.clock, notified_at=now, number=a.number
        ),
    )
