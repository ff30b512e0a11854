"""The service report as a PDF (reportlab's platypus): brief or detailed, English or Chinese.

The report prints the seal (and a QR code of it) and also carries it in the PDF's
document information, with a manifest of per-item digests, so that
:mod:`report.verify` can check a report against the record later and say what
differs. A report of an incident not yet signed off is a draft: it carries a fingerprint
of the record as it stood, marked as not sealed.
"""

from __future__ import annotations

import io
import json
import logging
import os
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from domain import durations, zones
from domain.records import (
    Action,
    ActionResult,
    Attachment,
    ClockPause,
    ClockResume,
    DiagnosticNote,
    Entry,
    HardwareSwap,
    PartUsage,
    Refusal,
    SignOff,
    StatusChange,
    TimeEntry,
    TimeKind,
    Void,
)
from domain.seal import SEAL_FORMAT, seal_hash, seal_manifest
from domain.sla import ClockReading, Outcome
from report import fonts
from report.data import ReportData
from report.excerpt import excerpt, full_text_sha256
from report.strings import LANGUAGES, plural, text

log = logging.getLogger("fieldbook.report")

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

#: Custom keys in the PDF's document information.
INFO_INCIDENT = "FieldbookIncident"
INFO_NUMBER = "FieldbookNumber"
INFO_SEAL = "FieldbookSeal"
INFO_KIND = "FieldbookSealKind"  # "sealed" or "draft"
INFO_FORMAT = "FieldbookSealFormat"
INFO_MANIFEST = "FieldbookManifest"

#: The QR code of a draft, or of a report made without the service's address:
#: ``fieldbook-seal:FORMAT:NUMBER:SEAL``.
QR_PREFIX = "fieldbook-seal:"
#: A sealed report's QR code leads to the service's public verify page, ``BASE/verify/SEAL``.
VERIFY_PATH = "/verify/"

LOG_LINES_PER_BLOCK = 24
IMAGE_MAX_HEIGHT = 95 * mm
IMAGE_MAX_PIXELS = 1200  # about 175 dpi across the text width


@dataclass(frozen=True, slots=True)
class ReportOptions:
    brief: bool = False
    language: str | None = None  # "en" or "zh"; None: the client's language
    tz: tzinfo | None = None  # None: the contract's zone, else this computer's


def qr_value(
    number: str, seal: str, seal_format: str, *, sealed: bool, service_url: str | None
) -> str:
    """What a report's QR code says (:func:`report.verify.parse_qr` reads it back)."""
    if sealed and service_url:
        return f"{service_url.rstrip('/')}{VERIFY_PATH}{seal}"
    return f"{QR_PREFIX}{seal_format}:{number}:{seal}"


@dataclass(frozen=True, slots=True)
class ReportResult:
    incident_id: uuid.UUID
    number: str
    seal: str
    sealed: bool  # False: a draft, the incident is not signed off
    language: str
    pages: int


# --- the PDF's document information -------------------------------------------------


class _Info(PDFInfo):
    """reportlab's document information plus Fieldbook's own keys."""

    def __init__(self, base: PDFInfo, extra: dict[str, str]) -> None:
        super().__init__()
        self.__dict__.update(base.__dict__)
        self.extra = extra

    def format(self, document: Any) -> bytes:
        entries: dict[str, Any] = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Producer": PDFString(self.producer),
            "Creator": PDFString(self.creator),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Trapped": PDFName(self.trapped),
        }
        entries["ModDate"] = entries["CreationDate"] = PDFDate(
            ts=document._timeStamp, dateFormatter=getattr(self, "_dateFormatter", None)
        )
        for key, value in self.extra.items():
            entries[key] = PDFString(value)
        result: bytes = PDFDictionary(entries).format(document)
        return result


