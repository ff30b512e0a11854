"""Bulk writes of a push on PostgreSQL: COPY first, then one statement under the counter.

A push of a thousand mutations writes a thousand entries and as many feed rows. With
``executemany`` psycopg sends them one statement at a time, and they must follow the
feed position, so the counter (which every writer queues on) would be held for all of
them. Instead the rows are copied (``COPY … FROM STDIN``) into this connection's
temporary tables *before* the position is taken, and one statement then takes the
position and moves them into ``entries`` and ``feed``. Under the counter there is then
one statement and the commit.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.base import Executable

from sync.server.models import ORDER_SPAN

ENTRY_COLUMNS = (
    "id",
    "incident_id",
    "kind",
    "author_id",
    "recorded_at",
    "received_at",
    "client_id",
    "client_seq",
    "voided_id",
    "sha256",
    "seal_verified",
    "seal",
    "body",
)
FEED_COLUMNS = ("audience", "kind", "record_id", "op")
#: Staged beside the entry columns: the entry's place in the push (``server_order``).
_STAGED_ENTRY_COLUMNS = (*ENTRY_COLUMNS, "rank")

_STAGES = (
    "CREATE TEMP TABLE IF NOT EXISTS stage_entries (id uuid, incident_id uuid, "
    "kind varchar(32), author_id uuid, recorded_at timestamptz, received_at timestamptz, "
    "client_id uuid, client_seq bigint, voided_id uuid, sha256 varchar(64), "
    "seal_verified boolean, seal varchar(64), body text, rank integer) ON COMMIT DELETE ROWS",
    "CREATE TEMP TABLE IF NOT EXISTS stage_feed (audience uuid, kind varchar(16), "
    "record_id uuid, op varchar(8)) ON COMMIT DELETE ROWS",
)

_entries = ", ".join(ENTRY_COLUMNS)
_staged_entries = ", ".join(f"s.{c}" for c in ENTRY_COLUMNS)
_copied_entries = ", ".join(_STAGED_ENTRY_COLUMNS)
_MOVE = text(
    f"""
    WITH p AS (
        UPDATE sync_counter SET position = position + 1 WHERE id = 1 RETURNING position
    ),
    e AS (
        INSERT INTO entries ({_entries}, position, server_order)
        SELECT {_staged_entries}, p.position, p.position * {ORDER_SPAN} + s.rank
        FROM stage_entries s, p
    ),
    f AS (
        INSERT INTO feed (audience, kind, record_id, op, position)
        SELECT s.audience, s.kind, s.record_id, s.op, p.position FROM stage_feed s, p
        ON CONFLICT (audience, kind, record_id)
        DO UPDATE SET op = EXCLUDED.op, position = EXCLUDED.position
    )
    SELECT position FROM p
    """
)


STAGED_KEY = "fieldbook_stages"


def forget_stages(conn: Connection) -> None:
    """After a rollback: the temporary tables made in that transaction are gone with it
    (PostgreSQL's DDL is transactional), so the next push on this pooled connection makes
    them again. Without this one failed push broke every later push on the connection."""
    conn.info.pop(STAGED_KEY, None)


def stage(
    session: Session,
    entries: Sequence[dict[str, Any]],
    feed: Iterable[tuple[Any, str, Any, str]],
) -> None:
    """Copy the rows to write into this connection's temporary tables."""
    connection = session.connection()
    if not connection.info.get(STAGED_KEY):
        for ddl in _STAGES:
            connection.exec_driver_sql(ddl)
        connection.info[STAGED_KEY] = True
    driver: Any = connection.connection.driver_connection
    with driver.cursor() as cursor:
        if entries:
            with cursor.copy(f"COPY stage_entries ({_copied_entries}) FROM STDIN") as copy:
                for row in entries:
                    copy.write_row(tuple(row.get(c) for c in _STAGED_ENTRY_COLUMNS))
        with cursor.copy(f"COPY stage_feed ({', '.join(FEED_COLUMNS)}) FROM STDIN") as copy:
            for feed_row in feed:
                copy.write_row(feed_row)


def move(session: Session) -> int:
    """Take the next feed position and write the staged rows at it; return it."""
    position: int = session.execute(_MOVE).scalar_one()
    return position


# --- SQLite: one DB-API executemany -------------------------------------------------------


def executemany(session: Session, statement: Executable, rows: Sequence[Mapping[str, Any]]) -> None:
    """``session.execute(statement, rows)``, as one DB-API ``executemany`` of tuples on
    a database whose driver takes them (SQLite's ``?`` marks).

    Core builds a dictionary of parameters for every row and looks each value's
    conversion up again; here the statement is compiled once for the rows' keys and each
    value is converted by its parameter's own type, as Core converts it. A statement
    with a parameter the rows do not give (a column default Core would fill in) goes
    through Core. ``statement`` should be built once (a module constant): plans are
    kept per statement.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    plan = _plan(statement, dialect, tuple(rows[0])) if dialect.paramstyle == "qmark" else None
    if plan is None:
        session.execute(statement, list(rows))
        return
    sql, names, converts = plan
    columns = []
    for name, convert in zip(names, converts, strict=True):
        values = [row[name] for row in rows]
        if convert is not None:
            values = _converted(values, convert)
        columns.append(values)
    connection.exec_driver_sql(sql, list(zip(*columns, strict=True)))


def _converted(values: list[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """``convert`` of each value, once for a run of the same one (a push's entries share
    their incident, client and time received; its feed rows their audience), or of
    equal times in the same zone (a push's entries often share the time they were
    recorded, each read from the wire into an object of its own: two aware times
    equal in one zone are stored alike by every column type; in two zones not)."""
    out: list[Any] = []
    append = out.append
    last: Any = _NOTHING
    result: Any = None
    for value in values:
        if value is not last and not (
            type(value) is datetime
            and type(last) is datetime
            and value.tzinfo is last.tzinfo
            and value == last
        ):
            result = convert(value)
            last = value
        append(result)
    return out


_NOTHING = object()


@functools.lru_cache(maxsize=64)
def _plan(
    statement: Executable, dialect: Dialect, keys: tuple[str, ...]
) -> tuple[str, tuple[str, ...], tuple[Callable[[Any], Any] | None, ...]] | None:
    compiled = typing.cast(Any, statement).compile(dialect=dialect, column_keys=list(keys))
    names = tuple(compiled.positiontup or ())
    if not names or not set(names) <= set(keys):
        return None
    converts = tuple(
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    )
    return compiled.string, names, converts
