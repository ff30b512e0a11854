"""A contract's time zone: IANA names checked, offsets stated, unknown names refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain import zones


@pytest.mark.parametrize("name", ["Asia/Shanghai", "Europe/London", "UTC", " Asia/Tokyo "])
def test_known_zones_pass_stripped(name: str) -> None:
    assert zones.check_zone(name) == name.strip()


@pytest.mark.parametrize(
    "name",
    [
        "",  # empty
        "   ",
        "Asia/Beijing",  # not an IANA name (Shanghai is)
        "asia/shanghai",  # names are case-sensitive
        "../../etc/passwd",  # a path, not a zone
        "Europe/" + "x" * 80,  # too long
        "UTC+8",  # an offset, not a zone
    ],
)
def test_anything_else_is_refused_with_a_clear_message(name: str) -> None:
    with pytest.raises(zones.UnknownZone, match="time zone"):
        zones.check_zone(name)


def test_offsets_follow_daylight_saving_at_the_moment_asked() -> None:
    london = zones.zone("Europe/London")
    assert london is not None
    assert zones.utc_offset(london, datetime(2026, 1, 15, tzinfo=UTC)) == "UTC+00:00"
    assert zones.utc_offset(london, datetime(2026, 7, 15, tzinfo=UTC)) == "UTC+01:00"
    shanghai = zones.zone("Asia/Shanghai")
    assert shanghai is not None
    assert zones.describe("Asia/Shanghai", shanghai) == "Asia/Shanghai, UTC+08:00"


def test_unset_or_unknown_zone_reads_as_none() -> None:
    assert zones.zone("") is None
    assert zones.zone("Mars/Olympus_Mons") is None
    assert zones.zone("../x") is None
