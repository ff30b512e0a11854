"""What encrypting the laptop's store costs: the same data folder encrypted and plain.

    .venv/bin/python bench/at_rest.py [--incidents 5000] [--runs 5]

A demo office is seeded once into an encrypted folder (the key in the OS keyring where
one works, else from $FIELDBOOK_PASSPHRASE); a plain copy of its database is made with
``sqlcipher_export``. Then, alternating between the two, each run times: opening the
store (the key from the keyring or the passphrase included, the plain one without),
loading the incident list (``list_incidents``: every incident with its SLA inputs),
opening one busy incident, and recording 200 notes, each in its own write transaction
with its outbox row (WAL, ``synchronous=FULL``). Medians; the ratio is encrypted / plain. The
attachments are copied plain beside the plain copy, so both sides read the same files.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(work: Callable[[], None]) -> float:
    t0 = time.perf_counter()
    work()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from desktop.demo import seed_demo
    from desktop.store import cipher
    from desktop.store.blobs import BlobStore
    from desktop.store.db import DB_NAME, Store, create_sqlite_engine, open_store
    from desktop.usecases import notes, queries

    tmp = Path(tempfile.mkdtemp(prefix="fieldbook-bench-at-rest-"))
    encrypted_dir = tmp / "encrypted"
    store = open_store(encrypted_dir)
    t0 = time.perf_counter()
    summary = seed_demo(store, incidents=args.incidents)
    print(f"seeded {summary.incidents} incidents in {time.perf_counter() - t0:.1f} s")
    key = store.key
    assert key is not None
    kind = (cipher.read_key_info(encrypted_dir) or cipher.KeyInfo("?", "?")).kind
    store.close()
    plain_dir = tmp / "plain"
    plain_dir.mkdir()
    con = cipher.connect(encrypted_dir / DB_NAME, key)
    con.execute(f"ATTACH DATABASE '{plain_dir / DB_NAME}' AS plain KEY ''")
    con.execute("SELECT sqlcipher_export('plain')")
    con.execute("DETACH DATABASE plain")
    con.close()
    size = (encrypted_dir / DB_NAME).stat().st_size / 1e6
    # The attachments too, plain (the sealed ones are read through the store).
    sealed_blobs = BlobStore(encrypted_dir / "blobs", key)
    plain_blobs = BlobStore(plain_dir / "blobs")
    for sha in sealed_blobs.shas():
        target = plain_blobs.path(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(sealed_blobs.read(sha))

    def open_plain() -> Store:
        return Store(plain_dir, create_sqlite_engine(plain_dir / DB_NAME))

    def open_encrypted() -> Store:
        cipher._derived.clear()  # a fresh start derives (or fetches) the key again
        return open_store(encrypted_dir)

    busy = summary.busy_incident
    results: dict[str, dict[str, list[float]]] = {"plain": {}, "encrypted": {}}
    for run in range(args.runs):
        for side, opener in (("plain", open_plain), ("encrypted", open_encrypted)):
            times = results[side]
            t0 = time.perf_counter()
            s = opener()
            times.setdefault("open", []).append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            queries.list_incidents(s)
            times.setdefault("list", []).append(time.perf_counter() - t0)
            gc.collect()  # not a collector pass left over from the list, timed here
            t0 = time.perf_counter()
            queries.incident_detail(s, busy)
            times.setdefault("incident", []).append(time.perf_counter() - t0)

            def write(s: Store = s, run: int = run) -> None:
                for i in range(200):
                    notes.add_note(s, busy, f"bench note {run}-{i}: ORA-00600 [kcbz_check]")

            times.setdefault("200 notes", []).append(_timed(write))
            s.close()
        print(f"  run {run + 1} done", file=sys.stderr)
    print(
        f"at rest: {args.incidents} incidents, database {size:.0f} MB, key kept by {kind}, "
        f"{args.runs} runs (medians)"
    )
    print(f"  {'':<12}{'plain':>10}{'encrypted':>12}{'ratio':>8}")
    for what in results["plain"]:
        p = statistics.median(results["plain"][what])
        e = statistics.median(results["encrypted"][what])
        print(f"  {what:<12}{p * 1000:>8.0f}ms{e * 1000:>10.0f}ms{e / p:>7.2f}x")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
