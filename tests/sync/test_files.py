"""Files follow the incident (issue 12, points 1 and 2): only whoever holds the incident
reads its files, knowing a hash gets nothing, a stray upload cannot block the owner's,
and reassignment moves the files (and the client's records) with the incident."""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from desktop.usecases import incidents, notes, signoff
from desktop.usecases.report import load_report_data
from domain.ids import new_id
from domain.records import Attachment, Resolution, SignOffOutcome, Status
from domain.signature import synthetic_signature
from sync.protocol import Role
from sync.server import blobs
from sync.server.auth import Caller
from sync.server.db import Database
from sync.server.errors import ApiError
from tests.sync.conftest import T0, World
from tests.sync.laptops import Laptop, require_keyring


@pytest.fixture(autouse=True)
def _keyring() -> None:
    require_keyring()


def _photo(path: Path, seed: int) -> Path:
    image = Image.new("RGB", (64, 48), (seed * 40 % 256, 90, 160))
    image.save(path, "PNG")
    return path


def _attachment(world: World, incident: uuid.UUID, sha: str, size: int) -> Attachment:
    return Attachment(
        id=new_id(),
        incident_id=incident,
        recorded_at=T0,
        author_id=None,
        note_id=None,
        sha256=sha,
        filename="config.txt",
        media_type="text/plain",
        size=size,
    )


