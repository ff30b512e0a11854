"""SLA clocks: the examples of the design brief, pauses, and properties of the clocks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.records import (
    Channel,
    ClockPause,
    ClockResume,
    DiagnosticNote,
    Entry,
    Incident,
    Priority,
    SlaPolicy,
    SlaTarget,
    Status,
    Void,
)
from domain.sla import (
    ClockKind,
    ClockReading,
    Outcome,
    Pause,
    SlaReading,
    pauses_from_entries,
    read_clock,
    read_sla,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)

P1_TARGET = SlaTarget(respond=5 * MIN, resolve=4 * HOUR)
P2_TARGET = SlaTarget(respond=15 * MIN, resolve=8 * HOUR)


def policy(pause_allowed: bool = True) -> SlaPolicy:
    """The brief's table: P1 5 min / 4 h, P2 15 min / 8 h, nothing set for P3 and P4."""
    return SlaPolicy(
        targets={Priority.P1: P1_TARGET, Priority.P2: P2_TARGET}, pause_allowed=pause_allowed
    )


def at(minutes: float = 0, hours: float = 0) -> datetime:
    return T0 + timedelta(minutes=minutes, hours=hours)


def incident(
    priority: Priority = Priority.P1,
    responded_at: datetime | None = None,
    resolved_at: datetime | None = None,
) -> Incident:
    return Incident(
        id=uuid.UUID(int=1),
        number="INC-1",
        client_id=uuid.UUID(int=2),
        contract_id=uuid.UUID(int=3),
        system_id=uuid.UUID(int=4),
        system_name="db01",
        priority=priority,
        channel=Channel.PHONE,
        title="Database down",
        description="",
        notified_at=T0,
        status=Status.NEW,
        responded_at=responded_at,
        resolved_at=resolved_at,
    )


def sla(
    now: datetime,
    *,
    priority: Priority = Priority.P1,
    responded_at: datetime | None = None,
    resolved_at: datetime | None = None,
    pauses: list[Pause] | None = None,
    pause_allowed: bool = True,
) -> SlaReading:
    return read_sla(
        incident(priority, responded_at, resolved_at),
        policy(pause_allowed),
        pauses or [],
        now,
    )


# --- the brief's examples -----------------------------------------------------------


@pytest.mark.parametrize(
    ("priority", "respond", "resolve"),
    [(Priority.P1, 5 * MIN, 4 * HOUR), (Priority.P2, 15 * MIN, 8 * HOUR)],
)
def test_due_times_are_notified_plus_target(
    priority: Priority, respond: timedelta, resolve: timedelta
) -> None:
    reading = sla(at(minutes=1), priority=priority)
    assert reading.response.kind is ClockKind.RESPONSE
    assert reading.resolution.kind is ClockKind.RESOLUTION
    assert reading.response.due_at == T0 + respond
    assert reading.resolution.due_at == T0 + resolve
    assert reading.response.started_at == T0
    assert reading.response.outcome is Outcome.RUNNING
    assert reading.resolution.outcome is Outcome.RUNNING
    assert reading.response.time_left == respond - MIN
    assert reading.resolution.time_left == resolve - MIN
    assert reading.response.target == respond
    assert reading.resolution.target == resolve


def test_responded_within_target_is_met() -> None:
    reading = sla(at(minutes=30), responded_at=at(minutes=4))
    assert reading.response.outcome is Outcome.MET
    assert reading.response.met and not reading.response.missed
    assert reading.response.stopped_at == at(minutes=4)
    assert reading.response.time_left == MIN  # frozen at the stop
    assert reading.response.due_at == at(minutes=5)


def test_responded_exactly_at_target_is_met() -> None:
    reading = sla(at(minutes=30), responded_at=at(minutes=5))
    assert reading.response.outcome is Outcome.MET
    assert reading.response.time_left == timedelta(0)


def test_responded_late_is_missed() -> None:
    reading = sla(at(minutes=30), responded_at=at(minutes=6))
    assert reading.response.outcome is Outcome.MISSED
    assert reading.response.missed and not reading.response.met
    assert reading.response.time_left == -MIN


def test_not_responded_past_target_is_breached() -> None:
    reading = sla(at(minutes=6))
    assert reading.response.outcome is Outcome.MISSED
    assert reading.response.stopped_at is None
    assert reading.response.time_left == -MIN
    assert reading.response.time_left < timedelta(0)
    assert reading.response.due_at == at(minutes=5)
    fraction = reading.response.fraction_left
    assert fraction is not None and fraction < 0
    # The resolution clock is still well within its 4 hours.
    assert reading.resolution.outcome is Outcome.RUNNING


