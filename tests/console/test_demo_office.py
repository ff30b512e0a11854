"""The demo office: history worked through the rules, a queue with clocks in every state,
and a laptop that signs in to it gets its technician's share, as the office shows it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.records import Status
from domain.seal import split_sealed
from sync.server import demo
from sync.server import record as records_of
from sync.server.console.board import Filters, read_board
from sync.server.db import Database
from sync.server.models import IncidentRow, UserRow
from sync.server.office import Office
from tests.sync.conftest import ServerProcess
from tests.sync.laptops import Laptop, require_keyring


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    tmp = tmp_path_factory.mktemp("demo-office")
    url = f"sqlite:///{tmp / 'demo.db'}"
    db = Database(url, pool_size=2)
    db.migrate()
    demo.seed(Office(db), incidents=24)
    db.dispose()
    server = ServerProcess(url, tmp / "server.log")
    try:
        yield server
    finally:
        server.stop()


def test_the_history_holds_every_outcome_and_every_seal_verifies(
    demo_server: ServerProcess,
) -> None:
    db = Database(demo_server.db_url, pool_size=1)
    try:
        with db.read() as s:
            rows = s.scalars(select(IncidentRow)).all()
            statuses = Counter(r.status for r in rows)
            assert len(rows) == 24 + len(demo.TODAY)
            assert statuses[Status.CLOSED] > 10
            signed = [r for r in rows if r.status in (Status.CLOSED, Status.SIGNED_OFF)]
            for row in signed:
                record = records_of.load(s, row.id, demo_server_now(db))
                sealed = split_sealed(record.detail.incident, record.detail.entries)
                assert sealed is not None and sealed.intact, row.number
            board = read_board(s, Filters(), demo_server_now(db), timedelta(minutes=30))
        states = Counter(
            clock.state for row in board.rows for clock in (row.response, row.resolution)
        )
        for state in ("running", "soon", "missed", "paused", "met"):
            assert states[state] > 0, (state, states)
        assert board.unassigned > 0 and any(row.stale for row in board.rows)
    finally:
        db.dispose()


def demo_server_now(db: Database) -> datetime:
    del db
    return datetime.now(UTC)


def test_a_laptop_signing_in_gets_its_technicians_share(
    demo_server: ServerProcess, tmp_path: Path
) -> None:
    require_keyring()
    laptop = Laptop(tmp_path / "laptop", demo_server.url)
    db = Database(demo_server.db_url, pool_size=1)
    try:
        laptop.login("demo", demo.PASSWORD)
        assert laptop.sync().complete
        with db.read() as s:
            me = s.scalars(select(UserRow.id).where(UserRow.username == "demo")).one()
            theirs = set(s.scalars(select(IncidentRow.id).where(IncidentRow.assigned_to == me)))
            everyone = set(s.scalars(select(IncidentRow.id)))
        assert theirs and laptop.incident_ids() == theirs != everyone
        for incident in theirs:
            with db.read() as s:
                row = s.get(IncidentRow, incident)
                assert row is not None
                assert laptop.status(incident) == row.status.value
    finally:
        laptop.close()
        db.dispose()
