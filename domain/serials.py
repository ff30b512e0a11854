"""Serial numbers of hardware, as a technician types or scans them.

The rule, stated once for the window, the command line and the office:

* what a scanner or a paste adds around the serial is dropped: spaces, tabs, a trailing
  Enter (CR, LF), other control characters; full-width letters and digits typed with a
  Chinese input method become their ASCII forms (NFKC);
* what is left is :data:`SERIAL_MIN` to :data:`SERIAL_MAX` characters long and holds only
  letters A–Z (either case), digits 0–9 and the punctuation in :data:`SERIAL_PUNCTUATION`
  (``- . / _ :``), nothing else: no spaces inside, no ``<>``, no ✓, no Chinese.

Serials compare without regard to case (``s1ab23`` is ``S1AB23``), as vendors print them
either way.
"""

from __future__ import annotations

import unicodedata

from domain.messages import QT_TRANSLATE_NOOP, Message

SERIAL_MIN = 3
SERIAL_MAX = 64
SERIAL_PUNCTUATION = "-./_:"
_ALLOWED = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + SERIAL_PUNCTUATION
)


def clean_serial(value: str) -> str:
    """``value`` without what a scanner or a paste adds around it, in ASCII forms."""
    normalised = unicodedata.normalize("NFKC", value)
    return normalised.strip("".join(chr(c) for c in range(33)) + "\x7f\u3000\u00a0")


def serial_problem(value: str) -> Message | None:
    """What is wrong with the cleaned serial ``value``, or None when it is a valid serial.

    The message's template is marked under the ``UseCaseError`` context; its ``{label}``
    parameter is left for the caller to fill with the field's name.
    """
    wrong = sorted({ch for ch in value if ch not in _ALLOWED}, key=value.index)
    if wrong:
        shown = " ".join(_visible(ch) for ch in wrong[:5])
        return Message(
            "UseCaseError",
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "{label} may hold only letters A–Z, digits 0–9 and - . / _ : (not {chars}).",
            ),
            {"chars": shown},
        )
    if not SERIAL_MIN <= len(value) <= SERIAL_MAX:
        return Message(
            "UseCaseError",
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "{label} must be {low} to {high} characters long (it has {length}).",
            ),
            {"low": SERIAL_MIN, "high": SERIAL_MAX, "length": len(value)},
        )
    return None


def same_serial(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _visible(ch: str) -> str:
    """A character as the technician can recognise it in a message (a space, a tab…)."""
    if ch == " ":
        return "“ ”"
    if ch.isprintable():
        return f"“{ch}”"
    return f"U+{ord(ch):04X}"
