"""Cold start to the first painted main window with 10,000 incidents in the store,
against a bare PySide6 QMainWindow started the same way in the same run.

    .venv/bin/python bench/startup.py [--incidents 10000] [--runs 5]

Each run is a fresh Python process (offscreen Qt); the time is from launching the
process to the window's first paint with the incident list loaded. Median of the runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

APP = """
import sys
from pathlib import Path
from PySide6.QtCore import QObject, QEvent, QTimer, QSettings
from ui.app import build, make_application
app = make_application()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = build(Path(sys.argv[1]), app, settings, install_hooks=False, start_sync=False)
state = {"loaded": False, "window": False}
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not state["window"]:
            state["window"] = True
            print("window", flush=True)
        if event.type() == QEvent.Type.Paint and state["loaded"]:
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
painted = Painted()
window.list_page.table.viewport().installEventFilter(painted)
def loaded():
    state["loaded"] = True
    window.list_page.table.viewport().update()
window.list_loaded.connect(loaded)
window.show()
app.exec()
window.ctx.store.close()
"""

BARE = """
from PySide6.QtCore import QObject, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
window = QMainWindow()
label = QLabel("hello")
window.setCentralWidget(label)
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
painted = Painted()
label.installEventFilter(painted)
window.resize(1400, 900)
window.show()
app.exec()
"""


def run(code: str, *args: str) -> dict[str, float]:
    """Seconds from launching the process to each marker it prints."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    marks: dict[str, float] = {}
    with subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            marks.setdefault(line.strip(), time.perf_counter() - start)
        child.wait(timeout=300)
    if "painted" not in marks:
        raise SystemExit(f"no paint reported (exit {child.returncode})")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from desktop.demo import seed_demo
    from desktop.store.db import open_store

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        store = open_store(data)
        seed_demo(store, incidents=args.incidents)
        store.close()
        settings = str(Path(tmp) / "settings.ini")
        run(APP, str(data), settings)  # warm the OS file cache once, untimed
        app_runs = [run(APP, str(data), settings) for _ in range(args.runs)]
        bare_runs = [run(BARE) for _ in range(args.runs)]
    first = [r["window"] for r in app_runs]
    listed = [r["painted"] for r in app_runs]
    bare = [r["painted"] for r in bare_runs]
    print(f"cold start, {args.incidents:,} incidents in the store, {args.runs} runs each")
    print(f"  {'':40} {'median':>8} {'min':>8} {'max':>8}")
    for name, times in (
        ("Fieldbook: window painted", first),
        ("Fieldbook: incident list painted", listed),
        ("bare QMainWindow painted", bare),
    ):
        print(f"  {name:40} {statistics.median(times):7.3f}s {min(times):7.3f}s {max(times):7.3f}s")
    base = statistics.median(bare)
    print(
        f"  ratio to bare: window {statistics.median(first) / base:.2f}x, "
        f"list {statistics.median(listed) / base:.2f}x (target <= 1.5x)"
    )


if __name__ == "__main__":
    main()
