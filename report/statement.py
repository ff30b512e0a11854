"""The SLA statement as a PDF (landscape A4, the office's letterhead) and as CSV.

Takes plain values (:class:`StatementData`: the domain's
:class:`~domain.statement.Statement` with the client, the company and the parts' names),
never a store or a database: the service renders it, and anything else could.

Every incident line prints its report's seal in full, so the client can check any line
against the signed report (``fieldbook verify``). A year of a busy client is thousands
of lines: the incidents' table is cut into tables of :data:`CHUNK` incidents (reportlab
splits one long table in quadratic time) and its cells are plain strings.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from domain import durations, zones
from domain.records import Client, Status
from domain.sla import ClockReading, Outcome
from domain.statement import (
    ZERO,
    Breach,
    ClockFigures,
    Event,
    EventKind,
    IncidentLine,
    Statement,
    active_time,
)
from report import fonts
from report.data import Company
from report.pages import PagedCanvas
from report.statement_text import text
from report.theme import ACCENT, INK, MUTED, OK, RULE, TINT, WARN

log = logging.getLogger("fieldbook.report")

PAGE = landscape(A4)
MARGIN_X = 14 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 16 * mm
WIDTH = PAGE[0] - 2 * MARGIN_X
#: Incidents per table of the incidents' section.
CHUNK = 20
LANGUAGES = ("en", "zh")


@dataclass(frozen=True, slots=True)
class StatementData:
    statement: Statement
    client: Client
    company: Company
    parts: Mapping[Any, tuple[str, str]]  # part id → (number, description)
    generated_at: datetime


@dataclass(frozen=True, slots=True)
class StatementResult:
    language: str
    pages: int
    incidents: int


def pick_language(data: StatementData, requested: str | None) -> str:
    """``requested``, else the client's language (``en`` when it has none we write)."""
    if requested:
        if requested not in LANGUAGES:
            raise ValueError(f"a statement's language is one of {', '.join(LANGUAGES)}")
        return requested
    return data.client.language if data.client.language in LANGUAGES else "en"


class Words:
    """Formatting in one language and the contract's zone."""

    def __init__(self, data: StatementData, lang: str) -> None:
        self.lang = lang
        name = data.statement.contract.time_zone
        self.tz: tzinfo = zones.zone(name) or UTC
        self.zone = zones.describe(name, self.tz, data.statement.period.start)

    def __call__(self, key: str, **params: Any) -> str:
        return text(self.lang, key, **params)

    def when(self, value: datetime | None) -> str:
        return "—" if value is None else value.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")

    def duration(self, value: timedelta | None) -> str:
        if value is None:
            return "—"
        return durations.spell(value, lambda key, **n: self(f"duration.{key}", **n))

    def outcome(self, clock: ClockReading) -> str:
        return self(f"outcome.{clock.outcome.value}")

    def clock_cell(self, clock: ClockReading, as_of: datetime) -> str:
        """``4 min / 5 min · met``."""
        if clock.target is None:
            return self("outcome.no_target")
        return (
            f"{self.duration(active_time(clock, as_of))} / {self.duration(clock.target)}"
            f" · {self.outcome(clock)}"
        )

    def share(self, figures: ClockFigures) -> str:
        share = figures.share_met
        return "—" if share is None else f"{share * 100:.1f} %"

    def event(self, event: Event) -> str:
        kind = event.kind
        if kind is EventKind.NOTIFIED:
            return self("event.notified", channel=self(f"channel.{event.detail}"))
        if kind is EventKind.STATUS:
            label = self(f"status.{event.status.value}") if event.status else ""
            detail = event.detail
            if event.status is Status.RESOLVED and detail in ("fixed", "workaround"):
                detail = self(f"resolution.{detail}")
            return f"{label}{' · ' + detail if detail else ''}"
        if kind is EventKind.PAUSED:
            return self("event.paused", reason=event.detail)
        if kind is EventKind.RESUMED:
            return self("event.resumed")
        if kind is EventKind.PRIORITY:
            return self("event.priority", detail=event.detail)
        if kind is EventKind.REOPENED:
            return self("event.reopened", detail=event.detail or "—")
        return self("event.signed")

    def flags(self, line: IncidentLine) -> list[str]:
        out: list[str] = []
        if line.cancelled:
            out.append(self("cancelled", reason=line.cancelled_reason))
        if not line.covered:
            out.append(self("outside_annex"))
        if line.reopened:
            out.append(self("reopened", n=len(line.reopened)))
        if line.priority_steps:
            steps = ", ".join(
                f"{s.from_priority}→{s.to_priority}"
                + (f" ({self('after_breach')})" if s.after_breach else "")
                for s in line.priority_steps
            )
            out.append(self("priority_steps", steps=steps))
        if line.pauses:
            reasons = "; ".join(dict.fromkeys(p.reason for p in line.pauses if p.reason))
            out.append(self("paused_for", time=self.duration(line.paused), reasons=reasons or "—"))
        return out


