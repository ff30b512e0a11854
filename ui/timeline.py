"""The incident's history as one readable page: every entry in time order, corrections
struck through with their reason, logs in monospace, photos inline."""

from __future__ import annotations

import html
import uuid
from collections.abc import Mapping, Sequence, Set

from PySide6.QtCore import QCoreApplication, QObject

from desktop.store.blobs import BlobStore
from desktop.usecases.delivery import Delivery, DeliveryState
from domain.detail import IncidentDetail
from domain.records import (
    Action,
    ActionKind,
    ActionResult,
    Attachment,
    ClockPause,
    ClockResume,
    DiagnosticNote,
    Entry,
    HardwareSwap,
    PartUsage,
    Refusal,
    Resolution,
    SignOff,
    SignOffOutcome,
    StatusChange,
    TimeEntry,
    TimeKind,
    Void,
)
from report.excerpt import excerpt
from ui import format as fmt
from ui.i18n import status_label


def action_kind_label(kind: ActionKind) -> str:
    return {
        ActionKind.RESTART: QCoreApplication.translate("Timeline", "Restart"),
        ActionKind.SERVICE_STOP_START: QCoreApplication.translate("Timeline", "Service stop/start"),
        ActionKind.CONFIGURATION_CHANGE: QCoreApplication.translate(
            "Timeline", "Configuration change"
        ),
        ActionKind.PATCH: QCoreApplication.translate("Timeline", "Patch"),
        ActionKind.TEMPORARY_HARDWARE: QCoreApplication.translate(
            "Timeline", "Temporary hardware from spares"
        ),
        ActionKind.WORKAROUND: QCoreApplication.translate("Timeline", "Workaround"),
        ActionKind.TEST: QCoreApplication.translate("Timeline", "Test or measurement"),
        ActionKind.OTHER: QCoreApplication.translate("Timeline", "Other"),
        ActionKind.PLANNED_CHANGE: QCoreApplication.translate("Timeline", "Planned change"),
        ActionKind.OPTIMISATION: QCoreApplication.translate("Timeline", "Optimisation"),
        ActionKind.PREVENTIVE_WORK: QCoreApplication.translate("Timeline", "Preventive work"),
        ActionKind.ROUTINE_UPGRADE: QCoreApplication.translate("Timeline", "Routine upgrade"),
    }[kind]


def result_label(result: ActionResult) -> str:
    return {
        ActionResult.SUCCEEDED: QCoreApplication.translate("Timeline", "worked"),
        ActionResult.PARTIAL: QCoreApplication.translate("Timeline", "partly worked"),
        ActionResult.FAILED: QCoreApplication.translate("Timeline", "did not work"),
    }[result]


def resolution_label(resolution: Resolution) -> str:
    return {
        Resolution.FIXED: QCoreApplication.translate("Timeline", "fixed"),
        Resolution.WORKAROUND: QCoreApplication.translate("Timeline", "workaround in place"),
    }[resolution]


def time_kind_label(kind: TimeKind) -> str:
    return {
        TimeKind.TRAVEL: QCoreApplication.translate("Timeline", "Travel"),
        TimeKind.ON_SITE: QCoreApplication.translate("Timeline", "On site"),
        TimeKind.WAITING: QCoreApplication.translate("Timeline", "Waiting for the client"),
    }[kind]


def kind_label(entry: Entry) -> str:
    labels = {
        "note": QCoreApplication.translate("Timeline", "Diagnosis"),
        "attachment": QCoreApplication.translate("Timeline", "File"),
        "action": QCoreApplication.translate("Timeline", "Action"),
        "swap": QCoreApplication.translate("Timeline", "Hardware swap"),
        "part_usage": QCoreApplication.translate("Timeline", "Spare part"),
        "time": QCoreApplication.translate("Timeline", "Time"),
        "clock_pause": QCoreApplication.translate("Timeline", "SLA clock"),
        "clock_resume": QCoreApplication.translate("Timeline", "SLA clock"),
        "status": QCoreApplication.translate("Timeline", "Status"),
        "void": QCoreApplication.translate("Timeline", "Correction"),
        "sign_off": QCoreApplication.translate("Timeline", "Client sign-off"),
    }
    return labels.get(entry.kind, entry.kind)


