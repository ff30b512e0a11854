"""The soak (bench/soak.py), short: laptops through a lossy network to two instances of
the service on one PostgreSQL, one restarted halfway; every note counted, exactly."""

from __future__ import annotations

from pathlib import Path

from bench.soak import run


def test_a_short_soak_loses_and_doubles_nothing(pg_url: str, tmp_path: Path) -> None:
    result = run(
        pg_url,
        laptops=3,
        mutations=30,
        batch=10,
        faults=0.1,
        seed=11,
        folder=tmp_path,
        say=lambda _: None,
    )
    assert result["wrong"] == []
    assert result["service_notes"] == result["fresh_laptop_notes"] == 3 * 30
    assert sum(result["faults"].values()) > 0  # the network really was lossy
