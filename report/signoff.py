"""The sign-off and the seal: who signed (or why nobody did), the seal and its QR code.

A draft (an incident not yet signed off) prints the fingerprint of the record as it
stands, marked as not sealed. A sealed report's QR code leads to the service's verify
page when the service's address is known (:func:`qr_value`).
"""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from typing import Any

from PIL import Image as PILImage
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Group, Rect
from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from domain.records import Refusal
from domain.seal import SEAL_FORMAT, seal_hash
from report import fonts
from report.context import Context
from report.pictures import PICTURES, Picture, Prepared
from report.pieces import Paragraph
from report.theme import INK, RULE, TINT, WARN, WIDTH, color

log = logging.getLogger("fieldbook.report")

#: The QR code of a draft, or of a report made without the service's address:
#: ``fieldbook-seal:FORMAT:NUMBER:SEAL``.
QR_PREFIX = "fieldbook-seal:"
#: A sealed report's QR code leads to the service's public verify page, ``BASE/verify/SEAL``.
VERIFY_PATH = "/verify/"


def qr_value(
    number: str, seal: str, seal_format: str, *, sealed: bool, service_url: str | None
) -> str:
    """What a report's QR code says (:func:`report.verify.parse_qr` reads it back)."""
    if sealed and service_url:
        return f"{service_url.rstrip('/')}{VERIFY_PATH}{seal}"
    return f"{QR_PREFIX}{seal_format}:{number}:{seal}"


def sign_off_block(c: Context) -> list[Flowable]:
    sealed = c.data.sealed
    heading = Paragraph(
        c.m(c.t("section.signoff"), bold=True),
        c.st["h1_brief" if c.options.brief else "h1"],
    )
    if sealed is None:
        digest = seal_hash(c.incident, c.main_entries)
        return [
            KeepTogether(
                [
                    heading,
                    c.p(c.t("signoff.pending"), "body", bold=True),
                    Spacer(1, 6),
                    seal_row(c, digest, draft=True),
                ]
            )
        ]
    s = sealed.sign_off
    if s.signed:
        details = [
            ("signoff.signer", s.signer_name),
            ("signoff.role", s.signer_role),
            ("signoff.time", c.when(s.recorded_at)),
        ]
        if not c.options.brief:  # the brief's outcome table says it already
            details.append(("outcome.client", c.t(f"signoff.{s.outcome}")))
        if s.comment:
            details.append(("signoff.comment", s.comment))
        height = (20 if c.options.brief else 26) * mm
        picture = _signature_image(c.data.signature_png, height)
        left: list[Any] = [picture if picture is not None else Spacer(1, height)]
        line_table = Table(
            [[left[0]], [c.p(c.t("signoff.person"), "label")]],
            colWidths=[(62 if c.options.brief else 78) * mm],
            style=TableStyle(
                [
                    ("LINEBELOW", (0, 0), (0, 0), 0.8, INK),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ]
            ),
        )
        first: Flowable = line_table
    else:
        headline = "signoff.refused" if s.refusal is Refusal.REFUSED else "signoff.not_available"
        details = [
            ("signoff.reason", s.reason),
            ("signoff.recorded_at", c.when(s.recorded_at)),
        ]
        if s.signer_name:
            details.insert(1, ("signoff.person", s.signer_name))
        if s.signer_role:
            details.insert(2, ("signoff.role", s.signer_role))
        first = c.rich(
            color(WARN, c.m(c.t(headline), bold=True)),
            "body",
        )
    rows = [[c.p(c.t(k), "label"), c.p(v, "cell")] for k, v in details]
    facts_style = TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    block: list[Flowable]
    if s.signed and c.options.brief:
        # Signature, signer and the seal's QR code side by side; the seal below.
        qr_size, signature = 20 * mm, 66 * mm
        rest = WIDTH - signature - qr_size - 2 * mm
        facts = Table(rows, colWidths=[24 * mm, rest - 24 * mm], style=facts_style)
        qr = _qr(report_qr_value(c, s.seal, s.seal_format, sealed=True), qr_size)
        block = [
            Table(
                [[first, facts, qr]],
                colWidths=[signature, rest, qr_size + 2 * mm],
                style=TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ]
                ),
            )
        ]
        groups = " ".join(s.seal[i : i + 16] for i in range(0, 64, 16))
        seal = c.rich(
            c.m(c.t("seal.label") + c.t("colon"), bold=True)
            + f'<font name="{fonts.LATIN_MONO.name}">{groups}</font>'
            + "<br/>"
            + c.m(c.t("seal.howto")),
            "small",
        )
        return [KeepTogether([heading, *block, Spacer(1, 4), seal])]
    if s.signed:
        facts = Table(rows, colWidths=[26 * mm, WIDTH - 112 * mm], style=facts_style)
        block = [
            Table(
                [[first, facts]],
                colWidths=[82 * mm, WIDTH - 82 * mm],
                style=TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ]
                ),
            )
        ]
    else:
        facts = Table(rows, colWidths=[30 * mm, WIDTH - 30 * mm], style=facts_style)
        facts.hAlign = "LEFT"
        block = [first, Spacer(1, 4), facts]
    gap = Spacer(1, 4 if c.options.brief else 8)
    row = seal_row(c, s.seal, draft=False, seal_format=s.seal_format)
    return [KeepTogether([heading, *block, gap, row])]