_BADGE = {
    "note": "#e0ecff",
    "attachment": "#e0ecff",
    "action": "#e3f4e8",
    "swap": "#fdf0dc",
    "part_usage": "#fdf0dc",
    "time": "#eef2f7",
    "clock_pause": "#e6e9f7",
    "clock_resume": "#e6e9f7",
    "status": "#eef2f7",
    "void": "#fde8e8",
    "sign_off": "#dcfce7",
}


def outcome_label(outcome: SignOffOutcome) -> str:
    return {
        SignOffOutcome.RESOLVED: QCoreApplication.translate("Timeline", "resolved"),
        SignOffOutcome.WORKAROUND: QCoreApplication.translate("Timeline", "workaround in place"),
        SignOffOutcome.NOT_RESOLVED: QCoreApplication.translate("Timeline", "not resolved"),
    }[outcome]


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _note(text: str, preformatted: bool) -> str:
    if preformatted:
        return (
            "<pre style=\"font-family: 'DejaVu Sans Mono', monospace; font-size: 12px; "
            'background: #f4f6f9; padding: 6px; white-space: pre-wrap;">'
            f"{_esc(text)}</pre>"
        )
    return _esc(text).replace("\n", "<br>")


def _link(href: str, text: str) -> str:
    return f"<a href='{href}' style='color:#1e3a5f; font-weight:600'>{_esc(text)}</a>"


def _long_note(entry: DiagnosticNote, expanded: bool) -> str:
    """A note, or a long one collapsed to its head and tail with "show all"."""
    cut = excerpt(entry.text)
    if cut is None:
        return _note(entry.text, entry.preformatted)
    if expanded:
        less = QCoreApplication.translate("Timeline", "Show less")
        return _note(entry.text, entry.preformatted) + _link(f"collapse:{entry.id}", less)
    lines = Timeline().lines(cut.omitted_lines)
    left_out = QCoreApplication.translate(
        "Timeline", "… {lines} ({chars} characters) not shown …"
    ).format(lines=lines, chars=f"{cut.omitted_chars:,}")
    show = QCoreApplication.translate("Timeline", "Show all")
    return (
        _note(cut.head, entry.preformatted)
        + f"<p style='color:#64748b'>{_esc(left_out)} &nbsp;{_link(f'expand:{entry.id}', show)}</p>"
        + _note(cut.tail, entry.preformatted)
    )


class Timeline(QObject):
    """The "Timeline" context's counted phrases: lupdate marks a plural only in ``tr``
    (``QCoreApplication.translate`` counts only when the number is written out)."""

    def lines(self, n: int) -> str:
        return self.tr("%n line(s)", "", n)


#: Pictures larger than this are listed, not shown inline (they go into the page whole).
_INLINE_IMAGE_MAX = 16 << 20


def _image_uri(blobs: BlobStore, entry: Attachment) -> str:
    """The picture as a data: URI: its file is sealed on disk, never handed out plain."""
    import base64

    data = base64.b64encode(blobs.read(entry.sha256)).decode("ascii")
    return f"data:{_esc(entry.media_type)};base64,{data}"


