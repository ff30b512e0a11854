"""Memory of the incident list: a data folder's every incident loaded into the window's
list model, as the window does it (the list query, then the model), in a fresh process.

    .venv/bin/python bench/list_memory.py --data DIR [--runs 3] [--root CHECKOUT]

Make the folder once (it takes minutes): ``fieldbook --data-dir DIR demo --incidents
100000``. Each run is a fresh process; it prints the peak resident set size (the
process's own ``VmHWM``, reset once the store is open: deriving a passphrase's key peaks
on its own) while the list loads, the RSS kept once it is loaded, and the RSS before
(Qt, the modules and the open store) they compare with; then the whole window's RSS once
its list is filled, and once its stock page (van stock, temporary swaps: read after the
list) is loaded too. Median of the runs. Linux only.
``--root`` runs another checkout's code (for example ``/work/main``) on the same folder.
The folder's key comes from ``$FIELDBOOK_PASSPHRASE`` where no keyring is at hand.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import gc, json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from desktop.store.db import open_store
from desktop.usecases import queries
from ui.models.incidents import IncidentListModel
def status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
app = QApplication([])
store = open_store(Path(sys.argv[1]))
model = IncidentListModel()
gc.collect()
base = status("VmRSS")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak from here on (opening the store's key peaks on its own)
model.set_rows(queries.incident_index(store))
gc.collect()
print(json.dumps({"peak": status("VmHWM"), "kept": status("VmRSS"), "base": base,
                  "rows": model.total()}))
store.close()
"""


WINDOW = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
import ui.app
def status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
app = ui.app.make_application()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = ui.app.build(Path(sys.argv[1]), app, settings, install_hooks=False, start_sync=False)
seen = {}
def done():
    if "kept" in seen and "settled" in seen:
        print(json.dumps({**seen, "rows": window.model.total()}), flush=True)
        app.quit()
def loaded():
    seen["kept"] = status("VmRSS")
    done()
def stocked():
    seen["settled"] = status("VmRSS")  # the van stock and temporary swaps too
    done()
window.list_loaded.connect(loaded)
window.stock_loaded.connect(stocked)
window.show()
app.exec()
window.ctx.store.close()
"""


def run(data: Path, root: Path, code: str = CHILD, *args: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(data), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    root = args.root.resolve()
    runs = [run(args.data, root) for _ in range(args.runs)]
    base = statistics.median(r["base"] for r in runs)
    peak = statistics.median(r["peak"] for r in runs)
    kept = statistics.median(r["kept"] for r in runs)
    print(f"incident list of {int(runs[0]['rows']):,} incidents, {root}, {args.runs} runs")
    print(f"  RSS before loading (Qt, modules, store open) {base:6.0f} MB")
    print(f"  peak RSS while loading                       {peak:6.0f} MB  ({peak / base:.2f}x)")
    print(f"  RSS with the list loaded                     {kept:6.0f} MB  ({kept / base:.2f}x)")
    print(f"  the list's own share: peak {peak - base:.0f} MB, kept {kept - base:.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        settings = str(Path(tmp) / "settings.ini")
        windows = [run(args.data, root, WINDOW, settings) for _ in range(args.runs)]
    shown = statistics.median(r["kept"] for r in windows)
    settled = statistics.median(r["settled"] for r in windows)
    print(f"  RSS of the whole window, list filled         {shown:6.0f} MB")
    print(f"  ... and the stock page loaded too            {settled:6.0f} MB")


if __name__ == "__main__":
    main()
