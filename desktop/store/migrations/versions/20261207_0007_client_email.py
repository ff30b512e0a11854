"""Clients carry their contact's e-mail (``clients.email``): "Send to the client" fills
the address with it. Clients already here keep "" until the next pull brings the
office's value. Only a column added: the outbox and every row stay as they are.

Revision ID: 0007_client_email
Revises: 0006_action_templates
Create Date: 2026-12-07 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007_client_email"
down_revision: str | None = "0006_action_templates"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "clients", sa.Column("email", sa.String(length=254), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("email")
