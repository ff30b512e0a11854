"""Signing in to the office: server, user and password, once; the token the office gives
is kept in the OS keyring, never in a file."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.syncing import usecases as sync
from domain.messages import DomainError
from ui.context import AppContext
from ui.i18n import error_text
from ui.settings import SERVER_URL, USERNAME

log = logging.getLogger("fieldbook.ui")


class SignInDialog(QDialog):
    """Server, user, password. The token goes to the OS keyring, never to a file."""

    signed_in = Signal(object)  # desktop.syncing.usecases.SignedIn

    def __init__(self, ctx: AppContext, why: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        settings: QSettings = ctx.settings
        self.why = QLabel(why or "")
        self.why.setWordWrap(True)
        self.why.setVisible(bool(why))
        self.server = QLineEdit(SERVER_URL.get(settings))
        self.user = QLineEdit(USERNAME.get(settings))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setProperty("primary", True)
        form = QFormLayout(self)
        form.addRow(self.why)
        self.labels = (QLabel(), QLabel(), QLabel())
        for label, widget in zip(self.labels, (self.server, self.user, self.password), strict=True):
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.server.setPlaceholderText("https://fieldbook.example.com")
        self.hint = QLabel()
        self.hint.setProperty("muted", True)
        self.hint.setWordWrap(True)
        form.addRow(self.hint)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.setMinimumWidth(480)
        self.retranslate()
        (self.password if self.user.text() else self.server).setFocus()

    def retranslate(self) -> None:
        self.ok.setText(self.tr("Sign in"))
        for label, text in zip(
            self.labels,
            (self.tr("&Server"), self.tr("&User"), self.tr("&Password")),
            strict=True,
        ):
            label.setText(text)
        self.hint.setText(
            self.tr("Your password is not kept; the sign-in is kept in the system's keyring.")
        )
        self.setWindowTitle(self.tr("Sign in to the office"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def submit(self) -> None:
        self.error.hide()
        server, user, password = self.server.text(), self.user.text(), self.password.text()
        if not server.strip() or not user.strip() or not password:
            self.error.setText(self.tr("Fill in the server, your user name and your password."))
            self.error.show()
            return
        self.buttons.setEnabled(False)
        store = self.ctx.store
        self.ctx.tasks.write(
            lambda: sync.login(store, server, user, password),
            self._done,
            self._refused,
        )

    def _done(self, signed_in: sync.SignedIn) -> None:
        self.buttons.setEnabled(True)
        SERVER_URL.set(self.ctx.settings, signed_in.server_url)
        USERNAME.set(self.ctx.settings, signed_in.username)
        self.signed_in.emit(signed_in)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        if isinstance(error, DomainError):
            self.error.setText(error_text(error))
        else:
            log.exception("sign-in failed", exc_info=error)
            self.error.setText(
                self.tr("Signing in failed unexpectedly; the details are in the log.")
            )
        self.error.show()
