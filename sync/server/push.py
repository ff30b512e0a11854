"""Applying a laptop's mutations exactly once.

One push is one transaction: the client's stream row is locked (``FOR UPDATE``), the
numbers are checked (consecutive, no gap after the last applied one), each new mutation
is checked against the shared domain rules and either staged or rejected, and the last
applied number moves on in the same commit as the effects. A retry of numbers at or
below it is acknowledged without doing anything; a rejected mutation uses its number up,
so it never blocks the ones after it.

Each mutation is judged by the rulebook (:mod:`domain.rules`), the very functions the
laptop applied before recording it, against state locked for the whole transaction
(:class:`~sync.server.batch.Batch`: the incidents it touches, ``FOR NO KEY UPDATE`` in
id order); writes happen at the end, after the transaction has taken its feed position.
A record the database still refuses (a race on a new id with another client) rolls the
push back; it is then replayed one mutation per transaction, so one bad mutation is
rejected alone and never blocks the stream.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain import rules
from domain.mail import BadAddress, check_address
from domain.records import (
    Attachment,
    Entry,
    Incident,
    PartUsage,
    SignOff,
    Status,
    StatusChange,
)
from domain.rules import Refused
from sync.protocol.constants import MAX_BLOB_SIZE
from sync.protocol.errors import ErrorCode
from sync.protocol.messages import (
    Explanation,
    Mutation,
    MutationResult,
    MutationStatus,
    PushRequest,
    PushResponse,
    RecordKind,
    RejectCode,
)
from sync.protocol.records import (
    DISCARDED_MUTATION,
    InvalidRecord,
    MutationName,
    ReportSend,
    entry_from_plain,
    from_plain,
)
from sync.server import records
from sync.server.auth import Caller
from sync.server.batch import SHA256, Batch
from sync.server.db import Database
from sync.server.errors import ApiError
from sync.server.live import incidents_of
from sync.server.models import ClientStreamRow, DeliveryRow, IncidentRow, MutationResultRow
from sync.server.preload import preload
from sync.server.write import write

log = logging.getLogger("fieldbook.server")

QUANTITY_MAX = 1000
#: The languages a report is rendered in (report.strings.LANGUAGES; the protocol's own
#: copy, since the push path does not load the renderer).
LANGUAGES = ("en", "zh")
_LIMITS = {"number": 40, "title": 200, "system_name": 200, "description": 5000}


class Rejected(Exception):
    """A mutation refused for good."""

    def __init__(
        self,
        code: RejectCode,
        message: str,
        *,
        current_status: Status | None = None,
        explanation: Explanation | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.current_status = current_status
        self.explanation = explanation


class _AlreadyApplied(Exception):
    """The very same record is here already (sent again under another number)."""


@dataclass(slots=True)
class _Outcome:
    status: MutationStatus
    missing_blob: str | None = None


def _refused(refusal: Refused) -> Rejected:
    """The rulebook's refusal as a rejection on the wire, its message translatable."""
    message = refusal.message
    return Rejected(
        RejectCode(refusal.code.value),
        str(message),
        current_status=refusal.current,
        explanation=Explanation(
            context=message.context,
            template=message.template,
            params={
                k: v if isinstance(v, int) and not isinstance(v, bool) else str(v)
                for k, v in message.params.items()
            },
        ),
    )


def apply(batch: Batch, seq: int, name: str, payload: dict[str, Any]) -> _Outcome:
    """Judge one mutation by the rulebook and stage what it does; raise :class:`Rejected`."""
    try:
        if name == MutationName.INCIDENT_CREATE:
            return _create_incident(batch, payload)
        if name == MutationName.INCIDENT_STATUS:
            return _add_entry(batch, seq, payload, status=True)
        if name == MutationName.ENTRY_ADD:
            return _add_entry(batch, seq, payload, status=False)
        if name == MutationName.REPORT_SEND:
            return _send_report(batch, payload)
    except Refused as refusal:
        raise _refused(refusal) from None
    known = ", ".join(m.value for m in MutationName)
    raise Rejected(
        RejectCode.UNKNOWN_MUTATION, f"Unknown mutation {name!r}; this server knows {known}."
    )


def _incident(batch: Batch, incident_id: uuid.UUID) -> IncidentRow:
    row = batch.incidents.get(incident_id)
    if row is None:
        raise Rejected(RejectCode.NOT_FOUND, f"No incident {incident_id} on the server.")
    if row.assigned_to != batch.caller.user_id:
        raise Rejected(
            RejectCode.FORBIDDEN,
            f"Incident {row.number} is not assigned to you; dispatch decides who works on it.",
        )
    return row


