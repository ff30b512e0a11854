"""The sync's state, always in the status bar: offline, syncing (and how far), synced at,
waiting, refused; a button to sync now and one to see what the office refused.

It only shows what :class:`ui.syncing.SyncController` says (``summary``).
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.syncing import SyncController


class SyncStatusWidget(QWidget):
    """Always in the status bar: offline / syncing / synced at / waiting / refused."""

    refused_clicked = Signal()

    TONES: ClassVar[dict[str, str]] = {
        "ok": "#1b7f3b",
        "busy": "#1e3a5f",
        "warn": "#b25e00",
        "bad": "#c62828",
    }

    def __init__(self, controller: SyncController) -> None:
        super().__init__()
        self.controller = controller
        self.dot = QLabel("●")
        self.text = QLabel()
        self.refused = QPushButton()
        self.refused.setFlat(True)
        self.refused.clicked.connect(self.refused_clicked)
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(controller.sync_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(self.dot)
        layout.addWidget(self.text)
        layout.addWidget(self.refused)
        layout.addWidget(self.sync_button)
        controller.state_changed.connect(self.update_state)
        self.update_state()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.update_state()
        super().changeEvent(event)

    def update_state(self) -> None:
        text, tone = self.controller.summary()
        self.text.setText(text)
        self.dot.setStyleSheet(f"color: {self.TONES[tone]}; font-size: 14px;")
        status = self.controller.status
        rejected = status.rejected + status.set_aside if status is not None else 0
        self.refused.setVisible(bool(rejected))
        self.refused.setText(self.tr("Show refused changes"))
        self.sync_button.setText(self.tr("Sync now (F9)"))
        self.sync_button.setEnabled(not self.controller.running)
