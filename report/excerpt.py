"""Long logs shown short: their head and their tail, and how much was left out between.

A technician pastes whole logs into notes (150,000 characters is not rare). The record
keeps every character; what a client reads, and what the window shows before "show all",
is an excerpt: the first :data:`HEAD_LINES` lines (at most :data:`HEAD_CHARS`
characters) and the last :data:`TAIL_LINES` (at most :data:`TAIL_CHARS`), once a text is
longer than :data:`LONG_LINES` lines or :data:`LONG_CHARS` characters. The laptop keeps
such a note's full text as an attached file as well (:func:`full_text_name`), which the
report names where it cuts.

Plain functions of the text: the window, the report and the service cut alike.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

LONG_LINES = 100
LONG_CHARS = 8_000
HEAD_LINES = 40
HEAD_CHARS = 4_000
TAIL_LINES = 20
TAIL_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class Excerpt:
    head: str
    tail: str
    omitted_lines: int  # whole or partial lines left out between head and tail
    omitted_chars: int
    total_chars: int


def is_long(text: str) -> bool:
    return len(text) > LONG_CHARS or text.count("\n") + 1 > LONG_LINES


def excerpt(text: str) -> Excerpt | None:
    """The head and tail of ``text``, or None when it is short enough to show whole."""
    if not is_long(text):
        return None
    head_end = _after_lines(text, HEAD_LINES, HEAD_CHARS)
    tail_start = _before_lines(text, TAIL_LINES, TAIL_CHARS)
    if tail_start <= head_end:
        return None
    left_out = text[head_end:tail_start]
    return Excerpt(
        head=text[:head_end].rstrip("\n"),
        tail=text[tail_start:].lstrip("\n"),
        omitted_lines=max(1, left_out.strip("\n").count("\n") + 1),
        omitted_chars=len(left_out),
        total_chars=len(text),
    )


def full_text_sha256(text: str) -> str:
    """The SHA-256 of ``text`` as the attached full-text file holds it (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def full_text_name(number: str, recorded_at: datetime, *, log: bool) -> str:
    """The name of the file that keeps a long note's full text."""
    stamp = recorded_at.strftime("%Y%m%d-%H%M%S")
    return f"{number}-note-{stamp}.{'log' if log else 'txt'}"


def _after_lines(text: str, lines: int, chars: int) -> int:
    """The index just after the first ``lines`` lines, at most ``chars`` in."""
    end = 0
    for _ in range(lines):
        found = text.find("\n", end, chars + 1)
        if found < 0:
            return min(len(text), chars)
        end = found + 1
    return min(end, chars)


def _before_lines(text: str, lines: int, chars: int) -> int:
    """The index where the last ``lines`` lines start, at most ``chars`` from the end."""
    floor = max(0, len(text) - chars)
    start = len(text.rstrip("\n"))
    for _ in range(lines):
        found = text.rfind("\n", floor, start)
        if found < 0:
            return floor
        start = found
    return start + 1 if start > floor else floor
