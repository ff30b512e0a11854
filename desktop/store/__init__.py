"""The laptop's local store: SQLite through SQLAlchemy, Alembic migrations, blobs, outbox."""
