"""The store's time column: aware times as UTC text that sorts in time order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.store.types import _FORMAT, UTCDateTime

COLUMN = UTCDateTime()
zones = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
times = st.datetimes(
    min_value=datetime(1001, 1, 2), max_value=datetime(9998, 12, 30), timezones=zones | st.just(UTC)
)


@given(times)
def test_the_stored_text_is_what_it_always_was(value: datetime) -> None:
    # Databases written by every earlier version hold strftime's text: it must not change.
    stored = COLUMN.process_bind_param(value, None)  # type: ignore[arg-type]
    assert stored == value.astimezone(UTC).strftime(_FORMAT)
    back = COLUMN.process_result_value(stored, None)  # type: ignore[arg-type]
    assert back == value


@given(times, times)
def test_text_order_is_time_order(a: datetime, b: datetime) -> None:
    text_a = COLUMN.process_bind_param(a, None)  # type: ignore[arg-type]
    text_b = COLUMN.process_bind_param(b, None)  # type: ignore[arg-type]
    assert text_a is not None and text_b is not None
    assert (text_a < text_b) == (a < b)


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        COLUMN.process_bind_param(datetime(2026, 3, 2, 8, 0), None)  # type: ignore[arg-type]
    assert COLUMN.process_bind_param(None, None) is None  # type: ignore[arg-type]
