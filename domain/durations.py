"""How long something took, in words: one rule for the window, the report, the statement
and the console (each brings its own catalogue for the words).

Whole minutes, counted down (a clock 59 seconds from breach has 0 min left, never "1 min"
it does not have); the two largest units, the smaller left out when it is zero (``4 h``,
``4 h 5 min``, ``2 d 3 h``, ``45 min``); a negative duration (time over a target) keeps
its minus sign rather than reading as nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

#: Says one of the keys below with its numbers (``d``, ``h``, ``m``) in the reader's
#: language: ``"d_h"`` (2 d 3 h), ``"d"``, ``"h_m"`` (4 h 5 min), ``"h"``, ``"m"``.
Words = Callable[..., str]

MINUS = "−"

_ENGLISH = {
    "d_h": "{d} d {h} h",
    "d": "{d} d",
    "h_m": "{h} h {m} min",
    "h": "{h} h",
    "m": "{m} min",
}


def english(key: str, **numbers: int) -> str:
    """The words in English, for what has no catalogue (a log line, an office e-mail)."""
    return _ENGLISH[key].format(**numbers)


def spell(value: timedelta, say: Words, *, minus: str = MINUS) -> str:
    """``value`` as the reader says it: ``say(key, d=…, h=…, m=…)`` supplies the words."""
    sign = minus if value < timedelta(0) else ""
    minutes = int(abs(value).total_seconds()) // 60
    hours, mins = divmod(minutes, 60)
    days, hrs = divmod(hours, 24)
    if days:
        text = say("d_h", d=days, h=hrs) if hrs else say("d", d=days)
    elif hours:
        text = say("h_m", h=hours, m=mins) if mins else say("h", h=hours)
    else:
        text = say("m", m=mins)
    return sign + text
