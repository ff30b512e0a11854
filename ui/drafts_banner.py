"""The banner over the tabs that offers the entries an earlier run left unsaved."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

if TYPE_CHECKING:
    from desktop.drafts import Draft


class DraftsBanner(QFrame):
    """Shown while drafts typed in an earlier run wait (never this run's own drafts)."""

    open_incidents = Signal(list)  # list[uuid.UUID], in the order the drafts came

    def __init__(self, leftover: Sequence[Draft] = ()) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.leftover: list[Draft] = list(leftover)
        row = QHBoxLayout(self)
        self.label = QLabel()
        self.button = QPushButton()
        self.button.clicked.connect(self._open)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.hide()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Open them"))
        self.refresh()

    def refresh(self) -> None:
        """Shown with its count while drafts wait; hidden otherwise."""
        if not self.leftover:
            self.hide()
            return
        incidents = len({d.incident_id for d in self.leftover})
        self.label.setText(
            self.tr(
                "Unsaved entries from your last session are waiting in %n incident(s).",
                "",
                incidents,
            )
        )
        self.show()

    def _open(self) -> None:
        ids: list[uuid.UUID] = list(dict.fromkeys(d.incident_id for d in self.leftover))
        self.leftover = []
        self.hide()
        self.open_incidents.emit(ids)
