"""First schema: reference data, incidents, append-only entries, outbox.

Times are UTC text (desktop.store.types.UTCDateTime); enums are their values as text.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 14:34:47.404827
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Frozen copy: a later change to the models must not change what this revision built.
APPEND_ONLY_TABLES = (
    "entries",
    "note_entries",
    "attachment_entries",
    "action_entries",
    "swap_entries",
    "part_usage_entries",
    "time_entries",
    "clock_pause_entries",
    "status_entries",
    "void_entries",
)

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=True),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "pending", "applied", "rejected", name="outboxstate", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_state_seq"), ["state", "seq"], unique=False)

    op.create_table(
        "spare_parts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("part_number", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spare_parts")),
        sa.UniqueConstraint("part_number", name=op.f("uq_spare_parts_part_number")),
    )
    op.create_table(
        "technicians",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("username", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technicians")),
        sa.UniqueConstraint("username", name=op.f("uq_technicians_username")),
    )
    op.create_table(
        "contracts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("pause_allowed", sa.Boolean(), nullable=False),
        sa.Column("exclusions", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_contracts_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
        sa.UniqueConstraint("number", name=op.f("uq_contracts_number")),
    )
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contracts_client_id"), ["client_id"], unique=False)

    op.create_table(
        "van_stock",
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.String(length=26), nullable=False),
        sa.ForeignKeyConstraint(
            ["part_id"], ["spare_parts.id"], name=op.f("fk_van_stock_part_id_spare_parts")
        ),
        sa.PrimaryKeyConstraint("part_id", name=op.f("pk_van_stock")),
    )
    op.create_table(
        "covered_systems",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "server",
                "network",
                "storage",
                "operating_system",
                "database",
                "middleware",
                "application",
                name="systemcategory",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("location", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_covered_systems_contract_id_contracts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_covered_systems")),
    )
    with op.batch_alter_table("covered_systems", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_covered_systems_contract_id"), ["contract_id"], unique=False
        )

    op.create_table(
        "sla_targets",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column(
            "priority",
            sa.Enum("P1", "P2", "P3", "P4", name="priority", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("respond_minutes", sa.Integer(), nullable=True),
        sa.Column("resolve_minutes", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_sla_targets_contract_id_contracts")
        ),
        sa.PrimaryKeyConstraint("contract_id", "priority", name=op.f("pk_sla_targets")),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("system_id", sa.Uuid(), nullable=True),
        sa.Column("system_name", sa.Text(), nullable=False),
        sa.Column(
            "priority",
            sa.Enum("P1", "P2", "P3", "P4", name="priority", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "channel",
            sa.Enum(
                "phone",
                "email",
                "portal",
                "walk_up",
                "other",
                name="channel",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("notified_at", sa.String(length=26), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "responded",
                "travelling",
                "on_site",
                "waiting_for_client",
                "resolved",
                "signed_off",
                "closed",
                "cancelled",
                name="status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("responded_at", sa.String(length=26), nullable=True),
        sa.Column("resolved_at", sa.String(length=26), nullable=True),
        sa.Column(
            "resolution",
            sa.Enum("fixed", "workaround", name="resolution", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("assigned_to", sa.Uuid(), nullable=True),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_to"], ["technicians.id"], name=op.f("fk_incidents_assigned_to_technicians")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_incidents_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_incidents_contract_id_contracts")
        ),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["covered_systems.id"],
            name=op.f("fk_incidents_system_id_covered_systems"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
        sa.UniqueConstraint("number", name=op.f("uq_incidents_number")),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_status"), ["status"], unique=False)

    op.create_table(
        "entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", sa.String(length=26), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["technicians.id"], name=op.f("fk_entries_author_id_technicians")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_entries_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_entries_incident_id_recorded_at"),
            ["incident_id", "recorded_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_entries_kind"), ["kind"], unique=False)

    op.create_table(
        "action_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "action_kind",
            sa.Enum(
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
                name="actionkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "result",
            sa.Enum(
                "succeeded", "partial", "failed", name="actionresult", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("result_detail", sa.Text(), nullable=False),
        sa.Column("out_of_scope", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["id"], ["entries.id"], name=op.f("fk_action_entries_id_entries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_entries")),
    )
    op.create_table(
        "clock_pause_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["entries.id"], name=op.f("fk_clock_pause_entries_id_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clock_pause_entries")),
    )
    op.create_table(
        "note_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("preformatted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["id"], ["entries.id"], name=op.f("fk_note_entries_id_entries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_entries")),
    )
    op.create_table(
        "part_usage_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["entries.id"], name=op.f("fk_part_usage_entries_id_entries")
        ),
        sa.ForeignKeyConstraint(
            ["part_id"], ["spare_parts.id"], name=op.f("fk_part_usage_entries_part_id_spare_parts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_part_usage_entries")),
    )
    with op.batch_alter_table("part_usage_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_part_usage_entries_part_id"), ["part_id"], unique=False
        )

    op.create_table(
        "status_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "new",
                "responded",
                "travelling",
                "on_site",
                "waiting_for_client",
                "resolved",
                "signed_off",
                "closed",
                "cancelled",
                name="status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "new",
                "responded",
                "travelling",
                "on_site",
                "waiting_for_client",
                "resolved",
                "signed_off",
                "closed",
                "cancelled",
                name="status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "resolution",
            sa.Enum("fixed", "workaround", name="resolution", native_enum=False, length=32),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(["id"], ["entries.id"], name=op.f("fk_status_entries_id_entries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_entries")),
    )
    op.create_table(
        "swap_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("removed_part", sa.Text(), nullable=False),
        sa.Column("removed_serial", sa.Text(), nullable=False),
        sa.Column("installed_part", sa.Text(), nullable=False),
        sa.Column("installed_serial", sa.Text(), nullable=False),
        sa.Column("temporary", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["id"], ["entries.id"], name=op.f("fk_swap_entries_id_entries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_swap_entries")),
    )
    with op.batch_alter_table("swap_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_swap_entries_installed_serial"), ["installed_serial"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_swap_entries_removed_serial"), ["removed_serial"], unique=False
        )

    op.create_table(
        "time_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "time_kind",
            sa.Enum("travel", "on_site", "waiting", name="timekind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("started_at", sa.String(length=26), nullable=False),
        sa.Column("ended_at", sa.String(length=26), nullable=False),
        sa.ForeignKeyConstraint(["id"], ["entries.id"], name=op.f("fk_time_entries_id_entries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_entries")),
    )
    op.create_table(
        "void_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("voided_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["id"], ["entries.id"], name=op.f("fk_void_entries_id_entries")),
        sa.ForeignKeyConstraint(
            ["voided_id"], ["entries.id"], name=op.f("fk_void_entries_voided_id_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_void_entries")),
        sa.UniqueConstraint("voided_id", name=op.f("uq_void_entries_voided_id")),
    )
    op.create_table(
        "attachment_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("note_id", sa.Uuid(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=127), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["entries.id"], name=op.f("fk_attachment_entries_id_entries")
        ),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["note_entries.id"],
            name=op.f("fk_attachment_entries_note_id_note_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment_entries")),
    )
    with op.batch_alter_table("attachment_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_entries_sha256"), ["sha256"], unique=False)

    # Entries are history: the database itself refuses to change or delete one.
    for table in APPEND_ONLY_TABLES:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'entries are append-only'); END"
            )


def downgrade() -> None:
    for table in APPEND_ONLY_TABLES:
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
    with op.batch_alter_table("attachment_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_entries_sha256"))

    op.drop_table("attachment_entries")
    op.drop_table("void_entries")
    op.drop_table("time_entries")
    with op.batch_alter_table("swap_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_swap_entries_removed_serial"))
        batch_op.drop_index(batch_op.f("ix_swap_entries_installed_serial"))

    op.drop_table("swap_entries")
    op.drop_table("status_entries")
    with op.batch_alter_table("part_usage_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_part_usage_entries_part_id"))

    op.drop_table("part_usage_entries")
    op.drop_table("note_entries")
    op.drop_table("clock_pause_entries")
    op.drop_table("action_entries")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entries_kind"))
        batch_op.drop_index(batch_op.f("ix_entries_incident_id_recorded_at"))

    op.drop_table("entries")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_status"))
        batch_op.drop_index(batch_op.f("ix_incidents_contract_id"))
        batch_op.drop_index(batch_op.f("ix_incidents_client_id"))

    op.drop_table("incidents")
    op.drop_table("sla_targets")
    with op.batch_alter_table("covered_systems", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_covered_systems_contract_id"))

    op.drop_table("covered_systems")
    op.drop_table("van_stock")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contracts_client_id"))

    op.drop_table("contracts")
    op.drop_table("technicians")
    op.drop_table("spare_parts")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state_seq"))
        batch_op.drop_index(batch_op.f("ix_outbox_incident_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_entry_id"))

    op.drop_table("outbox")
    op.drop_table("meta")
    op.drop_table("clients")
