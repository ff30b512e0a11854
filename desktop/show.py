"""An incident as text, the way the window's workspace shows it (``fieldbook show``).

Header (what the client reported, where, the contract), both SLA clocks, the steps
possible now as the commands that take them, and the timeline: each entry with the last
characters of its id (for ``fieldbook void``), corrections struck out with their reason,
long logs cut to their head and tail as the report cuts them (:mod:`report.excerpt`).
"""

from __future__ import annotations

import textwrap
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from domain import durations
from domain.detail import IncidentDetail
from domain.records import (
    Action,
    Attachment,
    ClockPause,
    ClockResume,
    DiagnosticNote,
    Entry,
    HardwareSwap,
    PartUsage,
    SignOff,
    StatusChange,
    TimeEntry,
    Void,
)
from domain.sla import ClockReading, Outcome
from report.excerpt import excerpt

if TYPE_CHECKING:  # the command line starts without the store's modules
    from desktop.usecases.delivery import Delivery

SHORT_ID = 8
INDENT = " " * 22


def duration(value: timedelta) -> str:
    """``2h 5m``, ``45m``, ``3d 4h``: :func:`domain.durations.spell`, short for a terminal."""
    return durations.spell(value, _short, minus="-")


_SHORT = {"d_h": "{d}d {h}h", "d": "{d}d", "h_m": "{h}h {m}m", "h": "{h}h", "m": "{m}m"}


def _short(key: str, **numbers: int) -> str:
    return _SHORT[key].format(**numbers)


def clock_left(clock: ClockReading) -> str:
    """What a list says of a clock: time left, "breached 12m ago", "met", "paused"."""
    if clock.outcome is Outcome.NO_TARGET:
        return "-"
    if clock.stopped_at is not None:
        return clock.outcome.value
    assert clock.time_left is not None
    if clock.time_left < timedelta(0):
        return f"breached {duration(-clock.time_left)} ago"
    text = duration(clock.time_left)
    return f"{text} paused" if clock.is_paused else text


def render(
    detail: IncidentDetail,
    parts: Mapping[uuid.UUID, str] | None = None,
    *,
    full: bool = False,
    deliveries: Sequence[Delivery] = (),
) -> str:
    """``detail`` as text; ``parts`` names spare parts by id (their part numbers);
    ``deliveries``: the reports asked to be e-mailed, and how each went."""
    from desktop.usecases.steps import steps_from

    incident = detail.incident
    lines = [
        f"{incident.number} · {incident.priority.value} · {incident.status.label}",
        incident.title,
        "",
        _fact("Client", detail.client.name),
        _fact("Site", " · ".join(x for x in (detail.client.address, _location(detail)) if x)),
        _fact("System", incident.system_name + ("" if detail.covered else "  (NOT in Annex 1)")),
        _fact("Contract", detail.contract.number),
        _fact("Reported", f"{_local(incident.notified_at)} by {incident.channel.value}"),
    ]
    if incident.description:
        lines.append(_fact("What they said", incident.description))
    lines += ["", "SLA"]
    for name, clock in (("response", detail.sla.response), ("resolution", detail.sla.resolution)):
        lines.append(f"  {name:<11} {_clock_line(clock)}")
    lines += ["", "Next steps"]
    steps = steps_from(incident.status)
    for step in steps:
        extra = {
            "resolve": " --fixed|--workaround",
            "wait": " [--pause REASON]" if detail.contract.policy.pause_allowed else "",
            "cancel": " --yes",
        }.get(step.verb, "")
        lines.append(f"  fieldbook {step.verb} {incident.number}{extra}")
    if incident.status.value == "resolved":
        lines.append("  (the client's sign-off: in the window, Ctrl+Shift+S)")
    if not steps and incident.status.value != "resolved":
        lines.append("  none")
    lines += ["", "Timeline"]
    lines += list(_timeline(detail, parts or {}, full)) or ["  nothing recorded yet"]
    if deliveries:
        lines += ["", "Report e-mails"]
        lines += [f"  {_local(d.requested_at)}  {_delivery(d)}" for d in deliveries]
    return "\n".join(lines) + "\n"


def _delivery(item: Delivery) -> str:
    if item.state == "sent":
        return f"to {item.address}: sent {_local(item.sent_at)}"
    if item.state == "queued":
        return f"to {item.address}: will be sent when you are online"
    if item.state == "refused":
        return f"to {item.address}: refused by the office: {item.reason or ''}"
    waiting = f" (not sent yet, {item.attempts} tries: {item.reason})" if item.reason else ""
    return f"to {item.address}: the office is e-mailing it{waiting}"


