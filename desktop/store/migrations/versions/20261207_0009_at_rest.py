"""Nothing readable left behind: when each incident last went through a sync.

* ``incidents.synced_at``: the laptop's time of the last sync that carried a change of
  the incident (pushed and confirmed, or pulled). A closed incident whose last sync is
  older than the office's retention period is purged from the laptop. Existing rows get
  NULL: their countdown starts at the next sync.
* Outbox payloads the service confirmed (applied) or the technician let go (discarded)
  are emptied: the row keeps its number, state and result (exactly-once, the refused
  view); what the change said is on the service now.

Pending and refused rows are untouched: their payloads are still to be sent or shown.

Revision ID: 0009_at_rest
Revises: 0008_report_deliveries
Create Date: 2026-12-07 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009_at_rest"
down_revision: str | None = "0008_report_deliveries"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Plain ALTER TABLE (no batch copy): the incidents' triggers stay as they are.
    op.add_column("incidents", sa.Column("synced_at", sa.String(length=26), nullable=True))
    op.execute(
        "UPDATE outbox SET payload = '{}' WHERE state IN ('applied', 'discarded') "
        "AND payload != '{}'"
    )


def downgrade() -> None:
    op.drop_column("incidents", "synced_at")  # SQLite 3.35+: no table copy
