"""Hardware swaps: the serial rule, every refusal at once, and a part straight from the van."""

from __future__ import annotations

import pytest

from desktop.store.db import Store
from desktop.usecases import parts, queries, work
from desktop.usecases.errors import InvalidValue, Refusals
from domain.records import HardwareSwap, PartUsage
from domain.serials import clean_serial, serial_problem
from tests.conftest import Office


def swap(store: Store, office: Office, **changes: object) -> None:
    fields: dict[str, object] = {
        "removed_part": "32GB DIMM",
        "removed_serial": "S1AB23",
        "installed_part": "32GB DIMM",
        "installed_serial": "S9ZZ99",
        "temporary": False,
    }
    fields.update(changes)
    work.record_swap(store, office.incident_id, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("S1AB23\r\n", "S1AB23"),  # a scanner's Enter
        ("S1AB23\t", "S1AB23"),  # a scanner's Tab
        ("  2102311TYBN0KA000123 ", "2102311TYBN0KA000123"),
        ("ＳＮ１２３４", "SN1234"),  # typed with a Chinese input method (full width)
        ("WD-WCC4N1234567", "WD-WCC4N1234567"),
        ("00:de:fb:12:3a:4c", "00:de:fb:12:3a:4c"),
        ("CN/0T4.7_X", "CN/0T4.7_X"),
    ],
)
def test_what_a_scanner_adds_is_dropped_and_the_rest_kept(typed: str, kept: str) -> None:
    assert clean_serial(typed) == kept
    assert serial_problem(kept) is None


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("S1AB\t23", "U+0009"),  # a tab inside
        ("<S1AB23>", "“<” “>”"),
        ("S1AB23✓", "“✓”"),
        ("序列号123", "“序”"),
        ("S1 AB23", "“ ”"),
    ],
)
def test_serials_with_characters_outside_the_rule_are_refused(
    store: Store, office: Office, typed: str, shown: str
) -> None:
    with pytest.raises(InvalidValue) as err:
        swap(store, office, removed_serial=typed)
    assert err.value.field == "removed_serial"
    assert "only letters A–Z, digits 0–9 and - . / _ :" in str(err.value)
    assert shown in str(err.value)
    assert queries.incident_detail(store, office.incident_id).entries == []


@pytest.mark.parametrize("typed", ["S1", "X" * 65])
def test_serials_of_the_wrong_length_are_refused(store: Store, office: Office, typed: str) -> None:
    with pytest.raises(InvalidValue) as err:
        swap(store, office, installed_serial=typed)
    assert err.value.field == "installed_serial"
    assert f"must be 3 to 64 characters long (it has {len(typed)})" in str(err.value)


def test_every_invalid_field_is_refused_at_once(store: Store, office: Office) -> None:
    with pytest.raises(Refusals) as err:
        swap(store, office, removed_part="  ", removed_serial="<x>", installed_serial="✓")
    fields = [e.field for e in err.value.errors]
    assert fields == ["removed_part", "removed_serial", "installed_serial"]
    assert queries.incident_detail(store, office.incident_id).entries == []


def test_a_part_from_the_van_is_one_step_and_the_stock_follows(
    store: Store, office: Office
) -> None:
    before = {line.part_id: line.available for line in parts.stock(store)}
    changed = work.record_swap(
        store,
        office.incident_id,
        removed_part="32GB DIMM (failed)",
        removed_serial="S1AB23",
        installed_part="",
        installed_serial="S9ZZ99",
        temporary=True,
        from_van="dimm-32g-ddr4",
    )
    assert changed.stock
    detail = queries.incident_detail(store, office.incident_id)
    [swapped] = [e for e in detail.entries if isinstance(e, HardwareSwap)]
    [used] = [e for e in detail.entries if isinstance(e, PartUsage)]
    assert swapped.installed_part == "DIMM-32G-DDR4 32 GB RDIMM"  # named by the catalogue
    assert (used.part_id, used.quantity) == (office.part_id, 1)
    after = {line.part_id: line.available for line in parts.stock(store)}
    assert after[office.part_id] == before[office.part_id] - 1


def test_a_van_part_the_van_does_not_hold_refuses_the_whole_swap(
    store: Store, office: Office
) -> None:
    with pytest.raises(InvalidValue) as err:
        swap(store, office, from_van="PSU-1100W")
    assert err.value.field == "from_van"
    assert "Only 0 of PSU-1100W" in str(err.value)
    assert queries.incident_detail(store, office.incident_id).entries == []


def test_an_unknown_van_part_is_refused(store: Store, office: Office) -> None:
    with pytest.raises(InvalidValue) as err:
        swap(store, office, from_van="NOPE-1")
    assert err.value.field == "from_van" and "NOPE-1" in str(err.value)


def test_the_catalogue_lists_every_part_with_what_the_van_holds(
    store: Store, office: Office
) -> None:
    items = {item.part_number: item for item in parts.catalogue(store)}
    assert items["DIMM-32G-DDR4"].available == 3
    assert items["PSU-1100W"].available == 0
    assert items["DIMM-32G-DDR4"].name == "DIMM-32G-DDR4 32 GB RDIMM"


def test_a_temporary_part_is_listed_until_a_later_swap_takes_it_out(
    store: Store, office: Office
) -> None:
    swap(store, office, installed_serial="LOAN7", temporary=True)
    [loaned] = queries.temporary_swaps(store)
    assert loaned.installed_serial == "LOAN7"
    # The client's own part comes back: the loan part is the one removed now.
    swap(store, office, removed_serial="loan7", installed_serial="S1AB24", temporary=False)
    assert queries.temporary_swaps(store) == []


def test_the_parts_to_collect_are_those_the_rule_finds_among_every_swap(
    store: Store, office: Office
) -> None:
    """The stock page reads only the swaps that bear on the answer (the temporary ones and
    those that removed a serial one of them installed): the same answer as the rule over
    every live swap, with removals before a loan, voided ones, other cases and spaces,
    and swaps of unrelated serials around them."""
    import random

    from sqlalchemy import select

    from desktop.store import mapping
    from desktop.store.models import SwapRow, VoidRow
    from desktop.usecases import void
    from desktop.usecases.common import local_ranks, placements
    from domain.swaps import still_installed

    pick = random.Random(16)
    pool = ["LOAN1", "loan1 ", "LOAN2", "Loan3", "S1AB23", "S9ZZ99", "OTHER4", "OTHER5"]
    for n in range(60):
        removed = pick.choice(pool)
        others = [p for p in pool if p.strip().casefold() != removed.strip().casefold()]
        changed = work.record_swap(
            store,
            office.incident_id,
            removed_part="DIMM",
            removed_serial=removed,
            installed_part="DIMM",
            installed_serial=pick.choice(others) if n % 7 else f"UNRELATED{n}",
            temporary=pick.random() < 0.4,
        )
        if pick.random() < 0.1:
            void.void_entry(store, changed.entry_ids[0], "typed on the wrong incident")

    with store.read() as session:
        rows = session.scalars(
            select(SwapRow).where(SwapRow.id.not_in(select(VoidRow.voided_id)))
        ).all()
        ids = [r.id for r in rows]
        every = [mapping.entry(r) for r in rows]
        expected = still_installed(
            [e for e in every if isinstance(e, HardwareSwap)],
            placements(session, ids),
            local_ranks(session, ids),
        )
    found = queries.temporary_swaps(store)
    assert [s.entry_id for s in found] == [e.id for e in expected]
    assert 0 < len(found) < len(ids)  # the case is not empty, nor everything
