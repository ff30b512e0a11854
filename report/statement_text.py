"""The SLA statement's words (PDF and CSV): each a catalogue entry, looked up by key.

Like :mod:`report.strings`, whose entries it reuses wherever the statement says the
same thing in both languages (page numbers, column names, durations, status names,
channels, action kinds), so those are translated once. The Chinese lives in
``resources/translations/fieldbook_zh_CN.ts`` (context ``Statement`` for its own).

A few labels still differ from the service report's (marked "the report:" below, with
the report's Chinese): they keep their own entries so that neither document changes its
wording silently; choosing one word for each is a translator's decision, after which the
entry here becomes ``strings.PHRASES[...]`` like its neighbours.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from report import strings
from report.catalogue import QT_TRANSLATE_NOOP, Phrase, lookup, translate

PHRASES: Mapping[str, Phrase] = {
    "title": QT_TRANSLATE_NOOP("Statement", "SLA statement"),
    "subtitle": QT_TRANSLATE_NOOP("Statement", "{client} · contract {contract} · {period}"),
    "as_of": QT_TRANSLATE_NOOP(
        "Statement", "Figures as of {when}; times are {zone}. Open clocks are read at that moment."
    ),
    "page": strings.PHRASES["report.page"],
    "generated": strings.PHRASES["report.generated"],
    "rule": QT_TRANSLATE_NOOP(
        "Statement",
        "Each clock runs from the client's first notice and is judged against the target of "
        "the incident's latest priority; waiting for the client pauses the resolution clock "
        "where the contract allows. Cancelled incidents and incidents on systems outside "
        "Annex 1 are listed but not counted. Every line carries its report's seal, so it can "
        "be checked against the signed report.",
    ),
    # summary
    "section.summary": QT_TRANSLATE_NOOP("Statement", "Service level by priority"),
    "col.priority": strings.PHRASES["field.priority"],
    "col.incidents": translate("Statement", "Incidents", "how many"),
    "col.clock": strings.PHRASES["sla.clock"],
    "col.target": strings.PHRASES["sla.target"],
    "col.met": QT_TRANSLATE_NOOP("Statement", "Met"),
    "col.missed": QT_TRANSLATE_NOOP("Statement", "Missed"),
    "col.open": QT_TRANSLATE_NOOP("Statement", "Open"),
    "col.share": QT_TRANSLATE_NOOP("Statement", "Share met"),
    "col.median": QT_TRANSLATE_NOOP("Statement", "Median"),
    "col.worst": QT_TRANSLATE_NOOP("Statement", "Worst"),
    "clock.response": strings.PHRASES["sla.response"],
    "clock.resolution": QT_TRANSLATE_NOOP("Statement", "Resolution"),
    "none": strings.PHRASES["none"],
    "no_target": QT_TRANSLATE_NOOP("Statement", "not set"),
    # incidents
    "section.incidents": translate("Statement", "Incidents", "section"),
    "col.number": QT_TRANSLATE_NOOP("Statement", "Incident"),
    "col.notified": QT_TRANSLATE_NOOP("Statement", "First notice"),
    "col.channel": QT_TRANSLATE_NOOP("Statement", "Channel"),
    "col.responded": QT_TRANSLATE_NOOP("Statement", "Responded"),
    "col.resolved": strings.PHRASES["field.resolved"],
    "col.paused": strings.PHRASES["sla.paused"],
    "col.status": strings.PHRASES["field.status"],
    "col.response": strings.PHRASES["sla.response"],
    "col.resolution": QT_TRANSLATE_NOOP("Statement", "Resolution"),
    "seal": QT_TRANSLATE_NOOP("Statement", "Seal {seal}"),
    "seal.label": QT_TRANSLATE_NOOP("Statement", "Report seal"),
    "resolution.fixed": QT_TRANSLATE_NOOP("Statement", "fixed"),
    "resolution.workaround": QT_TRANSLATE_NOOP("Statement", "workaround in place"),
    "seal.unverified": QT_TRANSLATE_NOOP("Statement", "(did not match the record when it arrived)"),
    "not_signed": QT_TRANSLATE_NOOP("Statement", "Not signed off"),
    "reopened": QT_TRANSLATE_NOOP("Statement", "reopened {n}×"),
    "priority_steps": QT_TRANSLATE_NOOP("Statement", "priority {steps}"),
    "after_breach": QT_TRANSLATE_NOOP("Statement", "lowered after a breach"),
    "cancelled": QT_TRANSLATE_NOOP("Statement", "cancelled: {reason}"),
    "outside_annex": QT_TRANSLATE_NOOP("Statement", "outside Annex 1: billable"),
    "paused_for": QT_TRANSLATE_NOOP("Statement", "paused {time}: {reasons}"),
    "outcome.met": QT_TRANSLATE_NOOP("Statement", "met"),
    "outcome.missed": QT_TRANSLATE_NOOP("Statement", "missed"),
    "outcome.running": QT_TRANSLATE_NOOP("Statement", "running"),
    "outcome.paused": QT_TRANSLATE_NOOP("Statement", "paused"),
    "outcome.no_target": QT_TRANSLATE_NOOP("Statement", "no target"),
    # breaches
    "section.breaches": QT_TRANSLATE_NOOP("Statement", "Breaches and what the record says"),
    "breach.head": QT_TRANSLATE_NOOP(
        "Statement", "{number} · {priority} · {clock}: {actual} against {target} ({over} over)"
    ),
    "breach.running": QT_TRANSLATE_NOOP("Statement", "still running"),
    "event.notified": QT_TRANSLATE_NOOP("Statement", "First notice by {channel}"),
    "event.status": QT_TRANSLATE_NOOP("Statement", "{status}"),
    "event.paused": QT_TRANSLATE_NOOP("Statement", "Clock paused: {reason}"),
    "event.resumed": QT_TRANSLATE_NOOP("Statement", "Clock resumed"),
    "event.priority": QT_TRANSLATE_NOOP("Statement", "Priority {detail}"),
    "event.reopened": QT_TRANSLATE_NOOP("Statement", "Reopened (back on site): {detail}"),
    "event.signed": QT_TRANSLATE_NOOP("Statement", "Signed off by the client"),
    # excluded and out of scope
    "section.cancelled": QT_TRANSLATE_NOOP("Statement", "Cancelled (not counted)"),
    "col.reason": strings.PHRASES["sla.reason"],
    "section.scope": QT_TRANSLATE_NOOP(
        "Statement", "Work outside the agreement (billable separately)"
    ),
    "scope.incident": QT_TRANSLATE_NOOP("Statement", "Emergency on {system}, outside Annex 1"),
    "col.what": QT_TRANSLATE_NOOP("Statement", "What"),
    "col.when": QT_TRANSLATE_NOOP("Statement", "When"),
    "col.time": QT_TRANSLATE_NOOP("Statement", "Time logged"),
    "scope.per_visit": QT_TRANSLATE_NOOP("Statement", "logged per visit"),
    # parts
    "section.parts": strings.PHRASES["section.parts"],
    "col.part": QT_TRANSLATE_NOOP("Statement", "Part"),
    "col.description": strings.PHRASES["part.description"],
    "col.quantity": strings.PHRASES["part.quantity"],
    "section.temporary": QT_TRANSLATE_NOOP(
        "Statement", "Temporary parts still installed at the client"
    ),
    "col.installed": QT_TRANSLATE_NOOP("Statement", "Installed (serial)"),
    "col.removed": QT_TRANSLATE_NOOP("Statement", "Replaced (serial)"),
    "col.since": QT_TRANSLATE_NOOP("Statement", "Since"),
    # durations
    "duration.d_h": strings.PHRASES["duration.d_h"],
    "duration.d": strings.PHRASES["duration.d"],
    "duration.h": strings.PHRASES["duration.h"],
    "duration.h_m": strings.PHRASES["duration.h_m"],
    "duration.m": QT_TRANSLATE_NOOP("Statement", "{m} min"),  # the report: {m} 分钟
    # labels
    "channel.phone": strings.PHRASES["channel.phone"],
    "channel.email": strings.PHRASES["channel.email"],
    "channel.portal": QT_TRANSLATE_NOOP("Statement", "portal"),  # the report: 服务门户
    "channel.walk_up": QT_TRANSLATE_NOOP("Statement", "walk-up"),  # the report: "on site", 现场报告
    "channel.other": strings.PHRASES["channel.other"],
    "status.new": strings.PHRASES["status.new"],
    "status.responded": strings.PHRASES["status.responded"],
    "status.travelling": strings.PHRASES["status.travelling"],
    "status.on_site": QT_TRANSLATE_NOOP("Statement", "on site"),  # the report: 在现场
    "status.waiting_for_client": strings.PHRASES["status.waiting_for_client"],
    "status.resolved": strings.PHRASES["status.resolved"],
    "status.signed_off": strings.PHRASES["status.signed_off"],
    "status.closed": strings.PHRASES["status.closed"],
    "status.cancelled": strings.PHRASES["status.cancelled"],
    "action.planned_change": strings.PHRASES["action.planned_change"],
    "action.optimisation": strings.PHRASES["action.optimisation"],
    "action.preventive_work": strings.PHRASES["action.preventive_work"],
    "action.routine_upgrade": QT_TRANSLATE_NOOP(
        "Statement", "Routine upgrade"
    ),  # the report: 常规升级
    "action.restart": strings.PHRASES["action.restart"],
    "action.service_stop_start": QT_TRANSLATE_NOOP(
        "Statement", "Service stop/start"
    ),  # the report: 服务启停
    "action.configuration_change": strings.PHRASES["action.configuration_change"],
    "action.patch": strings.PHRASES["action.patch"],
    "action.temporary_hardware": strings.PHRASES["action.temporary_hardware"],
    "action.workaround": QT_TRANSLATE_NOOP("Statement", "Workaround"),  # the report: 临时方案
    "action.test": strings.PHRASES["action.test"],
    "action.other": strings.PHRASES["action.other"],
}


def text(lang: str, key: str, **params: Any) -> str:
    template = lookup(lang, PHRASES[key])
    return template.format(**params) if params else template
