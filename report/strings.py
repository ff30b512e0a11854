"""The report's words: each phrase marked for the one catalogue, looked up by key.

The sections of :mod:`report.pdf` ask for a phrase by key (``ctx.t("section.sla")``);
this table says which catalogue entry the key is. The English is the marked source
below, the Chinese is in ``resources/translations/fieldbook_zh_CN.ts`` beside the
window's (:mod:`report.catalogue` says how it is read without Qt, and why). Status names
and durations are the window's own entries (contexts ``Status`` and ``Format``);
channels, system categories and action kinds have contexts of their own, shared with the
SLA statement (:mod:`report.statement_text`). A few English words mean two things
here and carry a disambiguation ("Resolved": a time, or an outcome).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.records import STATUS_LABELS
from report.catalogue import QT_TRANSLATE_NOOP, Phrase, lookup, translate

LANGUAGES = ("en", "zh")

PHRASES: Mapping[str, Phrase] = {
    # title block and facts
    "report.title": QT_TRANSLATE_NOOP("Report", "Emergency service report"),
    "report.brief": QT_TRANSLATE_NOOP("Report", "Brief report"),
    "report.detailed": QT_TRANSLATE_NOOP("Report", "Detailed report"),
    "report.draft": QT_TRANSLATE_NOOP("Report", "Draft: not yet signed off by the client"),
    "report.page": QT_TRANSLATE_NOOP("Report", "Page {page} of {pages}"),
    "report.generated": QT_TRANSLATE_NOOP("Report", "Generated {when}"),
    "footer.seal": QT_TRANSLATE_NOOP("Report", "Seal"),
    "footer.draft": QT_TRANSLATE_NOOP("Report", "Draft, not sealed:"),
    "report.times_in": QT_TRANSLATE_NOOP("Report", "Times are {zone}."),
    "section.incident": QT_TRANSLATE_NOOP("Report", "Incident"),
    "section.sla": QT_TRANSLATE_NOOP("Report", "Service level"),
    "section.outcome": QT_TRANSLATE_NOOP("Report", "Outcome and summary"),
    "section.timeline": QT_TRANSLATE_NOOP("Report", "Timeline"),
    "section.swaps": translate("Report", "Hardware replaced", "section"),
    "section.parts": QT_TRANSLATE_NOOP("Report", "Spare parts used"),
    "section.time": QT_TRANSLATE_NOOP("Report", "Time spent"),
    "section.scope": QT_TRANSLATE_NOOP("Report", "Work outside the agreement"),
    "section.signoff": QT_TRANSLATE_NOOP("Report", "Client sign-off"),
    "section.addenda": QT_TRANSLATE_NOOP("Report", "Addenda after the sign-off"),
    "addenda.note": QT_TRANSLATE_NOOP(
        "Report", "Recorded after the client signed: not covered by the signature or the seal."
    ),
    "field.provider": QT_TRANSLATE_NOOP("Report", "Service provider"),
    "field.client": QT_TRANSLATE_NOOP("Report", "Client"),
    "field.contract": QT_TRANSLATE_NOOP("Report", "Contract"),
    "field.system": QT_TRANSLATE_NOOP("Report", "System"),
    "field.location": QT_TRANSLATE_NOOP("Report", "Location"),
    "field.priority": QT_TRANSLATE_NOOP("Report", "Priority"),
    "field.channel": QT_TRANSLATE_NOOP("Report", "Reported by"),
    "field.notified": QT_TRANSLATE_NOOP("Report", "Reported"),
    "field.notified_by": QT_TRANSLATE_NOOP("Report", "{when} ({channel})"),
    "field.responded": QT_TRANSLATE_NOOP("Report", "First response"),
    "field.resolved": translate("Report", "Resolved", "time"),
    "field.status": QT_TRANSLATE_NOOP("Report", "Status"),
    "field.technician": QT_TRANSLATE_NOOP("Report", "Engineer"),
    "field.title": QT_TRANSLATE_NOOP("Report", "Problem"),
    "field.description": translate("Report", "Description", "incident"),
    "system.covered": QT_TRANSLATE_NOOP("Report", "{name} (Annex 1, {category})"),
    "system.not_covered": QT_TRANSLATE_NOOP(
        "Report", "{name} (not in Annex 1: work billable separately)"
    ),
    # SLA
    "sla.clock": QT_TRANSLATE_NOOP("Report", "Clock"),
    "sla.target": QT_TRANSLATE_NOOP("Report", "Target"),
    "sla.actual": QT_TRANSLATE_NOOP("Report", "Actual"),
    "sla.paused": translate("Report", "Paused", "time paused"),
    "sla.result": QT_TRANSLATE_NOOP("Report", "Result"),
    "sla.response": QT_TRANSLATE_NOOP("Report", "Response"),
    "sla.resolution": QT_TRANSLATE_NOOP("Report", "Resolution or workaround"),
    "sla.none": QT_TRANSLATE_NOOP("Report", "none set"),
    "sla.pauses": QT_TRANSLATE_NOOP(
        "Report", "Clock pauses (client could not give access or information)"
    ),
    "sla.pause_from": QT_TRANSLATE_NOOP("Report", "From"),
    "sla.pause_to": QT_TRANSLATE_NOOP("Report", "To"),
    "sla.duration": QT_TRANSLATE_NOOP("Report", "Duration"),
    "sla.reason": QT_TRANSLATE_NOOP("Report", "Reason"),
    "sla.open": QT_TRANSLATE_NOOP("Report", "still paused"),
    "outcome.met": QT_TRANSLATE_NOOP("Report", "Met"),
    "outcome.missed": QT_TRANSLATE_NOOP("Report", "Missed"),
    "outcome.running": QT_TRANSLATE_NOOP("Report", "Running"),
    "outcome.paused": translate("Report", "Paused", "clock state"),
    "outcome.no_target": QT_TRANSLATE_NOOP("Report", "No target"),
    # outcome
    "resolution.fixed": QT_TRANSLATE_NOOP("Report", "Fixed"),
    "resolution.workaround": QT_TRANSLATE_NOOP("Report", "Workaround in place"),
    "resolution.none": QT_TRANSLATE_NOOP("Report", "Not resolved yet"),
    "outcome.engineer": QT_TRANSLATE_NOOP("Report", "Engineer's outcome"),
    "outcome.client": QT_TRANSLATE_NOOP("Report", "Confirmed by the client"),
    "signoff.resolved": translate("Report", "Resolved", "outcome"),
    "signoff.workaround": QT_TRANSLATE_NOOP("Report", "Workaround in place"),
    "signoff.not_resolved": QT_TRANSLATE_NOOP("Report", "Not resolved"),
    "summary.counts": QT_TRANSLATE_NOOP(
        "Report",
        "{actions} ({succeeded} succeeded, {partial} partly, {failed} failed), {notes}, "
        "{attachments}, {swaps}, {parts}.",
    ),
    # timeline
    "entry.note": QT_TRANSLATE_NOOP("Report", "Diagnosis"),
    "entry.log": QT_TRANSLATE_NOOP("Report", "Log"),
    "entry.attachment": QT_TRANSLATE_NOOP("Report", "Attachment"),
    "entry.action": QT_TRANSLATE_NOOP("Report", "Action"),
    "entry.swap": translate("Report", "Hardware replaced", "timeline entry"),
    "entry.part_usage": QT_TRANSLATE_NOOP("Report", "Spare part"),
    "entry.time": QT_TRANSLATE_NOOP("Report", "Time"),
    "entry.clock_pause": QT_TRANSLATE_NOOP("Report", "SLA clock paused"),
    "entry.clock_resume": QT_TRANSLATE_NOOP("Report", "SLA clock resumed"),
    "entry.status": QT_TRANSLATE_NOOP("Report", "Status"),
    "entry.void": QT_TRANSLATE_NOOP("Report", "Correction"),
    "entry.sign_off": QT_TRANSLATE_NOOP("Report", "Sign-off"),
    "entry.voided": QT_TRANSLATE_NOOP("Report", "Voided: {reason}"),
    "entry.voids": QT_TRANSLATE_NOOP("Report", "Voids the entry of {when}"),
    "entry.result": QT_TRANSLATE_NOOP("Report", "Result: {result}"),
    "entry.out_of_scope": QT_TRANSLATE_NOOP("Report", "Out of scope: billable separately"),
    "cut.omitted": QT_TRANSLATE_NOOP("Report", "[… {lines} ({chars} characters) left out here …]"),
    "cut.attached": QT_TRANSLATE_NOOP(
        "Report", "The full text is in the attached file {name} ({size})."
    ),
    "cut.in_record": QT_TRANSLATE_NOOP("Report", "The full text is kept in the record."),
    "entry.image_unreadable": QT_TRANSLATE_NOOP("Report", "(image could not be read)"),
    "entry.file": QT_TRANSLATE_NOOP("Report", "{name} ({size})"),
    "entry.status_change": QT_TRANSLATE_NOOP("Report", "{old} → {new}"),
    "entry.time_span": QT_TRANSLATE_NOOP("Report", "{kind}: {start} – {end} ({duration})"),
    "result.succeeded": QT_TRANSLATE_NOOP("Report", "succeeded"),
    "result.partial": QT_TRANSLATE_NOOP("Report", "partly succeeded"),
    "result.failed": QT_TRANSLATE_NOOP("Report", "failed"),
    # swaps, parts, time
    "swap.removed": QT_TRANSLATE_NOOP("Report", "Removed"),
    "swap.installed": QT_TRANSLATE_NOOP("Report", "Installed"),
    "swap.kind": QT_TRANSLATE_NOOP("Report", "Kind"),
    "swap.temporary": QT_TRANSLATE_NOOP("Report", "TEMPORARY"),
    "swap.permanent": QT_TRANSLATE_NOOP("Report", "permanent"),
    "swap.note": QT_TRANSLATE_NOOP("Report", "Note"),
    "swap.serial": QT_TRANSLATE_NOOP("Report", "S/N {serial}"),
    "part.number": QT_TRANSLATE_NOOP("Report", "Part number"),
    "part.description": translate("Report", "Description", "spare part"),
    "part.quantity": QT_TRANSLATE_NOOP("Report", "Qty"),
    "time.travel": QT_TRANSLATE_NOOP("Report", "Travel"),
    "time.on_site": QT_TRANSLATE_NOOP("Report", "On site"),
    "time.waiting": QT_TRANSLATE_NOOP("Report", "Waiting for the client"),
    "time.total": QT_TRANSLATE_NOOP("Report", "Total"),
    "scope.billable": QT_TRANSLATE_NOOP("Report", "Billable separately"),
    "scope.none": QT_TRANSLATE_NOOP("Report", "None: all work was covered by the agreement."),
    "scope.all_covered": QT_TRANSLATE_NOOP("Report", "All work was covered by the agreement."),
    "none": QT_TRANSLATE_NOOP("Report", "None."),
    # sign-off
    "signoff.signer": QT_TRANSLATE_NOOP("Report", "Signed by"),
    "signoff.role": QT_TRANSLATE_NOOP("Report", "Role"),
    "signoff.time": QT_TRANSLATE_NOOP("Report", "Signed at"),
    "signoff.comment": QT_TRANSLATE_NOOP("Report", "Comment"),
    "signoff.refused": QT_TRANSLATE_NOOP("Report", "The client refused to sign"),
    "signoff.not_available": QT_TRANSLATE_NOOP(
        "Report", "Nobody from the client was available to sign"
    ),
    "signoff.reason": QT_TRANSLATE_NOOP("Report", "Reason"),
    "signoff.recorded_at": QT_TRANSLATE_NOOP("Report", "Recorded at"),
    "signoff.person": QT_TRANSLATE_NOOP("Report", "Client's representative"),
    "signoff.pending": QT_TRANSLATE_NOOP("Report", "Not signed yet. This draft is not sealed."),
    "seal.label": QT_TRANSLATE_NOOP("Report", "Seal (SHA-256 of the record as signed)"),
    "seal.draft": QT_TRANSLATE_NOOP("Report", "Record fingerprint (SHA-256, not sealed)"),
    "seal.howto": QT_TRANSLATE_NOOP(
        "Report", "Check it against the record: fieldbook verify REPORT.pdf"
    ),
    # labels of the domain's values, shared with the SLA statement
    "channel.phone": QT_TRANSLATE_NOOP("Channel", "phone"),
    "channel.email": QT_TRANSLATE_NOOP("Channel", "e-mail"),
    "channel.portal": QT_TRANSLATE_NOOP("Channel", "portal"),
    "channel.walk_up": QT_TRANSLATE_NOOP("Channel", "on site"),
    "channel.other": QT_TRANSLATE_NOOP("Channel", "other"),
    "category.server": QT_TRANSLATE_NOOP("SystemCategory", "server"),
    "category.network": QT_TRANSLATE_NOOP("SystemCategory", "network"),
    "category.storage": QT_TRANSLATE_NOOP("SystemCategory", "storage"),
    "category.operating_system": QT_TRANSLATE_NOOP("SystemCategory", "operating system"),
    "category.database": QT_TRANSLATE_NOOP("SystemCategory", "database"),
    "category.middleware": QT_TRANSLATE_NOOP("SystemCategory", "middleware"),
    "category.application": QT_TRANSLATE_NOOP("SystemCategory", "application"),
    "action.restart": QT_TRANSLATE_NOOP("ActionKind", "Restart"),
    "action.service_stop_start": QT_TRANSLATE_NOOP("ActionKind", "Service stop/start"),
    "action.configuration_change": QT_TRANSLATE_NOOP("ActionKind", "Configuration change"),
    "action.patch": QT_TRANSLATE_NOOP("ActionKind", "Patch"),
    "action.temporary_hardware": QT_TRANSLATE_NOOP("ActionKind", "Temporary hardware"),
    "action.workaround": QT_TRANSLATE_NOOP("ActionKind", "Workaround"),
    "action.test": QT_TRANSLATE_NOOP("ActionKind", "Test"),
    "action.other": QT_TRANSLATE_NOOP("ActionKind", "Other"),
    "action.planned_change": QT_TRANSLATE_NOOP("ActionKind", "Planned change"),
    "action.optimisation": QT_TRANSLATE_NOOP("ActionKind", "Optimisation"),
    "action.preventive_work": QT_TRANSLATE_NOOP("ActionKind", "Preventive work"),
    "action.routine_upgrade": QT_TRANSLATE_NOOP("ActionKind", "Routine upgrade"),
    # Said by domain.durations.spell (the same rule as the window's and the console's).
    "duration.d_h": QT_TRANSLATE_NOOP("Format", "{d} d {h} h"),
    "duration.d": QT_TRANSLATE_NOOP("Format", "{d} d"),
    "duration.h_m": QT_TRANSLATE_NOOP("Format", "{h} h {m} min"),
    "duration.h": QT_TRANSLATE_NOOP("Format", "{h} h"),
    "duration.m": QT_TRANSLATE_NOOP("Format", "{m} min"),
    "unknown": QT_TRANSLATE_NOOP("Report", "—"),
    "colon": QT_TRANSLATE_NOOP("Report", ": "),
    # status names: the domain's, marked in its context "Status" (the window's words)
    **{
        f"status.{status.value}": Phrase("Status", label) for status, label in STATUS_LABELS.items()
    },
}

#: Phrases with a count (``%n``): English has a singular and a plural, Chinese one form.
COUNTED: Mapping[str, Phrase] = {
    "count.actions": translate("Report", "%n action(s)", None, 0),
    "count.notes": translate("Report", "%n diagnostic note(s)", None, 0),
    "count.attachments": translate("Report", "%n attachment(s)", None, 0),
    "count.swaps": translate("Report", "%n hardware replacement(s)", None, 0),
    "count.parts": translate("Report", "%n spare part(s) used", None, 0),
    "count.lines": translate("Report", "%n line(s)", None, 0),
}


def text(lang: str, key: str, **params: Any) -> str:
    """The phrase ``key`` in ``lang`` ("en" or "zh"), with ``params`` filled in."""
    template = lookup(lang, PHRASES[key])
    return template.format(**params) if params else template


def all_keys() -> list[str]:
    return sorted(PHRASES)


def both(key: str) -> tuple[str, str]:
    """The phrase ``key`` in English and in Chinese, unfilled."""
    return lookup("en", PHRASES[key]), lookup("zh", PHRASES[key])


def plural(lang: str, key: str, n: int) -> str:
    """The counted phrase ``key`` for ``n`` in ``lang`` ("1 action", "2 actions", "2 项操作")."""
    return lookup(lang, COUNTED[key], n)


def plural_keys() -> list[str]:
    return sorted(COUNTED)
