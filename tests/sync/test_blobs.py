"""Blobs by SHA-256: verified, idempotent, resumable (each named first by an entry of the
technician's own: the service takes no file nobody's entry names)."""

from __future__ import annotations

import hashlib
import os

from domain.ids import new_id
from domain.records import Attachment
from tests.sync.conftest import T0, World

MiB = 1024 * 1024


def _status(world: World, sha: str) -> dict[str, object]:
    r = world.a.get(f"/blobs/{sha}/status")
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def _name(world: World, sha: str, size: int) -> None:
    """A's attachment naming the file, pushed before its bytes (as a laptop does)."""
    attachment = Attachment(
        id=new_id(),
        incident_id=world.incident_a,
        recorded_at=T0,
        author_id=None,
        note_id=None,
        sha256=sha,
        filename="dump.bin",
        media_type="application/octet-stream",
        size=size,
    )
    world.a.push_ok([world.a.entry(attachment)])


def test_a_file_nobody_named_is_refused(world: World) -> None:
    data = b"nobody's entry names this"
    sha = hashlib.sha256(data).hexdigest()
    assert world.a.get(f"/blobs/{sha}/status").status_code == 404
    assert world.a.put(f"/blobs/{sha}", data=data).status_code == 404


def test_a_whole_blob_is_verified_and_idempotent(world: World) -> None:
    data = os.urandom(100_000)
    sha = hashlib.sha256(data).hexdigest()
    _name(world, sha, len(data))
    assert _status(world, sha)["state"] == "absent"
    r = world.a.put(f"/blobs/{sha}", data=data)
    assert r.status_code == 200
    assert r.json() == {
        "sha256": sha,
        "state": "complete",
        "received": len(data),
        "size": len(data),
    }
    again = world.a.put(f"/blobs/{sha}", data=data)
    assert again.status_code == 200
    assert again.json()["state"] == "complete"
    assert _status(world, sha)["state"] == "complete"


def test_bytes_that_do_not_match_the_name_are_refused_and_not_kept(world: World) -> None:
    data = b"the real log"
    sha = hashlib.sha256(data).hexdigest()
    _name(world, sha, len(data))
    r = world.a.put(f"/blobs/{sha}", data=b"something else")
    assert r.status_code == 422
    assert r.json()["code"] == "blob_hash_mismatch"
    assert _status(world, sha) == {"sha256": sha, "state": "absent", "received": 0, "size": None}
    # In ranges, the mismatch shows when the last byte arrives; nothing is kept either.
    wrong = b"X" * len(data)
    world.a.put(
        f"/blobs/{sha}", data=wrong[:5], headers={"Content-Range": f"bytes 0-4/{len(data)}"}
    )
    r = world.a.put(
        f"/blobs/{sha}",
        data=wrong[5:],
        headers={"Content-Range": f"bytes 5-{len(data) - 1}/{len(data)}"},
    )
    assert r.status_code == 422
    assert r.json()["code"] == "blob_hash_mismatch"
    assert _status(world, sha)["state"] == "absent"


def test_an_interrupted_upload_resumes_where_the_server_stopped(world: World) -> None:
    data = os.urandom(3 * MiB + 12345)
    sha = hashlib.sha256(data).hexdigest()
    _name(world, sha, len(data))
    total = len(data)
    chunk = MiB

    def send(start: int) -> int:
        end = min(start + chunk, total) - 1
        r = world.a.put(
            f"/blobs/{sha}",
            data=data[start : end + 1],
            headers={"Content-Range": f"bytes {start}-{end}/{total}"},
        )
        return r.status_code

    assert send(0) == 200
    assert send(chunk) == 200
    # The connection dropped here; the laptop comes back later and asks where to go on.
    status = _status(world, sha)
    assert status == {"sha256": sha, "state": "partial", "received": 2 * chunk, "size": total}
    r = world.a.put(
        f"/blobs/{sha}",
        data=data[3 * chunk :],
        headers={"Content-Range": f"bytes {3 * chunk}-{total - 1}/{total}"},
    )
    assert r.status_code == 409
    assert r.json()["code"] == "blob_offset_mismatch"
    assert r.json()["received"] == 2 * chunk
    offset = int(status["received"])  # type: ignore[call-overload]
    while offset < total:
        assert send(offset) == 200
        offset = min(offset + chunk, total)
    assert _status(world, sha)["state"] == "complete"
    # Ranges of a complete blob are acknowledged without storing anything.
    assert send(0) == 200
    assert _status(world, sha)["state"] == "complete"
    # A's attachment is on A's incident: A may read it (as whoever holds it next).
    assert world.a.get(f"/blobs/{sha}").content == data


def test_a_range_from_zero_starts_over(world: World) -> None:
    data = os.urandom(10_000)
    sha = hashlib.sha256(data).hexdigest()
    _name(world, sha, len(data))
    world.a.put(f"/blobs/{sha}", data=b"junk", headers={"Content-Range": "bytes 0-3/10000"})
    assert _status(world, sha)["received"] == 4
    r = world.a.put(f"/blobs/{sha}", data=data, headers={"Content-Range": "bytes 0-9999/10000"})
    assert r.status_code == 200
    assert r.json()["state"] == "complete"


def test_bad_blob_requests_are_4xx(world: World) -> None:
    data = b"abc"
    sha = hashlib.sha256(data).hexdigest()
    _name(world, sha, len(data))
    for headers in (
        {"Content-Range": "bytes 0-9/3"},
        {"Content-Range": "lines 1-2"},
        {"Content-Range": "bytes 5-1/9"},
    ):
        r = world.a.put(f"/blobs/{sha}", data=data, headers=headers)
        assert r.status_code == 422, headers
    assert world.a.put(f"/blobs/{sha.upper()}", data=data).status_code == 422
    r = world.a.put(f"/blobs/{sha}", data=b"x" * (9 * MiB))
    assert r.status_code == 413
    huge = f"bytes 0-2/{1024**4}"
    assert (
        world.a.put(f"/blobs/{sha}", data=data, headers={"Content-Range": huge}).status_code == 413
    )