@pytest.mark.parametrize(
    ("resolved", "outcome"),
    [
        (at(hours=3, minutes=59), Outcome.MET),
        (at(hours=4), Outcome.MET),
        (at(hours=4, minutes=1), Outcome.MISSED),
    ],
)
def test_resolution_met_or_missed(resolved: datetime, outcome: Outcome) -> None:
    reading = sla(at(hours=10), responded_at=at(minutes=2), resolved_at=resolved)
    assert reading.resolution.outcome is outcome
    assert reading.resolution.time_left == 4 * HOUR - (resolved - T0)
    assert reading.response.outcome is Outcome.MET


@pytest.mark.parametrize("priority", [Priority.P3, Priority.P4])
def test_no_target_for_priority(priority: Priority) -> None:
    reading = sla(at(hours=100), priority=priority)
    for clock in (reading.response, reading.resolution):
        assert clock.outcome is Outcome.NO_TARGET
        assert clock.target is None
        assert clock.due_at is None
        assert clock.time_left is None
        assert clock.fraction_left is None
        assert not clock.met and not clock.missed


def test_target_none_for_one_clock_only() -> None:
    pol = SlaPolicy(targets={Priority.P3: SlaTarget(respond=30 * MIN, resolve=None)})
    reading = read_sla(incident(Priority.P3), pol, [], at(hours=50))
    assert reading.response.outcome is Outcome.MISSED
    assert reading.resolution.outcome is Outcome.NO_TARGET
    assert reading.resolution.due_at is None


def test_fraction_left() -> None:
    assert sla(T0).resolution.fraction_left == 1.0
    assert sla(at(hours=2)).resolution.fraction_left == 0.5
    assert sla(at(hours=5)).resolution.fraction_left == -0.25


def test_current_clock_is_response_until_first_contact() -> None:
    before = sla(at(minutes=2))
    assert before.current is before.response
    after = sla(at(minutes=20), responded_at=at(minutes=3))
    assert after.current is after.resolution


# --- pauses -------------------------------------------------------------------------


def test_pause_moves_resolution_due_when_allowed() -> None:
    pauses = [Pause(at(hours=1), at(hours=1, minutes=30), "waiting for access")]
    reading = sla(at(hours=2), responded_at=at(minutes=3), pauses=pauses)
    assert reading.resolution.due_at == at(hours=4, minutes=30)
    assert reading.resolution.paused == 30 * MIN
    assert reading.resolution.time_left == 4 * HOUR - (2 * HOUR - 30 * MIN)
    assert not reading.resolution.is_paused
    assert reading.resolution.outcome is Outcome.RUNNING


def test_pause_ignored_when_the_contract_does_not_allow_it() -> None:
    pauses = [Pause(at(hours=1), at(hours=1, minutes=30))]
    reading = sla(at(hours=2), responded_at=at(minutes=3), pauses=pauses, pause_allowed=False)
    assert reading.resolution.due_at == at(hours=4)
    assert reading.resolution.paused == timedelta(0)
    open_pause = [Pause(at(hours=1), None)]
    reading = sla(at(hours=2), pauses=open_pause, pause_allowed=False)
    assert not reading.resolution.is_paused
    assert reading.resolution.outcome is Outcome.RUNNING


def test_pause_never_counts_for_the_response_clock() -> None:
    pauses = [Pause(at(minutes=1), at(minutes=3))]
    reading = sla(at(minutes=6), pauses=pauses)
    assert reading.response.due_at == at(minutes=5)
    assert reading.response.paused == timedelta(0)
    assert reading.response.outcome is Outcome.MISSED
    assert reading.resolution.paused == 2 * MIN
    # An open pause does not freeze the response clock either.
    reading = sla(at(minutes=6), pauses=[Pause(at(minutes=1), None)])
    assert not reading.response.is_paused
    assert reading.response.outcome is Outcome.MISSED
    assert reading.resolution.is_paused


def test_open_pause_freezes_time_left() -> None:
    pauses = [Pause(at(hours=1), None, "client fetching the admin password")]
    first = sla(at(hours=2), responded_at=at(minutes=3), pauses=pauses).resolution
    second = sla(at(hours=3, minutes=17), responded_at=at(minutes=3), pauses=pauses).resolution
    assert first.time_left == second.time_left == 3 * HOUR
    assert first.outcome is second.outcome is Outcome.PAUSED
    assert first.is_paused and second.is_paused
    assert first.paused == HOUR
    assert second.paused == 2 * HOUR + 17 * MIN
    # While paused, due_at is "if resumed now".
    assert first.due_at == at(hours=2) + 3 * HOUR
    assert second.due_at == at(hours=3, minutes=17) + 3 * HOUR


