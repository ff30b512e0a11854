"""What one push transaction knows: what it read, what it staged, what it will write.

:class:`Batch` is the push's state. :mod:`sync.server.preload` fills it with the rows
the mutations refer to; it answers the rulebook's questions about them (it is a
:class:`domain.rules.Record`, including what the same push staged before); the
``stage_*`` methods remember what each accepted mutation writes (new incidents, entries,
van stock moves, feed rows, deliveries) and :mod:`sync.server.write` writes them at the
end.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.records import Attachment, Entry, Incident, PartUsage, SignOff, Void
from domain.rules import EntryRef
from sync.protocol.messages import RecordKind
from sync.protocol.records import entry_from_plain
from sync.server.auth import Caller
from sync.server.feed import Staged
from sync.server.models import ContractRow, CoveredSystemRow, DeliveryRow, IncidentRow

SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(slots=True)
class Known:
    """An entry the batch knows about: stored before, or staged by this batch."""

    incident_id: uuid.UUID
    kind: str
    body: str
    author_id: uuid.UUID | None
    part_id: uuid.UUID | None = None
    quantity: int = 0


@dataclass
class Batch:
    """The state of one push transaction: what it read, checked and will write."""

    session: Session
    caller: Caller
    client_id: uuid.UUID
    now: datetime
    incidents: dict[uuid.UUID, IncidentRow] = field(default_factory=dict)
    #: The same incidents as records, made once a push, not once an entry (judge keeps
    #: them in step with the rows when a status change moves one).
    records: dict[uuid.UUID, Incident] = field(default_factory=dict)
    known: dict[uuid.UUID, Known] = field(default_factory=dict)
    voided: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # entry → its void
    incident_voids: dict[uuid.UUID, dict[uuid.UUID, uuid.UUID]] = field(default_factory=dict)
    sign_offs: dict[uuid.UUID, SignOff] = field(default_factory=dict)
    pausable: dict[uuid.UUID, bool] = field(default_factory=dict)  # contract → pause allowed
    parts: set[uuid.UUID] = field(default_factory=set)
    contracts: dict[uuid.UUID, ContractRow] = field(default_factory=dict)
    systems: dict[uuid.UUID, CoveredSystemRow] = field(default_factory=dict)
    numbers: set[str] = field(default_factory=set)
    blobs: dict[str, int | None] = field(default_factory=dict)  # complete: sha → size
    held: set[str] = field(default_factory=set)  # complete blobs the caller holds
    new_incidents: list[IncidentRow] = field(default_factory=list)
    new_entries: list[dict[str, Any]] = field(default_factory=list)
    stock: dict[tuple[uuid.UUID, uuid.UUID], int] = field(default_factory=dict)
    feed: Staged = field(default_factory=Staged)
    new_deliveries: list[DeliveryRow] = field(default_factory=list)
    #: The address the laptop reached the service at (a report's QR code may lead there).
    service_url: str = ""
    #: Payloads read as entries already (by :mod:`~sync.server.preload`), by identity.
    read: dict[int, tuple[dict[str, Any], Entry]] = field(default_factory=dict)

    def read_entry(self, payload: dict[str, Any]) -> Entry:
        """``payload`` read as an entry (``entry_from_plain``, raising ``InvalidRecord``),
        once a push: the preload reads it to learn what it refers to, the judge again."""
        found = self.read.get(id(payload))
        if found is not None and found[0] is payload:
            return found[1]
        entry = entry_from_plain(payload)
        self.read[id(payload)] = (payload, entry)
        return entry

    # --- the rulebook's questions (domain.rules.Record) ------------------------------

    def entry(self, entry_id: uuid.UUID) -> EntryRef | None:
        known = self.known.get(entry_id)
        return None if known is None else EntryRef(known.kind, known.incident_id)

    def void_of(self, entry_id: uuid.UUID) -> uuid.UUID | None:
        return self.voided.get(entry_id)

    def voids(self, incident_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID]:
        return self.incident_voids.get(incident_id, {})

    def sealed(self, incident_id: uuid.UUID) -> SignOff | None:
        return self.sign_offs.get(incident_id)

    def pause_allowed(self, incident: Incident) -> bool:
        return self.pausable.get(incident.contract_id, False)

    # --- staging what an accepted mutation writes ----------------------------------

    def stage_entry(self, entry: Entry, body: str, seq: int, *, seal_verified: bool | None) -> None:
        """``entry`` was accepted: remember it for the rules, and write it at the end."""
        me = self.caller.user_id
        part_id = entry.part_id if isinstance(entry, PartUsage) else None
        quantity = entry.quantity if isinstance(entry, PartUsage) else 0
        self.known[entry.id] = Known(entry.incident_id, entry.kind, body, me, part_id, quantity)
        self.new_entries.append(
            {
                "id": entry.id,
                "incident_id": entry.incident_id,
                "kind": entry.kind,
                "author_id": me,
                "recorded_at": entry.recorded_at,
                "received_at": self.now,
                "client_id": self.client_id,
                "client_seq": seq,
                "rank": len(self.new_entries),
                "voided_id": entry.voided_id if isinstance(entry, Void) else None,
                "sha256": blob_of(entry),
                "seal_verified": seal_verified,
                "seal": entry.seal if isinstance(entry, SignOff) else None,
                "body": body,
            }
        )
        self.feed.put(me, RecordKind.ENTRY, entry.id)
        if isinstance(entry, PartUsage):
            self._stock(me, entry.part_id, -entry.quantity)
            self.feed.put(me, RecordKind.PART, entry.part_id)
        elif isinstance(entry, SignOff):
            self.sign_offs[entry.incident_id] = entry
        elif isinstance(entry, Void):
            self.voided[entry.voided_id] = entry.id
            self.incident_voids.setdefault(entry.incident_id, {})[entry.voided_id] = entry.id
            target = self.known[entry.voided_id]
            if target.part_id is not None and target.author_id is not None:
                self._stock(target.author_id, target.part_id, target.quantity)

    def stage_incident(self, row: IncidentRow) -> None:
        """A new incident opened on site by the caller: theirs, with what it refers to."""
        self.incidents[row.id] = row
        self.numbers.add(row.number)
        self.new_incidents.append(row)
        me = self.caller.user_id
        for kind, rid in (
            (RecordKind.TECHNICIAN, me),
            (RecordKind.INCIDENT, row.id),
            (RecordKind.CLIENT, row.client_id),
            (RecordKind.CONTRACT, row.contract_id),
        ):
            self.feed.put(me, kind, rid)
        for system_id in self.session.scalars(
            select(CoveredSystemRow.id).where(CoveredSystemRow.contract_id == row.contract_id)
        ):
            self.feed.put(me, RecordKind.SYSTEM, system_id)

    def stage_delivery(self, row: DeliveryRow) -> None:
        """A report to e-mail (``report.send``): stored with the push, sent after it."""
        self.new_deliveries.append(row)
        self.feed.put(self.caller.user_id, RecordKind.DELIVERY, row.id)

    def delivery(self, delivery_id: uuid.UUID) -> DeliveryRow | None:
        for row in self.new_deliveries:
            if row.id == delivery_id:
                return row
        return self.session.get(DeliveryRow, delivery_id)

    def _stock(self, technician: uuid.UUID, part_id: uuid.UUID, delta: int) -> None:
        key = (technician, part_id)
        self.stock[key] = self.stock.get(key, 0) + delta


def blob_of(entry: Entry) -> str | None:
    """The blob an entry names: an attachment's bytes, a signature's picture."""
    if isinstance(entry, Attachment):
        return entry.sha256
    if isinstance(entry, SignOff):
        return entry.signature_sha256
    return None
