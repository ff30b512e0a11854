"""One rulebook: the service's order, dispatch's entries, records set aside, seal format 2.

* ``status_entries.reason``: why a status changed, when it matters (dispatch cancelling);
* ``priority_entries`` and ``assignment_entries``: dispatch's changes of priority and of
  who works on an incident, as entries in its history (append-only, like every entry);
* ``entry_placements``: where the central service put each entry (its order of
  acceptance and its clock), so that pauses pair in the service's order, not by laptop
  clocks;
* ``sync_set_aside``: records a pull brought that this laptop cannot store beside its own,
  kept with the reason instead of stopping every later pull;
* ``sync_refresh``: incidents to drop and download again, once a refused change that
  left them unlike the office's copy is let go;
* ``outbox.explanation``: a refusal as the rulebook wrote it, so it reads in Chinese too;
* ``outbox.owner``: the technician who recorded each change (a shared laptop sends only
  the signed-in technician's work), and ``sync_streams``: each technician's client id and
  numbers; ``outbox.client_id``/``wire_seq``: the stream and number a row was sent under
  (before, ``seq - sync_state.seq_base``, kept as such for the rows already numbered);
* the trigger that keeps a signed incident's fields now leaves ``assigned_to`` free: seal
  format 2 does not cover who works on an incident, and dispatch may reassign it;
* the trigger that refuses a void of a sealed entry lets in a void the sign-off sealed
  too (a correction made before the client signed): a fresh laptop downloading a signed
  incident stored its sign-off, then failed on such a void for ever.

Nothing existing moves: columns are added with ``ALTER TABLE ADD COLUMN``, the outbox
keeps its rows and numbers (tests/test_migrations.py upgrades a store with unsynced work).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 14:00:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

# Frozen copies: a later change to the models must not change what this revision builds.
_PRIORITIES = ("P1", "P2", "P3", "P4")
_STATES = "'signed_off', 'closed'"
_SEALED_BEFORE = (
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
_SEALED_NOW = tuple(c for c in _SEALED_BEFORE if c != "assigned_to")
_NEW_ENTRY_TABLES = ("priority_entries", "assignment_entries")
_SEALED_TARGET = (
    "SELECT 1 FROM entries AS target "
    "JOIN entries AS signed ON signed.incident_id = target.incident_id "
    "AND signed.kind = 'sign_off' "
    "JOIN sign_off_entries AS s ON s.id = signed.id, json_each(s.sealed_entry_ids) AS j "
    "WHERE target.id = NEW.voided_id AND j.value = NEW.voided_id"
)
_VOID_BEFORE = (
    "CREATE TRIGGER void_entries_not_sealed BEFORE INSERT ON void_entries WHEN EXISTS ("
    "SELECT 1 FROM entries WHERE id = NEW.voided_id AND kind = 'sign_off') OR EXISTS ("
    f"{_SEALED_TARGET}) "
    "BEGIN SELECT RAISE(ABORT, 'a sealed entry cannot be voided'); END"
)
_VOID_NOW = (
    "CREATE TRIGGER void_entries_not_sealed BEFORE INSERT ON void_entries WHEN EXISTS ("
    "SELECT 1 FROM entries WHERE id = NEW.voided_id AND kind = 'sign_off') OR EXISTS ("
    f"{_SEALED_TARGET} AND NOT EXISTS ("
    "SELECT 1 FROM json_each(s.sealed_entry_ids) AS k WHERE k.value = NEW.id)) "
    "BEGIN SELECT RAISE(ABORT, 'a sealed entry cannot be voided'); END"
)


def _sealed_trigger(columns: tuple[str, ...]) -> str:
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
    return (
        "CREATE TRIGGER incidents_sealed_no_update "
        f"BEFORE UPDATE ON incidents WHEN OLD.status IN ({_STATES}) "
        f"AND (NEW.status NOT IN ({_STATES}) OR {changed}) "
        "BEGIN SELECT RAISE(ABORT, 'a signed-off incident cannot change'); END"
    )


def upgrade() -> None:
    op.add_column(
        "status_entries", sa.Column("reason", sa.Text(), nullable=False, server_default="")
    )
    priority = sa.Enum(*_PRIORITIES, name="priority", native_enum=False, length=32)
    op.create_table(
        "priority_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("from_priority", priority, nullable=False),
        sa.Column("to_priority", priority, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["entries.id"], name=op.f("fk_priority_entries_id_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priority_entries")),
    )
    op.create_table(
        "assignment_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("from_technician", sa.Uuid(), nullable=True),
        sa.Column("to_technician", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["entries.id"], name=op.f("fk_assignment_entries_id_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_entries")),
    )
    for table in _NEW_ENTRY_TABLES:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'entries are append-only'); END"
            )
    op.create_table(
        "entry_placements",
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("server_order", sa.BigInteger(), nullable=False),
        # UTC text that sorts in time order, as desktop.store.types.UTCDateTime keeps it.
        sa.Column("received_at", sa.String(length=26), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name=op.f("fk_entry_placements_entry_id_entries")
        ),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_entry_placements")),
    )
    op.create_table(
        "sync_set_aside",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("server_order", sa.BigInteger(), nullable=True),
        sa.Column("received_at", sa.String(length=26), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_aside_at", sa.String(length=26), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", name=op.f("pk_sync_set_aside")),
    )
    with op.batch_alter_table("sync_set_aside", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sync_set_aside_incident_id"), ["incident_id"], unique=False
        )
    op.create_table(
        "sync_refresh",
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_sync_refresh")),
    )
    op.add_column("outbox", sa.Column("explanation", sa.JSON(), nullable=True))
    op.add_column("outbox", sa.Column("owner", sa.Uuid(), nullable=True))
    op.add_column("outbox", sa.Column("client_id", sa.Uuid(), nullable=True))
    op.add_column("outbox", sa.Column("wire_seq", sa.BigInteger(), nullable=True))
    op.create_index(op.f("ix_outbox_owner"), "outbox", ["owner"], unique=False)
    op.create_index(
        op.f("ix_outbox_client_id_wire_seq"), "outbox", ["client_id", "wire_seq"], unique=False
    )
    op.create_table(
        "sync_streams",
        sa.Column("owner", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("acked", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("owner", name=op.f("pk_sync_streams")),
        sa.UniqueConstraint("client_id", name=op.f("uq_sync_streams_client_id")),
    )
    _streams_from_the_single_one()
    op.execute("DROP TRIGGER incidents_sealed_no_update")
    op.execute(_sealed_trigger(_SEALED_NOW))
    op.execute("DROP TRIGGER void_entries_not_sealed")
    op.execute(_VOID_NOW)


def _streams_from_the_single_one() -> None:
    """Until now one install had one stream: meta ``client_id``, numbers ``seq - seq_base``.

    Every row belongs to the technician signed in (the only one who could send it); the
    rows after ``seq_base`` keep the numbers they were (or will be) sent under, so a retry
    after the upgrade is recognised; the ones before belong to an older client id and are
    never sent again.
    """
    bind = op.get_bind()
    meta: dict[str, str] = {
        str(k): str(v) for k, v in bind.execute(sa.text("SELECT key, value FROM meta")).all()
    }
    technician, client = meta.get("technician_id"), meta.get("client_id")
    if not technician or not client:
        return
    owner, client_hex = uuid.UUID(technician).hex, uuid.UUID(client).hex
    state = bind.execute(sa.text("SELECT seq_base, acked FROM sync_state WHERE id = 1")).first()
    base, acked = (state[0], state[1]) if state is not None else (0, 0)
    bind.execute(sa.text("UPDATE outbox SET owner = :owner"), {"owner": owner})
    bind.execute(
        sa.text("UPDATE outbox SET client_id = :client, wire_seq = seq - :base WHERE seq > :base"),
        {"client": client_hex, "base": base},
    )
    last = bind.execute(sa.text("SELECT max(seq) FROM outbox")).scalar() or base
    bind.execute(
        sa.text(
            "INSERT INTO sync_streams (owner, client_id, last_seq, acked) "
            "VALUES (:owner, :client, :last, :acked)"
        ),
        {"owner": owner, "client": client_hex, "last": max(last - base, 0), "acked": acked},
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER void_entries_not_sealed")
    op.execute(_VOID_BEFORE)
    op.drop_table("sync_streams")
    op.drop_index(op.f("ix_outbox_client_id_wire_seq"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_owner"), table_name="outbox")
    op.drop_column("outbox", "wire_seq")
    op.drop_column("outbox", "client_id")
    op.drop_column("outbox", "owner")
    op.drop_column("outbox", "explanation")
    op.drop_table("sync_refresh")
    op.execute("DROP TRIGGER incidents_sealed_no_update")
    op.execute(_sealed_trigger(_SEALED_BEFORE))
    with op.batch_alter_table("sync_set_aside", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_set_aside_incident_id"))
    op.drop_table("sync_set_aside")
    op.drop_table("entry_placements")
    for table in _NEW_ENTRY_TABLES:
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
    op.drop_table("assignment_entries")
    op.drop_table("priority_entries")
    op.drop_column("status_entries", "reason")
