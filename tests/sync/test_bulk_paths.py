"""The sync's bulk paths store and send exactly what the row-at-a-time paths did.

A pulled page is written with one ``executemany`` a table (:class:`mapping.BulkInsert`),
its entries read straight into their rows (:class:`desktop.syncing.pulled.PulledEntries`),
not an ORM object a row; a push reads its rows with one query and splices each stored
payload into the body as it is. Here the same office is pulled into two fresh laptops,
one through the bulk path and one through the ORM and Core statements it replaced, and
every table is compared byte for byte; and a push body made from the stored text reads
as the one made from the rows' values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desktop.store import mapping
from desktop.store.models import OutboxRow, OutboxState, SyncStreamRow
from desktop.syncing import engine
from desktop.syncing import push as pushing
from domain.records import Entry
from sync.protocol.records import entry_from_plain
from tests.sync.conftest import World
from tests.sync.laptops import Laptop, require_keyring
from tests.sync.test_round_trip import _everything


@pytest.fixture(autouse=True)
def _keyring() -> None:
    require_keyring()


def _orm_entries(session: Session, values: Sequence[Entry]) -> None:
    """The row-at-a-time way: an ORM object an entry."""
    for value in values:
        session.add(mapping.entry_row(value))
    session.flush()


class _RecordsFirst:
    """The page's new entries read into their records (``entry_from_plain``) and
    inserted as records, as before :class:`desktop.syncing.pulled.PulledEntries`."""

    def __init__(self, _dialect: Any) -> None:
        self.values: list[Entry] = []

    def add(self, data: Any) -> None:
        self.values.append(entry_from_plain(data))

    def write(self, session: Session) -> None:
        mapping.insert_entries(session, self.values)


def _core_write(
    self: mapping.BulkInsert, session: Session, rows: Sequence[Mapping[str, Any]]
) -> None:
    """The statements :class:`mapping.BulkInsert` replaced: Core's own insert."""
    if not rows:
        return
    table = self.table
    if table.name == "entry_placements":
        stmt = sqlite_insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.entry_id],
            set_={
                "server_order": stmt.excluded.server_order,
                "received_at": stmt.excluded.received_at,
            },
        )
        session.execute(stmt, list(rows))
    elif table.name == "sync_seen":
        session.execute(sqlite_insert(table).on_conflict_do_nothing(), list(rows))
    else:
        session.execute(insert(table), list(rows))


def _core_write_columns(
    self: mapping.BulkInsert, session: Session, columns: Sequence[Sequence[Any]]
) -> None:
    """The same, for rows given by column."""
    rows = zip(*columns, strict=True)
    _core_write(self, session, [dict(zip(self._given, row, strict=True)) for row in rows])


#: What differs between two laptops by design: when each pulled, its sign-in, its keys.
_OWN = {"sync_state", "meta", "alembic_version", "sync_streams"}
_WHEN = {"updated_at", "synced_at"}


def _dump(path: Path, laptop: Laptop) -> dict[str, list[tuple[Any, ...]]]:
    raw = laptop.store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        tables = [r[0] for r in cursor.fetchall() if r[0] not in _OWN]
        dumped = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}" LIMIT 0')
            names = [d[0] for d in cursor.description if d[0] not in _WHEN]
            columns = ", ".join(f'"{n}"' for n in names)
            cursor.execute(f'SELECT {columns} FROM "{table}" ORDER BY {columns}')
            dumped[table] = [tuple(row) for row in cursor.fetchall()]
        return dumped
    finally:
        raw.close()


def test_a_bulk_pull_stores_what_the_row_at_a_time_pull_stored(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Laptop(tmp_path / "first", world.backend.url)
    bulk = Laptop(tmp_path / "bulk", world.backend.url)
    rows = Laptop(tmp_path / "rows", world.backend.url)
    try:
        first.login(f"a-{world.tag}")
        first.sync()
        _everything(first, world, tmp_path)
        assert first.sync().complete

        bulk.login(f"a-{world.tag}")
        assert bulk.sync(pull_limit=7).complete
        with monkeypatch.context() as patched:
            patched.setattr(engine, "PulledEntries", _RecordsFirst)
            patched.setattr(mapping, "insert_entries", _orm_entries)
            patched.setattr(mapping.BulkInsert, "write", _core_write)
            patched.setattr(mapping.BulkInsert, "write_columns", _core_write_columns)
            rows.login(f"a-{world.tag}")
            assert rows.sync(pull_limit=7).complete

        by_bulk, by_rows = _dump(tmp_path, bulk), _dump(tmp_path, rows)
        assert by_bulk.keys() == by_rows.keys()
        for table in by_bulk:
            assert by_bulk[table] == by_rows[table], table
        assert len(by_bulk["entries"]) >= 20
        assert len(by_bulk["entry_placements"]) == len(by_bulk["entries"])
    finally:
        first.close()
        bulk.close()
        rows.close()


def test_a_push_body_spliced_from_stored_text_reads_as_one_made_from_values(
    world: World, tmp_path: Path
) -> None:
    laptop = Laptop(tmp_path / "laptop", world.backend.url)
    try:
        signed_in = laptop.login(f"a-{world.tag}")
        owner = signed_in.user_id
        laptop.sync()
        _everything(laptop, world, tmp_path)
        # The new way: one query, the stored payload text spliced in, numbers written.
        client_id, outgoing = pushing._next_rows(laptop.store, owner, None)
        spliced, count = pushing.push_body(client_id, outgoing)
        # The old way: ORM rows (their values dumped again) under the same numbers.
        with laptop.store.read() as s:
            orm_rows = list(
                s.scalars(
                    select(OutboxRow)
                    .where(OutboxRow.state == OutboxState.PENDING)
                    .order_by(OutboxRow.seq)
                )
            )
            valued, valued_count = pushing.push_body(client_id, orm_rows)
        assert count == valued_count == len(orm_rows) == len(outgoing) > 20
        assert json.loads(spliced) == json.loads(valued)
        assert [r.wire_seq for r in orm_rows] == list(range(1, count + 1))
        assert {r.client_id for r in orm_rows} == {client_id}

        assert laptop.sync().complete
        with laptop.store.read() as s:
            after = list(s.scalars(select(OutboxRow).order_by(OutboxRow.seq)))
            stream = s.get_one(SyncStreamRow, owner)
            assert (stream.client_id, stream.last_seq, stream.acked) == (
                client_id,
                count,
                count,
            )
        mine = [r for r in after if r.seq in {o.seq for o in orm_rows}]
        assert [(r.client_id, r.wire_seq, r.state, r.payload) for r in mine] == [
            (client_id, n, OutboxState.APPLIED, {}) for n in range(1, count + 1)
        ]
    finally:
        laptop.close()