def _create_incident(batch: Batch, payload: dict[str, Any]) -> _Outcome:
    try:
        value = from_plain(Incident, payload)
    except InvalidRecord as error:
        raise Rejected(RejectCode.INVALID, f"The incident does not read: {error}") from None
    for name, limit in _LIMITS.items():
        if len(getattr(value, name)) > limit:
            raise Rejected(RejectCode.INVALID, f"{name}: longer than {limit} characters.")
    me = batch.caller.user_id
    existing = batch.incidents.get(value.id)
    if existing is not None:
        if existing.assigned_to == me and existing.number == value.number:
            raise _AlreadyApplied
        raise Rejected(RejectCode.DUPLICATE, f"Incident id {value.id} is taken.")
    if value.number in batch.numbers:
        raise Rejected(RejectCode.DUPLICATE, f"Incident number {value.number} is taken.")
    contract = batch.contracts.get(value.contract_id)
    if contract is None:
        raise Rejected(RejectCode.NOT_FOUND, f"No contract {value.contract_id} on the server.")
    if contract.client_id != value.client_id:
        raise Rejected(RejectCode.INVALID, "The contract belongs to another client.")
    if value.system_id is not None:
        system = batch.systems.get(value.system_id)
        if system is None or system.contract_id != contract.id:
            raise Rejected(RejectCode.INVALID, "The system is not in the contract's Annex 1.")
    if value.assigned_to not in (None, me):
        raise Rejected(RejectCode.FORBIDDEN, "Only dispatch assigns incidents to others.")
    rules.check_new_incident(value)
    batch.pausable[contract.id] = contract.pause_allowed
    batch.stage_incident(
        IncidentRow(
            **records.incident_columns(replace(value, assigned_to=me)),
            created_at=batch.now,
            updated_at=batch.now,
        )
    )
    return _Outcome(MutationStatus.APPLIED)


def _add_entry(batch: Batch, seq: int, payload: dict[str, Any], *, status: bool) -> _Outcome:
    try:
        entry = entry_from_plain(payload)
    except InvalidRecord as error:
        raise Rejected(RejectCode.INVALID, f"The entry does not read: {error}") from None
    if isinstance(entry, StatusChange) is not status:
        raise Rejected(
            RejectCode.INVALID,
            "Status changes travel as incident.status, every other entry as entry.add.",
        )
    row = _incident(batch, entry.incident_id)
    if entry.author_id not in (None, batch.caller.user_id):
        raise Rejected(RejectCode.FORBIDDEN, "An entry is written by the signed-in technician.")
    # Kept as sent (it read as its record): the laptop's plain() is canonical already.
    body = records.canonical_json(payload)
    known = batch.known.get(entry.id)
    if known is not None:
        if known.body == body:
            raise _AlreadyApplied
        raise Rejected(RejectCode.DUPLICATE, f"Entry id {entry.id} is taken by another entry.")
    incident = records.incident(row)
    missing: str | None = None
    verified: bool | None = None
    if isinstance(entry, StatusChange):
        rules.check_status_change(incident, entry, signed=batch.sealed(incident.id) is not None)
    else:
        rules.check_entry(incident, entry, batch)
    if isinstance(entry, SignOff):
        rules.check_seal(incident, entry, _sealed_entries(batch, entry))
        verified = True
        if entry.signature_sha256 is not None:
            missing = _check_blob(batch, entry.signature_sha256)
    elif isinstance(entry, Attachment):
        missing = _check_attachment(batch, entry)
    elif isinstance(entry, PartUsage):
        _check_part_usage(batch, entry)
    # Accepted: stage its effects.
    batch.stage_entry(entry, body, seq, seal_verified=verified)
    if isinstance(entry, StatusChange):
        records.update_incident(row, rules.apply_status(incident, entry))
        row.updated_at = batch.now
        batch.feed.touch(RecordKind.INCIDENT, row.id)
    return _Outcome(MutationStatus.APPLIED, missing)


