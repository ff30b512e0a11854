"""The incident workspace: header, both SLA clocks, the timeline, the status buttons and
the entry forms, for one incident. Several can be open at once, each in its own tab."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
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
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.usecases import delivery, incidents, parts, queries, steps, void
from desktop.usecases.common import Changed
from desktop.usecases.delivery import Delivery
from desktop.usecases.parts import CatalogueItem, StockLine
from domain.detail import IncidentDetail
from domain.messages import DomainError
from domain.records import Channel, Entry, Resolution, SignOff, Status
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
        self.listed = [
            entry
            for entry in reversed(detail.entries)
            if entry.id not in detail.voided
            and entry.id not in sealed
            and entry.kind not in ("void", "status", "sign_off")
        ]
        for entry in self.listed:
            self.entry.addItem(self._label(entry), str(entry.id))
        if preselect is not None:
            self.entry.setCurrentIndex(max(0, self.entry.findData(str(preselect))))
        self.reason = QLineEdit()
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout(self)
        self.entry_label, self.reason_label = QLabel(), QLabel()
        self.entry_label.setBuddy(self.entry)
        self.reason_label.setBuddy(self.reason)
        form.addRow(self.entry_label, self.entry)
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.error)
        form.addRow(buttons)
        self.setMinimumWidth(480)
        self.retranslate()

    def retranslate(self) -> None:
        self.entry_label.setText(self.tr("&Entry"))
        self.reason_label.setText(self.tr("&Why"))
        self.setWindowTitle(self.tr("Void an entry"))
        self.ok.setText(self.tr("Void"))
        self.reason.setPlaceholderText(self.tr("e.g. Recorded on the wrong incident"))
        for i, entry in enumerate(self.listed):
            self.entry.setItemText(i, self._label(entry))

    def _label(self, entry: Entry) -> str:
        return f"{fmt.local_time(entry.recorded_at, False)}  {kind_label(entry)}"

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

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
        self.deliveries: list[Delivery] = []  # reports asked to be e-mailed
        self.pauses: list[Pause] = []  # of the loaded incident, for the clocks' every tick
        # On opening, and after a status change: the keyboard in the form, so that the
        # workspace's shortcuts work without a click.
        self._refocus = True

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
        # Where to go and who to ask: the site's address and what the client reported
        # (which names the caller), each with a button that copies it.
        self.copy_site = QToolButton()
        self.copy_site.clicked.connect(lambda: self._copy(self._site_text()))
        for i, key in enumerate(FACTS):
            name, value = QLabel(), QLabel()
            name.setProperty("muted", True)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addWidget(name, i // 3 * 2, i % 3)
            if key == "site":
                site = QWidget()
                site_row = QHBoxLayout(site)
                site_row.setContentsMargins(0, 0, 0, 0)
                site_row.addWidget(value, 1)
                site_row.addWidget(self.copy_site, 0, Qt.AlignmentFlag.AlignTop)
                self.facts.addWidget(site, i // 3 * 2 + 1, i % 3)
            else:
                self.facts.addWidget(value, i // 3 * 2 + 1, i % 3)
            self.fact_names.append(name)
            self.fact_values.append(value)
        for column in range(3):
            self.facts.setColumnStretch(column, 1)
        self.reported_title = QLabel()
        self.reported_title.setProperty("muted", True)
        self.reported = QLabel()
        self.reported.setObjectName("reported")
        self.reported.setWordWrap(True)
        self.reported.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_reported = QToolButton()
        self.copy_reported.clicked.connect(
            lambda: self._copy(self.detail.incident.description if self.detail else "")
        )
        reported_row = QHBoxLayout()
        reported_row.addWidget(self.reported, 1)
        reported_row.addWidget(self.copy_reported, 0, Qt.AlignmentFlag.AlignTop)
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
        header_layout.addWidget(self.reported_title)
        header_layout.addLayout(reported_row)
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
        self.expanded: set[uuid.UUID] = set()  # long notes shown whole
        # Where the timeline should stay while its document lays itself out (setHtml
        # lays out lazily, pictures later still): "end", a position, or None (the
        # technician scrolled themselves).
        self._scroll_target: str | int | None = "end"
        self._to_end_next = True  # the next load shows the newest entry
        bar = self.timeline.verticalScrollBar()
        bar.rangeChanged.connect(lambda *_: self._keep_place())
        bar.actionTriggered.connect(self._scrolled_by_hand)

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
        # Every tab's whole name in view (Chinese included): scroll, never clip.
        self.form_tabs.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.form_tabs.tabBar().setUsesScrollButtons(True)
        self.form_tabs.tabBar().setExpanding(False)
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
        for keys in NEXT_STEP_KEYS:
            step_shortcut = QShortcut(QKeySequence(keys), self)
            step_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            step_shortcut.activated.connect(self.next_step)
        self.form_title = QLabel()
        self.form_title.setObjectName("sectionTitle")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(self.form_title)
        right_layout.addWidget(self.form_tabs)

        self.right_pane = right
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
            lambda: (
                queries.incident_detail(store, incident_id),
                parts.stock(store),
                parts.catalogue(store),
                delivery.deliveries(store, incident_id),
            ),
            self._loaded,
            self._failed,
        )

    def _loaded(
        self,
        result: tuple[IncidentDetail, list[StockLine], list[CatalogueItem], list[Delivery]],
    ) -> None:
        self.detail, self.stock, catalogue, self.deliveries = result
        swap = self.forms[2]
        assert isinstance(swap, SwapForm)
        swap.set_catalogue(catalogue)
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
        values = {
            "client": detail.client.name,
            "system": incident.system_name,
            "contract": detail.contract.number,
            "channel": self._channel(incident.channel),
            "notified": fmt.local_time(incident.notified_at),
            "site": self._site_text() or "—",
        }
        for label, key in zip(self.fact_values, FACTS, strict=True):
            label.setText(values[key])
        reported = incident.description.strip()
        self.reported.setText(_shortened(reported) if reported else self.tr("Nothing recorded."))
        self.reported.setToolTip(reported if len(reported) > REPORTED_SHOWN else "")
        self.copy_reported.setEnabled(bool(reported))
        self.not_covered.setVisible(not detail.covered)
        self._show_clocks()
        self._show_status_buttons()
        self._show_timeline()
        for form in self.forms:
            form.set_detail(detail)
        forms = self.forms
        assert isinstance(forms[3], PartsForm)
        forms[3].set_stock(self.stock)
        assert isinstance(forms[2], SwapForm)
        forms[2].set_stock(self.stock)
        if self._refocus:
            self._refocus = False
            self.show_form(self.form_tabs.currentIndex())

    def _site_text(self) -> str:
        detail = self.detail
        if detail is None:
            return ""
        location = detail.system.location if detail.system is not None else ""
        return " · ".join(x for x in (detail.client.address, location) if x)

    def _copy(self, text: str) -> None:
        clipboard = QGuiApplication.clipboard()
        if text and clipboard is not None:
            clipboard.setText(text)

    def _show_timeline(self) -> None:
        detail = self.detail
        assert detail is not None
        bar = self.timeline.verticalScrollBar()
        if self._to_end_next or bar.value() >= bar.maximum() - 4:
            target: str | int = "end"  # what was just recorded, or the end stays in view
        else:
            target = bar.value()  # the technician is reading further up: stay there
        self._to_end_next = False
        parts_by_id = {line.part_id: line.part_number for line in self.stock}
        self.timeline.setHtml(
            timeline_html(detail, parts_by_id, self.ctx.store.blobs, self.expanded, self.deliveries)
        )
        self._scroll_target = target
        self._keep_place()

    def _keep_place(self) -> None:
        """Hold the timeline where it should be while its layout grows (rangeChanged)."""
        target, bar = self._scroll_target, self.timeline.verticalScrollBar()
        if target == "end":
            bar.setValue(bar.maximum())
        elif isinstance(target, int):
            bar.setValue(min(target, bar.maximum()))

    def _scrolled_by_hand(self, _: int) -> None:
        self._scroll_target = None

    def timeline_at_end(self) -> bool:
        bar = self.timeline.verticalScrollBar()
        return bar.value() == bar.maximum()

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

    def _show_status_buttons(self) -> None:
        for button in self.status_buttons.values():
            self.status_row.removeWidget(button)
            button.hide()  # gone at once, deleted when the event loop gets to it
            button.deleteLater()
        self.status_buttons = {}
        while self.status_row.count():
            self.status_row.takeAt(0)
        detail = self.detail
        if detail is None:
            return
        current = detail.incident.status
        keys = QKeySequence(NEXT_STEP_KEYS[0]).toString(QKeySequence.SequenceFormat.NativeText)
        main = steps.main_step(current)
        if Status.SIGNED_OFF in next_states(current):
            sign = QPushButton(self.tr("Client sign-off…  ({keys})").format(keys=keys))
            sign.setProperty("primary", True)
            sign.setToolTip(self.tr("Also Ctrl+Shift+S"))
            sign.clicked.connect(self.sign_off)
            self.status_buttons[Status.SIGNED_OFF] = sign
            self.status_row.addWidget(sign)
        for step in steps.steps_from(current):
            text = QCoreApplication.translate("Steps", step.label)
            button = QPushButton(f"{text}  ({keys})" if step is main else text)
            if step is main:
                button.setProperty("primary", True)
            else:
                button.setProperty("danger" if step.verb == "cancel" else "status", True)
            if step.verb == "resolve":
                menu = QMenu(button)
                for resolution in Resolution:
                    action = menu.addAction(resolution_label(resolution))
                    action.triggered.connect(
                        lambda _=False, r=resolution: self.change_status(Status.RESOLVED, r)
                    )
                button.setMenu(menu)
            else:
                button.clicked.connect(lambda _=False, t=step.target: self.change_status(t))
            self.status_buttons[step.target] = button
            self.status_row.addWidget(button)
        self.status_row.addStretch(1)
        if not self.status_buttons:
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
        (form.first_input() or form).setFocus()

    def next_step(self) -> None:
        """The step that moves the job forward (the primary button), from the keyboard."""
        detail = self.detail
        if detail is None:
            return
        current = detail.incident.status
        if Status.SIGNED_OFF in next_states(current):
            self.sign_off()
            return
        step = steps.main_step(current)
        if step is None:
            return
        button = self.status_buttons.get(step.target)
        menu = button.menu() if button is not None else None
        if step.verb == "resolve" and button is not None and menu is not None:
            # Fixed or workaround: the technician says which (arrows and Enter).
            menu.popup(button.mapToGlobal(button.rect().bottomLeft()))
            menu.setActiveAction(menu.actions()[0])
            return
        self.change_status(step.target)

    def change_status(self, target: Status, resolution: Resolution | None = None) -> None:
        detail = self.detail
        if target is Status.CANCELLED:
            answer = QMessageBox.question(
                self,
                self.tr("Cancel incident"),
                self.tr("Cancel this incident? Nothing more can be recorded on it afterwards."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                self._refocus_form()
                return
        if (
            target is Status.WAITING_FOR_CLIENT
            and detail is not None
            and detail.contract.policy.pause_allowed
            and not detail.sla.resolution.is_paused
            and detail.sla.resolution.stopped_at is None
        ):
            dialog = WaitDialog(self)
            dialog.finished.connect(lambda code: self._waiting(dialog, code))
            dialog.open()
            return
        store, incident_id = self.ctx.store, self.incident_id
        self._write(
            lambda: incidents.change_status(store, incident_id, target, resolution=resolution)
        )

    def _waiting(self, dialog: WaitDialog, code: int) -> None:
        """The technician chose in the wait dialog: pause while waiting, or not, or cancel."""
        if code == QDialog.DialogCode.Rejected:
            self._refocus_form()
            return
        store, incident_id = self.ctx.store, self.incident_id
        reason = dialog.reason.text() if dialog.pause else None

        def refused(error: BaseException) -> None:
            if isinstance(error, DomainError) and getattr(error, "field", None) == "reason":
                dialog.show_error(error_text(error))  # e.g. no reason: say so and ask again
                dialog.open()
            else:
                self._failed(error)

        self._write(
            lambda: steps.take_step(store, incident_id, "wait", pause_reason=reason), refused
        )

    def _write(
        self, work: Callable[[], Changed], refused: Callable[[BaseException], None] | None = None
    ) -> None:
        """Run a change of this workspace's incident: the timeline then shows its result
        and the keyboard is back in the form (the status buttons are rebuilt)."""
        self._to_end_next = True
        self._refocus = True
        self.ctx.write(work, None, refused or self._failed)

    def _refocus_form(self) -> None:
        self.show_form(self.form_tabs.currentIndex())

    def _anchor(self, url: QUrl) -> None:
        scheme = url.scheme()
        try:
            entry_id = uuid.UUID(url.path())
        except ValueError:
            log.warning("bad timeline link %s", url.toString())
            return
        if scheme == "void":
            self.void_entry(entry_id)
        elif scheme in ("expand", "collapse"):
            if scheme == "expand":
                self.expanded.add(entry_id)
            else:
                self.expanded.discard(entry_id)
            bar = self.timeline.verticalScrollBar()
            keep = bar.value()
            self._show_timeline()
            self._scroll_target = keep  # stay on the note that was opened or closed
            self._keep_place()

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

        self._write(lambda: void.void_entry(store, target, reason), refused)

    def sign_off(self) -> None:
        """Open the client's sign-off, if the incident is in a state that allows it."""
        detail = self.detail
        if detail is None or Status.SIGNED_OFF not in next_states(detail.incident.status):
            return
        from ui.signoff import SignOffDialog

        parts_by_id = {line.part_id: line.part_number for line in self.stock}
        dialog = SignOffDialog(self.ctx, detail, parts_by_id, self.crash, self)
        dialog.signed.connect(lambda _: self._recorded(None))
        dialog.open()

    def show_report(self) -> None:
        from ui.report_view import ReportDialog

        ReportDialog(self.ctx, self.incident_id, self.crash, self).open()

    def _recorded(self, _: Any) -> None:
        """A form recorded something: the next load (the hub's broadcast) shows it."""
        self._to_end_next = True

    # --- language ---------------------------------------------------------------------

    def retranslate(self) -> None:
        names = {
            "client": self.tr("Client"),
            "system": self.tr("System"),
            "contract": self.tr("Contract"),
            "channel": self.tr("Channel"),
            "notified": self.tr("Notified"),
            "site": self.tr("Site"),
        }
        for label, key in zip(self.fact_names, FACTS, strict=True):
            label.setText(names[key])
        self.reported_title.setText(self.tr("What the client reported"))
        for button, what in (
            (self.copy_site, self.tr("Copy the site's address")),
            (self.copy_reported, self.tr("Copy what the client reported (it names the caller)")),
        ):
            button.setText(self.tr("Copy"))
            button.setToolTip(what)
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
        # The tabs' full names fit the form pane, whatever the language.
        self.right_pane.setMinimumWidth(self.form_tabs.tabBar().sizeHint().width() + 24)
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


