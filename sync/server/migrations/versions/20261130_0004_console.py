"""Each contract states its client's time zone (``contracts.time_zone``, an IANA name).

The office console and the documents the service renders show times in it, and
laptops receive it with the contract. Contracts that existed before say "UTC" until the
office sets theirs (``fieldbook-server set-time-zone``).

Revision ID: 0004_console
Revises: 0003
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004_console"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "contracts",
        sa.Column("time_zone", sa.String(length=64), nullable=False, server_default="UTC"),
    )


def downgrade() -> None:
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
