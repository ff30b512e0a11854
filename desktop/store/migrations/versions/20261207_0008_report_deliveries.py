"""Reports the technician asked the service to e-mail to the client.

* ``report_deliveries``: one row per request ("Send to the client"), written with its
  outbox row (``report.send``); the service's answer (sent at, attempts, the latest
  failure) arrives with a pull and is written over it.

Only a new table: the outbox and every row stay as they are.

Revision ID: 0008_report_deliveries
Revises: 0007_client_email
Create Date: 2026-12-07 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008_report_deliveries"
down_revision: str | None = "0007_client_email"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "report_deliveries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("brief", sa.Boolean(), nullable=False),
        # UTC text that sorts in time order, as desktop.store.types.UTCDateTime keeps it.
        sa.Column("requested_at", sa.String(length=26), nullable=False),
        sa.Column("outbox_seq", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.String(length=26), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_deliveries")),
    )
    op.create_index(op.f("ix_report_deliveries_incident_id"), "report_deliveries", ["incident_id"])


def downgrade() -> None:
    op.drop_table("report_deliveries")
