"""Sync bookkeeping: rejected mutations keep their code, and where the laptop stands.

* ``outbox`` gains ``code`` and ``current_status`` (a rejected mutation's reject code and,
  on a status conflict, the server's status; its message goes in ``reason``), and its
  state may be ``discarded`` (a rejected one the technician let go; the state column is a
  plain string, so no constraint changes);
* ``sync_state`` (one row): the pull cursor, a full download under way, the offset of
  the wire numbers after a new client id, the highest number acknowledged, and the last
  successful sync;
* ``sync_seen``: what a full download brought so far (the rest is dropped at its end);
* ``sync_blobs``: blobs the server lacks, until uploaded;
* ``sync_removals``: incidents the server took away that pending rows still need.

Columns are added with ``ALTER TABLE ADD COLUMN`` (no table copy): the outbox keeps its
rows and its AUTOINCREMENT counter, so an unsynced outbox survives unchanged.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("code", sa.String(length=32), nullable=True))
    op.add_column("outbox", sa.Column("current_status", sa.String(length=32), nullable=True))
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("full_download", sa.Boolean(), nullable=False),
        sa.Column("seq_base", sa.Integer(), nullable=False),
        sa.Column("acked", sa.Integer(), nullable=False),
        # UTC text that sorts in time order, as desktop.store.types.UTCDateTime keeps it.
        sa.Column("last_synced_at", sa.String(length=26), nullable=True),
        sa.Column("server_time", sa.String(length=26), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "sync_seen",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "id", name=op.f("pk_sync_seen")),
    )
    op.create_table(
        "sync_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_sync_blobs")),
    )
    op.create_table(
        "sync_removals",
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_sync_removals")),
    )


def downgrade() -> None:
    op.drop_table("sync_removals")
    op.drop_table("sync_blobs")
    op.drop_table("sync_seen")
    op.drop_table("sync_state")
    op.execute("UPDATE outbox SET state = 'rejected' WHERE state = 'discarded'")
    op.drop_column("outbox", "current_status")
    op.drop_column("outbox", "code")
