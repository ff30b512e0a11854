"""What the work came to: the outcome and counts, hardware swaps, parts, time, scope.

Each section counts the live (not voided) entries the main part of the report covers.
The brief report folds some of them into one line or leaves them out when empty, to
stay on one page.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from domain.records import (
    Action,
    ActionResult,
    Attachment,
    DiagnosticNote,
    HardwareSwap,
    PartUsage,
    TimeEntry,
    TimeKind,
)
from report.context import Context
from report.theme import TINT, WARN, WIDTH, ZERO, color


def outcome(c: Context) -> list[Flowable]:
    i = c.incident
    live = c.live(c.main_entries)
    actions = [e for e in live if isinstance(e, Action)]
    results = Counter(a.result for a in actions)
    resolution = c.t(f"resolution.{i.resolution}") if i.resolution else c.t("resolution.none")
    rows = [[c.p(c.t("outcome.engineer"), "label"), c.p(resolution, "cell", bold=True)]]
    sign_off = c.data.sign_off
    if sign_off is not None and sign_off.outcome is not None:
        rows.append(
            [
                c.p(c.t("outcome.client"), "label"),
                c.p(c.t(f"signoff.{sign_off.outcome}"), "cell", bold=True),
            ]
        )
    if c.options.brief:
        # One row instead of a section: the brief report stays on one page.
        totals = time_totals(c)
        spent = "  ·  ".join(
            c.colon(c.t(f"time.{kind}"), c.duration(totals[kind])) for kind in TimeKind
        )
        total = c.colon(c.t("time.total"), c.duration(sum(totals.values(), ZERO)))
        rows.append(
            [
                c.p(c.t("section.time"), "label"),
                c.rich(c.m(spent) + "  ·  " + c.m(total, bold=True), "cell"),
            ]
        )
    out: list[Flowable] = [
        *c.heading("section.outcome"),
        c.table(
            rows,
            [45 * mm, WIDTH - 45 * mm],
            header=False,
            zebra=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), TINT)],
        ),
        Spacer(1, 5),
        c.p(
            c.t(
                "summary.counts",
                actions=c.n("count.actions", len(actions)),
                succeeded=results[ActionResult.SUCCEEDED],
                partial=results[ActionResult.PARTIAL],
                failed=results[ActionResult.FAILED],
                notes=c.n("count.notes", sum(isinstance(e, DiagnosticNote) for e in live)),
                attachments=c.n("count.attachments", sum(isinstance(e, Attachment) for e in live)),
                swaps=c.n("count.swaps", sum(isinstance(e, HardwareSwap) for e in live)),
                parts=c.n("count.parts", sum(e.quantity for e in live if isinstance(e, PartUsage))),
            )
            + (" " + c.t("scope.all_covered") if brief_all_in_scope(c) else "")
        ),
    ]
    if c.options.brief and actions:
        out.append(Spacer(1, 2))
        for action in actions[-8:]:
            out.append(
                c.rich(
                    "•&nbsp;"
                    + c.m(c.colon(c.t(f"action.{action.action_kind}"), action.description))
                    + " — "
                    + c.m(c.t(f"result.{action.result}"), bold=True),
                    "entry",
                )
            )
    return out


def brief_all_in_scope(c: Context) -> bool:
    """Brief report, and nothing outside the agreement: said in the summary's line."""
    return (
        c.options.brief
        and c.detail.system is not None
        and not any(isinstance(e, Action) and e.out_of_scope for e in c.live(c.main_entries))
    )


def swaps(c: Context) -> list[Flowable]:
    swaps = [e for e in c.live(c.main_entries) if isinstance(e, HardwareSwap)]
    out = c.heading("section.swaps")
    if not swaps:
        # The brief report's summary already counts "0 hardware replacements".
        return [] if c.options.brief else [*out, c.p(c.t("none"), "small")]
    rows: list[list[Any]] = [
        c.header_cells("swap.removed", "swap.installed", "swap.kind", "swap.note")
    ]
    for s in swaps:
        kind = (
            color(WARN, c.m(c.t("swap.temporary"), bold=True))
            if s.temporary
            else c.m(c.t("swap.permanent"))
        )
        rows.append(
            [
                c.rich(
                    c.m(s.removed_part)
                    + "<br/>"
                    + c.m(c.t("swap.serial", serial=s.removed_serial)),
                    "cell",
                ),
                c.rich(
                    c.m(s.installed_part)
                    + "<br/>"
                    + c.m(c.t("swap.serial", serial=s.installed_serial)),
                    "cell",
                ),
                c.rich(kind, "cell"),
                c.p(s.note, "cell"),
            ]
        )
    return [*out, c.table(rows, [50 * mm, 50 * mm, 24 * mm, WIDTH - 124 * mm])]