def test_open_pause_not_yet_started_does_not_pause() -> None:
    reading = sla(at(hours=1), pauses=[Pause(at(hours=2), None)]).resolution
    assert not reading.is_paused
    assert reading.outcome is Outcome.RUNNING
    assert reading.time_left == 3 * HOUR


def test_resumed_pause_restarts_the_clock() -> None:
    pauses = [Pause(at(hours=1), at(hours=2))]
    a = sla(at(hours=3), pauses=pauses).resolution
    b = sla(at(hours=3, minutes=10), pauses=pauses).resolution
    assert a.time_left == 2 * HOUR
    assert b.time_left == 2 * HOUR - 10 * MIN
    assert a.outcome is b.outcome is Outcome.RUNNING


def test_pause_after_the_deadline_does_not_make_it_met() -> None:
    # Deadline 4 h; pause from 4 h 10 to 5 h; resolved during the pause at 4 h 30.
    pauses = [Pause(at(hours=4, minutes=10), at(hours=5))]
    reading = sla(at(hours=6), resolved_at=at(hours=4, minutes=30), pauses=pauses).resolution
    assert reading.outcome is Outcome.MISSED
    assert reading.due_at == at(hours=4)
    assert reading.time_left == -10 * MIN


def test_open_pause_after_the_deadline_stays_missed() -> None:
    pauses = [Pause(at(hours=4, minutes=10), None)]
    reading = sla(at(hours=5), pauses=pauses).resolution
    assert reading.outcome is Outcome.MISSED
    assert reading.is_paused
    assert reading.time_left == -10 * MIN
    assert reading.due_at == at(hours=4)


def test_overlapping_pauses_are_not_double_counted() -> None:
    pauses = [
        Pause(at(hours=1), at(hours=2)),
        Pause(at(hours=1, minutes=30), at(hours=2, minutes=30)),
        Pause(at(hours=1, minutes=40), at(hours=1, minutes=50)),  # inside both
        Pause(at(hours=1), at(hours=2)),  # the same one twice
    ]
    reading = sla(at(hours=3), pauses=pauses).resolution
    assert reading.paused == 90 * MIN
    assert reading.due_at == at(hours=5, minutes=30)
    assert reading.time_left == 4 * HOUR - (3 * HOUR - 90 * MIN)


def test_pauses_before_notified_are_clipped() -> None:
    partly = [Pause(at(hours=-1), at(minutes=30))]
    reading = sla(at(hours=1), pauses=partly).resolution
    assert reading.paused == 30 * MIN
    assert reading.due_at == at(hours=4, minutes=30)
    wholly = [Pause(at(hours=-2), at(hours=-1))]
    reading = sla(at(hours=1), pauses=wholly).resolution
    assert reading.paused == timedelta(0)
    assert reading.due_at == at(hours=4)


def test_pause_times_in_another_zone() -> None:
    shanghai = timezone(timedelta(hours=8))
    pauses = [Pause(at(hours=1).astimezone(shanghai), at(hours=1, minutes=30).astimezone(shanghai))]
    reading = sla(at(hours=2), pauses=pauses).resolution
    assert reading.due_at == at(hours=4, minutes=30)


def test_stopped_clock_reads_the_same_at_any_time() -> None:
    pauses = [Pause(at(hours=1), None)]
    a = sla(at(hours=3), responded_at=at(minutes=2), resolved_at=at(hours=3), pauses=pauses)
    b = sla(at(hours=30), responded_at=at(minutes=2), resolved_at=at(hours=3), pauses=pauses)
    assert a == b
    # The open pause counts until the stop and no further.
    assert a.resolution.paused == 2 * HOUR
    assert not a.resolution.is_paused
    assert a.resolution.outcome is Outcome.MET


# --- pauses_from_entries ------------------------------------------------------------

INCIDENT_ID = uuid.UUID(int=1)


def _eid(n: int) -> uuid.UUID:
    return uuid.UUID(int=1000 + n)


def pause_entry(n: int, when: datetime, reason: str = "waiting") -> ClockPause:
    return ClockPause(
        id=_eid(n), incident_id=INCIDENT_ID, recorded_at=when, author_id=None, reason=reason
    )


def resume_entry(n: int, when: datetime) -> ClockResume:
    return ClockResume(id=_eid(n), incident_id=INCIDENT_ID, recorded_at=when, author_id=None)


def void_entry(n: int, when: datetime, voided: uuid.UUID) -> Void:
    return Void(
        id=_eid(n),
        incident_id=INCIDENT_ID,
        recorded_at=when,
        author_id=None,
        voided_id=voided,
        reason="mistake",
    )


