"""The service report as a PDF (reportlab's platypus): brief or detailed, English or Chinese.

The report prints the seal (and a QR code of it) and also carries it in the PDF's
document information, with a manifest of per-item digests, so that
:mod:`report.verify` can check a report against the record later and say what
differs. A report of an incident not yet signed off is a draft: it carries a fingerprint
of the record as it stood, marked as not sealed.

This module puts the report together; its parts are each in their own module:

- :mod:`report.theme`: the page's geometry, the colours and paragraph styles;
- :mod:`report.context`: what one report is about and how it phrases things;
- :mod:`report.front`: the title and the incident's facts;
- :mod:`report.clocks`: the service-level clocks and their pauses;
- :mod:`report.totals`: outcome, hardware swaps, parts, time spent, scope;
- :mod:`report.timeline`: the entries, and the addenda after the sign-off;
- :mod:`report.signoff`: the sign-off, the seal and its QR code;
- :mod:`report.pages`: the running header and footer, and the document information.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageTemplate

from domain.seal import SEAL_FORMAT, seal_hash, seal_manifest
from report import clocks, fonts, front, signoff, totals
from report.context import Context, ReportOptions
from report.data import ReportData
from report.pages import BodyFrame, Decoration, ReportCanvas
from report.signoff import QR_PREFIX, VERIFY_PATH, qr_value
from report.strings import LANGUAGES, text
from report.theme import (
    ACCENT,
    ADDENDUM,
    INK,
    LOG_BG,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    OK,
    PAGE,
    RULE,
    TINT,
    WARN,
    WIDTH,
)
from report.timeline import Timeline

__all__ = [
    "ACCENT",
    "ADDENDUM",
    "INFO_FORMAT",
    "INFO_INCIDENT",
    "INFO_KIND",
    "INFO_MANIFEST",
    "INFO_NUMBER",
    "INFO_SEAL",
    "INK",
    "LOG_BG",
    "MARGIN_BOTTOM",
    "MARGIN_TOP",
    "MARGIN_X",
    "MUTED",
    "OK",
    "PAGE",
    "QR_PREFIX",
    "RULE",
    "TINT",
    "VERIFY_PATH",
    "WARN",
    "WIDTH",
    "ReportOptions",
    "ReportResult",
    "build_report",
    "pick_language",
    "qr_value",
    "write_report",
]

log = logging.getLogger("fieldbook.report")

#: Custom keys in the PDF's document information.
INFO_INCIDENT = "FieldbookIncident"
INFO_NUMBER = "FieldbookNumber"
INFO_SEAL = "FieldbookSeal"
INFO_KIND = "FieldbookSealKind"  # "sealed" or "draft"
INFO_FORMAT = "FieldbookSealFormat"
INFO_MANIFEST = "FieldbookManifest"


@dataclass(frozen=True, slots=True)
class ReportResult:
    incident_id: uuid.UUID
    number: str
    seal: str
    sealed: bool  # False: a draft, the incident is not signed off
    language: str
    pages: int


class _Writer:
    """Builds the flowables of one report: the sections in their order."""

    def __init__(self, data: ReportData, options: ReportOptions, lang: str) -> None:
        self.context = Context(data, options, lang)
        self.main_entries = self.context.main_entries

    def build(self) -> list[Flowable]:
        c = self.context
        timeline = Timeline(c)
        story: list[Flowable] = []
        story += front.title_block(c)
        story += front.facts(c)
        story += clocks.sla(c)
        story += totals.outcome(c)
        story += totals.swaps(c)
        story += totals.parts(c)
        story += totals.time_spent(c)
        story += totals.scope(c)
        if not c.options.brief:
            story += c.heading("section.timeline")
            story += timeline.entries(c.main_entries)
        story += signoff.sign_off_block(c)
        if c.addenda:
            story += c.heading("section.addenda")
            story.append(c.p(c.t("addenda.note"), "addendum_note"))
            story += timeline.entries(c.addenda, addendum=True)
        return story


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
    decoration = Decoration(writer.context, info, digest, sealed)
    pages = 0

    def make_canvas(*args: Any, **kwargs: Any) -> Canvas:
        return ReportCanvas(*args, decorate=decoration, **kwargs)

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
    frame = BodyFrame(
        MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body"
    )
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
