"""The service's SQLite executemany (:func:`sync.server.bulk.executemany`) stores exactly
what Core's ``session.execute(statement, rows)`` stores, for every statement a push
writes that way: its entries, its feed rows (upserted), its remembered answers."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from domain.ids import new_id
from sync.server import bulk, feed, stream, write
from sync.server.models import Base

_NOW = datetime(2026, 12, 7, 22, 59, 1, 123456, tzinfo=UTC)


def _batches() -> list[tuple[Any, list[dict[str, Any]]]]:
    incident, author, client = new_id(), new_id(), new_id()
    ids = [new_id() for _ in range(5)]
    entries = [
        {
            "id": entry_id,
            "incident_id": incident,
            "kind": "void" if i == 4 else "note",
            "author_id": author if i % 2 else None,
            "recorded_at": _NOW - timedelta(hours=i),
            "received_at": _NOW,
            "position": 7,
            "server_order": 7_000 + i,
            "client_id": client if i < 3 else None,
            "client_seq": i + 1 if i < 3 else None,
            "voided_id": ids[0] if i == 4 else None,
            "sha256": None,
            "seal_verified": None if i < 2 else i % 2 == 0,
            "seal": None,
            "body": '{"kind":"note","text":"机房 \\u0000 ok"}',
        }
        for i, entry_id in enumerate(ids)
    ]
    upsert = feed._upsert_for(sqlite_insert)
    first = [
        {"audience": author, "kind": "entry", "record_id": e, "op": "put", "position": 7}
        for e in ids
    ]
    again = [dict(first[0], op="remove", position=8), dict(first[1], position=9)]
    results = [
        {
            "client_id": client,
            "seq": i + 1,
            "digest": f"{i:064x}",
            "status": "rejected" if i == 1 else "applied",
            "code": "sealed" if i == 1 else None,
            "message": "签过了" if i == 1 else None,
            "explanation": {"why": ["a", 1, None]} if i == 1 else None,
            "current_status": "signed_off" if i == 1 else None,
            "created_at": _NOW,
        }
        for i in range(3)
    ]
    return [
        (write._INSERT_ENTRIES, entries),
        (upsert, first),
        (upsert, again),
        (stream._REMEMBER, results),
    ]


def _written(path: Path, batches: list[tuple[Any, list[dict[str, Any]]]], fast: bool) -> Any:
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        for statement, rows in batches:
            if fast:
                bulk.executemany(session, statement, rows)
            else:
                session.execute(statement, rows)
    engine.dispose()
    with sqlite3.connect(path) as raw:
        return {
            table: raw.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in ("entries", "feed", "mutation_results")
        }


def test_executemany_stores_what_core_stores(tmp_path: Path) -> None:
    batches = _batches()
    dialect = create_engine("sqlite://").dialect
    for statement, rows in batches:  # each one really takes the DB-API path
        assert bulk._plan(statement, dialect, tuple(rows[0])) is not None
    core = _written(tmp_path / "core.db", batches, fast=False)
    ours = _written(tmp_path / "ours.db", batches, fast=True)
    assert core == ours
    assert [len(rows) for rows in core.values()] == [5, 5, 3]
