"""The seal's QR code drawn straight on the canvas: the same rectangles reportlab's
renderer drew, the same modules the encoder made, and it still scans."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

from report.signoff import QrCode, _qr_runs
from report.verify import decode_qr

VALUES = [
    "https://fieldbook.example.cn/verify/" + "0123456789abcdef" * 4,
    "fieldbook-seal:2:INC-2025-000042:" + "fedcba9876543210" * 4,
]
_RECT = re.compile(r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re")


def _ops(draw: object) -> list[str]:
    canvas = Canvas(io.BytesIO(), pageCompression=0)
    draw.drawOn(canvas, 40, 50)  # type: ignore[attr-defined]
    return list(canvas._code)  # type: ignore[attr-defined]


def _drawing(value: str, size: float) -> Drawing:
    """The QR code as the report drew it before: reportlab's widget in a Drawing."""
    shapes = QrCodeWidget(value, barLevel="M").draw()
    x0, y0, x1, y1 = shapes.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(shapes)
    return drawing


@pytest.mark.parametrize("value", VALUES)
def test_the_same_rectangles_in_the_same_place_as_the_renderer_drew(value: str) -> None:
    size = 68.0
    old, new = _ops(_drawing(value, size)), _ops(QrCode(value, size))
    filled = [_RECT.search(op).groups() for op in old if op.endswith("re f*")]  # type: ignore[union-attr]
    drawn = [_RECT.search(op).groups() for op in new if op.endswith("re f*")]  # type: ignore[union-attr]
    assert drawn == filled and len(drawn) > 100
    # Placed and scaled alike: the same translation, then the same scale.
    assert [op for op in old if op.endswith(" cm") and op != "1 0 0 1 0 0 cm"] == [
        op for op in new if op.endswith(" cm")
    ]
    assert "0 0 0 rg" in new


@pytest.mark.parametrize("value", VALUES)
def test_the_drawn_modules_are_the_encoded_ones(value: str) -> None:
    runs, (x0, _, x1, y1) = _qr_runs(value)
    widget = QrCodeWidget(value, barLevel="M")
    widget.draw()  # encodes it
    encoded = [[bool(m) for m in row] for row in widget.qr.modules]  # type: ignore[attr-defined]
    count, border = len(encoded), widget.barBorder  # border: the quiet zone, in modules
    box = (x1 - x0) / (count + 2 * border)
    drawn = [[False] * count for _ in range(count)]
    for x, y, width, height in runs:
        assert height == pytest.approx(box)
        row = round((y1 - y) / box) - border - 1
        first = round(x / box) - border
        for column in range(first, first + round(width / box)):
            drawn[row][column] = True
    assert drawn == encoded and any(any(row) for row in drawn)


@pytest.mark.parametrize("value", VALUES)
def test_it_scans_back_to_its_value(value: str) -> None:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(200, 200))
    QrCode(value, 120).drawOn(canvas, 40, 40)
    canvas.showPage()
    canvas.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    image = page.render(scale=300 / 72).to_pil().convert("L")
    assert decode_qr(image) == [value]
