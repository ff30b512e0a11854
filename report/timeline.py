"""The timeline: every entry of the record as a heading and its body, in order.

A voided entry is struck through with the reason; a long note is cut to its head and
tail (:mod:`report.excerpt`); a log is printed monospaced in blocks; a picture is drawn.
The addenda (entries after the sign-off) are printed the same way, marked as such.
"""

from __future__ import annotations

import io
import logging

from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from domain.records import (
    Action,
    Attachment,
    ClockPause,
    ClockResume,
    DiagnosticNote,
    Entry,
    HardwareSwap,
    PartUsage,
    StatusChange,
    TimeEntry,
    Void,
)
from report import fonts
from report.context import Context
from report.excerpt import excerpt, full_text_sha256
from report.pictures import PICTURES, Picture, Prepared
from report.pieces import Paragraph, prepared, prepared_log
from report.theme import ADDENDUM, MUTED, WARN, WIDTH, color

log = logging.getLogger("fieldbook.report")

LOG_LINES_PER_BLOCK = 24
IMAGE_MAX_HEIGHT = 95 * mm
IMAGE_MAX_PIXELS = 1200  # about 175 dpi across the text width


class Timeline:
    """Writes entries as the timeline shows them."""

    def __init__(self, c: Context) -> None:
        self.c = c
        entries = c.detail.entries
        self.by_id = {e.id: e for e in entries}
        # A note's text files, where a long note's full text may be kept (report.excerpt).
        self.full_texts = {
            e.note_id: e
            for e in entries
            if isinstance(e, Attachment)
            and e.note_id is not None
            and e.media_type.startswith("text/")
            and e.id not in c.detail.voided
        }
        self.voids = {e.voided_id: e for e in entries if isinstance(e, Void)}

    def entries(self, entries: list[Entry], *, addendum: bool = False) -> list[Flowable]:
        c = self.c
        out: list[Flowable] = []
        for entry in entries:
            out += self.entry(entry, addendum=addendum)
        if not entries:
            out.append(c.p(c.t("none"), "small"))
        return out

    def entry(self, entry: Entry, *, addendum: bool = False) -> list[Flowable]:
        c = self.c
        voided = entry.id in c.detail.voided
        kind = entry.kind
        if isinstance(entry, DiagnosticNote) and entry.preformatted:
            kind = "log"
        what = c.t(f"entry.{kind}") if kind != "log" else c.t("entry.log")
        head_bits = [c.when(entry.recorded_at), what]
        who = c.author(entry)
        if who:
            head_bits.append(who)
        head_text = "  ·  ".join(head_bits)
        body: list[Flowable] = []
        strike = voided
        if isinstance(entry, DiagnosticNote):
            body += self.note_body(entry, strike)
        elif isinstance(entry, Action):
            line = c.colon(c.t(f"action.{entry.action_kind}"), entry.description)
            result = c.t("entry.result", result=c.t(f"result.{entry.result}"))
            if entry.result_detail:
                result += f" — {entry.result_detail}"
            body.append(self.body(line, strike))
            body.append(self.body(result, strike, bold=True))
            if entry.out_of_scope:
                body.append(
                    c.rich(
                        color(WARN, c.m(c.t("entry.out_of_scope"), bold=True)),
                        "entry",
                    )
                )
        elif isinstance(entry, HardwareSwap):
            kind_text = c.t("swap.temporary") if entry.temporary else c.t("swap.permanent")
            body.append(
                self.body(
                    f"{c.colon(c.t('swap.removed'), entry.removed_part)} "
                    f"({c.t('swap.serial', serial=entry.removed_serial)})  →  "
                    f"{c.colon(c.t('swap.installed'), entry.installed_part)} "
                    f"({c.t('swap.serial', serial=entry.installed_serial)}), {kind_text}",
                    strike,
                )
            )
            if entry.note:
                body.append(self.body(entry.note, strike))
        elif isinstance(entry, PartUsage):
            number, description = c.data.parts.get(entry.part_id, (str(entry.part_id), ""))
            body.append(self.body(f"{entry.quantity} × {number} {description}".strip(), strike))
        elif isinstance(entry, TimeEntry):
            body.append(
                self.body(
                    c.t(
                        "entry.time_span",
                        kind=c.t(f"time.{entry.time_kind}"),
                        start=c.when(entry.started_at),
                        end=c.clock_time(entry.ended_at),
                        duration=c.duration(entry.duration),
                    ),
                    strike,
                )
            )
        elif isinstance(entry, ClockPause):
            body.append(self.body(entry.reason, strike))
        elif isinstance(entry, ClockResume):
            pass
        elif isinstance(entry, StatusChange):
            line = c.t(
                "entry.status_change",
                old=c.t(f"status.{entry.from_status}"),
                new=c.t(f"status.{entry.to_status}"),
            )
            if entry.resolution is not None:
                line += f" ({c.t(f'resolution.{entry.resolution}')})"
            body.append(self.body(line, strike))
        elif isinstance(entry, Void):
            target = self.by_id.get(entry.voided_id)
            when = c.when(target.recorded_at) if target is not None else str(entry.voided_id)
            body.append(self.body(c.colon(c.t("entry.voids", when=when), entry.reason), False))
        elif isinstance(entry, Attachment):
            body.append(
                self.body(c.t("entry.file", name=entry.filename, size=_size(entry.size)), strike)
            )
            if not voided and entry.sha256 in c.data.images:
                picture = _image(c.data.images[entry.sha256])
                if picture is None:
                    body.append(self.body(c.t("entry.image_unreadable"), False))
                else:
                    body.append(picture)
        if voided:
            void = self.voids.get(entry.id)
            reason = void.reason if void is not None else ""
            body.append(
                c.rich(
                    color(WARN, c.m(c.t("entry.voided", reason=reason))),
                    "entry",
                )
            )
        # An addendum's heading is coloured (markup); the others are prepared pieces.
        head_p = (
            c.rich(color(ADDENDUM, c.m(head_text, bold=True)), "entry_head")
            if addendum
            else c.p(head_text, "entry_head", bold=True)
        )
        # The heading never ends a page alone; the body may run on to the next page
        # (wrapping each entry in KeepTogether measured every entry twice: 2x slower).
        head_p.keepWithNext = True
        return [head_p, *body]

    def body(self, value: str, strike: bool, *, bold: bool = False) -> Paragraph:
        c = self.c
        made = None if strike else prepared(value, c.st["entry"], bold=bold)
        if made is not None:
            return made
        markup = c.m(value, bold=bold)
        if strike:
            markup = f'<strike><font color="{MUTED.hexval()}">{markup}</font></strike>'
        return c.rich(markup, "entry")

    def note_body(self, note: DiagnosticNote, strike: bool) -> list[Flowable]:
        """A note whole, or a long one cut to its head and tail (:mod:`report.excerpt`),
        saying how much was left out and where the full text is."""
        c = self.c
        cut = excerpt(note.text)
        if cut is None:
            if note.preformatted:
                return self.log_blocks(note.text, strike)
            return [self.body(note.text, strike)]
        out: list[Flowable] = []
        for part in (cut.head, cut.tail):
            if out:
                omitted = c.t(
                    "cut.omitted",
                    lines=c.n("count.lines", cut.omitted_lines),
                    chars=f"{cut.omitted_chars:,}",
                )
                out.append(c.rich(color(MUTED, c.m(omitted, bold=True)), "entry"))
            if note.preformatted:
                out += self.log_blocks(part, strike)
            else:
                out.append(self.body(part, strike))
        full = self.full_texts.get(note.id)
        if full is not None and full.sha256 == full_text_sha256(note.text):
            where = c.t("cut.attached", name=full.filename, size=_size(full.size))
        else:
            where = c.t("cut.in_record")
        out.append(c.rich(color(MUTED, c.m(where)), "entry"))
        return out

    def log_blocks(self, value: str, strike: bool) -> list[Flowable]:
        c = self.c
        lines = value.splitlines() or [""]
        blocks: list[Flowable] = []
        for start in range(0, len(lines), LOG_LINES_PER_BLOCK):
            chunk = "\n".join(lines[start : start + LOG_LINES_PER_BLOCK])
            made = None if strike else prepared_log(chunk, c.st["log"])
            if made is not None:
                blocks.append(made)
                continue
            markup = fonts.markup(chunk, mono=True, keep_spaces=True)
            if strike:
                markup = f"<strike>{markup}</strike>"
            blocks.append(Paragraph(markup, c.st["log"]))
        return blocks


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _image(data: bytes) -> Flowable | None:
    """An attachment's picture, scaled to the text width (and a sane height); made ready
    once per picture (:mod:`report.pictures`)."""
    try:
        picture = PICTURES.get(data, "attachment", _picture)
    except (OSError, ValueError, PILImage.DecompressionBombError) as error:
        log.warning("image attachment not drawn: %s", error)
        return None
    flowable = Picture(picture)
    flowable.hAlign = "LEFT"
    return flowable


def _picture(data: bytes) -> Prepared:
    with PILImage.open(io.BytesIO(data)) as img:
        img.load()
        picture = img.convert("RGB") if img.mode not in ("RGB", "L") else img.copy()
    picture.thumbnail((IMAGE_MAX_PIXELS, IMAGE_MAX_PIXELS))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    width, height = picture.size
    scale = min((WIDTH - 10) / width, IMAGE_MAX_HEIGHT / height, 0.75)
    return Prepared(buffer.getvalue(), width * scale, height * scale)
