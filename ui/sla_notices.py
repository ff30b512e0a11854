"""What the window tells a technician without being asked: desktop notifications (the
tray icon), a line in the status bar, new incidents assigned, the SLA clocks that crossed
75 % or breached, and the most urgent running clock kept in view in the status bar."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton, QStatusBar, QSystemTrayIcon, QWidget

from ui import format as fmt
from ui.alerts import Alert, Level, SlaAlerts, level
from ui.resources import icon

if TYPE_CHECKING:
    from desktop.usecases.queries import IndexRow

log = logging.getLogger("fieldbook.ui")


class SlaNotices(QObject):
    """The tray, the notifications sent so far, and the status bar's most urgent clock.

    ``rows`` gives the whole incident list (most urgent first) whenever it is asked for.
    """

    open_incident = Signal(uuid.UUID)  # the most urgent clock was clicked

    def __init__(
        self,
        rows: Callable[[], Sequence[IndexRow]],
        clock: Callable[[], datetime],
        status_bar: QStatusBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._rows = rows
        self._clock = clock
        self._status_bar = status_bar
        self.notifications: list[str] = []  # what was notified, newest last
        self.alerts = SlaAlerts()
        self.urgent_alert: Alert | None = None
        self.list_ready = False  # the first look must see the whole list, not an empty one
        self._known_ids: set[uuid.UUID] | None = None
        # The most urgent running clock stays in view (a passing message would not).
        self.urgent = QPushButton()
        self.urgent.setObjectName("urgent")
        self.urgent.setFlat(True)
        self.urgent.hide()
        self.urgent.clicked.connect(self._open_urgent)
        status_bar.insertPermanentWidget(0, self.urgent)
        self.tray = QSystemTrayIcon(icon("fieldbook"), parent)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()

    def notify(self, title: str, text: str, *, brief: bool = False) -> None:
        """A desktop notification (tray), and a line in the status bar (only the title
        with ``brief``: the text repeats what the status bar keeps in view anyway)."""
        self.notifications.append(f"{title}: {text}")
        log.info("notified")
        if self.tray.isVisible():
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        self._status_bar.showMessage(title if brief else f"{title}: {text}", 15_000)

    def new_rows(self, rows: Sequence[IndexRow]) -> None:
        """The list was loaded: notify the open incidents that were not in it before."""
        ids = {r.id for r in rows if r.is_open}
        if self._known_ids is not None:
            for row in rows:
                if row.id in ids - self._known_ids:
                    self.notify(
                        self.tr("New incident assigned"),
                        f"{row.number} · {row.priority.value} · {row.client} · {row.title}",
                    )
        self._known_ids = ids

    def check(self) -> None:
        """Alert the clocks that crossed 75 % or breached; keep the most urgent in view."""
        if not self.list_ready:
            return
        now = self._clock()
        rows = list(self._rows())
        first = not self.alerts.started
        due = self.alerts.check(rows, now)
        if first:
            standing = self.alerts.at_start
            if standing:
                _, text = self.describe(standing[0])
                self.notify(
                    self.tr("%n SLA clock(s) need attention", "", len(standing)),
                    self.tr("Most urgent: {alert}").format(alert=text),
                    brief=True,  # the most urgent clock has its own place in the status bar
                )
        for alert in reversed(due):  # the most urgent last: it stays on top
            self.notify(*self.describe(alert))
        self.urgent_alert = SlaAlerts.most_urgent(rows, now)
        self.show_urgent()

    def describe(self, alert: Alert) -> tuple[str, str]:
        """An alert's title and text, in words: which incident, which clock, how late."""
        clock = alert.clock
        name = fmt.clock_name(clock)
        if alert.level is Level.BREACHED:
            assert clock.time_left is not None
            return self.tr("SLA breached"), self.tr(
                "{number} ({priority}): {clock} target of {target} missed {ago} ago"
            ).format(
                number=alert.number,
                priority=alert.priority.value,
                clock=name,
                target=fmt.duration(clock.target) if clock.target else "—",
                ago=fmt.duration(-clock.time_left),
            )
        assert clock.time_left is not None
        return self.tr("SLA about to breach"), self.tr(
            "{number} ({priority}): {clock} due in {left}, at {time}"
        ).format(
            number=alert.number,
            priority=alert.priority.value,
            clock=name,
            left=fmt.duration(clock.time_left),
            time=fmt.short_time(clock.due_at),
        )

    def show_urgent(self) -> None:
        """The most urgent clock's words, read again (every second: they follow the clock)."""
        alert = self.urgent_alert
        if alert is not None:
            row = next((r for r in self._rows() if r.id == alert.incident_id), None)
            clock = row.sla(self._clock()).current if row is not None else None
            fresh = level(clock) if clock is not None else None
            if row is None or clock is None or fresh is None or fresh is Level.ON_TRACK:
                alert = None
            else:
                alert = Alert(alert.incident_id, alert.number, alert.priority, fresh, clock)
        self.urgent_alert = alert
        if alert is None:
            self.urgent.hide()
            return
        _, text = self.describe(alert)
        self.urgent.setText(self.tr("Most urgent: {alert}").format(alert=text))
        colour = fmt.BREACHED if alert.level is Level.BREACHED else fmt.WARNING
        self.urgent.setStyleSheet(f"color: {colour.name()}; font-weight: 600;")
        self.urgent.setToolTip(self.tr("Open this incident"))
        self.urgent.show()

    def retranslate(self) -> None:
        if self.urgent_alert is not None:
            self.show_urgent()  # its words now, not at the next tick

    def _open_urgent(self) -> None:
        if self.urgent_alert is not None:
            self.open_incident.emit(self.urgent_alert.incident_id)
