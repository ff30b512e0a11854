"""The SLA statement: a client's incidents over a period, judged from the record alone.

Every figure is read from the append-only entries, in the order the service accepted
them, with the very functions the laptop's clocks use:

* the incident's fields that the clocks need (priority, first response, resolution) are
  **replayed** from its entries with :func:`domain.rules.apply_entry`, the function every
  end applies them with; nothing is taken from a cached column;
* the pauses are :func:`domain.sla.pauses_from_entries` (service order, a laptop clock
  that runs ahead never stretches a pause past the service's receipt);
* both clocks are :func:`domain.sla.read_sla` at the statement's ``as_of`` time: a stopped
  clock reads the same whenever it is read, an open one is stated "as of".

**Priority changes.** A clock is judged against the target of the incident's *latest*
priority, measured from the first notice. That is what the laptop, the board and the
service report show (one rule, so a statement never contradicts the report the client
signed), and it treats a re-assessed priority as the corrected reading of the impact the
client had from the start. GLPI does the same when a rule reassigns the SLA (the target
counts from the ticket's opening), and Zammad re-selects the SLA on every update and
recomputes from creation; both lost the pause time when the SLA changed (GLPI #6902,
#15605, fixed by PR #16383). Here the pauses are read from the entries whatever the
priority, so they cannot be lost. Because a lower priority could turn a breach into a
"met", every change is listed with its reason and time, and a priority lowered after a
clock had already breached under the earlier one is flagged (:attr:`PriorityStep.after_breach`).

**What is counted.** The incidents whose first notice falls in the period. Cancelled ones
are listed with their reason and left out of every figure; so are emergencies on a system
outside the contract's Annex 1 (the agreement does not cover them: they are billed
separately, with their logged time). A reopened incident (resolved, then back on site)
keeps one resolution clock, which runs on until its last resolution.

**Shares, medians, worst.** Per priority and clock: *met* and *missed* are decided
clocks (a running clock past its target is missed already); a clock still running
within its target is *open* and in no share. Median and worst are over the decided
clocks' active time (wall time minus the pauses that count), a breached open clock
counting to ``as_of``.

**Work out of scope.** An incident on a system outside Annex 1 is out of scope as a
whole, with all its logged time (travel, on site, waiting). An out-of-scope action on a
covered system is listed with when it was done; the record logs time per visit, not per
action, so its own duration is not known and none is invented.

**Temporary parts.** A temporary part counts as still installed until a later swap (on
any of the contract's incidents, in the service's order) removes its serial.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from domain.records import (
    Action,
    ActionKind,
    Channel,
    Contract,
    Entry,
    HardwareSwap,
    Incident,
    PartUsage,
    Priority,
    PriorityChange,
    Resolution,
    SignOff,
    Status,
    StatusChange,
    TimeEntry,
    TimeKind,
    voided_ids,
)
from domain.rules import apply_entry
from domain.sla import (
    ClockKind,
    ClockReading,
    Outcome,
    Pause,
    Placement,
    SlaReading,
    in_service_order,
    pauses_from_entries,
    read_sla,
    read_times,
)
from domain.swaps import still_installed

ZERO = timedelta(0)


# --- the period --------------------------------------------------------------------------


class BadPeriod(ValueError):
    """A period that cannot be read or is empty."""


@dataclass(frozen=True, slots=True)
class Period:
    """``start`` ≤ first notice < ``end``; ``label`` as the statement names it."""

    start: datetime
    end: datetime
    label: str

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise BadPeriod("a period's bounds need a time zone")
        if self.end <= self.start:
            raise BadPeriod("a period ends after it starts")

    def holds(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def month(text: str, tz: tzinfo) -> Period:
    """``2026-11`` in ``tz`` (the contract's zone: the client's calendar month)."""
    try:
        year_text, month_text = text.strip().split("-")
        year, number = int(year_text), int(month_text)
        if len(year_text) != 4 or not 1 <= number <= 12:
            raise ValueError
    except ValueError:
        raise BadPeriod(f"{text[:20]!r} is not a month: write it as 2026-11") from None
    start = datetime(year, number, 1, tzinfo=tz)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=tz)
    return Period(start, end, f"{year:04d}-{number:02d}")


def days(first: str, last: str, tz: tzinfo) -> Period:
    """From the day ``first`` to the day ``last`` included (``2026-01-01``), in ``tz``."""
    try:
        a = datetime.strptime(first.strip(), "%Y-%m-%d").replace(tzinfo=tz)
        b = datetime.strptime(last.strip(), "%Y-%m-%d").replace(tzinfo=tz)
    except ValueError:
        raise BadPeriod("write the days as 2026-01-31") from None
    if b < a:
        raise BadPeriod("the last day comes before the first")
    return Period(a, b + timedelta(days=1), f"{a:%Y-%m-%d} – {b:%Y-%m-%d}")


# --- one incident ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """An incident as the service holds it: its row, every entry, where each was placed
    in the service's order, and whether its system is in the contract's Annex 1."""

    incident: Incident
    entries: Sequence[Entry]
    placements: Mapping[uuid.UUID, Placement]
    covered: bool
    seal_verified: bool | None = None  # did the sign-off's seal match when it arrived?


class EventKind(StrEnum):
    NOTIFIED = "notified"
    STATUS = "status"
    PAUSED = "paused"
    RESUMED = "resumed"
    PRIORITY = "priority"
    REOPENED = "reopened"
    SIGNED = "signed"


@dataclass(frozen=True, slots=True)
class Event:
    """One thing the record says happened, for the breach's account."""

    at: datetime
    kind: EventKind
    status: Status | None = None
    detail: str = ""  # a reason, a priority "P3 → P1", a resolution


