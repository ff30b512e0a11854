"""The service's database: engine, transactions, migrations.

SQLite (one office) runs in WAL mode; a write transaction starts with ``BEGIN
IMMEDIATE``, so writers queue for the lock instead of failing when they upgrade from
reading. PostgreSQL (``postgresql+psycopg://…``) runs writes in READ COMMITTED with
explicit row locks, and a pull's reads in REPEATABLE READ (one snapshot for the page and
its records). Migrations run on start, under an advisory lock on PostgreSQL so that two
processes starting together do not both migrate.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, make_url, select, text
from sqlalchemy.orm import Session, sessionmaker

from sync.server.bulk import forget_stages
from sync.server.live import Changes
from sync.server.models import CounterRow

log = logging.getLogger("fieldbook.server")

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "fieldbook_server_version"
_WRITE = "fieldbook_write"
_MIGRATION_LOCK = 0x46_42_53_56  # "FBSV": the advisory lock key held while migrating


class UnsupportedDatabase(ValueError):
    """The URL names a database the service does not run on."""


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def create_db_engine(url: str, *, pool_size: int = 20) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise UnsupportedDatabase("the service needs an SQLite file, not a memory database")
        engine = create_engine(parsed, pool_size=pool_size, max_overflow=pool_size)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy, not the driver, begins
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            options = conn.get_execution_options()
            if options.get("isolation_level") == "AUTOCOMMIT":
                return
            conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(_WRITE, False) else "BEGIN")

        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            raise UnsupportedDatabase("use postgresql+psycopg://… (psycopg 3)")
        engine = create_engine(
            parsed,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_timeout=15,
            pool_recycle=1800,
            connect_args={"connect_timeout": 10},
        )
        # A failed transaction takes its temporary tables with it (sync.server.bulk).
        event.listen(engine, "rollback", forget_stages)
        return engine
    raise UnsupportedDatabase(f"unsupported database {parsed.get_backend_name()!r}")


class Database:
    """One database for the whole process; every request opens its own transaction."""

    def __init__(self, url: str, *, pool_size: int = 20) -> None:
        self.url = url
        self.engine = create_db_engine(url, pool_size=pool_size)
        self.dialect = self.engine.dialect.name
        self._writer = sessionmaker(
            self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False
        )
        reader = self.engine
        if self.is_postgresql:
            reader = self.engine.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        self._reader = sessionmaker(reader, expire_on_commit=False)
        self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        #: Tells the office's open boards what changed, after each commit (sync.server.live).
        self.changes = Changes(self)

    @property
    def is_postgresql(self) -> bool:
        return self.dialect == "postgresql"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction, committed when the block ends without an exception."""
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def autocommit(self) -> Iterator[Connection]:
        """A connection for one read statement: no BEGIN, no COMMIT round trips."""
        with self._autocommit.connect() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction over one snapshot of the database."""
        with self._reader() as session, session.begin():
            yield session

    def migrate(self) -> None:
        """Bring the schema to the newest revision and make sure the counter row exists."""
        with self.engine.connect() as conn:
            if self.is_postgresql:
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
                conn.commit()
            try:
                current = _revision(conn)
                conn.commit()
                if current != head_revision():
                    log.info("migrating the database from %s to %s", current, head_revision())
                    with conn.execution_options(**{_WRITE: True}).begin():
                        command.upgrade(alembic_config(conn), "head")
                with Session(conn) as session, session.begin():
                    if session.get(CounterRow, 1) is None:
                        session.add(CounterRow(id=1, position=0, epoch=new_epoch()))
            finally:
                if self.is_postgresql:
                    conn.rollback()
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})
                    conn.commit()

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return _revision(conn)

    def epoch(self) -> str:
        with self.read() as session:
            value = session.scalar(select(CounterRow.epoch).where(CounterRow.id == 1))
            if value is None:
                raise RuntimeError("the database has not been migrated")
            return value

    def dispose(self) -> None:
        self.changes.stop()
        self.engine.dispose()


def _revision(conn: Connection) -> str | None:
    return MigrationContext.configure(
        conn, opts={"version_table": VERSION_TABLE}
    ).get_current_revision()


def new_epoch() -> str:
    return uuid.uuid4().hex
