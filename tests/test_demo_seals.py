"""Every seal of a demo office is the SHA-256 of the bytes the first implementation of the
canonical form makes (tests/domain/test_seal_same_bytes.py keeps it verbatim).

The fingerprint test counts a seal as intact when today's code rebuilds it from the
store, which would not notice the canonical form itself changing; this one rebuilds
each sealed record from the store and hashes it the old way.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from desktop.demo import seed_demo
from desktop.store.db import Store
from desktop.usecases import queries
from domain.records import Entry, Incident, Status
from domain.seal import SEAL_FORMAT, split_sealed
from tests.domain.test_seal_same_bytes import _old_canonical_value

NOW = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)


def _old_seal(record_incident: Incident, entries: list[Entry]) -> str:
    ordered = sorted(entries, key=lambda e: (e.recorded_at.astimezone(UTC), e.id))
    incident = _old_canonical_value(record_incident)
    del incident["assigned_to"]  # the current format leaves the assignee out
    document = {
        "format": SEAL_FORMAT,
        "incident": incident,
        "entries": [{"kind": e.kind, **_old_canonical_value(e)} for e in ordered],
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_every_demo_seal_is_the_first_implementations(store: Store) -> None:
    seed_demo(store, incidents=120, seed=5, now=NOW)
    checked = 0
    for listed in queries.list_incidents(store, now=NOW):
        if listed.incident.status not in (Status.SIGNED_OFF, Status.CLOSED):
            continue
        detail = queries.incident_detail(store, listed.incident.id, now=NOW)
        record = split_sealed(detail.incident, detail.entries)
        assert record is not None
        assert not record.missing
        assert record.sign_off.seal_format == SEAL_FORMAT
        assert _old_seal(record.incident, list(record.entries)) == record.sign_off.seal
        checked += 1
    assert checked > 50