def test_pauses_pair_in_recorded_order_and_leave_a_trailing_pause_open() -> None:
    entries: list[Entry] = [
        pause_entry(1, at(hours=1), "no access"),
        resume_entry(2, at(hours=1, minutes=30)),
        DiagnosticNote(
            id=_eid(3),
            incident_id=INCIDENT_ID,
            recorded_at=at(hours=1, minutes=45),
            author_id=None,
            text="note",
        ),
        pause_entry(4, at(hours=2), "client at lunch"),
        resume_entry(5, at(hours=2, minutes=20)),
        pause_entry(6, at(hours=3), "waiting for vendor"),
    ]
    expected = [
        Pause(at(hours=1), at(hours=1, minutes=30), "no access"),
        Pause(at(hours=2), at(hours=2, minutes=20), "client at lunch"),
        Pause(at(hours=3), None, "waiting for vendor"),
    ]
    assert pauses_from_entries(entries) == expected
    # The order entries are given in does not matter, only when they were recorded.
    assert pauses_from_entries(list(reversed(entries))) == expected
    assert pauses_from_entries(entries[3:] + entries[:3]) == expected


def test_voided_pause_is_ignored() -> None:
    entries: list[Entry] = [
        pause_entry(1, at(hours=1)),
        resume_entry(2, at(hours=1, minutes=30)),
        void_entry(3, at(hours=1, minutes=40), _eid(1)),
    ]
    # The resume has no pause to end once the pause is voided.
    assert pauses_from_entries(entries) == []


def test_voided_resume_keeps_the_pause_going() -> None:
    entries: list[Entry] = [
        pause_entry(1, at(hours=1)),
        resume_entry(2, at(hours=1, minutes=30)),
        void_entry(3, at(hours=1, minutes=40), _eid(2)),
        resume_entry(4, at(hours=2)),
    ]
    assert pauses_from_entries(entries) == [Pause(at(hours=1), at(hours=2), "waiting")]
    assert pauses_from_entries(entries[:3]) == [Pause(at(hours=1), None, "waiting")]


def test_repeated_pause_and_stray_resume() -> None:
    entries: list[Entry] = [
        resume_entry(1, at(minutes=10)),  # nothing to resume
        pause_entry(2, at(hours=1), "first"),
        pause_entry(3, at(hours=1, minutes=10), "second"),  # already paused
        resume_entry(4, at(hours=2)),
        resume_entry(5, at(hours=2, minutes=5)),  # nothing to resume
    ]
    assert pauses_from_entries(entries) == [Pause(at(hours=1), at(hours=2), "first")]


def test_no_clock_entries_no_pauses() -> None:
    assert pauses_from_entries([]) == []


def test_pauses_from_entries_feed_read_sla() -> None:
    entries: list[Entry] = [
        pause_entry(1, at(hours=1)),
        resume_entry(2, at(hours=1, minutes=30)),
    ]
    reading = sla(at(hours=2), pauses=pauses_from_entries(entries)).resolution
    assert reading.due_at == at(hours=4, minutes=30)


# --- properties ---------------------------------------------------------------------
#
# All times are whole minutes after T0 so that a brute-force model (count the minutes)
# can serve as an independent reference.

PROPS = settings(max_examples=250, deadline=None)

MinutePause = tuple[int, int | None]  # (start, length); length None: still open

targets = st.integers(min_value=1, max_value=24 * 60)
closed_pause = st.tuples(st.integers(-120, 3000), st.integers(0, 600))
any_pause = st.tuples(st.integers(-120, 3000), st.one_of(st.none(), st.integers(0, 600)))
pause_lists = st.lists(any_pause, max_size=5)
closed_pause_lists = st.lists(closed_pause, max_size=5)
instants = st.integers(0, 4000)
stops = st.one_of(st.none(), instants)


def to_pauses(spec: list[MinutePause]) -> list[Pause]:
    return [Pause(at(s), None if n is None else at(s + n)) for s, n in spec]


def read(target: int, spec: list[MinutePause], stop: int | None, now: int) -> ClockReading:
    return read_clock(
        ClockKind.RESOLUTION,
        started_at=T0,
        target=target * MIN,
        stopped_at=None if stop is None else at(stop),
        now=at(now),
        pauses=to_pauses(spec),
    )


def covered_minutes(spec: list[MinutePause], until: int) -> set[int]:
    """Minute slots [m, m+1) in [0, until) covered by a pause; open pauses run to until."""
    covered: set[int] = set()
    for start, length in spec:
        end = until if length is None else start + length
        covered.update(range(max(start, 0), min(end, until)))
    return covered


