"""Power cuts and kills: what the app reported as committed is there afterwards."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from desktop.store import cipher
from desktop.store.blobs import BlobStore
from desktop.store.db import DB_NAME, Store
from tests.conftest import Office

ROUNDS = 20
ROOT = Path(__file__).resolve().parents[1]


def test_sigkill_at_random_moments_loses_nothing_committed(
    store: Store, office: Office, data_dir: Path
) -> None:
    store.close()
    rng = random.Random(20261124)
    committed_notes: set[int] = set()
    committed_blobs: dict[int, str] = {}
    next_i = 1
    for _ in range(ROUNDS):
        with subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.crash_child",
                str(data_dir),
                office.incident_number,
                str(next_i),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as child:
            next_i = _one_round(child, rng, committed_notes, committed_blobs, next_i)

    assert store.key is not None
    con = cipher.connect(data_dir / DB_NAME, store.key)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        texts = {t for (t,) in con.execute("SELECT text FROM note_entries")}
        for i in committed_notes:
            assert f"crash-test note {i} 日志" in texts
        shas = {s for (s,) in con.execute("SELECT sha256 FROM attachment_entries")}
        # Every entry has its outbox row: they were written in one transaction.
        entries = con.execute("SELECT count(*) FROM entries").fetchone()[0]
        boxed = con.execute("SELECT count(*) FROM outbox WHERE entry_id IS NOT NULL").fetchone()
        assert boxed[0] == entries
    finally:
        con.close()
    blobs = BlobStore(data_dir / "blobs", store.key)
    for sha in committed_blobs.values():
        assert sha in shas
        assert hashlib.sha256(blobs.read(sha)).hexdigest() == sha
    assert len(committed_notes) + len(committed_blobs) >= ROUNDS


def _record(line: str, notes: set[int], blobs: dict[int, str]) -> int:
    kind, number, *rest = line.split()
    if kind == "note":
        notes.add(int(number))
    else:
        blobs[int(number)] = rest[0]
    return int(number) + 1


def _one_round(
    child: subprocess.Popen[str],
    rng: random.Random,
    notes: set[int],
    blobs: dict[int, str],
    next_i: int,
) -> int:
    assert child.stdout is not None and child.stderr is not None
    # Kill after a random number of reported commits: the child is then somewhere in its
    # next write, at a moment we do not choose.
    wanted = rng.randint(1, 12)
    for seen, line in enumerate(child.stdout, start=1):
        next_i = max(next_i, _record(line, notes, blobs))
        if seen >= wanted:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait()
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    # Whatever the child printed before it died is committed too.
    for line in child.stdout:
        next_i = max(next_i, _record(line, notes, blobs))
    return next_i