@dataclass(frozen=True, slots=True)
class PriorityStep:
    at: datetime
    from_priority: Priority
    to_priority: Priority
    reason: str
    #: Lowered while a clock had already breached under the earlier priority.
    after_breach: bool


@dataclass(frozen=True, slots=True)
class OutOfScopeAction:
    incident_number: str
    at: datetime
    action_kind: ActionKind
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentLine:
    incident: Incident  # as replayed from its entries
    initial_priority: Priority
    sla: SlaReading
    pauses: tuple[Pause, ...]
    priority_steps: tuple[PriorityStep, ...]
    reopened: tuple[Event, ...]
    cancelled_reason: str | None  # None: not cancelled
    covered: bool
    out_of_scope_actions: tuple[OutOfScopeAction, ...]
    time_logged: Mapping[TimeKind, timedelta]
    parts: Mapping[uuid.UUID, int]
    swaps: tuple[HardwareSwap, ...]
    seal: str | None
    seal_verified: bool | None
    events: tuple[Event, ...]

    @property
    def number(self) -> str:
        return self.incident.number

    @property
    def priority(self) -> Priority:
        return self.incident.priority

    @property
    def channel(self) -> Channel:
        return self.incident.channel

    @property
    def cancelled(self) -> bool:
        return self.cancelled_reason is not None

    @property
    def counted(self) -> bool:
        """Does it count in the SLA figures? Not when cancelled or outside Annex 1."""
        return not self.cancelled and self.covered

    @property
    def paused(self) -> timedelta:
        """Paused time that counts (the contract allows pauses; before the clock stopped)."""
        return self.sla.resolution.paused

    @property
    def logged(self) -> timedelta:
        return sum(self.time_logged.values(), ZERO)

    @property
    def resolution(self) -> Resolution | None:
        return self.incident.resolution


def active_time(clock: ClockReading, as_of: datetime) -> timedelta:
    """The clock's active time: until it stopped (or ``as_of``), minus the pauses."""
    until = clock.stopped_at if clock.stopped_at is not None else as_of
    return max(ZERO, until - clock.started_at - clock.paused)


