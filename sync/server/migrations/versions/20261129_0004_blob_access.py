"""Files follow the incident: who holds a blob's bytes, who uploads it, and when.

* ``blobs.uploader``/``touched_at``: a partial upload counts against its uploader's quota
  and is collected when left alone for days;
* ``blob_holders``: who showed they have a blob's bytes (uploaded it, or sent it again);
  an entry lets its readers fetch a blob only if its author is one. The authors of the
  entries naming a blob already complete are its holders (they sent it, or their laptop
  made it);
* ``blob_proofs``: how far someone got sending again a blob the service holds already.

(sync.server.blobs)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

TIME = sa.String(32).with_variant(postgresql.TIMESTAMP(timezone=True), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uploader", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("touched_at", TIME, nullable=True))
        batch_op.create_index(batch_op.f("ix_blobs_uploader"), ["uploader"], unique=False)
    op.create_table(
        "blob_holders",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("proven_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_blob_holders_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("sha256", "user_id", name=op.f("pk_blob_holders")),
    )
    op.create_table(
        "blob_proofs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("proven", sa.BigInteger(), nullable=False),
        sa.Column("touched_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_blob_proofs_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("sha256", "user_id", name=op.f("pk_blob_proofs")),
    )
    op.execute(
        "INSERT INTO blob_holders (sha256, user_id, proven_at) "
        "SELECT DISTINCT e.sha256, e.author_id, b.completed_at FROM entries e "
        "JOIN blobs b ON b.sha256 = e.sha256 "
        "WHERE b.complete AND e.author_id IS NOT NULL AND b.completed_at IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_table("blob_proofs")
    op.drop_table("blob_holders")
    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blobs_uploader"))
        batch_op.drop_column("touched_at")
        batch_op.drop_column("uploader")
