"""Prepared paragraphs set on one line directly (report.pieces.Line) draw exactly what
reportlab's paragraph draws from the same fragments: same size, same text operators,
and the same as reportlab's once they do not fit or are split."""

from __future__ import annotations

import io
import random

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from report import fonts, pieces
from report.theme import styles

WORDS = [
    "2026-03-02",
    "08:03",
    "·",
    "工时",
    "王磊",
    "Wang",
    "Lei",
    "SLA",
    "时钟暂停",
    "—",
    "(",
    "（",
    "）",
    "#12",
    "é",
    "Ω",
    "✓",
    "Ли",
    "→",
    ",",
    "：",
    "数据库实例在异常终止告警日志显示错误",
    "multipath -ll",
]


def _samples(count: int, seed: int) -> list[tuple[str, str, bool, float]]:
    rng = random.Random(seed)
    names = list(styles())
    out = []
    for _ in range(count):
        parts = [rng.choice(WORDS) for _ in range(rng.randint(1, 14))]
        value = "".join(p + rng.choice([" ", "", "  "]) for p in parts).rstrip()
        if rng.random() < 0.1:
            value = " " + value
        width = rng.choice([500.0, 120.0, 60.0, 25.0])
        out.append((value, rng.choice(names), rng.random() < 0.6, width))
    return out


def _drawn(paragraph: Flowable, canvas: Canvas, width: float) -> tuple[object, list[str]]:
    size = paragraph.wrap(width, 800)
    start = len(canvas._code)  # type: ignore[attr-defined]
    paragraph.drawOn(canvas, 51.2, 700.3)
    return size, canvas._code[start:]  # type: ignore[attr-defined]


def test_a_line_is_drawn_as_reportlab_draws_its_fragments() -> None:
    fonts.register()
    style_of = styles()
    ours, theirs = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    lines = direct = 0
    for value, name, bold, width in _samples(1500, 16):
        made = pieces.prepared(value, style_of[name], bold=bold)
        if made is None:
            continue
        plain = Paragraph(made.text, made.style, frags=[f.clone() for f in made.frags])
        # both canvases see the same texts in the same order: the same font subsets
        assert _drawn(made, ours, width) == _drawn(plain, theirs, width), (value, name, width)
        if isinstance(made, pieces.Line):
            lines += 1
            direct += not made._generic
    assert lines > 300 and direct > 100  # both ways were taken


@pytest.mark.parametrize("height", [5.0, 12.0, 30.0])
@pytest.mark.parametrize(
    ("value", "style_name", "bold"),
    [
        ("2026-03-02 08:03  ·  工时  ·  王磊 Wang Lei" + " 时钟暂停 SLA" * 4, "entry_head", True),
        (
            "第 3 条记录。" + "现场检查发现主节点存储多路径中的一条路径反复离线，" * 3,
            "entry",
            False,
        ),
    ],
)
def test_a_line_split_by_platypus_is_split_as_reportlab_splits_it(
    height: float, value: str, style_name: str, bold: bool
) -> None:
    fonts.register()
    style = styles()[style_name]
    for width in (500.0, 90.0):
        made = pieces.prepared(value, style, bold=bold)
        assert isinstance(made, pieces.Line)
        plain = Paragraph(made.text, style, frags=[f.clone() for f in made.frags])
        assert made.wrap(width, height) == plain.wrap(width, height)
        ours = made.split(width, height)
        theirs = plain.split(width, height)
        assert len(ours) == len(theirs)
        canvas_a, canvas_b = Canvas(io.BytesIO()), Canvas(io.BytesIO())
        for a, b in zip(ours, theirs, strict=True):
            assert _drawn(a, canvas_a, width) == _drawn(b, canvas_b, width)


