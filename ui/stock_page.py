"""The van stock pane: the parts in the van, and the temporary parts still at clients.

Its tables are made after the window's first paint (the pane is behind the list's tab),
or when it is first shown if that comes sooner: :meth:`StockPage.build`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import format as fmt
from ui.models.tables import RecordTableModel, TableColumn

if TYPE_CHECKING:
    from desktop.usecases.parts import StockLine
    from desktop.usecases.queries import TemporarySwap


class StockPage(QWidget):
    """What is in the van, and the temporary parts still at clients."""

    def __init__(self) -> None:
        super().__init__()
        self.stock_model: RecordTableModel[StockLine] = RecordTableModel(
            [
                TableColumn(lambda: self.tr("Part"), lambda s: s.part_number),
                TableColumn(lambda: self.tr("Description"), lambda s: s.description),
                TableColumn(lambda: self.tr("On hand"), lambda s: s.on_hand, align_right=True),
                TableColumn(
                    lambda: self.tr("Used, not synced"),
                    lambda s: s.unsynced or "",
                    align_right=True,
                ),
                TableColumn(
                    lambda: self.tr("Available"),
                    lambda s: s.available,
                    colour=lambda s: fmt.BREACHED if s.available <= 0 else None,
                    align_right=True,
                ),
            ]
        )
        self.swap_model: RecordTableModel[TemporarySwap] = RecordTableModel(
            [
                TableColumn(lambda: self.tr("Incident"), lambda s: s.incident_number),
                TableColumn(lambda: self.tr("Client"), lambda s: s.client),
                TableColumn(lambda: self.tr("System"), lambda s: s.system),
                TableColumn(
                    lambda: self.tr("Temporary part in place"),
                    lambda s: f"{s.installed_part} · {s.installed_serial}",
                ),
                TableColumn(
                    lambda: self.tr("Original part (removed)"),
                    lambda s: f"{s.removed_part} · {s.removed_serial}",
                ),
                TableColumn(lambda: self.tr("Since"), lambda s: fmt.local_time(s.recorded_at)),
            ]
        )
        self.stock_title = QLabel()
        self.stock_title.setObjectName("sectionTitle")
        self.swap_title = QLabel()
        self.swap_title.setObjectName("sectionTitle")
        self.built = False
        self.retranslate()

    def build(self) -> None:
        """The tables and their layout (once)."""
        if self.built:
            return
        self.built = True
        self.stock_view = self._table(self.stock_model)
        self.swap_view = self._table(self.swap_model)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, view in ((self.stock_title, self.stock_view), (self.swap_title, self.swap_view)):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(title)
            inner.addWidget(view)
            splitter.addWidget(box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)
        if self.isVisible():  # made while shown: a new child shows when told to
            splitter.show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.build()
        super().showEvent(event)

    @staticmethod
    def _table(model: RecordTableModel[Any]) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.verticalHeader().hide()
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(90)
        return view

    def retranslate(self) -> None:
        self.stock_title.setText(self.tr("Van stock"))
        self.swap_title.setText(self.tr("Temporary replacements still in place at clients"))
        self.stock_model.retranslate()
        self.swap_model.retranslate()
