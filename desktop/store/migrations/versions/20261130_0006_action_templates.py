"""Action templates: common actions a technician saves to record again in one step.

* ``action_templates``: a name (unique), the kind of action, what is done, the result
  and its details to fill in. Local to the laptop, never synced: no outbox, no triggers.

Only a new table: existing rows and the outbox are untouched.

Revision ID: 0006_action_templates
Revises: 0005_contract_zone
Create Date: 2026-11-29 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006_action_templates"
down_revision: str | None = "0005_contract_zone"
branch_labels: str | None = None
depends_on: str | None = None

# Frozen copies of the enums' values as of this revision.
_ACTION_KINDS = (
    "restart",
    "service_stop_start",
    "configuration_change",
    "patch",
    "temporary_hardware",
    "workaround",
    "test",
    "other",
    "planned_change",
    "optimisation",
    "preventive_work",
    "routine_upgrade",
)
_RESULTS = ("succeeded", "partial", "failed")


def upgrade() -> None:
    op.create_table(
        "action_templates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column(
            "action_kind",
            sa.Enum(*_ACTION_KINDS, name="actionkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "result",
            sa.Enum(*_RESULTS, name="actionresult", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("result_detail", sa.Text(), nullable=False),
        # UTC text that sorts in time order, as desktop.store.types.UTCDateTime keeps it.
        sa.Column("saved_at", sa.String(length=26), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_templates")),
        sa.UniqueConstraint("name", name=op.f("uq_action_templates_name")),
    )


def downgrade() -> None:
    op.drop_table("action_templates")
