"""Errors on screen: refusals beside their field or in a dialog, bugs in a crash dialog.

A crash dialog names the log file; the app keeps running where it safely can (an
exception in a slot or a background job does not take the window down).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from domain.messages import DomainError
from ui.i18n import error_text

log = logging.getLogger("fieldbook.ui")


def show_refusal(parent: QWidget | None, error: DomainError) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Errors", "Not recorded"))
    box.setText(error_text(error))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    log.info("refused: %s", type(error).__name__)
    box.open()  # window-modal, without a nested event loop


class CrashReporter(QObject):
    """Catches unexpected exceptions on any thread and shows them on the GUI thread."""

    _crashed = Signal(str)

    def __init__(self, log_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.shown = 0
        self.last: str | None = None
        self._dialog_open = False
        self._crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        #: Tests replace this to look at the dialog instead of blocking on it.
        self.present: Callable[[QMessageBox], None] = lambda box: box.open()

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook

    def excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(error, KeyboardInterrupt):
            QApplication.quit()
            return
        log.critical("unexpected error", exc_info=(kind, error, tb))
        summary = "".join(traceback.format_exception_only(kind, error)).strip()
        self._crashed.emit(summary)

    def report(self, error: BaseException) -> None:
        """For errors caught in a callback (e.g. a background job's unexpected failure)."""
        self.excepthook(type(error), error, error.__traceback__)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, summary: str) -> None:
        self.shown += 1
        self.last = summary
        if self._dialog_open:
            return
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("Errors", "Something went wrong"))
        box.setText(
            QCoreApplication.translate(
                "Errors",
                "Fieldbook hit an unexpected problem. What you already saved is safe; "
                "the last action may not have been recorded.",
            )
        )
        box.setInformativeText(
            QCoreApplication.translate("Errors", "The details are in the log file:\n{path}").format(
                path=self.log_path
            )
        )
        box.setDetailedText(summary)
        self._dialog_open = True
        box.finished.connect(lambda _: setattr(self, "_dialog_open", False))
        QTimer.singleShot(0, lambda: self.present(box))
