"""The technician's workflow by clicks and keys, on real widgets over a real store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.store.db import Store
from desktop.usecases import queries
from domain.records import Status
from tests.conftest import Office
from ui.app import build
from ui.forms import ActionForm, ClockForm, NoteForm, PartsForm, SwapForm
from ui.main_window import MainWindow
from ui.workspace import IncidentWorkspace, VoidDialog, WaitDialog

CTRL_ENTER = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(
    qapp: QApplication, qtbot, store: Store, office: Office, data_dir: Path, settings: QSettings
) -> Iterator[MainWindow]:
    w = build(data_dir, qapp, settings, install_hooks=False, start_sync=False)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.list_loaded, timeout=10_000):
        w.show()
    yield w
    w.ctx.tasks.wait()
    w.ctx.store.close()


def open_workspace(qtbot, window: MainWindow, office: Office) -> IncidentWorkspace:
    table = window.list_page.table
    table.setFocus()
    table.setCurrentIndex(window.model.index(window.model.row_of(office.incident_id) or 0, 0))
    page = None
    qtbot.keyClick(table, Qt.Key.Key_Return)
    page = window.tabs.currentWidget()
    assert isinstance(page, IncidentWorkspace)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    return page


def type_text(qtbot, widget, text: str) -> None:
    """Type ``text``: ASCII key by key; other scripts as an input method commits them."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    elif hasattr(widget, "insertPlainText"):
        widget.insertPlainText(text)
    else:
        widget.insert(text)


