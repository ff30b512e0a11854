"""Paragraphs made from prepared pieces: plain text without markup parsing, and lined
up once per width.

Most of a report's paragraphs are plain text (a note, an action's description, an
entry's heading, a label), set in runs of fonts by :func:`report.fonts.markup`.
:func:`prepared` makes those from fragments cloned from the parser's own prototypes
(made once per style and font) instead of running reportlab's HTML-based markup parser
over each; text with a line break, characters the markup escapes or space other than
plain spaces goes through the parser as before. tests/test_report.py checks the
fragments equal the parser's.

Platypus measures many paragraphs twice at the same width: a heading kept with the next
paragraph is measured with it to see whether both fit, then each again when placed;
a table measures its cells to size its rows, then again to draw them. Breaking a
paragraph into lines is most of what a report costs, and the result depends on the width
alone (the paragraph, its style and its fragments do not change once made), so
:class:`Paragraph` keeps the last result and answers a second measure at the same width
from it. Everything else is reportlab's own: same lines, same drawing.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag

from report import fonts


class Paragraph(_Paragraph):
    """reportlab's paragraph, measured once per available width."""

    _measured: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> Any:  # noqa: N803 - reportlab's names
        measured = self._measured
        # (splitting drops the lines it made when the rest goes to the next frame)
        if measured is not None and measured[0] == availWidth and "blPara" in self.__dict__:
            self.width, self.height = measured[1]
            return measured[1]
        size = super().wrap(availWidth, availHeight)
        self._measured = (availWidth, (size[0], size[1]))
        return size


_prototypes: dict[tuple[int, str | None], tuple[ParagraphStyle, ParaFrag]] = {}

#: Text as fonts.markup writes it: runs in a named font, or in the style's own.
_PIECES = re.compile(r'<font face="([^"<>&]+)">([^<>&]+)</font>|([^<>&]+)')


def _prototype(style: ParagraphStyle, face: str | None) -> ParaFrag:
    """The parser's fragment for text in ``style`` (in the font ``face``, if given), made
    once per style object and font."""
    key = (id(style), face)
    kept = _prototypes.get(key)
    if kept is None or kept[0] is not style:
        sample = "x" if face is None else f'<font face="{face}">x</font>'
        kept = (style, _Paragraph(sample, style).frags[0])
        _prototypes[key] = kept
    return kept[1]


def prepared(value: str, style: ParagraphStyle, *, bold: bool = False) -> Paragraph | None:
    """``value`` (plain text, set as :func:`report.fonts.markup` sets it) as a paragraph
    made of fragments cloned from the parser's prototypes, without parsing it; None when
    it needs the parser (a line break, characters the markup escapes, unusual spaces)."""
    if not value or not value.isprintable() or any(ch in value for ch in "&<>"):
        return None
    text = cleanBlockQuotedText(fonts.markup(value, bold=bold))
    frags = []
    end = 0
    for match in _PIECES.finditer(text):
        if match.start() != end:
            return None
        end = match.end()
        face, inner, bare = match.groups()
        frags.append(_prototype(style, face).clone(text=inner if face else bare))
    if end != len(text) or not frags:
        return None
    return Paragraph(text, style, frags=frags)
