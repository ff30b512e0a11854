"""The incident list pane: the filter box, the quick filters, the count and the table.

It only shows :class:`~ui.models.incidents.IncidentListModel`; the window loads the rows.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.incidents import IdRole, IncidentListModel, QuickFilter
from ui.resources import icon


class IncidentListPage(QWidget):
    """Filter box, quick filters and the incident table."""

    open_incident = Signal(uuid.UUID)

    def __init__(self, model: IncidentListModel) -> None:
        super().__init__()
        self.model = model
        self.filter_box = QLineEdit()
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_box.textChanged.connect(lambda text: self.model.set_filter(text=text))
        self.filter_box.installEventFilter(self)
        self.quick_group = QButtonGroup(self)
        self.quick_group.setExclusive(True)
        self.quick_buttons: dict[QuickFilter, QPushButton] = {}
        quick_row = QHBoxLayout()
        quick_row.setSpacing(6)
        for quick in QuickFilter:
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("quick", True)
            button.setChecked(quick is model.quick_filter)
            button.clicked.connect(lambda _=False, q=quick: self.model.set_filter(quick=q))
            self.quick_group.addButton(button)
            self.quick_buttons[quick] = button
            quick_row.addWidget(button)
        quick_row.addStretch(1)
        self.count = QLabel()
        self.count.setProperty("muted", True)
        quick_row.addWidget(self.count)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column, width in ((0, 170), (1, 74), (2, 150), (3, 330), (4, 200), (5, 220)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(self._activated)
        # Over the empty table while the rows load, so nothing moves when they come.
        self.viewport = self.table.viewport()
        self.loading = QLabel(self.viewport)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setProperty("muted", True)
        self.loading.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.loading.hide()
        self.viewport.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.filter_box)
        layout.addLayout(quick_row)
        layout.addWidget(self.table, 1)
        model.modelReset.connect(self._update_count)
        # A refresh (a change made elsewhere, the minute's re-sort, a filter) resets the
        # model: the incident that was selected stays selected if it is still listed.
        self._selected: uuid.UUID | None = None
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._restore_selection)
        model.rowsInserted.connect(self._update_count)
        self.retranslate()

    def _remember_selection(self) -> None:
        current = self.table.currentIndex()
        value = self.model.data(current, IdRole) if current.isValid() else None
        self._selected = uuid.UUID(value) if value else None

    def _restore_selection(self) -> None:
        if self._selected is None:
            return
        row = self.model.row_of(self._selected)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _activated(self, index: QModelIndex) -> None:
        value = self.model.data(index, IdRole)
        if value:
            self.open_incident.emit(uuid.UUID(value))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """From the filter box, Down goes to the list and Enter opens the incident the
        list has selected (the first one when none is), without taking a hand off the keys.
        The loading word keeps covering the table's viewport as it is resized."""
        if watched is self.viewport and event.type() == QEvent.Type.Resize:
            self.loading.setGeometry(self.viewport.rect())
        if watched is self.filter_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self._select(self.table.currentIndex().row() if key == Qt.Key.Key_PageDown else 0)
                self.table.setFocus()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.rowCount():
                current = self.table.currentIndex()
                self._activated(current if current.isValid() else self.model.index(0, 0))
                return True
        return super().eventFilter(watched, event)

    def _select(self, row: int) -> None:
        index = self.model.index(max(row, 0), 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def set_loading(self, loading: bool) -> None:
        """While the rows load: a word over the empty table, no count yet."""
        self.loading.setGeometry(self.viewport.rect())
        self.loading.setVisible(loading)
        self._update_count()

    def _update_count(self, *_: Any) -> None:
        if self.loading.isVisibleTo(self):
            self.count.setText("")
            return
        self.count.setText(
            self.tr("{shown} of %n incident(s)", "", self.model.total()).format(
                shown=f"{self.model.matching():,}"
            )
        )

    def retranslate(self) -> None:
        self.filter_box.setPlaceholderText(
            self.tr("Filter by number, client, system or text  (Ctrl+F)")
        )
        labels = {
            QuickFilter.OPEN: self.tr("Open"),
            QuickFilter.P1: self.tr("P1"),
            QuickFilter.ABOUT_TO_BREACH: self.tr("About to breach"),
            QuickFilter.BREACHED: self.tr("Breached"),
            QuickFilter.ALL: self.tr("All"),
        }
        for quick, button in self.quick_buttons.items():
            button.setText(labels[quick])
        self.loading.setText(self.tr("Loading incidents…"))
        self._update_count()
