"""How the console writes times, durations and labels, in the request's language.

Times are always shown in a contract's zone (the client's wall clock) and a page says
which zone that is; the board counts durations down in the browser (``console.js``
writes them the same way as :meth:`Fmt.left`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from domain import durations
from domain.zones import utc_offset
from sync.server.console import labels
from sync.server.console.i18n import N_, Words

#: The words of :func:`domain.durations.spell`, in the console's catalogue.
_DURATION_WORDS = {
    "d_h": N_("%(d)d d %(h)d h"),
    "d": N_("%(d)d d"),
    "h_m": N_("%(h)d h %(m)d min"),
    "h": N_("%(h)d h"),
    "m": N_("%(m)d min"),
}


@dataclass(frozen=True, slots=True)
class Fmt:
    words: Words

    def when(self, value: datetime | None, tz: tzinfo | None = None) -> str:
        if value is None:
            return "—"
        return value.astimezone(tz or UTC).strftime("%Y-%m-%d %H:%M")

    def clock(self, value: datetime | None, tz: tzinfo | None = None) -> str:
        if value is None:
            return "—"
        return value.astimezone(tz or UTC).strftime("%H:%M")

    def day_and_time(self, value: datetime, tz: tzinfo, now: datetime) -> str:
        """``14:05`` today, ``03-01 14:05`` another day (in ``tz``)."""
        local = value.astimezone(tz)
        if local.date() == now.astimezone(tz).date():
            return local.strftime("%H:%M")
        return local.strftime("%m-%d %H:%M")

    def offset(self, tz: tzinfo, at: datetime | None = None) -> str:
        """``UTC+8`` (short, for the board's cells)."""
        text = utc_offset(tz, at)
        return text.removesuffix(":00").replace("+0", "+").replace("-0", "-")

    def zone(self, name: str, tz: tzinfo, at: datetime | None = None) -> str:
        """``Asia/Shanghai (UTC+08:00)``."""
        return f"{name} ({utc_offset(tz, at)})" if name else utc_offset(tz, at)

    def duration(self, value: timedelta | None) -> str:
        """``4 h``, ``1 h 30 min``, ``5 min``, ``2 d 3 h``."""
        if value is None:
            return "—"
        return durations.spell(value, lambda key, **n: self.words(_DURATION_WORDS[key], **n))

    def left(self, value: timedelta) -> str:
        """A clock's time left (or over): ``3:05:09`` / ``12:34`` (as console.js writes it)."""
        seconds = int(abs(value).total_seconds())
        hours, rest = divmod(seconds, 3600)
        mins, secs = divmod(rest, 60)
        sign = "−" if value < timedelta(0) else ""
        if hours:
            return f"{sign}{hours}:{mins:02d}:{secs:02d}"
        return f"{sign}{mins}:{secs:02d}"

    def label(self, table: str, value: object) -> str:
        key = getattr(value, "value", value)
        english = labels.ALL[table].get(str(key))
        return self.words(english) if english is not None else str(key)

    def ago(self, value: datetime | None, now: datetime) -> str:
        """``12 min ago`` (console.js keeps it current the same way)."""
        if value is None:
            return self.words("never")
        minutes = max(0, int((now - value).total_seconds()) // 60)
        if minutes < 1:
            return self.words("just now")
        if minutes < 60:
            return self.words("%(n)s min ago", n=minutes)
        if minutes < 48 * 60:
            return self.words("%(n)s h ago", n=minutes // 60)
        return self.words("%(n)s d ago", n=minutes // (24 * 60))

    @staticmethod
    def ms(value: datetime | None) -> str:
        return "" if value is None else str(int(value.timestamp() * 1000))

    def size(self, n: int) -> str:
        if n < 1024:
            return self.words("%(n)d bytes", n=n)
        if n < 1024 * 1024:
            return f"{n / 1024:.0f} KB"
        return f"{n / 1024 / 1024:.1f} MB"