def _body(
    entry: Entry, parts: Mapping[uuid.UUID, str], blobs: BlobStore, expanded: bool = False
) -> str:
    if isinstance(entry, DiagnosticNote):
        return _long_note(entry, expanded)
    if isinstance(entry, Attachment):
        size = f"{entry.size / 1024:.0f} KB" if entry.size >= 1024 else f"{entry.size} B"
        line = f"{_esc(entry.filename)} <span style='color:#64748b'>({size})</span>"
        if (
            entry.media_type.startswith("image/")
            and entry.size <= _INLINE_IMAGE_MAX
            and blobs.has(entry.sha256)
        ):
            line += f'<br><img src="{_image_uri(blobs, entry)}" width="260">'
        return line
    if isinstance(entry, Action):
        result = QCoreApplication.translate("Timeline", "Result")
        text = (
            f"<b>{_esc(action_kind_label(entry.action_kind))}</b> — {_esc(entry.description)}"
            f"<br>{_esc(result)}: <b>{_esc(result_label(entry.result))}</b>"
        )
        if entry.result_detail:
            text += f" — {_esc(entry.result_detail)}"
        if entry.out_of_scope:
            billable = QCoreApplication.translate("Timeline", "Out of scope: billable separately")
            text += f"<br><span style='color:#b25e00; font-weight:600'>{_esc(billable)}</span>"
        return text
    if isinstance(entry, HardwareSwap):
        kind = (
            QCoreApplication.translate("Timeline", "temporary")
            if entry.temporary
            else QCoreApplication.translate("Timeline", "permanent")
        )
        removed = QCoreApplication.translate("Timeline", "Removed")
        installed = QCoreApplication.translate("Timeline", "Installed")
        text = (
            f"{_esc(removed)}: <b>{_esc(entry.removed_part)}</b> "
            f"<code>{_esc(entry.removed_serial)}</code><br>"
            f"{_esc(installed)}: <b>{_esc(entry.installed_part)}</b> "
            f"<code>{_esc(entry.installed_serial)}</code> ({_esc(kind)})"
        )
        if entry.note:
            text += f"<br>{_esc(entry.note)}"
        return text
    if isinstance(entry, PartUsage):
        part = parts.get(entry.part_id, str(entry.part_id))
        return _esc(
            QCoreApplication.translate("Timeline", "Used {n} × {part} from the van").format(
                n=entry.quantity, part=part
            )
        )
    if isinstance(entry, TimeEntry):
        return _esc(
            f"{time_kind_label(entry.time_kind)}: {fmt.duration(entry.duration)} "
            f"({fmt.local_time(entry.started_at, False)}–{fmt.local_time(entry.ended_at, False)})"
        )
    if isinstance(entry, ClockPause):
        return _esc(
            QCoreApplication.translate("Timeline", "Clock paused: {reason}").format(
                reason=entry.reason
            )
        )
    if isinstance(entry, ClockResume):
        return _esc(QCoreApplication.translate("Timeline", "Clock running again"))
    if isinstance(entry, StatusChange):
        text = f"{status_label(entry.from_status)} → <b>{_esc(status_label(entry.to_status))}</b>"
        if entry.resolution is not None:
            text += f" ({_esc(resolution_label(entry.resolution))})"
        return text
    if isinstance(entry, SignOff):
        seal = QCoreApplication.translate("Timeline", "Seal")
        if entry.signed and entry.outcome is not None:
            text = QCoreApplication.translate(
                "Timeline", "Signed by {name} ({role}): {outcome}"
            ).format(
                name=entry.signer_name, role=entry.signer_role, outcome=outcome_label(entry.outcome)
            )
        elif entry.refusal is Refusal.REFUSED:
            text = QCoreApplication.translate(
                "Timeline", "The client refused to sign: {reason}"
            ).format(reason=entry.reason)
        else:
            text = QCoreApplication.translate(
                "Timeline", "Nobody was available to sign: {reason}"
            ).format(reason=entry.reason)
        if entry.comment:
            text += f" — {entry.comment}"
        return (
            f"<b>{_esc(text)}</b><br><span style='color:#64748b; font-size:11px'>"
            f"{_esc(seal)} <code>{_esc(entry.seal)}</code></span>"
        )
    if isinstance(entry, Void):
        return _esc(
            QCoreApplication.translate("Timeline", "Voided an earlier entry: {reason}").format(
                reason=entry.reason
            )
        )
    return _esc(repr(entry))


def delivery_text(item: Delivery) -> str:
    """One report e-mail request as the technician reads it."""
    if item.state is DeliveryState.SENT and item.sent_at is not None:
        return QCoreApplication.translate(
            "Timeline", "Report e-mailed to {address} at {time}"
        ).format(address=item.address, time=fmt.local_time(item.sent_at))
    if item.state is DeliveryState.QUEUED:
        return QCoreApplication.translate(
            "Timeline", "Report to {address}: will be sent when you are online"
        ).format(address=item.address)
    if item.state is DeliveryState.REFUSED:
        return QCoreApplication.translate(
            "Timeline", "Report to {address}: the office refused it: {reason}"
        ).format(address=item.address, reason=item.reason or "")
    text = QCoreApplication.translate(
        "Timeline", "Report to {address}: the office is e-mailing it"
    ).format(address=item.address)
    if item.reason:
        text += " — " + QCoreApplication.translate(
            "Timeline", "not sent yet ({attempts} tries): {reason}"
        ).format(attempts=item.attempts, reason=item.reason)
    return text


