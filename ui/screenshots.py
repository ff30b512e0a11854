"""``fieldbook screenshot --out DIR``: the main screens with demo data, in both languages.

Runs offscreen. Each shot waits for the data it shows (signals, not sleeps), then grabs
the window into a PNG.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QWidget

from desktop.store.db import open_store
from desktop.usecases.queries import busiest_open_incident, status_summary
from domain.records import Status
from domain.signature import synthetic_signature
from ui.app import attach, build, frame, make_application
from ui.main_window import MainWindow
from ui.models.incidents import QuickFilter
from ui.report_view import ReportDialog
from ui.settings import LANGUAGE
from ui.workspace import IncidentWorkspace

log = logging.getLogger("fieldbook.ui")

SIZE = (1440, 900)


def wait_for(
    signal: SignalInstance, start: Callable[[], object] | None = None, ms: int = 60_000
) -> None:
    """Run the event loop until ``signal`` fires (after calling ``start``), or time out."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(ms)
    if start is not None:
        start()
    loop.exec()
    signal.disconnect(loop.quit)


def settle(ms: int = 50) -> None:
    """Let queued paint and layout events run (after the data is there)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def grab(widget: QWidget, path: Path) -> Path:
    settle()
    widget.grab().save(str(path))
    log.info("screenshot %s", path)
    return path


def take(data_dir: Path, out: Path, languages: tuple[str, ...] = ("en", "zh_CN")) -> list[Path]:
    """Seed demo data if the folder is empty, then shoot every main screen per language."""
    from desktop.demo import seed_demo

    out.mkdir(parents=True, exist_ok=True)
    store = open_store(data_dir)
    try:
        if not status_summary(store)["counts"]["incidents"]:
            seed_demo(store)
        busy = busiest_open_incident(store)
    finally:
        store.close()
    app = make_application()
    shots: list[Path] = []
    for language in languages:
        settings = QSettings(str(out / f".settings-{language}.ini"), QSettings.Format.IniFormat)
        LANGUAGE.set(settings, language)
        shots += _starting(data_dir, app, settings, out, language)
        window = build(data_dir, app, settings, start_sync=False)
        window.resize(*SIZE)
        window.show()
        wait_for(window.list_loaded)
        shots += _shoot(window, busy, out, language)
        window.ctx.tasks.wait()
        window.close()
        window.deleteLater()
        window.ctx.store.close()
    settle()
    return shots


def _starting(
    data_dir: Path, app: QApplication, settings: QSettings, out: Path, language: str
) -> list[Path]:
    """The window as it first paints, before its store is open, then once the list has
    filled in: the two should differ only in the rows (issue 16: no visible jump)."""
    started = frame(data_dir, app, settings)
    window = started.window
    window.resize(*SIZE)
    window.show()
    shots = [grab(window, out / f"{language}-00-starting.png")]
    store = open_store(data_dir)
    wait_for(window.list_loaded, lambda: attach(started, store, app, start_sync=False))
    shots.append(grab(window, out / f"{language}-00-started.png"))
    window.ctx.tasks.wait()
    window.close()
    window.deleteLater()
    window.ctx.store.close()
    return shots


def _open(window: MainWindow, number: str) -> IncidentWorkspace | None:
    window.model.set_filter(quick=QuickFilter.ALL)
    row = next((r for r in window.model.rows() if r.number == number), None)
    window.model.set_filter(quick=QuickFilter.OPEN)
    if row is None:
        return None
    window.open_incident(row.id)
    page = window.tabs.currentWidget()
    assert isinstance(page, IncidentWorkspace)
    if page.detail is None:
        wait_for(page.loaded)
    return page


def _send_dialog(report: ReportDialog, number: str, out: Path, language: str) -> Path:
    """ "Send to the client" asking for the address (nothing is queued)."""
    from desktop.usecases.delivery import client_address
    from ui.report_view import SendReportDialog

    address = client_address(report.ctx.store, number) or "it-ops@client.example.cn"
    ask = SendReportDialog(report, address, number)
    ask.show()
    path = grab(ask, out / f"{language}-08-report-send.png")
    ask.reject()
    return path


def _shoot(window: MainWindow, busy: str, out: Path, language: str) -> list[Path]:
    from ui.new_incident import NewIncidentDialog
    from ui.settings import SettingsDialog
    from ui.signoff import SignOffDialog

    shots = [grab(window, out / f"{language}-01-incident-list.png")]
    window.list_page.filter_box.setText("oracle" if language == "en" else "数据库")
    shots.append(grab(window, out / f"{language}-02-list-filtered.png"))
    window.list_page.filter_box.clear()
    page = _open(window, busy)
    if page is not None:
        shots.append(grab(window, out / f"{language}-03-workspace.png"))
        names = ("note", "action", "swap", "parts", "time", "clock")
        for i, name in enumerate(names):
            page.show_form(i)
            shots.append(grab(window, out / f"{language}-04-form-{i + 1}-{name}.png"))
        shots += _forms_that_think(window, page, out, language)
        page.show_report()
        report = page.findChild(ReportDialog)
        assert report is not None
        if report.built is None:
            wait_for(report.pages_shown)
        shots.append(grab(report, out / f"{language}-08-report.png"))
        shots.append(_send_dialog(report, busy, out, language))
        wait_for(report.pages_shown, report.brief.click)
        shots.append(grab(report, out / f"{language}-08-report-brief.png"))
        report.reject()
    resolved = next(
        (r for r in window.model.rows() if r.status is Status.RESOLVED and r.covered), None
    )
    if resolved is not None and (page := _open(window, resolved.number)) is not None:
        page.sign_off()
        dialog = page.findChild(SignOffDialog)
        assert dialog is not None
        dialog.name.setText("张伟" if language == "zh_CN" else "Zhang Wei")
        dialog.role.setText("信息科运维主管" if language == "zh_CN" else "IT operations manager")
        dialog.pad.canvas.reset([list(stroke) for stroke in synthetic_signature(3)])
        shots.append(grab(dialog, out / f"{language}-09-sign-off.png"))
        dialog.reject()
    window.tabs.setCurrentWidget(window.stock_page)
    shots.append(grab(window, out / f"{language}-05-van-stock.png"))
    for name, dialog_ in (
        ("06-new-incident", NewIncidentDialog(window.ctx, window)),
        ("07-settings", SettingsDialog(window.ctx, window)),
    ):
        dialog_.show()
        shots.append(grab(dialog_, out / f"{language}-{name}.png"))
        dialog_.close()
    shots += _passphrase(window.ctx.store.data_dir, out, language)
    settle()
    return shots


def _passphrase(folder: Path, out: Path, language: str) -> list[Path]:
    """Where no keyring keeps the folder's key: choosing a passphrase (the two typed
    differ, as the dialog says), and typing it at a start."""
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.passphrase import PassphraseDialog

    choose = PassphraseDialog(True, folder)
    choose.passphrase.setText("correct horse")
    choose.again.setText("correct hose")
    choose.show()
    buttons = choose.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # refused: the dialog stays
    shots = [grab(choose, out / f"{language}-11-passphrase-new.png")]
    choose.reject()
    unlock = PassphraseDialog(False, folder)
    unlock.show()
    shots.append(grab(unlock, out / f"{language}-11-passphrase.png"))
    unlock.reject()
    return shots


def _forms_that_think(
    window: MainWindow, page: IncidentWorkspace, out: Path, language: str
) -> list[Path]:
    """The wait dialog, a swap from the van with a serial refused, saving a template:
    shown, never recorded (the demo data stays as it is)."""
    from domain.records import Status
    from ui.forms import ActionForm, SwapForm, TemplateNameDialog
    from ui.workspace import WaitDialog

    shots: list[Path] = []
    button = page.status_buttons.get(Status.WAITING_FOR_CLIENT)
    if button is not None:
        button.click()
        dialog = page.findChild(WaitDialog)
        if dialog is not None:
            dialog.reason.setText(
                "客户 DBA 未到场" if language == "zh_CN" else "DBA not on site yet"
            )
            shots.append(grab(dialog, out / f"{language}-10-wait-for-client.png"))
            dialog.reject()
    page.show_form(2)
    swap = page.forms[2]
    assert isinstance(swap, SwapForm)
    swap.removed_part.setText("华为 OceanStor 1.92TB SAS SSD")
    swap.removed_serial.setText("2102351LWK10M6941683")
    if swap.from_van.count() > 1:
        swap.from_van.setCurrentIndex(1)
    swap.installed_serial.setText("<2102351LWK✓>")
    swap._check_serial("installed_serial", swap.installed_serial)  # as on leaving the field
    shots.append(grab(window, out / f"{language}-11-swap-from-van.png"))
    swap.clear()
    swap.clear_errors()
    page.show_form(1)
    action = page.forms[1]
    assert isinstance(action, ActionForm)
    action.ask_template_name()
    template = action.findChild(TemplateNameDialog)
    if template is not None:
        template.name.setText("重启监听" if language == "zh_CN" else "Restart the TNS listener")
        shots.append(grab(template, out / f"{language}-12-save-template.png"))
        template.reject()
    page.show_form(0)
    return shots