# --- the PDF -----------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "b", fontName=fonts.base_font(), fontSize=8.6, leading=11.6, textColor=INK
    )
    return {
        "body": base,
        "small": ParagraphStyle("s", parent=base, fontSize=7.4, leading=9.8, textColor=MUTED),
        "title": ParagraphStyle("t", parent=base, fontSize=18, leading=23, textColor=ACCENT),
        "subtitle": ParagraphStyle("st", parent=base, fontSize=10.5, leading=14, textColor=INK),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "cell": ParagraphStyle("c", parent=base, fontSize=7.6, leading=9.8),
    }


def _table_style(header: bool = True) -> list[tuple[Any, ...]]:
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.base_font()),
        ("FONTSIZE", (0, 0), (-1, -1), 7.4),
        ("LEADING", (0, 0), (-1, -1), 9.2),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
    ]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), TINT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
        ]
    return style


class _Writer:
    def __init__(self, data: StatementData, lang: str) -> None:
        self.data = data
        self.s = data.statement
        self.w = Words(data, lang)
        self.st = _styles()

    def p(self, value: str, style: str = "body", *, bold: bool = False) -> Paragraph:
        return Paragraph(fonts.markup(value, bold=bold), self.st[style])

    def heading(self, key: str) -> list[Flowable]:
        return [CondPageBreak(30 * mm), self.p(self.w(key), "h1", bold=True)]

    def build(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.title()
        story += self.summary()
        story += self.breaches()
        story += self.incidents()
        story += self.cancelled()
        story += self.scope()
        story += self.parts()
        return story

    def title(self) -> list[Flowable]:
        w, s, company = self.w, self.s, self.data.company
        letterhead = " · ".join(x for x in (company.name, company.address, company.phone) if x)
        out: list[Flowable] = []
        if letterhead:
            out.append(self.p(letterhead, "small"))
        out += [
            self.p(w("title"), "title", bold=True),
            self.p(
                w(
                    "subtitle",
                    client=self.data.client.name,
                    contract=s.contract.number,
                    period=s.period.label,
                ),
                "subtitle",
            ),
            Spacer(1, 3),
            self.p(w("as_of", when=w.when(s.as_of), zone=w.zone), "small"),
            self.p(w("rule"), "small"),
        ]
        return out

    def summary(self) -> list[Flowable]:
        w = self.w
        head = [
            w(k)
            for k in (
                "col.priority",
                "col.incidents",
                "col.clock",
                "col.target",
                "col.met",
                "col.missed",
                "col.open",
                "col.share",
                "col.median",
                "col.worst",
            )
        ]
        rows: list[list[str]] = [head]
        style = _table_style()
        for figures in self.s.figures.values():
            for n, (key, clock) in enumerate(
                (("clock.response", figures.response), ("clock.resolution", figures.resolution))
            ):
                rows.append(
                    [
                        figures.priority.value if n == 0 else "",
                        f"{figures.incidents:,}" if n == 0 else "",
                        w(key),
                        w.duration(clock.target) if clock.target else w("no_target"),
                        f"{clock.met:,}",
                        f"{clock.missed:,}",
                        f"{clock.open:,}",
                        w.share(clock),
                        w.duration(clock.median),
                        w.duration(clock.worst),
                    ]
                )
                if clock.missed:
                    style.append(("TEXTCOLOR", (5, len(rows) - 1), (5, len(rows) - 1), WARN))
            style.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.3, RULE))
        widths = [20 * mm, 20 * mm, 26 * mm, 26 * mm, 18 * mm, 18 * mm, 18 * mm, 22 * mm, 30 * mm]
        widths.append(WIDTH - sum(widths))
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        return [*self.heading("section.summary"), table]

    def breaches(self) -> list[Flowable]:
        """Each breach: a red head line, then what the record says, one plain row each
        (tables of plain strings: a paragraph per breach costs ten times as much)."""
        out = self.heading("section.breaches")
        found = self.s.breaches
        if not found:
            return [*out, self.p(self.w("none"), "small")]
        for start in range(0, len(found), CHUNK // 2):
            rows: list[list[str]] = []
            style = _table_style(header=False)
            style.remove(("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE))
            for breach in found[start : start + CHUNK // 2]:
                style += self.breach(breach, rows)
            table = Table(rows, colWidths=[32 * mm, WIDTH - 32 * mm], hAlign="LEFT")
            table.setStyle(TableStyle(style))
            out.append(table)
        return out

    def breach(self, breach: Breach, rows: list[list[str]]) -> list[tuple[Any, ...]]:
        """Append the rows of ``breach`` to ``rows``; return their style commands."""
        w, line = self.w, breach.line
        head = w(
            "breach.head",
            number=line.number,
            priority=line.priority.value,
            clock=w(f"clock.{breach.kind.value}"),
            actual=w.duration(breach.actual),
            target=w.duration(breach.target),
            over=w.duration(breach.over),
        )
        if breach.still_running:
            head += f" · {w('breach.running')}"
        top = len(rows)
        rows.append([head, ""])
        rows.append(["", _fit(f"{line.incident.title} · {line.incident.system_name}", 150)])
        for event in line.events:
            if event.kind is not EventKind.SIGNED:
                rows.append([w.when(event.at), _fit(w.event(event), 150)])
        style: list[tuple[Any, ...]] = [
            ("SPAN", (0, top), (1, top)),
            ("TEXTCOLOR", (0, top), (0, top), WARN),
            (
                "FONTNAME",
                (0, top),
                (0, top),
                fonts.LATIN_BOLD.name if w.lang == "en" else fonts.base_font(),
            ),
            ("FONTSIZE", (0, top), (0, top), 8.4),
            ("TOPPADDING", (0, top), (-1, top), 6),
            ("TEXTCOLOR", (0, top + 1), (-1, top + 1), MUTED),
            ("TEXTCOLOR", (0, top + 2), (0, len(rows) - 1), MUTED),
            ("TOPPADDING", (0, top + 1), (-1, len(rows) - 1), 0.5),
            ("BOTTOMPADDING", (0, top + 1), (-1, len(rows) - 1), 0.5),
        ]
        if line.seal:
            rows.append([w("seal.label"), line.seal])
            style += [
                ("FONTNAME", (1, len(rows) - 1), (1, len(rows) - 1), fonts.LATIN_MONO.name),
                ("TEXTCOLOR", (0, len(rows) - 1), (-1, len(rows) - 1), MUTED),
                ("FONTSIZE", (0, len(rows) - 1), (-1, len(rows) - 1), 6.6),
            ]
        style.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.3, RULE))
        style.append(("NOSPLIT", (0, top), (-1, len(rows) - 1)))  # one breach on one page
        return style

    def incidents(self) -> list[Flowable]:
        w, s = self.w, self.s
        out = self.heading("section.incidents")
        if not s.lines:
            return [*out, self.p(w("none"), "small")]
        head = [
            w(k)
            for k in (
                "col.number",
                "col.notified",
                "col.priority",
                "col.channel",
                "col.responded",
                "col.response",
                "col.resolved",
                "col.resolution",
                "col.paused",
                "col.status",
            )
        ]
        widths = [30, 27, 13, 17, 27, 38, 27, 40, 20, 0]
        widths_mm = [x * mm for x in widths[:-1]]
        widths_mm.append(WIDTH - sum(widths_mm))
        detail_width = sum(widths_mm[:6]) - 6
        for start in range(0, len(s.lines), CHUNK):
            rows: list[list[str]] = [head]
            style = _table_style()
            for line in s.lines[start : start + CHUNK]:
                main = len(rows)
                i = line.incident
                rows.append(
                    [
                        i.number,
                        w.when(i.notified_at),
                        i.priority.value,
                        w(f"channel.{i.channel.value}"),
                        w.when(i.responded_at),
                        "—" if line.cancelled else w.clock_cell(line.sla.response, s.as_of),
                        w.when(i.resolved_at),
                        "—" if line.cancelled else w.clock_cell(line.sla.resolution, s.as_of),
                        w.duration(line.paused) if line.paused else "–",
                        w(f"status.{i.status.value}"),
                    ]
                )
                for col, clock in ((5, line.sla.response), (7, line.sla.resolution)):
                    colour = {Outcome.MET: OK, Outcome.MISSED: WARN}.get(clock.outcome)
                    if colour is not None and line.counted:
                        style.append(("TEXTCOLOR", (col, main), (col, main), colour))
                if not line.counted:
                    style.append(("TEXTCOLOR", (0, main), (-1, main), MUTED))
                detail = " · ".join([f"{i.title} · {i.system_name}", *w.flags(line)])
                detail = _fit_width(detail, fonts.base_font(), 6.6, detail_width)
                if line.seal:
                    label = w("seal.label")
                    if line.seal_verified is False:
                        label += " " + w("seal.unverified")
                    seal = line.seal
                else:
                    label, seal = w("not_signed"), ""
                rows.append([detail, "", "", "", "", "", label, seal, "", ""])
                d = len(rows) - 1
                style += [
                    ("SPAN", (0, d), (5, d)),
                    ("SPAN", (7, d), (9, d)),
                    ("TEXTCOLOR", (0, d), (-1, d), MUTED),
                    ("FONTSIZE", (0, d), (-1, d), 6.6),
                    ("FONTNAME", (7, d), (7, d), fonts.LATIN_MONO.name),
                    ("FONTSIZE", (7, d), (7, d), 6.0),
                    ("LINEBELOW", (0, d), (-1, d), 0.3, RULE),
                    ("TOPPADDING", (0, d), (-1, d), 0),
                ]
            table = Table(rows, colWidths=widths_mm, repeatRows=1, hAlign="LEFT")
            table.setStyle(TableStyle(style))
            out.append(table)
        return out

    def cancelled(self) -> list[Flowable]:
        lines = self.s.cancelled
        if not lines:
            return []
        w = self.w
        rows = [[w("col.number"), w("col.notified"), w("col.priority"), w("col.reason")]]
        rows += [
            [
                x.number,
                w.when(x.incident.notified_at),
                x.priority.value,
                _fit(x.cancelled_reason or "—", 160),
            ]
            for x in lines
        ]
        widths = [30 * mm, 30 * mm, 20 * mm]
        widths.append(WIDTH - sum(widths))
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle(_table_style()))
        return [*self.heading("section.cancelled"), table]

    def scope(self) -> list[Flowable]:
        w, s = self.w, self.s
        out = self.heading("section.scope")
        rows = [[w("col.number"), w("col.what"), w("col.when"), w("col.time")]]
        for line in s.out_of_annex:
            rows.append(
                [
                    line.number,
                    _fit(w("scope.incident", system=line.incident.system_name), 110),
                    w.when(line.incident.notified_at),
                    w.duration(line.logged),
                ]
            )
        for action in s.out_of_scope_actions:
            rows.append(
                [
                    action.incident_number,
                    _fit(f"{w(f'action.{action.action_kind.value}')}: {action.description}", 110),
                    w.when(action.at),
                    w("scope.per_visit"),
                ]
            )
        if len(rows) == 1:
            return [*out, self.p(w("none"), "small")]
        widths = [30 * mm, WIDTH - 100 * mm, 35 * mm, 35 * mm]
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle(_table_style()))
        return [*out, table]

    def parts(self) -> list[Flowable]:
        w, s = self.w, self.s
        out = self.heading("section.parts")
        if s.parts_used:
            rows = [[w("col.part"), w("col.description"), w("col.quantity")]]
            named = sorted(
                (self.data.parts.get(pid, (str(pid), "")), qty) for pid, qty in s.parts_used.items()
            )
            rows += [[number, _fit(desc, 120), f"{qty:,}"] for (number, desc), qty in named]
            table = Table(
                rows, colWidths=[45 * mm, WIDTH - 70 * mm, 25 * mm], repeatRows=1, hAlign="LEFT"
            )
            table.setStyle(TableStyle([*_table_style(), ("ALIGN", (2, 0), (2, -1), "RIGHT")]))
            out.append(table)
        else:
            out.append(self.p(w("none"), "small"))
        out += self.heading("section.temporary")
        if not s.temporary_parts:
            return [*out, self.p(w("none"), "small")]
        rows = [[w("col.number"), w("col.installed"), w("col.removed"), w("col.since")]]
        for part in s.temporary_parts:
            swap = part.swap
            rows.append(
                [
                    part.incident_number,
                    _fit(f"{swap.installed_part} ({swap.installed_serial})", 80),
                    _fit(f"{swap.removed_part} ({swap.removed_serial})", 80),
                    w.when(swap.recorded_at),
                ]
            )
        widths = [30 * mm, (WIDTH - 65 * mm) / 2, (WIDTH - 65 * mm) / 2, 35 * mm]
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle(_table_style()))
        return [*out, table]


