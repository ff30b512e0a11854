"""The incident list: every incident of the store, most urgent first, filtered as you type.

The model holds no object per incident: the store's rows come as one compact
:class:`~desktop.list_index.ListIndex` (loaded off the GUI thread; ids, sort and
filter keys in flat arrays), and the model keeps the order and the filtered rows as arrays
of its slots. What is only shown (client, system, title) is fetched from the store
:attr:`~IncidentListModel.FETCH` rows at a time as rows are painted, and cached. The view
gets the rows a page at a time (``canFetchMore``/``fetchMore``), so 100,000 incidents open
and scroll without laying out 100,000 rows. The text filter is one search through the
index's blob of casefolded text (bench/list_filter.py); the SLA column is recomputed from
the recorded times every second.
"""

from __future__ import annotations

import logging
import uuid
from array import array
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont

from ui import format as fmt
from ui import lazy
from ui.i18n import status_label

if TYPE_CHECKING:
    from desktop import list_index
    from desktop.list_index import Columns, IndexRow, ListedRow, ListIndex
    from domain import records, sla
    from domain.sla import ClockReading, UrgencyKey
else:  # the rows come after the window's first paint, and these with them
    list_index = lazy.module("desktop.list_index")
    records = lazy.module("domain.records")
    sla = lazy.module("domain.sla")

Index = QModelIndex | QPersistentModelIndex
log = logging.getLogger("fieldbook.ui")


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


#: By :class:`~domain.records.Priority` (a ``StrEnum``: a member finds its value's colour).
PRIORITY_COLOURS = {
    "P1": QColor("#c62828"),
    "P2": QColor("#b25e00"),
    "P3": QColor("#3d5a80"),
    "P4": QColor("#6b7280"),
}

IdRole = Qt.ItemDataRole.UserRole + 1


def urgency(row: IndexRow, now: datetime) -> UrgencyKey:
    """Sort key: :func:`domain.sla.urgency` at ``now``."""
    return sla.urgency(
        is_open=row.is_open,
        priority=row.priority,
        clock=row.sla(now).current if row.is_open else None,  # 100,000 rows: skip finished
        notified_at=row.notified_at,
        number=row.number,
    )


def matches(row: IndexRow, needle: str, quick: QuickFilter, now: datetime) -> bool:
    if needle and needle not in row.search:
        return False
    return quick_matches(row, quick, now)


def quick_matches(row: IndexRow, quick: QuickFilter, now: datetime) -> bool:
    if quick is QuickFilter.ALL:
        return True
    if not row.is_open:
        return False
    if quick is QuickFilter.OPEN:
        return True
    if quick is QuickFilter.P1:
        return row.priority is records.Priority.P1
    clock = row.sla(now).current
    if quick is QuickFilter.BREACHED:
        return clock.outcome is sla.Outcome.MISSED
    return sla.needs_attention(clock)


def _finished_order(index: ListIndex, slots: list[int]) -> array[int]:
    """Finished incidents as :func:`urgency` orders them (newest notified first, then by
    number), sorted on one integer each: 100,000 keys of two objects would stand in
    memory at once (bench/list_memory.py). Equal times, rare, are put in order after."""
    slots.sort(key=lambda s: -index.notified_micros(s))
    ordered = array("I", slots)
    del slots
    start = 0
    while start < len(ordered):
        end = start + 1
        when = index.notified_micros(ordered[start])
        while end < len(ordered) and index.notified_micros(ordered[end]) == when:
            end += 1
        if end - start > 1:
            ordered[start:end] = array("I", sorted(ordered[start:end], key=index.number))
        start = end
    return ordered