def ref_active(spec: list[MinutePause], until: int) -> int:
    return until - len(covered_minutes(spec, until))


def ref_due(spec: list[MinutePause], target: int, stop: int | None = None) -> int:
    """First whole minute at which active time reaches target (closed pauses only).

    Pauses after a stop do not count: a stopped clock's deadline is fixed.
    """
    assert all(n is not None for _, n in spec)
    covered = covered_minutes(spec, 10**5 if stop is None else stop)
    active, t = 0, 0
    while active < target:
        if t not in covered:
            active += 1
        t += 1
    return t


@PROPS
@given(
    target=targets,
    spec=pause_lists,
    extra=st.tuples(st.integers(-120, 3000), st.integers(1, 600)),
    stop=stops,
    now=instants,
)
def test_adding_a_pause_never_makes_due_earlier(
    target: int, spec: list[MinutePause], extra: tuple[int, int], stop: int | None, now: int
) -> None:
    without = read(target, spec, stop, now)
    with_extra = read(target, [*spec, extra], stop, now)
    assert without.due_at is not None and with_extra.due_at is not None
    assert with_extra.due_at >= without.due_at
    assert with_extra.time_left is not None and without.time_left is not None
    assert with_extra.time_left >= without.time_left


@PROPS
@given(target=targets, spec=pause_lists, nows=st.lists(instants, min_size=2, max_size=2))
def test_time_left_never_increases_while_running(
    target: int, spec: list[MinutePause], nows: list[int]
) -> None:
    now1, now2 = sorted(nows)
    first = read(target, spec, None, now1)
    second = read(target, spec, None, now2)
    assert first.time_left is not None and second.time_left is not None
    assert second.time_left <= first.time_left


@PROPS
@given(target=targets, spec=pause_lists, stop=instants, now_a=instants, now_b=instants)
def test_stopped_clock_is_met_or_missed_and_ignores_now(
    target: int, spec: list[MinutePause], stop: int, now_a: int, now_b: int
) -> None:
    reading = read(target, spec, stop, now_a)
    active = ref_active(spec, stop)
    assert reading.outcome is (Outcome.MET if active <= target else Outcome.MISSED)
    assert reading.met is (active <= target)
    assert reading.missed is (active > target)
    assert not (reading.met and reading.missed)
    assert reading.time_left == (target - active) * MIN
    assert reading.paused == (stop - active) * MIN
    assert not reading.is_paused
    assert reading.stopped_at == at(stop)
    assert read(target, spec, stop, now_b) == reading


@PROPS
@given(target=targets, spec=pause_lists, now=instants)
def test_running_clock_outcome_matches_the_model(
    target: int, spec: list[MinutePause], now: int
) -> None:
    reading = read(target, spec, None, now)
    active = ref_active(spec, now)
    open_now = any(n is None and s <= now for s, n in spec)
    assert reading.time_left == (target - active) * MIN
    assert reading.paused == (now - active) * MIN
    assert reading.is_paused is open_now
    if active > target:
        assert reading.outcome is Outcome.MISSED
    elif open_now:
        assert reading.outcome is Outcome.PAUSED
        assert reading.due_at == at(now) + reading.time_left
    else:
        assert reading.outcome is Outcome.RUNNING
    assert not reading.met  # only a stopped clock is met


@PROPS
@given(target=targets, spec=closed_pause_lists, stop=stops, now=instants)
def test_due_matches_the_model_with_closed_pauses(
    target: int, spec: list[MinutePause], stop: int | None, now: int
) -> None:
    reading = read(target, spec, stop, now)
    assert reading.due_at == at(ref_due(spec, target, stop))


@PROPS
@given(target=targets, stop=stops, now=instants)
def test_no_pauses_due_is_start_plus_target(target: int, stop: int | None, now: int) -> None:
    reading = read(target, [], stop, now)
    assert reading.due_at == T0 + target * MIN
    assert reading.paused == timedelta(0)
    assert not reading.is_paused


def test_pause_recorded_after_the_stop_does_not_move_the_due_time() -> None:
    before = read_clock(
        ClockKind.RESOLUTION, started_at=T0, target=4 * HOUR, stopped_at=T0 + HOUR, now=T0
    )
    after = read_clock(
        ClockKind.RESOLUTION,
        started_at=T0,
        target=4 * HOUR,
        stopped_at=T0 + HOUR,
        now=T0,
        pauses=[Pause(T0 + 2 * HOUR, T0 + 3 * HOUR)],
    )
    assert after.due_at == before.due_at == T0 + 4 * HOUR
