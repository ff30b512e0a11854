"""Chinese everywhere: every screen open in English, the language switched to Chinese in
Settings, and not one English word left in what the technician can read (issue 15).

Every widget of every open window and dialog is read: labels, buttons, tabs, tool tips,
place-holders, list items, menus, table headers and cells, the timeline. What the record
holds (names, numbers, serials, paths) is data and is taken out first; what remains may
hold no Latin word but the few that are the same in Chinese (SLA, Ctrl, PDF…).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextBrowser,
    QWidget,
)

from desktop.store.db import Store
from desktop.usecases import incidents, notes, work
from domain.records import Status
from tests.conftest import Office, make_incident
from ui.app import build
from ui.main_window import MainWindow
from ui.settings import SettingsDialog
from ui.workspace import IncidentWorkspace

#: Latin words a Chinese technician reads as they are: keys, units, protocol names.
SAME_IN_CHINESE = {
    "SLA",
    "Ctrl",
    "Shift",
    "Enter",
    "Return",
    "Tab",
    "PDF",
    "KB",
    "MB",
    "Annex",
    "English",
    "https",
    "fieldbook",
    "example",
    "com",
    "DBA",
    "TNS",
    "IT",
    "Fieldbook",
    "min",
}
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def window(
    qapp: QApplication, qtbot, store: Store, office: Office, data_dir: Path, settings: QSettings
) -> Iterator[MainWindow]:
    settings.setValue("ui/language", "en")
    w = build(data_dir, qapp, settings, install_hooks=False, start_sync=False)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.list_loaded, timeout=10_000):
        w.show()
    yield w
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    w.ctx.translators.use("en")
    w.ctx.tasks.wait()
    w.ctx.store.close()


def data_values(store: Store, data_dir: Path) -> list[str]:
    """Everything the record holds that a window may show as it is."""
    from sqlalchemy import text

    values = {str(data_dir), str(data_dir.resolve()), str(data_dir / "logs" / "fieldbook.log")}
    with store.read() as s:
        for query in (
            "SELECT name, address FROM clients",
            "SELECT number FROM contracts",
            "SELECT name, location FROM covered_systems",
            "SELECT part_number, description FROM spare_parts",
            "SELECT name, username FROM technicians",
            "SELECT number, title, description, system_name FROM incidents",
            "SELECT text FROM note_entries",
            "SELECT description, result_detail FROM action_entries",
            "SELECT name, description FROM action_templates",
            "SELECT filename FROM attachment_entries",
        ):
            for row in s.execute(text(query)):
                values.update(str(v) for v in row if v)
    # Longest first: a title is taken out whole before a word of it.
    return sorted(values, key=len, reverse=True)


def texts_of(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a person can read on ``widget``."""
    name = f"{type(widget).__name__}({widget.objectName()})"
    if widget.toolTip():
        yield f"{name}.toolTip", widget.toolTip()
    if widget.isWindow() and widget.windowTitle():
        yield f"{name}.windowTitle", widget.windowTitle()
    if isinstance(widget, QLabel):
        yield f"{name}.text", widget.text()
    if isinstance(widget, QAbstractButton):
        yield f"{name}.text", widget.text()
    if isinstance(widget, QLineEdit):
        yield f"{name}.placeholder", widget.placeholderText()
    if isinstance(widget, QPlainTextEdit):
        yield f"{name}.placeholder", widget.placeholderText()
    if isinstance(widget, QTextBrowser):
        yield f"{name}.document", widget.toPlainText()
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"{name}.item{i}", widget.itemText(i)
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield f"{name}.tab{i}", widget.tabText(i)
            yield f"{name}.tabToolTip{i}", widget.tabToolTip(i)
    if isinstance(widget, QMenu):
        yield f"{name}.title", widget.title()
        for action in widget.actions():
            yield f"{name}.action", action.text()
            yield f"{name}.actionToolTip", action.toolTip()
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        root = QModelIndex()
        try:
            columns = model.columnCount(root)
        except TypeError:  # a Qt-internal model with a private columnCount
            columns = 1
        for column in range(columns):
            yield (
                f"{name}.header{column}",
                str(model.headerData(column, Qt.Orientation.Horizontal) or ""),
            )
            for row in range(min(model.rowCount(root), 30)):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.index(row, column, root).data(role)
                    if isinstance(value, str):
                        yield f"{name}.cell{row},{column}", value


def english_left(text: str, data: list[str]) -> list[str]:
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("&", "")
    for value in data:
        plain = plain.replace(value, " ")
    return [w for w in LATIN_WORD.findall(plain) if w not in SAME_IN_CHINESE]


