"""Devices the office controls, and login throttling.

* ``tokens`` become the devices: who ended one (``revoked_by``), when the service last
  heard from it (``last_seen_at``), and whether it was marked lost (``lost_at``, and
  ``wipe_sent_at``: when the order to erase it first went out). Tokens made before keep
  working: they are devices under the name they signed in with ("unknown device" where
  that is empty), never heard from yet; those already ended were ended by a logout.
* ``login_failures``: failed sign-ins per user name and per source address.

(sync.server.auth, sync.server.throttle)

Revision ID: 0007_devices
Revises: 0006_escalations
Create Date: 2026-12-07 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007_devices"
down_revision: str | None = "0006_escalations"
branch_labels: str | None = None
depends_on: str | None = None

TIME = sa.String(32).with_variant(postgresql.TIMESTAMP(timezone=True), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_by", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("last_seen_at", TIME, nullable=True))
        batch_op.add_column(sa.Column("lost_at", TIME, nullable=True))
        batch_op.add_column(sa.Column("wipe_sent_at", TIME, nullable=True))
    op.execute("UPDATE tokens SET device_name = 'unknown device' WHERE TRIM(device_name) = ''")
    op.execute("UPDATE tokens SET revoked_by = 'logout' WHERE revoked_at IS NOT NULL")
    op.create_table(
        "login_failures",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", TIME, nullable=False),
        sa.Column("blocked_until", TIME, nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_failures_last_failure_at"), ["last_failure_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("login_failures")
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.drop_column("wipe_sent_at")
        batch_op.drop_column("lost_at")
        batch_op.drop_column("last_seen_at")
        batch_op.drop_column("revoked_by")
