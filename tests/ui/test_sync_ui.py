"""Sync as the technician sees it, against the real central service on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

import tests.sync.conftest as server_fixtures
from desktop.syncing import usecases as sync
from desktop.usecases import notes
from sync.server.db import Database
from sync.server.office import Office
from tests.sync.conftest import Backend, ServerProcess, World, make_world
from tests.sync.laptops import require_keyring
from ui.app import build
from ui.main_window import MainWindow
from ui.syncing import RefusedChangesDialog, SignInDialog

SYNC_TIMEOUT = 60_000


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Backend]:
    """A central service of this test's own: it is stopped and started again."""
    require_keyring()
    db_url = f"sqlite:///{tmp_path / 'server.db'}"
    server = ServerProcess(db_url, tmp_path / "server.log")
    db = Database(db_url, pool_size=2)
    backend = Backend("sqlite", db_url, server, db, Office(db))
    yield backend
    backend.server.stop()
    db.dispose()


@pytest.fixture
def world(office: Backend) -> World:
    return make_world(office)


@pytest.fixture
def window(
    qtbot, qapp: QApplication, tmp_path: Path, settings: QSettings, world: World
) -> Iterator[MainWindow]:
    w = build(tmp_path / "laptop", qapp, settings, install_hooks=False, start_sync=False)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.list_loaded, timeout=10_000):
        w.show()
    # Sign in through the dialog, as a technician does on first start.
    w.sign_in(None)
    dialog = w.findChild(SignInDialog)
    assert dialog is not None
    dialog.server.setText(world.backend.url)
    dialog.user.setText(f"a-{world.tag}")
    dialog.password.setText("pw")
    with qtbot.waitSignal(w.sync.synced, timeout=SYNC_TIMEOUT):
        dialog.submit()
    qtbot.waitUntil(lambda: world.incident_a in ids(w), timeout=10_000)
    yield w
    w.sync.stop()
    w.ctx.tasks.wait()
    if w.erased:
        return  # the office had it erased: nothing is left to sign out of
    try:
        sync.logout(w.ctx.store, force=True)
    finally:
        w.ctx.store.close()


def ids(window: MainWindow) -> set[object]:
    return {r.id for r in window.model.rows()}


def sync_and_wait(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.sync.state_changed, timeout=SYNC_TIMEOUT):
        window.sync.sync_now()
    qtbot.waitUntil(lambda: not window.sync.running, timeout=SYNC_TIMEOUT)


def test_sign_in_with_a_wrong_password_says_so(qtbot, window: MainWindow, world: World) -> None:
    window.sign_out()
    qtbot.waitUntil(lambda: window.sync.status is not None and not window.sync.status.signed_in)
    window.sign_in("Your session has expired")
    dialog = window.findChild(SignInDialog)
    assert dialog is not None and dialog.server.text() == world.backend.url  # remembered
    dialog.password.setText("wrong")
    dialog.submit()
    qtbot.waitUntil(dialog.error.isVisible, timeout=SYNC_TIMEOUT)
    assert dialog.error.text() and dialog.isVisible()


def test_offline_work_syncs_when_the_office_comes_back(
    qtbot, window: MainWindow, world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    qtbot.waitUntil(lambda: world.incident_a in ids(window), timeout=10_000)
    assert world.incident_b not in ids(window)  # B's incident is not A's business
    qtbot.waitUntil(lambda: "Synced at" in window.sync_status.text.text(), timeout=10_000)
    # The office goes away; the technician keeps working.
    port = world.backend.server.port
    world.backend.server.stop()
    notes.add_note(window.ctx.store, world.incident_a, "RAID 卡电池故障，已更换")
    sync_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: window.sync.status is not None and window.sync.status.pending == 1)
    text = window.sync_status.text.text()
    assert "Offline" in text and "1 change waiting" in text
    # It comes back on the same address: the next sync sends the note.
    monkeypatch.setattr(server_fixtures, "free_port", lambda: port)
    world.backend.server = ServerProcess(world.backend.db_url, tmp_path / "server-2.log")
    sync_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: "Synced at" in window.sync_status.text.text(), timeout=10_000)
    assert window.sync.status is not None and window.sync.status.pending == 0
    seen = world.dispatch.get(f"/dispatch/incidents/{world.incident_a}").json()
    assert "RAID 卡电池故障，已更换" in str(seen)