def _fact(name: str, value: str) -> str:
    wrapped = textwrap.wrap(value, 90) or ["-"]
    return f"{name:<16}{wrapped[0]}" + "".join(f"\n{'':<16}{w}" for w in wrapped[1:])


def _location(detail: IncidentDetail) -> str:
    return detail.system.location if detail.system is not None else ""


def _local(value: datetime | None, with_date: bool = True) -> str:
    if value is None:
        return "-"
    return value.astimezone().strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


def _clock_line(clock: ClockReading) -> str:
    if clock.target is None:
        return "no target in the contract"
    parts = [clock_left(clock), f"target {duration(clock.target)}", f"due {_local(clock.due_at)}"]
    if clock.paused:
        parts.append(f"paused {duration(clock.paused)}")
    if clock.stopped_at is not None:
        parts.append(f"stopped {_local(clock.stopped_at)}")
    return " · ".join(parts)


def _timeline(detail: IncidentDetail, parts: Mapping[uuid.UUID, str], full: bool) -> Iterable[str]:
    reasons = {e.voided_id: e.reason for e in detail.entries if isinstance(e, Void)}
    day = ""
    for entry in detail.entries:
        when = entry.recorded_at.astimezone()
        if when.strftime("%Y-%m-%d") != day:
            day = when.strftime("%Y-%m-%d")
            yield f"  {day}"
        head = f"  {when:%H:%M}  #{entry.id.hex[-SHORT_ID:]}  {_kind(entry):<9} "
        body = _body(entry, parts, full).splitlines() or [""]
        if entry.id in detail.voided:
            body = [f"VOIDED ({reasons.get(entry.id, '')}): {body[0]}", *body[1:]]
        yield head + body[0]
        for line in body[1:]:
            yield INDENT + line


_KINDS = {
    "note": "Diagnosis",
    "attachment": "File",
    "action": "Action",
    "swap": "Swap",
    "part_usage": "Part",
    "time": "Time",
    "clock_pause": "Clock",
    "clock_resume": "Clock",
    "status": "Status",
    "void": "Void",
    "sign_off": "Sign-off",
}


def _kind(entry: Entry) -> str:
    if isinstance(entry, DiagnosticNote) and entry.preformatted:
        return "Log"
    return _KINDS.get(entry.kind, entry.kind)


def _body(entry: Entry, parts: Mapping[uuid.UUID, str], full: bool) -> str:
    if isinstance(entry, DiagnosticNote):
        cut = None if full else excerpt(entry.text)
        if cut is None:
            return entry.text
        left_out = (
            f"[… {cut.omitted_lines:,} lines, {cut.omitted_chars:,} characters left out; --full]"
        )
        return f"{cut.head}\n{left_out}\n{cut.tail}"
    if isinstance(entry, Attachment):
        return f"{entry.filename} ({entry.size:,} bytes, {entry.media_type})"
    if isinstance(entry, Action):
        text = f"{entry.action_kind.value}: {entry.description}\nresult: {entry.result.value}"
        if entry.result_detail:
            text += f" — {entry.result_detail}"
        return text + ("\nOUT OF SCOPE: billable separately" if entry.out_of_scope else "")
    if isinstance(entry, HardwareSwap):
        kind = "temporary" if entry.temporary else "permanent"
        text = (
            f"removed {entry.removed_part} S/N {entry.removed_serial}\n"
            f"installed {entry.installed_part} S/N {entry.installed_serial} ({kind})"
        )
        return text + (f"\n{entry.note}" if entry.note else "")
    if isinstance(entry, PartUsage):
        return f"{entry.quantity} × {parts.get(entry.part_id, str(entry.part_id))} from the van"
    if isinstance(entry, TimeEntry):
        return (
            f"{entry.time_kind.value} {duration(entry.duration)} "
            f"({_local(entry.started_at, False)}–{_local(entry.ended_at, False)})"
        )
    if isinstance(entry, ClockPause):
        return f"SLA clock paused: {entry.reason}"
    if isinstance(entry, ClockResume):
        return "SLA clock running again"
    if isinstance(entry, StatusChange):
        how = f" ({entry.resolution.value})" if entry.resolution is not None else ""
        return f"{entry.from_status.label} → {entry.to_status.label}{how}"
    if isinstance(entry, Void):
        return f"voided #{entry.voided_id.hex[-SHORT_ID:]}: {entry.reason}"
    if isinstance(entry, SignOff):
        if entry.signed:
            return f"signed by {entry.signer_name} ({entry.signer_role}); seal {entry.seal}"
        return f"no signature ({entry.refusal}): {entry.reason}; seal {entry.seal}"
    return repr(entry)