def test_knowing_a_hash_gets_nothing(world: World, tmp_path: Path) -> None:
    secret = b"enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\n" * 20
    sha = hashlib.sha256(secret).hexdigest()
    a, b = world.a, world.b
    pushed = a.push_ok([a.entry(_attachment(world, world.incident_a, sha, len(secret)))])
    assert pushed["missing_blobs"] == [sha]
    r = a.put(f"/blobs/{sha}", data=secret, headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 200 and r.json()["state"] == "complete"
    # B learns the hash somehow. The service does not confirm it exists…
    assert b.get(f"/blobs/{sha}/status").status_code == 404
    assert b.get(f"/blobs/{sha}").status_code == 404
    # …and naming it in an entry of B's own only asks B for the bytes.
    answer = b.push_ok([b.entry(_attachment(world, world.incident_b, sha, len(secret)))])
    assert answer["results"][0]["status"] == "applied" and answer["missing_blobs"] == [sha]
    assert b.get(f"/blobs/{sha}").status_code == 404
    assert b.get(f"/blobs/{sha}/status").json()["state"] == "absent"
    # Guessing at the bytes fails, and leaves A's file as it was.
    wrong = b.put(
        f"/blobs/{sha}",
        data=b"x" * 10,
        headers={"Content-Range": f"bytes 0-9/{len(secret)}"},
    )
    assert wrong.status_code == 422
    assert a.get(f"/blobs/{sha}").content == secret
    # Whoever really has the bytes shows it by sending them: then they may read it.
    proven = b.put(f"/blobs/{sha}", data=secret)
    assert proven.status_code == 200 and proven.json()["state"] == "complete"
    assert b.get(f"/blobs/{sha}").content == secret


def test_a_stray_partial_upload_does_not_block_the_owner(world: World) -> None:
    data = b"the owner's photo, in full" * 100
    sha = hashlib.sha256(data).hexdigest()
    a, b = world.a, world.b
    # A pushes the entry first (its bytes follow); B names the same file with a wrong
    # size and starts an upload of a different total.
    a.push_ok([a.entry(_attachment(world, world.incident_a, sha, len(data)))])
    b.push_ok([b.entry(_attachment(world, world.incident_b, sha, 2))])
    stray = b.put(f"/blobs/{sha}", data=b"x", headers={"Content-Range": "bytes 0-0/2"})
    assert stray.status_code == 200 and stray.json()["state"] == "partial"
    # A's upload of the right total starts over and completes.
    half = len(data) // 2
    first = a.put(
        f"/blobs/{sha}",
        data=data[:half],
        headers={"Content-Range": f"bytes 0-{half - 1}/{len(data)}"},
    )
    assert first.status_code == 200 and first.json()["received"] == half
    rest = a.put(
        f"/blobs/{sha}",
        data=data[half:],
        headers={"Content-Range": f"bytes {half}-{len(data) - 1}/{len(data)}"},
    )
    assert rest.json()["state"] == "complete"
    # An entry's size must be the file's.
    assert (
        a.put(f"/blobs/{sha}", data=b"x", headers={"Content-Range": "bytes 0-0/9"}).status_code
        == 422
    )
    answer = a.push_ok([a.entry(_attachment(world, world.incident_a, sha, len(data) + 1))])
    assert answer["results"][0]["code"] == "invalid" and "bytes" in answer["results"][0]["message"]


def test_unfinished_uploads_have_a_quota_and_are_collected(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(world.backend.db_url, pool_size=1)
    try:
        b = world.b
        caller = Caller(world.b_id, f"b-{world.tag}", "B", Role.TECHNICIAN)
        shas = [hashlib.sha256(f"big {n} {uuid.uuid4()}".encode()).hexdigest() for n in range(3)]
        b.push_ok([b.entry(_attachment(world, world.incident_b, sha, 1000)) for sha in shas])
        monkeypatch.setattr(blobs, "PARTIAL_QUOTA", 250)
        long_ago = datetime.now(UTC) - timedelta(days=8)
        for sha in shas[:2]:
            blobs.put(db, caller, sha, b"y" * 100, "bytes 0-99/1000", lambda: long_ago)
        with pytest.raises(ApiError) as refused:
            blobs.put(db, caller, shas[2], b"z" * 100, "bytes 0-99/1000", lambda: long_ago)
        assert refused.value.status == 413 and "unfinished uploads" in refused.value.body.message
        # A week later the two partials left alone are collected; the quota is free again.
        now = datetime.now(UTC)
        status = blobs.put(db, caller, shas[2], b"z" * 100, "bytes 0-99/1000", lambda: now)
        assert status.received == 100
        for sha in shas[:2]:
            assert blobs.status(db, caller, sha).received == 0
    finally:
        db.dispose()


def test_reassignment_moves_the_files_and_the_clients_records(world: World, tmp_path: Path) -> None:
    old = Laptop(tmp_path / "old", world.backend.url)
    new = Laptop(tmp_path / "new", world.backend.url)
    try:
        old.login(f"a-{world.tag}")
        old.sync()
        photo = _photo(tmp_path / "rack.png", 3)
        notes.attach(old.store, world.incident_a, [photo])
        for status in (Status.RESPONDED, Status.ON_SITE):
            incidents.change_status(old.store, world.incident_a, status)
        incidents.change_status(
            old.store, world.incident_a, Status.RESOLVED, resolution=Resolution.WORKAROUND
        )
        signoff.sign_off(
            old.store,
            world.incident_a,
            signer_name="客户",
            signer_role="IT",
            outcome=SignOffOutcome.WORKAROUND,
            strokes=synthetic_signature(4),
        )
        assert old.sync().complete
        files = old.store.blobs.shas()
        assert len(files) == 2  # the photo and the signature
        world.backend.office.assign(world.incident_a, world.b_id, reason="collect the spare")

        new.login(f"b-{world.tag}")
        report = new.sync()
        assert report.complete and report.blobs_downloaded == 2
        assert new.store.blobs.shas() >= files
        data = load_report_data(new.store, world.incident_a)
        assert hashlib.sha256(photo.read_bytes()).hexdigest() in data.images
        assert data.signature_png is not None

        report = old.sync()
        assert world.incident_a not in old.incident_ids()
        with old.store.read() as s:
            from desktop.store.models import ClientRow, ContractRow, CoveredSystemRow

            assert s.get(ClientRow, world.client_id) is None
            assert s.get(ContractRow, world.contract_id) is None
            assert s.get(CoveredSystemRow, world.system_id) is None
        # The files go at a sync once they are settled (an hour old: a file stored a
        # moment ago may belong to an entry being recorded right now).
        hour_ago = time.time() - 3700
        for sha in files:
            os.utime(old.store.blobs.path(sha), (hour_ago, hour_ago))
        old.sync()
        assert old.store.blobs.shas() == set()
    finally:
        old.close()
        new.close()


def test_a_download_cut_half_way_resumes(world: World, tmp_path: Path) -> None:
    from tests.sync.laptops import FaultProxy

    proxy = FaultProxy(world.backend.server.port)
    holder = Laptop(tmp_path / "holder", world.backend.url)
    other = Laptop(tmp_path / "other", proxy.url)
    try:
        holder.login(f"a-{world.tag}")
        holder.sync()
        big = tmp_path / "dump.bin"
        big.write_bytes(os.urandom(3 * 1024 * 1024))
        notes.attach(holder.store, world.incident_a, [big])
        assert holder.sync().complete
        other.login(f"a-{world.tag}")
        proxy.arm("cut_body", "/blobs/", times=1)
        report = other.sync()
        sha = hashlib.sha256(big.read_bytes()).hexdigest()
        assert report.blobs_downloaded == 1 and other.store.blobs.has(sha)
        assert other.store.blobs.read(sha) == big.read_bytes()
        assert proxy.done().get("cut_body") == 1
    finally:
        holder.close()
        other.close()
        proxy.close()
