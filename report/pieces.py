"""Paragraphs made from prepared pieces: plain text without markup parsing, lined up
once per width, and plain lines set and drawn directly.

Most of a report's paragraphs are plain text (a note, an action's description, an
entry's heading, a label), set in runs of fonts by :func:`report.fonts.markup`.
:func:`prepared` makes those from fragments cloned from the parser's own prototypes
(made once per style and font) straight from the font runs, instead of writing markup
and running reportlab's HTML-based parser over it; text with a line break, characters
the markup escapes or space other than plain spaces goes through the parser as before.
:func:`prepared_log` does the same for a log block's markup. tests/test_report.py and
tests/test_report_lines.py check the fragments equal the parser's.

Platypus measures many paragraphs twice at the same width: a heading kept with the next
paragraph is measured with it to see whether both fit, then each again when placed;
a table measures its cells to size its rows, then again to draw them. Breaking a
paragraph into lines is most of what a report costs, and the result depends on the width
alone (the paragraph, its style and its fragments do not change once made), so
:class:`Paragraph` keeps the last result and answers a second measure at the same width
from it.

A prepared paragraph is a :class:`Line`: when it fits on one line it is measured and
drawn directly, with the same calls on the text object reportlab's paragraph makes; in
one font, its lines are broken as reportlab breaks them with the widths of words and
characters kept per font and size. Everything else is reportlab's own: the same lines,
the same drawing (tests/test_report_lines.py compares them).
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # reportlab's own
    _SplitWord,
    _SplitWordEnd,
    _SplitWordH,
    cleanBlockQuotedText,
    split,
    strip,
)
from reportlab.platypus.paraparser import ParaFrag
from reportlab.rl_config import _FUZZ, paraFontSizeHeightOffset

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


class Line(Paragraph):
    """A prepared paragraph in several fonts (a Chinese heading's Latin and Chinese runs)
    that fits on one line, set and drawn directly.

    reportlab sets such a paragraph word by word, each word a fragment of its own, then
    draws it fragment by fragment through its general line drawing (underlines, links,
    backgrounds, rises, images); for one plain line that is five times the work of the
    text itself. The line is the fragments' own texts side by side (the paragraph starts
    and ends with a word, :func:`prepared` sees to it), so this draws them with the same
    text operators in the same order, and says the height of one line. When it may not
    fit (measured with the widest space of its fonts, so a line reportlab would break is
    never taken for one), or when platypus splits it, it is reportlab's paragraph again,
    from the same fragments. tests/test_report_lines.py checks the drawing is the same.
    """

    _generic = False
    _generic_breaks = False  # tests: reportlab's own breaking
    _width_max: float
    _need = 0.0
    _ascent = 0.0

    def __init__(
        self, text: str | None, style: ParagraphStyle, *args: Any, prepared: bool = False, **kw: Any
    ) -> None:
        super().__init__(text, style, *args, **kw)  # type: ignore[arg-type]  # None: reportlab's
        frags = self.frags
        if not prepared or any(_fancy(frag) for frag in frags):
            self._generic = True  # the halves reportlab makes when it splits one
            return
        if len(frags) == 1:
            frag = frags[0]
            self._need = stringWidth(frag.text, frag.fontName, frag.fontSize)
            self._ascent = _metrics(frag.fontName, frag.fontSize)[1]
            return
        spaces = 0
        width = 0.0
        space = 0.0
        ascents = []
        for frag in frags:
            name, size, value = frag.fontName, frag.fontSize, frag.text
            space_width, ascent = _metrics(name, size)
            count = value.count(" ")
            if count:
                spaces += count
                space = max(space, space_width)
            if count != len(value):
                ascents.append(ascent)
                width += stringWidth(value.replace(" ", ""), name, size)
        self._need = width + spaces * space
        self._ascent = max(ascents, default=0.0)

    def wrap(self, availWidth: float, availHeight: float) -> Any:  # noqa: N803 - reportlab's names
        style = self.style
        if self._generic or availWidth < _FUZZ:
            return super().wrap(availWidth, availHeight)
        room = availWidth - style.leftIndent - style.firstLineIndent - style.rightIndent
        if self._need > room - 1e-3:
            self._generic = True
            return super().wrap(availWidth, availHeight)
        self.width = availWidth
        self.height = style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> Any:  # noqa: N803
        if not self._generic:
            self._generic = True
            self.__dict__.pop("blPara", None)
            super().wrap(availWidth, availHeight)
        return super().split(availWidth, availHeight)

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - reportlab's name
        """reportlab's breaking of a paragraph in one font into lines (Paragraph.breakLines,
        its first case, with no hyphenation), with the widths of words and characters
        kept per font and size: the same lines, the same numbers."""
        frags = self.frags
        style = self.style
        if (
            self._generic_breaks
            or len(frags) != 1
            or not hasattr(frags[0], "text")
            or self.bulletText
            or getattr(style, "hyphenationLang", "")
            or style.uriWasteReduce
            or style.embeddedHyphenation
            or "\xad" in frags[0].text
            or "\xa0" in frags[0].text
        ):
            return super().breakLines(width)
        width_max: float = 0  # an int while no line is measured, as reportlab's
        max_widths = list(width) if isinstance(width, tuple | list) else [width]
        lines: list[tuple[float, list[str]]] = []
        lineno = 0
        last_no = len(max_widths) - 1
        self._splitLongWordCount = self._hyphenations = 0
        max_width = max_widths[0]
        f = frags[0]
        size = f.fontSize
        name = f.fontName
        ascent, descent = getAscentDescent(name, size)
        text = strip(f.text)
        if not text:
            self._width_max = 0
            return f.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=size)
        words = split(text)
        words.reverse()  # taken from the end: pop() instead of pop(0)
        known = _widths(name, size)
        space = known.get(" ")
        if space is None:
            space = known[" "] = stringWidth(" ", name, size)
        shrink = style.spaceShrinkage * space
        split_long = style.splitLongWords
        line: list[str] = []
        current = -space
        forced = 0
        while words:
            word = words.pop()
            if not word and isinstance(word, _SplitWord):
                forced = 1
            word_width = known.get(word)
            if word_width is None:
                word_width = stringWidth(word, name, size)
                if len(word) < 64:
                    known[word] = word_width
            new = current + space + word_width
            limit = max_width + shrink * len(line)
            if (
                new > limit
                and not (isinstance(word, _SplitWordH) or forced)
                and split_long
                and not isinstance(word, _SplitWord)
            ):
                at = min(lineno, last_no)
                if word_width > max(max_widths[at : at + 1]):
                    pieces = _split_word(
                        word, current + space, max_widths, lineno, known, name, size
                    )
                    pieces.reverse()
                    words += pieces
                    self._splitLongWordCount += 1
                    forced = 1
                    continue
            if new <= limit or not line or forced:
                if word:
                    line.append(word)
                if forced:
                    forced = 0
                    if new > width_max:
                        width_max = new
                    lines.append((max_width - new, line))
                    line = []
                    current = -space
                    lineno += 1
                    max_width = max_widths[min(last_no, lineno)]
                else:
                    current = new
            else:
                if current > width_max:
                    width_max = current
                lines.append((max_width - current, line))
                line = [word]
                current = word_width
                lineno += 1
                max_width = max_widths[min(last_no, lineno)]
        if line:
            if current > width_max:
                width_max = current
            lines.append((max_width - current, line))
        self._width_max = width_max
        return f.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 - reportlab's name
        if self._generic or debug or self.bulletText or "blPara" in self.__dict__:
            super().drawPara(debug)
            return
        # What Paragraph.drawPara (and _leftDrawParaLine, or _putFragLine for several
        # fragments) does for one left-aligned line of plain fragments: the same calls on
        # the text object, in the same order.
        canvas = self.canv
        style = self.style
        frags = self.frags
        canvas.saveState()
        top = frags[0].fontSize if paraFontSizeHeightOffset else self._ascent
        if len(frags) == 1:
            frag = frags[0]
            canvas.setFillColor(frag.textColor)
            tx = self.beginText(style.leftIndent, self.height - top)
            tx.setFont(frag.fontName, frag.fontSize, style.leading)
            tx._textOut(frag.text, 1)  # type: ignore[attr-defined]
            canvas.drawText(tx)
            canvas.restoreState()
            return
        tx = self.beginText(style.leftIndent, self.height - top)
        tx.setLeading(style.leading)
        font = colour = None
        last = frags[-1]
        for frag in frags:
            if font != (frag.fontName, frag.fontSize):
                font = (frag.fontName, frag.fontSize)
                tx._setFont(frag.fontName, frag.fontSize)  # type: ignore[attr-defined]
            if colour != frag.textColor:
                colour = frag.textColor
                tx.setFillColor(colour)
            tx._textOut(frag.text, frag is last)  # type: ignore[attr-defined]
        canvas.drawText(tx)
        canvas.restoreState()


_measures: dict[tuple[str, float], tuple[float, float]] = {}
_known_widths: dict[tuple[str, float], dict[str, float]] = {}


#: Bounds of the widths kept: fonts and sizes, and words a font and size (a few MB).
KEPT_SIZES = 32
KEPT_WORDS = 10_000


def _widths(name: str, size: float) -> dict[str, float]:
    """Widths of words and characters already measured in the font ``name`` at ``size``
    (short ones; a font's metrics do not change once registered). Shared by threads:
    each entry is one store of the value any thread would compute."""
    known = _known_widths.get((name, size))
    if known is None:
        if len(_known_widths) >= KEPT_SIZES:
            _known_widths.clear()
        known = _known_widths[(name, size)] = {}
    elif len(known) > KEPT_WORDS:
        known.clear()
    return known


def _split_word(
    word: str,
    line_width: float,
    max_widths: list[float],
    lineno: int,
    known: dict[str, float],
    name: str,
    size: float,
) -> list[str]:
    """reportlab's _splitWord (a word too long for a line, cut into pieces that fit),
    with each character's width kept."""
    out: list[str] = []
    last_no = len(max_widths) - 1
    piece = ""
    max_width = max_widths[min(last_no, lineno)]
    next_width = max_widths[min(last_no, lineno + 1)]
    for ch in word:
        cw = known.get(ch)
        if cw is None:
            cw = known[ch] = stringWidth(ch, name, size)
        new_width = line_width + cw
        if new_width > max_width and (piece or cw <= next_width):
            out.append(_SplitWord(piece))
            lineno += 1
            max_width = max_widths[min(last_no, lineno)]
            new_width = cw
            piece = ""
        piece += ch
        line_width = new_width
    out.append(_SplitWordEnd(piece))
    return out


def _metrics(name: str, size: float) -> tuple[float, float]:
    """The width of a space and the ascent of the font ``name`` at ``size``."""
    known = _measures.get((name, size))
    if known is None:
        known = (stringWidth(" ", name, size), getAscentDescent(name, size)[0])
        _measures[(name, size)] = known
    return known


def _fancy(frag: ParaFrag) -> bool:
    """Whether a fragment asks for more than its text in its font and colour."""
    return bool(
        frag.us_lines
        or frag.link
        or frag.rise
        or hasattr(frag, "backColor")
        or hasattr(frag, "cbDefn")
        or getattr(frag, "_fkind", 0)
    )


def _plain(style: ParagraphStyle) -> bool:
    """Whether a paragraph of this style is drawn as :class:`Line` draws it: left-aligned,
    no bullet, background, border, automatic leading, dots or special wrapping."""
    return (
        style.alignment == TA_LEFT
        and not style.firstLineIndent
        and not style.backColor
        and not (style.borderColor and style.borderWidth)
        and getattr(style, "autoLeading", "") in ("", "off")
        and not getattr(style, "endDots", None)
        and not getattr(style, "wordWrap", None)
        and not getattr(style, "shaping", 0)
    )


_prototypes: dict[tuple[int, str | None], tuple[ParagraphStyle, ParaFrag]] = {}


def _prototype(style: ParagraphStyle, face: str | None) -> ParaFrag:
    """The parser's fragment for text in ``style`` (in the font ``face``, if given; a line
    break's for ``face`` "<br/>"), made once per style object and font."""
    key = (id(style), face)
    kept = _prototypes.get(key)
    if kept is None or kept[0] is not style:
        if face == _BREAK:
            made = _Paragraph(f"x{_BREAK}x", style).frags[1]
        else:
            made = _Paragraph(
                "x" if face is None else f'<font face="{face}">x</font>', style
            ).frags[0]
        kept = (style, made)
        _prototypes[key] = kept
    return kept[1]


_BREAK = "<br/>"
_ENTITIES = {"&nbsp;": "\xa0", "&amp;": "&", "&lt;": "<", "&gt;": ">"}
#: A log's markup as fonts.markup writes it: entities, line breaks, runs in a font.
_LOG_PIECES = re.compile(
    r'(&nbsp;|&amp;|&lt;|&gt;)|(<br/>)|<font face="([^"<>&]+)">([^<>&]+)</font>|([^<>&]+)'
)


def prepared_log(value: str, style: ParagraphStyle) -> Paragraph | None:
    """A log's text as :func:`report.fonts.markup` sets it (monospaced, spaces and line
    breaks kept) in a paragraph of the fragments the parser makes of that markup (an
    entity and a line break each a fragment of their own), without parsing it; None
    when it has characters other than printable ones, line breaks and tabs."""
    if not value.replace("\n", "").replace("\t", "").isprintable():
        return None
    text = cleanBlockQuotedText(fonts.markup(value, mono=True, keep_spaces=True))
    frags = []
    end = 0
    for match in _LOG_PIECES.finditer(text):
        if match.start() != end:
            return None
        end = match.end()
        entity, brk, face, inner, bare = match.groups()
        if entity:
            frags.append(_prototype(style, None).clone(text=_ENTITIES[entity]))
        elif brk:
            frags.append(_prototype(style, _BREAK).clone())
        else:
            frags.append(_prototype(style, face).clone(text=inner if face else bare))
    if end != len(text) or not frags:
        return None
    return Paragraph(text, style, frags=frags)


def _squeezed(chunk: str) -> str:
    """``chunk`` with each run of spaces made one, as the parser's cleaning leaves a run of
    text between two font tags (it has no other whitespace: see :func:`prepared`)."""
    inner = " ".join(chunk.split())
    if not inner:
        return " "
    if chunk[0] == " ":
        inner = " " + inner
    if chunk[-1] == " ":
        inner += " "
    return inner


def prepared(value: str, style: ParagraphStyle, *, bold: bool = False) -> Paragraph | None:
    """``value`` (plain text, set as :func:`report.fonts.markup` sets it) as a paragraph
    made of fragments cloned from the parser's prototypes, without writing and parsing its
    markup; None when it needs the parser (a line break, characters the markup escapes,
    unusual spaces)."""
    if not value or not value.isprintable() or "&" in value or "<" in value or ">" in value:
        return None
    # What the parser makes of fonts.markup(value): runs in the style's own font carry no
    # font tag; the cleaning collapses spaces and strips the text's ends, which a run
    # inside a font tag does not reach.
    plain = fonts.base_font() if not bold else ""
    pieces = [
        (None if font == plain else font, _squeezed(chunk))
        for font, chunk in fonts.runs(value, bold=bold)
    ]
    if pieces[0][0] is None:
        pieces[0] = (None, pieces[0][1].lstrip(" "))
    if pieces[-1][0] is None:
        pieces[-1] = (None, pieces[-1][1].rstrip(" "))
    frags = []
    markup = []
    for face, chunk in pieces:
        if not chunk:  # a bare run of spaces stripped away
            continue
        frags.append(_prototype(style, face).clone(text=chunk))
        markup.append(chunk if face is None else f'<font face="{face}">{chunk}</font>')
    if not frags:
        return None
    text = "".join(markup)
    if not frags[0].text.startswith(" ") and not frags[-1].text.endswith(" ") and _plain(style):
        return Line(text, style, frags=frags, prepared=True)
    return Paragraph(text, style, frags=frags)
