"""One rule for how long something took, in words (window, report, statement, console)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.durations import english as _english
from domain.durations import spell


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (timedelta(0), "0 min"),
        (timedelta(seconds=59), "0 min"),  # counted down: never a minute it does not have
        (timedelta(minutes=45), "45 min"),
        (timedelta(hours=4), "4 h"),
        (timedelta(hours=4, minutes=5), "4 h 5 min"),
        (timedelta(hours=23, minutes=59, seconds=59), "23 h 59 min"),
        (timedelta(days=1), "1 d"),
        (timedelta(days=2, hours=3, minutes=59), "2 d 3 h"),
        (timedelta(minutes=-2), "−2 min"),  # time over a target keeps its sign
        (timedelta(hours=-1, minutes=-30), "−1 h 30 min"),
    ],
)
def test_the_two_largest_units_whole_minutes_down(value: timedelta, said: str) -> None:
    assert spell(value, _english) == said
