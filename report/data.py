"""Everything a report shows, as plain values: no store, no database.

The laptop reads it from its store (:func:`desktop.usecases.report.load_report_data`),
the central service from its database; both render the identical document from it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from domain.detail import IncidentDetail
from domain.records import SignOff
from domain.seal import SealedRecord

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
    #: The central service's address (the laptop's sign-in, the service's own): a sealed
    #: report's QR code leads to its public verify page there. None: the bare seal.
    service_url: str | None = None

    @property
    def sign_off(self) -> SignOff | None:
        return self.sealed.sign_off if self.sealed is not None else None
