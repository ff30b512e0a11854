"""The window shows first and loads behind (issue 16): its frame needs nothing of the
store, the store opens off the GUI thread, and the list fills in without moving."""

from __future__ import annotations

import logging
import logging.handlers
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.logs import close_logging, rotate_log, setup_logging
from desktop.store.db import Store
from tests.conftest import Office
from ui.app import frame, launch
from ui.main_window import MainWindow
from ui.stock_page import StockPage

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


def _last_line(script: str, *args: str) -> str:
    """The last line ``script`` prints, run in a process of its own (offscreen)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDBOOK_AGENT": "0"}
    out = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return out.stdout.strip().splitlines()[-1]


def test_the_frame_paints_without_the_stores_modules(tmp_path: Path) -> None:
    assert _last_line(FRAME, str(tmp_path / "data"), str(tmp_path / "s.ini")) == "none"


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


#: What the window imports for its first paint and no sooner (issue 16): the domain's
#: records come with the rows, the rotating log after the paint, the single-window
#: socket after it too.
AFTER_THE_PAINT = ("domain.records", "domain.sla", "desktop.list_index", "logging.handlers")

PAINT = """
import sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QSettings
import ui.app
app = ui.app.make_application()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
frame = ui.app.frame(Path(sys.argv[1]), app, settings, install_hooks=False)
seen = []
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen.append(sorted(set(sys.argv[3].split()) & set(sys.modules)))
            app.quit()
        return False
painted = Painted()
frame.window.list_page.table.viewport().installEventFilter(painted)
frame.window.show()
app.exec()
print(" ".join(seen[0]) or "none")
"""


def test_the_first_paint_waits_for_neither_the_records_nor_the_rotating_log(
    tmp_path: Path,
) -> None:
    wanted = " ".join((*AFTER_THE_PAINT, "PySide6.QtNetwork"))
    seen = _last_line(PAINT, str(tmp_path / "data"), str(tmp_path / "s.ini"), wanted)
    assert seen == "none"


#: The program as a technician starts it (``fieldbook`` with no command), stopped at its
#: window's first paint: what its GUI thread had imported by then (the reader thread
#: imports the store meanwhile, which is the point).
PROGRAM = """
import os, sys, threading
from PySide6.QtCore import QEvent, QObject
heavy = ("sqlalchemy", "cryptography", "sqlcipher3", "requests", "reportlab")
on_gui_thread = []
class Watch:
    def find_spec(self, name, path=None, target=None):
        if threading.current_thread() is threading.main_thread():
            on_gui_thread.append(name)
        return None
sys.meta_path.insert(0, Watch())
import ui.app
import fieldbook
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            seen = sorted(
                name for name in on_gui_thread
                if name.split(".")[0] in heavy
                or name.startswith(("desktop.store", "desktop.usecases", "logging.handlers"))
            )
            print(" ".join(seen) or "none", flush=True)
            os._exit(0)  # the reader thread is still opening the store: no tidy exit needed
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


def test_the_program_paints_its_window_before_importing_the_store(tmp_path: Path) -> None:
    """The command line's options and log file come first, but the store, SQLAlchemy and
    the cipher are the window's reader thread's to import, behind the first paint, and
    the log rotates from the paint on."""
    assert _last_line(PROGRAM, str(tmp_path / "data")) == "none"


def _log_handler() -> logging.Handler:
    return next(h for h in logging.getLogger("fieldbook").handlers if getattr(h, "_fieldbook", 0))


def test_a_crash_before_the_first_paint_is_logged_and_shown(
    qtbot, qapp: QApplication, data_dir: Path, settings: QSettings
) -> None:
    """The log file rotates only from the first paint on, but it is written from the start:
    a crash before the paint leaves its line in it, and the dialog names it."""
    started = frame(data_dir, qapp, settings, install_hooks=False)
    window = started.window
    qtbot.addWidget(window)
    shown: list[QMessageBox] = []
    started.crash.present = shown.append
    try:
        assert not isinstance(_log_handler(), logging.handlers.RotatingFileHandler)
        started.crash.report(RuntimeError("broke before the first paint"))
        qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
        text = started.log_path.read_text(encoding="utf-8")
        assert "CRITICAL fieldbook.ui" in text and "broke before the first paint" in text
        box = shown[0]
        assert box.windowTitle() == "Something went wrong"
        assert str(started.log_path) in box.informativeText()
        assert "RuntimeError: broke before the first paint" in box.detailedText()
        # Painted: the same file, rotating from now on, and nothing written twice.
        window.show()
        qtbot.waitUntil(
            lambda: isinstance(_log_handler(), logging.handlers.RotatingFileHandler),
            timeout=10_000,
        )
        assert Path(_log_handler().baseFilename) == started.log_path  # type: ignore[attr-defined]
        logging.getLogger("fieldbook.test").info("after the first paint")
        text = started.log_path.read_text(encoding="utf-8")
        assert text.count("broke before the first paint") == text.count("\nRuntimeError") == 1
        assert "after the first paint" in text
        assert started.log_path.stat().st_mode & 0o777 == 0o600
    finally:
        close_logging()


