"""The public verify page's one question: is there a sealed report with this seal?

Anyone holding a report (its QR code leads to ``/verify/<seal>``) may ask, without
signing in, so the answer says only whether the seal is the seal of a sign-off the
service holds and checked, for which incident number, and when it was signed: nothing
else of the record. One indexed look-up (``entries.seal``), the same work whether the
seal exists or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from domain.records import SignOff
from sync.server.db import Database
from sync.server.models import ContractRow, EntryRow, IncidentRow

SEAL = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class SealedReport:
    seal: str
    number: str
    signed_at: datetime  # the sign-off's time, as the report prints it
    time_zone: str  # the contract's zone, which the report prints times in


def find(db: Database, seal: str) -> SealedReport | None:
    """The sealed report ``seal`` names, or None (also for what is not a seal at all)."""
    seal = seal.strip().lower()
    if not SEAL.match(seal):
        return None
    with db.read() as session:
        row = session.execute(
            select(IncidentRow.number, EntryRow.recorded_at, ContractRow.time_zone)
            .join(IncidentRow, IncidentRow.id == EntryRow.incident_id)
            .join(ContractRow, ContractRow.id == IncidentRow.contract_id)
            .where(
                EntryRow.seal == seal,
                EntryRow.kind == SignOff.kind,
                EntryRow.seal_verified.is_(True),
            )
            .limit(1)
        ).first()
    if row is None:
        return None
    return SealedReport(seal, row.number, row.recorded_at, row.time_zone)
