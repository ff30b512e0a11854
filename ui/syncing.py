"""Sync in the window: the technician never has to think about it.

One :class:`SyncController` per window syncs on start, a few seconds after each change,
every few minutes, and when the network comes back, on the task helper's long-work
thread (:meth:`ui.tasks.Tasks.long`); a change made during a sync is pushed by the next
one. Its progress arrives as signal payloads on the GUI thread. A sync that changed
anything is broadcast as a :class:`~desktop.usecases.common.Changed` on the hub, so the
windows refresh as after any other change. It asks for a sign-in when the office no
longer accepts the token.

What shows it: :mod:`ui.sync_status` (the status bar), :mod:`ui.sign_in` and
:mod:`ui.refused` (the dialogs).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtNetwork import QNetworkInformation

from desktop.syncing import errors as sync_errors
from desktop.syncing import usecases as sync
from desktop.syncing.engine import SyncReport
from desktop.usecases.common import Changed
from domain.messages import DomainError
from ui import format as fmt
from ui.context import AppContext
from ui.errors import CrashReporter
from ui.i18n import error_text
from ui.tasks import Report

log = logging.getLogger("fieldbook.ui")

DEBOUNCE_MS = 4_000
PERIOD_MS = 3 * 60_000


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Where a running sync is: sent from the sync's thread as a signal's payload."""

    phase: str  # "push", "blobs", "pull"
    done: int
    total: int | None

    def text(self) -> str:
        names = {
            "push": QCoreApplication.translate("SyncController", "sending"),
            "blobs": QCoreApplication.translate("SyncController", "uploading files"),
            "pull": QCoreApplication.translate("SyncController", "receiving"),
        }
        name = names.get(self.phase, self.phase)
        return f"{name} {self.done}/{self.total}" if self.total else f"{name} {self.done}"


def changes_of(report: SyncReport) -> Changed | None:
    """What a sync changed, as the windows are told of any change; None if nothing."""
    if not report.changed_anything:
        return None
    return Changed(stock=True, everything=True, from_office=True)


class SyncController(QObject):
    """Runs syncs one at a time on the task helper's long-work thread and reports their
    state. Every attribute here is written on the GUI thread only."""

    state_changed = Signal()
    progressed = Signal(object)  # SyncProgress
    sign_in_needed = Signal(str)  # why, in words for the technician
    wiped = Signal(str)  # the office marked this computer lost: its data is erased (words)
    synced = Signal(object)  # SyncReport

    def __init__(self, ctx: AppContext, crash: CrashReporter) -> None:
        super().__init__()
        self.ctx = ctx
        self.crash = crash
        self.running = False
        self.again = False
        self.offline = False
        self.problem: str | None = None  # the last failure, in words
        self.progress: SyncProgress | None = None
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
        self.ctx.tasks.wait_long(30_000)

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

    def _local_change(self, changed: Changed) -> None:
        self.refresh_status()
        if not changed.from_office:  # what a sync brought has nothing to send back
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
        self.progress = None
        self.state_changed.emit()
        store = self.ctx.store

        def work(report: Report) -> SyncReport:
            def progress(phase: str, done: int, total: int | None) -> None:
                report(SyncProgress(phase, done, total))

            return sync.sync_now(store, progress=progress, policy=sync.INTERACTIVE)

        self.ctx.tasks.long(work, self._progressed, self._done, self._failed)

    def _progressed(self, progress: SyncProgress) -> None:
        if not self.running:
            return  # a late report of a sync already finished
        self.progress = progress
        self.progressed.emit(progress)
        self.state_changed.emit()

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
        changed = changes_of(report)
        if changed is not None and not self.erased:
            self.ctx.hub.changed.emit(changed)
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
            if self.progress is not None:
                text = f"{text} {self.progress.text()}"
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