def incident_line(record: IncidentRecord, contract: Contract, as_of: datetime) -> IncidentLine:
    """One incident's line of the statement, read at ``as_of``."""
    entries = list(record.entries)
    ordered = in_service_order(entries, record.placements)
    voided = voided_ids(entries)
    live = [e for e in ordered if e.id not in voided]
    steps_seen = [e for e in ordered if isinstance(e, PriorityChange)]
    initial = steps_seen[0].from_priority if steps_seen else record.incident.priority
    pauses = tuple(pauses_from_entries(entries, record.placements))
    policy = contract.policy
    first = record.incident
    events: list[Event] = [Event(first.notified_at, EventKind.NOTIFIED, detail=first.channel)]
    steps: list[PriorityStep] = []
    reopened: list[Event] = []
    cancelled: str | None = None
    if not policy.pause_allowed:
        pauses = ()  # the contract does not let the clock stop: none counts, none is shown
    # The replay: the incident from its first notice, each entry applied in the service's
    # order with the rulebook's own function (what every end does when it records one).
    state = replace(
        first,
        status=Status.NEW,
        priority=initial,
        responded_at=None,
        resolved_at=None,
        resolution=None,
    )
    for entry in ordered:
        if isinstance(entry, PriorityChange):
            # Judged at the change under the priority it had then (same clocks, read then).
            then = read_times(
                priority=entry.from_priority,
                notified_at=state.notified_at,
                responded_at=state.responded_at,
                resolved_at=state.resolved_at,
                policy=policy,
                pauses=pauses,
                now=entry.recorded_at,
            )
            breached = then.response.missed or then.resolution.missed
            lowered = entry.to_priority > entry.from_priority
            steps.append(
                PriorityStep(
                    entry.recorded_at,
                    entry.from_priority,
                    entry.to_priority,
                    entry.reason,
                    breached and lowered,
                )
            )
            events.append(
                Event(
                    entry.recorded_at,
                    EventKind.PRIORITY,
                    detail=f"{entry.from_priority} → {entry.to_priority}: {entry.reason}",
                )
            )
        elif isinstance(entry, StatusChange):
            if entry.from_status is Status.RESOLVED and entry.to_status is Status.ON_SITE:
                event = Event(entry.recorded_at, EventKind.REOPENED, Status.ON_SITE, entry.reason)
                reopened.append(event)
                events.append(event)
            else:
                detail = entry.resolution.value if entry.resolution else entry.reason
                events.append(Event(entry.recorded_at, EventKind.STATUS, entry.to_status, detail))
            if entry.to_status is Status.CANCELLED:
                cancelled = entry.reason
        elif isinstance(entry, SignOff):
            events.append(Event(entry.recorded_at, EventKind.SIGNED, detail=entry.seal))
        state = apply_entry(state, entry)
    for pause in pauses:
        events.append(Event(pause.start, EventKind.PAUSED, detail=pause.reason))
        if pause.end is not None:
            events.append(Event(pause.end, EventKind.RESUMED))
    events.sort(key=lambda e: e.at)
    final = state
    sla = read_sla(final, policy, pauses, as_of)

    logged: dict[TimeKind, timedelta] = dict.fromkeys(TimeKind, ZERO)
    parts: Counter[uuid.UUID] = Counter()
    actions: list[OutOfScopeAction] = []
    swaps: list[HardwareSwap] = []
    seal: str | None = None
    for entry in live:
        if isinstance(entry, TimeEntry):
            logged[entry.time_kind] += entry.duration
        elif isinstance(entry, PartUsage):
            parts[entry.part_id] += entry.quantity
        elif isinstance(entry, Action) and entry.out_of_scope:
            actions.append(
                OutOfScopeAction(
                    final.number, entry.recorded_at, entry.action_kind, entry.description
                )
            )
        elif isinstance(entry, HardwareSwap):
            swaps.append(entry)
        elif isinstance(entry, SignOff) and seal is None:
            seal = entry.seal
    if final.status is not Status.CANCELLED:
        cancelled = None
    return IncidentLine(
        incident=final,
        initial_priority=initial,
        sla=sla,
        pauses=pauses,
        priority_steps=tuple(steps),
        reopened=tuple(reopened),
        cancelled_reason=cancelled if cancelled is None else (cancelled or "—"),
        covered=record.covered,
        out_of_scope_actions=tuple(actions),
        time_logged=logged,
        parts=dict(parts),
        swaps=tuple(swaps),
        seal=seal,
        seal_verified=record.seal_verified,
        events=tuple(events),
    )


# --- per priority -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClockFigures:
    """One clock of one priority over the counted incidents."""

    target: timedelta | None
    met: int
    missed: int
    open: int  # running (or paused) within the target
    no_target: int
    median: timedelta | None
    worst: timedelta | None

    @property
    def decided(self) -> int:
        return self.met + self.missed

    @property
    def share_met(self) -> float | None:
        """Met among the decided clocks; None when none is decided."""
        return self.met / self.decided if self.decided else None


@dataclass(frozen=True, slots=True)
class PriorityFigures:
    priority: Priority
    incidents: int
    response: ClockFigures
    resolution: ClockFigures


def clock_figures(
    clocks: Sequence[ClockReading], target: timedelta | None, as_of: datetime
) -> ClockFigures:
    decided = [c for c in clocks if c.outcome in (Outcome.MET, Outcome.MISSED)]
    times = sorted(active_time(c, as_of) for c in decided)
    return ClockFigures(
        target=target,
        met=sum(c.outcome is Outcome.MET for c in clocks),
        missed=sum(c.outcome is Outcome.MISSED for c in clocks),
        open=sum(c.outcome in (Outcome.RUNNING, Outcome.PAUSED) for c in clocks),
        no_target=sum(c.outcome is Outcome.NO_TARGET for c in clocks),
        median=_median(times),
        worst=times[-1] if times else None,
    )