#: The header's facts, in reading order (three a row).
FACTS = ("client", "system", "contract", "channel", "notified", "site")
#: Characters of the client's report shown before "…" (all of it in the tooltip).
REPORTED_SHOWN = 280
#: Take the step that moves the job forward (the primary status button).
NEXT_STEP_KEYS = ("Ctrl+Shift+Return", "Ctrl+Shift+Enter")


def _shortened(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= REPORTED_SHOWN else one[: REPORTED_SHOWN - 1].rstrip() + "…"


class WaitDialog(QDialog):
    """ "Waiting for client": pause the SLA clock while waiting, where the contract allows."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.pause = True
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.pause_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.pause_button.setProperty("primary", True)
        self.pause_button.setDefault(True)
        self.run_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.pause_button.clicked.connect(lambda: self._choose(True))
        self.run_button.clicked.connect(lambda: self._choose(False))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        form = QFormLayout()
        form.addRow(self.reason_label, self.reason)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate()
        self.reason.setFocus()

    def _choose(self, pause: bool) -> None:
        self.pause = pause
        if pause and not self.reason.text().strip():
            self.show_error(self.tr("Say why you are waiting: the client sees it in the report."))
            return
        self.accept()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.reason.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Waiting for the client"))
        self.text.setText(
            self.tr(
                "The contract lets the SLA clock stop while the client cannot give you access "
                "or information. Pause it while you wait? It runs again when the client is back."
            )
        )
        self.reason_label.setText(self.tr("&Why are you waiting?"))
        self.reason.setPlaceholderText(self.tr("e.g. The client's DBA is not on site yet"))
        self.pause_button.setText(self.tr("Wait and &pause the clock"))
        self.run_button.setText(self.tr("Wait, the clock &keeps running"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
