"""SLA clocks as pure functions of the recorded times.

Each incident runs two clocks from ``notified_at``: *response* (first contact) and
*resolution* (fixed or workaround in place). A clock counts *active* time: wall time
minus the pauses the contract allows (only the resolution clock pauses, and only while the
technician waits for the client). The clock is due at the first instant its active time
reaches the target, so a pause taken after a breach cannot undo it, and a pause can only
ever move a deadline later.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.records import (
    ClockPause,
    ClockResume,
    Entry,
    Incident,
    Priority,
    SlaPolicy,
    voided_ids,
)

ZERO = timedelta(0)


class ClockKind(StrEnum):
    RESPONSE = "response"
    RESOLUTION = "resolution"


class Outcome(StrEnum):
    RUNNING = "running"  # not stopped, time left
    PAUSED = "paused"  # not stopped, waiting for the client, time left frozen
    MET = "met"  # stopped within the target
    MISSED = "missed"  # stopped late, or still running past the target (breached)
    NO_TARGET = "no_target"  # the contract sets no target for this priority


@dataclass(frozen=True, slots=True)
class Pause:
    start: datetime
    end: datetime | None  # None: still paused
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockReading:
    kind: ClockKind
    target: timedelta | None
    started_at: datetime
    stopped_at: datetime | None
    due_at: datetime | None  # while paused: when it would fall due if resumed now
    time_left: timedelta | None  # negative once breached; frozen once stopped
    paused: timedelta  # paused time counted so far
    is_paused: bool
    outcome: Outcome

    @property
    def met(self) -> bool:
        return self.outcome is Outcome.MET

    @property
    def missed(self) -> bool:
        return self.outcome is Outcome.MISSED

    @property
    def fraction_left(self) -> float | None:
        """Time left as a share of the target (1.0 at the start, below 0 once breached)."""
        if self.target is None or self.time_left is None or self.target <= ZERO:
            return None
        return self.time_left / self.target


@dataclass(frozen=True, slots=True, kw_only=True)
class SlaReading:
    response: ClockReading
    resolution: ClockReading

    @property
    def current(self) -> ClockReading:
        """The clock that matters next: response until first contact, then resolution."""
        return self.resolution if self.response.stopped_at is not None else self.response


def _merged(
    pauses: Iterable[Pause], lo: datetime, now: datetime
) -> list[tuple[datetime, datetime]]:
    """Pauses clipped to start no earlier than ``lo``, open ones ending at ``now``, merged."""
    spans = sorted(
        (max(p.start, lo), p.end if p.end is not None else max(now, p.start)) for p in pauses
    )
    merged: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _paused_between(
    spans: Sequence[tuple[datetime, datetime]], lo: datetime, hi: datetime
) -> timedelta:
    total = ZERO
    for start, end in spans:
        overlap = min(end, hi) - max(start, lo)
        if overlap > ZERO:
            total += overlap
    return total


def _active(spans: Sequence[tuple[datetime, datetime]], lo: datetime, hi: datetime) -> timedelta:
    if hi <= lo:
        return ZERO
    return (hi - lo) - _paused_between(spans, lo, hi)


def _due(spans: Sequence[tuple[datetime, datetime]], lo: datetime, target: timedelta) -> datetime:
    """The first instant at which active time since ``lo`` reaches ``target``."""
    t, remaining = lo, target
    for start, end in spans:
        if end <= t:
            continue
        gap = max(start, t) - t
        if gap >= remaining:
            break
        remaining -= gap
        t = end
    return t + remaining


def read_clock(
    kind: ClockKind,
    *,
    started_at: datetime,
    target: timedelta | None,
    stopped_at: datetime | None,
    now: datetime,
    pauses: Iterable[Pause] = (),
) -> ClockReading:
    """Read one clock at ``now``. ``pauses`` are honoured as given; filter them first."""
    pause_list = list(pauses)
    # A stopped clock reads the same whenever it is read; a running one counts to now,
    # with a pause still open counting until now.
    until = stopped_at if stopped_at is not None else now
    spans = _merged(pause_list, started_at, until)
    paused = _paused_between(spans, started_at, until)
    is_paused = stopped_at is None and any(p.end is None and p.start <= now for p in pause_list)
    if target is None:
        return ClockReading(
            kind=kind,
            target=None,
            started_at=started_at,
            stopped_at=stopped_at,
            due_at=None,
            time_left=None,
            paused=paused,
            is_paused=is_paused,
            outcome=Outcome.NO_TARGET,
        )
    active = _active(spans, started_at, until)
    time_left = target - active
    if stopped_at is not None:
        outcome = Outcome.MET if active <= target else Outcome.MISSED
        # Pauses recorded after the clock stopped cannot move its deadline.
        before_stop = [(a, min(b, stopped_at)) for a, b in spans if a < stopped_at]
        due_at = _due(before_stop, started_at, target)
    else:
        if time_left < ZERO:
            outcome = Outcome.MISSED
        elif is_paused:
            outcome = Outcome.PAUSED
        else:
            outcome = Outcome.RUNNING
        if is_paused and outcome is Outcome.PAUSED:
            due_at = now + time_left  # if the clock were resumed now
        else:
            # Pauses that are over; an open one (breached while paused) moves nothing.
            closed = [s for s in spans if s[1] < now] if is_paused else spans
            due_at = _due(closed, started_at, target)
    return ClockReading(
        kind=kind,
        target=target,
        started_at=started_at,
        stopped_at=stopped_at,
        due_at=due_at,
        time_left=time_left,
        paused=paused,
        is_paused=is_paused,
        outcome=outcome,
    )


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the service put an entry: its place in the order of acceptance, and the
    service's clock when it received it. Entries a laptop has not synced have none."""

    order: int
    received_at: datetime