def timeline_html(
    detail: IncidentDetail,
    parts: Mapping[uuid.UUID, str],
    blobs: BlobStore,
    expanded: Set[uuid.UUID] = frozenset(),
    deliveries: Sequence[Delivery] = (),
) -> str:
    """The whole timeline as HTML for a QTextBrowser; ``void:<id>`` links void an entry.

    Long notes (:func:`report.excerpt.excerpt`) show their head and tail with an
    ``expand:<id>`` link, unless their id is in ``expanded`` (then ``collapse:<id>``).
    """
    reasons = {e.voided_id: e.reason for e in detail.entries if isinstance(e, Void)}
    sign_off = next((e for e in detail.entries if isinstance(e, SignOff)), None)
    sealed = set(sign_off.sealed_entry_ids) if sign_off is not None else set()
    addendum = QCoreApplication.translate("Timeline", "Addendum")
    rows = []
    last_day: str | None = None
    for entry in detail.entries:
        day = fmt.local_time(entry.recorded_at).split(" ")[0]
        if day != last_day:
            rows.append(
                f"<tr><td colspan='2' style='padding: 10px 4px 2px 4px; color:#64748b; "
                f"font-weight:600'>{_esc(day)}</td></tr>"
            )
            last_day = day
        body = _body(entry, parts, blobs, entry.id in expanded)
        voided = entry.id in detail.voided
        if voided:
            why = QCoreApplication.translate("Timeline", "Voided: {reason}").format(
                reason=reasons.get(entry.id, "")
            )
            body = (
                f"<s style='color:#94a3b8'>{body}</s><br>"
                f"<span style='color:#c62828'>{_esc(why)}</span>"
            )
        link = ""
        after_seal = (
            sign_off is not None
            and entry.id not in sealed
            and entry.id != sign_off.id
            and entry.recorded_at >= sign_off.recorded_at
            and entry.kind != "status"
        )
        if after_seal:
            link += (
                f" <span style='background:#fef3c7; color:#92400e; font-size:11px; "
                f"font-weight:600'>&nbsp;{_esc(addendum)}&nbsp;</span>"
            )
        if (
            not voided
            and entry.id not in sealed
            and entry.kind not in ("void", "status", "sign_off")
        ):
            void = QCoreApplication.translate("Timeline", "Void…")
            link += (
                f" &nbsp;<a href='void:{entry.id}' style='color:#64748b; font-size:11px'>"
                f"{_esc(void)}</a>"
            )
        badge = (
            f"<span style='background:{_BADGE.get(entry.kind, '#eef2f7')}; "
            f"color:#1f2937; font-size:11px; font-weight:600'>&nbsp;"
            f"{_esc(kind_label(entry))}&nbsp;</span>"
        )
        rows.append(
            "<tr>"
            f"<td width='64' valign='top' style='padding:6px 4px; color:#334155; "
            f"font-weight:600'>{_esc(fmt.local_time(entry.recorded_at, False))}</td>"
            f"<td valign='top' style='padding:6px 4px; border-bottom:1px solid #eef2f7'>"
            f"{badge}{link}<br>{body}</td>"
            "</tr>"
        )
    label = QCoreApplication.translate("Timeline", "Report e-mail")
    for item in deliveries:
        colour = {DeliveryState.SENT: "#1e7a3c", DeliveryState.REFUSED: "#c62828"}.get(
            item.state, "#8a5a00"
        )
        rows.append(
            "<tr>"
            f"<td width='64' valign='top' style='padding:6px 4px; color:#334155; "
            f"font-weight:600'>{_esc(fmt.local_time(item.requested_at, False))}</td>"
            f"<td valign='top' style='padding:6px 4px; border-bottom:1px solid #eef2f7'>"
            f"<span style='background:#e0f2fe; color:#1f2937; font-size:11px; "
            f"font-weight:600'>&nbsp;{_esc(label)}&nbsp;</span><br>"
            f"<span style='color:{colour}'>{_esc(delivery_text(item))}</span></td>"
            "</tr>"
        )
    if not rows:
        empty = QCoreApplication.translate("Timeline", "Nothing recorded yet.")
        return f"<p style='color:#64748b'>{_esc(empty)}</p>"
    return "<table width='100%' cellspacing='0'>" + "".join(rows) + "</table>"