def parts(c: Context) -> list[Flowable]:
    used: Counter[uuid.UUID] = Counter()
    for e in c.live(c.main_entries):
        if isinstance(e, PartUsage):
            used[e.part_id] += e.quantity
    out = c.heading("section.parts")
    if not used:
        return [] if c.options.brief else [*out, c.p(c.t("none"), "small")]
    if c.options.brief:
        # A line per part instead of a table, to stay on one page.
        return [
            *out,
            *(
                c.p(f"{qty} × {' '.join(c.data.parts.get(part_id, (str(part_id), '')))}")
                for part_id, qty in sorted(
                    used.items(), key=lambda kv: c.data.parts.get(kv[0], ("", ""))[0]
                )
            ),
        ]
    rows: list[list[Any]] = [c.header_cells("part.number", "part.description", "part.quantity")]
    for part_id, qty in sorted(used.items(), key=lambda kv: c.data.parts.get(kv[0], ("", ""))[0]):
        number, description = c.data.parts.get(part_id, (str(part_id), ""))
        rows.append(
            [
                c.p(number, "cell"),
                c.p(description, "cell"),
                c.p(str(qty), "cell_right"),
            ]
        )
    return [*out, c.table(rows, [45 * mm, WIDTH - 65 * mm, 20 * mm])]


def time_totals(c: Context) -> dict[TimeKind, timedelta]:
    totals: dict[TimeKind, timedelta] = dict.fromkeys(TimeKind, ZERO)
    for e in c.live(c.main_entries):
        if isinstance(e, TimeEntry):
            totals[e.time_kind] += e.duration
    return totals


def time_spent(c: Context) -> list[Flowable]:
    if c.options.brief:
        return []  # a row of the outcome table (see outcome)
    totals = time_totals(c)
    rows: list[list[Any]] = [
        c.header_cells("time.travel", "time.on_site", "time.waiting", "time.total"),
        [
            c.p(c.duration(totals[TimeKind.TRAVEL]), "cell"),
            c.p(c.duration(totals[TimeKind.ON_SITE]), "cell"),
            c.p(c.duration(totals[TimeKind.WAITING]), "cell"),
            c.p(c.duration(sum(totals.values(), timedelta(0))), "cell", bold=True),
        ],
    ]
    return [*c.heading("section.time"), c.table(rows, [WIDTH / 4] * 4, zebra=False)]


def scope(c: Context) -> list[Flowable]:
    out = c.heading("section.scope")
    items: list[Flowable] = []
    if c.detail.system is None:
        items.append(c.p(c.t("system.not_covered", name=c.incident.system_name), "body", bold=True))
    actions = [e for e in c.live(c.main_entries) if isinstance(e, Action) and e.out_of_scope]
    if actions and c.options.brief:
        items += [
            c.rich(
                "•&nbsp;"
                + c.m(c.colon(c.t(f"action.{a.action_kind}"), a.description))
                + " — "
                + c.m(c.t(f"result.{a.result}"))
                + " — "
                + color(WARN, c.m(c.t("scope.billable"), bold=True)),
                "entry",
            )
            for a in actions
        ]
    elif actions:
        rows: list[list[Any]] = [c.header_cells("entry.action", "sla.result", "scope.billable")]
        for a in actions:
            rows.append(
                [
                    c.p(c.colon(c.t(f"action.{a.action_kind}"), a.description), "cell"),
                    c.p(c.t(f"result.{a.result}"), "cell"),
                    c.rich(
                        color(WARN, c.m(c.t("scope.billable"), bold=True)),
                        "cell",
                    ),
                ]
            )
        items.append(c.table(rows, [WIDTH - 70 * mm, 30 * mm, 40 * mm]))
    if not items:
        if c.options.brief:
            return []  # the outcome's summary says so (see outcome)
        items.append(c.p(c.t("scope.none"), "small"))
    return [*out, *items]