def in_service_order(
    entries: Iterable[Entry],
    placements: Mapping[uuid.UUID, Placement],
    local_rank: Mapping[uuid.UUID, int] | None = None,
) -> list[Entry]:
    """``entries`` in the order the service accepted them; the ones it has not placed
    after them: first those made before placements existed (no ``local_rank``: demo data,
    a laptop just upgraded) by recorded time, then this laptop's pending work in the
    order it was made here (``local_rank``: the outbox's numbers)."""
    rank = local_rank or {}

    def key(entry: Entry) -> tuple[int, int, float, int]:
        placed = placements.get(entry.id)
        if placed is not None:
            return (0, placed.order, 0.0, entry.id.int)
        return (1, rank.get(entry.id, 0), entry.recorded_at.timestamp(), entry.id.int)

    return sorted(entries, key=key)


def effective_time(recorded_at: datetime, received_at: datetime | None) -> datetime:
    """When a mark counts: the laptop's time, but never after the service received it
    (a laptop clock that runs ahead cannot stretch an SLA into the future)."""
    if received_at is not None and received_at < recorded_at:
        return received_at
    return recorded_at


def clock_marks(
    entries: Iterable[Entry],
    placements: Mapping[uuid.UUID, Placement] | None = None,
    local_rank: Mapping[uuid.UUID, int] | None = None,
) -> list[tuple[bool, datetime, str]]:
    """The pauses and resumes among ``entries`` (voided ones left out) as (is it a
    pause?, when it counts, reason), in the service's order: :func:`pair_pauses` input."""
    items = list(entries)
    voided = voided_ids(items)
    where = placements or {}
    marks = [e for e in items if e.id not in voided and isinstance(e, ClockPause | ClockResume)]
    out: list[tuple[bool, datetime, str]] = []
    for e in in_service_order(marks, where, local_rank):
        placed = where.get(e.id)
        at = effective_time(e.recorded_at, placed.received_at if placed else None)
        out.append((isinstance(e, ClockPause), at, getattr(e, "reason", "")))
    return out


def pauses_from_entries(
    entries: Iterable[Entry],
    placements: Mapping[uuid.UUID, Placement] | None = None,
    local_rank: Mapping[uuid.UUID, int] | None = None,
) -> list[Pause]:
    """The clock's pauses from the pause and resume entries, in the service's order."""
    return pair_pauses(clock_marks(entries, placements, local_rank))


def pair_pauses(marks: Iterable[tuple[bool, datetime, str]]) -> list[Pause]:
    """Pauses from (is it a pause?, when, reason) marks in the service's order.

    Order decides, not the times: a resume ends the pause it follows. Times only move
    forward along that order: a mark stamped before the one it follows (two laptops'
    clocks hours apart) counts at that earlier mark's time, so a pause is never undone
    by a resume that looks older, and a clock never stays paused for ever because of
    one. A pause while paused and a resume while running are ignored (two laptops may
    both pause offline); a last pause stays open.
    """
    pauses: list[Pause] = []
    opened: tuple[datetime, str] | None = None
    last: datetime | None = None
    for is_pause, at, reason in marks:
        if last is not None and at < last:
            at = last
        last = at
        if is_pause and opened is None:
            opened = (at, reason)
        elif not is_pause and opened is not None:
            pauses.append(Pause(opened[0], at, opened[1]))
            opened = None
    if opened is not None:
        pauses.append(Pause(opened[0], None, opened[1]))
    return pauses


def is_paused(marks: Iterable[tuple[bool, datetime, str]]) -> bool:
    """Is the clock paused after ``marks`` (in the service's order)?"""
    paused = False
    for is_pause, _, _ in marks:
        paused = is_pause
    return paused