def _send_report(batch: Batch, payload: dict[str, Any]) -> _Outcome:
    """A report to e-mail to the client: stored now, rendered and sent after the push
    (:mod:`sync.server.delivery`), so the laptop never waits for the mail server."""
    try:
        request = from_plain(ReportSend, payload)
    except InvalidRecord as error:
        raise Rejected(RejectCode.INVALID, f"The request does not read: {error}") from None
    try:
        address = check_address(request.address)
    except BadAddress as error:
        raise Rejected(
            RejectCode.INVALID, f"{request.address[:300]!r} is not an e-mail address: {error}"
        ) from None
    if request.language not in LANGUAGES:
        raise Rejected(RejectCode.INVALID, f"The report's language is one of {LANGUAGES}.")
    _incident(batch, request.incident_id)
    me = batch.caller.user_id
    existing = batch.delivery(request.id)
    if existing is not None:
        if (
            existing.requested_by == me
            and existing.incident_id == request.incident_id
            and existing.address == address
        ):
            raise _AlreadyApplied
        raise Rejected(RejectCode.DUPLICATE, f"Request id {request.id} is taken.")
    batch.stage_delivery(
        DeliveryRow(
            id=request.id,
            incident_id=request.incident_id,
            address=address,
            language=request.language,
            brief=request.brief,
            requested_by=me,
            requested_at=request.requested_at,
            received_at=batch.now,
            service_url=batch.service_url,
            attempts=0,
            next_attempt_at=batch.now,
        )
    )
    return _Outcome(MutationStatus.APPLIED)


def _sealed_entries(batch: Batch, sign_off: SignOff) -> list[Entry] | None:
    """The entries ``sign_off`` seals, as the record holds them; None if any is missing."""
    found: list[Entry] = []
    for entry_id in sign_off.sealed_entry_ids:
        known = batch.known.get(entry_id)
        if known is None or known.incident_id != sign_off.incident_id:
            return None
        found.append(entry_from_plain(records.entry_json(known.body)))
    return found


def _check_blob(batch: Batch, sha256: str) -> str | None:
    if not SHA256.match(sha256):
        raise Rejected(RejectCode.INVALID, "sha256: must be 64 lowercase hex digits.")
    # Missing until the caller holds it: uploaded by them, or sent again when another's
    # copy is here already (naming a hash proves nothing; sync.server.blobs).
    return None if sha256 in batch.held else sha256


def _check_attachment(batch: Batch, entry: Attachment) -> str | None:
    if not 0 <= entry.size <= MAX_BLOB_SIZE:
        raise Rejected(RejectCode.INVALID, f"size: must be 0 to {MAX_BLOB_SIZE} bytes.")
    held = batch.blobs.get(entry.sha256, -1)
    if held != -1 and held != entry.size:
        raise Rejected(
            RejectCode.INVALID,
            f"size: the file {entry.sha256[:12]}… is {held} bytes, not {entry.size}.",
        )
    return _check_blob(batch, entry.sha256)


def _check_part_usage(batch: Batch, entry: PartUsage) -> None:
    if entry.part_id not in batch.parts:
        raise Rejected(RejectCode.NOT_FOUND, f"No spare part {entry.part_id} in the catalogue.")
    if not 1 <= entry.quantity <= QUANTITY_MAX:
        raise Rejected(RejectCode.INVALID, f"quantity: must be 1 to {QUANTITY_MAX}.")


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
            explanation=outcome.explanation,
            current_status=outcome.current_status,
        )
    return MutationResult(seq=seq, status=outcome.status, missing_blob=outcome.missing_blob)


