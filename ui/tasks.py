"""Background work with results delivered on the GUI thread (STYLE.md: one helper).

Writes go to one thread, in the order they were asked for, so two changes never race;
reads go to another so a slow list never waits behind a write and vice versa (SQLite in
WAL mode lets them run side by side). Long work that talks to the network (a sync) gets a
third thread of its own, so a technician's changes never wait behind it. Results, errors
and progress arrive through queued signals, on the GUI thread, in the callbacks given;
the worker thread only ever emits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("fieldbook.ui")

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Report = Callable[[Any], None]  # given to work that reports its progress


class Relay(QObject):
    """Lives on the GUI thread; the worker emits, the GUI thread receives (queued)."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(object)  # whatever the work reports: a fraction, a sync's phase


class Job(QRunnable):
    """Runs ``work`` on a pool's thread and reports through its :class:`Relay`."""

    def __init__(self, work: Callable[[], Any], relay: Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as error:  # every failure is delivered to the caller
            self.deliver(self.relay.failed, error)
        else:
            self.deliver(self.relay.done, result)

    @staticmethod
    def deliver(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            # The window that asked is gone (the app is closing): nobody to tell.
            log.debug("result of a background job dropped: its receiver was deleted")


class Tasks(QObject):
    """``write(work, on_done)`` and ``read(work, on_done)``; ``on_error`` or the default."""

    def __init__(self, on_error: Failed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._default_error = on_error
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._reader = QThreadPool(self)
        self._reader.setMaxThreadCount(1)
        self._long = QThreadPool(self)
        self._long.setMaxThreadCount(1)
        self._relays: set[Relay] = set()

    def write(
        self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        self._start(self._writer, work, on_done, on_error)

    def read(
        self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        self._start(self._reader, work, on_done, on_error)

    def _start(
        self,
        pool: QThreadPool,
        work: Callable[[], Any],
        on_done: Done | None,
        on_error: Failed | None,
        relay: Relay | None = None,
    ) -> None:
        relay = relay or Relay()
        self._relays.add(relay)

        def finished(result: Any) -> None:
            self._relays.discard(relay)
            if on_done is not None:
                on_done(result)

        def failed(error: BaseException) -> None:
            self._relays.discard(relay)
            (on_error or self._default_error)(error)

        relay.done.connect(finished)
        relay.failed.connect(failed)
        pool.start(Job(work, relay))

    def read_with_progress(
        self,
        work: Callable[[Report], Any],
        on_progress: Callable[[Any], None],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Like :meth:`read`; ``work`` gets a callable to report its progress (0 to 1)."""
        self._start_reporting(self._reader, work, on_progress, on_done, on_error)

    def long(
        self,
        work: Callable[[Report], Any],
        on_progress: Callable[[Any], None],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Long work (a sync) on a thread of its own, one at a time, in the order asked.

        ``work`` gets a callable to report its progress with; each report reaches
        ``on_progress`` on the GUI thread, as it was given (a payload, not shared state).
        """
        self._start_reporting(self._long, work, on_progress, on_done, on_error)

    def _start_reporting(
        self,
        pool: QThreadPool,
        work: Callable[[Report], Any],
        on_progress: Callable[[Any], None],
        on_done: Done | None,
        on_error: Failed | None,
    ) -> None:
        relay = Relay()
        relay.progress.connect(on_progress)

        def report(payload: Any) -> None:
            Job.deliver(relay.progress, payload)

        self._start(pool, lambda: work(report), on_done, on_error, relay)

    def busy(self) -> bool:
        return bool(self._relays)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (shutdown and tests only)."""
        return all(pool.waitForDone(msecs) for pool in (self._long, self._writer, self._reader))

    def wait_long(self, msecs: int = 30_000) -> bool:
        """Block until the long work (a sync) is done (shutdown only)."""
        return self._long.waitForDone(msecs)
