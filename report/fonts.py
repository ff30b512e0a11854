"""Fonts embedded in the report, and text marked up to use them run by run.

Text is set in WenQuanYi Micro Hei (the TrueType collection's face 0; face 1, monospaced,
for Chinese in logs), which covers Latin and Chinese; DejaVu Sans Bold sets bold Latin
(Micro Hei has no bold), DejaVu Sans Mono the Latin of logs, and DejaVu Sans anything
Micro Hei lacks. Each run of text goes to the first font that has its glyphs, so
nothing prints as a box. Both come from
Debian packages (scripts/apt-packages.txt); ``FIELDBOOK_FONT_DIR`` or ``resources/fonts``
may hold copies for a bundled app. Only the glyphs used are embedded (subsets).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

log = logging.getLogger("fieldbook.report")

_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class FontFile:
    name: str
    file: str
    subfont: int = 0


LATIN = FontFile("FB-Sans", "DejaVuSans.ttf")
LATIN_BOLD = FontFile("FB-Sans-Bold", "DejaVuSans-Bold.ttf")
LATIN_MONO = FontFile("FB-Mono", "DejaVuSansMono.ttf")
CJK = FontFile("FB-CJK", "wqy-microhei.ttc", 0)
CJK_MONO = FontFile("FB-CJK-Mono", "wqy-microhei.ttc", 1)

_SEARCH = (
    Path(os.environ.get("FIELDBOOK_FONT_DIR", "/nonexistent")),
    _ROOT / "resources" / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/wqy"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/wenquanyi/wqy-microhei"),
)


class FontMissing(RuntimeError):
    """A font the report needs is not installed (see scripts/apt-packages.txt)."""


_lock = threading.Lock()
_registered: set[str] = set()


def _find(file: str) -> Path:
    for folder in _SEARCH:
        path = folder / file
        if path.is_file():
            return path
    raise FontMissing(f"font file {file} not found (install fonts-dejavu-core, fonts-wqy-microhei)")


def register() -> None:
    """Make the report's fonts known to reportlab (once per process)."""
    with _lock:
        for font in (LATIN, LATIN_BOLD, LATIN_MONO, CJK, CJK_MONO):
            if font.name in _registered:
                continue
            path = _find(font.file)
            pdfmetrics.registerFont(TTFont(font.name, str(path), subfontIndex=font.subfont))
            _registered.add(font.name)
            log.debug("registered %s from %s", font.name, path)


def font_files() -> dict[str, Path]:
    """Where each font the report uses is found (a bundle's own copies come first)."""
    return {font.file: _find(font.file) for font in (LATIN, LATIN_BOLD, LATIN_MONO, CJK)}


@lru_cache(maxsize=8)
def _cmap(name: str) -> frozenset[str]:
    """The characters ``name`` has glyphs for, with the line break and tab (set as space)."""
    font = pdfmetrics.getFont(name)
    return frozenset(map(chr, font.face.charToGlyph)) | {"\n", "\t"}  # type: ignore[attr-defined]


def _fonts(bold: bool, mono: bool) -> tuple[str, str]:
    """The preferred font and the fallback, for text of this kind."""
    if mono:
        return LATIN_MONO.name, CJK_MONO.name
    if bold:
        return LATIN_BOLD.name, CJK.name  # Micro Hei has no bold: Chinese stays regular
    # Micro Hei's Latin (from Droid Sans) matches its Chinese, and one font for a whole
    # paragraph is three times faster to set than switching at every script change.
    return CJK.name, LATIN.name


def base_font(*, bold: bool = False, mono: bool = False) -> str:
    """The font a paragraph style of this kind is set in."""
    return _fonts(bold, mono)[0]


def runs(value: str, *, bold: bool = False, mono: bool = False) -> list[tuple[str, str]]:
    """``value`` cut into (font name, text) runs: the preferred font where it has the glyph."""
    preferred, fallback = _fonts(bold, mono)
    covered = _cmap(preferred)
    if covered.issuperset(value):
        return [(preferred, value)] if value else []  # the usual case: one run
    return [
        (preferred if has else fallback, "".join(chunk))
        for has, chunk in groupby(value, covered.__contains__)
    ]


def markup(value: str, *, bold: bool = False, mono: bool = False, keep_spaces: bool = False) -> str:
    """``value`` as reportlab paragraph markup, escaped, each run in a font that has it.

    Runs in the paragraph's own font (regular text in a regular style, log text in a log
    style) carry no font tag. ``keep_spaces`` keeps runs of spaces and line breaks (logs).
    """
    parts = []
    plain = CJK.name if not bold and not mono else (LATIN_MONO.name if mono else "")
    for font, chunk in runs(value, bold=bold, mono=mono):
        text = escape(chunk)
        if keep_spaces:
            text = text.replace("\t", "    ").replace("  ", "&nbsp; ").replace("\n", "<br/>")
        else:
            text = text.replace("\n", "<br/>")
        parts.append(text if font == plain else f'<font face="{font}">{text}</font>')
    return "".join(parts)


def draw_runs(
    canvas: Canvas,
    x: float,
    y: float,
    value: str,
    size: float,
    *,
    right: bool = False,
    bold: bool = False,
) -> None:
    """Draw ``value`` on a page's canvas at ``(x, y)`` (``right``: ending there), each
    run in the font that has its glyphs: the headers and footers of every document."""
    pieces = runs(value, bold=bold)
    width = sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in pieces)
    cursor = x - width if right else x
    for font, chunk in pieces:
        canvas.setFont(font, size)
        canvas.drawString(cursor, y, chunk)
        cursor += pdfmetrics.stringWidth(chunk, font, size)
