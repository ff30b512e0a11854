"""The fieldbook-server command line, the demo office, and migrations matching the models."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from sync.server import demo
from sync.server.cli import main
from sync.server.db import VERSION_TABLE, Database, head_revision
from sync.server.models import Base, EntryRow, FeedRow, IncidentRow, UserRow
from tests.sync.conftest import Backend


def test_the_migrations_match_the_models(backend: Backend) -> None:
    with backend.db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "version_table": VERSION_TABLE}
        )
        assert context.get_current_revision() == head_revision()
        assert compare_metadata(context, Base.metadata) == []


def _run(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> dict[str, object]:
    assert main(["--db", db, "--log-level", "WARNING", *args]) == 0
    out = capsys.readouterr().out.strip()
    value: dict[str, object] = json.loads(out) if out else {}
    return value


def test_the_office_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'office.db'}"
    monkeypatch.setenv("FIELDBOOK_PASSWORD", "s3cret")
    tech = _run(capsys, db, "add-technician", "zhang.wei", "--name", "张伟")["id"]
    _run(capsys, db, "add-technician", "other")
    _run(capsys, db, "add-dispatcher", "desk")
    client = _run(capsys, db, "add-client", "深圳海港物流", "--language", "zh")["id"]
    _run(
        capsys,
        db,
        "add-contract",
        str(client),
        "EMA-9",
        "--target",
        "P1=5/240",
        "--target",
        "P4=-/-",
        "--pause-allowed",
    )
    system = _run(capsys, db, "add-system", "EMA-9", "核心交换机", "--category", "network")["id"]
    _run(capsys, db, "add-part", "SFP-10G", "10G optic")
    _run(capsys, db, "set-stock", "zhang.wei", "SFP-10G", "5")
    incident = _run(
        capsys,
        db,
        "add-incident",
        "EMA-9",
        "INC-9",
        "交换机宕机",
        "--priority",
        "P1",
        "--system",
        str(system),
        "--assign",
        "zhang.wei",
    )["id"]
    _run(capsys, db, "assign", "INC-9", "other")
    _run(capsys, db, "assign", "INC-9", "zhang.wei")
    epoch = _run(capsys, db, "new-epoch")["epoch"]
    database = Database(db, pool_size=1)
    try:
        with database.read() as s:
            row = s.get(IncidentRow, uuid.UUID(str(incident)))
            assert row is not None
            assert str(row.assigned_to) == tech
            user = s.scalars(select(UserRow).where(UserRow.username == "zhang.wei")).one()
            assert user.name == "张伟"
            assert user.password_hash.startswith("scrypt$") and "s3cret" not in user.password_hash
            kinds = set(
                s.scalars(
                    select(FeedRow.kind).where(FeedRow.audience == user.id, FeedRow.op == "put")
                )
            )
            assert kinds == {
                "technician",
                "client",
                "contract",
                "system",
                "part",
                "van_stock",
                "incident",
                "entry",  # the reassignments, in the incident's history
            }
            history = s.scalars(
                select(EntryRow.kind)
                .where(EntryRow.incident_id == row.id)
                .order_by(EntryRow.server_order)
            ).all()
            assert history == ["assignment", "assignment"]
        assert database.epoch() == epoch
    finally:
        database.dispose()
    assert main(["--db", db, "add-technician", "zhang.wei"]) == 2  # exists already
    assert main(["--db", db, "add-contract", "nobody", "X-1"]) == 2
    assert main(["--db", db, "add-contract", str(client), "X-2", "--target", "P9=1/2"]) == 2
    assert "exists already" in capsys.readouterr().err


def test_the_demo_office(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    seeded = _run(capsys, db, "demo", "--incidents", "12")
    assert seeded["seeded"] is True
    assert _run(capsys, db, "demo", "--if-empty") == {"seeded": False}
    assert main(["--db", db, "demo"]) == 2
    database = Database(db, pool_size=1)
    try:
        with database.read() as s:
            names = set(s.scalars(select(UserRow.username)))
            assert {"demo", "li.na", "dispatch"} <= names
            numbers = set(s.scalars(select(IncidentRow.number)))
            assert len(numbers) == 12 + len(demo.TODAY)  # the history, and today's queue
    finally:
        database.dispose()


def test_an_unsupported_database_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "mysql://x@localhost/y", "migrate"]) == 2
    assert main(["--db", "sqlite://", "migrate"]) == 2
    assert "fieldbook-server:" in capsys.readouterr().err
