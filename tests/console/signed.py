"""A real laptop works an incident through and has the client sign it, then syncs: the
office then holds a signed incident with its photo and signature, as in the field."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from desktop.usecases import incidents
from desktop.usecases.common import utcnow
from domain.records import Status
from tests.report_scenarios import sign, work_on
from tests.sync.conftest import World
from tests.sync.laptops import Laptop


def signed_incident(world: World, laptop: Laptop, tmp: Path) -> uuid.UUID:
    """Technician A's incident, worked, resolved, signed and synced from ``laptop``."""
    laptop.login(f"a-{world.tag}")
    assert laptop.sync().complete
    incident = world.incident_a
    start = utcnow() - timedelta(hours=2)
    for step, status in enumerate((Status.RESPONDED, Status.TRAVELLING, Status.ON_SITE)):
        incidents.change_status(
            laptop.store, incident, status, now=start + timedelta(minutes=5 * step)
        )
    work_on(laptop.store, incident, world.part_id, start + timedelta(minutes=40), tmp=tmp)
    sign(laptop.store, incident, utcnow() - timedelta(minutes=5))
    report = laptop.sync()
    assert report.complete, report
    assert laptop.status(incident) == Status.SIGNED_OFF.value
    return incident