class _ReportCanvas(Canvas):
    """Holds pages back until the end, so that each can say "page x of y"."""

    def __init__(self, *args: Any, decorate: _Decoration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._pages: list[dict[str, Any]] = []
        doc = self._doc  # type: ignore[attr-defined]  # reportlab's document object
        doc.info = _Info(doc.info, decorate.info)

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate.draw(self, self.getPageNumber(), total)
            super().showPage()
        super().save()


# --- text helpers -------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
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


class _Writer:
    """Builds the flowables of one report."""

    def __init__(self, data: ReportData, options: ReportOptions, lang: str) -> None:
        self.data = data
        self.options = options
        self.lang = lang
        contract_zone = zones.zone(data.detail.contract.time_zone)
        self.zone_name = data.detail.contract.time_zone if contract_zone and not options.tz else ""
        self.tz = options.tz or contract_zone or datetime.now().astimezone().tzinfo or UTC
        self.st = _styles()
        self.detail = data.detail
        self.incident = data.detail.incident
        sealed = data.sealed
        if sealed is not None:
            covered = set(sealed.sign_off.sealed_entry_ids)
            self.main_entries = [e for e in self.detail.entries if e.id in covered]
            self.addenda = sealed.addenda
        else:
            self.main_entries = [e for e in self.detail.entries if not isinstance(e, SignOff)]
            self.addenda = []
        self.by_id = {e.id: e for e in self.detail.entries}
        # A note's text files, where a long note's full text may be kept (report.excerpt).
        self.full_texts = {
            e.note_id: e
            for e in self.detail.entries
            if isinstance(e, Attachment)
            and e.note_id is not None
            and e.media_type.startswith("text/")
            and e.id not in self.detail.voided
        }
        self.voids = {e.voided_id: e for e in self.detail.entries if isinstance(e, Void)}

    # formatting

    def t(self, key: str, **params: Any) -> str:
        return text(self.lang, key, **params)

    def n(self, key: str, count: int) -> str:
        return plural(self.lang, key, count)

    def p(self, value: str, style: str = "body", *, bold: bool = False) -> Paragraph:
        return Paragraph(fonts.markup(value, bold=bold), self.st[style])

    def rich(self, markup: str, style: str = "body") -> Paragraph:
        return Paragraph(markup, self.st[style])

    def colon(self, label: str, value: str) -> str:
        return f"{label}{self.t('colon')}{value}"

    def m(self, value: str, *, bold: bool = False) -> str:
        return fonts.markup(value, bold=bold)

    def when(self, value: datetime | None) -> str:
        if value is None:
            return self.t("unknown")
        return value.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")

    def clock_time(self, value: datetime) -> str:
        return value.astimezone(self.tz).strftime("%H:%M")

    def zone(self) -> str:
        """The zone the times are in, as the report states it: the contract's by name
        (``Asia/Shanghai, UTC+08:00``), else the offset alone; at the notice's moment,
        so a report printed after a daylight-saving change states the offset it uses."""
        return zones.describe(self.zone_name, self.tz, self.incident.notified_at)

    def duration(self, value: timedelta | None) -> str:
        if value is None:
            return self.t("unknown")
        return durations.spell(value, lambda key, **n: self.t(f"duration.{key}", **n))

    def author(self, entry: Entry) -> str:
        if entry.author_id is None:
            return ""
        return self.data.technicians.get(entry.author_id, "")

    def heading(self, key: str) -> list[Flowable]:
        return [
            CondPageBreak(40 * mm),
            Paragraph(
                self.m(self.t(key), bold=True), self.st["h1_brief" if self.options.brief else "h1"]
            ),
        ]

    def table(
        self,
        rows: list[list[Any]],
        widths: list[float],
        *,
        header: bool = True,
        zebra: bool = True,
        extra: Iterable[tuple[Any, ...]] = (),
    ) -> Table:
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
        style: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
        ]
        if header:
            style += [
                ("BACKGROUND", (0, 0), (-1, 0), TINT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ]
        if zebra:
            for i in range(2 if header else 1, len(rows), 2):
                style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#fafbfc")))
        style += list(extra)
        table.setStyle(TableStyle(style))
        return table

    def header_cells(self, *keys: str) -> list[Paragraph]:
        return [self.rich(self.m(self.t(k), bold=True), "cell") for k in keys]

    # sections

    def build(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.title_block()
        story += self.facts()
        story += self.sla()
        story += self.outcome()
        story += self.swaps()
        story += self.parts()
        story += self.time_spent()
        story += self.scope()
        if not self.options.brief:
            story += self.heading("section.timeline")
            story += self.entries(self.main_entries)
        story += self.sign_off_block()
        if self.addenda:
            story += self.heading("section.addenda")
            story.append(self.p(self.t("addenda.note"), "addendum_note"))
            story += self.entries(self.addenda, addendum=True)
        return story

    def title_block(self) -> list[Flowable]:
        kind = self.t("report.brief" if self.options.brief else "report.detailed")
        out: list[Flowable] = [
            Paragraph(self.m(self.t("report.title"), bold=True), self.st["title"]),
            self.p(f"{self.incident.number}  ·  {kind}", "subtitle"),
        ]
        if self.options.brief:  # said under the facts in the detailed report
            out[-1] = self.p(
                f"{self.incident.number}  ·  {kind}  ·  "
                + self.t("report.times_in", zone=self.zone()),
                "subtitle",
            )
        if self.data.sealed is None:
            out.append(Spacer(1, 3))
            out.append(
                Paragraph(
                    _color(WARN, self.m(self.t("report.draft"), bold=True)),
                    self.st["body"],
                )
            )
        out.append(Spacer(1, 8))
        return out

    def facts(self) -> list[Flowable]:
        d, i = self.detail, self.incident
        company = self.data.company
        # The brief report names the provider and its phone, to stay on one page; the
        # detailed one has the whole letterhead.
        lines = (
            (company.name, company.phone)
            if self.options.brief
            else (company.name, company.address, company.phone)
        )
        provider = "\n".join(x for x in lines if x)
        client = "\n".join(x for x in (d.client.name, d.client.address) if x)
        if d.system is not None:
            system = self.t(
                "system.covered",
                name=i.system_name,
                category=self.t(f"category.{d.system.category}"),
            )
            location = d.system.location
        else:
            system = self.t("system.not_covered", name=i.system_name)
            location = ""
        technician = self.data.technicians.get(i.assigned_to, "") if i.assigned_to else ""
        pairs = [
            ("field.provider", provider or self.t("unknown"), "field.client", client),
            ("field.contract", d.contract.number, "field.system", system),
            ("field.priority", i.priority.value, "field.location", location or self.t("unknown")),
            (
                "field.channel",
                self.t(f"channel.{i.channel}"),
                "field.notified",
                self.when(i.notified_at),
            ),
            (
                "field.responded",
                self.when(i.responded_at),
                "field.resolved",
                self.when(i.resolved_at),
            ),
            (
                "field.technician",
                technician or self.t("unknown"),
                "field.status",
                self.t(f"status.{i.status}"),
            ),
        ]
        if self.options.brief:
            # Five rows instead of six: the channel goes with the time reported, and the
            # status is said by the sign-off (or the draft's warning) below.
            reported = self.t(
                "field.notified_by",
                when=self.when(i.notified_at),
                channel=self.t(f"channel.{i.channel}"),
            )
            pairs[3:] = [
                ("field.notified", reported, "field.responded", self.when(i.responded_at)),
                (
                    "field.resolved",
                    self.when(i.resolved_at),
                    "field.technician",
                    technician or self.t("unknown"),
                ),
            ]
        rows = [
            [
                self.p(self.t(a), "label"),
                self.p(b, "cell"),
                self.p(self.t(c), "label"),
                self.p(e, "cell"),
            ]
            for a, b, c, e in pairs
        ]
        facts = self.table(
            rows,
            [24 * mm, WIDTH / 2 - 24 * mm, 24 * mm, WIDTH / 2 - 24 * mm],
            header=False,
            zebra=False,
            extra=[
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
                ("BACKGROUND", (0, 0), (0, -1), TINT),
                ("BACKGROUND", (2, 0), (2, -1), TINT),
            ],
        )
        out: list[Flowable] = [facts, Spacer(1, 6)]
        out.append(
            self.rich(self.m(self.t("field.title") + self.t("colon"), bold=True) + self.m(i.title))
        )
        if i.description:
            out.append(Spacer(1, 2))
            out.append(self.p(i.description))
        if not self.options.brief:
            out.append(Spacer(1, 2))
            out.append(self.p(self.t("report.times_in", zone=self.zone()), "small"))
        return out

    def outcome_label(self, clock: ClockReading) -> str:
        colour = {Outcome.MET: OK, Outcome.MISSED: WARN}.get(clock.outcome, MUTED)
        label = self.m(self.t(f"outcome.{clock.outcome}"), bold=True)
        return _color(colour, label)

    def sla(self) -> list[Flowable]:
        reading = self.detail.sla
        rows: list[list[Any]] = [
            self.header_cells("sla.clock", "sla.target", "sla.actual", "sla.paused", "sla.result")
        ]
        for key, clock in (
            ("sla.response", reading.response),
            ("sla.resolution", reading.resolution),
        ):
            if clock.stopped_at is not None:
                actual = self.duration(clock.stopped_at - clock.started_at - clock.paused)
            elif clock.target is not None and clock.time_left is not None:
                actual = self.duration(clock.target - clock.time_left)
            else:
                actual = self.t("unknown")
            rows.append(
                [
                    self.p(self.t(key), "cell"),
                    self.p(
                        self.duration(clock.target)
                        if clock.target is not None
                        else self.t("sla.none"),
                        "cell",
                    ),
                    self.p(actual, "cell"),
                    self.p(self.duration(clock.paused) if clock.paused else "–", "cell"),
                    self.rich(self.outcome_label(clock), "cell"),
                ]
            )
        out: list[Flowable] = [
            *self.heading("section.sla"),
            self.table(rows, [52 * mm, 30 * mm, 30 * mm, 28 * mm, WIDTH - 140 * mm]),
        ]
        pauses = self.detail.pauses
        if pauses and self.detail.contract.policy.pause_allowed and self.options.brief:
            # One small line per pause: when, how long, why.
            out.append(Spacer(1, 3))
            out.append(self.p(self.t("sla.pauses"), "small", bold=True))
            for pause in pauses:
                span = (
                    f"{self.when(pause.start)} – {self.clock_time(pause.end)} "
                    f"({self.duration(pause.end - pause.start)})"
                    if pause.end
                    else f"{self.when(pause.start)} – {self.t('sla.open')}"
                )
                out.append(self.p(f"{span}{self.t('colon')}{pause.reason}", "small"))
        elif pauses and self.detail.contract.policy.pause_allowed:
            out.append(Spacer(1, 6))
            out.append(self.p(self.t("sla.pauses"), "h2", bold=True))
            prow: list[list[Any]] = [
                self.header_cells("sla.pause_from", "sla.pause_to", "sla.duration", "sla.reason")
            ]
            for pause in pauses:
                prow.append(
                    [
                        self.p(self.when(pause.start), "cell"),
                        self.p(self.when(pause.end) if pause.end else self.t("sla.open"), "cell"),
                        self.p(
                            self.duration(pause.end - pause.start) if pause.end else "–", "cell"
                        ),
                        self.p(pause.reason, "cell"),
                    ]
                )
            out.append(self.table(prow, [32 * mm, 32 * mm, 26 * mm, WIDTH - 90 * mm]))
        return out

    def live(self, entries: Iterable[Entry]) -> list[Entry]:
        return [e for e in entries if e.id not in self.detail.voided]

    def outcome(self) -> list[Flowable]:
        i = self.incident
        live = self.live(self.main_entries)
        actions = [e for e in live if isinstance(e, Action)]
        results = Counter(a.result for a in actions)
        resolution = (
            self.t(f"resolution.{i.resolution}") if i.resolution else self.t("resolution.none")
        )
        rows = [
            [self.p(self.t("outcome.engineer"), "label"), self.p(resolution, "cell", bold=True)]
        ]
        sign_off = self.data.sign_off
        if sign_off is not None and sign_off.outcome is not None:
            rows.append(
                [
                    self.p(self.t("outcome.client"), "label"),
                    self.p(self.t(f"signoff.{sign_off.outcome}"), "cell", bold=True),
                ]
            )
        if self.options.brief:
            # One row instead of a section: the brief report stays on one page.
            totals = self.time_totals()
            spent = "  ·  ".join(
                self.colon(self.t(f"time.{kind}"), self.duration(totals[kind])) for kind in TimeKind
            )
            total = self.colon(self.t("time.total"), self.duration(sum(totals.values(), ZERO)))
            rows.append(
                [
                    self.p(self.t("section.time"), "label"),
                    self.rich(self.m(spent) + "  ·  " + self.m(total, bold=True), "cell"),
                ]
            )
        out: list[Flowable] = [
            *self.heading("section.outcome"),
            self.table(
                rows,
                [45 * mm, WIDTH - 45 * mm],
                header=False,
                zebra=False,
                extra=[("BACKGROUND", (0, 0), (0, -1), TINT)],
            ),
            Spacer(1, 5),
            self.p(
                self.t(
                    "summary.counts",
                    actions=self.n("count.actions", len(actions)),
                    succeeded=results[ActionResult.SUCCEEDED],
                    partial=results[ActionResult.PARTIAL],
                    failed=results[ActionResult.FAILED],
                    notes=self.n("count.notes", sum(isinstance(e, DiagnosticNote) for e in live)),
                    attachments=self.n(
                        "count.attachments", sum(isinstance(e, Attachment) for e in live)
                    ),
                    swaps=self.n("count.swaps", sum(isinstance(e, HardwareSwap) for e in live)),
                    parts=self.n(
                        "count.parts", sum(e.quantity for e in live if isinstance(e, PartUsage))
                    ),
                )
                + (" " + self.t("scope.all_covered") if self.brief_all_in_scope() else "")
            ),
        ]
        if self.options.brief and actions:
            out.append(Spacer(1, 2))
            for action in actions[-8:]:
                out.append(
                    self.rich(
                        "•&nbsp;"
                        + self.m(
                            self.colon(self.t(f"action.{action.action_kind}"), action.description)
                        )
                        + " — "
                        + self.m(self.t(f"result.{action.result}"), bold=True),
                        "entry",
                    )
                )
        return out

    def brief_all_in_scope(self) -> bool:
        """Brief report, and nothing outside the agreement: said in the summary's line."""
        return (
            self.options.brief
            and self.detail.system is not None
            and not any(
                isinstance(e, Action) and e.out_of_scope for e in self.live(self.main_entries)
            )
        )

    def swaps(self) -> list[Flowable]:
        swaps = [e for e in self.live(self.main_entries) if isinstance(e, HardwareSwap)]
        out = self.heading("section.swaps")
        if not swaps:
            # The brief report's summary already counts "0 hardware replacements".
            return [] if self.options.brief else [*out, self.p(self.t("none"), "small")]
        rows: list[list[Any]] = [
            self.header_cells("swap.removed", "swap.installed", "swap.kind", "swap.note")
        ]
        for s in swaps:
            kind = (
                _color(WARN, self.m(self.t("swap.temporary"), bold=True))
                if s.temporary
                else self.m(self.t("swap.permanent"))
            )
            rows.append(
                [
                    self.rich(
                        self.m(s.removed_part)
                        + "<br/>"
                        + self.m(self.t("swap.serial", serial=s.removed_serial)),
                        "cell",
                    ),
                    self.rich(
                        self.m(s.installed_part)
                        + "<br/>"
                        + self.m(self.t("swap.serial", serial=s.installed_serial)),
                        "cell",
                    ),
                    self.rich(kind, "cell"),
                    self.p(s.note, "cell"),
                ]
            )
        return [*out, self.table(rows, [50 * mm, 50 * mm, 24 * mm, WIDTH - 124 * mm])]

    def parts(self) -> list[Flowable]:
        used: Counter[uuid.UUID] = Counter()
        for e in self.live(self.main_entries):
            if isinstance(e, PartUsage):
                used[e.part_id] += e.quantity
        out = self.heading("section.parts")
        if not used:
            return [] if self.options.brief else [*out, self.p(self.t("none"), "small")]
        if self.options.brief:
            # A line per part instead of a table, to stay on one page.
            return [
                *out,
                *(
                    self.p(f"{qty} × {' '.join(self.data.parts.get(part_id, (str(part_id), '')))}")
                    for part_id, qty in sorted(
                        used.items(), key=lambda kv: self.data.parts.get(kv[0], ("", ""))[0]
                    )
                ),
            ]
        rows: list[list[Any]] = [
            self.header_cells("part.number", "part.description", "part.quantity")
        ]
        for part_id, qty in sorted(
            used.items(), key=lambda kv: self.data.parts.get(kv[0], ("", ""))[0]
        ):
            number, description = self.data.parts.get(part_id, (str(part_id), ""))
            rows.append(
                [
                    self.p(number, "cell"),
                    self.p(description, "cell"),
                    self.p(str(qty), "cell_right"),
                ]
            )
        return [*out, self.table(rows, [45 * mm, WIDTH - 65 * mm, 20 * mm])]

    def time_totals(self) -> dict[TimeKind, timedelta]:
        totals: dict[TimeKind, timedelta] = dict.fromkeys(TimeKind, ZERO)
        for e in self.live(self.main_entries):
            if isinstance(e, TimeEntry):
                totals[e.time_kind] += e.duration
        return totals

    def time_spent(self) -> list[Flowable]:
        if self.options.brief:
            return []  # a row of the outcome table (see outcome)
        totals = self.time_totals()
        rows: list[list[Any]] = [
            self.header_cells("time.travel", "time.on_site", "time.waiting", "time.total"),
            [
                self.p(self.duration(totals[TimeKind.TRAVEL]), "cell"),
                self.p(self.duration(totals[TimeKind.ON_SITE]), "cell"),
                self.p(self.duration(totals[TimeKind.WAITING]), "cell"),
                self.p(self.duration(sum(totals.values(), timedelta(0))), "cell", bold=True),
            ],
        ]
        return [*self.heading("section.time"), self.table(rows, [WIDTH / 4] * 4, zebra=False)]

    def scope(self) -> list[Flowable]:
        out = self.heading("section.scope")
        items: list[Flowable] = []
        if self.detail.system is None:
            items.append(
                self.p(
                    self.t("system.not_covered", name=self.incident.system_name), "body", bold=True
                )
            )
        actions = [
            e for e in self.live(self.main_entries) if isinstance(e, Action) and e.out_of_scope
        ]
        if actions and self.options.brief:
            items += [
                self.rich(
                    "•&nbsp;"
                    + self.m(self.colon(self.t(f"action.{a.action_kind}"), a.description))
                    + " — "
                    + self.m(self.t(f"result.{a.result}"))
                    + " — "
                    + _color(WARN, self.m(self.t("scope.billable"), bold=True)),
                    "entry",
                )
                for a in actions
            ]
        elif actions:
            rows: list[list[Any]] = [
                self.header_cells("entry.action", "sla.result", "scope.billable")
            ]
            for a in actions:
                rows.append(
                    [
                        self.p(
                            self.colon(self.t(f"action.{a.action_kind}"), a.description), "cell"
                        ),
                        self.p(self.t(f"result.{a.result}"), "cell"),
                        self.rich(
                            _color(WARN, self.m(self.t("scope.billable"), bold=True)),
                            "cell",
                        ),
                    ]
                )
            items.append(self.table(rows, [WIDTH - 70 * mm, 30 * mm, 40 * mm]))
        if not items:
            if self.options.brief:
                return []  # the outcome's summary says so (see outcome)
            items.append(self.p(self.t("scope.none"), "small"))
        return [*out, *items]

    # the timeline

    def entries(self, entries: list[Entry], *, addendum: bool = False) -> list[Flowable]:
        out: list[Flowable] = []
        for entry in entries:
            out += self.entry(entry, addendum=addendum)
        if not entries:
            out.append(self.p(self.t("none"), "small"))
        return out

    def entry(self, entry: Entry, *, addendum: bool = False) -> list[Flowable]:
        voided = entry.id in self.detail.voided
        kind = entry.kind
        if isinstance(entry, DiagnosticNote) and entry.preformatted:
            kind = "log"
        what = self.t(f"entry.{kind}") if kind != "log" else self.t("entry.log")
        head_bits = [self.when(entry.recorded_at), what]
        who = self.author(entry)
        if who:
            head_bits.append(who)
        head = self.m("  ·  ".join(head_bits), bold=True)
        if addendum:
            head = _color(ADDENDUM, head)
        body: list[Flowable] = []
        strike = voided
        if isinstance(entry, DiagnosticNote):
            body += self.note_body(entry, strike)
        elif isinstance(entry, Action):
            line = self.colon(self.t(f"action.{entry.action_kind}"), entry.description)
            result = self.t("entry.result", result=self.t(f"result.{entry.result}"))
            if entry.result_detail:
                result += f" — {entry.result_detail}"
            body.append(self.body(line, strike))
            body.append(self.body(result, strike, bold=True))
            if entry.out_of_scope:
                body.append(
                    self.rich(
                        _color(WARN, self.m(self.t("entry.out_of_scope"), bold=True)),
                        "entry",
                    )
                )
        elif isinstance(entry, HardwareSwap):
            kind_text = self.t("swap.temporary") if entry.temporary else self.t("swap.permanent")
            body.append(
                self.body(
                    f"{self.colon(self.t('swap.removed'), entry.removed_part)} "
                    f"({self.t('swap.serial', serial=entry.removed_serial)})  →  "
                    f"{self.colon(self.t('swap.installed'), entry.installed_part)} "
                    f"({self.t('swap.serial', serial=entry.installed_serial)}), {kind_text}",
                    strike,
                )
            )
            if entry.note:
                body.append(self.body(entry.note, strike))
        elif isinstance(entry, PartUsage):
            number, description = self.data.parts.get(entry.part_id, (str(entry.part_id), ""))
            body.append(self.body(f"{entry.quantity} × {number} {description}".strip(), strike))
        elif isinstance(entry, TimeEntry):
            body.append(
                self.body(
                    self.t(
                        "entry.time_span",
                        kind=self.t(f"time.{entry.time_kind}"),
                        start=self.when(entry.started_at),
                        end=self.clock_time(entry.ended_at),
                        duration=self.duration(entry.duration),
                    ),
                    strike,
                )
            )
        elif isinstance(entry, ClockPause):
            body.append(self.body(entry.reason, strike))
        elif isinstance(entry, ClockResume):
            pass
        elif isinstance(entry, StatusChange):
            line = self.t(
                "entry.status_change",
                old=self.t(f"status.{entry.from_status}"),
                new=self.t(f"status.{entry.to_status}"),
            )
            if entry.resolution is not None:
                line += f" ({self.t(f'resolution.{entry.resolution}')})"
            body.append(self.body(line, strike))
        elif isinstance(entry, Void):
            target = self.by_id.get(entry.voided_id)
            when = self.when(target.recorded_at) if target is not None else str(entry.voided_id)
            body.append(
                self.body(self.colon(self.t("entry.voids", when=when), entry.reason), False)
            )
        elif isinstance(entry, Attachment):
            body.append(
                self.body(self.t("entry.file", name=entry.filename, size=_size(entry.size)), strike)
            )
            if not voided and entry.sha256 in self.data.images:
                picture = _image(self.data.images[entry.sha256])
                if picture is None:
                    body.append(self.body(self.t("entry.image_unreadable"), False))
                else:
                    body.append(picture)
        if voided:
            void = self.voids.get(entry.id)
            reason = void.reason if void is not None else ""
            body.append(
                self.rich(
                    _color(WARN, self.m(self.t("entry.voided", reason=reason))),
                    "entry",
                )
            )
        head_p = self.rich(head, "entry_head")
        # The heading never ends a page alone; the body may run on to the next page
        # (wrapping each entry in KeepTogether measured every entry twice: 2x slower).
        head_p.keepWithNext = True
        return [head_p, *body]

    def body(self, value: str, strike: bool, *, bold: bool = False) -> Paragraph:
        markup = self.m(value, bold=bold)
        if strike:
            markup = f'<strike><font color="{MUTED.hexval()}">{markup}</font></strike>'
        return self.rich(markup, "entry")

    def note_body(self, note: DiagnosticNote, strike: bool) -> list[Flowable]:
        """A note whole, or a long one cut to its head and tail (:mod:`report.excerpt`),
        saying how much was left out and where the full text is."""
        cut = excerpt(note.text)
        if cut is None:
            if note.preformatted:
                return self.log_blocks(note.text, strike)
            return [self.body(note.text, strike)]
        out: list[Flowable] = []
        for part in (cut.head, cut.tail):
            if out:
                omitted = self.t(
                    "cut.omitted",
                    lines=self.n("count.lines", cut.omitted_lines),
                    chars=f"{cut.omitted_chars:,}",
                )
                out.append(self.rich(_color(MUTED, self.m(omitted, bold=True)), "entry"))
            if note.preformatted:
                out += self.log_blocks(part, strike)
            else:
                out.append(self.body(part, strike))
        full = self.full_texts.get(note.id)
        if full is not None and full.sha256 == full_text_sha256(note.text):
            where = self.t("cut.attached", name=full.filename, size=_size(full.size))
        else:
            where = self.t("cut.in_record")
        out.append(self.rich(_color(MUTED, self.m(where)), "entry"))
        return out

    def log_blocks(self, value: str, strike: bool) -> list[Flowable]:
        lines = value.splitlines() or [""]
        blocks: list[Flowable] = []
        for start in range(0, len(lines), LOG_LINES_PER_BLOCK):
            chunk = "\n".join(lines[start : start + LOG_LINES_PER_BLOCK])
            markup = fonts.markup(chunk, mono=True, keep_spaces=True)
            if strike:
                markup = f"<strike>{markup}</strike>"
            blocks.append(Paragraph(markup, self.st["log"]))
        return blocks

    # the sign-off

    def sign_off_block(self) -> list[Flowable]:
        sealed = self.data.sealed
        heading = Paragraph(
            self.m(self.t("section.signoff"), bold=True),
            self.st["h1_brief" if self.options.brief else "h1"],
        )
        if sealed is None:
            digest = seal_hash(self.incident, self.main_entries)
            return [
                KeepTogether(
                    [
                        heading,
                        self.p(self.t("signoff.pending"), "body", bold=True),
                        Spacer(1, 6),
                        self.seal_row(digest, draft=True),
                    ]
                )
            ]
        s = sealed.sign_off
        if s.signed:
            details = [
                ("signoff.signer", s.signer_name),
                ("signoff.role", s.signer_role),
                ("signoff.time", self.when(s.recorded_at)),
            ]
            if not self.options.brief:  # the brief's outcome table says it already
                details.append(("outcome.client", self.t(f"signoff.{s.outcome}")))
            if s.comment:
                details.append(("signoff.comment", s.comment))
            height = (20 if self.options.brief else 26) * mm
            picture = _signature_image(self.data.signature_png, height)
            left: list[Any] = [picture if picture is not None else Spacer(1, height)]
            line_table = Table(
                [[left[0]], [self.p(self.t("signoff.person"), "label")]],
                colWidths=[(62 if self.options.brief else 78) * mm],
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
            headline = (
                "signoff.refused" if s.refusal is Refusal.REFUSED else "signoff.not_available"
            )
            details = [
                ("signoff.reason", s.reason),
                ("signoff.recorded_at", self.when(s.recorded_at)),
            ]
            if s.signer_name:
                details.insert(1, ("signoff.person", s.signer_name))
            if s.signer_role:
                details.insert(2, ("signoff.role", s.signer_role))
            first = self.rich(
                _color(WARN, self.m(self.t(headline), bold=True)),
                "body",
            )
        rows = [[self.p(self.t(k), "label"), self.p(v, "cell")] for k, v in details]
        facts_style = TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
        block: list[Flowable]
        if s.signed and self.options.brief:
            # Signature, signer and the seal's QR code side by side; the seal below.
            qr_size, signature = 20 * mm, 66 * mm
            rest = WIDTH - signature - qr_size - 2 * mm
            facts = Table(rows, colWidths=[24 * mm, rest - 24 * mm], style=facts_style)
            qr = _qr(self.qr_value(s.seal, s.seal_format, sealed=True), qr_size)
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
            seal = self.rich(
                self.m(self.t("seal.label") + self.t("colon"), bold=True)
                + f'<font name="{fonts.LATIN_MONO.name}">{groups}</font>'
                + "<br/>"
                + self.m(self.t("seal.howto")),
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
        gap = Spacer(1, 4 if self.options.brief else 8)
        seal_row = self.seal_row(s.seal, draft=False, seal_format=s.seal_format)
        return [KeepTogether([heading, *block, gap, seal_row])]

    def qr_value(self, digest: str, seal_format: str, *, sealed: bool) -> str:
        return qr_value(
            self.incident.number,
            digest,
            seal_format,
            sealed=sealed,
            service_url=self.data.service_url,
        )

    def seal_row(self, digest: str, *, draft: bool, seal_format: str = SEAL_FORMAT) -> Table:
        groups = " ".join(digest[i : i + 16] for i in range(0, 64, 16))
        label = self.t("seal.draft" if draft else "seal.label")
        words = [
            self.p(label, "label"),
            Paragraph(groups, self.st["seal"]),
            Spacer(1, 3),
            self.p(self.t("seal.howto"), "small"),
        ]
        size = (18 if self.options.brief else 24) * mm
        qr = _qr(self.qr_value(digest, seal_format, sealed=not draft), size)
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


def _color(colour: colors.Color, markup: str) -> str:
    return f'<font color="{colour.hexval()}">{markup}</font>'


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _image(data: bytes) -> Flowable | None:
    """An attachment's picture, scaled to the text width (and a sane height)."""
    try:
        with PILImage.open(io.BytesIO(data)) as img:
            img.load()
            picture = img.convert("RGB") if img.mode not in ("RGB", "L") else img.copy()
    except (OSError, ValueError, PILImage.DecompressionBombError) as error:
        log.warning("image attachment not drawn: %s", error)
        return None
    picture.thumbnail((IMAGE_MAX_PIXELS, IMAGE_MAX_PIXELS))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    width, height = picture.size
    scale = min((WIDTH - 10) / width, IMAGE_MAX_HEIGHT / height, 0.75)
    flowable = Image(buffer, width=width * scale, height=height * scale)
    flowable.hAlign = "LEFT"
    return flowable


def _signature_image(data: bytes | None, max_height: float = 26 * mm) -> Flowable | None:
    """The signature, at about 300 dpi for its printed size (the stored PNG is larger)."""
    if data is None:
        return None
    try:
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
    except (OSError, ValueError) as error:
        log.warning("signature image not drawn: %s", error)
        return None
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    buffer.seek(0)
    flowable = Image(buffer, width=width * scale, height=height * scale, mask="auto")
    flowable.hAlign = "LEFT"
    return flowable


def _qr(value: str, size: float) -> Drawing:
    widget = QrCodeWidget(value, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


# --- pages --------------------------------------------------------------------------


class _Decoration:
    """Header and footer of every page, drawn once the page count is known."""

    def __init__(self, writer: _Writer, info: dict[str, str], digest: str, sealed: bool) -> None:
        self.writer = writer
        self.info = info
        self.digest = digest
        self.sealed = sealed

    def _runs(
        self,
        canvas: Canvas,
        x: float,
        y: float,
        value: str,
        size: float,
        *,
        bold: bool = False,
        right: bool = False,
    ) -> None:
        pieces = fonts.runs(value, bold=bold)
        width = sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in pieces)
        cursor = x - width if right else x
        for font, chunk in pieces:
            canvas.setFont(font, size)
            canvas.drawString(cursor, y, chunk)
            cursor += pdfmetrics.stringWidth(chunk, font, size)

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        w = self.writer
        top = PAGE[1] - 13 * mm
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        company = w.data.company.name or w.t("report.title")
        self._runs(canvas, MARGIN_X, top, company, 9, bold=True)
        canvas.setFillColor(MUTED)
        self._runs(
            canvas,
            PAGE[0] - MARGIN_X,
            top,
            f"{w.t('report.title')} · {w.incident.number}",
            8,
            right=True,
        )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 3 * mm, PAGE[0] - MARGIN_X, top - 3 * mm)
        bottom = 11 * mm
        canvas.line(MARGIN_X, bottom + 4 * mm, PAGE[0] - MARGIN_X, bottom + 4 * mm)
        canvas.setFillColor(MUTED)
        left = w.t("report.generated", when=w.when(w.data.generated_at))
        left += f"  ·  {w.t('footer.seal' if self.sealed else 'footer.draft')} {self.digest[:16]}…"
        self._runs(canvas, MARGIN_X, bottom, left, 7)
        self._runs(
            canvas,
            PAGE[0] - MARGIN_X,
            bottom,
            w.t("report.page", page=page, pages=pages),
            7.5,
            right=True,
        )
        canvas.restoreState()


def pick_language(data: ReportData, requested: str | None) -> str:
    if requested is not None:
        if requested not in LANGUAGES:
            raise ValueError(f"report language must be one of {', '.join(LANGUAGES)}")
        return requested
    client = data.detail.client.language
    return client if client in LANGUAGES else "en"


def build_report(
    data: ReportData,
    out: BinaryIO,
    options: ReportOptions | None = None,
    *,
    progress: Callable[[float], None] | None = None,
) -> ReportResult:
    """Write the report of ``data`` as a PDF to ``out``."""
    options = options or ReportOptions()
    fonts.register()
    # Streams as binary, not ASCII85 text: a quarter smaller, and no pure-Python encoding.
    rl_config.useA85 = 0
    lang = pick_language(data, options.language)
    writer = _Writer(data, options, lang)
    incident = data.detail.incident
    if data.sealed is not None:
        digest = data.sealed.sign_off.seal
        seal_format = data.sealed.sign_off.seal_format
        manifest = (
            seal_manifest(data.sealed.incident, data.sealed.entries, seal_format)
            if data.sealed.verifiable
            else {}
        )
    else:
        digest = seal_hash(incident, writer.main_entries)
        manifest = seal_manifest(incident, writer.main_entries)
        seal_format = SEAL_FORMAT
    sealed = data.sealed is not None
    info = {
        INFO_INCIDENT: str(incident.id),
        INFO_NUMBER: incident.number,
        INFO_SEAL: digest,
        INFO_KIND: "sealed" if sealed else "draft",
        INFO_FORMAT: seal_format,
        INFO_MANIFEST: json.dumps(manifest, sort_keys=True, separators=(",", ":")),
    }
    decoration = _Decoration(writer, info, digest, sealed)
    pages = 0

    def make_canvas(*args: Any, **kwargs: Any) -> Canvas:
        return _ReportCanvas(*args, decorate=decoration, **kwargs)

    doc = BaseDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{text(lang, 'report.title')} {incident.number}",
        author=data.company.name or "Fieldbook",
        subject=f"{incident.number}: {incident.title}",
        keywords=["fieldbook", incident.number, f"{'seal' if sealed else 'draft'} {digest}"],
        creator="Fieldbook",
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    if progress is not None:
        total = [1]

        def on_progress(kind: str, value: int) -> None:
            if kind == "SIZE_EST":
                total[0] = max(value, 1)
            elif kind == "PROGRESS":
                progress(min(value / total[0], 1.0))

        doc.setProgressCallBack(on_progress)
    story = writer.build()
    doc.build(story, canvasmaker=make_canvas)
    pages = doc.page
    log.info(
        "report %s (%s, %s, %d pages, %s %s)",
        incident.number,
        "brief" if options.brief else "detailed",
        lang,
        pages,
        "sealed" if sealed else "draft",
        digest,
    )
    return ReportResult(
        incident_id=incident.id,
        number=incident.number,
        seal=digest,
        sealed=sealed,
        language=lang,
        pages=pages,
    )


def write_report(
    data: ReportData,
    path: Path,
    options: ReportOptions | None = None,
    *,
    progress: Callable[[float], None] | None = None,
) -> ReportResult:
    """Write the report to ``path`` whole or not at all (a temporary file renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            result = build_report(data, out, options, progress=progress)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result
