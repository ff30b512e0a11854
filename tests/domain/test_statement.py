"""The SLA statement: worked examples with hand-computed answers, and a property that ties
its figures to the per-incident clocks the laptop shows, for random histories."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.records import (
    Action,
    ActionKind,
    ActionResult,
    Channel,
    ClockPause,
    ClockResume,
    Contract,
    Entry,
    HardwareSwap,
    Incident,
    PartUsage,
    Priority,
    PriorityChange,
    Resolution,
    SlaPolicy,
    SlaTarget,
    Status,
    StatusChange,
    TimeEntry,
    TimeKind,
    Void,
)
from domain.rules import apply_entry
from domain.sla import ClockKind, Outcome, Placement, pauses_from_entries, read_sla
from domain.statement import (
    BadPeriod,
    IncidentRecord,
    Period,
    build_statement,
    days,
    incident_line,
    month,
    temporary_in_place,
)
from domain.status import next_states

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)
CLIENT = uuid.UUID(int=1)
CONTRACT = uuid.UUID(int=2)
SH = timezone(timedelta(hours=8))


def contract(pause_allowed: bool = True) -> Contract:
    """Clause 3: P1 5 min / 4 h, P2 15 min / 8 h; P3 1 h / 24 h; P4 nothing set."""
    return Contract(
        id=CONTRACT,
        client_id=CLIENT,
        number="EM-2026-01",
        policy=SlaPolicy(
            targets={
                Priority.P1: SlaTarget(respond=5 * MIN, resolve=4 * HOUR),
                Priority.P2: SlaTarget(respond=15 * MIN, resolve=8 * HOUR),
                Priority.P3: SlaTarget(respond=60 * MIN, resolve=24 * HOUR),
            },
            pause_allowed=pause_allowed,
        ),
        time_zone="Asia/Shanghai",
    )


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


class History:
    """An incident and its entries, each placed in the service's order as recorded."""

    def __init__(
        self, priority: Priority = Priority.P1, number: str = "INC-1", covered: bool = True
    ):
        self.incident = Incident(
            id=uuid.uuid4(),
            number=number,
            client_id=CLIENT,
            contract_id=CONTRACT,
            system_id=uuid.uuid4() if covered else None,
            system_name="db-01",
            priority=priority,
            channel=Channel.PHONE,
            title="Database down",
            description="",
            notified_at=T0,
            status=Status.NEW,
        )
        self.covered = covered
        self.entries: list[Entry] = []
        self.placements: dict[uuid.UUID, Placement] = {}

    def add(self, entry: Entry, received: datetime | None = None) -> Entry:
        self.entries.append(entry)
        self.placements[entry.id] = Placement(
            len(self.placements) + 1, received or entry.recorded_at
        )
        self.incident = apply_entry(self.incident, entry)
        return entry

    def base(self, minutes: float) -> dict[str, Any]:
        return {
            "id": uuid.uuid4(),
            "incident_id": self.incident.id,
            "recorded_at": at(minutes),
            "author_id": None,
        }

    def status(self, minutes: float, to: Status, **kw: Any) -> History:
        self.add(
            StatusChange(**self.base(minutes), from_status=self.incident.status, to_status=to, **kw)
        )
        return self

    def pause(self, minutes: float, reason: str = "waiting for the client's admin") -> History:
        self.add(ClockPause(**self.base(minutes), reason=reason))
        return self

    def resume(self, minutes: float) -> History:
        self.add(ClockResume(**self.base(minutes)))
        return self

    def priority(self, minutes: float, to: Priority, reason: str = "re-assessed") -> History:
        self.add(
            PriorityChange(
                **self.base(minutes),
                from_priority=self.incident.priority,
                to_priority=to,
                reason=reason,
            )
        )
        return self

    def record(self) -> IncidentRecord:
        return IncidentRecord(
            self.incident, list(self.entries), dict(self.placements), self.covered
        )


AS_OF = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


# --- worked examples --------------------------------------------------------------------


def test_a_pause_the_contract_allows_turns_a_late_fix_into_a_met_one() -> None:
    # P1, notified 09:00. Responded 09:04 (4 min ≤ 5: met). Waiting for the client's admin
    # 10:00–10:45. Resolved 13:30: 270 min of wall time − 45 paused = 225 min ≤ 240: met.
    h = History().status(4, Status.RESPONDED).status(30, Status.ON_SITE)
    h.status(60, Status.WAITING_FOR_CLIENT).pause(60).resume(105).status(105, Status.ON_SITE)
    h.status(270, Status.RESOLVED, resolution=Resolution.FIXED)
    line = incident_line(h.record(), contract(), AS_OF)
    assert line.sla.response.outcome is Outcome.MET
    assert line.sla.response.stopped_at == at(4)
    assert line.sla.resolution.outcome is Outcome.MET
    assert line.paused == 45 * MIN
    assert [(p.start, p.end, p.reason) for p in line.pauses] == [
        (at(60), at(105), "waiting for the client's admin")
    ]
    # The same incident under a contract that does not let the clock stop: 270 > 240.
    strict = incident_line(h.record(), contract(pause_allowed=False), AS_OF)
    assert strict.sla.resolution.outcome is Outcome.MISSED
    assert strict.paused == timedelta(0) and strict.pauses == ()


