"""The passphrase dialog: where no keyring keeps the data folder's key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from ui.passphrase import PassphraseDialog


def test_a_new_passphrase_is_typed_twice_and_long_enough(qtbot, tmp_path: Path) -> None:
    dialog = PassphraseDialog(True, tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.again.isVisibleTo(dialog)
    dialog.passphrase.setText("short")
    dialog.again.setText("short")
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "at least 8" in dialog.error.text()
    dialog.passphrase.setText("a long enough one")
    dialog.again.setText("a long enough 1")
    dialog._accept()
    assert "differ" in dialog.error.text()
    dialog.again.setText("a long enough one")
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_unlocking_asks_once_and_shows_why_it_asks_again(qtbot, tmp_path: Path) -> None:
    dialog = PassphraseDialog(False, tmp_path, "This passphrase does not open it.")
    qtbot.addWidget(dialog)
    assert not dialog.again.isVisibleTo(dialog)
    assert dialog.error.isVisibleTo(dialog) and "does not open" in dialog.error.text()
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted  # empty
    dialog.passphrase.setText("x")
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
