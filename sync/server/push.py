"""Applying a laptop's mutations exactly once.

One push is one transaction: the client's stream row is locked (``FOR UPDATE``), the
numbers are checked (consecutive, no gap after the last applied one), each new mutation
is checked against the shared domain rules and either staged or rejected, and the last
applied number moves on in the same commit as the effects. A retry of numbers at or
below it is acknowledged without doing anything; a rejected mutation uses its number up,
so it never blocks the ones after it.

Checks read state that is locked for the whole transaction (the incidents it touches,
``FOR UPDATE`` in id order), writes happen at the end (:func:`Batch.finish`), after the
transaction has taken its feed position. A record the database still refuses (a race
on a new id with another client) rolls the push back; it is then replayed one mutation
per transaction, so one bad mutation is rejected alone and never blocks the stream.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import re
import typing
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain.records import (
    Attachment,
    ClockPause,
    ClockResume,
    Entry,
    Incident,
    PartUsage,
    Resolution,
    SignOff,
    Status,
    StatusChange,
    TimeEntry,
    Void,
)
from domain.seal import SEAL_FORMAT, seal_hash
from domain.status import SEALED_STATES, is_allowed
from sync.protocol.constants import MAX_BLOB_SIZE
from sync.protocol.errors import ErrorCode
from sync.protocol.messages import (
    MutationResult,
    MutationStatus,
    PushRequest,
    PushResponse,
    RecordKind,
    RejectCode,
)
from sync.protocol.records import InvalidRecord, MutationName, entry_from_plain, from_plain
from sync.server import bulk, records
from sync.server.auth import Caller
from sync.server.db import Database
from sync.server.errors import ApiError
from sync.server.feed import Staged, take_position
from sync.server.models import (
    BlobRow,
    ClientStreamRow,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    SparePartRow,
    VanStockRow,
)

log = logging.getLogger("fieldbook.server")

QUANTITY_MAX = 1000
_ENTRIES = typing.cast(Table, EntryRow.__table__)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: Statuses in which an incident can have a sign-off (or be about to get one).
_SIGNABLE = frozenset({Status.RESOLVED, *SEALED_STATES})
_LIMITS = {"number": 40, "title": 200, "system_name": 200, "description": 5000}


class Rejected(Exception):
    """A mutation refused for good."""

    def __init__(
        self, code: RejectCode, message: str, *, current_status: Status | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.current_status = current_status


class _AlreadyApplied(Exception):
    """The very same record is here already (sent again under another number)."""


@dataclass(slots=True)
class _Known:
    """An entry the batch knows about: stored before, or staged by this batch."""

    incident_id: uuid.UUID
    kind: str
    body: str
    author_id: uuid.UUID | None
    part_id: uuid.UUID | None = None
    quantity: int = 0


@dataclass(slots=True)
class _Outcome:
    status: MutationStatus
    missing_blob: str | None = None


@dataclass
class Batch:
    """The state of one push transaction: what it read, checked and will write."""

    session: Session
    caller: Caller
    client_id: uuid.UUID
    now: datetime
    incidents: dict[uuid.UUID, IncidentRow] = field(default_factory=dict)
    known: dict[uuid.UUID, _Known] = field(default_factory=dict)
    voided: set[uuid.UUID] = field(default_factory=set)
    parts: set[uuid.UUID] = field(default_factory=set)
    contracts: dict[uuid.UUID, ContractRow] = field(default_factory=dict)
    systems: dict[uuid.UUID, CoveredSystemRow] = field(default_factory=dict)
    numbers: set[str] = field(default_factory=set)
    blobs: set[str] = field(default_factory=set)
    sign_offs: dict[uuid.UUID, frozenset[uuid.UUID]] = field(default_factory=dict)
    new_incidents: list[IncidentRow] = field(default_factory=list)
    new_entries: list[dict[str, Any]] = field(default_factory=list)
    stock: dict[tuple[uuid.UUID, uuid.UUID], int] = field(default_factory=dict)
    feed: Staged = field(default_factory=Staged)

    # --- reading what the mutations refer to, in a few queries ---------------------

    def preload(self, payloads: Iterable[tuple[str, dict[str, Any]]]) -> None:
        incident_ids: set[uuid.UUID] = set()
        entry_ids: set[uuid.UUID] = set()
        part_ids: set[uuid.UUID] = set()
        contract_ids: set[uuid.UUID] = set()
        system_ids: set[uuid.UUID] = set()
        numbers: set[str] = set()
        shas: set[str] = set()
        voids = False
        for name, payload in payloads:
            if name == MutationName.INCIDENT_CREATE:
                _add_id(incident_ids, payload.get("id"))
                _add_id(contract_ids, payload.get("contract_id"))
                _add_id(system_ids, payload.get("system_id"))
                if isinstance(payload.get("number"), str):
                    numbers.add(payload["number"])
            else:
                _add_id(incident_ids, payload.get("incident_id"))
                voids = voids or "voided_id" in payload
                for key in ("id", "voided_id", "note_id"):
                    _add_id(entry_ids, payload.get(key))
                _add_id(part_ids, payload.get("part_id"))
                sealed = payload.get("sealed_entry_ids")
                if isinstance(sealed, list):
                    for value in sealed[:10_000]:
                        _add_id(entry_ids, value)
                for key in ("sha256", "signature_sha256"):
                    sha = payload.get(key)
                    if isinstance(sha, str) and _SHA256.match(sha):
                        shas.add(sha)
        s = self.session
        if incident_ids:
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
            for incident_id, signed in (
                s.execute(
                    select(EntryRow.incident_id, EntryRow.body).where(
                        EntryRow.incident_id.in_(signable), EntryRow.kind == SignOff.kind
                    )
                )
                if signable
                else ()
            ):
                sealed_ids = records.entry_json(signed).get("sealed_entry_ids", [])
                self.sign_offs[incident_id] = frozenset(uuid.UUID(i) for i in sealed_ids)
        if entry_ids:
            for row in s.execute(
                select(
                    EntryRow.id,
                    EntryRow.incident_id,
                    EntryRow.kind,
                    EntryRow.body,
                    EntryRow.author_id,
                ).where(EntryRow.id.in_(entry_ids))
            ):
                known = _Known(row.incident_id, row.kind, row.body, row.author_id)
                if row.kind == PartUsage.kind:
                    body = records.entry_json(row.body)
                    known.part_id, known.quantity = uuid.UUID(body["part_id"]), body["quantity"]
                self.known[row.id] = known
            self.voided = (
                set()
                if not voids
                else {
                    v
                    for v in s.scalars(
                        select(EntryRow.voided_id).where(EntryRow.voided_id.in_(entry_ids))
                    )
                    if v is not None
                }
            )
        if part_ids:
            self.parts = set(
                s.scalars(select(SparePartRow.id).where(SparePartRow.id.in_(part_ids)))
            )
        if contract_ids:
            rows_c = s.scalars(select(ContractRow).where(ContractRow.id.in_(contract_ids)))
            self.contracts = {r.id: r for r in rows_c}
        if system_ids:
            rows_s = s.scalars(select(CoveredSystemRow).where(CoveredSystemRow.id.in_(system_ids)))
            self.systems = {r.id: r for r in rows_s}
        if numbers:
            self.numbers = set(
                s.scalars(select(IncidentRow.number).where(IncidentRow.number.in_(numbers)))
            )
        if shas:
            self.blobs = set(
                s.scalars(select(BlobRow.sha256).where(BlobRow.sha256.in_(shas), BlobRow.complete))
            )

    # --- one mutation ----------------------------------------------------------------

    def apply(self, seq: int, name: str, payload: dict[str, Any]) -> _Outcome:
        if name == MutationName.INCIDENT_CREATE:
            return self._create_incident(payload)
        if name == MutationName.INCIDENT_STATUS:
            return self._add_entry(seq, payload, status=True)
        if name == MutationName.ENTRY_ADD:
            return self._add_entry(seq, payload, status=False)
        known = ", ".join(m.value for m in MutationName)
        raise Rejected(
            RejectCode.UNKNOWN_MUTATION, f"Unknown mutation {name!r}; this server knows {known}."
        )

    def _incident(self, incident_id: uuid.UUID) -> IncidentRow:
        row = self.incidents.get(incident_id)
        if row is None:
            raise Rejected(RejectCode.NOT_FOUND, f"No incident {incident_id} on the server.")
        if row.assigned_to != self.caller.user_id:
            raise Rejected(
                RejectCode.FORBIDDEN,
                f"Incident {row.number} is not assigned to you; dispatch decides who works on it.",
            )
        return row

    def _create_incident(self, payload: dict[str, Any]) -> _Outcome:
        try:
            value = from_plain(Incident, payload)
        except InvalidRecord as error:
            raise Rejected(RejectCode.INVALID, f"The incident does not read: {error}") from None
        for name, limit in _LIMITS.items():
            if len(getattr(value, name)) > limit:
                raise Rejected(RejectCode.INVALID, f"{name}: longer than {limit} characters.")
        existing = self.incidents.get(value.id)
        if existing is not None:
            if existing.assigned_to == self.caller.user_id and existing.number == value.number:
                raise _AlreadyApplied
            raise Rejected(RejectCode.DUPLICATE, f"Incident id {value.id} is taken.")
        if value.number in self.numbers:
            raise Rejected(RejectCode.DUPLICATE, f"Incident number {value.number} is taken.")
        contract = self.contracts.get(value.contract_id)
        if contract is None:
            raise Rejected(RejectCode.NOT_FOUND, f"No contract {value.contract_id} on the server.")
        if contract.client_id != value.client_id:
            raise Rejected(RejectCode.INVALID, "The contract belongs to another client.")
        if value.system_id is not None:
            system = self.systems.get(value.system_id)
            if system is None or system.contract_id != contract.id:
                raise Rejected(RejectCode.INVALID, "The system is not in the contract's Annex 1.")
        if value.assigned_to not in (None, self.caller.user_id):
            raise Rejected(RejectCode.FORBIDDEN, "Only dispatch assigns incidents to others.")
        if (
            value.status is not Status.NEW
            or value.responded_at is not None
            or value.resolved_at is not None
            or value.resolution is not None
        ):
            raise Rejected(
                RejectCode.INVALID, "A new incident starts as new; send status changes after it."
            )
        row = IncidentRow(
            id=value.id,
            number=value.number,
            client_id=value.client_id,
            contract_id=value.contract_id,
            system_id=value.system_id,
            system_name=value.system_name,
            priority=value.priority,
            channel=value.channel,
            title=value.title,
            description=value.description,
            notified_at=value.notified_at,
            status=Status.NEW,
            responded_at=None,
            resolved_at=None,
            resolution=None,
            assigned_to=self.caller.user_id,
            created_at=self.now,
            updated_at=self.now,
        )
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
        return _Outcome(MutationStatus.APPLIED)

    def _add_entry(self, seq: int, payload: dict[str, Any], *, status: bool) -> _Outcome:
        try:
            entry = entry_from_plain(payload)
        except InvalidRecord as error:
            raise Rejected(RejectCode.INVALID, f"The entry does not read: {error}") from None
        if isinstance(entry, StatusChange) is not status:
            raise Rejected(
                RejectCode.INVALID,
                "Status changes travel as incident.status, every other entry as entry.add.",
            )
        incident = self._incident(entry.incident_id)
        if entry.author_id not in (None, self.caller.user_id):
            raise Rejected(RejectCode.FORBIDDEN, "An entry is written by the signed-in technician.")
        # Kept as sent (it read as its record): the laptop's plain() is canonical already.
        body = records.canonical_json(payload)
        known = self.known.get(entry.id)
        if known is not None:
            if known.body == body:
                raise _AlreadyApplied
            raise Rejected(RejectCode.DUPLICATE, f"Entry id {entry.id} is taken by another entry.")
        missing: str | None = None
        verified: bool | None = None
        if isinstance(entry, StatusChange):
            self._check_status(incident, entry)
        elif incident.status in SEALED_STATES:
            self._check_addendum(incident, entry)
        if isinstance(entry, SignOff):
            verified = self._check_sign_off(incident, entry)
            if entry.signature_sha256 is not None:
                missing = self._check_blob(entry.signature_sha256)
        elif isinstance(entry, Attachment):
            missing = self._check_attachment(incident, entry)
        elif isinstance(entry, PartUsage):
            self._check_part_usage(entry)
        elif isinstance(entry, TimeEntry):
            if entry.ended_at < entry.started_at:
                raise Rejected(RejectCode.INVALID, "A time entry cannot end before it starts.")
        elif isinstance(entry, Void):
            self._check_void(incident, entry)
        # Accepted: stage its effects.
        part_id = entry.part_id if isinstance(entry, PartUsage) else None
        quantity = entry.quantity if isinstance(entry, PartUsage) else 0
        self.known[entry.id] = _Known(
            entry.incident_id, entry.kind, body, self.caller.user_id, part_id, quantity
        )
        self.new_entries.append(
            {
                "id": entry.id,
                "incident_id": entry.incident_id,
                "kind": entry.kind,
                "author_id": self.caller.user_id,
                "recorded_at": entry.recorded_at,
                "received_at": self.now,
                "client_id": self.client_id,
                "client_seq": seq,
                "voided_id": entry.voided_id if isinstance(entry, Void) else None,
                "sha256": _blob_of(entry),
                "seal_verified": verified,
                "body": body,
            }
        )
        me = self.caller.user_id
        self.feed.put(me, RecordKind.ENTRY, entry.id)
        if isinstance(entry, StatusChange):
            self._apply_status(incident, entry)
        elif isinstance(entry, PartUsage):
            self._stock(me, entry.part_id, -entry.quantity)
            self.feed.put(me, RecordKind.PART, entry.part_id)
        elif isinstance(entry, SignOff):
            self.sign_offs[incident.id] = frozenset(entry.sealed_entry_ids)
        elif isinstance(entry, Void):
            self.voided.add(entry.voided_id)
            target = self.known[entry.voided_id]
            if target.part_id is not None and target.author_id is not None:
                self._stock(target.author_id, target.part_id, target.quantity)
        return _Outcome(MutationStatus.APPLIED, missing)

    def _check_status(self, incident: IncidentRow, change: StatusChange) -> None:
        current = incident.status
        if current in SEALED_STATES and not is_allowed(current, change.to_status):
            raise Rejected(
                RejectCode.SEALED,
                f"Incident {incident.number} was signed off by the client; "
                f"it can only be closed now (it is {current.value}).",
                current_status=current,
            )
        if change.from_status is not current:
            raise Rejected(
                RejectCode.CONFLICT,
                f"Incident {incident.number} is {current.value} on the server, "
                f"not {change.from_status.value}: the change to {change.to_status.value} "
                "was not made.",
                current_status=current,
            )
        if not is_allowed(current, change.to_status):
            raise Rejected(
                RejectCode.INVALID_TRANSITION,
                f"An incident cannot go from {current.value} to {change.to_status.value}.",
                current_status=current,
            )
        if change.to_status is Status.SIGNED_OFF and incident.id not in self.sign_offs:
            raise Rejected(
                RejectCode.INVALID,
                "An incident is signed off by the client's sign-off, sent before this change.",
                current_status=current,
            )
        if change.to_status is Status.RESOLVED and change.resolution is None:
            raise Rejected(RejectCode.INVALID, "A resolved incident says fixed or workaround.")
        if change.to_status is not Status.RESOLVED and change.resolution is not None:
            raise Rejected(RejectCode.INVALID, "Only a resolved incident has an outcome.")

    def _apply_status(self, incident: IncidentRow, change: StatusChange) -> None:
        previous = incident.status
        incident.status = change.to_status
        # The laptop's clock, kept for display and the report; nothing is ordered by it.
        if change.to_status is Status.RESPONDED and incident.responded_at is None:
            incident.responded_at = change.recorded_at
        if change.to_status is Status.RESOLVED:
            incident.resolved_at = change.recorded_at
            incident.resolution = Resolution(change.resolution) if change.resolution else None
        elif previous is Status.RESOLVED:
            incident.resolved_at, incident.resolution = None, None
        incident.updated_at = self.now
        self.feed.touch(RecordKind.INCIDENT, incident.id)

    def _check_addendum(self, incident: IncidentRow, entry: Entry) -> None:
        """Work after the client's sign-off is an addendum; what was sealed stays as it is."""
        number = incident.number
        if incident.status is not Status.SIGNED_OFF:  # closed: nothing more
            raise Rejected(
                RejectCode.SEALED,
                f"Incident {number} is {incident.status.value}: nothing more "
                "can be recorded on it.",
                current_status=incident.status,
            )
        sealed = self.sign_offs.get(incident.id, frozenset())
        if isinstance(entry, SignOff):
            raise Rejected(RejectCode.SEALED, f"Incident {number} is signed off already.")
        if isinstance(entry, ClockPause | ClockResume):
            raise Rejected(
                RejectCode.SEALED, f"Incident {number} is signed off: its SLA clock has stopped."
            )
        if isinstance(entry, Void):
            target = self.known.get(entry.voided_id)
            if entry.voided_id in sealed or (target is not None and target.kind == SignOff.kind):
                raise Rejected(
                    RejectCode.SEALED,
                    f"Incident {number} was signed off by the client; "
                    "what was signed cannot be voided.",
                )

    def _check_sign_off(self, incident: IncidentRow, entry: SignOff) -> bool | None:
        """The client signs a resolved incident once; is its seal the server's record?"""
        if incident.status is not Status.RESOLVED:
            raise Rejected(
                RejectCode.CONFLICT,
                f"Incident {incident.number} is {incident.status.value} on the server: the client "
                "signs off a resolved incident.",
                current_status=incident.status,
            )
        if incident.id in self.sign_offs:
            raise Rejected(RejectCode.SEALED, f"Incident {incident.number} is signed off already.")
        if entry.seal_format != SEAL_FORMAT:
            return None  # a seal format this server cannot rebuild: kept, not verified
        try:
            sealed = [
                entry_from_plain(records.entry_json(self.known[i].body))
                for i in entry.sealed_entry_ids
            ]
            verified = seal_hash(records.incident(incident), sealed) == entry.seal
        except (KeyError, ValueError, TypeError):
            verified = False  # it seals entries the server does not hold
        if not verified:
            log.warning(
                "incident %s: the sign-off's seal does not match the server's record",
                incident.number,
            )
        return verified

    def _check_blob(self, sha256: str) -> str | None:
        if not _SHA256.match(sha256):
            raise Rejected(RejectCode.INVALID, "sha256: must be 64 lowercase hex digits.")
        return None if sha256 in self.blobs else sha256

    def _check_attachment(self, incident: IncidentRow, entry: Attachment) -> str | None:
        if not 0 <= entry.size <= MAX_BLOB_SIZE:
            raise Rejected(RejectCode.INVALID, f"size: must be 0 to {MAX_BLOB_SIZE} bytes.")
        if entry.note_id is not None:
            note = self.known.get(entry.note_id)
            if note is None or note.kind != "note" or note.incident_id != incident.id:
                raise Rejected(RejectCode.NOT_FOUND, "The note it belongs to is not on the server.")
        return self._check_blob(entry.sha256)

    def _check_part_usage(self, entry: PartUsage) -> None:
        if entry.part_id not in self.parts:
            raise Rejected(RejectCode.NOT_FOUND, f"No spare part {entry.part_id} in the catalogue.")
        if not 1 <= entry.quantity <= QUANTITY_MAX:
            raise Rejected(RejectCode.INVALID, f"quantity: must be 1 to {QUANTITY_MAX}.")

    def _check_void(self, incident: IncidentRow, entry: Void) -> None:
        target = self.known.get(entry.voided_id)
        if target is None:
            raise Rejected(RejectCode.NOT_FOUND, f"No entry {entry.voided_id} to void.")
        if target.incident_id != incident.id:
            raise Rejected(RejectCode.INVALID, "The voided entry belongs to another incident.")
        if target.kind in (Void.kind, StatusChange.kind):
            raise Rejected(
                RejectCode.INVALID, f"A {target.kind} entry cannot be voided; record a new one."
            )
        if entry.voided_id in self.voided:
            raise Rejected(RejectCode.CONFLICT, "That entry is voided already.")

    def _stock(self, technician: uuid.UUID, part_id: uuid.UUID, delta: int) -> None:
        key = (technician, part_id)
        self.stock[key] = self.stock.get(key, 0) + delta

    # --- writing -------------------------------------------------------------------

    def finish(self) -> None:
        """Write everything staged; the feed position is taken last.

        Only what needs the position (the entries' server order, the feed rows) and the
        commit run while the counter is held: writers queue on it one after the other.
        """
        if not (self.new_incidents or self.new_entries or self.stock or self.feed):
            return
        s = self.session
        if self.new_incidents:
            s.add_all(self.new_incidents)
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
            for row in self.new_entries:
                row["position"] = position
            s.execute(_ENTRIES.insert(), self.new_entries)
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


