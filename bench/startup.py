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
window = build(Path(sys.argv[1]), app, settings, install_hooks=False)
state = {"loaded": False}
class Painted(QObject):
    def eventFilter(self, obj, event):
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


def run(code: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    elapsed = time.perf_counter() - start
    if "painted" not in out.stdout:
        raise SystemExit(f"no paint reported:\n{out.stdout}\n{out.stderr}")
    return elapsed


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
        app_times = [run(APP, str(data), settings) for _ in range(args.runs)]
        bare_times = [run(BARE) for _ in range(args.runs)]
    app_median = statistics.median(app_times)
    bare_median = statistics.median(bare_times)
    print(f"startup to first painted window, {args.incidents:,} incidents, {args.runs} runs")
    print(f"  {'':28} {'median':>8} {'min':>8} {'max':>8}")
    for name, times in (("Fieldbook", app_times), ("bare QMainWindow", bare_times)):
        print(f"  {name:28} {statistics.median(times):7.3f}s {min(times):7.3f}s {max(times):7.3f}s")
    print(f"  ratio Fieldbook / bare: {app_median / bare_median:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
