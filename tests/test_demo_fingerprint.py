"""The demo office is the same, row for row, as the one recorded before the demo was split.

Ids are the only thing a seed does not fix (UUIDv7 made at seeding time), so here every
``new_id`` hands out ids from a counter instead: the same calls in the same order give the
same ids. Pictures are compared by their decoded pixels, not their bytes (an encoder may
compress them differently): a picture's SHA-256 and size are replaced, wherever they
appear, by a digest of its pixels. A seal covers an attached picture's SHA-256, so each
seal is checked against the record it seals (rebuilt from the store, as ``verify`` does)
and then counted as "intact": the record itself is in the fingerprint. Run this file as a script to
print the fingerprint after a deliberate change to the demo's data.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image

import desktop.demo
import domain.ids
from desktop.store.db import Store, open_store
from desktop.store.models import Base
from desktop.usecases import queries
from domain.records import Status
from domain.seal import split_sealed

NOW = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
INCIDENTS = 400
SEED = 11
#: The fingerprint of ``seed_demo(incidents=400, seed=11, now=NOW)`` with counted ids,
#: recorded before desktop/demo.py became the desktop.demo package.
RECORDED = "a57e2513f0163cb44cf891498f2bfaa49c5459cc893dda874ef47db8a41c15eb"

_PNG = b"\x89PNG\r\n\x1a\n"
# Meta rows the data folder has before the demo starts, not the demo's own.
_NOT_THE_DEMOS = {"client_id", "schema_version", "store_key_check"}


@contextmanager
def counted_ids() -> Iterator[None]:
    """Every module's ``new_id`` replaced by a counter (valid UUIDv7, increasing)."""
    original = domain.ids.new_id
    count = 0

    def counted() -> uuid.UUID:
        nonlocal count
        count += 1
        ms = int(NOW.timestamp() * 1000)
        value = ms << 80 | 0x7 << 76 | (count >> 62) << 64 | 0b10 << 62 | count
        return uuid.UUID(int=value)

    patched: list[tuple[Any, str]] = []
    for module in list(sys.modules.values()):
        for name, value in list(getattr(module, "__dict__", {}).items()):
            if value is original:
                patched.append((module, name))
                setattr(module, name, counted)
    try:
        yield
    finally:
        for module, name in patched:
            setattr(module, name, original)


def _picture_key(data: bytes) -> str | None:
    """A digest of the decoded pixels of a PNG; None for anything else."""
    if not data.startswith(_PNG):
        return None
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        pixels = f"{image.mode} {image.size}".encode() + image.tobytes()
    return "png:" + hashlib.sha256(pixels).hexdigest()


def _intact_seals(store: Store) -> set[str]:
    """The seals that match the record they seal, rebuilt from the store."""
    intact: set[str] = set()
    for listed in queries.list_incidents(store, now=NOW):
        if listed.incident.status not in (Status.SIGNED_OFF, Status.CLOSED):
            continue
        detail = queries.incident_detail(store, listed.incident.id, now=NOW)
        record = split_sealed(detail.incident, detail.entries)
        if record is not None and record.intact:
            intact.add(record.sign_off.seal)
    return intact


def fingerprint(store: Store) -> str:
    """SHA-256 over every table's rows (sorted), pictures by their pixels."""
    keys: dict[str, str] = {}
    intact = _intact_seals(store)
    conn = store.engine.raw_connection()  # the database is encrypted: the store's own
    digest = hashlib.sha256()
    try:
        shas: set[str] = set()
        cursor = conn.cursor()
        cursor.execute("SELECT sha256 FROM attachment_entries")
        shas.update(sha for (sha,) in cursor.fetchall())
        cursor.execute("SELECT signature_sha256 FROM sign_off_entries")
        shas.update(sha for (sha,) in cursor.fetchall() if sha is not None)
        for sha in shas:
            key = _picture_key(store.blobs.read(sha))
            if key is not None:
                keys[sha] = key
        for table in sorted(t.name for t in Base.metadata.sorted_tables):
            cursor = conn.cursor()
            cursor.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            rows: list[str] = []
            for row in cursor.fetchall():
                values = dict(zip(columns, row, strict=True))
                if table == "meta" and values["key"] in _NOT_THE_DEMOS:
                    continue
                if table == "attachment_entries" and values["sha256"] in keys:
                    values["size"] = None
                if table == "outbox":
                    values["payload"] = _picture_size_left_out(values["payload"], keys)
                if table == "sign_off_entries":
                    values["seal"] = "intact" if values["seal"] in intact else "broken"
                rows.append(repr([_normal(values[c], keys) for c in columns]))
            rows.sort()
            digest.update(f"{table} {columns} {len(rows)}\n".encode())
            for line in rows:
                digest.update(line.encode() + b"\n")
    finally:
        conn.close()
    return digest.hexdigest()


def _picture_size_left_out(payload: str, keys: dict[str, str]) -> str:
    """An outbox payload (JSON) with the size of an attached picture left out."""
    document = json.loads(payload)
    if isinstance(document, dict) and document.get("sha256") in keys:
        document["size"] = None
    return json.dumps(document, sort_keys=True, ensure_ascii=False)


def _normal(value: object, keys: dict[str, str]) -> object:
    if isinstance(value, str):
        for sha, key in keys.items():
            if sha in value:
                value = value.replace(sha, key)
    return value


def seeded_fingerprint(folder: Path, seed: Callable[..., Any] | None = None) -> str:
    store = open_store(folder)
    try:
        with counted_ids():
            (seed or desktop.demo.seed_demo)(store, incidents=INCIDENTS, seed=SEED, now=NOW)
        return fingerprint(store)
    finally:
        store.close()


def test_the_demo_office_is_the_one_recorded(tmp_path: Path) -> None:
    assert seeded_fingerprint(tmp_path) == RECORDED


def test_the_fingerprint_sees_a_changed_row(tmp_path: Path) -> None:
    first = seeded_fingerprint(tmp_path / "one")
    store = open_store(tmp_path / "one")
    try:
        with store.write() as session:
            session.connection().exec_driver_sql(
                "UPDATE meta SET value = value || '.' WHERE key = 'company_name'"
            )
        assert fingerprint(store) != first
    finally:
        store.close()


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(seeded_fingerprint(Path(tmp)))
