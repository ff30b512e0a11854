"""Per-keystroke filter latency in the incident list with 100,000 incidents, and memory.

    .venv/bin/python bench/list_filter.py [--incidents 100000] [--runs 5] [--data DIR]
        [--root CHECKOUT]

A real main window (offscreen) over a demo store. Each keystroke is a real key event in
the filter box; the time runs until the table has repainted with the new rows. The
baseline, measured in the same run, is the least any filter can do: one substring test
per row over the same 100,000 search strings in a list comprehension. ``--data`` reuses
a data folder (made once with ``fieldbook demo``; its key from ``$FIELDBOOK_PASSPHRASE``
where no keyring is at hand) instead of seeding one; ``--root`` runs another checkout's
code (for example ``/work/main``) to compare before and after on the same folder.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]

QUERIES = ("INC-2026-01", "华东医疗", "oracle rac", "core switch", "存储", "ora-00600", "p1 x")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, help="an existing data folder to start on")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to run")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from desktop.demo import seed_demo
    from desktop.store.db import open_store
    from ui.app import build, make_application
    from ui.models.incidents import QuickFilter
    from ui.screenshots import wait_for

    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp) / "data"
        seeded = 0.0
        if args.data is None:
            store = open_store(data)
            started = time.perf_counter()
            seed_demo(store, incidents=args.incidents)
            seeded = time.perf_counter() - started
            store.close()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        app = make_application()
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = build(data, app, settings, install_hooks=False, start_sync=False)
        window.resize(1400, 900)
        started = time.perf_counter()
        wait_for(window.list_loaded, window.show)
        loaded = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        window.model.set_filter(quick=QuickFilter.ALL)
        box, table = window.list_page.filter_box, window.list_page.table
        searches = [r.search for r in window.model.rows()]

        typed: list[float] = []
        bare: list[float] = []
        for _ in range(args.runs):
            for query in QUERIES:
                box.clear()
                for i in range(1, len(query) + 1):
                    start = time.perf_counter()
                    if query[i - 1].isascii():
                        QTest.keyClicks(box, query[i - 1])
                    else:  # an input method commits CJK text into the box
                        box.insert(query[i - 1])
                    table.viewport().repaint()
                    typed.append(time.perf_counter() - start)
                    needle = query[:i].casefold()
                    start = time.perf_counter()
                    _ = [s for s in searches if needle in s]
                    bare.append(time.perf_counter() - start)
        window.ctx.store.close()
        del Qt

    ms = 1000.0
    print(f"incident list filter, {len(searches):,} incidents, {len(typed)} keystrokes")
    print(f"  code: {args.root.resolve()}")
    print(f"  demo data seeded in {seeded:.1f} s; list loaded and shown in {loaded:.2f} s")
    print(
        f"  memory (max RSS): {rss_before / 1024:.0f} MB before the window, "
        f"{rss_after / 1024:.0f} MB with the list loaded"
    )
    print(f"  {'':34} {'p50':>8} {'p95':>8} {'max':>8}")
    for name, values in (("keystroke to repainted table", typed), ("bare substring scan", bare)):
        print(
            f"  {name:34} {statistics.median(values) * ms:7.1f}ms "
            f"{percentile(values, 0.95) * ms:7.1f}ms {max(values) * ms:7.1f}ms"
        )
    ratio = percentile(typed, 0.95) / percentile(bare, 0.95)
    print(f"  p95 ratio window / bare scan: {ratio:.2f}x (target: p95 <= 50 ms)")


if __name__ == "__main__":
    main()
