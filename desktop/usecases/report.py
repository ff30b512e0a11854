"""The service report of an incident: its data read from the store, and checking a PDF.

The document itself is :mod:`report` (plain records in, PDF out), shared with the
central service.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from desktop.store.db import Store
from desktop.store.models import MetaRow, SparePartRow, TechnicianRow
from desktop.usecases.queries import incident_detail
from desktop.usecases.signoff import check_seal
from domain.records import Attachment
from domain.seal import SEAL_FORMAT, split_sealed
from report.data import IMAGE_MAX_BYTES, IMAGE_TYPES, Company, ReportData
from report.verify import NotAReport, Verdict, Verification, read_seal

log = logging.getLogger("fieldbook.report")


def load_report_data(
    store: Store, ref: str | uuid.UUID, *, now: datetime | None = None, images: bool = True
) -> ReportData:
    """Read what the report of incident ``ref`` needs; blobs not on this laptop are skipped."""
    now = now or store.now()
    detail = incident_detail(store, ref, now=now)
    with store.read() as session:
        meta: dict[str, str] = dict(
            session.execute(
                select(MetaRow.key, MetaRow.value).where(MetaRow.key.like("company_%"))
            ).all()
        )
        technicians = dict(session.execute(select(TechnicianRow.id, TechnicianRow.name)).all())
        parts = {
            row.id: (row.part_number, row.description)
            for row in session.scalars(select(SparePartRow))
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
    )


def verify_report(store: Store, path: Path) -> Verification:
    """Does the report at ``path`` match the record in ``store``?"""
    try:
        info, warnings = read_seal(path)
    except NotAReport as error:
        return Verification(Verdict.DOES_NOT_MATCH, (str(error),))
    check = check_seal(
        store,
        info.incident_id,
        info.seal,
        sealed=info.sealed,
        manifest=info.manifest,
        seal_format=info.seal_format or SEAL_FORMAT,
    )
    if not check.known:
        return Verification(
            Verdict.UNKNOWN_INCIDENT,
            (f"no incident {info.number} ({info.incident_id}) in {store.data_dir}",),
            info=info,
        )
    reasons = [*warnings, *check.reasons]
    if check.number and info.number and check.number != info.number:
        reasons.append(f"the report names {info.number}, the record {check.number}")
    verdict = Verdict.MATCHES if check.matches and not reasons else Verdict.DOES_NOT_MATCH
    return Verification(verdict, tuple(reasons), check.differences, info)
