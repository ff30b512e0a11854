"""Correcting a mistake: a new entry that voids an earlier one, with the reason.

Whether the entry may be voided is the rulebook's (:func:`domain.rules.check_void`; on a
signed incident, :func:`domain.rules.check_addendum`), the same check the service makes.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from desktop.store.db import Store
from desktop.store.models import EntryRow, IncidentRow
from desktop.usecases.common import (
    TEXT_MAX,
    Changed,
    append,
    author,
    log,
    moment,
    text,
    writable,
)
from desktop.usecases.errors import UnknownRecord
from domain.ids import new_id
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import PartUsage, Void

_CTX = "UseCaseError"


def void_entry(
    store: Store, entry_id: uuid.UUID | str, reason: str, *, now: datetime | None = None
) -> Changed:
    """Void entry ``entry_id``; it stays in the history, struck through, with ``reason``."""
    now = moment(store, now)
    why = text(reason, "reason", QT_TRANSLATE_NOOP("UseCaseError", "The reason"), limit=TEXT_MAX)
    try:
        target_id = entry_id if isinstance(entry_id, uuid.UUID) else uuid.UUID(str(entry_id))
    except ValueError:
        raise UnknownRecord(
            QT_TRANSLATE_NOOP("UseCaseError", "entry"), str(entry_id), "entry"
        ) from None
    with store.write() as session:
        target = session.get(EntryRow, target_id)
        if target is None:
            raise UnknownRecord(QT_TRANSLATE_NOOP("UseCaseError", "entry"), str(entry_id), "entry")
        incident = session.get(IncidentRow, target.incident_id)
        assert incident is not None  # foreign key
        writable(incident)
        entry = Void(
            id=new_id(),
            incident_id=incident.id,
            recorded_at=now,
            author_id=author(session),
            voided_id=target_id,
            reason=why,
        )
        append(session, entry, now)
        incident.updated_at = now
        log.info("%s: voided %s entry %s", incident.number, target.kind, target_id)
        return Changed(
            incident_ids=frozenset({incident.id}),
            entry_ids=(entry.id,),
            stock=target.kind == PartUsage.kind,
        )
