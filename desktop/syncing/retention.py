"""How long a closed incident stays on the laptop after its last sync.

The office sets the period (``retention_days`` in the pull answer, 30 days when an older
service says nothing). A closed incident (signed off, closed or cancelled) with nothing
left to send, whose last sync is older than that, goes from the laptop with its entries,
its files and the client's records no other incident here needs (:func:`purge_closed`
in :mod:`desktop.syncing.engine`). The service keeps them all.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from desktop.store.models import IncidentRow, MetaRow

#: When the service does not say.
DEFAULT_RETENTION_DAYS = 30
RETENTION_KEY = "retention_days"


def mark_synced(session: Session, incident_ids: Iterable[uuid.UUID | None], now: datetime) -> None:
    """Record that a change of each of ``incident_ids`` went through a sync just now."""
    ids = sorted({i for i in incident_ids if i is not None})
    for chunk in range(0, len(ids), 500):
        session.execute(
            update(IncidentRow)
            .where(IncidentRow.id.in_(ids[chunk : chunk + 500]))
            .values(synced_at=now)
            .execution_options(synchronize_session=False)
        )


def retention_days(session: Session) -> int:
    meta = session.get(MetaRow, RETENTION_KEY)
    try:
        return int(meta.value) if meta is not None else DEFAULT_RETENTION_DAYS
    except ValueError:
        return DEFAULT_RETENTION_DAYS


def set_retention_days(session: Session, days: int | None) -> None:
    """Keep what the service said (None: an older service; the default stays)."""
    if days is not None:
        session.merge(MetaRow(key=RETENTION_KEY, value=str(days)))
