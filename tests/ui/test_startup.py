"""The window shows first and loads behind (issue 16): its frame needs nothing of the
store, the store opens off the GUI thread, and the list fills in without moving."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop.store.db import Store
from tests.conftest import Office
from ui.app import launch
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

FRAME = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
import ui.app
app = ui.app.make_application()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
frame = ui.app.frame(Path(sys.argv[1]), app, settings, install_hooks=False)
frame.window.show()
app.processEvents()
heavy = sorted(
    name for name in sys.modules
    if name.split(".")[0] in ("sqlalchemy", "requests", "cryptography", "reportlab")
    or name.startswith(("desktop.store", "desktop.usecases", "desktop.syncing", "sync."))
)
print(" ".join(heavy) or "none")
"""


def test_the_frame_paints_without_the_stores_modules(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", FRAME, str(tmp_path / "data"), str(tmp_path / "s.ini")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert out.stdout.strip().splitlines()[-1] == "none"


def attached(window: MainWindow) -> bool:
    return window.attached


def test_launch_shows_the_window_then_fills_the_list_in_place(
    qtbot, qapp: QApplication, data_dir: Path, settings: QSettings, store: Store, office: Office
) -> None:
    store.close()  # the window opens its own
    window = launch(data_dir, qapp, settings, install_hooks=False, start_sync=False)
    qtbot.addWidget(window)
    try:
        # Shown at once, before the store is open: the list is empty and says it loads.
        assert window.isVisible() and not attached(window)
        page = window.list_page
        assert page.loading.isVisible() and window.model.total() == 0
        assert not window.new_action.isEnabled()  # nothing that needs the store yet
        table_at = page.table.geometry()
        widths = [page.table.columnWidth(c) for c in range(window.model.columnCount())]
        with qtbot.waitSignal(window.list_loaded, timeout=30_000):
            pass
        assert attached(window) and window.model.total() > 0
        assert not page.loading.isVisible()
        assert window.new_action.isEnabled()
        # Nothing moved: the table kept its place and its columns their widths.
        assert page.table.geometry() == table_at
        assert [page.table.columnWidth(c) for c in range(window.model.columnCount())] == widths
    finally:
        qtbot.waitUntil(lambda: attached(window), timeout=30_000)
        window.ctx.tasks.wait()
        window.ctx.store.close()
