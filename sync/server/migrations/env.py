"""Alembic environment for the central service's database.

The service passes its own connection (``config.attributes["connection"]``); a developer
making a revision sets ``FIELDBOOK_SERVER_DB`` and runs alembic with
``-c sync/server/alembic.ini``.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

from sync.server.models import Base

VERSION_TABLE = "fieldbook_server_version"

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = os.environ.get("FIELDBOOK_SERVER_DB") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set FIELDBOOK_SERVER_DB=sqlite:///path/to/server.db")
    with create_engine(url).begin() as conn:
        _run(conn)
