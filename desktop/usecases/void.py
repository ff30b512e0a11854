"""Correcting a mistake: a new entry that voids an earlier one, with the reason.

Whether the entry may be voided is the rulebook's (:func:`domain.rules.check_void`; on a
signed incident, :func:`domain.rules.check_addendum`), the same check the service makes.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from desktop.store.db import Store
from desktop.store.models import EntryRow, IncidentRow
from desktop.usecases.common import TEXT_MAX, Changed, Recording, record_entry, text
from desktop.usecases.errors import UnknownRecord
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import PartUsage, Void

_CTX = "UseCaseError"


def void_entry(
    store: Store, entry_id: uuid.UUID | str, reason: str, *, now: datetime | None = None
) -> Changed:
    """Void entry ``entry_id``; it stays in the history, struck through, with ``reason``."""
    why = text(reason, "reason", QT_TRANSLATE_NOOP("UseCaseError", "The reason"), limit=TEXT_MAX)
    try:
        target_id = entry_id if isinstance(entry_id, uuid.UUID) else uuid.UUID(str(entry_id))
    except ValueError:
        raise UnknownRecord(
            QT_TRANSLATE_NOOP("UseCaseError", "entry"), str(entry_id), "entry"
        ) from None

    def incident_of(session: Session, _: object) -> IncidentRow:
        target = session.get(EntryRow, target_id)
        if target is None:
            raise UnknownRecord(QT_TRANSLATE_NOOP("UseCaseError", "entry"), str(entry_id), "entry")
        return session.get_one(IncidentRow, target.incident_id)  # foreign key

    def make(rec: Recording) -> Void:
        kind = rec.session.get_one(EntryRow, target_id).kind
        rec.stock = kind == PartUsage.kind
        rec.log("voided %s entry %s", kind, target_id)
        return Void(**rec.stamp(), voided_id=target_id, reason=why)

    return record_entry(store, target_id, make, now=now, find=incident_of)
