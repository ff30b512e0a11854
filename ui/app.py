"""Starting the technician's window: Qt, translations, style, crash handling, the store."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.logs import rotate_log, setup_logging
from domain.messages import DomainError
from ui.context import AppContext, Hub
from ui.errors import CrashReporter
from ui.i18n import Translators, error_text
from ui.lazy import after_first_paint
from ui.main_window import MainWindow
from ui.resources import bundled_fonts, icon, style_sheet
from ui.settings import LANGUAGE, SIGN_IN_OFFERED, upgrade
from ui.tasks import Tasks

if TYPE_CHECKING:  # imported behind the painted window (launch)
    from desktop.store.db import Store

log = logging.getLogger("fieldbook.ui")

#: What the attached window needs and the frame does not: imported on the reader thread
#: while the frame paints (:func:`launch`), so that attaching costs the GUI thread little.
LOADED_BEHIND = (
    "desktop.store.db",
    "desktop.drafts",
    "desktop.usecases.parts",
    "desktop.usecases.queries",
    "desktop.usecases.watch",
    "ui.account",
    "ui.forms",
    "ui.store_watch",
    "ui.sync_status",
)

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


@dataclass
class Frame:
    """The window's frame and what it needs before the store is open."""

    window: MainWindow
    crash: CrashReporter
    translators: Translators
    settings: QSettings
    tasks: Tasks
    log_path: Path
    data_dir: Path
    clock: Callable[[], datetime] | None


def frame(
    data_dir: Path,
    app: QApplication,
    settings: QSettings | None = None,
    *,
    install_hooks: bool = True,
    clock: Callable[[], datetime] | None = None,
) -> Frame:
    """Logging, crash handling, settings, language and the window's frame: nothing of the
    store (SQLAlchemy, the models, the sync client) is imported yet, so the frame paints
    about as soon as a bare Qt window would (bench/startup.py).

    The log file is written from the start; it rotates from the first paint on (or the
    store's attaching, when the window was never painted): see :func:`rotate_log`."""
    log_path = setup_logging(data_dir, rotate=False)
    crash = CrashReporter(log_path, app)
    if install_hooks:
        crash.install()
    settings = settings or QSettings()
    upgrade(settings)
    translators = Translators(app)
    translators.use(_language(settings))
    tasks = Tasks(crash.report, app)
    window = MainWindow(crash, data_dir, settings, **({"clock": clock} if clock else {}))
    window.restore_layout()
    after_first_paint(window, rotate_log)
    return Frame(window, crash, translators, settings, tasks, log_path, data_dir, clock)


def attach(frame: Frame, store: Store, app: QApplication, *, start_sync: bool = True) -> None:
    """The store is open: give it to the window, which loads its data behind."""
    from desktop.drafts import DraftStore

    rotate_log()  # done already when the window has painted

    ctx = AppContext(
        store=store,
        tasks=frame.tasks,
        drafts=DraftStore(frame.data_dir, store.key),
        translators=frame.translators,
        settings=frame.settings,
        hub=Hub(app),
        log_path=frame.log_path,
        **({"clock": frame.clock} if frame.clock is not None else {}),
    )
    window = frame.window
    window.attach(ctx)
    if start_sync:
        # The first start asks for a sign-in; later ones only when the office refuses
        # the token (a laptop never signed in works offline and says so).
        window.prompt_first_sign_in = not SIGN_IN_OFFERED.get(frame.settings)
        SIGN_IN_OFFERED.set(frame.settings, True)
        window.sync.start()
    tasks = frame.tasks

    def shutdown() -> None:
        tasks.wait()
        store.close()

    app.aboutToQuit.connect(shutdown)


def build(
    data_dir: Path,
    app: QApplication,
    settings: QSettings | None = None,
    *,
    install_hooks: bool = True,
    start_sync: bool = True,
    clock: Callable[[], datetime] | None = None,
) -> MainWindow:
    """Open ``data_dir`` and build the main window (shown by the caller), all at once.

    ``install_hooks`` routes uncaught exceptions of every thread to the crash dialog
    (tests leave pytest-qt's own capture in place). ``start_sync`` syncs at once and then
    in the background; the first start without an account asks for a sign-in.
    ``clock`` stands in for the time of day (tests move it to see SLA clocks cross).
    :func:`launch` is the same with the window shown first.
    """
    started = frame(data_dir, app, settings, install_hooks=install_hooks, clock=clock)
    attach(started, _unlock(data_dir), app, start_sync=start_sync)
    return started.window


def launch(
    data_dir: Path,
    app: QApplication,
    settings: QSettings | None = None,
    *,
    install_hooks: bool = True,
    start_sync: bool = True,
    on_error: Callable[[BaseException], None] | None = None,
) -> MainWindow:
    """Show the window's frame at once and open the store behind it (issue 16).

    The store's heavy imports and its opening run on the reader thread while the frame
    paints; a folder whose key needs a passphrase asks for it on the GUI thread. When the
    store is open the window attaches it and fills its list; ``on_error`` gets a failure
    to open (the window is closed first).
    """
    started = frame(data_dir, app, settings, install_hooks=install_hooks)
    window = started.window

    def opened(store: Store | None) -> None:
        try:
            if store is None:  # the key needs a passphrase: ask for it here
                store = _unlock(data_dir)
            attach(started, store, app, start_sync=start_sync)
        except BaseException as error:
            failed(error)

    def failed(error: BaseException) -> None:
        window.close()
        if on_error is not None:
            on_error(error)
        else:
            started.crash.report(error)

    window.show()
    started.tasks.read(lambda: _open_behind(data_dir), opened, failed)
    return window


def _open_behind(data_dir: Path) -> Store | None:
    """On the reader thread: import the store and what the attached window needs, and
    open the folder when no passphrase has to be asked for (``None`` then)."""
    for name in LOADED_BEHIND:
        importlib.import_module(name)
    from desktop.store.cipher import NeedPassphrase
    from desktop.store.db import open_store

    try:
        return open_store(data_dir)
    except NeedPassphrase:
        return None


def _unlock(data_dir: Path, attempts: int = 5) -> Store:
    """Open the data folder, asking for its passphrase where no keyring keeps its key
    (a wrong one is asked for again; cancelling gives up, and nothing is changed)."""
    from desktop.store.cipher import WrongKey
    from desktop.store.db import open_store
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
    from ui.single import SingleWindow

    app = make_application()
    single = SingleWindow(data_dir, app)
    # Held now; heard from the first paint on (QtNetwork is not needed before it).
    if not single.acquire(listen=False):
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
    errors: list[BaseException] = []

    def cannot_open(error: BaseException) -> None:
        errors.append(error)
        if isinstance(error, DomainError):
            log.error("cannot open %s: %s", data_dir, error)
            QMessageBox.critical(None, "Fieldbook", error_text(error))
        app.exit(1)

    # The window shows at once; the store opens behind it (a passphrase is asked over it).
    window = launch(data_dir, app, on_error=cannot_open)
    single.show_requested.connect(window.bring_to_front)
    after_first_paint(window, single.listen)
    try:
        code = app.exec()
    finally:
        single.release()
    if errors and not isinstance(errors[0], DomainError):
        raise errors[0]
    return 1 if errors else code


def _language(settings: QSettings) -> str | None:
    choice = LANGUAGE.get(settings)
    return None if choice == "system" else choice
