"""Opening a data folder: the SQLite database, its migrations, its blobs.

Every connection runs with WAL, ``synchronous=FULL`` (a commit the app reported is on
disk, even if the laptop loses power) and foreign keys on. Writes take the write lock at
``BEGIN IMMEDIATE``, so two processes on one folder queue up instead of failing half-way.
Before a migration changes an existing database, a copy goes to ``backups/``.

Time: :meth:`Store.now` is the laptop's clock corrected by how far it was off the central
service's at the last sync (laptop clocks are wrong by hours in the field). Everything
the technician records is stamped with it, so times agree with the office's.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, exc, select, text
from sqlalchemy.orm import Session, sessionmaker

from desktop.private import private_dir, private_file, tighten
from desktop.store import cipher
from desktop.store.blobs import BlobStore
from desktop.store.errors import StoreError, environment_error
from desktop.store.models import MetaRow
from domain.ids import new_id
from domain.messages import QT_TRANSLATE_NOOP, Message

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("fieldbook.store")

DB_NAME = "fieldbook.db"
MIGRATIONS = Path(__file__).with_name("migrations")
BACKUPS_KEPT = 5
_WRITE = "fieldbook_write"

# The newest migration. Opening a folder already at this revision skips Alembic (whose
#: import alone costs a third of a second at every start); tests check it is the head.
SCHEMA_HEAD = "0009_at_rest"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The head according to the migration scripts (slow: imports Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def create_sqlite_engine(path: Path, key: bytes | None = None) -> Engine:
    """An engine on the database at ``path``: encrypted by SQLCipher under ``key`` (raw
    32 bytes), or plain without one (tests writing an older Fieldbook's folder)."""
    # hide_parameters: an error's text (logged) never carries the client's words.
    if key is None:
        engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    else:
        from sqlalchemy.engine import URL
        from sqlalchemy.pool import QueuePool

        url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(path))
        # QueuePool as for a plain file (the dialect's default is one connection per
        # thread, which the window's background threads would multiply).
        engine = create_engine(url, hide_parameters=True, poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        # Deleted rows (a purged incident, a pruned payload) are overwritten, not left in
        # free pages for anyone reading the file.
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _system_clock() -> datetime:
    return datetime.now(UTC)


#: The meta key of the laptop clock's offset from the service's, in microseconds.
CLOCK_OFFSET_KEY = "clock_offset_us"


class Store:
    """One open data folder. Cheap to share; every method opens its own transaction."""

    def __init__(
        self,
        data_dir: Path,
        engine: Engine,
        local_clock: Callable[[], datetime] = _system_clock,
        key: bytes | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.key = key
        self.local_clock = local_clock
        self._offset: timedelta | None = None
        self.blobs = BlobStore(data_dir / "blobs", key)
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(
            engine.execution_options(**{_WRITE: True}), expire_on_commit=False
        )

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back on error."""
        with self._guard(), self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read transaction: one consistent snapshot of the store."""
        with self._guard(), self._reader() as session, session.begin():
            yield session

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except exc.DBAPIError as error:
            translated = environment_error(error, self.data_dir)
            if translated is None:
                raise
            log.warning("storage problem: %s (%s)", translated, type(error.orig).__name__)
            raise translated from error

    def now(self) -> datetime:
        """The time now, by the laptop's clock corrected to the service's (see module)."""
        if self._offset is None:
            value = self.get_meta(CLOCK_OFFSET_KEY)
            self._offset = timedelta(microseconds=int(value)) if value else timedelta(0)
        return self.local_clock() + self._offset

    def forget_cached(self) -> None:
        """Read again what is cached from the database (the clock's offset), for a store
        kept open while other processes write (the command agent)."""
        self._offset = None

    @property
    def clock_offset(self) -> timedelta:
        """How far the service's clock is ahead of this laptop's (at the last sync)."""
        self.now()
        assert self._offset is not None
        return self._offset

    def set_clock_offset(self, session: Session, offset: timedelta) -> None:
        """Remember ``offset`` (the service's clock minus the laptop's), in ``session``."""
        self.set_meta(session, CLOCK_OFFSET_KEY, str(offset // timedelta(microseconds=1)))
        self._offset = offset

    def get_meta(self, key: str) -> str | None:
        with self.read() as session:
            return session.scalar(select(MetaRow.value).where(MetaRow.key == key))

    def set_meta(self, session: Session, key: str, value: str) -> None:
        session.merge(MetaRow(key=key, value=value))

    @property
    def client_id(self) -> uuid.UUID:
        """This install's identity towards the central service (made on first open)."""
        value = self.get_meta("client_id")
        assert value is not None, "client_id is set when the store is opened"
        return uuid.UUID(value)

    @property
    def technician_id(self) -> uuid.UUID | None:
        value = self.get_meta("technician_id")
        return uuid.UUID(value) if value else None

    def revision(self) -> str | None:
        """The schema revision of the database, ``None`` for a new one."""
        with self.engine.connect() as conn:
            table = conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
            ).scalar()
            if table is None:
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def close(self) -> None:
        self.engine.dispose()


def open_store(
    data_dir: Path,
    *,
    migrate: bool = True,
    local_clock: Callable[[], datetime] = _system_clock,
    prompt: cipher.Prompt | None = None,
    use_keyring: bool = True,
) -> Store:
    """Open (creating if needed) the data folder ``data_dir`` and bring its schema to head.

    The database is encrypted (:mod:`desktop.store.cipher`): its key comes from the OS
    keyring, or from a passphrase (``$FIELDBOOK_PASSPHRASE``, else ``prompt``). A plain
    database an older Fieldbook left is encrypted in place first.

    ``local_clock``: the laptop's own clock (tests give laptops clocks hours apart).
    """
    db = data_dir / DB_NAME
    try:
        tighten(data_dir)
        key = cipher.store_key(data_dir, prompt, use_keyring=use_keyring)

        def seal_files() -> None:
            BlobStore(data_dir / "blobs", key).seal_plain()
            from desktop.drafts import DraftStore

            DraftStore(data_dir, key).seal_plain()

        cipher.finish_interrupted(data_dir, key, seal_files)
        if cipher.is_plain(db):
            cipher.convert_plain(data_dir, key, seal_files)
        # SQLite gives -wal and -shm the database file's permissions: make it 0600 first.
        private_file(db)
        if cipher.has_data(db):
            cipher.check_key(db, key, data_dir)
    except OSError as error:
        raise StoreError(_folder_message(data_dir, error.strerror or str(error))) from error
    engine = create_sqlite_engine(db, key)
    store = Store(data_dir, engine, local_clock, key)
    try:
        with store._guard():
            if migrate:
                _migrate(store)
            _ensure_identity(store)
    except BaseException:
        engine.dispose()
        raise
    return store


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return any(script.revision == revision for script in scripts.walk_revisions())


def _folder_message(path: Path, reason: str) -> Message:
    return Message(
        "StoreError",
        QT_TRANSLATE_NOOP("StoreError", "Cannot use the data folder {path}: {reason}"),
        {"path": str(path), "reason": reason},
    )


def _migrate(store: Store) -> None:
    current = store.revision()
    if current == SCHEMA_HEAD:
        return
    from alembic import command

    head = head_revision()
    if current is not None and not _known_revision(current):
        raise StoreError(
            Message(
                "StoreError",
                QT_TRANSLATE_NOOP(
                    "StoreError",
                    "The data folder {path} was written by a newer Fieldbook "
                    "(schema {revision}). Update Fieldbook to open it; nothing was changed.",
                ),
                {"path": str(store.data_dir), "revision": current},
            )
        )
    if current is not None:
        backup = _backup(store, current)
        log.info("upgrading %s from %s to %s (backup: %s)", store.db_path, current, head, backup)
    else:
        log.info("creating a new database in %s at %s", store.db_path, head)
    with store.engine.execution_options(**{_WRITE: True}).begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def _backup(store: Store, revision: str) -> Path:
    folder = private_dir(store.data_dir / "backups")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"fieldbook-{stamp}-rev-{revision}.db"
    if store.key is None:
        source = sqlite3.connect(store.db_path)
        try:
            dest = sqlite3.connect(private_file(target))
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    else:  # encrypted under the same key, as the store is
        con = cipher.connect(store.db_path, store.key)
        try:
            con.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{store.key.hex()}'\"", (str(target),))
            con.execute("SELECT sqlcipher_export('backup')")
            version = con.execute("PRAGMA main.user_version").fetchone()[0]
            con.execute(f"PRAGMA backup.user_version = {int(version)}")
            con.execute("DETACH DATABASE backup")
        finally:
            con.close()
        target.chmod(0o600)
    for old in sorted(folder.glob("fieldbook-*.db"))[:-BACKUPS_KEPT]:
        old.unlink()
    return target


def _ensure_identity(store: Store) -> None:
    if store.get_meta("client_id") is None:
        with store.write() as session:
            if session.get(MetaRow, "client_id") is None:
                session.add(MetaRow(key="client_id", value=str(new_id())))
