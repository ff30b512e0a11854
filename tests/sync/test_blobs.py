"""Blobs by SHA-256: verified, idempotent, resumable."""

from __future__ import annotations

import hashlib
import os

from tests.sync.conftest import World

MiB = 1024 * 1024


def _status(world: World, sha: str) -> dict[str, object]:
    r = world.a.get(f"/blobs/{sha}/status")
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def test_a_whole_blob_is_verified_and_idempotent(world: World) -> None:
    data = os.urandom(100_000)
    sha = hashlib.sha256(data).hexdigest()
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
    assert world.a.get(f"/blobs/{sha}").status_code == 403  # no attachment of A's names it


def test_a_range_from_zero_starts_over(world: World) -> None:
    data = os.urandom(10_000)
    sha = hashlib.sha256(data).hexdigest()
    world.a.put(f"/blobs/{sha}", data=b"junk", headers={"Content-Range": "bytes 0-3/10000"})
    assert _status(world, sha)["received"] == 4
    r = world.a.put(f"/blobs/{sha}", data=data, headers={"Content-Range": "bytes 0-9999/10000"})
    assert r.status_code == 200
    assert r.json()["state"] == "complete"


def test_bad_blob_requests_are_4xx(world: World) -> None:
    data = b"abc"
    sha = hashlib.sha256(data).hexdigest()
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
