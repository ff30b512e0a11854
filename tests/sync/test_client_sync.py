"""The laptop's sync engine against the real service (SQLite and PostgreSQL).

Each laptop is its own data folder signed in through the real OS keyring.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import keyring
import pytest
from sqlalchemy import func, select

from desktop.store import outbox
from desktop.store.models import OutboxState, SyncStreamRow
from desktop.syncing import credentials, errors, usecases
from desktop.syncing.engine import SyncHooks
from desktop.usecases import incidents, notes
from desktop.usecases.common import utcnow
from domain.records import Status
from sync.client import Connection
from sync.protocol import PullResponse
from sync.server.models import EntryRow as ServerEntryRow
from tests.sync.conftest import ROOT, World, expire_tokens, note
from tests.sync.laptops import FAST, Laptop, LossyProxy, require_keyring


@pytest.fixture(autouse=True)
def _keyring() -> None:
    require_keyring()


@pytest.fixture
def laptops(tmp_path: Path, world: World) -> Iterator[list[Laptop]]:
    made = [Laptop(tmp_path / f"laptop{i}", world.backend.url) for i in range(2)]
    yield made
    for laptop in made:
        laptop.close()


def _a(world: World) -> str:
    return f"a-{world.tag}"


def _b(world: World) -> str:
    return f"b-{world.tag}"


def _server_entries(world: World, incident_id: uuid.UUID) -> list[uuid.UUID]:
    with world.backend.db.read() as s:
        return list(
            s.scalars(select(ServerEntryRow.id).where(ServerEntryRow.incident_id == incident_id))
        )


def test_the_keyring_is_a_real_backend() -> None:
    """Under CI this fails (not skips) when only a fail/null backend is there."""
    assert credentials.unusable_reason(keyring.get_keyring()) is None


def test_two_laptops_of_one_technician_converge(world: World, laptops: list[Laptop]) -> None:
    one, two = laptops
    for laptop in laptops:
        laptop.login(_a(world))
        report = laptop.sync()
        assert report.complete and world.incident_a in laptop.incident_ids()
        assert world.incident_b not in laptop.incident_ids()
    # Both work offline on the same incident.
    notes.add_note(one.store, world.incident_a, "laptop one: disk full on node 2")
    incidents.change_status(one.store, world.incident_a, Status.RESPONDED)
    notes.add_note(two.store, world.incident_a, "laptop two: checked the RAID controller")
    for laptop in (one, two, one):
        report = laptop.sync()
    assert report.complete
    assert one.entry_ids(world.incident_a) == two.entry_ids(world.incident_a)
    assert set(_server_entries(world, world.incident_a)) == one.entry_ids(world.incident_a)
    assert one.status(world.incident_a) == two.status(world.incident_a) == "responded"
    assert one.outbox()[OutboxState.PENDING] == two.outbox()[OutboxState.PENDING] == 0


def test_a_reply_lost_after_the_commit_does_not_duplicate(
    world: World, laptops: list[Laptop]
) -> None:
    laptop = laptops[0]
    proxy = LossyProxy(world.backend.server.port)
    try:
        laptop.url = proxy.url
        laptop.login(_a(world))
        laptop.sync()
        for i in range(5):
            notes.add_note(laptop.store, world.incident_a, f"lost reply {i}")
        proxy.drop_push_replies = 1
        report = laptop.sync()  # the push is answered, the answer lost, the retry acknowledged
        assert proxy.dropped == 1
        assert report.complete
        assert report.already_applied == 5 and report.applied == 0
    finally:
        proxy.close()
    assert len(_server_entries(world, world.incident_a)) == 5
    assert laptop.outbox()[OutboxState.APPLIED] == 5


def test_a_mutation_always_rejected_does_not_block_and_is_shown(
    world: World, laptops: list[Laptop]
) -> None:
    laptop = laptops[0]
    laptop.login(_a(world))
    laptop.sync()
    notes.add_note(laptop.store, world.incident_a, "before")
    with laptop.store.write() as s:  # work on an incident that is not A's
        outbox.enqueue_entry(s, note(world.incident_b, "not mine"), now=utcnow())
    notes.add_note(laptop.store, world.incident_a, "after")
    report = laptop.sync()
    assert report.applied == 2 and report.rejected == 1 and not report.complete
    [refused] = usecases.rejected_changes(laptop.store)
    assert refused.code == "forbidden" and refused.message
    assert refused.entry_kind == "note" and "not mine" in refused.description
    assert refused.remedy
    # Again: still refused, still not blocking.
    notes.add_note(laptop.store, world.incident_a, "later")
    report = laptop.sync()
    assert report.applied == 1 and report.rejected == 0 and report.rejected_total == 1
    usecases.discard_rejected(laptop.store, refused.seq)
    assert usecases.rejected_changes(laptop.store) == []
    assert laptop.sync().complete
    assert laptop.outbox()[OutboxState.DISCARDED] == 1
    with pytest.raises(errors.NotRejected):
        usecases.retry_rejected(laptop.store, refused.seq)


def test_an_expired_token_keeps_the_outbox(world: World, laptops: list[Laptop]) -> None:
    laptop = laptops[0]
    laptop.login(_a(world))
    laptop.sync()
    notes.add_note(laptop.store, world.incident_a, "written while the token expired")
    expire_tokens(world.backend, world.a_id)
    with pytest.raises(errors.SessionExpired):
        laptop.sync()
    assert laptop.outbox()[OutboxState.PENDING] == 1
    laptop.login(_a(world))
    assert laptop.sync().complete
    assert laptop.outbox()[OutboxState.PENDING] == 0


def test_clock_skew_changes_nothing_about_order(world: World, laptops: list[Laptop]) -> None:
    ahead, behind = laptops
    for laptop in laptops:
        laptop.login(_a(world))
        laptop.sync()
    later, earlier = utcnow() + timedelta(days=5), utcnow() - timedelta(days=5)
    # Both answer the call; the one whose clock is days behind syncs first and wins.
    incidents.change_status(ahead.store, world.incident_a, Status.RESPONDED, now=later)
    incidents.change_status(behind.store, world.incident_a, Status.RESPONDED, now=earlier)
    assert behind.sync().applied == 1
    report = ahead.sync()
    assert report.rejected == 1
    [refused] = usecases.rejected_changes(ahead.store)
    assert refused.code == "conflict" and refused.current_status == "responded"
    behind.sync()
    assert ahead.status(world.incident_a) == behind.status(world.incident_a) == "responded"
    # Notes stamped days apart land in the order the server applied them.
    notes.add_note(ahead.store, world.incident_a, "first pushed", now=later)
    ahead.sync()
    notes.add_note(behind.store, world.incident_a, "second pushed", now=earlier)
    behind.sync()
    r = world.dispatch.get(f"/dispatch/incidents/{world.incident_a}")
    texts = [e["entry"].get("text") for e in r.json()["entries"] if e["entry"]["kind"] == "note"]
    assert texts == ["first pushed", "second pushed"]


def test_a_pull_interrupted_before_its_commit_resumes_without_loss(
    world: World, laptops: list[Laptop]
) -> None:
    writer, reader = laptops
    writer.login(_a(world))
    writer.sync()
    for i in range(12):
        notes.add_note(writer.store, world.incident_a, f"note {i}")
    assert writer.sync().complete
    reader.login(_a(world))
    pages: list[PullResponse] = []

    def crash(page: PullResponse) -> None:
        pages.append(page)
        if len(pages) == 2:
            raise RuntimeError("the laptop died before the commit")

    with pytest.raises(RuntimeError):
        reader.sync(pull_limit=4, hooks=SyncHooks(before_page_commit=crash))
    report = reader.sync(pull_limit=4)
    assert report.complete
    assert reader.entry_ids(world.incident_a) == writer.entry_ids(world.incident_a)
    assert len(reader.entry_ids(world.incident_a)) == len(_server_entries(world, world.incident_a))


def test_the_next_page_asked_for_meanwhile_is_finished_before_a_failed_pull_ends(
    world: World, laptops: list[Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pull asks for the next page while it writes one; when a page fails to
    apply, the request already sent is waited for (no thread is left using the
    connection) and dropped, and the page that failed is asked for again next time."""
    writer, reader = laptops
    writer.login(_a(world))
    writer.sync()
    for i in range(12):
        notes.add_note(writer.store, world.incident_a, f"note {i}")
    assert writer.sync().complete
    reader.login(_a(world))
    asked: list[str | None] = []
    running: list[int] = []
    overlapped: list[bool] = []
    real_pull = Connection.pull

    def pull(self: Connection, cursor: str | None, limit: int | None = None) -> PullResponse:
        overlapped.append(bool(running))
        running.append(1)
        try:
            asked.append(cursor)
            return real_pull(self, cursor, limit)
        finally:
            running.pop()

    monkeypatch.setattr(Connection, "pull", pull)
    pages: list[PullResponse] = []

    def crash(page: PullResponse) -> None:
        pages.append(page)
        if len(pages) == 2:
            raise RuntimeError("the laptop died before the commit")

    with pytest.raises(RuntimeError):
        reader.sync(pull_limit=4, hooks=SyncHooks(before_page_commit=crash))
    assert not running and not any(overlapped)
    assert not [t for t in threading.enumerate() if t.name.startswith("fieldbook-pull")]
    assert asked[:3] == [None, pages[0].cursor, pages[1].cursor]  # the third: asked ahead
    asked.clear()
    assert reader.sync(pull_limit=4).complete
    assert asked[0] == pages[0].cursor  # the failed page again: its cursor was not kept
    assert reader.entry_ids(world.incident_a) == writer.entry_ids(world.incident_a)


