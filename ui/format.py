"""How times, durations and SLA readings read on screen, in the current language."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QLocale
from PySide6.QtGui import QColor

from domain import durations
from ui import lazy

if TYPE_CHECKING:
    from domain import sla
    from domain.sla import ClockReading
else:  # the SLA clocks come with the rows, after the window's first paint
    sla = lazy.module("domain.sla")

_DURATION_WORDS = {
    "d_h": QT_TRANSLATE_NOOP("Format", "{d} d {h} h"),
    "d": QT_TRANSLATE_NOOP("Format", "{d} d"),
    "h_m": QT_TRANSLATE_NOOP("Format", "{h} h {m} min"),
    "h": QT_TRANSLATE_NOOP("Format", "{h} h"),
    "m": QT_TRANSLATE_NOOP("Format", "{m} min"),
}


def _duration_words(key: str, **numbers: int) -> str:
    return QCoreApplication.translate("Format", str(_DURATION_WORDS[key])).format(**numbers)


def duration(value: timedelta) -> str:
    """``2 h 5 min``, ``45 min``, ``3 d 4 h`` (:func:`domain.durations.spell`)."""
    return durations.spell(value, _duration_words)


def local_time(value: datetime | None, with_date: bool = True) -> str:
    if value is None:
        return "—"
    local = value.astimezone()
    fmt = "yyyy-MM-dd HH:mm" if with_date else "HH:mm"
    return QLocale().toString(_qdatetime(local), fmt)


def short_time(value: datetime | None) -> str:
    """``16:31`` today, ``11-23 16:31`` another day of this year, else the full date."""
    if value is None:
        return "—"
    local, today = value.astimezone(), datetime.now().astimezone()
    if local.date() == today.date():
        return local_time(value, with_date=False)
    if local.year == today.year:
        return QLocale().toString(_qdatetime(local), "MM-dd HH:mm")
    return local_time(value)


def _qdatetime(value: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()))


def sla_left(clock: ClockReading) -> str:
    """What the SLA column says: time left, "breached 12 min ago", "met", "paused"."""
    if clock.outcome is sla.Outcome.NO_TARGET:
        return QCoreApplication.translate("Format", "no target")
    if clock.stopped_at is not None:
        return (
            QCoreApplication.translate("Format", "met")
            if clock.met
            else QCoreApplication.translate("Format", "missed")
        )
    assert clock.time_left is not None
    if clock.time_left < timedelta(0):
        return QCoreApplication.translate("Format", "breached {t} ago").format(
            t=duration(-clock.time_left)
        )
    text = duration(clock.time_left)
    return (
        QCoreApplication.translate("Format", "{t} (paused)").format(t=text)
        if clock.is_paused
        else text
    )


# The three states of a running clock, and the two of a stopped one.
ON_TRACK = QColor("#1b7f3b")
WARNING = QColor("#b25e00")
BREACHED = QColor("#c62828")
PAUSED = QColor("#3d5a80")
MUTED = QColor("#6b7280")


def sla_colour(clock: ClockReading) -> QColor:
    if clock.outcome is sla.Outcome.NO_TARGET:
        return MUTED
    if clock.stopped_at is not None:
        return MUTED if clock.met else BREACHED
    if clock.outcome is sla.Outcome.MISSED:
        return BREACHED
    if clock.is_paused:
        return PAUSED
    share = clock.fraction_left
    if share is not None and share < sla.ATTENTION_SHARE:
        return WARNING
    return ON_TRACK


def clock_name(clock: ClockReading) -> str:
    return (
        QCoreApplication.translate("Format", "response")
        if clock.kind.value == "response"
        else QCoreApplication.translate("Format", "resolution")
    )
