"""What one report is about, and how it says things.

:class:`Context` holds the report's record (which entries the main part covers, which
are addenda), its language and time zone, and the small phrasing helpers every section
of :mod:`report.pdf` uses: a phrase, a time, a duration, a paragraph, a table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Table, TableStyle

from domain import durations, zones
from domain.records import Entry, SignOff
from report import fonts
from report.data import ReportData
from report.pieces import Paragraph, prepared
from report.strings import plural, text
from report.theme import ACCENT, RULE, TINT, styles


@dataclass(frozen=True, slots=True)
class ReportOptions:
    brief: bool = False
    language: str | None = None  # "en" or "zh"; None: the client's language
    tz: tzinfo | None = None  # None: the contract's zone, else this computer's


class Context:
    """One report's record, language and zone, with the helpers that phrase them."""

    def __init__(self, data: ReportData, options: ReportOptions, lang: str) -> None:
        self.data = data
        self.options = options
        self.lang = lang
        contract_zone = zones.zone(data.detail.contract.time_zone)
        self.zone_name = data.detail.contract.time_zone if contract_zone and not options.tz else ""
        self.tz = options.tz or contract_zone or datetime.now().astimezone().tzinfo or UTC
        self.st = styles()
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

    # how things are said

    def t(self, key: str, **params: Any) -> str:
        return text(self.lang, key, **params)

    def n(self, key: str, count: int) -> str:
        return plural(self.lang, key, count)

    def p(self, value: str, style: str = "body", *, bold: bool = False) -> Paragraph:
        made = prepared(value, self.st[style], bold=bold)
        return made or Paragraph(fonts.markup(value, bold=bold), self.st[style])

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
            self.p(self.t(key), "h1_brief" if self.options.brief else "h1", bold=True),
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
        return [self.p(self.t(k), "cell", bold=True) for k in keys]

    def live(self, entries: Iterable[Entry]) -> list[Entry]:
        return [e for e in entries if e.id not in self.detail.voided]
