"""What each technician holds, and the positions that make pulling safe.

Every record a technician may see has a row in ``feed`` for them (the *audience*): its
kind, its id, ``put`` or ``remove``, and the *position* of the transaction that last
changed it. A pull reads one technician's rows in (position, kind, id) order after its
cursor, and sends each record's current state.

**Why no row is ever skipped.** Positions come from the single row of ``sync_counter``:
a writer increments it (``UPDATE … RETURNING``) as the last step before it commits, and
that row lock is held until the commit. The next writer's increment waits for it, so
transactions commit in position order: once a reader's snapshot shows position *p*,
every position below *p* is committed too (or rolled back for good). A plain
auto-increment would not do: a transaction given 5 could commit after one given 6, and
a reader who had already moved past 6 would never see 5. The lock is held only for the
feed rows and the commit, after all the checks, so writers queue for milliseconds.

On SQLite the write lock is taken at ``BEGIN IMMEDIATE``: the same order, trivially.
"""

from __future__ import annotations

import json
import typing
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from domain.records import PartUsage
from sync.protocol.messages import ChangeOp, RecordKind
from sync.server import bulk
from sync.server.models import (
    CounterRow,
    CoveredSystemRow,
    EntryRow,
    FeedRow,
    IncidentRow,
)

_FEED = typing.cast(Table, FeedRow.__table__)


#: Built once: a statement made on every call cost a few per cent of a big push.
_TAKE_POSITION = (
    update(CounterRow)
    .where(CounterRow.id == 1)
    .values(position=CounterRow.position + 1)
    .returning(CounterRow.position)
)


def take_position(session: Session) -> int:
    """The next position; the caller's transaction holds the counter until it ends."""
    return session.execute(_TAKE_POSITION).scalar_one()


class Staged:
    """Feed changes gathered during a transaction, written with its position."""

    def __init__(self) -> None:
        self._ops: dict[tuple[uuid.UUID, RecordKind, uuid.UUID], ChangeOp] = {}
        self._touched: set[tuple[RecordKind, uuid.UUID]] = set()

    def __bool__(self) -> bool:
        return bool(self._ops or self._touched)

    def put(self, audience: uuid.UUID, kind: RecordKind, record_id: uuid.UUID) -> None:
        self._ops[(audience, kind, record_id)] = ChangeOp.PUT

    def remove(self, audience: uuid.UUID, kind: RecordKind, record_id: uuid.UUID) -> None:
        self._ops[(audience, kind, record_id)] = ChangeOp.REMOVE

    def touch(self, kind: RecordKind, record_id: uuid.UUID) -> None:
        """The record changed: everyone who holds it gets it again."""
        self._touched.add((kind, record_id))

    def grant_incident(self, session: Session, audience: uuid.UUID, incident: IncidentRow) -> None:
        """``audience`` now holds ``incident``: it, its entries and what they refer to."""
        self.put(audience, RecordKind.TECHNICIAN, audience)
        self.put(audience, RecordKind.INCIDENT, incident.id)
        self.put(audience, RecordKind.CLIENT, incident.client_id)
        self.put(audience, RecordKind.CONTRACT, incident.contract_id)
        systems = session.scalars(
            select(CoveredSystemRow.id).where(CoveredSystemRow.contract_id == incident.contract_id)
        )
        for system_id in systems:
            self.put(audience, RecordKind.SYSTEM, system_id)
        entries = session.execute(
            select(EntryRow.id, EntryRow.kind, EntryRow.author_id, EntryRow.body).where(
                EntryRow.incident_id == incident.id
            )
        )
        for entry_id, kind, author_id, body in entries:
            self.put(audience, RecordKind.ENTRY, entry_id)
            if author_id is not None:
                self.put(audience, RecordKind.TECHNICIAN, author_id)
            if kind == PartUsage.kind:
                self.put(audience, RecordKind.PART, uuid.UUID(json.loads(body)["part_id"]))

    def revoke_incident(
        self, session: Session, audience: uuid.UUID, incident_id: uuid.UUID
    ) -> None:
        """``audience`` no longer holds the incident, its entries, nor the client, the
        contract and its covered systems unless another incident of theirs needs them:
        client data stays on a laptop only while it is that technician's work."""
        self.remove(audience, RecordKind.INCIDENT, incident_id)
        for entry_id in session.scalars(
            select(EntryRow.id).where(EntryRow.incident_id == incident_id)
        ):
            self.remove(audience, RecordKind.ENTRY, entry_id)
        gone = session.get(IncidentRow, incident_id)
        if gone is None:
            return
        theirs = select(IncidentRow.contract_id, IncidentRow.client_id).where(
            IncidentRow.assigned_to == audience, IncidentRow.id != incident_id
        )
        kept = session.execute(theirs).all()
        if all(contract != gone.contract_id for contract, _ in kept):
            self.remove(audience, RecordKind.CONTRACT, gone.contract_id)
            for system_id in session.scalars(
                select(CoveredSystemRow.id).where(CoveredSystemRow.contract_id == gone.contract_id)
            ):
                self.remove(audience, RecordKind.SYSTEM, system_id)
        if all(client != gone.client_id for _, client in kept):
            self.remove(audience, RecordKind.CLIENT, gone.client_id)

    def rows(self) -> list[tuple[uuid.UUID, str, uuid.UUID, str]]:
        """The staged puts and removes: (audience, kind, record id, op)."""
        return [(a, k.value, r, op.value) for (a, k, r), op in self._ops.items()]

    def write(self, session: Session, position: int) -> None:
        """Write the staged rows at ``position`` (taken with :func:`take_position`)."""
        if self._ops:
            rows = [
                {"audience": a, "kind": k, "record_id": r, "op": op, "position": position}
                for a, k, r, op in self.rows()
            ]
            bulk.executemany(session, _upsert(session), rows)
        self.write_touches(session, position)
        self._ops.clear()

    def write_touches(self, session: Session, position: int) -> None:
        """Move the records that changed to ``position`` for everyone who holds them."""
        if self._touched:
            session.execute(
                update(_FEED)
                .where(
                    _FEED.c.kind == bindparam("k"),
                    _FEED.c.record_id == bindparam("r"),
                    _FEED.c.op == ChangeOp.PUT.value,
                )
                .values(position=position),
                [{"k": k.value, "r": r} for k, r in self._touched],
            )
        self._touched.clear()


def _upsert(session: Session) -> Executable:
    return _UPSERTS[session.get_bind().dialect.name == "postgresql"]


def _upsert_for(insert: Any) -> Executable:
    stmt = insert(_FEED)
    return typing.cast(
        Executable,
        stmt.on_conflict_do_update(
            index_elements=[_FEED.c.audience, _FEED.c.kind, _FEED.c.record_id],
            set_={"op": stmt.excluded.op, "position": stmt.excluded.position},
        ),
    )


#: Built once (bulk.executemany keeps a plan per statement): SQLite's, PostgreSQL's.
_UPSERTS = (_upsert_for(sqlite.insert), _upsert_for(postgresql.insert))


def holders(session: Session, kind: RecordKind, record_id: uuid.UUID) -> Iterable[uuid.UUID]:
    """Who holds a record now."""
    return session.scalars(
        select(FeedRow.audience).where(
            FeedRow.kind == kind.value, FeedRow.record_id == record_id, FeedRow.op == "put"
        )
    )
