"""Starting the technician's window: Qt, translations, style, crash handling, the store."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.drafts import DraftStore
from desktop.logs import setup_logging
from desktop.store.db import Store, open_store
from domain.messages import DomainError
from ui.context import AppContext, Hub
from ui.errors import CrashReporter
from ui.i18n import Translators, error_text
from ui.main_window import MainWindow
from ui.resources import bundled_fonts, icon, style_sheet
from ui.settings import LANGUAGE, SIGN_IN_OFFERED, upgrade
from ui.single import SingleWindow
from ui.tasks import Tasks

log = logging.getLogger("fieldbook.ui")

ORGANISATION = "Fieldbook"
APPLICATION = "Fieldbook"


def make_application(argv: Sequence[str] = ()) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication([sys.argv[0] if sys.argv else "fieldbook", *argv])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QGuiApplication.setDesktopFileName("fieldbook")  # installer/linux/fieldbook.desktop
    app.setWindowIcon(icon("fieldbook"))
    bundled_fonts()  # a bundle's own fonts, ahead of the families below
    font = QFont(app.font())
    # Readable at arm's length; CJK falls back to WenQuanYi Micro Hei where it is installed.
    font.setFamilies(["DejaVu Sans", "Noto Sans", "WenQuanYi Micro Hei", "Noto Sans CJK SC"])
    font.setPointSizeF(max(font.pointSizeF(), 10.5))
    app.setFont(font)
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet())
    return app


def build(
    data_dir: Path,
    app: QApplication,
    settings: QSettings | None = None,
    *,
    install_hooks: bool = True,
    start_sync: bool = True,
    clock: Callable[[], datetime] | None = None,
) -> MainWindow:
    """Open ``data_dir`` and build the main window (shown by the caller).

    ``install_hooks`` routes uncaught exceptions of every thread to the crash dialog
    (tests leave pytest-qt's own capture in place). ``start_sync`` syncs at once and then
    in the background; the first start without an account asks for a sign-in.
    ``clock`` stands in for the time of day (tests move it to see SLA clocks cross).
    """
    log_path = setup_logging(data_dir)
    crash = CrashReporter(log_path, app)
    if install_hooks:
        crash.install()
    settings = settings or QSettings()
    upgrade(settings)
    translators = Translators(app)
    translators.use(_language(settings))
    store = _unlock(data_dir)
    hub = Hub(app)
    tasks = Tasks(crash.report, app)
    ctx = AppContext(
        store=store,
        tasks=tasks,
        drafts=DraftStore(data_dir, store.key),
        translators=translators,
        settings=settings,
        hub=hub,
        log_path=log_path,
        **({"clock": clock} if clock is not None else {}),
    )
    window = MainWindow(ctx, crash)
    window.restore_layout()
    window.reload()
    if start_sync:
        # The first start asks for a sign-in; later ones only when the office refuses
        # the token (a laptop never signed in works offline and says so).
        window.prompt_first_sign_in = not SIGN_IN_OFFERED.get(settings)
        SIGN_IN_OFFERED.set(settings, True)
        window.sync.start()

    def shutdown() -> None:
        tasks.wait()
        store.close()

    app.aboutToQuit.connect(shutdown)
    return window


def _unlock(data_dir: Path, attempts: int = 5) -> Store:
    """Open the data folder, asking for its passphrase where no keyring keeps its key
    (a wrong one is asked for again; cancelling gives up, and nothing is changed)."""
    from desktop.store.cipher import WrongKey
    from ui.passphrase import ask_passphrase

    problem = ""

    def prompt(new: bool, folder: Path) -> str | None:
        return ask_passphrase(new, folder, problem)

    for attempt in range(attempts):
        try:
            return open_store(data_dir, prompt=prompt)
        except WrongKey as error:
            if attempt == attempts - 1:
                raise
            problem = error_text(error)
    raise AssertionError("unreachable")  # pragma: no cover


def run_gui(data_dir: Path) -> int:
    """The technician's window on ``data_dir``; a second start brings it to the front."""
    app = make_application()
    single = SingleWindow(data_dir, app)
    if not single.acquire():
        if single.ask_running_window():
            log.info("Fieldbook is already open on %s: brought it to the front", data_dir)
            print(
                f"Fieldbook is already open on {data_dir}: its window was brought to the front.",
                file=sys.stderr,
            )
            return 0
        settings = QSettings()
        Translators(app).use(_language(settings))
        QMessageBox.warning(
            None,
            "Fieldbook",
            QCoreApplication.translate(
                "SingleWindow",
                "Fieldbook is already open on this data folder ({path}) but does not answer. "
                "Close it (or end it), then start Fieldbook again.",
            ).format(path=str(data_dir)),
        )
        return 1
    try:
        window = build(data_dir, app)
    except DomainError as error:
        log.error("cannot open %s: %s", data_dir, error)
        QMessageBox.critical(None, "Fieldbook", error_text(error))
        single.release()
        return 1
    single.show_requested.connect(window.bring_to_front)
    window.show()
    try:
        return app.exec()
    finally:
        single.release()


def _language(settings: QSettings) -> str | None:
    choice = LANGUAGE.get(settings)
    return None if choice == "system" else choice