def test_the_latest_priority_judges_from_the_first_notice() -> None:
    # Taken as P3 (respond in 60 min); responded 09:20; raised to P1 at 09:30. Judged as
    # P1 from 09:00: 20 min to respond > 5 min, missed; resolved 12:00, 180 min ≤ 240, met.
    h = History(Priority.P3).status(20, Status.RESPONDED).priority(30, Priority.P1, "plant stopped")
    h.status(40, Status.ON_SITE).status(180, Status.RESOLVED, resolution=Resolution.WORKAROUND)
    line = incident_line(h.record(), contract(), AS_OF)
    assert line.initial_priority is Priority.P3 and line.priority is Priority.P1
    assert line.sla.response.target == 5 * MIN
    assert line.sla.response.outcome is Outcome.MISSED
    assert line.sla.resolution.outcome is Outcome.MET
    (step,) = line.priority_steps
    assert (step.from_priority, step.to_priority, step.reason) == (
        Priority.P3,
        Priority.P1,
        "plant stopped",
    )
    assert not step.after_breach  # raised, not lowered


def test_lowering_the_priority_after_a_breach_is_flagged() -> None:
    # P1 not answered for 10 min (breached at 09:05), then lowered to P3 at 09:10: as P3
    # the 10 min response is met, and the statement says the change came after a breach.
    h = History(Priority.P1).priority(10, Priority.P3, "client says not urgent")
    h.status(12, Status.RESPONDED)
    line = incident_line(h.record(), contract(), AS_OF)
    assert line.sla.response.outcome is Outcome.MET
    assert line.priority_steps[0].after_breach


def test_a_reopened_incident_keeps_one_clock_to_its_last_resolution() -> None:
    # P2: resolved 11:00, the fix did not hold at 12:00 (back on site), resolved 14:00:
    # 300 min ≤ 480, met; reopened once, with the reason.
    h = History(Priority.P2).status(10, Status.RESPONDED).status(30, Status.ON_SITE)
    h.status(120, Status.RESOLVED, resolution=Resolution.FIXED)
    h.status(180, Status.ON_SITE, reason="fix did not hold")
    h.status(300, Status.RESOLVED, resolution=Resolution.FIXED)
    line = incident_line(h.record(), contract(), AS_OF)
    assert line.sla.resolution.stopped_at == at(300)
    assert line.sla.resolution.outcome is Outcome.MET
    assert [(e.at, e.detail) for e in line.reopened] == [(at(180), "fix did not hold")]


def test_cancelled_and_out_of_annex_incidents_are_listed_but_not_counted() -> None:
    cancelled = History(Priority.P1, "INC-C").status(
        30, Status.CANCELLED, reason="duplicate of INC-1"
    )
    outside = History(Priority.P1, "INC-O", covered=False).status(60, Status.RESPONDED)
    outside.add(
        TimeEntry(
            **outside.base(70), time_kind=TimeKind.ON_SITE, started_at=at(70), ended_at=at(160)
        )
    )
    counted = History(Priority.P1, "INC-1").status(3, Status.RESPONDED)
    period = month("2026-11", UTC)
    s = build_statement(
        contract(), period, [cancelled.record(), outside.record(), counted.record()], AS_OF
    )
    assert [line.number for line in s.lines] == [
        "INC-1",
        "INC-C",
        "INC-O",
    ]  # same notice: by number
    assert [line.number for line in s.counted] == ["INC-1"]
    assert s.cancelled[0].cancelled_reason == "duplicate of INC-1"
    assert [line.number for line in s.out_of_annex] == ["INC-O"]
    assert s.out_of_annex[0].logged == 90 * MIN
    p1 = s.figures[Priority.P1]
    assert p1.incidents == 1 and p1.response.met == 1 and p1.response.share_met == 1.0
    # Neither the cancelled one's 30 min without answer nor the uncovered one's 60 min
    # is a breach of the agreement.
    assert [b.line.number for b in s.breaches] == ["INC-1"]  # its resolution: 4 h passed
    assert s.breaches[0].kind is ClockKind.RESOLUTION and s.breaches[0].still_running


