"""The report's front: its title (and a draft's warning), then the incident's facts.

The facts table names the provider and the client, the contract and the system, the
priority, the times reported, responded and resolved, the technician and the status.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from report.context import Context
from report.pieces import Paragraph
from report.theme import ACCENT, RULE, TINT, WARN, WIDTH, color


def title_block(c: Context) -> list[Flowable]:
    kind = c.t("report.brief" if c.options.brief else "report.detailed")
    out: list[Flowable] = [
        Paragraph(c.m(c.t("report.title"), bold=True), c.st["title"]),
        c.p(f"{c.incident.number}  ·  {kind}", "subtitle"),
    ]
    if c.options.brief:  # said under the facts in the detailed report
        out[-1] = c.p(
            f"{c.incident.number}  ·  {kind}  ·  " + c.t("report.times_in", zone=c.zone()),
            "subtitle",
        )
    if c.data.sealed is None:
        out.append(Spacer(1, 3))
        out.append(
            Paragraph(
                color(WARN, c.m(c.t("report.draft"), bold=True)),
                c.st["body"],
            )
        )
    out.append(Spacer(1, 8))
    return out


def facts(c: Context) -> list[Flowable]:
    d, i = c.detail, c.incident
    company = c.data.company
    # The brief report names the provider and its phone, to stay on one page; the
    # detailed one has the whole letterhead.
    lines = (
        (company.name, company.phone)
        if c.options.brief
        else (company.name, company.address, company.phone)
    )
    provider = "\n".join(x for x in lines if x)
    client = "\n".join(x for x in (d.client.name, d.client.address) if x)
    if d.system is not None:
        system = c.t(
            "system.covered",
            name=i.system_name,
            category=c.t(f"category.{d.system.category}"),
        )
        location = d.system.location
    else:
        system = c.t("system.not_covered", name=i.system_name)
        location = ""
    technician = c.data.technicians.get(i.assigned_to, "") if i.assigned_to else ""
    pairs = [
        ("field.provider", provider or c.t("unknown"), "field.client", client),
        ("field.contract", d.contract.number, "field.system", system),
        ("field.priority", i.priority.value, "field.location", location or c.t("unknown")),
        (
            "field.channel",
            c.t(f"channel.{i.channel}"),
            "field.notified",
            c.when(i.notified_at),
        ),
        (
            "field.responded",
            c.when(i.responded_at),
            "field.resolved",
            c.when(i.resolved_at),
        ),
        (
            "field.technician",
            technician or c.t("unknown"),
            "field.status",
            c.t(f"status.{i.status}"),
        ),
    ]
    if c.options.brief:
        # Five rows instead of six: the channel goes with the time reported, and the
        # status is said by the sign-off (or the draft's warning) below.
        reported = c.t(
            "field.notified_by",
            when=c.when(i.notified_at),
            channel=c.t(f"channel.{i.channel}"),
        )
        pairs[3:] = [
            ("field.notified", reported, "field.responded", c.when(i.responded_at)),
            (
                "field.resolved",
                c.when(i.resolved_at),
                "field.technician",
                technician or c.t("unknown"),
            ),
        ]
    rows = [
        [
            c.p(c.t(left), "label"),
            c.p(left_value, "cell"),
            c.p(c.t(right), "label"),
            c.p(right_value, "cell"),
        ]
        for left, left_value, right, right_value in pairs
    ]
    facts = c.table(
        rows,
        [24 * mm, WIDTH / 2 - 24 * mm, 24 * mm, WIDTH / 2 - 24 * mm],
        header=False,
        zebra=False,
        extra=[
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
            ("BACKGROUND", (0, 0), (0, -1), TINT),
            ("BACKGROUND", (2, 0), (2, -1), TINT),
        ],
    )
    out: list[Flowable] = [facts, Spacer(1, 6)]
    out.append(c.rich(c.m(c.t("field.title") + c.t("colon"), bold=True) + c.m(i.title)))
    if i.description:
        out.append(Spacer(1, 2))
        out.append(c.p(i.description))
    if not c.options.brief:
        out.append(Spacer(1, 2))
        out.append(c.p(c.t("report.times_in", zone=c.zone()), "small"))
    return out
