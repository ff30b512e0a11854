"""Alembic environment for the laptop's store.

The app passes its own connection (``config.attributes["connection"]``); a developer
running ``alembic`` from the repository root gets the URL from ``alembic.ini`` or the
``FIELDBOOK_DB_URL`` variable.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

from desktop.store.models import Base

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = os.environ.get("FIELDBOOK_DB_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set FIELDBOOK_DB_URL=sqlite:///path/to/fieldbook.db")
    with create_engine(url).begin() as conn:
        _run(conn)