def test_per_priority_share_median_and_worst() -> None:
    # Three P2 answered in 10, 20 and 30 min (target 15): 1 of 3... no: 10 met; 20 and 30
    # missed: share 1/3, median 20 min, worst 30 min. A fourth answered-not-yet within
    # its target stays open (as of 09:05 it has 10 min left) and is in no share.
    lines = []
    for n, minutes in enumerate((10, 20, 30)):
        lines.append(History(Priority.P2, f"INC-{n}").status(minutes, Status.RESPONDED).record())
    fresh = History(Priority.P2, "INC-9")
    fresh.incident = replace(fresh.incident, notified_at=at(60))
    lines.append(fresh.record())
    s = build_statement(contract(), month("2026-11", UTC), lines, at(65))
    r = s.figures[Priority.P2].response
    assert (r.met, r.missed, r.open) == (1, 2, 1)
    assert r.share_met == pytest.approx(1 / 3)
    assert r.median == 20 * MIN and r.worst == 30 * MIN
    assert s.figures[Priority.P4].response.share_met is None


def test_parts_out_of_scope_work_and_temporary_parts() -> None:
    h = History(Priority.P2, "INC-7")
    part = uuid.uuid4()
    h.add(PartUsage(**h.base(40), part_id=part, quantity=2))
    wrong = h.add(PartUsage(**h.base(41), part_id=part, quantity=5))
    h.add(Void(**h.base(42), voided_id=wrong.id, reason="typed 5 for 2"))
    h.add(
        Action(
            **h.base(50),
            action_kind=ActionKind.ROUTINE_UPGRADE,
            description="firmware upgrade the client asked for",
            result=ActionResult.SUCCEEDED,
            out_of_scope=True,
        )
    )
    psu = h.add(
        HardwareSwap(
            **h.base(60),
            removed_part="PSU",
            removed_serial="OLD-1",
            installed_part="PSU (loan)",
            installed_serial="LOAN-7",
            temporary=True,
        )
    )
    disk = h.add(
        HardwareSwap(
            **h.base(61),
            removed_part="disk",
            removed_serial="D-1",
            installed_part="disk (loan)",
            installed_serial="LOAN-8",
            temporary=True,
        )
    )
    # A later visit (another incident) takes the loan disk back.
    later = History(Priority.P3, "INC-8")
    back = later.add(
        HardwareSwap(
            **later.base(2000),
            removed_part="disk (loan)",
            removed_serial="loan-8",
            installed_part="disk",
            installed_serial="D-2",
            temporary=False,
        )
    )
    placements = {
        psu.id: Placement(1, at(60)),
        disk.id: Placement(2, at(61)),
        back.id: Placement(3, at(2000)),
    }
    s = build_statement(
        contract(),
        month("2026-11", UTC),
        [h.record()],
        AS_OF,
        all_swaps=[("INC-7", psu), ("INC-7", disk), ("INC-8", back)],  # type: ignore[list-item]
        swap_placements=placements,
    )
    assert s.parts_used == {part: 2}
    (action,) = s.out_of_scope_actions
    assert action.action_kind is ActionKind.ROUTINE_UPGRADE and action.at == at(50)
    assert [(p.incident_number, p.swap.installed_serial) for p in s.temporary_parts] == [
        ("INC-7", "LOAN-7")
    ]


def test_swaps_alone_follow_the_service_order() -> None:
    h = History()
    a = h.add(
        HardwareSwap(
            **h.base(10),
            removed_part="x",
            removed_serial="S1",
            installed_part="y",
            installed_serial="T1",
            temporary=True,
        )
    )
    assert isinstance(a, HardwareSwap)
    # No later swap: still installed; the swap that took it out placed *before* it does
    # not count as taking it back.
    b = h.add(
        HardwareSwap(
            **h.base(5),
            removed_part="y",
            removed_serial="T1",
            installed_part="x",
            installed_serial="S1",
            temporary=False,
        )
    )
    assert isinstance(b, HardwareSwap)
    placed = {a.id: Placement(1, at(10)), b.id: Placement(2, at(11))}
    assert temporary_in_place([("I", a), ("I", b)], placed) == []
    placed = {a.id: Placement(2, at(10)), b.id: Placement(1, at(11))}
    assert [p.swap.id for p in temporary_in_place([("I", a), ("I", b)], placed)] == [a.id]


def test_periods() -> None:
    november = month("2026-11", SH)
    assert november.start == datetime(2026, 11, 1, tzinfo=SH)
    assert november.end == datetime(2026, 12, 1, tzinfo=SH)
    december = month("2026-12", SH)
    assert december.end == datetime(2027, 1, 1, tzinfo=SH)
    # 23:30 UTC on 31 October is 07:30 on 1 November in Shanghai: a November incident.
    assert november.holds(datetime(2026, 10, 31, 23, 30, tzinfo=UTC))
    assert not november.holds(datetime(2026, 11, 30, 16, 0, tzinfo=UTC))
    year = days("2026-01-01", "2026-12-31", UTC)
    assert year.end == datetime(2027, 1, 1, tzinfo=UTC)
    for bad in ("2026-13", "26-11", "", "2026/11", "november", "2026-11-01"):
        with pytest.raises(BadPeriod):
            month(bad, UTC)
    with pytest.raises(BadPeriod):
        days("2026-02-01", "2026-01-01", UTC)
    with pytest.raises(BadPeriod):
        Period(T0, T0, "empty")


