"""Unexpected errors end in a readable dialog and a log line; the language switches live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.store.db import Store
from tests.conftest import Office
from ui.app import build
from ui.main_window import MainWindow
from ui.settings import SettingsDialog


@pytest.fixture
def window(
    qapp: QApplication, qtbot, store: Store, office: Office, data_dir: Path, settings: QSettings
) -> Iterator[MainWindow]:
    w = build(data_dir, qapp, settings, install_hooks=False, start_sync=False)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.list_loaded, timeout=10_000):
        w.show()
    yield w
    w.ctx.translators.use("en")
    w.ctx.tasks.wait()
    w.ctx.store.close()


def test_a_failing_background_job_shows_the_crash_dialog(qtbot, window: MainWindow) -> None:
    shown: list[QMessageBox] = []
    window.crash.present = shown.append

    def broken() -> None:
        raise RuntimeError("disk controller said no")

    window.ctx.tasks.read(broken)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    box = shown[0]
    assert str(window.ctx.log_path) in box.informativeText()
    assert "disk controller said no" in box.detailedText()
    log_text = window.ctx.log_path.read_text(encoding="utf-8")
    assert "unexpected error" in log_text and "disk controller said no" in log_text
    # The window is still alive and usable.
    assert window.isVisible()
    window.list_page.filter_box.setText("INC")
    assert window.model.rowCount() == 1


def test_uncaught_exception_hook_reports_once_per_burst(qtbot, window: MainWindow) -> None:
    shown: list[QMessageBox] = []
    window.crash.present = shown.append
    for _ in range(3):
        try:
            raise ValueError("boom")
        except ValueError as error:
            window.crash.excepthook(type(error), error, error.__traceback__)
    qtbot.waitUntil(lambda: window.crash.shown == 3, timeout=10_000)
    assert len(shown) == 1  # one dialog, not a cascade


def test_switching_language_translates_the_visible_window(qtbot, window: MainWindow) -> None:
    assert window.tabs.tabText(0) == "Incidents"
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    qtbot.waitUntil(lambda: window.tabs.tabText(0) != "Incidents", timeout=10_000)
    assert window.tabs.tabText(0) == "事件"
    assert window.windowTitle() != "" and window.list_page.quick_buttons
    assert window.new_action.text() != "New incident on site…"
    assert dialog.windowTitle() == "设置"
    assert window.ctx.settings.value("ui/language") == "zh_CN"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Incidents", timeout=10_000)


def test_plural_forms_in_english(qtbot, window: MainWindow) -> None:
    window.ctx.translators.use("en")
    text = "Unsaved entries from your last session are waiting in %n incident(s)."
    assert window.drafts_banner.tr(text, "", 1).endswith("in 1 incident.")
    assert window.drafts_banner.tr(text, "", 3).endswith("in 3 incidents.")