def read_sla(
    incident: Incident, policy: SlaPolicy, pauses: Iterable[Pause], now: datetime
) -> SlaReading:
    """Both clocks of ``incident`` under ``policy`` at ``now``."""
    return read_times(
        priority=incident.priority,
        notified_at=incident.notified_at,
        responded_at=incident.responded_at,
        resolved_at=incident.resolved_at,
        policy=policy,
        pauses=pauses,
        now=now,
    )


def read_times(
    *,
    priority: Priority,
    notified_at: datetime,
    responded_at: datetime | None,
    resolved_at: datetime | None,
    policy: SlaPolicy,
    pauses: Iterable[Pause],
    now: datetime,
) -> SlaReading:
    """Both clocks from the recorded times alone (for lists that hold no full incident)."""
    target = policy.target(priority)
    response = read_clock(
        ClockKind.RESPONSE,
        started_at=notified_at,
        target=target.respond,
        stopped_at=responded_at,
        now=now,
    )
    resolution = read_clock(
        ClockKind.RESOLUTION,
        started_at=notified_at,
        target=target.resolve,
        stopped_at=resolved_at,
        now=now,
        pauses=pauses if policy.pause_allowed else (),
    )
    return SlaReading(response=response, resolution=resolution)


#: A running clock with less than this share of its target left needs attention: the
#: window colours it and alerts, the office's board lists it under "about to breach".
ATTENTION_SHARE = 0.25


def needs_attention(clock: ClockReading) -> bool:
    """Is ``clock`` running (or paused) with less than :data:`ATTENTION_SHARE` left?

    A breached clock is not "about to breach" any more: see :attr:`ClockReading.missed`.
    """
    share = clock.fraction_left
    return (
        clock.outcome in (Outcome.RUNNING, Outcome.PAUSED)
        and share is not None
        and share < ATTENTION_SHARE
    )


#: How much a minute left on each priority's clock counts when ordering "most urgent
#: first": a P2 with 30 minutes left ranks with a P1 with 15. The office's choice, not a
#: contract term; targets stay per contract.
PRIORITY_WEIGHT: Mapping[Priority, int] = {
    Priority.P1: 1,
    Priority.P2: 2,
    Priority.P3: 4,
    Priority.P4: 8,
}

#: A breached clock ranks as if it had this long left (before its priority weight): still
#: urgent (the client is waiting), but a breach that can still be prevented in the next
#: half hour comes first.
BREACHED_RANKS_AS = timedelta(minutes=30)


#: The sort key :func:`urgency` returns (compare keys, never read into them).
UrgencyKey = tuple[int, float, int, float, str]


def urgency(
    *,
    is_open: bool,
    priority: Priority,
    clock: ClockReading | None,
    notified_at: datetime,
    number: str,
) -> UrgencyKey:
    """The sort key of "most urgent first", for the window, the command line and the office.

    The rule: an open incident's *current* clock (response until first contact, then
    resolution) is ranked by its **priority-weighted time left**:

        weighted = time left × PRIORITY_WEIGHT[priority]       (P1 ×1, P2 ×2, P3 ×4, P4 ×8)

    where a breached clock counts as :data:`BREACHED_RANKS_AS` (30 min) left. Lowest first;
    ties go to the higher priority, then to the clock with less time left (the longest
    breached), then by number. After the running clocks come paused ones (the client
    holds them up; same order among them), then open incidents whose clock has stopped or
    has no target, then finished ones; newest first within the last two.

    Worked examples (P1 responds in 5 min, P2 in 15 min):

    * a P1 with 1 min left to respond (weighted 1 min) comes before a P2 breached 3 h ago
      (30 min × 2 = 60 min);
    * a P1 breached 2 min ago (30 min) comes before a P2 with 20 min left (40 min), which
      comes before a P2 breached long ago (60 min);
    * a P2 with 10 min left (20 min) comes before a breached P1 (30 min): it can still be
      saved;
    * a P1 with 1 h left and a P2 with 30 min left tie at 60 min: the P1 goes first.

    ``clock`` is not read for a finished incident: lists may pass None.
    """
    if not is_open or clock is None:
        return (3, -notified_at.timestamp(), 0, 0.0, number)
    rank = list(PRIORITY_WEIGHT).index(priority) if priority in PRIORITY_WEIGHT else 99
    if clock.time_left is None or clock.stopped_at is not None:
        # No target, or resolved and waiting for the sign-off: nothing left to race.
        return (2, -notified_at.timestamp(), rank, 0.0, number)
    left = clock.time_left
    effective = BREACHED_RANKS_AS if left < ZERO else left
    weighted = effective.total_seconds() * PRIORITY_WEIGHT.get(priority, 8)
    band = 1 if clock.is_paused else 0
    return (band, weighted, rank, left.total_seconds(), number)
