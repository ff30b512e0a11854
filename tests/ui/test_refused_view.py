"""The refused-changes view: the office's reason in the technician's language, and the
records a pull set aside listed beside the refused changes (issue 10)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from desktop.store.models import OutboxRow, OutboxState, SetAsideRow
from domain.ids import new_id
from sync.protocol import MutationName
from tests.conftest import Office, make_incident
from ui.app import build
from ui.main_window import MainWindow
from ui.refused import RefusedChangesDialog


@pytest.fixture
def window(
    qapp: QApplication, qtbot, store, office: Office, data_dir: Path, settings: QSettings
) -> Iterator[MainWindow]:
    iid = make_incident(store, office, number="INC-R")
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with store.write() as s:
        # What a sync leaves behind: a sign-off the office refused, with the rulebook's
        # own message, and the office's void of an entry that sign-off sealed here.
        s.add(
            OutboxRow(
                name=MutationName.ENTRY_ADD,
                incident_id=iid,
                entry_id=new_id(),
                payload={"kind": "sign_off", "signer_name": "李娜"},
                created_at=now,
                state=OutboxState.REJECTED,
                owner=office.technician_id,
                code="conflict",
                reason="The client signed entry 42, which was voided on another device …",
                explanation={
                    "context": "Rules",
                    "template": "Incident {number} is signed off already.",
                    "params": {"number": "INC-R"},
                },
            )
        )
        s.add(
            SetAsideRow(
                kind="entry",
                record_id=new_id(),
                incident_id=iid,
                data={"kind": "void", "reason": "写错节点了", "incident_id": str(iid)},
                server_order=7,
                received_at=now,
                reason="a sealed entry cannot be voided",
                set_aside_at=now,
            )
        )
    w = build(data_dir, qapp, settings, install_hooks=False, start_sync=False)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.list_loaded, timeout=10_000):
        w.show()
    yield w
    w.ctx.translators.use("en")
    w.ctx.tasks.wait()
    w.ctx.store.close()


def _cells(view, row: int) -> list[str]:
    model = view.model()
    return [
        str(model.data(model.index(row, c), Qt.ItemDataRole.DisplayRole))
        for c in range(model.columnCount())
    ]


@pytest.mark.parametrize(
    ("language", "reason", "aside"),
    [
        ("en", "Incident INC-R is signed off already.", "void: 写错节点了"),
        ("zh_CN", "事件 INC-R 已签字确认。", "void: 写错节点了"),
    ],
)
def test_refused_and_set_aside_show_in_the_technicians_language(
    qtbot, window: MainWindow, language: str, reason: str, aside: str
) -> None:
    window.ctx.translators.use(language)
    window.show_refused()
    dialog = window.findChild(RefusedChangesDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.aside_model.rowCount() == 1, timeout=10_000)
    assert reason in _cells(dialog.table, 0)[3]
    row = _cells(dialog.aside, 0)
    assert row[1] == "INC-R" and row[2] == aside
    assert dialog.aside.isVisibleTo(dialog) and not dialog.empty.isVisibleTo(dialog)
    if language == "zh_CN":
        assert "办公室" in row[3]  # the remedy, translated too
    dialog.close()