def report_qr_value(c: Context, digest: str, seal_format: str, *, sealed: bool) -> str:
    return qr_value(
        c.incident.number,
        digest,
        seal_format,
        sealed=sealed,
        service_url=c.data.service_url,
    )


def seal_row(c: Context, digest: str, *, draft: bool, seal_format: str = SEAL_FORMAT) -> Table:
    groups = " ".join(digest[i : i + 16] for i in range(0, 64, 16))
    label = c.t("seal.draft" if draft else "seal.label")
    words = [
        c.p(label, "label"),
        Paragraph(groups, c.st["seal"]),
        Spacer(1, 3),
        c.p(c.t("seal.howto"), "small"),
    ]
    size = (18 if c.options.brief else 24) * mm
    qr = _qr(report_qr_value(c, digest, seal_format, sealed=not draft), size)
    return Table(
        [[words, qr]],
        colWidths=[WIDTH - size - 4 * mm, size + 4 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("BACKGROUND", (0, 0), (-1, -1), TINT),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
    )


def _signature_image(data: bytes | None, max_height: float = 26 * mm) -> Flowable | None:
    """The signature, at about 300 dpi for its printed size (the stored PNG is larger);
    scaled once per signature and size (:mod:`report.pictures`)."""
    if data is None:
        return None
    try:
        picture = PICTURES.get(
            data, ("signature", max_height), lambda d: _signature_picture(d, max_height)
        )
    except (OSError, ValueError) as error:
        log.warning("signature image not drawn: %s", error)
        return None
    flowable = Picture(picture, mask="auto")
    flowable.hAlign = "LEFT"
    return flowable


def _signature_picture(data: bytes, max_height: float) -> Prepared:
    with PILImage.open(io.BytesIO(data)) as img:
        img.load()
        width, height = img.size
        scale = min(max_height * 74 / 26 / width, max_height / height)
        target = (
            max(1, round(width * scale * 300 / 72)),
            max(1, round(height * scale * 300 / 72)),
        )
        picture = (
            img.resize(target, PILImage.Resampling.LANCZOS) if target[0] < width else img.copy()
        )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return Prepared(buffer.getvalue(), width * scale, height * scale)


class QrCode(Flowable):
    """The seal's QR code, ``size`` wide: its dark runs drawn straight on the canvas.

    reportlab's QR widget makes a group of ~500 rectangles, and its generic renderer
    draws each with its own saved state and style, most of the sign-off's cost. Here
    the same rectangles, in the same place and colour, are each filled in one
    operation under one saved state. Each stays a fill of its own, as before: viewers
    snap a lone rectangle to whole pixels, so the code prints as crisply as before,
    where one path of them all would be anti-aliased at its edges (greyer, a little
    different on screen). tests/test_report_qr.py reads the drawn modules back.
    """

    hAlign = "LEFT"  # noqa: N815 - as reportlab's Drawing places itself
    vAlign = "BOTTOM"  # noqa: N815

    def __init__(self, value: str, size: float) -> None:
        super().__init__()
        self.value = value
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        runs, (x0, y0, x1, y1) = _qr_runs(self.value)
        canvas = self.canv
        canvas.saveState()
        canvas.transform(self.width / (x1 - x0), 0, 0, self.height / (y1 - y0), 0, 0)
        canvas.setFillColor(black)
        for x, y, width, height in runs:
            canvas.rect(x, y, width, height, stroke=0, fill=1)
        canvas.restoreState()


def _qr(value: str, size: float) -> QrCode:
    return QrCode(value, size)


@lru_cache(maxsize=32)
def _qr_runs(
    value: str,
) -> tuple[tuple[tuple[float, float, float, float], ...], tuple[float, float, float, float]]:
    """The dark runs of the QR code of ``value`` as rectangles (x, y, width, height) in
    the widget's own units, and the widget's bounds; encoded once per seal.

    Encoding is most of a report's fixed cost (reportlab tries all eight masks). The
    same seal's report is often built again (brief and detailed, each language, the
    preview then the file, the service's copy), so the rectangles are kept.
    """
    shapes: Group = QrCodeWidget(value, barLevel="M").draw()  # type: ignore[no-untyped-call]
    runs = tuple(
        (s.x, s.y, s.width, s.height)
        for s in shapes.contents
        if isinstance(s, Rect) and s.fillColor is not None
    )
    return runs, shapes.getBounds()
