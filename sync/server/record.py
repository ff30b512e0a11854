"""One incident's whole record as the service holds it, as plain domain values.

The office console shows it and the service renders its report from it: the same
:class:`~domain.detail.IncidentDetail` and :class:`~report.data.ReportData` the laptop
builds from its store (``desktop.usecases.report``), read here from the service's
database and blob store, so that both ends render the identical document.

What the laptop keeps in its own order (the entries by their recorded time) is kept so
here too; the service's order of acceptance (``server_order``) comes along as
:class:`~domain.sla.Placement`\\ s, by which the clock's pauses pair and the console's
timeline runs.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.detail import IncidentDetail
from domain.records import Attachment, Entry, voided_ids
from domain.seal import split_sealed
from domain.sla import Placement, pauses_from_entries, read_sla
from report.data import IMAGE_MAX_BYTES, IMAGE_TYPES, Company, ReportData
from sync.protocol.records import entry_from_plain
from sync.server import blobs, records
from sync.server.db import Database
from sync.server.models import (
    BlobRow,
    ClientRow,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    SlaTargetRow,
    SparePartRow,
    UserRow,
)


class UnknownIncident(LookupError):
    """No incident with that id or number."""


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """An entry with what the service knows about it beside the laptop's record."""

    entry: Entry
    author_id: uuid.UUID | None  # who pushed it (the signed-in technician), or dispatch
    received_at: datetime  # the service's clock
    server_order: int
    blob_pending: bool  # it names a file whose bytes have not arrived (yet)
    seal_verified: bool | None  # sign-offs: did the seal match when it arrived?


@dataclass(frozen=True, slots=True)
class Record:
    detail: IncidentDetail
    timeline: list[StoredEntry]  # in the service's order
    people: dict[uuid.UUID, str]  # user id → name (technicians and dispatchers)
    parts: dict[uuid.UUID, tuple[str, str]]  # part id → (number, description)
    created_at: datetime  # the service's clock when dispatch recorded it


def find_incident(session: Session, ref: str | uuid.UUID) -> IncidentRow:
    """By id (or its text), else by number."""
    row: IncidentRow | None = None
    if isinstance(ref, uuid.UUID):
        row = session.get(IncidentRow, ref)
    else:
        try:
            row = session.get(IncidentRow, uuid.UUID(ref))
        except ValueError:
            row = None
        if row is None:
            row = session.scalars(select(IncidentRow).where(IncidentRow.number == ref)).first()
    if row is None:
        raise UnknownIncident(str(ref))
    return row


def load(session: Session, ref: str | uuid.UUID, now: datetime) -> Record:
    """The incident ``ref`` with everything recorded on it, read in ``session``."""
    row = find_incident(session, ref)
    rows = session.scalars(
        select(EntryRow).where(EntryRow.incident_id == row.id).order_by(EntryRow.server_order)
    ).all()
    shas = {e.sha256 for e in rows if e.sha256}
    complete = (
        set(
            session.scalars(
                select(BlobRow.sha256).where(BlobRow.sha256.in_(shas), BlobRow.complete)
            )
        )
        if shas
        else set()
    )
    timeline = [
        StoredEntry(
            entry=entry_from_plain(records.entry_json(e.body)),
            author_id=e.author_id,
            received_at=e.received_at,
            server_order=e.server_order,
            blob_pending=e.sha256 is not None and e.sha256 not in complete,
            seal_verified=e.seal_verified,
        )
        for e in rows
    ]
    placements = {s.entry.id: Placement(s.server_order, s.received_at) for s in timeline}
    # The laptop's order for what it shows and seals: recorded time, then id.
    entries = sorted((s.entry for s in timeline), key=lambda e: (e.recorded_at, e.id))
    pauses = tuple(pauses_from_entries(entries, placements))
    contract_row = session.get(ContractRow, row.contract_id)
    client_row = session.get(ClientRow, row.client_id)
    assert contract_row is not None and client_row is not None  # foreign keys
    targets = session.scalars(
        select(SlaTargetRow).where(SlaTargetRow.contract_id == contract_row.id)
    ).all()
    contract = records.contract(contract_row, targets)
    system_row = session.get(CoveredSystemRow, row.system_id) if row.system_id else None
    system = (
        records.system(system_row)
        if system_row is not None and system_row.contract_id == contract.id
        else None
    )
    incident = records.incident(row)
    detail = IncidentDetail(
        incident=incident,
        client=records.client(client_row),
        contract=contract,
        system=system,
        entries=entries,
        voided=voided_ids(entries),
        sla=read_sla(incident, contract.policy, pauses, now),
        pauses=pauses,
    )
    people = dict(session.execute(select(UserRow.id, UserRow.name)).all())
    part_ids = {getattr(s.entry, "part_id", None) for s in timeline} - {None}
    parts = {
        p.id: (p.part_number, p.description)
        for p in session.scalars(select(SparePartRow).where(SparePartRow.id.in_(part_ids)))
    }
    return Record(detail, timeline, people, parts, row.created_at)


def read_blob(db: Database, sha256: str) -> bytes | None:
    """A complete blob's bytes, or None when the service does not hold it (yet)."""
    with db.read() as session:
        row = session.get(BlobRow, sha256)
        if row is None or not row.complete:
            return None
    return b"".join(blobs.chunks(db, sha256))


def report_data(
    db: Database,
    ref: str | uuid.UUID,
    company: Company,
    now: datetime,
    service_url: str | None = None,
) -> ReportData:
    """What the service report of ``ref`` needs, as the laptop's loader gathers it
    (``service_url``: where its QR code leads, the service's verify page)."""
    with db.read() as session:
        record = load(session, ref, now)
    detail = record.detail
    sealed = split_sealed(detail.incident, detail.entries)
    images: dict[str, bytes] = {}
    for entry in detail.entries:
        if (
            isinstance(entry, Attachment)
            and entry.media_type in IMAGE_TYPES
            and entry.size <= IMAGE_MAX_BYTES
            and entry.id not in detail.voided
        ):
            data = read_blob(db, entry.sha256)
            if data is not None:
                images[entry.sha256] = data
    signature = None
    sign_off = sealed.sign_off if sealed is not None else None
    if sign_off is not None and sign_off.signature_sha256 is not None:
        signature = read_blob(db, sign_off.signature_sha256)
    return ReportData(
        detail=detail,
        company=company,
        technicians=record.people,
        parts=record.parts,
        sealed=sealed,
        generated_at=now,
        images=images,
        signature_png=signature,
        service_url=service_url or None,
    )
