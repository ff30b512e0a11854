"""Remembered answers: the result of every mutation, per laptop install and number.

A retry after a lost reply gets the original answer (a refusal included: before, it
was acknowledged as "already applied" and the laptop dropped the refused work), and a
different mutation under a number already used is recognised by its digest: that
laptop's folder was restored from a backup or cloned, and it is told to start a new
stream instead of having its new work taken as old.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

TIME = sa.String(32).with_variant(postgresql.TIMESTAMP(timezone=True), "postgresql")


def upgrade() -> None:
    op.create_table(
        "mutation_results",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("explanation", sa.JSON(), nullable=True),
        sa.Column("current_status", sa.String(length=32), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("client_id", "seq", name=op.f("pk_mutation_results")),
    )


def downgrade() -> None:
    op.drop_table("mutation_results")