# --- the property ----------------------------------------------------------------------

_OPS = st.sampled_from(["status", "status", "status", "pause", "resume", "priority", "void"])


@st.composite
def histories(draw: st.DrawFn) -> tuple[History, bool]:
    pause_allowed = draw(st.booleans())
    h = History(draw(st.sampled_from(list(Priority))), covered=draw(st.booleans()))
    minutes = 0.0
    marks: list[Entry] = []
    for _ in range(draw(st.integers(0, 14))):
        # Laptop times mostly move forward, sometimes back (clocks hours apart).
        minutes = max(0.0, minutes + draw(st.integers(-30, 240)))
        op = draw(_OPS)
        received = at(minutes + draw(st.integers(-20, 60)))
        if op == "status":
            choices = sorted(next_states(h.incident.status) - {Status.SIGNED_OFF, Status.CLOSED})
            if not choices:
                continue
            to = draw(st.sampled_from(choices))
            extra: dict[str, Any] = {}
            if to is Status.RESOLVED:
                extra["resolution"] = draw(st.sampled_from(list(Resolution)))
            if to is Status.CANCELLED:
                extra["reason"] = "withdrawn"
            h.add(
                StatusChange(
                    **h.base(minutes), from_status=h.incident.status, to_status=to, **extra
                ),
                received,
            )
        elif op == "pause" and pause_allowed:
            marks.append(h.add(ClockPause(**h.base(minutes), reason="waiting"), received))
        elif op == "resume" and pause_allowed:
            marks.append(h.add(ClockResume(**h.base(minutes)), received))
        elif op == "priority":
            to_p = draw(st.sampled_from([p for p in Priority if p is not h.incident.priority]))
            h.add(
                PriorityChange(
                    **h.base(minutes),
                    from_priority=h.incident.priority,
                    to_priority=to_p,
                    reason="re-assessed",
                ),
                received,
            )
        elif op == "void" and marks:
            target = marks.pop(draw(st.integers(0, len(marks) - 1)))
            h.add(Void(**h.base(minutes), voided_id=target.id, reason="mistake"), received)
    return h, pause_allowed


def _reading(h: History, c: Contract, now: datetime) -> Any:
    """The per-incident clocks exactly as the laptop and the board read them."""
    return read_sla(h.incident, c.policy, pauses_from_entries(h.entries, h.placements), now)


@settings(max_examples=300, deadline=None)
@given(histories(), st.integers(0, 3000))
def test_statement_figures_are_the_per_incident_clocks(
    drawn: tuple[History, bool], later: int
) -> None:
    h, pause_allowed = drawn
    c = contract(pause_allowed)
    now = at(later)
    line = incident_line(h.record(), c, now)
    assert line.incident == h.incident  # the replay rebuilds the service's row
    assert line.sla == _reading(h, c, now)


@settings(max_examples=60, deadline=None)
@given(st.lists(histories(), min_size=1, max_size=6), st.integers(0, 3000))
def test_per_priority_figures_count_the_per_incident_clocks(
    drawn: Sequence[tuple[History, bool]], later: int
) -> None:
    c = contract(True)
    now = at(later)
    records = []
    for n, (h, _) in enumerate(drawn):
        h.incident = replace(h.incident, number=f"INC-{n}")
        records.append(h.record())
    s = build_statement(c, month("2026-11", UTC), records, now)
    for priority in Priority:
        mine = [
            _reading(h, c, now)
            for h, _ in drawn
            if h.incident.priority is priority
            and h.incident.status is not Status.CANCELLED
            and h.covered
        ]
        figures = s.figures[priority]
        assert figures.incidents == len(mine)
        for kind, got in (("response", figures.response), ("resolution", figures.resolution)):
            clocks = [getattr(r, kind) for r in mine]
            assert got.met == sum(k.outcome is Outcome.MET for k in clocks)
            assert got.missed == sum(k.outcome is Outcome.MISSED for k in clocks)
            assert got.met + got.missed + got.open + got.no_target == len(clocks)
    assert len(s.breaches) == sum(
        (r.response.missed) + (r.resolution.missed)
        for h, _ in drawn
        if h.incident.status is not Status.CANCELLED and h.covered
        for r in [_reading(h, c, now)]
    )
