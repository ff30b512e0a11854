"""Time zones by their IANA name (a contract's zone): checked once, read everywhere.

A contract states the zone its client lives in ("Asia/Shanghai"), so that the office's
console and every document the service or a laptop renders show the client's wall
clock, whatever zone the computer doing it runs in, and say which zone that is.
An empty name means "not set": the computer's own zone (a laptop's older records).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

#: The zone of a contract the office created without saying (and of contracts that
#: existed before zones did).
DEFAULT_ZONE = "UTC"
#: Longest IANA name accepted ("America/Argentina/ComodRivadavia" is 32).
MAX_ZONE_NAME = 64


class UnknownZone(ValueError):
    """Not an IANA time zone name this computer knows."""


@cache
def known_zones() -> frozenset[str]:
    """Every IANA name the time zone database here holds (read once)."""
    return frozenset(available_timezones())


def check_zone(name: str) -> str:
    """``name`` stripped, if it names a known zone; :class:`UnknownZone` otherwise."""
    value = name.strip()
    if not value:
        raise UnknownZone("name the time zone, e.g. Asia/Shanghai or Europe/London")
    if len(value) > MAX_ZONE_NAME or value not in known_zones():
        raise UnknownZone(f"{value[:MAX_ZONE_NAME]!r} is not a time zone (e.g. Asia/Shanghai)")
    return value


def zone(name: str) -> tzinfo | None:
    """The zone called ``name``; None when it is not set or not known here (the caller
    then uses its own zone, and says which)."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def utc_offset(tz: tzinfo, at: datetime | None = None) -> str:
    """``UTC+08:00``: the offset of ``tz`` at ``at`` (now when not given)."""
    offset = (at or datetime.now(UTC)).astimezone(tz).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def describe(name: str, tz: tzinfo, at: datetime | None = None) -> str:
    """How a document states its zone: ``Asia/Shanghai, UTC+08:00`` (the offset alone
    when the zone has no name)."""
    offset = utc_offset(tz, at)
    return f"{name}, {offset}" if name and name != "UTC" else offset