def test_a_new_server_epoch_downloads_again_and_keeps_the_outbox(
    world: World, laptops: list[Laptop]
) -> None:
    laptop = laptops[0]
    laptop.login(_a(world))
    laptop.sync()
    notes.add_note(laptop.store, world.incident_a, "pending over the restore")
    done = subprocess.run(
        [sys.executable, "-m", "sync.server", "--db", world.backend.db_url, "new-epoch"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = laptop.sync()
    assert report.reset and report.complete and report.applied == 1
    assert world.incident_a in laptop.incident_ids()
    assert laptop.entry_ids(world.incident_a) == set(_server_entries(world, world.incident_a))


def test_a_reassigned_incident_leaves_the_old_laptop_and_reaches_the_new(
    world: World, laptops: list[Laptop]
) -> None:
    old, new = laptops
    old.login(_a(world))
    old.sync()
    notes.add_note(old.store, world.incident_a, "handing over")
    incidents.change_status(old.store, world.incident_a, Status.RESPONDED)
    old.sync()
    moved = world.dispatch.post(
        f"/dispatch/incidents/{world.incident_a}/assign",
        json={"technician_id": str(world.b_id)},
    )
    assert moved.status_code == 200, moved.text
    report = old.sync()
    assert report.removed == 1
    assert world.incident_a not in old.incident_ids()
    assert old.entry_ids(world.incident_a) == set()
    # The outbox keeps the record of what was pushed.
    assert old.outbox()[OutboxState.APPLIED] >= 2
    new.login(_b(world))
    new.sync()
    assert world.incident_a in new.incident_ids()
    assert new.entry_ids(world.incident_a) == set(_server_entries(world, world.incident_a))
    # The append-only protection is back after the removal.
    with old.store.engine.connect() as conn:
        names = set(
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars()
        )
    assert {"entries_no_delete", "note_entries_no_delete", "incidents_sealed_no_delete"} <= names


def test_a_removed_incident_stays_while_pending_rows_need_it(
    world: World, laptops: list[Laptop]
) -> None:
    laptop = laptops[0]
    laptop.login(_a(world))
    laptop.sync()
    world.dispatch.post(
        f"/dispatch/incidents/{world.incident_a}/assign", json={"technician_id": str(world.b_id)}
    )
    notes.add_note(laptop.store, world.incident_a, "written offline after dispatch moved it")
    report = laptop.sync()  # pushed first: refused (not A's any more); then removed
    assert report.rejected == 1
    assert world.incident_a not in laptop.incident_ids()
    assert usecases.rejected_changes(laptop.store)[0].incident_number is None


def test_attachments_upload_and_resume_after_a_drop(
    world: World, laptops: list[Laptop], tmp_path: Path
) -> None:
    laptop = laptops[0]
    laptop.login(_a(world))
    laptop.sync()
    photo = tmp_path / "rack.jpg"
    photo.write_bytes(bytes(range(256)) * 12_000)  # 3 MB
    changed = notes.attach(laptop.store, world.incident_a, [photo])
    sha = laptop.store.blobs.put_file(photo)[0]
    assert changed.entry_ids
    # The connection drops after the first MiB reached the server.
    from desktop.syncing import engine as sync_engine

    real = sync_engine.upload_blobs
    token = credentials.load_token(world.backend.url, _a(world))
    assert token

    def dropping(*args: object, **kw: object) -> None:
        from sync.client import Connection, Offline

        with Connection(world.backend.url, token, policy=FAST) as conn:
            part = photo.read_bytes()[: 1 << 20]
            r = conn.http.put(
                f"{world.backend.url}/blobs/{sha}",
                data=part,
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Range": f"bytes 0-{len(part) - 1}/{photo.stat().st_size}",
                },
                timeout=20,
            )
            assert r.status_code == 200, r.text
        raise Offline("the network went away")

    sync_engine.upload_blobs = dropping
    try:
        with pytest.raises(errors.OfflineError):
            laptop.sync()
    finally:
        sync_engine.upload_blobs = real
    status = world.a.get(f"/blobs/{sha}/status").json()
    assert status["state"] == "partial" and status["received"] == 1 << 20
    report = laptop.sync()
    assert report.blobs_uploaded == 1 and report.complete
    assert world.a.get(f"/blobs/{sha}/status").json()["state"] == "complete"
    assert world.a.get(f"/blobs/{sha}").content == photo.read_bytes()


def test_logout_refuses_with_unsynced_work_and_force_keeps_the_outbox(
    world: World, laptops: list[Laptop]
) -> None:
    laptop = laptops[0]
    laptop.login(_a(world))
    laptop.sync()
    notes.add_note(laptop.store, world.incident_a, "not synced yet")
    with pytest.raises(errors.UnsyncedWork):
        usecases.logout(laptop.store)
    assert usecases.sync_status(laptop.store).signed_in
    usecases.logout(laptop.store, force=True)
    status = usecases.sync_status(laptop.store)
    assert not status.signed_in and status.pending == 1
    assert credentials.load_token(world.backend.url, _a(world)) is None
    with pytest.raises(errors.NotSignedIn):
        laptop.sync()
    laptop.login(_a(world))
    assert laptop.sync().complete


def test_a_client_id_of_another_technician_starts_a_new_one(
    world: World, laptops: list[Laptop]
) -> None:
    a, b = laptops
    a.login(_a(world))
    a.sync()
    notes.add_note(a.store, world.incident_a, "A's work")
    a.sync()
    b.login(_b(world))
    b.sync()
    with a.store.read() as s:
        a_stream = s.get_one(SyncStreamRow, world.a_id).client_id
    with b.store.write() as s:  # a copied data folder: A's client id on B's laptop
        s.get_one(SyncStreamRow, world.b_id).client_id = a_stream
    notes.add_note(b.store, world.incident_b, "B's work, numbered again from 1")
    report = b.sync()
    assert report.new_client_id and report.applied == 1 and report.complete
    with b.store.read() as s:
        assert s.get_one(SyncStreamRow, world.b_id).client_id != a_stream
    assert len(_server_entries(world, world.incident_b)) == 1


def test_the_server_restored_from_a_backup_gets_what_it_forgot(
    world: World, laptops: list[Laptop]
) -> None:
    laptop = laptops[0]
    laptop.login(_a(world))
    laptop.sync()
    notes.add_note(laptop.store, world.incident_a, "one")
    notes.add_note(laptop.store, world.incident_a, "two")
    assert laptop.sync().applied == 2
    # The restore lost the second mutation: its entry and its number.
    from sqlalchemy import delete, update

    from sync.server.models import ClientStreamRow, MutationResultRow

    lost = max(_server_entries(world, world.incident_a))
    with laptop.store.read() as local:
        client_id = local.get_one(SyncStreamRow, world.a_id).client_id
    with world.backend.db.write() as s:
        s.execute(
            update(ClientStreamRow).where(ClientStreamRow.client_id == client_id).values(last_seq=1)
        )
        s.execute(
            delete(MutationResultRow).where(
                MutationResultRow.client_id == client_id, MutationResultRow.seq > 1
            )
        )
        for table in ("note_entries", "entries"):
            t = ServerEntryRow.metadata.tables.get(table)
            if t is not None:
                s.execute(delete(t).where(t.c.id == lost))
    assert len(_server_entries(world, world.incident_a)) == 1
    report = laptop.sync()
    assert report.resent_from == 2 and report.complete
    assert len(_server_entries(world, world.incident_a)) == 2


def test_cli_login_sync_logout(world: World, tmp_path: Path) -> None:
    data = tmp_path / "cli-laptop"
    env = {**__import__("os").environ, "FIELDBOOK_PASSWORD": "pw"}

    def fieldbook(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fieldbook", "--data-dir", str(data), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert fieldbook("sync").returncode == 1  # not signed in: one plain line
    done = fieldbook("login", "--server", world.backend.url, "--user", _a(world))
    assert done.returncode == 0, done.stderr
    done = fieldbook("sync")
    assert done.returncode == 0, done.stderr
    assert "pull:" in done.stderr and "Pushed" in done.stderr
    done = fieldbook("note", str(world.incident_a), "from the command line")
    assert done.returncode == 0, done.stderr
    done = fieldbook("logout")
    assert done.returncode == 1 and "not synced" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert fieldbook("sync").returncode == 0
    done = fieldbook("logout")
    assert done.returncode == 0, done.stderr
    bad = fieldbook("login", "--server", world.backend.url, "--user", _a(world))
    env["FIELDBOOK_PASSWORD"] = "wrong"
    bad = fieldbook("login", "--server", world.backend.url, "--user", _a(world))
    assert bad.returncode == 1 and "password" in bad.stderr
    assert len(_server_entries(world, world.incident_a)) == 1
    with world.backend.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ServerEntryRow)) is not None