def _runs_one_by_one(value: str, bold: bool) -> list[tuple[str, str]]:
    """report.fonts.runs as it was first written: character by character."""
    preferred, fallback = fonts._fonts(bold, False)
    covered = set(pdfmetrics.getFont(preferred).face.charToGlyph)  # type: ignore[attr-defined]
    out: list[tuple[str, str]] = []
    for ch in value:
        font = preferred if (ord(ch) in covered or ch in "\n\t") else fallback
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def test_prepared_paragraphs_are_the_parsers_for_any_text() -> None:
    """Fonts run by run and spaces as the markup parser leaves them, for random texts of
    Latin, Chinese and characters only the fallback font has, spaces anywhere."""
    fonts.register()
    style_of = styles()
    rng = random.Random(7)
    pieces_ = [*WORDS, " ", "  ", "\t", "\n", "a&b", "x"]
    made_count = 0
    for _ in range(1500):
        value = "".join(rng.choice(pieces_) for _ in range(rng.randint(0, 9)))
        bold = rng.random() < 0.5
        assert fonts.runs(value, bold=bold) == _runs_one_by_one(value, bold)
        style = style_of[rng.choice(list(style_of))]
        made = pieces.prepared(value, style, bold=bold)
        if made is None:
            continue
        made_count += 1
        parsed = Paragraph(fonts.markup(value, bold=bold), style)
        assert [vars(f) for f in made.frags] == [vars(f) for f in parsed.frags], value
        assert made.text == parsed.text, value
    assert made_count > 500


LONG = [
    "数据库实例在异常终止告警日志显示错误",
    "现场检查发现主节点存储多路径中的一条路径反复离线，",
    "Wang",
    "multipath -ll /",
    "CRC 7",
    "https://example.com/a/very/long/path/that/does/not/fit/anywhere/at/all",
    "。",
    "✓",
    "Ω",
]


def test_lines_broken_in_one_font_are_reportlabs_lines() -> None:
    """Line.breakLines (widths kept per font and size) gives reportlab's own lines: the
    same words of the same kinds (long words cut), the same spare widths, at widths down
    to narrower than one character, with a first line of its own width."""
    fonts.register()
    style_of = styles()
    rng = random.Random(11)
    checked = 0
    for _ in range(1500):
        value = "".join(rng.choice(LONG) + rng.choice([" ", ""]) for _ in range(rng.randint(1, 40)))
        style = style_of[rng.choice(["entry", "body", "cell", "small", "h1"])]
        made = pieces.prepared(value.strip(), style, bold=rng.random() < 0.3)
        if not isinstance(made, pieces.Line) or len(made.frags) != 1:
            continue
        theirs = pieces.Line(made.text, style, frags=[f.clone() for f in made.frags], prepared=True)
        theirs._generic_breaks = True
        width = rng.choice([500.0, 300.0, 120.0, 40.0, 8.0, 3.0])
        widths = rng.choice([[width], [width, width - 10], [width - 5, width]])
        a, b = made.breakLines(widths), theirs.breakLines(widths)
        assert [(x, [(type(w), w) for w in ws]) for x, ws in a.lines] == [
            (x, [(type(w), w) for w in ws]) for x, ws in b.lines
        ]
        assert {k: v for k, v in vars(a).items() if k != "lines"} == {
            k: v for k, v in vars(b).items() if k != "lines"
        }
        assert (made._width_max, made._splitLongWordCount) == (
            theirs._width_max,
            theirs._splitLongWordCount,
        )
        assert type(made._width_max) is type(theirs._width_max)
        checked += 1
    assert checked > 1000


def test_prepared_logs_are_the_parsers_fragments() -> None:
    """A log block made without the parser (report.pieces.prepared_log): the fragments
    and text the parser makes of its markup (spaces kept, line breaks, entities, Chinese
    in its monospaced font), or None for what only the parser may take."""
    fonts.register()
    style = styles()["log"]
    rng = random.Random(5)
    bits = [
        "Nov 24",
        " ",
        "  ",
        "   ",
        "\t",
        "\n",
        "\n\n",
        "ORA-00600:",
        "数据文件",
        "a&b",
        "<x>",
        "é",
        "✓",
    ]
    made_count = 0
    for _ in range(1500):
        value = "".join(rng.choice(bits) for _ in range(rng.randint(1, 14)))
        made = pieces.prepared_log(value, style)
        if made is None:
            continue
        made_count += 1
        parsed = Paragraph(fonts.markup(value, mono=True, keep_spaces=True), style)
        assert [vars(f) for f in made.frags] == [vars(f) for f in parsed.frags], value
        assert made.text == parsed.text, value
    assert made_count > 1000
    assert pieces.prepared_log("no\xa0break", style) is None
