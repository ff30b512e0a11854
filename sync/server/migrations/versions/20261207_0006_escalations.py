"""The clocks the dispatcher was e-mailed about (``escalations``): once per clock.

Revision ID: 0006_escalations
Revises: 0005
Create Date: 2026-12-07 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# Frozen copy of sync.server.models.UTCDateTime's storage (as in 0001).
TIME = sa.String(32).with_variant(postgresql.TIMESTAMP(timezone=True), "postgresql")

revision: str = "0006_escalations"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "escalations",
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("clock", sa.String(length=16), nullable=False),
        sa.Column(
            "priority",
            sa.Enum("P1", "P2", "P3", "P4", name="priority", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("claimed_at", TIME, nullable=False),
        sa.Column("sent_at", TIME, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_escalations_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("incident_id", "clock", name=op.f("pk_escalations")),
    )


def downgrade() -> None:
    op.drop_table("escalations")
