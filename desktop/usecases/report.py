"""The service report of an incident: its data read from the store, and checking a PDF.

The document itself is :mod:`report` (plain records in, PDF out), shared with the
central service.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from desktop.store.db import Store
from desktop.store.models import (
    IncidentRow,
    MetaRow,
    SignOffRow,
    SparePartRow,
    TechnicianRow,
)
from desktop.usecases.queries import incident_detail
from desktop.usecases.signoff import check_seal
from domain.records import Attachment
from domain.seal import SEAL_FORMAT, split_sealed
from report.data import IMAGE_MAX_BYTES, IMAGE_TYPES, Company, ReportData
from report.verify import NotAReport, SealInfo, Source, Verdict, Verification, read_seal

log = logging.getLogger("fieldbook.report")

#: The service this laptop signs in to (desktop.syncing.usecases keeps it).
SERVER_URL_META = "server_url"


def load_report_data(
    store: Store, ref: str | uuid.UUID, *, now: datetime | None = None, images: bool = True
) -> ReportData:
    """Read what the report of incident ``ref`` needs; blobs not on this laptop are skipped."""
    now = now or store.now()
    detail = incident_detail(store, ref, now=now)
    with store.read() as session:
        meta: dict[str, str] = dict(
            session.execute(
                select(MetaRow.key, MetaRow.value).where(
                    MetaRow.key.like("company_%") | (MetaRow.key == SERVER_URL_META)
                )
            ).all()
        )
        technicians = dict(session.execute(select(TechnicianRow.id, TechnicianRow.name)).all())
        # Three columns, not whole rows: the catalogue can hold thousands of parts.
        parts = {
            part_id: (number, description)
            for part_id, number, description in session.execute(
                select(SparePartRow.id, SparePartRow.part_number, SparePartRow.description)
            )
        }
    company = Company(
        name=meta.get("company_name", ""),
        address=meta.get("company_address", ""),
        phone=meta.get("company_phone", ""),
    )
    sealed = split_sealed(detail.incident, detail.entries)
    blobs: dict[str, bytes] = {}
    if images:
        for entry in detail.entries:
            if (
                isinstance(entry, Attachment)
                and entry.media_type in IMAGE_TYPES
                and entry.size <= IMAGE_MAX_BYTES
                and entry.id not in detail.voided
                and store.blobs.has(entry.sha256)
            ):
                blobs[entry.sha256] = store.blobs.read(entry.sha256)
    signature = None
    sign_off = sealed.sign_off if sealed is not None else None
    if sign_off is not None and sign_off.signature_sha256 is not None:
        if store.blobs.has(sign_off.signature_sha256):
            signature = store.blobs.read(sign_off.signature_sha256)
        else:
            log.warning("%s: signature image not on this laptop", detail.incident.number)
    return ReportData(
        detail=detail,
        company=company,
        technicians=technicians,
        parts=parts,
        sealed=sealed,
        generated_at=now,
        images=blobs,
        signature_png=signature,
        service_url=meta.get(SERVER_URL_META) or None,
    )


def _locate(store: Store, info: SealInfo) -> tuple[uuid.UUID, bool] | None:
    """The incident a report read from its page names (by its seal, else its number),
    and whether the report is the sealed one."""
    with store.read() as session:
        by_seal = session.scalar(
            select(SignOffRow.incident_id).where(SignOffRow.seal == info.seal).limit(1)
        )
        if by_seal is not None and info.sealed is not False:
            return by_seal, True
        if not info.number:
            return None
        incident_id = session.scalar(
            select(IncidentRow.id).where(IncidentRow.number == info.number)
        )
        if incident_id is None:
            return None
        signed = session.scalar(
            select(SignOffRow.id).where(SignOffRow.incident_id == incident_id).limit(1)
        )
    sealed = info.sealed if info.sealed is not None else signed is not None
    return incident_id, sealed


def verify_report(store: Store, path: Path) -> Verification:
    """Does the report at ``path`` (a PDF, a scan or a photo) match the record in
    ``store``? Exit status: 0 it does, 1 it does not, 2 this record cannot tell."""
    try:
        info, warnings = read_seal(path)
    except NotAReport as error:
        return Verification(Verdict.CANNOT_TELL, (str(error),))
    notes: list[str] = []
    incident_id, sealed = info.incident_id, info.sealed
    if info.source is not Source.METADATA:
        notes.append(f"the seal was read from {info.source.words}")
    if incident_id is None:
        located = _locate(store, info)
        if located is None:
            what = info.number or f"a report sealed {info.seal[:16]}…"
            return Verification(
                Verdict.CANNOT_TELL,
                (f"no incident {what} in {store.data_dir}",),
                info=info,
                notes=tuple(notes),
                unknown_incident=True,
            )
        incident_id, sealed = located
    check = check_seal(
        store,
        incident_id,
        info.seal,
        sealed=bool(sealed),
        manifest=info.manifest,
        seal_format=info.seal_format or SEAL_FORMAT,
    )
    if not check.known:
        return Verification(
            Verdict.CANNOT_TELL,
            (f"no incident {info.number} ({incident_id}) in {store.data_dir}",),
            info=info,
            unknown_incident=True,
        )
    reasons = [*warnings, *check.reasons]
    if check.number and info.number and check.number != info.number:
        reasons.append(f"the report names {info.number}, the record {check.number}")
    if check.number and not info.number:
        info = replace(info, number=check.number, sealed=sealed)
    verdict = Verdict.MATCHES if check.matches and not reasons else Verdict.DOES_NOT_MATCH
    if verdict is Verdict.DOES_NOT_MATCH and info.manifest is None:
        notes.append("without the PDF's document information, what differs cannot be listed")
    return Verification(verdict, tuple(reasons), check.differences, info, tuple(notes))