def digest(mutation: Mutation) -> str:
    """SHA-256 of what was sent under a number: its name and payload, canonical JSON."""
    text = json.dumps(
        {"name": mutation.name, "payload": mutation.payload},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _remembered(
    session: Session, client_id: uuid.UUID, mutations: list[Mutation]
) -> list[MutationResult]:
    """The original answers to mutations sent again (a reply was lost).

    The same mutation gets the same answer, a refusal included. A different one under a
    used number means the laptop's folder was restored or cloned: its new work must not
    be taken for the old, so the whole push is refused with ``client_diverged`` and the
    laptop starts a new stream (its entries carry their ids: nothing is doubled).
    """
    if not mutations:
        return []
    rows = {
        row.seq: row
        for row in session.scalars(
            select(MutationResultRow).where(
                MutationResultRow.client_id == client_id,
                MutationResultRow.seq.in_([m.seq for m in mutations]),
            )
        )
    }
    answers: list[MutationResult] = []
    for m in mutations:
        row = rows.get(m.seq)
        if row is None:  # answered before answers were kept
            answers.append(MutationResult(seq=m.seq, status=MutationStatus.ALREADY_APPLIED))
            continue
        stand_in = m.name == DISCARDED_MUTATION and row.status == MutationStatus.REJECTED
        if row.digest != digest(m) and not stand_in:
            raise ApiError(
                409,
                ErrorCode.CLIENT_DIVERGED,
                f"Mutation {m.seq} is not the one this client sent under that number before: "
                "its data was restored or copied. Start a new client id and send again what "
                "the office has not confirmed.",
                expected_seq=m.seq,
            )
        if row.status == MutationStatus.APPLIED:
            answers.append(MutationResult(seq=m.seq, status=MutationStatus.ALREADY_APPLIED))
            continue
        answers.append(
            MutationResult(
                seq=m.seq,
                status=MutationStatus.REJECTED,
                code=RejectCode(row.code) if row.code else None,
                message=row.message,
                explanation=Explanation.model_validate(row.explanation)
                if row.explanation
                else None,
                current_status=Status(row.current_status) if row.current_status else None,
            )
        )
    return answers


def _remember(
    session: Session,
    client_id: uuid.UUID,
    sent: list[Mutation],
    answers: list[MutationResult],
    now: datetime,
) -> None:
    by_seq = {m.seq: m for m in sent}
    rows = [
        {
            "client_id": client_id,
            "seq": a.seq,
            "digest": digest(by_seq[a.seq]),
            "status": MutationStatus.REJECTED.value
            if a.status is MutationStatus.REJECTED
            else MutationStatus.APPLIED.value,
            "code": a.code.value if a.code else None,
            "message": a.message,
            "explanation": a.explanation.model_dump() if a.explanation else None,
            "current_status": a.current_status.value if a.current_status else None,
            "created_at": now,
        }
        for a in answers
        if a.seq in by_seq
    ]
    if rows:
        session.execute(insert(MutationResultRow), rows)


def _run(
    session: Session, caller: Caller, request: PushRequest, now: datetime, service_url: str = ""
) -> tuple[list[MutationResult], int]:
    stream = _lock_stream(session, caller, request.client_id, now)
    _check_numbers(request, stream.last_seq)
    fresh = [m for m in request.mutations if m.seq > stream.last_seq]
    results = _remembered(
        session, request.client_id, [m for m in request.mutations if m.seq <= stream.last_seq]
    )
    answered = len(results)
    batch = Batch(session, caller, request.client_id, now, service_url=service_url)
    preload(batch, [(m.name, m.payload) for m in fresh])
    for m in fresh:
        outcome: _Outcome | Rejected
        try:
            outcome = apply(batch, m.seq, m.name, m.payload)
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
        _remember(session, request.client_id, fresh, results[answered:], now)
    write(batch)
    return results, stream.last_seq


def push(
    db: Database,
    caller: Caller,
    request: PushRequest,
    clock: Callable[[], datetime],
    *,
    service_url: str = "",
) -> PushResponse:
    """Apply ``request`` for ``caller``; see the module's docstring. ``service_url``: the
    address the laptop reached the service at (for the reports it asks to e-mail)."""
    try:
        with db.write() as session:
            results, last = _run(session, caller, request, clock(), service_url)
    except IntegrityError as error:
        log.warning("push from %s hit %s; replaying one by one", request.client_id, error.orig)
        results, last = _one_by_one(db, caller, request, clock, service_url)
    db.changes.notify(incidents_of(request.mutations))  # committed: the boards show it
    missing = sorted({r.missing_blob for r in results if r.missing_blob})
    return PushResponse(
        client_id=request.client_id, last_applied=last, results=results, missing_blobs=missing
    )


def _one_by_one(
    db: Database,
    caller: Caller,
    request: PushRequest,
    clock: Callable[[], datetime],
    service_url: str = "",
) -> tuple[list[MutationResult], int]:
    results: list[MutationResult] = []
    last = 0
    for m in request.mutations:
        single = PushRequest(client_id=request.client_id, mutations=[m])
        for attempt in range(2):
            try:
                with db.write() as session:
                    found, last = _run(session, caller, single, clock(), service_url)
                results.extend(found)
                break
            except IntegrityError as error:
                if attempt == 0:
                    continue
                log.error(
                    "client %s seq %d cannot be stored: %s", request.client_id, m.seq, error.orig
                )
                refused = MutationResult(
                    seq=m.seq,
                    status=MutationStatus.REJECTED,
                    code=RejectCode.INVALID,
                    message="The server could not store this record.",
                )
                with db.write() as session:
                    now = clock()
                    stream = _lock_stream(session, caller, request.client_id, now)
                    if stream.last_seq + 1 == m.seq:
                        _advance(session, stream, m.seq, now)
                        _remember(session, request.client_id, [m], [refused], now)
                    last = stream.last_seq
                results.append(refused)
    return results, last
