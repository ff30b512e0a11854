"""How long a demo office takes to seed, against the floor: bare DB-API inserts.

    python -m bench.demo [--incidents N] [--runs 3]

Each run seeds a fresh temporary data folder with :func:`desktop.demo.seed_demo` and times
it whole (planning, text, sealing the sign-offs, drawing their few signatures, converting
values by their columns' types, DB-API executemany, the local use-case work, commit).
The baseline inserts exactly the same rows, read back from the first seeded database as
ready-made tuples, into a fresh store (schema made by ``open_store``) through the store's
own DB-API connection (the same cipher and pragmas: WAL, ``synchronous=FULL``, foreign
keys on), one ``executemany`` per table in a single transaction. Prints medians; no
assertions. Run it as ``python -m bench.demo`` (as a script, ``bench/sync.py`` would hide
the ``sync`` package). The data folder's passphrase comes from $FIELDBOOK_PASSPHRASE
when no keyring works.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.demo import seed_demo
from desktop.store.db import DB_NAME, open_store
from desktop.store.models import Base, SignOffRow

Rows = dict[str, list[tuple[Any, ...]]]


def _tables() -> list[str]:
    """Every table of the store, parents before children, sign-offs last.

    Sign-offs after the voids, as ``seed_demo`` writes them: the database refuses a void
    of an entry a sign-off has already sealed.
    """
    names = [t.name for t in Base.metadata.sorted_tables]
    return sorted(names, key=lambda name: name == SignOffRow.__tablename__)


def _seed(folder: Path, incidents: int, now: datetime) -> tuple[float, float]:
    store = open_store(folder)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        seed_demo(store, incidents=incidents, now=now)
        return time.perf_counter() - started, time.process_time() - cpu
    finally:
        store.close()


def _dump(folder: Path) -> Rows:
    """All rows of a seeded data folder, table by table, as plain tuples."""
    store = open_store(folder)
    conn = store.engine.raw_connection()  # the store's own (encrypted) connection
    try:
        cursor = conn.cursor()
        rows: Rows = {}
        for name in _tables():
            cursor.execute(f'SELECT * FROM "{name}"')
            rows[name] = [tuple(row) for row in cursor.fetchall()]
        return rows
    finally:
        conn.close()
        store.close()


def _bare_insert(folder: Path, rows: Rows) -> tuple[float, float]:
    """Insert ``rows`` into the fresh store in ``folder`` with the bare DB-API executemany,
    in one transaction; seconds taken, wall clock and this process's CPU.

    The store's own connection, so the same cipher and pragmas (WAL, ``synchronous=FULL``,
    foreign keys on) as ``seed_demo`` writes with; nothing of SQLAlchemy in between.
    """
    store = open_store(folder)
    conn = store.engine.raw_connection()
    try:
        cursor = conn.cursor()
        statements = {
            name: (
                # The fresh store already has its own client_id in meta.
                f'INSERT {"OR REPLACE " if name == "meta" else ""}INTO "{name}" '
                f"VALUES ({', '.join('?' * len(table_rows[0]))})"
            )
            for name, table_rows in rows.items()
            if table_rows
        }
        started, cpu = time.perf_counter(), time.process_time()
        cursor.execute("BEGIN IMMEDIATE")
        for name, sql in statements.items():
            cursor.executemany(sql, rows[name])
        cursor.execute("COMMIT")
        return time.perf_counter() - started, time.process_time() - cpu
    finally:
        conn.close()
        store.close()


def _fmt_rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f}" if seconds > 0 else "-"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--incidents", type=int, default=100_000, help="incidents to seed")
    parser.add_argument("--runs", type=int, default=3, help="runs of each; the median counts")
    args = parser.parse_args(argv)
    if args.incidents < 1 or args.runs < 1:
        parser.error("--incidents and --runs must be at least 1")
    now = datetime.now(UTC)
    seeded: list[tuple[float, float]] = []
    bare: list[tuple[float, float]] = []
    rows: Rows = {}
    db_bytes = 0
    with tempfile.TemporaryDirectory(prefix="fieldbook-bench-") as tmp:
        root = Path(tmp)
        for run in range(args.runs):
            folder = root / f"seed-{run}"
            seeded.append(_seed(folder, args.incidents, now))
            print(f"  seed_demo run {run + 1}: {seeded[-1][0]:.2f} s", file=sys.stderr)
            if run == 0:
                rows = _dump(folder)
                db_bytes = (folder / DB_NAME).stat().st_size
            shutil.rmtree(folder)
        for run in range(args.runs):
            folder = root / f"bare-{run}"
            # A fresh store: the schema exactly as migrations build it.
            bare.append(_bare_insert(folder, rows))
            print(f"  bare DB-API run {run + 1}: {bare[-1][0]:.2f} s", file=sys.stderr)
            shutil.rmtree(folder)

    counts = {name: len(table_rows) for name, table_rows in rows.items() if table_rows}
    total = sum(counts.values())
    seed_s, bare_s = (statistics.median(wall for wall, _ in runs) for runs in (seeded, bare))
    seed_cpu, bare_cpu = (statistics.median(cpu for _, cpu in runs) for runs in (seeded, bare))

    print(f"\nDemo office: {args.incidents:,} incidents, median of {args.runs} run(s)\n")
    width = max(len(name) for name in counts)
    print(f"  {'table':<{width}}  {'rows':>12}")
    print(f"  {'-' * width}  {'-' * 12}")
    for name, n in counts.items():
        print(f"  {name:<{width}}  {n:>12,}")
    print(f"  {'total':<{width}}  {total:>12,}")
    print(f"  database file: {db_bytes / 1e6:,.0f} MB\n")
    label = 34
    print(f"  {'':<{label}}  {'median s':>10}  {'rows/s':>12}")
    print(f"  {'-' * label}  {'-' * 10}  {'-' * 12}")
    print(
        f"  {'seed_demo (text + seals + writes)':<{label}}  {seed_s:>10.2f}  "
        f"{_fmt_rate(total, seed_s):>12}"
    )
    print(
        f"  {'bare DB-API executemany':<{label}}  {bare_s:>10.2f}  {_fmt_rate(total, bare_s):>12}"
    )
    ratio = f"{seed_s / bare_s:.1f}x" if bare_s > 0 else "-"
    print(f"\n  seed_demo / bare DB-API: {ratio}")
    # On a machine other jobs keep busy, CPU time varies less than the wall clock.
    cpu_ratio = f"{seed_cpu / bare_cpu:.1f}x" if bare_cpu > 0 else "-"
    print(f"  CPU time (median): seed_demo {seed_cpu:.2f} s, bare {bare_cpu:.2f} s, {cpu_ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
