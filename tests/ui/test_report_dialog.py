"""The service report from the workspace: built off the GUI thread, previewed, saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from sqlalchemy import update

from desktop.store.db import Store
from desktop.store.models import ClientRow
from desktop.usecases import delivery
from tests.conftest import Office
from ui.app import build
from ui.report_view import ReportDialog, SendReportDialog
from ui.workspace import IncidentWorkspace


def test_preview_then_save(
    qtbot,
    qapp: QApplication,
    store: Store,
    office: Office,
    data_dir: Path,
    settings: QSettings,
    tmp_path: Path,
) -> None:
    window = build(data_dir, qapp, settings, install_hooks=False, start_sync=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.show()
    window.open_incident(office.incident_id)
    page = window.tabs.currentWidget()
    assert isinstance(page, IncidentWorkspace)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    page.show_report()
    dialog = page.findChild(ReportDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.built is not None, timeout=60_000)
    assert dialog.built is not None and dialog.built.result.pages >= 1
    assert "draft" in dialog.state.text()
    previews = [w for w in dialog.pages.findChildren(QLabel) if not w.pixmap().isNull()]
    assert len(previews) == dialog.built.result.pages
    assert dialog.save_button.isEnabled()
    # The brief report is a rebuild with the other option.
    dialog.brief.setChecked(True)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=60_000)
    target = tmp_path / "out" / dialog.suggested_name()
    target.parent.mkdir()
    dialog.save_to(target)
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert target.read_bytes().startswith(b"%PDF")
    assert "brief" in target.name
    dialog.reject()
    window.ctx.tasks.wait()
    window.ctx.store.close()


def test_send_to_the_client_queues_the_report(
    qtbot,
    qapp: QApplication,
    store: Store,
    office: Office,
    data_dir: Path,
    settings: QSettings,
) -> None:
    with store.write() as session:
        session.execute(update(ClientRow).values(email="it@client.example.cn"))
    window = build(data_dir, qapp, settings, install_hooks=False, start_sync=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.show()
    window.open_incident(office.incident_id)
    page = window.tabs.currentWidget()
    assert isinstance(page, IncidentWorkspace)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    page.show_report()
    dialog = page.findChild(ReportDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.send_button.isEnabled(), timeout=60_000)
    dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.findChild(SendReportDialog) is not None, timeout=10_000)
    ask = dialog.findChild(SendReportDialog)
    assert ask is not None
    assert ask.address.text() == "it@client.example.cn"  # the client's contact
    ok = ask.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and ok.isEnabled()
    ask.address.setText("it at client")
    assert not ok.isEnabled() and ask.problem.text()
    ask.address.setText("")
    assert not ok.isEnabled() and ask.problem.text() == ""
    ask.address.setText("ops@client.example.cn")
    assert ok.isEnabled()
    with qtbot.waitSignal(dialog.sent, timeout=10_000) as sent:
        ok.click()
    assert sent.args == ["ops@client.example.cn"]
    assert "will be sent when you are online" in dialog.state.text()
    [queued] = delivery.deliveries(store, office.incident_id)
    assert queued.state is delivery.DeliveryState.QUEUED
    assert queued.address == "ops@client.example.cn"
    # The timeline says so too.
    qtbot.waitUntil(lambda: bool(page.deliveries), timeout=10_000)
    assert "will be sent when you are online" in page.timeline.toPlainText()
    dialog.reject()
    window.ctx.tasks.wait()
    window.ctx.store.close()