class IncidentListModel(QAbstractTableModel):
    """The list over a :class:`~desktop.list_index.ListIndex`: slots in order
    (``array``), the shown columns fetched a page (:attr:`FETCH` rows) at a time."""

    PAGE = 400
    FETCH = 100
    #: How long the rows' texts stay unpacked after the filter box is emptied.
    LET_GO_MS = 20_000

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self._now = clock or (lambda: datetime.now(UTC))
        self._loaded: ListIndex | None = None  # made at first use (see _index)
        self._ordered = array("I")  # every slot, most urgent first
        self._closed: array[int] | None = None  # finished slots in order (time-free)
        self._visible = array("I")  # after the filters
        self._shown = 0  # rows handed to the view so far
        self._needle = ""
        self._quick = QuickFilter.OPEN
        self._readings: dict[int, ClockReading] = {}
        self._reading_at: datetime | None = None
        self._let_go = QTimer(self)
        self._let_go.setSingleShot(True)
        self._let_go.setInterval(self.LET_GO_MS)
        self._let_go.timeout.connect(lambda: self._index.keep_unpacked(False))
        self._headers = _headers()
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def _index(self) -> ListIndex:
        """The rows; empty until they come (made then: the frame paints without it)."""
        if self._loaded is None:
            self._loaded = list_index.ListIndex()
        return self._loaded

    @_index.setter
    def _index(self, rows: ListIndex) -> None:
        self._loaded = rows

    # --- loading and filtering ------------------------------------------------------

    def set_rows(self, rows: Iterable[IndexRow] | ListIndex) -> None:
        """Show ``rows``: the store's index as it is, or rows at hand (kept whole)."""
        if self._loaded is not None:
            self._loaded.keep_unpacked(False)
        index = list_index.ListIndex
        self._index = rows if isinstance(rows, index) else index.of(rows)
        self._index.keep_unpacked(bool(self._needle))
        self._closed = None
        self._resort()
        list_index.trim_heap()  # the sort's keys of 100,000 rows

    def update_rows(self, rows: Iterable[IndexRow]) -> None:
        """Replace or add the given rows (after a change), keeping the filters."""
        rows = list(rows)
        index = self._index
        before = [index.slot_of(r.id) for r in rows]
        if any(s is not None and not index.is_open(s) for s in before) or any(
            not r.is_open for r in rows
        ):
            self._closed = None  # the finished ones' order changes
        index.update(rows)
        self._resort()

    def resort(self) -> None:
        """Order again by time to breach (paused clocks fall behind running ones)."""
        self._resort()

    def _resort(self) -> None:
        now = self._now()
        index = self._index
        codes = index.open_codes()
        if self._closed is None:
            self._closed = _finished_order(index, [s for s, c in enumerate(codes) if c == 0])
        running = [s for s, c in enumerate(codes) if c]
        listed = list_index.ListedRow
        running.sort(key=lambda s: urgency(listed(index, s), now))
        ordered = array("I", running)
        ordered.extend(self._closed)
        self._ordered = ordered
        self._refilter()

    def set_filter(self, text: str | None = None, quick: QuickFilter | None = None) -> None:
        narrowing = False
        if text is not None:
            needle = " ".join(text.split()).casefold()
            # Typing on: what matches the longer text is among what matched before.
            narrowing = quick is None and needle.startswith(self._needle)
            self._needle = needle
            if needle:
                self._let_go.stop()
                self._index.keep_unpacked(True)
            else:  # a new search often follows: let the unpacked texts go a while later
                self._let_go.start()
        if quick is not None:
            self._quick = quick
        self._refilter(narrowing)

    @property
    def quick_filter(self) -> QuickFilter:
        return self._quick

    def _refilter(self, narrowing: bool = False) -> None:
        """Apply the filters; ``narrowing``: only rows already visible can still match."""
        now = self._now()
        index = self._index
        base: array[int] = self._visible if narrowing else self._ordered
        if self._needle:
            base = index.matching(self._needle, base)
        quick = self._quick
        if quick is QuickFilter.ALL:
            visible = base
        else:
            codes = index.open_codes()
            base = array("I", [s for s in base if codes[s]])
            if quick is QuickFilter.OPEN:
                visible = base
            else:
                listed = list_index.ListedRow
                visible = array(
                    "I", [s for s in base if quick_matches(listed(index, s), quick, now)]
                )
        self.beginResetModel()
        self._visible = visible
        self._shown = min(self.PAGE, len(visible))
        self._readings = {}
        self.endResetModel()

    def rows(self) -> Sequence[ListedRow]:
        """Every row, most urgent first, whatever the filters (made as they are read)."""
        return self._index.rows(self._ordered)

    def total(self) -> int:
        return len(self._loaded) if self._loaded is not None else 0

    def matching(self) -> int:
        return len(self._visible)

    def row_at(self, row: int) -> ListedRow:
        return list_index.ListedRow(self._index, self._visible[row])

    def row_of(self, incident_id: uuid.UUID) -> int | None:
        slot = self._index.slot_of(incident_id)
        if slot is None:
            return None
        try:
            at = self._visible.index(slot)
        except ValueError:
            return None
        return at if at < self._shown else None

    # --- the live SLA column --------------------------------------------------------

    def tick(self) -> None:
        """Recompute the SLA column (called every second)."""
        self._readings = {}
        self._reading_at = self._now()
        if self._shown:
            self.dataChanged.emit(
                self.index(0, Column.SLA), self.index(self._shown - 1, Column.SLA)
            )

    def _reading(self, slot: int) -> ClockReading:
        reading = self._readings.get(slot)
        if reading is None:
            now = self._reading_at or self._now()
            reading = self._index.sla(slot, now).current
            self._readings[slot] = reading
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
        slot = self._visible[index.row()]
        column = Column(index.column())
        rows = self._index
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), slot, column)
        if role == IdRole:
            return str(rows.id(slot))
        if role == Qt.ItemDataRole.ForegroundRole:
            is_open = rows.is_open(slot)
            if column is Column.SLA and is_open:
                return fmt.sla_colour(self._reading(slot))
            if column is Column.PRIORITY:
                return PRIORITY_COLOURS[rows.priority(slot)]
            if not is_open:
                return fmt.MUTED
            return None
        if role == Qt.ItemDataRole.FontRole and column in (Column.PRIORITY, Column.SLA):
            return self._bold if rows.is_open(slot) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), slot, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.PRIORITY,):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _columns(self, row: int, slot: int) -> Columns:
        """Client, system and title, fetched with the rest of their page when not cached."""
        first = row - row % self.FETCH
        page = self._visible[first : min(first + self.FETCH, self._shown)]
        try:
            return self._index.columns(slot, page)
        except Exception:  # the store went away under a paint (closing): blank, not cached
            log.warning("could not read a page of the incident list", exc_info=True)
            return ("", "", "")

    def _display(self, row: int, slot: int, column: Column) -> str:
        rows = self._index
        if column is Column.NUMBER:
            return rows.number(slot)
        if column is Column.PRIORITY:
            return rows.priority(slot).value
        if column is Column.STATUS:
            return status_label(rows.status(slot))
        if column is Column.SLA:
            if rows.status(slot) is records.Status.CANCELLED:
                return ""
            clock = self._reading(slot)
            # Which clock: response until first contact, then resolution.
            return QCoreApplication.translate("IncidentList", "{clock}: {left}").format(
                clock=fmt.clock_name(clock), left=fmt.sla_left(clock)
            )
        client, system, title = self._columns(row, slot)
        if column is Column.CLIENT:
            return client
        if column is Column.SYSTEM:
            if rows.covered(slot):
                return system
            return QCoreApplication.translate("IncidentList", "{system} (not covered)").format(
                system=system
            )
        return title

    def _tooltip(self, row: int, slot: int, column: Column) -> str | None:
        if column is Column.SLA:
            clock = self._reading(slot)
            due = fmt.local_time(clock.due_at)
            return QCoreApplication.translate("IncidentList", "{clock} due {due}").format(
                clock=fmt.clock_name(clock), due=due
            )
        if column is Column.SYSTEM and not self._index.covered(slot):
            return QCoreApplication.translate(
                "IncidentList", "This system is not in the contract's Annex 1."
            )
        if column is Column.TITLE:
            return self._columns(row, slot)[2]
        return None
