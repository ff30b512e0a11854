"""Signing in to the office and out of it, from the window: the sign-in dialog when the
office asks for one (or at the first start), and the warning before signing out with work
that has not reached the office yet."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.syncing import usecases as sync_usecases
from ui.context import AppContext
from ui.sign_in import SignInDialog
from ui.syncing import SyncController
from ui.tasks import Failed


class Account(QObject):
    """The window's sign-in and sign-out; the dialogs open over ``window``."""

    def __init__(
        self, ctx: AppContext, sync: SyncController, on_error: Failed, window: QWidget
    ) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.sync = sync
        self._window = window
        self._on_error = on_error
        self.prompt_first_sign_in = False
        sync.sign_in_needed.connect(self._sign_in_needed)

    def _sign_in_needed(self, why: str) -> None:
        status = self.sync.status
        if (status is not None and status.server_url) or self.prompt_first_sign_in:
            self.prompt_first_sign_in = False
            self.sign_in(why)

    def sign_in(self, why: str | None) -> None:
        if self._window.findChild(SignInDialog) is not None:
            return
        dialog = SignInDialog(self.ctx, why, self._window)
        dialog.signed_in.connect(lambda _: self.sync.sync_now())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def sign_out(self) -> None:
        status = self.sync.status
        pending = status.pending if status is not None else 0
        if pending:
            answer = QMessageBox.question(
                self._window,
                self.tr("Sign out"),
                self.tr(
                    "%n change(s) have not reached the office yet. They stay on this laptop "
                    "and are sent after the next sign-in. Sign out anyway?",
                    "",
                    pending,
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        store = self.ctx.store
        self.ctx.tasks.write(
            lambda: sync_usecases.logout(store, force=True),
            lambda _: self.sync.refresh_status(),
            self._on_error,
        )
