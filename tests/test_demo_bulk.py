"""The demo's bulk writer stores exactly what SQLAlchemy Core's insert stores."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.dialects.sqlite.pysqlcipher import SQLiteDialect_pysqlcipher

from desktop.demo.bulk import ROOMY_CACHE_KIB, TableWriter, _fast_converter, roomy_cache, table_of
from desktop.store.db import Store, open_store
from desktop.store.models import Base, ClientRow, ContractRow, SparePartRow, VanStockRow
from domain.ids import new_id
from domain.records import ActionKind, Priority, Status

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


class _Id(uuid.UUID):
    """An id of a type of its own: converted by its column's type, not the shortcut."""


# Values of every kind the store's columns take, the odd ones too (None, times in other
# zones or without one, ids of a subclass, text for an enum), some of them repeated.
_ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    "on_site",
    "x",
    new_id(),
    _Id(int=5),
    uuid.UUID(int=0),
    uuid.UUID(int=(1 << 128) - 1),
    datetime(2026, 11, 24, 6, 30, 1, 5, tzinfo=UTC),
    datetime(2026, 11, 24, 14, 30, 1, 5, tzinfo=timezone(timedelta(hours=8))),
    datetime(1, 1, 1, tzinfo=UTC),
    (),
    (new_id(), uuid.UUID(int=7)),
    (new_id(), _Id(int=9)),
    [new_id()],
    *Status,
    *ActionKind,
    *Priority,
]


def _column_converters() -> list[tuple[str, Any, Any]]:
    dialect = SQLiteDialect_pysqlcipher()
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            convert = column.type.dialect_impl(dialect).bind_processor(dialect)
            if convert is not None:
                fast = _fast_converter(column, convert)
                if fast is not None:
                    found.append((f"{table.name}.{column.name}", convert, fast))
    return found


_FAST = _column_converters()


def test_the_common_column_types_have_their_shortcut() -> None:
    types = {name.split(".")[1] for name, _, _ in _FAST}
    assert {"id", "recorded_at", "status", "sealed_entry_ids", "out_of_scope"} <= types


@pytest.mark.parametrize(("name", "convert", "fast"), _FAST, ids=[n for n, _, _ in _FAST])
def test_a_whole_column_converts_as_its_type_converts_each_value(
    name: str, convert: Any, fast: Any
) -> None:
    def by_type(values: list[Any]) -> list[Any] | None:
        try:
            return [convert(value) for value in values]
        except Exception:  # the type refuses it: the shortcut must hand it back
            return None

    for value in _ODD_VALUES:
        for column in ([value], [value, value, None], [value] * 3):
            expected = by_type(column)
            got = fast(column)
            # A shortcut that is not sure hands the column back (None) to the type.
            assert got is None or got == expected, (name, column)
    typical = [v for v in _ODD_VALUES if by_type([v]) is not None]
    assert fast(typical) in (None, by_type(typical))


def test_the_roomy_cache_is_given_back_even_after_an_error(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        with store.write() as session:
            connection = session.connection()

            def size() -> int:
                return int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())

            before = size()
            with roomy_cache(session):
                assert size() == -ROOMY_CACHE_KIB != before
            assert size() == before
            with pytest.raises(ZeroDivisionError), roomy_cache(session):
                assert size() == -ROOMY_CACHE_KIB
                _ = 1 / 0
            assert size() == before
    finally:
        store.close()