def _blob_of(entry: Entry) -> str | None:
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


@dataclass(slots=True)
class _Stream:
    client_id: uuid.UUID
    last_seq: int


def _lock_stream(session: Session, caller: Caller, client_id: uuid.UUID, now: datetime) -> _Stream:
    """The client's stream, created if new, locked until the transaction ends.

    One statement: an upsert whose no-op update takes the row lock and returns the row.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(ClientStreamRow).values(
        client_id=client_id, user_id=caller.user_id, last_seq=0, created_at=now, updated_at=now
    )
    owner, last_seq = session.execute(
        stmt.on_conflict_do_update(
            index_elements=[ClientStreamRow.client_id],
            set_={"client_id": stmt.excluded.client_id},
        ).returning(ClientStreamRow.user_id, ClientStreamRow.last_seq)
    ).one()
    if owner != caller.user_id:
        raise ApiError(
            403,
            ErrorCode.CLIENT_MISMATCH,
            "This client id sends another technician's work; use a new client id "
            "(numbered from 1) for this technician.",
        )
    return _Stream(client_id, last_seq)


def _advance(session: Session, stream: _Stream, last_seq: int, now: datetime) -> None:
    session.execute(
        update(ClientStreamRow)
        .where(ClientStreamRow.client_id == stream.client_id)
        .values(last_seq=last_seq, updated_at=now)
    )
    stream.last_seq = last_seq


def _check_numbers(request: PushRequest, last_seq: int) -> None:
    expected = last_seq + 1
    seqs = [m.seq for m in request.mutations]
    for before, after in itertools.pairwise(seqs):
        if after != before + 1:
            raise ApiError(
                409,
                ErrorCode.SEQUENCE_GAP,
                f"Mutation numbers must be consecutive and ascending: {after} follows {before}.",
                expected_seq=expected,
            )
    if seqs and seqs[0] > expected:
        raise ApiError(
            409,
            ErrorCode.SEQUENCE_GAP,
            f"The next mutation number for this client is {expected}, not {seqs[0]}: "
            f"send from {expected}.",
            expected_seq=expected,
        )


def _result(seq: int, outcome: _Outcome | Rejected) -> MutationResult:
    if isinstance(outcome, Rejected):
        return MutationResult(
            seq=seq,
            status=MutationStatus.REJECTED,
            code=outcome.code,
            message=outcome.message,
            current_status=outcome.current_status,
        )
    return MutationResult(seq=seq, status=outcome.status, missing_blob=outcome.missing_blob)


def _run(
    session: Session, caller: Caller, request: PushRequest, now: datetime
) -> tuple[list[MutationResult], int]:
    stream = _lock_stream(session, caller, request.client_id, now)
    _check_numbers(request, stream.last_seq)
    fresh = [m for m in request.mutations if m.seq > stream.last_seq]
    results = [
        MutationResult(seq=m.seq, status=MutationStatus.ALREADY_APPLIED)
        for m in request.mutations
        if m.seq <= stream.last_seq
    ]
    batch = Batch(session, caller, request.client_id, now)
    batch.preload((m.name, m.payload) for m in fresh)
    for m in fresh:
        outcome: _Outcome | Rejected
        try:
            outcome = batch.apply(m.seq, m.name, m.payload)
        except _AlreadyApplied:
            outcome = _Outcome(MutationStatus.ALREADY_APPLIED)
        except Rejected as refusal:
            outcome = refusal
            log.info(
                "client %s seq %d (%s) rejected: %s %s",
                request.client_id,
                m.seq,
                m.name,
                refusal.code.value,
                refusal.message,
            )
        results.append(_result(m.seq, outcome))
    if fresh:
        _advance(session, stream, fresh[-1].seq, now)
    batch.finish()
    return results, stream.last_seq


def push(
    db: Database, caller: Caller, request: PushRequest, clock: Callable[[], datetime]
) -> PushResponse:
    """Apply ``request`` for ``caller``; see the module's docstring."""
    try:
        with db.write() as session:
            results, last = _run(session, caller, request, clock())
    except IntegrityError as error:
        log.warning("push from %s hit %s; replaying one by one", request.client_id, error.orig)
        results, last = _one_by_one(db, caller, request, clock)
    missing = sorted({r.missing_blob for r in results if r.missing_blob})
    return PushResponse(
        client_id=request.client_id, last_applied=last, results=results, missing_blobs=missing
    )


def _one_by_one(
    db: Database, caller: Caller, request: PushRequest, clock: Callable[[], datetime]
) -> tuple[list[MutationResult], int]:
    results: list[MutationResult] = []
    last = 0
    for m in request.mutations:
        single = PushRequest(client_id=request.client_id, mutations=[m])
        for attempt in range(2):
            try:
                with db.write() as session:
                    found, last = _run(session, caller, single, clock())
                results.extend(found)
                break
            except IntegrityError as error:
                if attempt == 0:
                    continue
                log.error(
                    "client %s seq %d cannot be stored: %s", request.client_id, m.seq, error.orig
                )
                with db.write() as session:
                    now = clock()
                    stream = _lock_stream(session, caller, request.client_id, now)
                    if stream.last_seq + 1 == m.seq:
                        _advance(session, stream, m.seq, now)
                    last = stream.last_seq
                results.append(
                    MutationResult(
                        seq=m.seq,
                        status=MutationStatus.REJECTED,
                        code=RejectCode.INVALID,
                        message="The server could not store this record.",
                    )
                )
    return results, last