def test_the_log_rotates_once_handed_over(data_dir: Path) -> None:
    """``rotate=False`` then :func:`rotate_log`: the rotating handler of 1 MB × 5 the
    command line starts with, on the same file; handing over twice changes nothing."""
    path = setup_logging(data_dir, rotate=False)
    try:
        assert _log_handler().encoding == "utf-8"  # type: ignore[attr-defined]
        logging.getLogger("fieldbook.test").info("before 之前")
        rotate_log()
        handler = _log_handler()
        rotate_log()
        assert _log_handler() is handler
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert (handler.maxBytes, handler.backupCount) == (1_000_000, 5)
        assert handler.encoding == "utf-8"
        assert Path(handler.baseFilename) == path
        logging.getLogger("fieldbook.test").info("after")
        handler.doRollover()
        logging.getLogger("fieldbook.test").info("rotated")
    finally:
        close_logging()
    rotated = (path.parent / "fieldbook.log.1").read_text(encoding="utf-8")
    assert rotated.index("before 之前") < rotated.index("after")
    assert "rotated" in path.read_text(encoding="utf-8")
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in path.parent.iterdir())


def test_logging_set_up_again_for_its_folder_keeps_its_files(
    data_dir: Path, tmp_path: Path
) -> None:
    """The command line sets up the log, then the window it starts asks again: the same
    handler goes on (not a file opened twice), and asking to rotate hands it over; another
    folder is a new log."""
    path = setup_logging(data_dir, rotate=False)
    try:
        handler = _log_handler()
        assert setup_logging(data_dir, rotate=False) == path
        assert _log_handler() is handler
        setup_logging(data_dir)
        rotating = _log_handler()
        assert isinstance(rotating, logging.handlers.RotatingFileHandler)
        assert setup_logging(data_dir, rotate=False) == path
        assert _log_handler() is rotating
        other = setup_logging(tmp_path / "other")
        assert _log_handler() is not rotating
        assert Path(_log_handler().baseFilename) == other  # type: ignore[attr-defined]
    finally:
        close_logging()


def built(page: StockPage) -> bool:
    return page.built


def test_the_van_stock_tables_are_made_after_the_first_paint(
    qtbot, qapp: QApplication, data_dir: Path, settings: QSettings
) -> None:
    started = frame(data_dir, qapp, settings, install_hooks=False)
    window = started.window
    qtbot.addWidget(window)
    try:
        assert not built(window.stock_page)  # behind the list's tab: not needed to paint
        window.show()
        qtbot.waitUntil(lambda: built(window.stock_page), timeout=10_000)
        window.tabs.setCurrentWidget(window.stock_page)
        assert window.stock_page.stock_view.isVisible()
        assert window.stock_page.swap_view.isVisible()
    finally:
        close_logging()


def test_a_van_stock_page_shown_before_it_is_built_builds_then(qtbot) -> None:
    page = StockPage()
    qtbot.addWidget(page)
    assert not built(page)
    page.show()
    assert built(page) and page.stock_view.isVisible() and page.swap_view.isVisible()
    assert page.stock_view.model() is page.stock_model


def test_a_second_start_waits_for_the_window_to_listen(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window holds its folder at once and listens from its first paint on: a second
    start in between keeps trying (for a while), and is heard once it listens."""
    import ui.single
    from ui.single import SingleWindow

    monkeypatch.setattr(ui.single, "CONNECT_MS", 300)
    holder = SingleWindow(data_dir)
    assert holder.acquire(listen=False) and holder.server is None
    try:
        second = SingleWindow(data_dir)
        assert not second.acquire()
        assert not second.ask_running_window()  # nobody listens yet: tried, then given up
        holder.listen()
        with qtbot.waitSignal(holder.show_requested, timeout=10_000):
            assert second.ask_running_window()
    finally:
        holder.release()
