"""The central service's first schema: people and tokens, reference data, incidents and
entries, and the sync bookkeeping (client streams, feed, counter, blobs).

Revision ID: 0001
Revises:
Create Date: 2026-11-24 15:05:15.752164
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# Frozen copy of sync.server.models.UTCDateTime's storage: timestamptz on PostgreSQL,
# sortable UTC text elsewhere (SQLite).
TIME = sa.String(32).with_variant(postgresql.TIMESTAMP(timezone=True), "postgresql")

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("completed_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    op.create_table(
        "clients",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
    )
    op.create_table(
        "spare_parts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("part_number", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spare_parts")),
        sa.UniqueConstraint("part_number", name=op.f("uq_spare_parts_part_number")),
    )
    op.create_table(
        "sync_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_counter")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=150), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("technician", "dispatcher", name="role", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "blob_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_blob_chunks_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("sha256", "offset", name=op.f("pk_blob_chunks")),
    )
    op.create_table(
        "client_streams",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_client_streams_user_id_users")
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_client_streams")),
    )
    with op.batch_alter_table("client_streams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_client_streams_user_id"), ["user_id"], unique=False)

    op.create_table(
        "contracts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
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
        "feed",
        sa.Column("audience", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["audience"], ["users.id"], name=op.f("fk_feed_audience_users")),
        sa.PrimaryKeyConstraint("audience", "kind", "record_id", name=op.f("pk_feed")),
    )
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feed_audience_position_kind_record_id"),
            ["audience", "position", "kind", "record_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_feed_kind_record_id"), ["kind", "record_id"], unique=False
        )

    op.create_table(
        "tokens",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("device_name", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("revoked_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_tokens_token_hash")),
    )
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "van_stock",
        sa.Column("technician_id", sa.Uuid(), nullable=False),
        sa.Column("part_id", sa.Uuid(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("as_of", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["part_id"], ["spare_parts.id"], name=op.f("fk_van_stock_part_id_spare_parts")
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"], ["users.id"], name=op.f("fk_van_stock_technician_id_users")
        ),
        sa.PrimaryKeyConstraint("technician_id", "part_id", name=op.f("pk_van_stock")),
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
        sa.Column("notified_at", TIME, nullable=False),
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
        sa.Column("responded_at", TIME, nullable=True),
        sa.Column("resolved_at", TIME, nullable=True),
        sa.Column(
            "resolution",
            sa.Enum("fixed", "workaround", name="resolution", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("assigned_to", sa.Uuid(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_to"], ["users.id"], name=op.f("fk_incidents_assigned_to_users")
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
        batch_op.create_index(batch_op.f("ix_incidents_assigned_to"), ["assigned_to"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", TIME, nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("client_seq", sa.BigInteger(), nullable=True),
        sa.Column("voided_id", sa.Uuid(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("seal_verified", sa.Boolean(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_entries_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_entries_incident_id_incidents")
        ),
        sa.ForeignKeyConstraint(
            ["voided_id"], ["entries.id"], name=op.f("fk_entries_voided_id_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
        sa.UniqueConstraint("voided_id", name=op.f("uq_entries_voided_id")),
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_entries_incident_id_position"), ["incident_id", "position"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_entries_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entries_sha256"))
        batch_op.drop_index(batch_op.f("ix_entries_incident_id_position"))

    op.drop_table("entries")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_contract_id"))
        batch_op.drop_index(batch_op.f("ix_incidents_client_id"))
        batch_op.drop_index(batch_op.f("ix_incidents_assigned_to"))

    op.drop_table("incidents")
    op.drop_table("sla_targets")
    with op.batch_alter_table("covered_systems", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_covered_systems_contract_id"))

    op.drop_table("covered_systems")
    op.drop_table("van_stock")
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tokens_user_id"))

    op.drop_table("tokens")
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_kind_record_id"))
        batch_op.drop_index(batch_op.f("ix_feed_audience_position_kind_record_id"))

    op.drop_table("feed")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contracts_client_id"))

    op.drop_table("contracts")
    with op.batch_alter_table("client_streams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_streams_user_id"))

    op.drop_table("client_streams")
    op.drop_table("blob_chunks")
    op.drop_table("users")
    op.drop_table("sync_counter")
    op.drop_table("spare_parts")
    op.drop_table("clients")
    op.drop_table("blobs")
