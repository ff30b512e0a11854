"""Sync in the window: the technician never has to think about it.

One :class:`SyncController` per window syncs on start, a few seconds after each change,
every few minutes, and when the network comes back, always on its own thread; a change
made during a sync is pushed by the next one. It says what it is doing in the status
bar, asks for a sign-in when the office no longer accepts the token, and notifies new
incidents from dispatch and SLAs about to breach.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.syncing import errors as sync_errors
from desktop.syncing import usecases as sync
from desktop.syncing.engine import SyncReport
from desktop.usecases.common import Changed
from domain.messages import DomainError, Message
from ui import format as fmt
from ui.context import AppContext
from ui.errors import CrashReporter
from ui.i18n import error_text, message_text
from ui.models.tables import RecordTableModel, TableColumn
from ui.tasks import Job, Relay

log = logging.getLogger("fieldbook.ui")

SERVER_KEY = "sync/server_url"
USER_KEY = "sync/username"
DEBOUNCE_MS = 4_000
PERIOD_MS = 3 * 60_000


class SyncController(QObject):
    """Runs syncs one at a time on a thread of its own and reports their state."""

    state_changed = Signal()
    sign_in_needed = Signal(str)  # why, in words for the technician
    wiped = Signal(str)  # the office marked this computer lost: its data is erased (words)
    synced = Signal(object)  # SyncReport

    def __init__(self, ctx: AppContext, crash: CrashReporter) -> None:
        super().__init__()
        self.ctx = ctx
        self.crash = crash
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.running = False
        self.again = False
        self.offline = False
        self.problem: str | None = None  # the last failure, in words
        self.progress_text = ""
        self.status: sync.SyncStatus | None = None
        self.last_report: SyncReport | None = None
        self.enabled = True
        self.erased = False  # the office marked this computer lost: its data is gone
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.sync_now)
        self.periodic = QTimer(self)
        self.periodic.setInterval(PERIOD_MS)
        self.periodic.timeout.connect(self.sync_now)
        ctx.hub.changed.connect(self._local_change)
        self._watch_network()

    def start(self) -> None:
        """Sync now and then every few minutes (when signed in)."""
        self.refresh_status()
        self.periodic.start()
        self.sync_now()

    def stop(self) -> None:
        self.enabled = False
        self.debounce.stop()
        self.periodic.stop()
        self.pool.waitForDone(30_000)

    def _watch_network(self) -> None:
        if not QNetworkInformation.loadDefaultBackend():
            return
        info = QNetworkInformation.instance()
        if info is not None:
            info.reachabilityChanged.connect(self._reachability)

    def _reachability(self, reachability: QNetworkInformation.Reachability) -> None:
        if reachability == QNetworkInformation.Reachability.Online:
            log.info("network is back: syncing")
            self.sync_now()

    def _local_change(self, _: Changed) -> None:
        self.refresh_status()
        self.debounce.start()

    # --- running ------------------------------------------------------------------------

    def sync_now(self) -> None:
        if not self.enabled:
            return
        if self.running:
            self.again = True  # whatever changed meanwhile goes with the next one
            return
        self.running = True
        self.again = False
        self.progress_text = ""
        self.state_changed.emit()
        store = self.ctx.store
        relay = Relay()
        relay.progress.connect(lambda _: self.state_changed.emit())

        def progress(phase: str, done: int, total: int | None) -> None:
            self.progress_text = _phase_text(phase, done, total)
            Job.deliver(relay.progress, 0.0)

        relay.done.connect(self._done)
        relay.failed.connect(self._failed)
        self._relay = relay  # kept alive until it reports
        self.pool.start(
            Job(lambda: sync.sync_now(store, progress=progress, policy=sync.INTERACTIVE), relay)
        )

    def _finish(self) -> None:
        self.running = False
        self.refresh_status()
        if self.again:
            self.again = False
            QTimer.singleShot(0, self.sync_now)

    def _done(self, report: SyncReport) -> None:
        self.offline = False
        self.problem = None
        self.last_report = report
        self.synced.emit(report)
        self._finish()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, sync_errors.OfflineError):
            self.offline = True
            self.problem = None
        elif isinstance(error, sync_errors.DeviceWiped):
            self.enabled = False  # nothing is left to sync, nor anyone to sync for
            self.erased = True
            self.problem = error_text(error)
            self.wiped.emit(self.problem)
        elif isinstance(
            error,
            sync_errors.SessionExpired | sync_errors.NotSignedIn | sync_errors.SignedOutByOffice,
        ):
            self.problem = error_text(error)
            self.sign_in_needed.emit(self.problem)
        elif isinstance(error, DomainError):
            self.problem = error_text(error)
        else:
            self.problem = self.tr("Sync failed unexpectedly; the details are in the log.")
            self.crash.report(error)
        log.info("sync did not complete: %s", error)
        self._finish()

    def refresh_status(self) -> None:
        if self.erased:
            return  # the store is closed for good
        store = self.ctx.store

        def loaded(status: sync.SyncStatus) -> None:
            self.status = status
            self.state_changed.emit()

        self.ctx.read(lambda: sync.sync_status(store), loaded, lambda e: log.warning("%s", e))

    # --- what the status bar says -------------------------------------------------------

    def summary(self) -> tuple[str, str]:
        """(text, tone) for the status area; tone: ok, busy, warn, bad."""
        status = self.status
        if status is not None and not status.signed_in:
            return self.tr("Not signed in · %n change(s) kept here", "", status.pending), "warn"
        if self.running:
            text = self.tr("Syncing…")
            if self.progress_text:
                text = f"{text} {self.progress_text}"
            return text, "busy"
        parts: list[str] = []
        tone = "ok"
        if self.offline:
            parts.append(self.tr("Offline: your work is kept and syncs when the network is back"))
            tone = "warn"
        elif self.problem:
            parts.append(self.problem)
            tone = "bad"
        elif status is not None and status.last_synced_at is not None:
            parts.append(
                self.tr("Synced at {time}").format(
                    time=fmt.local_time(status.last_synced_at, with_date=False)
                )
            )
        if status is not None and status.pending:
            parts.append(self.tr("%n change(s) waiting", "", status.pending))
            tone = "warn" if tone == "ok" else tone
        if status is not None and status.rejected:
            parts.append(self.tr("%n refused", "", status.rejected))
            tone = "bad"
        if status is not None and status.set_aside:
            parts.append(self.tr("%n from the office set aside", "", status.set_aside))
            tone = "bad"
        return " · ".join(parts) or self.tr("Not synced yet"), tone


def _phase_text(phase: str, done: int, total: int | None) -> str:
    from PySide6.QtCore import QCoreApplication

    names = {
        "push": QCoreApplication.translate("SyncController", "sending"),
        "blobs": QCoreApplication.translate("SyncController", "uploading files"),
        "pull": QCoreApplication.translate("SyncController", "receiving"),
    }
    name = names.get(phase, phase)
    return f"{name} {done}/{total}" if total else f"{name} {done}"


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


class SignInDialog(QDialog):
    """Server, user, password. The token goes to the OS keyring, never to a file."""

    signed_in = Signal(object)  # desktop.syncing.usecases.SignedIn

    def __init__(self, ctx: AppContext, why: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        settings: QSettings = ctx.settings
        self.why = QLabel(why or "")
        self.why.setWordWrap(True)
        self.why.setVisible(bool(why))
        self.server = QLineEdit(str(settings.value(SERVER_KEY, "") or ""))
        self.user = QLineEdit(str(settings.value(USER_KEY, "") or ""))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setProperty("primary", True)
        form = QFormLayout(self)
        form.addRow(self.why)
        self.labels = (QLabel(), QLabel(), QLabel())
        for label, widget in zip(self.labels, (self.server, self.user, self.password), strict=True):
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.server.setPlaceholderText("https://fieldbook.example.com")
        self.hint = QLabel()
        self.hint.setProperty("muted", True)
        self.hint.setWordWrap(True)
        form.addRow(self.hint)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.setMinimumWidth(480)
        self.retranslate()
        (self.password if self.user.text() else self.server).setFocus()

    def retranslate(self) -> None:
        self.ok.setText(self.tr("Sign in"))
        for label, text in zip(
            self.labels,
            (self.tr("&Server"), self.tr("&User"), self.tr("&Password")),
            strict=True,
        ):
            label.setText(text)
        self.hint.setText(
            self.tr("Your password is not kept; the sign-in is kept in the system's keyring.")
        )
        self.setWindowTitle(self.tr("Sign in to the office"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def submit(self) -> None:
        self.error.hide()
        server, user, password = self.server.text(), self.user.text(), self.password.text()
        if not server.strip() or not user.strip() or not password:
            self.error.setText(self.tr("Fill in the server, your user name and your password."))
            self.error.show()
            return
        self.buttons.setEnabled(False)
        store = self.ctx.store
        self.ctx.tasks.write(
            lambda: sync.login(store, server, user, password),
            self._done,
            self._refused,
        )

    def _done(self, signed_in: sync.SignedIn) -> None:
        self.buttons.setEnabled(True)
        self.ctx.settings.setValue(SERVER_KEY, signed_in.server_url)
        self.ctx.settings.setValue(USER_KEY, signed_in.username)
        self.signed_in.emit(signed_in)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        if isinstance(error, DomainError):
            self.error.setText(error_text(error))
        else:
            log.exception("sign-in failed", exc_info=error)
            self.error.setText(
                self.tr("Signing in failed unexpectedly; the details are in the log.")
            )
        self.error.show()


class RefusedChangesDialog(QDialog):
    """Each change the office refused, why, and what the technician can do about it; and
    below, what the office sent that this laptop could not store beside its own."""

    def __init__(self, ctx: AppContext, on_change: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.on_change = on_change
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
        self.ctx.tasks.write(lambda: sync.retry_rejected(store, seq), self._changed)

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
        self.ctx.tasks.write(lambda: sync.discard_rejected(store, seq), self._changed)

    def _changed(self, _: object) -> None:
        self.reload()
        self.on_change()