def test_dispatch_assigns_an_incident_and_it_appears(
    qtbot, window: MainWindow, world: World
) -> None:
    new = world.incident(world.a_id, number=f"INC-NEW-{world.tag}")
    sync_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: new in ids(window), timeout=10_000)
    assert any(f"INC-NEW-{world.tag}" in n for n in window.notifications)


def test_a_refused_change_shows_with_its_reason(qtbot, window: MainWindow, world: World) -> None:
    # Dispatch gives the incident to B; the laptop, not yet told, records work on it.
    answer = world.dispatch.post(
        f"/dispatch/incidents/{world.incident_a}/assign", json={"technician_id": str(world.b_id)}
    )
    assert answer.status_code == 200, answer.text
    notes.add_note(window.ctx.store, world.incident_a, "work on an incident no longer mine")
    sync_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: window.sync.status is not None and window.sync.status.rejected == 1)
    assert "1 refused" in window.sync_status.text.text()
    assert window.sync_status.refused.isVisibleTo(window.sync_status)
    window.sync_status.refused.click()
    dialog = window.findChild(RefusedChangesDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    reason = dialog.model.data(dialog.model.index(0, 3))
    remedy = dialog.model.data(dialog.model.index(0, 4))
    assert reason and remedy and "dispatch" in remedy
    # Discarding asks first; the refused count goes back to zero.
    dialog._discard(confirm=False)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=10_000)
    qtbot.waitUntil(lambda: window.sync.status is not None and window.sync.status.rejected == 0)


def test_signing_out_with_pending_work_warns_and_keeps_it(
    qtbot, window: MainWindow, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.backend.server.stop()
    notes.add_note(window.ctx.store, world.incident_a, "not sent yet")
    window.sync.refresh_status()
    qtbot.waitUntil(lambda: window.sync.status is not None and window.sync.status.pending == 1)
    asked: list[str] = []

    def answer(no_or_yes: QMessageBox.StandardButton):
        def question(parent, title: str, text: str, *args, **kw):
            asked.append(text)
            return no_or_yes

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    window.sign_out()
    assert asked and "1 change" in asked[0]
    assert sync.sync_status(window.ctx.store).signed_in  # still signed in
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    window.sign_out()
    qtbot.waitUntil(
        lambda: window.sync.status is not None and not window.sync.status.signed_in,
        timeout=10_000,
    )
    window.ctx.tasks.wait()
    assert sync.sync_status(window.ctx.store).pending == 1  # the work is kept
    qtbot.waitUntil(lambda: "Not signed in" in window.sync_status.text.text(), timeout=10_000)


def _laptops_device(world: World) -> object:
    """The window's sign-in (the test's API sign-ins are named "test" too: the newest)."""
    devices = world.backend.office.devices(f"a-{world.tag}")
    return max(devices, key=lambda d: d.signed_in_at).id


def test_signed_out_by_the_office_asks_to_sign_in_again(
    qtbot, window: MainWindow, world: World
) -> None:
    notes.add_note(window.ctx.store, world.incident_a, "kept through the sign-out")
    world.backend.office.revoke_device(_laptops_device(world))  # type: ignore[arg-type]
    window.sync.sync_now()
    qtbot.waitUntil(lambda: window.findChild(SignInDialog) is not None, timeout=SYNC_TIMEOUT)
    dialog = window.findChild(SignInDialog)
    assert dialog is not None and "signed out by the office" in dialog.why.text()
    qtbot.waitUntil(lambda: window.sync.status is not None and not window.sync.status.signed_in)
    assert window.sync.status is not None and window.sync.status.pending == 1
    dialog.password.setText("pw")
    with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT):
        dialog.submit()
    qtbot.waitUntil(lambda: window.sync.status is not None and window.sync.status.pending == 0)


def test_a_computer_marked_lost_is_erased_and_says_so(
    qtbot, window: MainWindow, world: World, tmp_path: Path
) -> None:
    data = tmp_path / "laptop"
    notes.add_note(window.ctx.store, world.incident_a, "secret: vault pin 4471")
    world.backend.office.mark_lost(_laptops_device(world))  # type: ignore[arg-type]
    window.sync.sync_now()
    qtbot.waitUntil(lambda: window.erased_message is not None, timeout=SYNC_TIMEOUT)
    box = window.erased_message
    assert box is not None and box.isVisible()
    assert "marked this computer lost" in box.text() and str(data) in box.text()
    assert list(data.iterdir()) == []
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert list(data.iterdir()) == []  # closing wrote nothing back
