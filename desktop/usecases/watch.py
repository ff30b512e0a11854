"""Noticing what another process recorded in the same data folder.

The window and a command line (``fieldbook note …``, ``fieldbook sync``) may work on one
folder at the same time: SQLite's locking keeps their writes whole and in order. For the
window to *show* what the command line recorded, it asks every few seconds what changed
since it last looked. Every local change writes an outbox row (numbered by SQLite's
AUTOINCREMENT, which never goes back), and every sync stamps ``sync_state``; so a
:class:`Mark` of both is enough to tell, in two indexed reads, whether anything happened
and to which incidents.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.store.db import Store
from desktop.store.models import OutboxRow, SyncStateRow


@dataclass(frozen=True, slots=True)
class Mark:
    """Where the store stood: the last outbox number handed out, the last sync."""

    outbox_seq: int
    synced_at: datetime | None


@dataclass(frozen=True, slots=True)
class Since:
    """What changed after a :class:`Mark`."""

    mark: Mark  # the store now
    changes: tuple[tuple[uuid.UUID | None, uuid.UUID | None], ...]  # (incident, entry) each
    everything: bool  # a sync ran, or changes are gone from the outbox: reload all

    @property
    def incident_ids(self) -> frozenset[uuid.UUID]:
        return frozenset(i for i, _ in self.changes if i is not None)

    @property
    def entry_ids(self) -> frozenset[uuid.UUID]:
        return frozenset(e for _, e in self.changes if e is not None)

    @property
    def anything(self) -> bool:
        return self.everything or bool(self.incident_ids)


def mark(store: Store) -> Mark:
    with store.read() as session:
        return _mark(session)


def changes_since(store: Store, since: Mark) -> Since:
    """What was recorded after ``since`` (by this process or another)."""
    with store.read() as session:
        now = _mark(session)
        rows = (
            session.execute(
                select(OutboxRow.seq, OutboxRow.incident_id, OutboxRow.entry_id).where(
                    OutboxRow.seq > since.outbox_seq
                )
            ).all()
            if now.outbox_seq > since.outbox_seq
            else []
        )
    expected = now.outbox_seq - since.outbox_seq
    return Since(
        mark=now,
        changes=tuple((r.incident_id, r.entry_id) for r in rows),
        # Rows already pruned after a sync, or a sync (whose pulls write no outbox rows).
        everything=len(rows) < expected or now.synced_at != since.synced_at,
    )


def _mark(session: Session) -> Mark:
    seq = session.scalar(text("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"))
    state = session.get(SyncStateRow, 1)
    return Mark(
        outbox_seq=int(seq or 0), synced_at=state.last_synced_at if state is not None else None
    )