def _median(ordered: Sequence[timedelta]) -> timedelta | None:
    """The middle of ``ordered`` (sorted), the mean of the two middle ones when even."""
    if not ordered:
        return None
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def by_priority(
    lines: Iterable[IncidentLine], contract: Contract, as_of: datetime
) -> dict[Priority, PriorityFigures]:
    """Figures per priority over the counted lines (every priority, even without one)."""
    grouped: dict[Priority, list[IncidentLine]] = {p: [] for p in Priority}
    for line in lines:
        if line.counted:
            grouped[line.priority].append(line)
    out: dict[Priority, PriorityFigures] = {}
    for priority, group in grouped.items():
        target = contract.policy.target(priority)
        out[priority] = PriorityFigures(
            priority,
            len(group),
            clock_figures([g.sla.response for g in group], target.respond, as_of),
            clock_figures([g.sla.resolution for g in group], target.resolve, as_of),
        )
    return out


# --- breaches, parts ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Breach:
    line: IncidentLine
    kind: ClockKind
    target: timedelta
    actual: timedelta  # active time (to ``as_of`` if the clock still runs)
    still_running: bool

    @property
    def over(self) -> timedelta:
        return self.actual - self.target


def breaches(lines: Iterable[IncidentLine], as_of: datetime) -> list[Breach]:
    out: list[Breach] = []
    for line in lines:
        if not line.counted:
            continue
        for clock in (line.sla.response, line.sla.resolution):
            if clock.missed and clock.target is not None:
                out.append(
                    Breach(
                        line,
                        clock.kind,
                        clock.target,
                        active_time(clock, as_of),
                        clock.stopped_at is None,
                    )
                )
    return out


@dataclass(frozen=True, slots=True)
class InstalledPart:
    """A temporary part still at the client."""

    incident_number: str
    swap: HardwareSwap


def temporary_in_place(
    swaps: Iterable[tuple[str, HardwareSwap]], placements: Mapping[uuid.UUID, Placement]
) -> list[InstalledPart]:
    """Temporary parts not since removed (:func:`domain.swaps.still_installed`: a later
    swap, in the service's order, on any incident, that removed the part's serial).

    ``swaps``: (incident number, swap) of every live swap of the contract, whatever its
    date: a part put in before the period may still be there.
    """
    pairs = list(swaps)
    numbers = {swap.id: number for number, swap in pairs}
    return [
        InstalledPart(numbers[s.id], s) for s in still_installed([s for _, s in pairs], placements)
    ]


# --- the statement -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    contract: Contract
    period: Period
    as_of: datetime
    lines: list[IncidentLine]  # every incident first notified in the period, by notice
    figures: dict[Priority, PriorityFigures]
    breaches: list[Breach]
    parts_used: dict[uuid.UUID, int]
    temporary_parts: list[InstalledPart] = field(default_factory=list)

    @property
    def counted(self) -> list[IncidentLine]:
        return [line for line in self.lines if line.counted]

    @property
    def cancelled(self) -> list[IncidentLine]:
        return [line for line in self.lines if line.cancelled]

    @property
    def out_of_annex(self) -> list[IncidentLine]:
        return [line for line in self.lines if not line.covered and not line.cancelled]

    @property
    def out_of_scope_actions(self) -> list[OutOfScopeAction]:
        return [a for line in self.lines if not line.cancelled for a in line.out_of_scope_actions]


def build_statement(
    contract: Contract,
    period: Period,
    records: Iterable[IncidentRecord],
    as_of: datetime,
    *,
    all_swaps: Iterable[tuple[str, HardwareSwap]] = (),
    swap_placements: Mapping[uuid.UUID, Placement] | None = None,
) -> Statement:
    """The statement of ``contract`` for ``period`` at ``as_of``.

    ``records``: the contract's incidents (those first notified outside the period are
    left out here too); ``all_swaps``: every live swap of the contract, for the
    temporary parts still installed.
    """
    lines = [
        incident_line(r, contract, as_of)
        for r in records
        if r.incident.contract_id == contract.id and period.holds(r.incident.notified_at)
    ]
    lines.sort(key=lambda line: (line.incident.notified_at, line.incident.number))
    parts: Counter[uuid.UUID] = Counter()
    for line in lines:
        if not line.cancelled:
            parts.update(line.parts)
    return Statement(
        contract=contract,
        period=period,
        as_of=as_of,
        lines=lines,
        figures=by_priority(lines, contract, as_of),
        breaches=breaches(lines, as_of),
        parts_used=dict(parts),
        temporary_parts=temporary_in_place(all_swaps, swap_placements or {}),
    )
