"""The client's sign-off, and the database refusing to change what it sealed.

Adds ``sign_off_entries`` (append-only like every entry table) and triggers that make the
seal hold in the database itself, whatever program writes to it:

* an incident is signed off at most once;
* an entry a sign-off sealed, or the sign-off, cannot be voided (later work is an addendum);
* a signed-off or closed incident keeps every sealed field; only its status may move on
  (signed off → closed) and its ``updated_at`` change; it cannot be deleted.

Nothing existing moves: a laptop with unsynced work keeps it (tests/test_migrations.py).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 15:01:52.901677
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

# Frozen copies: a later change to the models must not change what this revision built.
SEALED_STATES = ("signed_off", "closed")
# Every incident column the seal covers (domain.records.Incident's fields) but
# status, which may still move on from signed off to closed.
SEALED_INCIDENT_COLUMNS = (
    "id",
    "number",
    "client_id",
    "contract_id",
    "system_id",
    "system_name",
    "priority",
    "channel",
    "title",
    "description",
    "notified_at",
    "responded_at",
    "resolved_at",
    "resolution",
    "assigned_to",
)

_STATES = ", ".join(f"'{s}'" for s in SEALED_STATES)
_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in SEALED_INCIDENT_COLUMNS)

TRIGGERS = {
    "sign_off_entries_no_update": (
        "BEFORE UPDATE ON sign_off_entries "
        "BEGIN SELECT RAISE(ABORT, 'entries are append-only'); END"
    ),
    "sign_off_entries_no_delete": (
        "BEFORE DELETE ON sign_off_entries "
        "BEGIN SELECT RAISE(ABORT, 'entries are append-only'); END"
    ),
    "void_entries_not_sealed": (
        "BEFORE INSERT ON void_entries WHEN EXISTS ("
        "SELECT 1 FROM entries WHERE id = NEW.voided_id AND kind = 'sign_off') OR EXISTS ("
        "SELECT 1 FROM entries AS target "
        "JOIN entries AS signed ON signed.incident_id = target.incident_id "
        "AND signed.kind = 'sign_off' "
        "JOIN sign_off_entries AS s ON s.id = signed.id, json_each(s.sealed_entry_ids) AS j "
        "WHERE target.id = NEW.voided_id AND j.value = NEW.voided_id) "
        "BEGIN SELECT RAISE(ABORT, 'a sealed entry cannot be voided'); END"
    ),
    "incidents_sealed_no_update": (
        f"BEFORE UPDATE ON incidents WHEN OLD.status IN ({_STATES}) "
        f"AND (NEW.status NOT IN ({_STATES}) OR {_CHANGED}) "
        "BEGIN SELECT RAISE(ABORT, 'a signed-off incident cannot change'); END"
    ),
    "incidents_sealed_no_delete": (
        f"BEFORE DELETE ON incidents WHEN OLD.status IN ({_STATES}) "
        "BEGIN SELECT RAISE(ABORT, 'a signed-off incident cannot change'); END"
    ),
}


def upgrade() -> None:
    op.create_table(
        "sign_off_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "resolved",
                "workaround",
                "not_resolved",
                name="signoffoutcome",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "refusal",
            sa.Enum("refused", "not_available", name="refusal", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("signer_name", sa.Text(), nullable=False),
        sa.Column("signer_role", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        # [[[x, y, t, pressure|null], ...], ...] (desktop.store.models.StrokesJSON)
        sa.Column("strokes", sa.JSON(), nullable=False),
        sa.Column("signature_sha256", sa.String(length=64), nullable=True),
        sa.Column("seal", sa.String(length=64), nullable=False),
        sa.Column("seal_format", sa.String(length=40), nullable=False),
        # ["<32 hex digits>", ...] (desktop.store.models.UuidListJSON)
        sa.Column("sealed_entry_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["entries.id"], name=op.f("fk_sign_off_entries_id_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_off_entries")),
    )
    with op.batch_alter_table("sign_off_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_off_entries_seal"), ["seal"], unique=False)

    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    # One sign-off per incident. A partial unique index, not a trigger: a trigger on
    # every insert into entries halved the speed of bulk loads (demo data, sync pulls).
    op.create_index(
        "uq_entries_one_sign_off",
        "entries",
        ["incident_id"],
        unique=True,
        sqlite_where=sa.text("kind = 'sign_off'"),
    )


def downgrade() -> None:
    op.drop_index("uq_entries_one_sign_off", "entries")
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("sign_off_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_off_entries_seal"))
    op.drop_table("sign_off_entries")
