"""Entries keep their place in the service's order as one number, ``server_order``.

Laptops receive it with every entry and pair a clock's pauses and resumes in that order,
never by their own clocks (``domain.sla.pair_pauses``). It is the position of the
transaction that stored the entry times ``ORDER_SPAN`` plus its place in that
transaction; existing entries get theirs from their position and client number.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

ORDER_SPAN = 1 << 20  # frozen copy of sync.server.models.ORDER_SPAN


def upgrade() -> None:
    op.add_column("entries", sa.Column("server_order", sa.BigInteger(), nullable=True))
    op.execute(
        "UPDATE entries SET server_order = (SELECT r.o FROM (SELECT id, "
        f"position * {ORDER_SPAN} + ROW_NUMBER() OVER "
        "(PARTITION BY position ORDER BY client_seq, id) - 1 AS o FROM entries) AS r "
        "WHERE r.id = entries.id)"
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.alter_column("server_order", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_index(
            batch_op.f("ix_entries_incident_id_server_order"),
            ["incident_id", "server_order"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entries_incident_id_server_order"))
        batch_op.drop_column("server_order")
