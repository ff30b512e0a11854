"""What one push transaction has read, and will write.

:class:`Batch` reads what a push's mutations refer to in a few queries (the incidents
locked ``FOR NO KEY UPDATE`` in id order, so two pushes on one incident queue and never
deadlock), answers the rulebook's questions about it (it is a
:class:`domain.rules.Record`, including what the same push staged before), and gathers the
writes: new incidents, entries, van stock, feed rows. :meth:`Batch.finish` writes them at
the end, after the transaction has taken its feed position, so the counter every writer
queues on is held only for that and the commit.
"""

from __future__ import annotations

import contextlib
import re
import typing
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from domain.records import Attachment, Entry, Incident, PartUsage, SignOff, Status, Void
from domain.rules import EntryRef
from domain.status import SEALED_STATES
from sync.protocol.messages import RecordKind
from sync.protocol.records import MutationName, entry_from_plain
from sync.server import bulk, records
from sync.server.auth import Caller
from sync.server.feed import Staged, take_position
from sync.server.models import (
    ORDER_SPAN,
    BlobHolderRow,
    BlobRow,
    ContractRow,
    CoveredSystemRow,
    DeliveryRow,
    EntryRow,
    IncidentRow,
    SparePartRow,
    VanStockRow,
)

_ENTRIES = typing.cast(Table, EntryRow.__table__)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: Statuses in which an incident can have a sign-off (or be about to get one).
_SIGNABLE = frozenset({Status.RESOLVED, *SEALED_STATES})


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

    # --- reading what the mutations refer to, in a few queries ---------------------

    def preload(self, payloads: Iterable[tuple[str, dict[str, Any]]]) -> None:
        incident_ids: set[uuid.UUID] = set()
        signing: set[uuid.UUID] = set()
        entry_ids: set[uuid.UUID] = set()
        part_ids: set[uuid.UUID] = set()
        contract_ids: set[uuid.UUID] = set()
        system_ids: set[uuid.UUID] = set()
        numbers: set[str] = set()
        shas: set[str] = set()
        for name, payload in payloads:
            if name == MutationName.INCIDENT_CREATE:
                _add_id(incident_ids, payload.get("id"))
                _add_id(contract_ids, payload.get("contract_id"))
                _add_id(system_ids, payload.get("system_id"))
                if isinstance(payload.get("number"), str):
                    numbers.add(payload["number"])
                continue
            _add_id(incident_ids, payload.get("incident_id"))
            if payload.get("kind") == SignOff.kind:
                _add_id(signing, payload.get("incident_id"))
            for key in ("id", "voided_id", "note_id"):
                _add_id(entry_ids, payload.get(key))
            _add_id(part_ids, payload.get("part_id"))
            sealed = payload.get("sealed_entry_ids")
            if isinstance(sealed, list):
                for value in sealed[:10_000]:
                    _add_id(entry_ids, value)
            for key in ("sha256", "signature_sha256"):
                sha = payload.get(key)
                if isinstance(sha, str) and SHA256.match(sha):
                    shas.add(sha)
        s = self.session
        if incident_ids:
            self._load_incidents(incident_ids, signing)
        if entry_ids:
            self._load_entries(entry_ids)
        if part_ids:
            self.parts = set(
                s.scalars(select(SparePartRow.id).where(SparePartRow.id.in_(part_ids)))
            )
        contract_ids |= {row.contract_id for row in self.incidents.values()}
        if contract_ids:
            rows_c = s.scalars(select(ContractRow).where(ContractRow.id.in_(contract_ids)))
            self.contracts = {r.id: r for r in rows_c}
            self.pausable = {r.id: r.pause_allowed for r in self.contracts.values()}
        if system_ids:
            rows_s = s.scalars(select(CoveredSystemRow).where(CoveredSystemRow.id.in_(system_ids)))
            self.systems = {r.id: r for r in rows_s}
        if numbers:
            self.numbers = set(
                s.scalars(select(IncidentRow.number).where(IncidentRow.number.in_(numbers)))
            )
        if shas:
            self.blobs = dict(
                s.execute(
                    select(BlobRow.sha256, BlobRow.size).where(
                        BlobRow.sha256.in_(shas), BlobRow.complete
                    )
                ).all()
            )
            self.held = set(
                s.scalars(
                    select(BlobHolderRow.sha256).where(
                        BlobHolderRow.sha256.in_(shas),
                        BlobHolderRow.user_id == self.caller.user_id,
                    )
                )
            )

    def _load_incidents(self, incident_ids: set[uuid.UUID], signing: set[uuid.UUID]) -> None:
        s = self.session
        # Locked in id order: two pushes touching the same incidents cannot deadlock.
        rows = s.scalars(
            select(IncidentRow)
            .where(IncidentRow.id.in_(sorted(incident_ids)))
            .order_by(IncidentRow.id)
            # FOR NO KEY UPDATE: pushes on one incident queue up, yet inserting an
            # entry elsewhere (its foreign key takes KEY SHARE) is never blocked.
            .with_for_update(key_share=True)
        )
        self.incidents = {r.id: r for r in rows}
        signable = [i for i, r in self.incidents.items() if r.status in _SIGNABLE]
        if signable:
            for incident_id, body in s.execute(
                select(EntryRow.incident_id, EntryRow.body).where(
                    EntryRow.incident_id.in_(signable), EntryRow.kind == SignOff.kind
                )
            ):
                value = entry_from_plain(records.entry_json(body))
                assert isinstance(value, SignOff)
                self.sign_offs[incident_id] = value
        signing = {i for i in signing if i in self.incidents}
        if signing:
            for incident_id, voided_id, void_id in s.execute(
                select(EntryRow.incident_id, EntryRow.voided_id, EntryRow.id).where(
                    EntryRow.incident_id.in_(signing), EntryRow.voided_id.is_not(None)
                )
            ):
                if voided_id is not None:
                    self.incident_voids.setdefault(incident_id, {})[voided_id] = void_id

    def _load_entries(self, entry_ids: set[uuid.UUID]) -> None:
        s = self.session
        for row in s.execute(
            select(
                EntryRow.id,
                EntryRow.incident_id,
                EntryRow.kind,
                EntryRow.body,
                EntryRow.author_id,
            ).where(EntryRow.id.in_(entry_ids))
        ):
            known = Known(row.incident_id, row.kind, row.body, row.author_id)
            if row.kind == PartUsage.kind:
                body = records.entry_json(row.body)
                known.part_id, known.quantity = uuid.UUID(body["part_id"]), body["quantity"]
            self.known[row.id] = known
        for voided_id, void_id in s.execute(
            select(EntryRow.voided_id, EntryRow.id).where(EntryRow.voided_id.in_(entry_ids))
        ):
            if voided_id is not None:
                self.voided[voided_id] = void_id

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

    # --- writing -------------------------------------------------------------------

    def finish(self) -> None:
        """Write everything staged; the feed position is taken last.

        Only what needs the position (the entries' server order, the feed rows) and the
        commit run while the counter is held: writers queue on it one after the other.
        """
        if not (
            self.new_incidents or self.new_entries or self.stock or self.feed or self.new_deliveries
        ):
            return
        s = self.session
        if self.new_incidents:
            s.add_all(self.new_incidents)
        if self.new_deliveries:
            s.add_all(self.new_deliveries)
        s.flush()  # new incidents and status updates
        for (technician, part_id), delta in sorted(self.stock.items()):
            self._write_stock(technician, part_id, delta)
        if s.get_bind().dialect.name == "postgresql":
            bulk.stage(s, self.new_entries, self.feed.rows())
            position = bulk.move(s)  # the counter is held from here to the commit
            self.feed.write_touches(s, position)
            return
        position = take_position(s)
        if self.new_entries:
            rows = [
                {
                    **{k: v for k, v in row.items() if k != "rank"},
                    "position": position,
                    "server_order": position * ORDER_SPAN + row["rank"],
                }
                for row in self.new_entries
            ]
            s.execute(_ENTRIES.insert(), rows)
        self.feed.write(s, position)

    def _write_stock(self, technician: uuid.UUID, part_id: uuid.UUID, delta: int) -> None:
        s = self.session
        done = s.execute(
            update(VanStockRow)
            .where(VanStockRow.technician_id == technician, VanStockRow.part_id == part_id)
            .values(on_hand=VanStockRow.on_hand + delta, as_of=self.now)
        )
        if getattr(done, "rowcount", 0) == 0:
            # Used from a van the service had no count for: the count goes below zero,
            # which is what the office must see (append-only entries never conflict).
            s.add(
                VanStockRow(
                    technician_id=technician, part_id=part_id, on_hand=delta, as_of=self.now
                )
            )
            s.flush()
        self.feed.put(technician, RecordKind.VAN_STOCK, part_id)
        self.feed.put(technician, RecordKind.PART, part_id)


def blob_of(entry: Entry) -> str | None:
    """The blob an entry names: an attachment's bytes, a signature's picture."""
    if isinstance(entry, Attachment):
        return entry.sha256
    if isinstance(entry, SignOff):
        return entry.signature_sha256
    return None


def _add_id(into: set[uuid.UUID], value: object) -> None:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            into.add(uuid.UUID(value))
