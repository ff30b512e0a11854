"""The incident list: every incident of the store, most urgent first, filtered as you type.

The model holds one lean :class:`~desktop.usecases.queries.IndexRow` per incident (loaded
off the GUI thread) and shows the view a page at a time (``canFetchMore``/``fetchMore``),
so 100,000 incidents open and scroll without laying out 100,000 rows. Filtering is a scan
of one casefolded string per row: a few milliseconds per keystroke for 100,000 rows
(bench/list_filter.py). The SLA column is recomputed from the recorded times every second.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from domain.records import Priority, Status
from domain.sla import ClockReading, Outcome, UrgencyKey, needs_attention
from domain.sla import urgency as sla_urgency
from ui import format as fmt
from ui.i18n import status_label

if TYPE_CHECKING:
    from desktop.usecases.queries import IndexRow

Index = QModelIndex | QPersistentModelIndex


class QuickFilter(Enum):
    OPEN = "open"
    P1 = "p1"
    ABOUT_TO_BREACH = "about_to_breach"
    BREACHED = "breached"
    ALL = "all"


class Column(int, Enum):
    NUMBER = 0
    PRIORITY = 1
    STATUS = 2
    SLA = 3
    CLIENT = 4
    SYSTEM = 5
    TITLE = 6


def _headers() -> dict[Column, str]:
    return {
        Column.NUMBER: QCoreApplication.translate("IncidentList", "Number"),
        Column.PRIORITY: QCoreApplication.translate("IncidentList", "Priority"),
        Column.STATUS: QCoreApplication.translate("IncidentList", "Status"),
        Column.SLA: QCoreApplication.translate("IncidentList", "SLA clock: time left"),
        Column.CLIENT: QCoreApplication.translate("IncidentList", "Client"),
        Column.SYSTEM: QCoreApplication.translate("IncidentList", "System"),
        Column.TITLE: QCoreApplication.translate("IncidentList", "Title"),
    }


PRIORITY_COLOURS = {
    Priority.P1: QColor("#c62828"),
    Priority.P2: QColor("#b25e00"),
    Priority.P3: QColor("#3d5a80"),
    Priority.P4: QColor("#6b7280"),
}

IdRole = Qt.ItemDataRole.UserRole + 1


def urgency(row: IndexRow, now: datetime) -> UrgencyKey:
    """Sort key: :func:`domain.sla.urgency` at ``now``."""
    return sla_urgency(
        is_open=row.is_open,
        priority=row.priority,
        clock=row.sla(now).current if row.is_open else None,  # 100,000 rows: skip finished
        notified_at=row.notified_at,
        number=row.number,
    )


def matches(row: IndexRow, needle: str, quick: QuickFilter, now: datetime) -> bool:
    if needle and needle not in row.search:
        return False
    if quick is QuickFilter.ALL:
        return True
    if not row.is_open:
        return False
    if quick is QuickFilter.OPEN:
        return True
    if quick is QuickFilter.P1:
        return row.priority is Priority.P1
    clock = row.sla(now).current
    if quick is QuickFilter.BREACHED:
        return clock.outcome is Outcome.MISSED
    return needs_attention(clock)


class IncidentListModel(QAbstractTableModel):
    PAGE = 400

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self._now = clock or (lambda: datetime.now(UTC))
        self._rows: dict[uuid.UUID, IndexRow] = {}
        self._ordered: list[IndexRow] = []  # every row, most urgent first
        self._visible: list[IndexRow] = []  # after the filters
        self._shown = 0  # rows handed to the view so far
        self._needle = ""
        self._quick = QuickFilter.OPEN
        self._readings: dict[uuid.UUID, ClockReading] = {}
        self._reading_at: datetime | None = None
        self._headers = _headers()
        self._bold = QFont()
        self._bold.setBold(True)

    # --- loading and filtering ------------------------------------------------------

    def set_rows(self, rows: Iterable[IndexRow]) -> None:
        self._rows = {r.id: r for r in rows}
        self._resort()

    def update_rows(self, rows: Iterable[IndexRow]) -> None:
        """Replace or add the given rows (after a change), keeping the filters."""
        for row in rows:
            self._rows[row.id] = row
        self._resort()

    def resort(self) -> None:
        """Order again by time to breach (paused clocks fall behind running ones)."""
        self._resort()

    def _resort(self) -> None:
        now = self._now()
        self._ordered = sorted(self._rows.values(), key=lambda r: urgency(r, now))
        self._refilter()

    def set_filter(self, text: str | None = None, quick: QuickFilter | None = None) -> None:
        narrowing = False
        if text is not None:
            needle = " ".join(text.split()).casefold()
            # Typing on: what matches the longer text is among what matched before.
            narrowing = quick is None and needle.startswith(self._needle)
            self._needle = needle
        if quick is not None:
            self._quick = quick
        self._refilter(narrowing)

    @property
    def quick_filter(self) -> QuickFilter:
        return self._quick

    def _refilter(self, narrowing: bool = False) -> None:
        """Apply the filters; ``narrowing``: only rows already visible can still match."""
        now = self._now()
        base = self._visible if narrowing else self._ordered
        needle, quick = self._needle, self._quick
        if quick is QuickFilter.ALL:
            # The common case while typing: one substring test per row, nothing else.
            visible = [r for r in base if needle in r.search] if needle else list(base)
        else:
            visible = [r for r in base if matches(r, needle, quick, now)]
        self.beginResetModel()
        self._visible = visible
        self._shown = min(self.PAGE, len(visible))
        self._readings = {}
        self.endResetModel()

    def rows(self) -> list[IndexRow]:
        """Every row, most urgent first, whatever the filters."""
        return list(self._ordered)

    def total(self) -> int:
        return len(self._rows)

    def matching(self) -> int:
        return len(self._visible)

    def row_at(self, row: int) -> IndexRow:
        return self._visible[row]

    def row_of(self, incident_id: uuid.UUID) -> int | None:
        for i, r in enumerate(self._visible[: self._shown]):
            if r.id == incident_id:
                return i
        return None

    # --- the live SLA column --------------------------------------------------------

    def tick(self) -> None:
        """Recompute the SLA column (called every second)."""
        self._readings = {}
        self._reading_at = self._now()
        if self._shown:
            self.dataChanged.emit(
                self.index(0, Column.SLA), self.index(self._shown - 1, Column.SLA)
            )

    def _reading(self, row: IndexRow) -> ClockReading:
        reading = self._readings.get(row.id)
        if reading is None:
            now = self._reading_at or self._now()
            reading = row.sla(now).current
            self._readings[row.id] = reading
        return reading

    def retranslate(self) -> None:
        self._headers = _headers()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(self._shown - 1, len(Column) - 1))

    # --- QAbstractTableModel --------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802
        return not parent.isValid() and self._shown < len(self._visible)

    def fetchMore(self, parent: Index) -> None:  # noqa: N802
        if parent.isValid():
            return
        more = min(self.PAGE, len(self._visible) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers.get(Column(section)) if 0 <= section < len(Column) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        row = self._visible[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == IdRole:
            return str(row.id)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column is Column.SLA and row.is_open:
                return fmt.sla_colour(self._reading(row))
            if column is Column.PRIORITY:
                return PRIORITY_COLOURS[row.priority]
            if not row.is_open:
                return fmt.MUTED
            return None
        if role == Qt.ItemDataRole.FontRole and column in (Column.PRIORITY, Column.SLA):
            return self._bold if row.is_open else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.PRIORITY,):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: IndexRow, column: Column) -> str:
        if column is Column.NUMBER:
            return row.number
        if column is Column.PRIORITY:
            return row.priority.value
        if column is Column.STATUS:
            return status_label(row.status)
        if column is Column.SLA:
            if row.status is Status.CANCELLED:
                return ""
            clock = self._reading(row)
            # Which clock: response until first contact, then resolution.
            return QCoreApplication.translate("IncidentList", "{clock}: {left}").format(
                clock=fmt.clock_name(clock), left=fmt.sla_left(clock)
            )
        if column is Column.CLIENT:
            return row.client
        if column is Column.SYSTEM:
            if row.covered:
                return row.system
            return QCoreApplication.translate("IncidentList", "{system} (not covered)").format(
                system=row.system
            )
        return row.title

    def _tooltip(self, row: IndexRow, column: Column) -> str | None:
        if column is Column.SLA:
            clock = self._reading(row)
            due = fmt.local_time(clock.due_at)
            return QCoreApplication.translate("IncidentList", "{clock} due {due}").format(
                clock=fmt.clock_name(clock), due=due
            )
        if column is Column.SYSTEM and not row.covered:
            return QCoreApplication.translate(
                "IncidentList", "This system is not in the contract's Annex 1."
            )
        if column is Column.TITLE:
            return row.title
        return None