def open_every_screen(qtbot, window: MainWindow, store: Store, office: Office) -> None:
    """The list, the stock, three workspaces with every form, and every dialog."""
    from ui.forms import ActionForm, TemplateNameDialog
    from ui.new_incident import NewIncidentDialog
    from ui.refused import RefusedChangesDialog
    from ui.sign_in import SignInDialog
    from ui.signoff import RefusalDialog, SignOffDialog

    now = datetime.now(UTC)
    resolved = make_incident(
        store, office, number="INC-2026-000002", notified_at=now - timedelta(hours=1)
    )
    notes.add_note(store, resolved, "主板告警已清除", now=now)
    work.record_action(
        store, resolved, kind="restart", description="重启主机", result="succeeded", now=now
    )
    incidents.change_status(store, resolved, Status.RESOLVED, resolution="fixed", now=now)
    log = "\n".join(f"{n:05d} 路径检查正常" for n in range(400))
    notes.add_note(store, office.incident_id, log, preformatted=True)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.reload()
    for incident_id in (office.incident_id, resolved):
        window.open_incident(incident_id)
        page = window.workspace(incident_id)
        assert isinstance(page, IncidentWorkspace)
        qtbot.waitUntil(lambda p=page: p.detail is not None, timeout=10_000)
        for i in range(len(page.forms)):
            page.show_form(i)
    page = window.workspace(office.incident_id)
    assert isinstance(page, IncidentWorkspace)
    page.void_entry(None)
    page.status_buttons[Status.WAITING_FOR_CLIENT].click()  # the wait dialog
    action = page.forms[1]
    assert isinstance(action, ActionForm)
    action.ask_template_name()
    assert page.findChild(TemplateNameDialog) is not None
    signing = window.workspace(resolved)
    assert isinstance(signing, IncidentWorkspace)
    signing.sign_off()
    sign_dialog = signing.findChild(SignOffDialog)
    assert sign_dialog is not None
    sign_dialog.refuse()
    assert sign_dialog.findChild(RefusalDialog) is not None
    page.show_report()
    window.new_incident()
    qtbot.waitUntil(
        lambda: window.findChild(NewIncidentDialog).contract.count() > 0,  # type: ignore[union-attr]
        timeout=10_000,
    )
    window.sign_in(None)
    assert window.findChild(SignInDialog) is not None
    window.show_refused()
    assert window.findChild(RefusedChangesDialog) is not None
    window.tabs.setCurrentWidget(window.stock_page)
    window.tabs.setCurrentWidget(page)


def test_every_screen_switches_to_chinese_and_keeps_no_english(
    qtbot, window: MainWindow, store: Store, office: Office, data_dir: Path
) -> None:
    open_every_screen(qtbot, window, store, office)
    english = [
        (where, words)
        for top in QApplication.topLevelWidgets()
        if top.isVisible() or isinstance(top, QMenu)
        for widget in (top, *top.findChildren(QWidget))
        for where, text in texts_of(widget)
        if (words := english_left(text, data_values(store, data_dir)))
    ]
    assert english, "in English, the check must find English (or it checks nothing)"

    settings = SettingsDialog(window.ctx, window)
    qtbot.addWidget(settings)
    settings.show()
    settings.language.setCurrentIndex(settings.language.findData("zh_CN"))
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "事件", timeout=10_000)
    window.check_alerts()
    # What was replaced (rebuilt buttons) goes as the event loop would delete it.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    data = data_values(store, data_dir)
    seen = 0
    left: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not (top.isVisible() or isinstance(top, QMenu)):
            continue
        if isinstance(top, QMainWindow) and top is not window:
            continue
        for widget in (top, *top.findChildren(QWidget)):
            for where, text in texts_of(widget):
                seen += 1
                if words := english_left(text, data):
                    left.append(f"{where}: {text[:120]!r} -> {words}")
    for action in window.findChildren(QAction):
        for text in (action.text(), action.toolTip()):
            seen += 1
            if words := english_left(text, data):
                left.append(f"QAction: {text!r} -> {words}")
    assert seen > 400  # every screen was read
    assert left == [], "\n".join(left)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_form_tabs_show_their_whole_names(
    qtbot, window: MainWindow, office: Office, language: str
) -> None:
    """'SLA 计时' was clipped to 'SLA i': every tab's name whole and in view."""
    window.ctx.translators.use(language)
    window.resize(1400, 900)
    window.open_incident(office.incident_id)
    page = window.workspace(office.incident_id)
    assert isinstance(page, IncidentWorkspace)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    bar = page.form_tabs.tabBar()
    qtbot.waitUntil(lambda: bar.width() > 0, timeout=10_000)
    assert bar.elideMode() is Qt.TextElideMode.ElideNone
    metrics = bar.fontMetrics()
    for i in range(bar.count()):
        rect = bar.tabRect(i)
        assert bar.rect().contains(rect), (bar.tabText(i), rect, bar.rect())
        assert rect.width() >= metrics.horizontalAdvance(bar.tabText(i)), bar.tabText(i)
    if language == "zh_CN":
        assert bar.tabText(5) == "SLA 计时"
