""" "Most urgent first": priority-weighted time left, the worked examples of its docstring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.records import Priority
from domain.sla import ClockKind, ClockReading, Pause, read_clock, urgency

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)
TARGETS = {Priority.P1: 5 * MIN, Priority.P2: 15 * MIN, Priority.P3: HOUR, Priority.P4: 4 * HOUR}


def response(priority: Priority, left: timedelta, *, paused: bool = False) -> ClockReading:
    """A clock of ``priority`` read at NOW with ``left`` to go (negative: breached); with
    ``paused``, the client has held it up for the last minute."""
    target = TARGETS[priority]
    held = MIN if paused else timedelta(0)
    return read_clock(
        ClockKind.RESOLUTION,
        started_at=NOW - (target - left) - held,
        target=target,
        stopped_at=None,
        now=NOW,
        pauses=[Pause(NOW - MIN, None)] if paused else [],
    )


def order(*items: tuple[str, Priority, ClockReading | None, bool]) -> list[str]:
    keyed = [
        (
            urgency(is_open=is_open, priority=p, clock=c, notified_at=NOW - HOUR, number=name),
            name,
        )
        for name, p, c, is_open in items
    ]
    return [name for _, name in sorted(keyed)]


def test_a_p1_about_to_breach_comes_before_a_p2_breached_long_ago() -> None:
    # The defect of issue 15: pure time left put the breached P2 on top.
    assert order(
        ("P2 breached 3 h ago", Priority.P2, response(Priority.P2, -3 * HOUR), True),
        ("P1 1 min left", Priority.P1, response(Priority.P1, MIN), True),
    ) == ["P1 1 min left", "P2 breached 3 h ago"]


def test_breached_clocks_rank_as_thirty_weighted_minutes() -> None:
    assert order(
        ("P2 breached", Priority.P2, response(Priority.P2, -3 * HOUR), True),
        ("P2 20 min left", Priority.P2, response(Priority.P2, 20 * MIN), True),
        ("P1 breached 2 min ago", Priority.P1, response(Priority.P1, -2 * MIN), True),
        ("P2 10 min left", Priority.P2, response(Priority.P2, 10 * MIN), True),
    ) == ["P2 10 min left", "P1 breached 2 min ago", "P2 20 min left", "P2 breached"]


def test_equal_weighted_time_goes_to_the_higher_priority() -> None:
    assert order(
        ("P2 30 min left", Priority.P2, response(Priority.P2, 30 * MIN), True),
        ("P1 1 h left", Priority.P1, response(Priority.P1, HOUR), True),
    ) == ["P1 1 h left", "P2 30 min left"]


def test_among_breached_clocks_of_one_priority_the_longest_breached_first() -> None:
    assert order(
        ("recent", Priority.P1, response(Priority.P1, -MIN), True),
        ("long ago", Priority.P1, response(Priority.P1, -2 * HOUR), True),
    ) == ["long ago", "recent"]


def test_a_p4_with_days_left_never_outranks_a_breached_p1() -> None:
    assert order(
        ("P4 3 h left", Priority.P4, response(Priority.P4, 3 * HOUR), True),
        ("P1 breached", Priority.P1, response(Priority.P1, -5 * HOUR), True),
    ) == ["P1 breached", "P4 3 h left"]


def test_paused_then_stopped_then_finished_come_after_running_clocks() -> None:
    stopped = read_clock(
        ClockKind.RESPONSE, started_at=NOW - HOUR, target=5 * MIN, stopped_at=NOW, now=NOW
    )
    assert order(
        ("finished", Priority.P1, None, False),
        ("stopped", Priority.P1, stopped, True),
        ("paused 1 min left", Priority.P1, response(Priority.P1, MIN, paused=True), True),
        ("P4 3 h left", Priority.P4, response(Priority.P4, 3 * HOUR), True),
    ) == ["P4 3 h left", "paused 1 min left", "stopped", "finished"]


def test_no_target_ranks_with_the_stopped_clocks() -> None:
    no_target = read_clock(
        ClockKind.RESPONSE, started_at=NOW - HOUR, target=None, stopped_at=None, now=NOW
    )
    key = urgency(is_open=True, priority=Priority.P3, clock=no_target, notified_at=NOW, number="X")
    assert key[0] == 2
