"""What the office refused of this laptop's changes, and what it sent that this laptop
could not store beside its own: why, and what the technician can do (send again, discard).

It refreshes from the hub's broadcast like every window: after a sync, a retry or a
discard."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.syncing import usecases as sync
from desktop.usecases.common import Changed
from domain.messages import Message
from ui import format as fmt
from ui.context import AppContext
from ui.i18n import message_text
from ui.models.tables import RecordTableModel, TableColumn


class RefusedChangesDialog(QDialog):
    """Each change the office refused, why, and what the technician can do about it; and
    below, what the office sent that this laptop could not store beside its own."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model: RecordTableModel[sync.RejectedChange] = RecordTableModel(
            [
                TableColumn(lambda: self.tr("Recorded"), lambda r: fmt.local_time(r.created_at)),
                TableColumn(lambda: self.tr("Incident"), lambda r: r.incident_number or "—"),
                TableColumn(lambda: self.tr("Change"), lambda r: r.description),
                TableColumn(lambda: self.tr("Why the office refused it"), self._reason),
                TableColumn(lambda: self.tr("What you can do"), self._remedy),
            ]
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((140, 130, 250, 320)):
            header.resizeSection(column, width)
        self.empty = QLabel()
        self.empty.setProperty("muted", True)
        self.aside_model: RecordTableModel[sync.SetAsideRecord] = RecordTableModel(
            [
                TableColumn(lambda: self.tr("Received"), lambda r: fmt.local_time(r.set_aside_at)),
                TableColumn(lambda: self.tr("Incident"), lambda r: r.incident_number or "—"),
                TableColumn(lambda: self.tr("From the office"), lambda r: r.description),
                TableColumn(
                    lambda: self.tr("What you can do"),
                    lambda r: message_text(Message("UseCaseError", r.remedy)),
                ),
            ]
        )
        self.aside_title = QLabel()
        self.aside_title.setObjectName("sectionTitle")
        self.aside = QTableView()
        self.aside.setModel(self.aside_model)
        self.aside.setWordWrap(True)
        self.aside.verticalHeader().hide()
        self.aside.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.aside.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((140, 130, 380)):
            self.aside.horizontalHeader().resizeSection(column, width)
        self.retry = QPushButton()
        self.discard = QPushButton()
        self.discard.setProperty("danger", True)
        self.close_button = QPushButton()
        self.retry.clicked.connect(self._retry)
        self.discard.clicked.connect(self._discard)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry)
        buttons.addWidget(self.discard)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.aside_title)
        layout.addWidget(self.aside)
        layout.addLayout(buttons)
        self.resize(1100, 520)
        self.retranslate()
        ctx.hub.changed.connect(self._on_changed)
        self.reload()

    def retranslate(self) -> None:
        self.empty.setText(
            self.tr(
                "Nothing was refused. Everything you recorded reached the office "
                "or is waiting to be sent."
            )
        )
        self.retry.setText(self.tr("Send again"))
        self.discard.setText(self.tr("Discard…"))
        self.close_button.setText(self.tr("Close"))
        self.aside_title.setText(
            self.tr("Records from the office this laptop could not store beside its own")
        )
        self.aside_model.retranslate()
        self.setWindowTitle(self.tr("Changes the office refused"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _reason(self, change: sync.RejectedChange) -> str:
        # The rulebook's own words in the technician's language, else the office's.
        text = message_text(change.explanation) if change.explanation else change.message
        if change.current_status:
            from domain.records import Status
            from ui.i18n import status_label

            try:
                office = status_label(Status(change.current_status))
            except ValueError:
                office = change.current_status
            text += " " + self.tr("(the office has: {status}; the office's value stands)").format(
                status=office
            )
        return text

    def _remedy(self, change: sync.RejectedChange) -> str:
        return message_text(Message("UseCaseError", change.remedy))

    def reload(self) -> None:
        store = self.ctx.store
        self.ctx.read(
            lambda: (sync.rejected_changes(store), sync.set_aside_records(store)), self._loaded
        )

    def _loaded(self, found: tuple[list[sync.RejectedChange], list[sync.SetAsideRecord]]) -> None:
        changes, aside = found
        self.aside_model.set_records(aside)
        self.aside_title.setVisible(bool(aside))
        self.aside.setVisible(bool(aside))
        self.aside.resizeRowsToContents()
        self.model.set_records(changes)
        self.empty.setVisible(not changes and not aside)
        self.table.setVisible(bool(changes))
        self.retry.setEnabled(bool(changes))
        self.discard.setEnabled(bool(changes))
        if changes:
            self.table.selectRow(0)
        self.table.resizeRowsToContents()

    def selected(self) -> sync.RejectedChange | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _retry(self) -> None:
        change = self.selected()
        if change is None:
            return
        store, seq = self.ctx.store, change.seq

        def work() -> Changed:
            sync.retry_rejected(store, seq)
            return _changed(change)

        self.ctx.write(work)

    def _discard(self, confirm: bool = True) -> None:
        change = self.selected()
        if change is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Discard this change?"),
                self.tr(
                    "The office will never get it. It stays on this laptop, marked as "
                    "discarded. Discard it?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        store, seq = self.ctx.store, change.seq

        def work() -> Changed:
            sync.discard_rejected(store, seq)
            return _changed(change)

        self.ctx.write(work)

    def _on_changed(self, _: Changed) -> None:
        # Whatever changed (a sync, a retry, a discard) may add or settle a refusal.
        if self.isVisible():
            self.reload()


def _changed(change: sync.RejectedChange) -> Changed:
    """A refused change sent again or let go: its incident shows it (and the status bar
    counts one refusal fewer)."""
    ids = frozenset({change.incident_id}) if change.incident_id is not None else frozenset()
    return Changed(incident_ids=ids)
