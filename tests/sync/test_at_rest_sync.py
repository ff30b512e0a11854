"""Nothing readable left behind, against the real service: outbox payloads pruned only
once the service confirmed them; closed incidents purged after the office's period."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import select, update

from desktop.store.models import ClientRow, ContractRow, IncidentRow, MetaRow, OutboxRow
from desktop.syncing import errors
from desktop.usecases import notes
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.sync.conftest import World
from tests.sync.laptops import Laptop, LossyProxy, require_keyring


@pytest.fixture(autouse=True)
def _keyring() -> None:
    require_keyring()


@pytest.fixture
def laptop(tmp_path: Path, world: World) -> Iterator[Laptop]:
    made = Laptop(tmp_path / "laptop", world.backend.url)
    yield made
    made.close()


def _payloads(laptop: Laptop) -> dict[str, list[dict[str, object]]]:
    with laptop.store.read() as s:
        found: dict[str, list[dict[str, object]]] = {}
        for row in s.scalars(select(OutboxRow).order_by(OutboxRow.seq)):
            found.setdefault(row.state.value, []).append(row.payload)
        return found


def test_payloads_are_pruned_once_confirmed_and_kept_while_the_reply_is_lost(
    world: World, laptop: Laptop
) -> None:
    proxy = LossyProxy(world.backend.server.port)
    try:
        laptop.url = proxy.url
        laptop.login(f"a-{world.tag}")
        laptop.sync()
        notes.add_note(laptop.store, world.incident_a, "the sa password is hunter2")
        proxy.drop_push_replies = 10  # every attempt: the service commits, the reply is lost
        with pytest.raises(errors.OfflineError):
            laptop.sync()
        assert proxy.dropped >= 1
        # Not confirmed: the payload stays, to be sent again under the same number.
        [pending] = _payloads(laptop)["pending"]
        assert pending["text"] == "the sa password is hunter2"
        proxy.drop_push_replies = 0
        report = laptop.sync()
        assert report.complete and report.already_applied == 1
    finally:
        proxy.close()
    payloads = _payloads(laptop)
    assert "pending" not in payloads
    assert payloads["applied"] == [{}]  # the row stays (its number), its words go
    with laptop.store.read() as s:
        row = s.scalars(select(OutboxRow)).one()
        assert row.wire_seq == 1 and row.entry_id is not None


def test_the_office_sets_the_retention_and_an_older_laptop_is_not_told(
    world: World, laptop: Laptop
) -> None:
    laptop.login(f"a-{world.tag}")
    laptop.sync()
    assert laptop.store.get_meta("retention_days") == "30"
    headers = {"Authorization": f"Bearer {world.a.token}"}
    for version, has in ((PROTOCOL_VERSION, True), (3, False), (2, False)):
        page = requests.get(
            f"{world.backend.url}/pull",
            headers={**headers, PROTOCOL_HEADER: str(version)},
            timeout=20,
        )
        assert page.status_code == 200, page.text
        assert ("retention_days" in page.json()) is has, version


def _age(laptop: Laptop, incident_id: uuid.UUID, days: int) -> None:
    with laptop.store.write() as s:
        s.execute(
            update(IncidentRow)
            .where(IncidentRow.id == incident_id)
            .values(synced_at=datetime.now(UTC) - timedelta(days=days))
        )


def test_a_closed_incident_synced_long_ago_is_purged_with_its_files_and_client(
    world: World, laptop: Laptop, tmp_path: Path
) -> None:
    laptop.login(f"a-{world.tag}")
    laptop.sync()
    config = tmp_path / "switch.cfg"
    config.write_text("snmp-server community s3cr3t-community RO\n")
    notes.add_note(laptop.store, world.incident_a, "config attached", attachments=[config])
    assert laptop.sync().complete
    [sha] = laptop.store.blobs.shas()
    world.backend.office.cancel(world.incident_a, "the client withdrew the call")
    laptop.sync()
    assert laptop.status(world.incident_a) == "cancelled"
    # Synced a moment ago: kept (the technician may still want to look at it).
    _age(laptop, world.incident_a, 29)
    assert laptop.sync().purged == 0
    assert world.incident_a in laptop.incident_ids()
    # An open incident synced long ago stays, whatever its age.
    other = world.incident(world.a_id)
    laptop.sync()
    _age(laptop, other, 400)
    assert laptop.sync().purged == 0
    # Past the period: gone with its entries and its file; the client stays for the
    # open incident that still needs it.
    _age(laptop, world.incident_a, 31)
    report = laptop.sync()
    assert report.purged == 1 and report.complete
    assert laptop.incident_ids() == {other}
    assert laptop.entry_ids(world.incident_a) == set()
    assert not laptop.store.blobs.has(sha)
    with laptop.store.read() as s:
        assert s.get(ClientRow, world.client_id) is not None
    # Once the last incident of the client is closed and old, the client goes too.
    world.backend.office.cancel(other, "duplicate call")
    laptop.sync()
    _age(laptop, other, 31)
    assert laptop.sync().purged == 1
    with laptop.store.read() as s:
        assert s.get(ClientRow, world.client_id) is None
        assert s.scalars(select(ContractRow.id)).all() == []
        assert s.get(MetaRow, "technician_id") is not None  # still signed in
