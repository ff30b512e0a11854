"""The service-level clocks: response and resolution against their targets, and the pauses.

A clock's result is coloured (met, missed, running); the brief report lists the pauses
as a line each, the detailed one as a table.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from domain.sla import ClockReading, Outcome
from report.context import Context
from report.theme import MUTED, OK, WARN, WIDTH, color


def outcome_label(c: Context, clock: ClockReading) -> str:
    colour = {Outcome.MET: OK, Outcome.MISSED: WARN}.get(clock.outcome, MUTED)
    label = c.m(c.t(f"outcome.{clock.outcome}"), bold=True)
    return color(colour, label)


def sla(c: Context) -> list[Flowable]:
    reading = c.detail.sla
    rows: list[list[Any]] = [
        c.header_cells("sla.clock", "sla.target", "sla.actual", "sla.paused", "sla.result")
    ]
    for key, clock in (
        ("sla.response", reading.response),
        ("sla.resolution", reading.resolution),
    ):
        if clock.stopped_at is not None:
            actual = c.duration(clock.stopped_at - clock.started_at - clock.paused)
        elif clock.target is not None and clock.time_left is not None:
            actual = c.duration(clock.target - clock.time_left)
        else:
            actual = c.t("unknown")
        rows.append(
            [
                c.p(c.t(key), "cell"),
                c.p(
                    c.duration(clock.target) if clock.target is not None else c.t("sla.none"),
                    "cell",
                ),
                c.p(actual, "cell"),
                c.p(c.duration(clock.paused) if clock.paused else "–", "cell"),
                c.rich(outcome_label(c, clock), "cell"),
            ]
        )
    out: list[Flowable] = [
        *c.heading("section.sla"),
        c.table(rows, [52 * mm, 30 * mm, 30 * mm, 28 * mm, WIDTH - 140 * mm]),
    ]
    pauses = c.detail.pauses
    if pauses and c.detail.contract.policy.pause_allowed and c.options.brief:
        # One small line per pause: when, how long, why.
        out.append(Spacer(1, 3))
        out.append(c.p(c.t("sla.pauses"), "small", bold=True))
        for pause in pauses:
            span = (
                f"{c.when(pause.start)} – {c.clock_time(pause.end)} "
                f"({c.duration(pause.end - pause.start)})"
                if pause.end
                else f"{c.when(pause.start)} – {c.t('sla.open')}"
            )
            out.append(c.p(f"{span}{c.t('colon')}{pause.reason}", "small"))
    elif pauses and c.detail.contract.policy.pause_allowed:
        out.append(Spacer(1, 6))
        out.append(c.p(c.t("sla.pauses"), "h2", bold=True))
        prow: list[list[Any]] = [
            c.header_cells("sla.pause_from", "sla.pause_to", "sla.duration", "sla.reason")
        ]
        for pause in pauses:
            prow.append(
                [
                    c.p(c.when(pause.start), "cell"),
                    c.p(c.when(pause.end) if pause.end else c.t("sla.open"), "cell"),
                    c.p(c.duration(pause.end - pause.start) if pause.end else "–", "cell"),
                    c.p(pause.reason, "cell"),
                ]
            )
        out.append(c.table(prow, [32 * mm, 32 * mm, 26 * mm, WIDTH - 90 * mm]))
    return out