def reactivate(qtbot, window: MainWindow) -> None:
    """The offscreen platform leaves a closed completion popup as the active window (a
    real desktop does not); shortcuts need the main window active."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10_000)


def record(qtbot, page: IncidentWorkspace, form_widget) -> None:
    """Press Ctrl+Enter in a form and wait until the workspace shows the new state."""
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(form_widget, Qt.Key.Key_Return, CTRL_ENTER)


def test_filter_then_open_with_the_keyboard(qtbot, window: MainWindow, office: Office) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.list_page.filter_box.hasFocus()
    type_text(qtbot, window.list_page.filter_box, "华东医疗")
    assert window.model.rowCount() == 1
    qtbot.keyClicks(window.list_page.filter_box, " nothing")
    assert window.model.rowCount() == 0
    window.list_page.filter_box.clear()
    page = open_workspace(qtbot, window, office)
    assert page.number.text() == office.incident_number
    assert not page.not_covered.isVisible()


def test_every_entry_kind_by_keyboard(qtbot, window: MainWindow, office: Office) -> None:
    page = open_workspace(qtbot, window, office)

    # Diagnostic note (Ctrl+1), typed.
    qtbot.keyClick(page, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    note = page.forms[0]
    assert isinstance(note, NoteForm) and note.text.hasFocus()
    type_text(qtbot, note.text, "ORA-00600 节点2 告警日志")
    record(qtbot, page, note.text)
    assert "ORA-00600" in page.timeline.toPlainText()
    assert note.text.toPlainText() == ""

    # Action (Ctrl+2) of an excluded kind is marked out of scope.
    qtbot.keyClick(page, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    action = page.forms[1]
    assert isinstance(action, ActionForm)
    action.kind.setCurrentIndex(action.kind.findData("routine_upgrade"))
    assert action.scope_warning.isVisibleTo(action)
    type_text(qtbot, action.description, "顺便升级固件")
    record(qtbot, page, action.description)
    assert "Out of scope" in page.timeline.toPlainText()

    # Swap (Ctrl+3): a scanner types a serial and presses Enter: focus moves on.
    qtbot.keyClick(page, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    swap = page.forms[2]
    assert isinstance(swap, SwapForm)
    qtbot.keyClicks(swap.removed_part, "32GB DIMM")
    swap.removed_serial.setFocus()
    qtbot.keyClicks(swap.removed_serial, "S1AB23")
    qtbot.keyClick(swap.removed_serial, Qt.Key.Key_Return)
    assert swap.installed_part.hasFocus()
    qtbot.keyClicks(swap.installed_part, "32GB DIMM")
    qtbot.keyClicks(swap.installed_serial, "S9ZZ99")
    swap.temporary.setChecked(True)
    record(qtbot, page, swap.installed_part)
    assert "S9ZZ99" in page.timeline.toPlainText()
    reactivate(qtbot, window)  # typing "32…" opened the catalogue's completion popup

    # Parts (Ctrl+4): within stock.
    qtbot.keyClick(page, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    parts_form = page.forms[3]
    assert isinstance(parts_form, PartsForm)
    parts_form.part.setCurrentIndex(parts_form.part.findData(str(office.part_id)))
    parts_form.quantity.setValue(2)
    record(qtbot, page, parts_form.quantity)
    assert "DIMM-32G-DDR4" in page.timeline.toPlainText()

    # SLA clock (Ctrl+6): pause with a reason.
    qtbot.keyClick(page, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    clock = page.forms[5]
    assert isinstance(clock, ClockForm)
    type_text(qtbot, clock.reason, "客户DBA未到场")
    record(qtbot, page, clock.reason)
    assert page.detail is not None and page.detail.sla.resolution.is_paused
    assert clock.paused and clock.submit_button.text().startswith("Resume clock")

    detail = queries.incident_detail(window.ctx.store, office.incident_id)
    kinds = sorted(e.kind for e in detail.entries)
    assert kinds == ["action", "clock_pause", "note", "part_usage", "swap"]


def test_a_refused_input_shows_its_message_beside_the_field(
    qtbot, window: MainWindow, office: Office
) -> None:
    page = open_workspace(qtbot, window, office)
    page.show_form(3)
    parts_form = page.forms[3]
    assert isinstance(parts_form, PartsForm)
    parts_form.part.setCurrentIndex(parts_form.part.findData(str(office.part_id)))
    parts_form.quantity.setValue(5)  # the van holds 3
    qtbot.keyClick(parts_form.quantity, Qt.Key.Key_Return, CTRL_ENTER)
    error = parts_form.errors["quantity"]
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert "Only 3 of DIMM-32G-DDR4" in error.text()
    assert parts_form.quantity.property("invalid") is True
    # An empty note is refused beside the text.
    page.show_form(0)
    note = page.forms[0]
    assert isinstance(note, NoteForm)
    qtbot.keyClick(note.text, Qt.Key.Key_Return, CTRL_ENTER)
    qtbot.waitUntil(note.errors["text"].isVisible, timeout=10_000)
    assert "cannot be empty" in note.errors["text"].text()


def test_only_valid_status_buttons_and_time_logged(qtbot, window: MainWindow, office) -> None:
    page = open_workspace(qtbot, window, office)
    assert set(page.status_buttons) == {
        Status.WAITING_FOR_CLIENT,
        Status.RESOLVED,
        Status.CANCELLED,
    }
    page.status_buttons[Status.WAITING_FOR_CLIENT].click()
    # The contract lets the clock stop: the technician is asked; here it keeps running.
    dialog = page.findChild(WaitDialog)
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.run_button.click()
    assert page.status.text() == "waiting for client"
    assert page.detail is not None and not page.detail.sla.resolution.is_paused
    assert set(page.status_buttons) == {Status.ON_SITE, Status.RESOLVED, Status.CANCELLED}
    assert page.status_buttons[Status.ON_SITE].text().startswith("Client is back")
    button = page.status_buttons[Status.RESOLVED]
    assert isinstance(button, QPushButton) and button.menu() is not None
    fixed = button.menu().actions()[0]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        fixed.trigger()
    assert page.detail is not None and page.detail.incident.status is Status.RESOLVED
    kinds = [e.kind for e in page.detail.entries]
    assert "time" in kinds  # on-site and waiting time logged by themselves
    # Resolved: the client's sign-off is offered, and it is the primary action.
    assert set(page.status_buttons) == {
        Status.SIGNED_OFF,
        Status.ON_SITE,
        Status.CANCELLED,
    }
    assert page.status_buttons[Status.SIGNED_OFF].property("primary") is True


def test_void_an_entry_from_the_timeline(qtbot, window: MainWindow, office: Office) -> None:
    page = open_workspace(qtbot, window, office)
    page.show_form(0)
    qtbot.keyClicks(page.forms[0].text, "wrong node")  # type: ignore[attr-defined]
    record(qtbot, page, page.forms[0].text)  # type: ignore[attr-defined]
    assert page.detail is not None
    note_id = page.detail.entries[-1].id
    page.void_entry(note_id)
    dialog = page.findChild(VoidDialog)
    assert dialog is not None and dialog.selected() == note_id
    type_text(qtbot, dialog.reason, "写错节点")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.accept()
    assert note_id in page.detail.voided
    assert "写错节点" in page.timeline.toPlainText()


def test_a_draft_survives_a_crash(
    qtbot, qapp, window: MainWindow, office: Office, data_dir: Path, settings: QSettings
) -> None:
    page = open_workspace(qtbot, window, office)
    page.show_form(0)
    note = page.forms[0]
    assert isinstance(note, NoteForm)
    qtbot.keyClicks(note.text, "half-written: RAID rebuild at 40%")
    drafts = window.ctx.drafts
    qtbot.waitUntil(lambda: drafts.load(office.incident_id, "note") is not None, timeout=10_000)
    # The app dies without closing anything; a new one starts on the same folder.
    window.ctx.tasks.wait()
    window.hide()
    second = build(data_dir, qapp, settings, install_hooks=False, start_sync=False)
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.list_loaded, timeout=10_000):
        second.show()
    assert second.drafts_banner.isVisibleTo(second)
    second.drafts_button.click()
    restored = second.tabs.currentWidget()
    assert isinstance(restored, IncidentWorkspace)
    form = restored.forms[0]
    assert isinstance(form, NoteForm)
    qtbot.waitUntil(lambda: "RAID rebuild" in form.text.toPlainText(), timeout=10_000)
    restored.show_form(0)
    assert form.draft_note.isVisibleTo(form)
    # Recording it discards the draft.
    with qtbot.waitSignal(restored.loaded, timeout=10_000):
        qtbot.keyClick(form.text, Qt.Key.Key_Return, CTRL_ENTER)
    second.ctx.tasks.wait()
    assert second.ctx.drafts.load(office.incident_id, "note") is None
    second.ctx.store.close()


def test_new_incident_on_site(qtbot, window: MainWindow, office: Office) -> None:
    from ui.new_incident import NewIncidentDialog

    window.new_incident()
    dialog = window.findChild(NewIncidentDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.contract.count() == 2, timeout=10_000)
    dialog.system.setCurrentIndex(dialog.system.count() - 1)  # other system
    assert dialog.other_system.isVisibleTo(dialog)
    type_text(qtbot, dialog.other_system, "HP 打印服务器")
    type_text(qtbot, dialog.title_edit, "打印服务器无法访问")
    with qtbot.waitSignal(dialog.created, timeout=10_000):
        dialog.submit()
    page = window.tabs.currentWidget()
    assert isinstance(page, IncidentWorkspace)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    assert page.number.text().startswith("W-")
    assert page.not_covered.isVisibleTo(page)
    # An empty title is refused in the dialog, which stays open.
    window.new_incident()
    dialogs = [d for d in window.findChildren(NewIncidentDialog) if d.isVisible()]
    second = dialogs[-1]
    qtbot.waitUntil(lambda: second.contract.count() == 2, timeout=10_000)
    second.submit()
    qtbot.waitUntil(second.error.isVisible, timeout=10_000)
    assert "cannot be empty" in second.error.text()
