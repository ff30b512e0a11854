"""Contracts carry their client's time zone (``contracts.time_zone``, an IANA name).

The central service sends it with each contract; the service report prints times in
it and says which zone that is. Contracts already here keep "" (not set: the laptop's
own zone, as before) until the next pull brings the office's value. Nothing else moves.

Revision ID: 0005_contract_zone
Revises: 0004
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005_contract_zone"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("contracts", sa.Column("time_zone", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
