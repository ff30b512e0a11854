"""The incident workspace: header, both SLA clocks, the timeline, the status buttons and
the entry forms, for one incident. Several can be open at once, each in its own tab."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.usecases import incidents, parts, queries, void
from desktop.usecases.common import Changed
from desktop.usecases.parts import StockLine
from domain.detail import IncidentDetail
from domain.messages import DomainError
from domain.records import Channel, Resolution, SignOff, Status
from domain.sla import ClockReading, Pause, read_sla
from domain.status import next_states
from ui import format as fmt
from ui.context import AppContext
from ui.errors import CrashReporter, show_refusal
from ui.forms import ActionForm, ClockForm, EntryForm, NoteForm, PartsForm, SwapForm, TimeForm
from ui.i18n import error_text, status_label
from ui.resources import icon
from ui.timeline import kind_label, resolution_label, timeline_html

log = logging.getLogger("fieldbook.ui")


class ClockCard(QFrame):
    """One SLA clock: what is left, in colour, with its target and due time."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("card")
        self.title = QLabel()
        self.title.setObjectName("clockTitle")
        self.left = QLabel()
        self.left.setObjectName("clockLeft")
        self.lines = QLabel()
        self.lines.setProperty("muted", True)
        self.lines.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.left)
        layout.addWidget(self.lines)

    def show_reading(self, title: str, clock: ClockReading) -> None:
        self.title.setText(title.upper())
        self.left.setText(fmt.sla_left(clock))
        colour = fmt.sla_colour(clock).name()
        self.left.setStyleSheet(f"color: {colour};")
        if clock.target is None:
            self.lines.setText(self.tr("The contract sets no target for this priority."))
            return
        parts_ = [
            self.tr("Target {target}").format(target=fmt.duration(clock.target)),
            self.tr("due {time}").format(time=fmt.short_time(clock.due_at)),
        ]
        if clock.paused:
            parts_.append(self.tr("paused {time}").format(time=fmt.duration(clock.paused)))
        if clock.stopped_at is not None:
            parts_.append(self.tr("stopped {time}").format(time=fmt.short_time(clock.stopped_at)))
        self.lines.setText(" · ".join(parts_))


class VoidDialog(QDialog):
    """Void one entry, saying why. It stays in the history, struck through."""

    def __init__(
        self, detail: IncidentDetail, preselect: uuid.UUID | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.entry = QComboBox()
        sealed = {i for e in detail.entries if isinstance(e, SignOff) for i in e.sealed_entry_ids}
        for entry in reversed(detail.entries):
            if entry.id in detail.voided or entry.id in sealed:
                continue
            if entry.kind in ("void", "status", "sign_off"):
                continue
            self.entry.addItem(
                f"{fmt.local_time(entry.recorded_at, False)}  {kind_label(entry)}", str(entry.id)
            )
        if preselect is not None:
            self.entry.setCurrentIndex(max(0, self.entry.findData(str(preselect))))
        self.reason = QLineEdit()
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout(self)
        self.entry_label, self.reason_label = QLabel(self.tr("&Entry")), QLabel(self.tr("&Why"))
        self.entry_label.setBuddy(self.entry)
        self.reason_label.setBuddy(self.reason)
        form.addRow(self.entry_label, self.entry)
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.error)
        form.addRow(buttons)
        self.setWindowTitle(self.tr("Void an entry"))
        self.ok.setText(self.tr("Void"))
        self.reason.setPlaceholderText(self.tr("e.g. Recorded on the wrong incident"))
        self.setMinimumWidth(480)

    def selected(self) -> uuid.UUID | None:
        value = self.entry.currentData()
        return uuid.UUID(value) if value else None


