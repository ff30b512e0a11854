"""Reports e-mailed to clients, and sealed reports found by their seal.

* ``clients.email``: the client's contact address for service reports ("" unknown);
* ``report_deliveries``: a technician's request to e-mail a report (``report.send``),
  pending until the mail server took it;
* ``entries.seal``: a sign-off's seal beside its body, indexed, for the public verify
  page (``/verify/<seal>``); filled here from the sign-offs already stored.

Revision ID: 0008_report_delivery
Revises: 0007_devices
Create Date: 2026-12-07 17:00:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008_report_delivery"
down_revision: str | None = "0007_devices"
branch_labels: str | None = None
depends_on: str | None = None

TIME = sa.String(32).with_variant(postgresql.TIMESTAMP(timezone=True), "postgresql")


def upgrade() -> None:
    op.add_column(
        "clients",
        sa.Column("email", sa.String(length=254), nullable=False, server_default=""),
    )
    op.add_column("entries", sa.Column("seal", sa.String(length=64), nullable=True))
    op.create_index("ix_entries_seal", "entries", ["seal"])
    entries = sa.table(
        "entries",
        sa.column("id", sa.Uuid()),
        sa.column("kind", sa.String()),
        sa.column("body", sa.Text()),
        sa.column("seal", sa.String()),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(entries.c.id, entries.c.body).where(entries.c.kind == "sign_off"))
    for entry_id, body in rows.all():
        seal = json.loads(body).get("seal")
        if isinstance(seal, str):
            conn.execute(entries.update().where(entries.c.id == entry_id).values(seal=seal))
    op.create_table(
        "report_deliveries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("brief", sa.Boolean(), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("requested_at", TIME, nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("service_url", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIME, nullable=True),
        sa.Column("claimed_until", TIME, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", TIME, nullable=True),
        sa.Column("seal", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name="fk_report_deliveries_incident_id_incidents",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name="fk_report_deliveries_requested_by_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_report_deliveries"),
    )
    op.create_index("ix_report_deliveries_incident_id", "report_deliveries", ["incident_id"])
    op.create_index(
        "ix_report_deliveries_next_attempt_at", "report_deliveries", ["next_attempt_at"]
    )


def downgrade() -> None:
    op.drop_table("report_deliveries")
    op.drop_index("ix_entries_seal", table_name="entries")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_column("seal")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("email")