def _fit_width(value: str, font: str, size: float, width: float) -> str:
    """``value`` on one line, cut with an ellipsis to ``width`` points."""
    one_line = " ".join(value.split())
    if pdfmetrics.stringWidth(one_line, font, size) <= width:
        return one_line
    lo, hi = 0, len(one_line)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if pdfmetrics.stringWidth(one_line[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return one_line[:lo] + "…"


def _fit(value: str, limit: int) -> str:
    one_line = " ".join(value.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def build_statement_pdf(
    data: StatementData, out: BinaryIO, language: str | None = None
) -> StatementResult:
    """Write the statement of ``data`` as a PDF to ``out``."""
    fonts.register()
    rl_config.useA85 = 0
    lang = pick_language(data, language)
    writer = _Writer(data, lang)
    w, s = writer.w, data.statement
    company = data.company.name or w("title")
    right = f"{w('title')} · {data.client.name} · {s.contract.number} · {s.period.label}"

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        top = PAGE[1] - 12 * mm
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        fonts.draw_runs(canvas, MARGIN_X, top, company, 9, bold=True)
        canvas.setFillColor(MUTED)
        fonts.draw_runs(canvas, PAGE[0] - MARGIN_X, top, right, 8, right=True)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 3 * mm, PAGE[0] - MARGIN_X, top - 3 * mm)
        bottom = 9 * mm
        canvas.line(MARGIN_X, bottom + 4 * mm, PAGE[0] - MARGIN_X, bottom + 4 * mm)
        fonts.draw_runs(canvas, MARGIN_X, bottom, w("generated", when=w.when(data.generated_at)), 7)
        fonts.draw_runs(
            canvas, PAGE[0] - MARGIN_X, bottom, w("page", page=page, pages=pages), 7.5, right=True
        )
        canvas.restoreState()

    def make_canvas(*args: Any, **kwargs: Any) -> Canvas:
        return PagedCanvas(*args, decorate=decorate, **kwargs)

    doc = BaseDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{text(lang, 'title')} {data.client.name} {s.period.label}",
        author=data.company.name or "Fieldbook",
        subject=f"{s.contract.number} {s.period.label}",
        creator="Fieldbook",
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(writer.build(), canvasmaker=make_canvas)
    log.info("statement %s %s (%s, %d pages)", s.contract.number, s.period.label, lang, doc.page)
    return StatementResult(language=lang, pages=doc.page, incidents=len(s.lines))


# --- CSV ---------------------------------------------------------------------------------

CSV_COLUMNS = (
    "incident",
    "title",
    "system",
    "in_annex_1",
    "priority",
    "first_priority",
    "priority_changes",
    "channel",
    "first_notice",
    "responded",
    "resolved",
    "status",
    "resolution",
    "response_target_min",
    "response_min",
    "response",
    "resolution_target_min",
    "resolution_min",
    "resolution_clock",
    "paused_min",
    "pause_reasons",
    "reopened",
    "counted",
    "cancelled_reason",
    "out_of_scope_work",
    "time_logged_min",
    "seal",
)


def _minutes(value: timedelta | None) -> str:
    if value is None:
        return ""
    return f"{value / timedelta(minutes=1):.1f}"


def statement_csv(data: StatementData) -> bytes:
    """One row per incident, every figure of the PDF's line; UTF-8 with a byte-order mark
    (so that spreadsheet programs read Chinese right); times ISO 8601 in the contract's zone."""
    s = data.statement
    tz = zones.zone(s.contract.time_zone) or UTC

    def iso(value: datetime | None) -> str:
        return "" if value is None else value.astimezone(tz).isoformat(timespec="seconds")

    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(CSV_COLUMNS)
    for line in s.lines:
        i, sla = line.incident, line.sla
        out.writerow(
            [
                i.number,
                i.title,
                i.system_name,
                "yes" if line.covered else "no",
                i.priority.value,
                line.initial_priority.value,
                "; ".join(
                    f"{iso(p.at)} {p.from_priority}->{p.to_priority}: {p.reason}"
                    + (" (lowered after a breach)" if p.after_breach else "")
                    for p in line.priority_steps
                ),
                i.channel.value,
                iso(i.notified_at),
                iso(i.responded_at),
                iso(i.resolved_at),
                i.status.value,
                i.resolution.value if i.resolution else "",
                _minutes(sla.response.target),
                _minutes(active_time(sla.response, s.as_of)),
                sla.response.outcome.value,
                _minutes(sla.resolution.target),
                _minutes(active_time(sla.resolution, s.as_of)),
                sla.resolution.outcome.value,
                _minutes(line.paused),
                "; ".join(p.reason for p in line.pauses),
                str(len(line.reopened)),
                "yes" if line.counted else "no",
                line.cancelled_reason or "",
                "; ".join(
                    f"{a.action_kind.value}: {a.description}" for a in line.out_of_scope_actions
                ),
                _minutes(line.logged if line.logged > ZERO else ZERO),
                line.seal or "",
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


__all__ = [
    "CSV_COLUMNS",
    "StatementData",
    "StatementResult",
    "build_statement_pdf",
    "pick_language",
    "statement_csv",
]
