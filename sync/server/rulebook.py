"""The rulebook's questions (:class:`domain.rules.Record`) answered from the database, and
dispatch's entries written into an incident's history.

A push answers the rules from what it locked and read in bulk
(:class:`sync.server.batch.Batch`); the office's actions touch one incident at a time
and ask here. Either way the judging is :mod:`domain.rules`, as on the laptops.
"""

from __future__ import annotations

import typing
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from domain.records import Entry, Incident, SignOff, Void
from domain.rules import EntryRef
from sync.protocol.messages import RecordKind
from sync.protocol.records import entry_from_plain
from sync.server import records
from sync.server.feed import Staged
from sync.server.models import ORDER_SPAN, ContractRow, EntryRow

_ENTRIES = typing.cast(Table, EntryRow.__table__)


class DatabaseRecord:
    """:class:`domain.rules.Record` over the service's database, in ``session``."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def entry(self, entry_id: uuid.UUID) -> EntryRef | None:
        found = self.session.execute(
            select(EntryRow.kind, EntryRow.incident_id).where(EntryRow.id == entry_id)
        ).first()
        return None if found is None else EntryRef(found.kind, found.incident_id)

    def void_of(self, entry_id: uuid.UUID) -> uuid.UUID | None:
        return self.session.scalar(select(EntryRow.id).where(EntryRow.voided_id == entry_id))

    def voids(self, incident_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID]:
        rows = self.session.execute(
            select(EntryRow.voided_id, EntryRow.id).where(
                EntryRow.incident_id == incident_id, EntryRow.voided_id.is_not(None)
            )
        )
        return {voided: void for voided, void in rows if voided is not None}

    def sealed(self, incident_id: uuid.UUID) -> SignOff | None:
        body = self.session.scalar(
            select(EntryRow.body).where(
                EntryRow.incident_id == incident_id, EntryRow.kind == SignOff.kind
            )
        )
        if body is None:
            return None
        value = entry_from_plain(records.entry_json(body))
        assert isinstance(value, SignOff)
        return value

    def pause_allowed(self, incident: Incident) -> bool:
        return bool(
            self.session.scalar(
                select(ContractRow.pause_allowed).where(ContractRow.id == incident.contract_id)
            )
        )


class OfficeEntries:
    """Entries the office records in one transaction, written at its feed position."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._rows: list[dict[str, Any]] = []

    def add(self, entry: Entry, staged: Staged, audience: uuid.UUID | None) -> None:
        """Record ``entry`` (judged already); ``audience``, the incident's holder, gets it."""
        self._rows.append(
            {
                "id": entry.id,
                "incident_id": entry.incident_id,
                "kind": entry.kind,
                "author_id": entry.author_id,
                "recorded_at": entry.recorded_at,
                "received_at": self.now,
                "client_id": None,
                "client_seq": None,
                "voided_id": entry.voided_id if isinstance(entry, Void) else None,
                "sha256": None,
                "seal_verified": None,
                "seal": entry.seal if isinstance(entry, SignOff) else None,
                "body": records.entry_body(entry),
            }
        )
        if audience is not None:
            staged.put(audience, RecordKind.ENTRY, entry.id)
            if entry.author_id is not None:
                staged.put(audience, RecordKind.TECHNICIAN, entry.author_id)

    def write(self, session: Session, position: int) -> None:
        if self._rows:
            session.execute(
                _ENTRIES.insert(),
                [
                    {**row, "position": position, "server_order": position * ORDER_SPAN + n}
                    for n, row in enumerate(self._rows)
                ],
            )
            self._rows.clear()
