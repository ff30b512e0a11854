"""Cold start to the first painted main window with 10,000 incidents in the store,
against a bare PySide6 QMainWindow started the same way in the same run.

    .venv/bin/python bench/startup.py [--incidents 10000] [--runs 5] [--data DIR]
        [--root CHECKOUT]

Each run is a fresh Python process (offscreen Qt); two times are taken from launching
the process: the window's first paint (the frame, before the store is open: the window
shows first and loads behind) and the paint with the incident list filled. Median of
the runs. The whole program (``fieldbook`` with no command, as a technician starts it)
is timed to its first paint too. Each process also reports its GUI thread's CPU time at
the first paint (from its start, imports included; the reader thread's work not), a
figure that the other jobs on the machine sway less than the wall clock. ``--data``
reuses a data folder (made once with ``fieldbook demo``) instead of seeding a new one;
``--root`` starts the window from another checkout (for example ``/work/main``, to
measure before and after a change against the same folder). The folder's key comes
from ``$FIELDBOOK_PASSPHRASE`` where no keyring is at hand.
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
PASSPHRASE = "bench passphrase, not secret"

APP = """
import sys
import time
from pathlib import Path
from PySide6.QtCore import QObject, QEvent, QTimer, QSettings
import ui.app
app = ui.app.make_application()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
if hasattr(ui.app, "launch"):  # shows the window first, opens the store behind
    window = ui.app.launch(Path(sys.argv[1]), app, settings, install_hooks=False, start_sync=False)
else:  # an older checkout: everything before the window shows
    window = ui.app.build(Path(sys.argv[1]), app, settings, install_hooks=False, start_sync=False)
state = {"loaded": False, "window": False}
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not state["window"]:
            state["window"] = True
            print("window", flush=True)
            print("cpu window", time.thread_time(), flush=True)
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

#: The program as a technician starts it (``fieldbook`` with no command, through the
#: command line's parser and logging), to its window's first paint.
PROGRAM = """
import os
import sys
import time
from PySide6.QtCore import QObject, QEvent
import ui.app
import fieldbook
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            print("cpu painted", time.thread_time(), flush=True)
            os._exit(0)  # the store is still opening behind: not waited for
        return False
painted = Painted()
make = ui.app.make_application
def watched():
    app = make()
    app.installEventFilter(painted)
    return app
ui.app.make_application = watched
fieldbook.main(["--data-dir", sys.argv[1]])
"""

BARE = """
import time
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
            print("cpu painted", time.thread_time(), flush=True)
            QTimer.singleShot(0, app.quit)
        return False
painted = Painted()
label.installEventFilter(painted)
window.resize(1400, 900)
window.show()
app.exec()
"""


def run(
    code: str, *args: str, root: Path = ROOT, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Seconds from launching the process to each marker it prints."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    env.setdefault("FIELDBOOK_PASSPHRASE", PASSPHRASE)
    # As installed (and as the bundle ships): compiled bytecode, written by the warm-up run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    marks: dict[str, float] = {}
    with subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("cpu "):  # the child's own CPU time: "cpu <marker> <seconds>"
                _, name, seconds = line.split()
                marks.setdefault(f"cpu {name}", float(seconds))
            else:
                marks.setdefault(line.strip(), time.perf_counter() - start)
        child.wait(timeout=300)
    if "painted" not in marks:
        raise SystemExit(f"no paint reported (exit {child.returncode})")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, help="an existing data folder to start on")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to start")
    args = parser.parse_args()
    os.environ.setdefault("FIELDBOOK_PASSPHRASE", PASSPHRASE)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            from desktop.demo import seed_demo
            from desktop.store.db import open_store

            data = Path(tmp) / "data"
            store = open_store(data)
            seed_demo(store, incidents=args.incidents)
            store.close()
        settings = str(Path(tmp) / "settings.ini")
        root = args.root.resolve()
        run(APP, str(data), settings, root=root)  # warm the OS file cache once, untimed
        # The whole program keeps its settings where the bench can throw them away, and
        # leaves no command agent behind.
        program_env = {"XDG_CONFIG_HOME": str(Path(tmp) / "config"), "FIELDBOOK_AGENT": "0"}
        app_runs, program_runs, bare_runs = [], [], []
        for _ in range(args.runs):  # interleaved: a change in the machine's load hits all
            app_runs.append(run(APP, str(data), settings, root=root))
            program_runs.append(run(PROGRAM, str(data), root=root, env=program_env))
            bare_runs.append(run(BARE))
    first = [r["window"] for r in app_runs]
    listed = [r["painted"] for r in app_runs]
    program = [r["painted"] for r in program_runs]
    bare = [r["painted"] for r in bare_runs]
    print(f"cold start of {root}, {data}, {args.runs} runs each")
    print(f"  {'':40} {'median':>8} {'min':>8} {'max':>8}")
    for name, times in (
        ("Fieldbook: window painted", first),
        ("Fieldbook: incident list painted", listed),
        ("`fieldbook` (whole program): window painted", program),
        ("bare QMainWindow painted", bare),
    ):
        print(f"  {name:40} {statistics.median(times):7.3f}s {min(times):7.3f}s {max(times):7.3f}s")
    base = statistics.median(bare)
    print(
        f"  ratio to bare: window {statistics.median(first) / base:.2f}x (target <= 2x), "
        f"list {statistics.median(listed) / base:.2f}x, "
        f"whole program's window {statistics.median(program) / base:.2f}x"
    )
    first_cpu = [r["cpu window"] for r in app_runs]
    program_cpu = [r["cpu painted"] for r in program_runs]
    bare_cpu = [r["cpu painted"] for r in bare_runs]
    print("  GUI thread's CPU time to the first paint:")
    for name, times in (
        ("Fieldbook: window", first_cpu),
        ("`fieldbook` (whole program): window", program_cpu),
        ("bare QMainWindow", bare_cpu),
    ):
        print(f"  {name:40} {statistics.median(times):7.3f}s {min(times):7.3f}s {max(times):7.3f}s")
    cpu_ratio = statistics.median(first_cpu) / statistics.median(bare_cpu)
    program_ratio = statistics.median(program_cpu) / statistics.median(bare_cpu)
    print(f"  ratio to bare (CPU): window {cpu_ratio:.2f}x, whole program {program_ratio:.2f}x")


if __name__ == "__main__":
    main()
