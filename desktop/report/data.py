"""Everything a report shows, read from the store in one go (then no database is needed)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from desktop.domain.records import Attachment, SignOff
from desktop.store.db import Store
from desktop.store.models import MetaRow, SparePartRow, TechnicianRow
from desktop.usecases.common import utcnow
from desktop.usecases.queries import IncidentDetail, incident_detail
from desktop.usecases.signoff import SealedRecord, split_sealed

log = logging.getLogger("fieldbook.report")

#: Image attachments larger than this are listed, not embedded.
IMAGE_MAX_BYTES = 25 * 1024 * 1024
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff"})


@dataclass(frozen=True, slots=True)
class Company:
    """The service provider, as the report's letterhead shows it."""

    name: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class ReportData:
    detail: IncidentDetail
    company: Company
    technicians: dict[uuid.UUID, str]
    parts: dict[uuid.UUID, tuple[str, str]]  # id → (part number, description)
    sealed: SealedRecord | None  # None: not signed off yet (a draft)
    generated_at: datetime
    images: dict[str, bytes] = field(default_factory=dict)  # sha256 → bytes
    signature_png: bytes | None = None

    @property
    def sign_off(self) -> SignOff | None:
        return self.sealed.sign_off if self.sealed is not None else None


def load_report_data(
    store: Store, ref: str | uuid.UUID, *, now: datetime | None = None, images: bool = True
) -> ReportData:
    """Read what the report of incident ``ref`` needs; blobs not on this laptop are skipped."""
    now = now or utcnow()
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
