"""Judging one mutation: the domain's rulebook and the service's own checks.

:func:`apply` reads one mutation of a push, asks the rulebook (:mod:`domain.rules`, the
very functions the laptop applied before recording it) and the checks only the service
can make (who the incident is assigned to, a contract's client, a taken id or number,
a blob's size) against what the :class:`~sync.server.batch.Batch` has read and staged,
and either stages what the mutation does or raises :class:`Rejected`, the refusal as
the laptop will read it. :class:`AlreadyApplied`: the very same record is here already.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from domain import rules
from domain.mail import BadAddress, check_address
from domain.records import Attachment, Entry, Incident, PartUsage, SignOff, Status, StatusChange
from domain.rules import Refused
from sync.protocol.constants import MAX_BLOB_SIZE
from sync.protocol.messages import Explanation, MutationStatus, RecordKind, RejectCode
from sync.protocol.records import (
    InvalidRecord,
    MutationName,
    ReportSend,
    entry_from_plain,
    from_plain,
)
from sync.server import records
from sync.server.batch import SHA256, Batch
from sync.server.models import DeliveryRow, IncidentRow

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


class AlreadyApplied(Exception):
    """The very same record is here already (sent again under another number)."""


@dataclass(slots=True)
class Outcome:
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


def apply(
    batch: Batch, seq: int, name: str, payload: dict[str, Any], text: str | None = None
) -> Outcome:
    """Judge one mutation by the rulebook and stage what it does; raise :class:`Rejected`.
    ``text``: the payload's canonical JSON (:func:`records.canonical_json`), if made."""
    try:
        if name == MutationName.INCIDENT_CREATE:
            return _create_incident(batch, payload)
        if name == MutationName.INCIDENT_STATUS:
            return _add_entry(batch, seq, payload, text, status=True)
        if name == MutationName.ENTRY_ADD:
            return _add_entry(batch, seq, payload, text, status=False)
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


def _create_incident(batch: Batch, payload: dict[str, Any]) -> Outcome:
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
            raise AlreadyApplied
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
    return Outcome(MutationStatus.APPLIED)


def _add_entry(
    batch: Batch, seq: int, payload: dict[str, Any], text: str | None, *, status: bool
) -> Outcome:
    try:
        entry = batch.read_entry(payload)
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
    body = records.canonical_json(payload) if text is None else text
    known = batch.known.get(entry.id)
    if known is not None:
        if known.body == body:
            raise AlreadyApplied
        raise Rejected(RejectCode.DUPLICATE, f"Entry id {entry.id} is taken by another entry.")
    incident = batch.records.get(row.id)
    if incident is None:
        incident = batch.records[row.id] = records.incident(row)
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
        moved = rules.apply_status(incident, entry)
        records.update_incident(row, moved)
        batch.records[row.id] = moved
        row.updated_at = batch.now
        batch.feed.touch(RecordKind.INCIDENT, row.id)
    return Outcome(MutationStatus.APPLIED, missing)


def _send_report(batch: Batch, payload: dict[str, Any]) -> Outcome:
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
            raise AlreadyApplied
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
    return Outcome(MutationStatus.APPLIED)


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
