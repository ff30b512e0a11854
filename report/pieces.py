"""Paragraphs made from prepared pieces: plain text without markup parsing, and lined
up once per width.

Most of a report's paragraphs are plain text in their style's own font (a note, an
action's description, a label). :func:`plain` makes those from one fragment cloned from
the style's prototype (the parser's own, made once per style) instead of running
reportlab's markup parser over each; anything else (more than one font, a line break,
characters the markup escapes, space other than plain spaces) goes through the parser
as before. tests/test_report.py checks the fragments equal the parser's.

Platypus measures many paragraphs twice at the same width: a heading kept with the next
paragraph is measured with it to see whether both fit, then each again when placed;
a table measures its cells to size its rows, then again to draw them. Breaking a
paragraph into lines is most of what a report costs, and the result depends on the width
alone (the paragraph, its style and its fragments do not change once made), so
:class:`Paragraph` keeps the last result and answers a second measure at the same width
from it. Everything else is reportlab's own: same lines, same drawing.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as _Paragraph
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


_prototypes: dict[int, tuple[ParagraphStyle, ParaFrag]] = {}


def _prototype(style: ParagraphStyle) -> ParaFrag:
    """The parser's fragment for plain text in ``style`` (made once per style object)."""
    kept = _prototypes.get(id(style))
    if kept is None or kept[0] is not style:
        kept = (style, _Paragraph("x", style).frags[0])
        _prototypes[id(style)] = kept
    return kept[1]


def plain(value: str, style: ParagraphStyle) -> Paragraph | None:
    """``value`` as a paragraph of one fragment, or None when it needs the parser."""
    if not value or not value.isprintable() or any(ch in value for ch in "&<>"):
        return None
    found = fonts.runs(value)
    if len(found) != 1 or found[0][0] != style.fontName:
        return None
    text = " ".join(value.split())
    if not text:
        return None
    return Paragraph(text, style, frags=[_prototype(style).clone(text=text)])
