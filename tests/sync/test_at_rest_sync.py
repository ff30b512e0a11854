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
    from desktop.drafts import DraftStore

    drafts = DraftStore(laptop.path, laptop.store.key)
    drafts.save(world.incident_a, "note", {"text": "never saved"})
    report = laptop.sync()
    assert report.purged == 1 and report.complete
    assert laptop.incident_ids() == {other}
    assert laptop.entry_ids(world.incident_a) == set()
    assert not laptop.store.blobs.has(sha)
    assert drafts.all() == []
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


NOTE_SECRET = "Oracle SYS password: Zq7#Lm2!Vx9"
FILE_SECRET = "tacacs-server key 7 Hd83JskQ01"


def test_a_realistic_session_leaves_no_secret_readable_in_the_data_folder(
    world: World, tmp_path: Path
) -> None:
    """Issue 12: a secret typed into a note and one inside an attached configuration
    file, a session with the window's drafts, the command line and a sync against the
    real service; then every file of the data folder, read as bytes (the database, its
    WAL and index, logs, blobs, drafts, backups, the key description), holds neither."""
    from desktop import cli
    from desktop.drafts import DraftStore
    from desktop.logs import close_logging, setup_logging
    from desktop.syncing.usecases import sync_status
    from desktop.usecases import incidents
    from domain.records import Status

    data = tmp_path / "laptop"
    setup_logging(data)
    laptop = Laptop(data, world.backend.url)
    try:
        laptop.login(f"a-{world.tag}")
        laptop.sync()
        incidents.change_status(laptop.store, world.incident_a, Status.RESPONDED)
        drafts = DraftStore(data, laptop.store.key)
        drafts.save(world.incident_a, "note", {"text": f"half typed: {NOTE_SECRET}"})
        notes.add_note(laptop.store, world.incident_a, f"The DBA told us: {NOTE_SECRET}")
        drafts.discard(world.incident_a, "note")
        drafts.save(world.incident_a, "action", {"description": f"reset {NOTE_SECRET}"})
        outside = tmp_path / "usb-stick"
        outside.mkdir()
        config = outside / "core-switch-running.cfg"
        config.write_text(f"hostname core-1\n{FILE_SECRET}\nend\n" * 50)
        notes.add_note(laptop.store, world.incident_a, "running config", attachments=[config])
        with laptop.store.read() as s:
            inc = s.get_one(IncidentRow, world.incident_a).number
        assert cli.main(["--data-dir", str(data), "note", inc, f"cli: {NOTE_SECRET}"]) == 0
        setup_logging(data)  # the command line closed the log: this session goes on
        report = laptop.sync()
        assert report.complete and report.blobs_uploaded == 1, report
        assert sync_status(laptop.store).pending == 0
        # The service has them (the secrets are real ones for this test)…
        detail = world.dispatch.get(f"/dispatch/incidents/{world.incident_a}")
        assert detail.status_code == 200 and NOTE_SECRET in detail.text
        # …the laptop's disk, read while the store is open (WAL and index there), not.
        names = {p.name for p in data.rglob("*") if p.is_file()}
        assert {"fieldbook.db", "fieldbook.db-wal", "fieldbook.log"} <= names
        assert any(p.parent.name == "drafts" for p in data.rglob("*.json"))
        assert _readable(data, NOTE_SECRET, FILE_SECRET) == []
    finally:
        laptop.close()
        close_logging()
    assert _readable(data, NOTE_SECRET, FILE_SECRET) == []


def _readable(folder: Path, *secrets: str) -> list[str]:
    """The files under ``folder`` in which a secret can be read as plain bytes (UTF-8, or
    UTF-16 as Windows tools write it)."""
    forms = [f for s in secrets for f in (s.encode(), s.encode("utf-16-le"))]
    return [
        str(p.relative_to(folder))
        for p in sorted(folder.rglob("*"))
        if p.is_file() and any(f in p.read_bytes() for f in forms)
    ]
