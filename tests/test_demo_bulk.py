"""The demo's bulk writer stores exactly what SQLAlchemy Core's insert stores."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from desktop.demo.bulk import TableWriter, table_of
from desktop.store.db import Store, open_store
from desktop.store.models import ClientRow, ContractRow, SparePartRow, VanStockRow
from domain.ids import new_id
from domain.records import ActionKind

CLIENT, OTHER, PART = new_id(), new_id(), new_id()
CLIENTS: list[dict[str, Any]] = [
    {"id": CLIENT, "name": "上海华东医疗集团", "language": "zh", "address": "漕溪北路 398 号"},
    {"id": OTHER, "name": "Northwind Trading Ltd.", "language": "en", "address": ""},
]
# pause_allowed left out: its default (False) applies, as with Core.
CONTRACTS: list[dict[str, Any]] = [
    {
        "id": new_id(),
        "client_id": client,
        "number": number,
        "exclusions": sorted(k.value for k in (ActionKind.ROUTINE_UPGRADE, ActionKind.TEST)),
    }
    for client, number in ((CLIENT, "EMA-1"), (OTHER, "EMA-2"), (OTHER, "EMA-3"))
]
STOCK: list[dict[str, Any]] = [
    {"part_id": PART, "on_hand": 3, "as_of": datetime(2026, 11, 24, 6, 30, 1, 5, tzinfo=UTC)}
]


def _dump(store: Store, table: str) -> list[tuple[Any, ...]]:
    conn = store.engine.raw_connection()
    try:
        cursor = conn.cursor()
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
        return [tuple(row) for row in cursor.fetchall()]
    finally:
        conn.close()


@pytest.fixture
def stores(tmp_path: Path):
    core, ours = open_store(tmp_path / "core"), open_store(tmp_path / "ours")
    yield core, ours
    core.close()
    ours.close()


def test_rows_are_stored_as_core_stores_them(stores: tuple[Store, Store]) -> None:
    core, ours = stores
    tables = [(ClientRow, CLIENTS), (ContractRow, CONTRACTS)]
    parts = [{"id": PART, "part_number": "02351LWK", "description": "SSD"}]
    tables += [(SparePartRow, parts), (VanStockRow, STOCK)]
    with core.write() as session:
        for cls, rows in tables:
            session.execute(insert(table_of(cls)), rows)
    with ours.write() as session:
        dialect = session.get_bind().dialect
        for cls, rows in tables:
            TableWriter(table_of(cls), dialect, list(rows[0])).write(session, rows)
    for cls, _ in tables:
        name = table_of(cls).name
        assert _dump(ours, name) == _dump(core, name), name
    assert [row[3] for row in _dump(ours, "contracts")] == [0, 0, 0]  # pause_allowed's default


def test_a_shared_value_is_converted_once_and_repeated_values_alike(
    stores: tuple[Store, Store],
) -> None:
    _, ours = stores
    calls: list[object] = []
    with ours.write() as session:
        writer = TableWriter(table_of(ContractRow), session.get_bind().dialect, list(CONTRACTS[0]))
    exclusions = CONTRACTS[0]["exclusions"]
    rows = [{**row, "exclusions": exclusions} for row in CONTRACTS]
    convert = writer._convert  # count the conversions of the exclusions column
    index = writer._names.index("exclusions")
    inner = convert[index]
    assert inner is not None

    def counting(value: object) -> object:
        calls.append(value)
        return inner(value)

    convert[index] = counting
    parameters = writer.parameters(rows)
    assert len(calls) == 1  # the same list in each row: converted once
    assert len({p[index] for p in parameters}) == 1
    assert [p[writer._names.index("number")] for p in parameters] == ["EMA-1", "EMA-2", "EMA-3"]
