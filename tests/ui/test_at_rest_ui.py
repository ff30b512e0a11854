"""The window with an encrypted store: the passphrase dialog, sealed pictures shown."""

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


def test_the_window_asks_again_after_a_wrong_passphrase(qapp, tmp_path: Path, monkeypatch) -> None:
    import keyring
    from keyring.backends import fail

    from desktop.store.db import open_store
    from ui import app

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        data = tmp_path / "data"
        monkeypatch.setenv("FIELDBOOK_PASSPHRASE", "the right passphrase")
        open_store(data).close()
        monkeypatch.delenv("FIELDBOOK_PASSPHRASE")
        typed = iter(["a wrong one", "the right passphrase"])
        asked: list[tuple[bool, str]] = []

        def fake(new: bool, folder: Path, problem: str = "") -> str:
            asked.append((new, problem))
            return next(typed)

        monkeypatch.setattr("ui.passphrase.ask_passphrase", fake)
        store = app._unlock(data)
        store.close()
        assert [new for new, _ in asked] == [False, False]
        assert asked[0][1] == "" and "does not open" in asked[1][1]
    finally:
        keyring.set_keyring(before)


def test_a_sealed_picture_still_shows_in_the_timeline(qapp, store, office, tmp_path) -> None:
    """The picture's file is sealed on disk: the timeline gets it through the store."""
    import re

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument
    from PySide6.QtWidgets import QTextBrowser

    from desktop.usecases import notes, queries
    from ui.timeline import timeline_html

    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(0x3366CC)
    photo = tmp_path / "rack.png"
    assert image.save(str(photo))
    notes.attach(store, office.incident_id, [photo])
    html = timeline_html(queries.incident_detail(store, office.incident_id), {}, store.blobs)
    assert str(store.data_dir) not in html  # no path to a file on disk
    [src] = re.findall(r'<img src="([^"]+)"', html)
    assert src.startswith("data:image/png;base64,")
    browser = QTextBrowser()
    browser.setHtml(html)
    shown = browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(src))
    assert shown is not None and not shown.isNull() and shown.width() == 40