class IncidentWorkspace(QWidget):
    title_changed = Signal(str)
    loaded = Signal()  # the incident was (re)loaded and is on screen

    def __init__(self, ctx: AppContext, incident_id: uuid.UUID, crash: CrashReporter) -> None:
        super().__init__()
        self.ctx = ctx
        self.incident_id = incident_id
        self.crash = crash
        self.detail: IncidentDetail | None = None
        self.stock: list[StockLine] = []
        self.pauses: list[Pause] = []  # of the loaded incident, for the clocks' every tick

        # Header
        self.number = QLabel()
        self.number.setObjectName("incidentNumber")
        self.priority = QLabel()
        self.priority.setObjectName("chip")
        self.status = QLabel()
        self.status.setObjectName("chip")
        self.title = QLabel()
        self.title.setObjectName("incidentTitle")
        self.title.setWordWrap(True)
        self.report_button = QPushButton()
        self.report_button.setIcon(icon("note"))
        self.report_button.clicked.connect(self.show_report)
        top = QHBoxLayout()
        top.addWidget(self.number)
        top.addWidget(self.priority)
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.report_button)
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(18)
        self.fact_names: list[QLabel] = []
        self.fact_values: list[QLabel] = []
        for i in range(5):
            name, value = QLabel(), QLabel()
            name.setProperty("muted", True)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addWidget(name, i // 3 * 2, i % 3)
            self.facts.addWidget(value, i // 3 * 2 + 1, i % 3)
            self.fact_names.append(name)
            self.fact_values.append(value)
        self.not_covered = QFrame()
        self.not_covered.setObjectName("notCovered")
        warn_row = QHBoxLayout(self.not_covered)
        warn_icon = QLabel()
        warn_icon.setPixmap(icon("warning").pixmap(20, 20))
        self.not_covered_text = QLabel()
        self.not_covered_text.setWordWrap(True)
        warn_row.addWidget(warn_icon)
        warn_row.addWidget(self.not_covered_text, 1)
        self.not_covered.hide()
        header = QFrame()
        header.setObjectName("card")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(16, 12, 16, 12)
        header_layout.addLayout(top)
        header_layout.addWidget(self.title)
        header_layout.addLayout(self.facts)
        header_layout.addWidget(self.not_covered)

        # SLA clocks
        self.response_card = ClockCard()
        self.resolution_card = ClockCard()
        clocks = QHBoxLayout()
        clocks.addWidget(self.response_card)
        clocks.addWidget(self.resolution_card)

        # Status buttons
        self.status_row = QHBoxLayout()
        self.status_row.setSpacing(8)
        self.status_buttons: dict[Status, QPushButton] = {}
        self.status_title = QLabel()
        self.status_title.setObjectName("sectionTitle")

        # Timeline
        self.timeline_title = QLabel()
        self.timeline_title.setObjectName("sectionTitle")
        self.void_button = QPushButton()
        self.void_button.clicked.connect(lambda: self.void_entry(None))
        timeline_head = QHBoxLayout()
        timeline_head.addWidget(self.timeline_title)
        timeline_head.addStretch(1)
        timeline_head.addWidget(self.void_button)
        self.timeline = QTextBrowser()
        self.timeline.setObjectName("timeline")
        self.timeline.setOpenLinks(False)
        self.timeline.anchorClicked.connect(self._anchor)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.setSpacing(10)
        left_layout.addWidget(header)
        left_layout.addLayout(clocks)
        left_layout.addWidget(self.status_title)
        left_layout.addLayout(self.status_row)
        left_layout.addLayout(timeline_head)
        left_layout.addWidget(self.timeline, 1)

        # Entry forms
        self.forms: list[EntryForm] = [
            NoteForm(ctx, incident_id),
            ActionForm(ctx, incident_id),
            SwapForm(ctx, incident_id),
            PartsForm(ctx, incident_id),
            TimeForm(ctx, incident_id),
            ClockForm(ctx, incident_id),
        ]
        self.form_tabs = QTabWidget()
        icons = ("note", "action", "swap", "parts", "time", "pause")
        for i, (form, icon_name) in enumerate(zip(self.forms, icons, strict=True)):
            self.form_tabs.addTab(form, icon(icon_name), "")
            form.recorded.connect(self._recorded)
            form.failed.connect(crash.report)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda i=i: self.show_form(i))
        sign_shortcut = QShortcut(QKeySequence("Ctrl+Shift+S"), self)
        sign_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sign_shortcut.activated.connect(self.sign_off)
        report_shortcut = QShortcut(QKeySequence("Ctrl+R"), self)
        report_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        report_shortcut.activated.connect(self.show_report)
        void_shortcut = QShortcut(QKeySequence("Ctrl+D"), self)
        void_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        void_shortcut.activated.connect(lambda: self.void_entry(None))
        self.form_title = QLabel()
        self.form_title.setObjectName("sectionTitle")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(self.form_title)
        right_layout.addWidget(self.form_tabs)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([760, 640])
        saved = ctx.settings.value("workspace/splitter")
        if saved is not None:
            splitter.restoreState(saved)
        splitter.splitterMoved.connect(
            lambda *_: ctx.settings.setValue("workspace/splitter", splitter.saveState())
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)

        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._show_clocks)
        self.ticker.start()
        ctx.hub.changed.connect(self._on_changed)
        self.retranslate()
        self.reload()
        for form in self.forms:
            form.load_draft()

    # --- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        store, incident_id = self.ctx.store, self.incident_id
        self.ctx.read(
            lambda: (queries.incident_detail(store, incident_id), parts.stock(store)),
            self._loaded,
            self._failed,
        )

    def _loaded(self, result: tuple[IncidentDetail, list[StockLine]]) -> None:
        self.detail, self.stock = result
        self.pauses = list(self.detail.pauses)
        self._show()
        self.loaded.emit()

    def _on_changed(self, changed: Changed) -> None:
        if self.incident_id in changed.incident_ids or changed.stock:
            self.reload()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            show_refusal(self, error)
        else:
            self.crash.report(error)

    # --- showing ----------------------------------------------------------------------

    def _show(self) -> None:
        detail = self.detail
        if detail is None:
            return
        incident = detail.incident
        self.title_changed.emit(f"{incident.number} · {incident.priority.value}")
        self.number.setText(incident.number)
        self.priority.setText(incident.priority.value)
        self.priority.setStyleSheet(
            "background: #c62828; color: white;" if incident.priority.value == "P1" else ""
        )
        self.status.setText(status_label(incident.status))
        self.title.setText(incident.title)
        system = incident.system_name
        if detail.system is not None and detail.system.location:
            system = f"{system} · {detail.system.location}"
        values = (
            detail.client.name,
            system,
            detail.contract.number,
            self._channel(incident.channel),
            fmt.local_time(incident.notified_at),
        )
        for label, value in zip(self.fact_values, values, strict=True):
            label.setText(value)
        self.not_covered.setVisible(not detail.covered)
        self._show_clocks()
        self._show_status_buttons()
        parts_by_id = {line.part_id: line.part_number for line in self.stock}
        scroll = self.timeline.verticalScrollBar()
        at_end = scroll.value() >= scroll.maximum() - 4
        self.timeline.setHtml(timeline_html(detail, parts_by_id, self.ctx.store.blobs))
        if at_end:
            scroll.setValue(scroll.maximum())
        for form in self.forms:
            form.set_detail(detail)
        forms = self.forms
        assert isinstance(forms[3], PartsForm)
        forms[3].set_stock(self.stock)

    def _show_clocks(self) -> None:
        detail = self.detail
        if detail is None:
            return
        reading = read_sla(
            detail.incident,
            detail.contract.policy,
            self.pauses,
            self.ctx.clock(),
        )
        self.response_card.show_reading(self.tr("Response"), reading.response)
        self.resolution_card.show_reading(self.tr("Resolution"), reading.resolution)

    def _status_text(self, current: Status, target: Status) -> str:
        if target is Status.RESPONDED:
            return self.tr("Responded")
        if target is Status.TRAVELLING:
            return self.tr("Start travel")
        if target is Status.ON_SITE:
            if current is Status.TRAVELLING:
                return self.tr("Arrived")
            if current is Status.WAITING_FOR_CLIENT:
                return self.tr("Client is back")
            if current is Status.RESOLVED:
                return self.tr("Reopen: fix did not hold")
            return self.tr("On site")
        if target is Status.WAITING_FOR_CLIENT:
            return self.tr("Waiting for client")
        if target is Status.RESOLVED:
            return self.tr("Resolved…")
        if target is Status.CLOSED:
            return self.tr("Close incident")
        return self.tr("Cancel incident…")

    def _show_status_buttons(self) -> None:
        for button in self.status_buttons.values():
            self.status_row.removeWidget(button)
            button.deleteLater()
        self.status_buttons = {}
        while self.status_row.count():
            self.status_row.takeAt(0)
        detail = self.detail
        if detail is None:
            return
        current = detail.incident.status
        order = [
            Status.RESPONDED,
            Status.TRAVELLING,
            Status.ON_SITE,
            Status.WAITING_FOR_CLIENT,
            Status.RESOLVED,
            Status.CLOSED,
            Status.CANCELLED,
        ]
        allowed = next_states(current) - {Status.SIGNED_OFF}
        if Status.SIGNED_OFF in next_states(current):
            sign = QPushButton(self.tr("Client sign-off…  (Ctrl+Shift+S)"))
            sign.setProperty("primary", True)
            sign.clicked.connect(self.sign_off)
            self.status_buttons[Status.SIGNED_OFF] = sign
            self.status_row.addWidget(sign)
        for target in [s for s in order if s in allowed]:
            button = QPushButton(self._status_text(current, target))
            button.setProperty("danger" if target is Status.CANCELLED else "status", True)
            if target is Status.RESOLVED:
                menu = QMenu(button)
                for resolution in Resolution:
                    action = menu.addAction(resolution_label(resolution))
                    action.triggered.connect(
                        lambda _=False, r=resolution: self.change_status(Status.RESOLVED, r)
                    )
                button.setMenu(menu)
            else:
                button.clicked.connect(lambda _=False, t=target: self.change_status(t))
            self.status_buttons[target] = button
            self.status_row.addWidget(button)
        self.status_row.addStretch(1)
        if not allowed:
            done = QLabel(self.tr("No further status change from here."))
            done.setProperty("muted", True)
            self.status_row.insertWidget(0, done)

    def _channel(self, channel: Channel) -> str:
        return {
            Channel.PHONE: self.tr("Phone"),
            Channel.EMAIL: self.tr("E-mail"),
            Channel.PORTAL: self.tr("Portal"),
            Channel.WALK_UP: self.tr("Walk-up on site"),
            Channel.OTHER: self.tr("Other"),
        }[channel]

    # --- actions ----------------------------------------------------------------------

    def show_form(self, index: int) -> None:
        self.form_tabs.setCurrentIndex(index)
        form = self.forms[index]
        first = next(iter(form.inputs.values()), None)
        (first or form).setFocus()

    def change_status(self, target: Status, resolution: Resolution | None = None) -> None:
        if target is Status.CANCELLED:
            answer = QMessageBox.question(
                self,
                self.tr("Cancel incident"),
                self.tr("Cancel this incident? Nothing more can be recorded on it afterwards."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        store, incident_id = self.ctx.store, self.incident_id
        self.ctx.write(
            lambda: incidents.change_status(store, incident_id, target, resolution=resolution),
            None,
            self._failed,
        )

    def _anchor(self, url: QUrl) -> None:
        if url.scheme() == "void":
            try:
                self.void_entry(uuid.UUID(url.path()))
            except ValueError:
                log.warning("bad void link %s", url.toString())

    def void_entry(self, entry_id: uuid.UUID | None) -> None:
        if self.detail is None:
            return
        dialog = VoidDialog(self.detail, entry_id, self)
        dialog.accepted.connect(lambda: self._void(dialog))
        dialog.open()

    def _void(self, dialog: VoidDialog) -> None:
        target, reason = dialog.selected(), dialog.reason.text()
        if target is None:
            return
        store = self.ctx.store

        def refused(error: BaseException) -> None:
            if isinstance(error, DomainError):
                dialog.error.setText(error_text(error))
                dialog.error.show()
                dialog.open()
            else:
                self.crash.report(error)

        self.ctx.write(lambda: void.void_entry(store, target, reason), None, refused)

    def sign_off(self) -> None:
        """Open the client's sign-off, if the incident is in a state that allows it."""
        detail = self.detail
        if detail is None or Status.SIGNED_OFF not in next_states(detail.incident.status):
            return
        from ui.signoff import SignOffDialog

        parts_by_id = {line.part_id: line.part_number for line in self.stock}
        dialog = SignOffDialog(self.ctx, detail, parts_by_id, self.crash, self)
        dialog.open()

    def show_report(self) -> None:
        from ui.report_view import ReportDialog

        ReportDialog(self.ctx, self.incident_id, self.crash, self).open()

    def _recorded(self, _: Any) -> None:
        pass  # the hub's broadcast reloads this workspace

    # --- language ---------------------------------------------------------------------

    def retranslate(self) -> None:
        names = (
            self.tr("Client"),
            self.tr("System"),
            self.tr("Contract"),
            self.tr("Channel"),
            self.tr("Notified"),
        )
        for label, text in zip(self.fact_names, names, strict=True):
            label.setText(text)
        self.not_covered_text.setText(
            self.tr(
                "This system is not in the contract's Annex 1: work on it is out of scope "
                "and billable separately."
            )
        )
        self.status_title.setText(self.tr("Next step"))
        self.report_button.setText(self.tr("Service report…"))
        self.report_button.setToolTip(self.tr("Preview, save or print the report (Ctrl+R)"))
        self.timeline_title.setText(self.tr("Timeline"))
        self.void_button.setText(self.tr("Void an entry…  (Ctrl+D)"))
        self.form_title.setText(self.tr("Record"))
        titles = (
            self.tr("Note"),
            self.tr("Action"),
            self.tr("Swap"),
            self.tr("Parts"),
            self.tr("Time"),
            self.tr("SLA clock"),
        )
        for i, text in enumerate(titles):
            self.form_tabs.setTabText(i, text)
            self.form_tabs.setTabToolTip(i, f"{text} (Ctrl+{i + 1})")
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
