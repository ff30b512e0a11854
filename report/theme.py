"""How a report looks: the page's geometry, the colours, the paragraph styles.

Every section of :mod:`report.pdf` draws with these, and the statement
(:mod:`report.statement`) shares the colours.
"""

from __future__ import annotations

from datetime import timedelta

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from report import fonts

PAGE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
WIDTH = PAGE[0] - 2 * MARGIN_X

INK = colors.HexColor("#1d2733")
MUTED = colors.HexColor("#5f6b7a")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#c9d1db")
TINT = colors.HexColor("#f1f4f8")
LOG_BG = colors.HexColor("#f4f4f2")
WARN = colors.HexColor("#b3261e")
OK = colors.HexColor("#1e7a3c")
ADDENDUM = colors.HexColor("#8a5a00")
ZERO = timedelta(0)


def color(colour: colors.Color, markup: str) -> str:
    """``markup`` in ``colour``, as a paragraph's markup says it."""
    return f'<font color="{colour.hexval()}">{markup}</font>'


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=fonts.base_font(), fontSize=9, leading=12.6, textColor=INK
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.8, leading=10.4, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.4, leading=11),
        "cell_right": ParagraphStyle(
            "cell_right", parent=base, fontSize=8.4, leading=11, alignment=TA_RIGHT
        ),
        "label": ParagraphStyle("label", parent=base, fontSize=7.6, leading=10, textColor=MUTED),
        "title": ParagraphStyle("title", parent=base, fontSize=19, leading=24, textColor=ACCENT),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=10.5, leading=14, textColor=MUTED
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontSize=12,
            leading=16,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=5,
        ),
        "h1_brief": ParagraphStyle(
            "h1_brief",
            parent=base,
            fontSize=10.5,
            leading=13,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=2.5,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontSize=9.4,
            leading=12.5,
            textColor=INK,
            spaceBefore=6,
            spaceAfter=3,
        ),
        "entry_head": ParagraphStyle(
            "entry_head", parent=base, fontSize=8, leading=10.5, textColor=MUTED, spaceBefore=6
        ),
        "entry": ParagraphStyle("entry", parent=base, leftIndent=10),
        "log": ParagraphStyle(
            "log",
            parent=base,
            fontName=fonts.LATIN_MONO.name,
            fontSize=7.2,
            leading=9.2,
            leftIndent=10,
            backColor=LOG_BG,
            borderPadding=3,
            spaceBefore=1,
        ),
        "addendum_note": ParagraphStyle(
            "addendum_note", parent=base, fontSize=8.4, leading=11, textColor=ADDENDUM
        ),
        "seal": ParagraphStyle(
            "seal", parent=base, fontName=fonts.LATIN_MONO.name, fontSize=8.6, leading=11.5
        ),
    }
