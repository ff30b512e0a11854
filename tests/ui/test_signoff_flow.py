"""Signing off from the workspace: summary, signature, seal, then addenda only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from desktop.store.db import Store
from desktop.usecases import incidents, notes
from domain.records import Status
from tests.conftest import Office
from tests.ui.test_signature_pad import draw, wave
from ui.app import build
from ui.main_window import MainWindow
from ui.signoff import SignOffDialog
from ui.workspace import IncidentWorkspace, VoidDialog


@pytest.fixture
def page(
    qtbot, qapp: QApplication, store: Store, office: Office, data_dir: Path, settings: QSettings
) -> Iterator[IncidentWorkspace]:
    notes.add_note(store, office.incident_id, "ORA-00600 on node 2")
    incidents.change_status(store, office.incident_id, Status.RESOLVED, resolution="fixed")
    window: MainWindow = build(data_dir, qapp, settings, install_hooks=False, start_sync=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.show()
    window.open_incident(office.incident_id)
    workspace = window.tabs.currentWidget()
    assert isinstance(workspace, IncidentWorkspace)
    qtbot.waitUntil(lambda: workspace.detail is not None, timeout=10_000)
    yield workspace
    window.ctx.tasks.wait()
    window.ctx.store.close()


def open_dialog(qtbot, page: IncidentWorkspace) -> SignOffDialog:
    assert Status.SIGNED_OFF in page.status_buttons
    page.timeline.setFocus()  # anywhere in the workspace: the shortcut opens it
    qtbot.keyClick(
        page.timeline,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = page.findChild(SignOffDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_sign_seal_then_addendum(qtbot, page: IncidentWorkspace) -> None:
    dialog = open_dialog(qtbot, page)
    summary = dialog.summary.toPlainText()
    assert "Response" in summary and "Resolution" in summary
    # An empty pad is refused with its message, nothing is recorded.
    dialog.sign()
    assert dialog.pad.message.isVisible() and dialog.isVisible()
    dialog.name.setText("张伟")
    dialog.role.setText("IT operations manager")
    draw(qtbot, dialog.pad, wave())
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.sign()
    assert page.detail is not None and page.detail.incident.status is Status.SIGNED_OFF
    text = page.timeline.toPlainText()
    assert "Signed by 张伟 (IT operations manager)" in text
    assert set(page.status_buttons) == {Status.CLOSED}
    # Work after the seal is an addendum, shown as such.
    page.show_form(0)
    page.forms[0].text.setPlainText("Came back: checked the archive job.")  # type: ignore[attr-defined]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.forms[0].submit_button.click()
    assert "Addendum" in page.timeline.toPlainText()
    # Sealed entries are not offered for voiding; the addendum is.
    page.void_entry(None)
    void = page.findChild(VoidDialog)
    assert void is not None
    offered = [void.entry.itemText(i) for i in range(void.entry.count())]
    assert len(offered) == 1


def test_refusal_seals_without_signature(qtbot, page: IncidentWorkspace) -> None:
    from ui.signoff import RefusalDialog

    dialog = open_dialog(qtbot, page)
    dialog.refuse()
    refusal = dialog.findChild(RefusalDialog)
    assert refusal is not None
    refusal.kind.setCurrentIndex(1)
    refusal.reason.setText("客户负责人已离开")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        refusal.accept()
    assert page.detail is not None and page.detail.incident.status is Status.SIGNED_OFF
    assert "Nobody was available to sign: 客户负责人已离开" in page.timeline.toPlainText()
