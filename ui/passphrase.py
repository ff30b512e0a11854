"""The passphrase that unlocks the data folder where no keyring keeps its key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.store.cipher import PASSPHRASE_MIN


class PassphraseDialog(QDialog):
    """Asks for the passphrase; ``new``: set one (typed twice, at least 8 characters)."""

    def __init__(
        self, new: bool, folder: Path, problem: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.new = new
        self.setWindowTitle(self.tr("Unlock the data folder"))
        self.setMinimumWidth(480)  # as the sign-in dialog: the folder's path reads on a line
        layout = QVBoxLayout(self)
        if new:
            intro = self.tr(
                "This computer has no keyring to keep the key of your data folder {path}. "
                "Choose a passphrase: the client data on this laptop is encrypted with it, "
                "and you will type it at every start. Without it the data cannot be read."
            )
        else:
            intro = self.tr("Type the passphrase of the data folder {path}.")
        text = QLabel(intro.format(path=str(folder)))
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName("passphrase")
        form.addRow(self.tr("Passphrase"), self.passphrase)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setObjectName("again")
        if new:
            form.addRow(self.tr("Again"), self.again)
        layout.addLayout(form)
        self.error = QLabel(problem)
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b91c1c")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(problem))
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        value = self.passphrase.text()
        problem = ""
        if self.new and len(value) < PASSPHRASE_MIN:
            problem = self.tr("A passphrase needs at least {minimum} characters.").format(
                minimum=PASSPHRASE_MIN
            )
        elif self.new and value != self.again.text():
            problem = self.tr("The two passphrases differ.")
        elif not value:
            problem = self.tr("Type the passphrase.")
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        self.accept()


def ask_passphrase(new: bool, folder: Path, problem: str = "") -> str | None:
    """The passphrase typed, or None when the technician cancels."""
    dialog = PassphraseDialog(new, folder, problem)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase.text()
