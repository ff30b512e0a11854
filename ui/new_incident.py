"""A walk-up request: the client asks the technician on site, offline, under a contract."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.usecases import incidents, queries
from desktop.usecases.common import Changed
from desktop.usecases.queries import ContractChoice
from domain.messages import DomainError
from domain.records import Priority
from ui.context import AppContext
from ui.i18n import error_text

_OTHER = "other"


class NewIncidentDialog(QDialog):
    created = Signal(uuid.UUID)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choices: list[ContractChoice] = []
        self.contract = QComboBox()
        self.system = QComboBox()
        self.other_system = QLineEdit()
        self.priority = QComboBox()
        for priority in Priority:
            self.priority.addItem(priority.value, priority.value)
        self.priority.setCurrentIndex(1)
        self.title_edit = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(110)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        self.labels = [QLabel() for _ in range(6)]
        form = QFormLayout()
        widgets = (
            self.contract,
            self.system,
            self.other_system,
            self.priority,
            self.title_edit,
            self.description,
        )
        for label, widget in zip(self.labels, widgets, strict=True):
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.contract.currentIndexChanged.connect(self._fill_systems)
        self.system.currentIndexChanged.connect(self._other_visible)
        self.setMinimumWidth(560)
        self.retranslate()
        store = ctx.store
        ctx.read(lambda: queries.contract_choices(store), self._loaded)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New incident on site"))
        texts = (
            self.tr("&Contract"),
            self.tr("S&ystem"),
            self.tr("System &name"),
            self.tr("&Priority"),
            self.tr("&Title"),
            self.tr("&Description"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.other_system.setPlaceholderText(self.tr("The system the client is asking about"))
        self.title_edit.setPlaceholderText(self.tr("e.g. 打印服务器无法访问 / print server down"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Open incident"))
        ok.setProperty("primary", True)
        other = self.system.findData(_OTHER)
        if other >= 0:
            self.system.setItemText(other, self.tr("Other system (not in Annex 1)…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _loaded(self, choices: list[ContractChoice]) -> None:
        self.choices = choices
        self.contract.clear()
        for choice in choices:
            self.contract.addItem(
                f"{choice.client_name} — {choice.contract.number}", str(choice.contract.id)
            )
        self._fill_systems()

    def _fill_systems(self, *_: Any) -> None:
        self.system.clear()
        index = self.contract.currentIndex()
        if 0 <= index < len(self.choices):
            for system in self.choices[index].systems:
                self.system.addItem(system.name, str(system.id))
        self.system.addItem(self.tr("Other system (not in Annex 1)…"), _OTHER)
        self._other_visible()

    def _other_visible(self, *_: Any) -> None:
        other = self.system.currentData() == _OTHER
        self.other_system.setVisible(other)
        self.labels[2].setVisible(other)

    def submit(self) -> None:
        self.error.hide()
        contract = self.contract.currentData()
        system_value = self.system.currentData()
        system_id = None if system_value in (None, _OTHER) else uuid.UUID(system_value)
        store = self.ctx.store
        values = {
            "contract": contract or "",
            "title": self.title_edit.text(),
            "priority": self.priority.currentData(),
            "system_id": system_id,
            "system_name": self.other_system.text(),
            "description": self.description.toPlainText(),
        }
        self.buttons.setEnabled(False)
        self.ctx.write(lambda: incidents.open_on_site(store, **values), self._done, self._refused)

    def _done(self, changed: Changed) -> None:
        self.buttons.setEnabled(True)
        for incident_id in changed.incident_ids:
            self.created.emit(incident_id)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(error, DomainError):
            raise error
        self.error.setText(error_text(error))
        self.error.show()
