"""Escalation: the dispatcher is e-mailed when a P1 or P2 clock passes 75 % of its target,
once per clock.

Every ``escalation_interval_seconds`` each service instance reads the open incidents'
clocks exactly as the board does (:func:`sync.server.console.board.read_snapshot`: the
laptop's clock functions, pauses in the service's order) and picks the P1 and P2 clocks
still running with less than a quarter of their target left, or past it
(:func:`domain.sla.needs_attention`, :attr:`~domain.sla.ClockReading.missed`).

**Once per clock**, whatever the number of instances: an instance *claims* a clock by
inserting its row in ``escalations`` (the primary key is the incident and the clock; a
second insert does nothing), and only the claimant sends. A message the SMTP server did
not take stays unsent and is claimed again, by any instance, after a while (at most
:data:`MAX_ATTEMPTS` times). A clock that stopped or left P1/P2 meanwhile is not sent.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from domain import durations
from domain.records import Priority
from domain.sla import ClockReading, needs_attention
from sync.server.config import ServiceConfig
from sync.server.console.board import Row, read_snapshot
from sync.server.db import Database
from sync.server.mail import MailError, send_mail
from sync.server.models import EscalationRow

log = logging.getLogger("fieldbook.server.escalation")

#: The priorities whose clocks are escalated by e-mail.
ESCALATED = frozenset({Priority.P1, Priority.P2})
#: Tries of one message before the service gives up on it (each logged).
MAX_ATTEMPTS = 10
#: A claim whose message did not go out is tried again after this many intervals.
RETRY_AFTER_INTERVALS = 4


@dataclass(frozen=True, slots=True)
class Due:
    """A clock to escalate."""

    row: Row
    kind: str  # "response" | "resolution"
    clock: ClockReading


def past_three_quarters(clock: ClockReading) -> bool:
    """Running (or paused) past 75 % of its target, or breached and still running."""
    return clock.stopped_at is None and (needs_attention(clock) or clock.missed)


def due(rows: list[Row]) -> list[Due]:
    out: list[Due] = []
    for row in rows:
        if row.priority not in ESCALATED:
            continue
        for kind, clock in (
            ("response", row.response.reading),
            ("resolution", row.resolution.reading),
        ):
            if past_three_quarters(clock):
                out.append(Due(row, kind, clock))
    return out


def _claim_new(session: Session, found: list[Due], now: datetime) -> set[tuple[uuid.UUID, str]]:
    if not found:
        return set()
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(EscalationRow)
        .values(
            [
                {
                    "incident_id": d.row.id,
                    "clock": d.kind,
                    "priority": d.row.priority,
                    "claimed_at": now,
                    "sent_at": None,
                    "attempts": 0,
                    "last_error": None,
                }
                for d in found
            ]
        )
        .on_conflict_do_nothing(index_elements=[EscalationRow.incident_id, EscalationRow.clock])
        .returning(EscalationRow.incident_id, EscalationRow.clock)
    )
    return {(i, c) for i, c in session.execute(stmt)}


def _claim_retries(
    session: Session, found: list[Due], now: datetime, interval: timedelta
) -> set[tuple[uuid.UUID, str]]:
    """Unsent claims old enough to try again, taken over one by one (one winner each)."""
    wanted = {(d.row.id, d.kind) for d in found}
    cutoff = now - interval * RETRY_AFTER_INTERVALS
    stale = session.execute(
        select(EscalationRow.incident_id, EscalationRow.clock).where(
            EscalationRow.sent_at.is_(None),
            EscalationRow.claimed_at < cutoff,
            EscalationRow.attempts < MAX_ATTEMPTS,
        )
    ).all()
    taken: set[tuple[uuid.UUID, str]] = set()
    for incident_id, kind in stale:
        if (incident_id, kind) not in wanted:
            continue
        result = session.execute(
            update(EscalationRow)
            .where(
                EscalationRow.incident_id == incident_id,
                EscalationRow.clock == kind,
                EscalationRow.sent_at.is_(None),
                EscalationRow.claimed_at < cutoff,
            )
            .values(claimed_at=now)
        )
        if getattr(result, "rowcount", 0) == 1:
            taken.add((incident_id, kind))
    return taken


def message(d: Due, config: ServiceConfig, now: datetime) -> EmailMessage:
    row, clock = d.row, d.clock
    target = clock.target or timedelta(0)
    left = clock.time_left or timedelta(0)
    used = 1 - (clock.fraction_left or 0.0)
    kind_en = "Response" if d.kind == "response" else "Resolution"
    kind_zh = "响应" if d.kind == "response" else "解决"
    if clock.missed:
        state_en = f"breached {_minutes(-left)} ago (target {_minutes(target)})"
        state_zh = f"已超时 {_minutes(-left)}（目标 {_minutes(target)}）"
    else:
        state_en = f"{used:.0%} of {_minutes(target)} used, {_minutes(left)} left"
        state_zh = f"已用 {used:.0%}（目标 {_minutes(target)}），剩余 {_minutes(left)}"
    mail = EmailMessage()
    mail["From"] = config.mail_from
    mail["To"] = config.escalation_to
    mail["Subject"] = (
        f"[Fieldbook] {row.priority.value} {row.number}: {kind_en.lower()} clock {state_en}"
    )
    mail["X-Fieldbook-Incident"] = str(row.id)
    mail["X-Fieldbook-Clock"] = d.kind
    due_at = clock.due_at.astimezone(row.tz).strftime("%Y-%m-%d %H:%M") if clock.due_at else "—"
    mail.set_content(
        "\n".join(
            [
                f"{row.priority.value} {row.number} — {row.title}",
                f"Client: {row.client} · system: {row.system}",
                f"Technician: {row.technician or 'nobody (unassigned)'}"
                f" · status: {row.status.value}",
                f"{kind_en} clock: {state_en}; due {due_at}.",
                "",
                f"{row.priority.value} {row.number} — {row.title}",
                f"客户：{row.client} · 系统：{row.system}",
                f"技术员：{row.technician or '未分配'}",
                f"{kind_zh}时钟：{state_zh}；截止 {due_at}。",
                "",
                f"Incident id: {row.id}",
            ]
        )
    )
    return mail


def _minutes(value: timedelta) -> str:
    return durations.spell(value, durations.english)


def scan(db: Database, config: ServiceConfig, now: datetime) -> int:
    """One look at the clocks: claim what is due and send it. Returns the messages sent."""
    interval = timedelta(seconds=config.escalation_interval_seconds)
    with db.read() as session:
        found = due(read_snapshot(session, now, config.stale_after).rows)
    if not found:
        return 0
    with db.write() as session:
        claimed = _claim_new(session, found, now) | _claim_retries(session, found, now, interval)
    sent = 0
    for d in found:
        key = (d.row.id, d.kind)
        if key not in claimed:
            continue
        error: str | None = None
        try:
            send_mail(config, message(d, config, now))
        except MailError as failure:
            error = str(failure)[:500]
            log.warning("escalation of %s %s not sent: %s", d.row.number, d.kind, error)
        with db.write() as session:
            session.execute(
                update(EscalationRow)
                .where(EscalationRow.incident_id == d.row.id, EscalationRow.clock == d.kind)
                .values(
                    sent_at=None if error else now,
                    attempts=EscalationRow.attempts + 1,
                    last_error=error,
                )
            )
        if error is None:
            sent += 1
            log.info(
                "escalated %s %s %s to %s",
                d.row.priority.value,
                d.row.number,
                d.kind,
                config.escalation_to,
            )
    return sent


async def run(db: Database, config: ServiceConfig, clock: Callable[[], datetime]) -> None:
    """Look at the clocks every interval until cancelled (the service's lifespan)."""
    log.info(
        "escalating P1/P2 clocks past 75 %% to %s every %.0f s",
        config.escalation_to,
        config.escalation_interval_seconds,
    )
    while True:
        try:
            await asyncio.to_thread(scan, db, config, clock())
        except Exception:  # a database away: the next look tries again
            log.exception("escalation scan failed")
        await asyncio.sleep(config.escalation_interval_seconds)
