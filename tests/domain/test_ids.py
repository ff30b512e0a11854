"""Record ids: UUIDv7, unique, strictly increasing within a process, thread-safe."""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from domain import ids
from domain.ids import id_time_ms, new_id


def test_version_7_and_rfc_4122_variant() -> None:
    for _ in range(100):
        value = new_id()
        assert isinstance(value, uuid.UUID)
        assert value.version == 7
        assert value.variant == uuid.RFC_4122
        assert (value.int >> 76) & 0xF == 0x7
        assert (value.int >> 62) & 0b11 == 0b10
        assert str(value)[14] == "7"


def test_ten_thousand_ids_unique_and_strictly_increasing() -> None:
    values = [new_id() for _ in range(10_000)]
    assert len(set(values)) == len(values)
    assert all(a < b for a, b in itertools.pairwise(values))
    # Their text form sorts the same way (lowercase hex, fixed width).
    texts = [str(v) for v in values]
    assert texts == sorted(texts)


def test_id_time_is_close_to_now() -> None:
    before = time.time() * 1000
    value = new_id()
    after = time.time() * 1000
    assert before - 1 <= id_time_ms(value) <= after + 1000
    assert abs(id_time_ms(new_id()) - time.time() * 1000) < 2000


def test_id_time_ms_reads_the_top_48_bits() -> None:
    value = uuid.UUID("01954f6a-1234-7000-8000-000000000000")
    assert id_time_ms(value) == 0x01954F6A1234


def test_ids_from_four_threads_are_unique() -> None:
    per_thread = 2_500
    results: list[list[uuid.UUID]] = [[] for _ in range(4)]
    barrier = threading.Barrier(4)

    def work(out: list[uuid.UUID]) -> None:
        barrier.wait()
        out.extend(new_id() for _ in range(per_thread))

    threads = [threading.Thread(target=work, args=(out,)) for out in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
        assert not t.is_alive()
    everything = [v for out in results for v in out]
    assert len(everything) == 4 * per_thread
    assert len(set(everything)) == len(everything)
    for out in results:  # each thread still sees its own ids in order
        assert all(a < b for a, b in itertools.pairwise(out))


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Replace the clock new_id reads; the test appends the nanosecond times it returns."""
    times: list[int] = []
    monkeypatch.setattr(ids, "time", SimpleNamespace(time_ns=lambda: times.pop(0)))
    monkeypatch.setattr(ids, "_last_ms", 0)
    monkeypatch.setattr(ids, "_seq", 0)
    yield times


def test_ids_keep_increasing_when_the_clock_steps_back(fake_clock: list[int]) -> None:
    base = 1_772_352_000_000  # 2026-03-01 08:00 UTC in ms
    fake_clock.extend(
        ms * 1_000_000 for ms in [base, base + 5, base - 60_000, base - 60_000, base + 1]
    )
    values = [new_id() for _ in range(5)]
    assert all(a < b for a, b in itertools.pairwise(values))
    assert [id_time_ms(v) for v in values] == [base, base + 5, base + 5, base + 5, base + 5]
    assert all(v.version == 7 and v.variant == uuid.RFC_4122 for v in values)


def test_ids_keep_increasing_past_4096_in_one_millisecond(fake_clock: list[int]) -> None:
    base = 1_772_352_000_000
    fake_clock.extend([base * 1_000_000] * 6_000)
    values = [new_id() for _ in range(6_000)]
    assert len(set(values)) == len(values)
    assert all(a < b for a, b in itertools.pairwise(values))
    # The counter ran out, so the time field moved on by a millisecond or two, no more.
    assert id_time_ms(values[0]) == base
    assert base < id_time_ms(values[-1]) <= base + 2
    assert all(v.version == 7 and v.variant == uuid.RFC_4122 for v in values)
