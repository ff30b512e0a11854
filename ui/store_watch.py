"""What another process (the command line, a sync run elsewhere) recorded in this data
folder shows in the window too: every couple of seconds the store is asked what changed
since the last look, and what this window did not do itself is broadcast as ``Changed``."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QObject, QTimer

from desktop.usecases import watch
from desktop.usecases.common import Changed
from ui.context import AppContext

log = logging.getLogger("fieldbook.ui")

#: How often the window looks for what another process recorded in its data folder.
WATCH_MS = 2_000


class StoreWatch(QObject):
    """Looks for changes made elsewhere; started once the store's mark is read."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._mark: watch.Mark | None = None
        self._own_entries: set[uuid.UUID] = set()
        self._own_incidents: set[uuid.UUID] = set()
        self._watching = False
        self.timer = QTimer(self)
        self.timer.setInterval(WATCH_MS)
        self.timer.timeout.connect(self._look)
        self._stopped = False

    def start(self) -> None:
        """Read where the store stands now, then look every :data:`WATCH_MS`."""
        store = self.ctx.store
        self.ctx.read(lambda: watch.mark(store), self._marked, log.warning)

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()

    def own(self, changed: Changed) -> None:
        """This window's own change: not to be reported back to it as made elsewhere."""
        self._own_entries.update(changed.entry_ids)
        self._own_incidents.update(changed.incident_ids)

    def _marked(self, mark: watch.Mark) -> None:
        self._mark = mark
        if not self._stopped:
            self.timer.start()

    def _look(self) -> None:
        mark = self._mark
        if mark is None or self._watching:
            return
        self._watching = True
        store = self.ctx.store
        self.ctx.read(lambda: watch.changes_since(store, mark), self._seen, self._unseen)

    def _unseen(self, error: BaseException) -> None:
        self._watching = False
        log.warning("could not look for changes made elsewhere: %s", error)

    def _seen(self, since: watch.Since) -> None:
        self._watching = False
        self._mark = since.mark
        if since.everything:
            log.info("the data folder changed elsewhere (a sync): reloading")
            self.ctx.hub.changed.emit(Changed(stock=True, everything=True, from_office=True))
            return
        foreign = {
            incident
            for incident, entry in since.changes
            if incident is not None
            and not (entry in self._own_entries if entry else incident in self._own_incidents)
        }
        self._own_entries.difference_update(since.entry_ids)
        if foreign:
            log.info("%d incident(s) changed elsewhere (the command line?)", len(foreign))
            self.ctx.hub.changed.emit(Changed(incident_ids=frozenset(foreign), stock=True))
