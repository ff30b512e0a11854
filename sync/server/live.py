"""Changes reach the office's open boards at once, on every instance of the service.

A writer calls :meth:`Changes.notify` with the incidents it touched *after* its
transaction committed (a laptop's push, the office's actions). On PostgreSQL that is a
``NOTIFY`` on one channel, and every instance of the service ``LISTEN``\\ s on it with one
connection of its own (a thread), so a push received by one instance reaches a board
connected to another; no server beside the database. On SQLite (one process serves)
the notification goes straight to this process's subscribers, and a watcher reads the
feed counter every second so that a change made by another process (the command line)
reaches the boards too.

Subscribers are the console's server-sent event streams (asyncio); :class:`Hub` hands
each one every :class:`Change`. A notification can be lost (a listener reconnecting
after the database restarted): the listener then announces "anything may have changed"
(``Change(None)``) and every board reads itself again. Boards also refresh on their own
every minute, so nothing stays wrong for long whatever happens.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import make_url, select, text

from sync.server.models import CounterRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sync.server.db import Database

log = logging.getLogger("fieldbook.server.live")

CHANNEL = "fieldbook_changes"
_NOTIFY = text("SELECT pg_notify(:channel, :payload)")
#: Most incident ids one notification names; beyond it, "anything may have changed".
MAX_IDS = 100
#: How often the SQLite watcher reads the feed counter (seconds).
WATCH_EVERY = 1.0
#: How long a PostgreSQL listener waits before connecting again after losing its link.
RECONNECT_AFTER = 2.0


@dataclass(frozen=True, slots=True)
class Change:
    """Incidents that changed; ``None``: anything may have changed (read everything)."""

    incidents: frozenset[uuid.UUID] | None

    def payload(self) -> str:
        if self.incidents is None or len(self.incidents) > MAX_IDS:
            return json.dumps({"all": True})
        return json.dumps({"i": sorted(i.hex for i in self.incidents)})

    @classmethod
    def read(cls, payload: str) -> Change:
        """A notification's payload; anything unreadable counts as "everything"."""
        try:
            value = json.loads(payload)
            ids = value["i"] if isinstance(value, dict) and not value.get("all") else None
            if isinstance(ids, list):
                return cls(frozenset(uuid.UUID(str(i)) for i in ids))
        except (ValueError, KeyError, TypeError):
            log.warning("unreadable change notification %r", payload[:200])
        return cls(None)


def incidents_of(mutations: Sequence[Any]) -> list[uuid.UUID]:
    """The incidents a push's mutations name (``incident_id``, or ``id`` of a new one),
    each once, in the order first named. A push of a thousand notes names one incident a
    thousand times: each distinct reference is read once."""
    read: set[str] = set()
    found: dict[uuid.UUID, None] = {}
    for mutation in mutations:
        payload = getattr(mutation, "payload", None)
        if not isinstance(payload, Mapping):
            continue
        ref = str(payload.get("incident_id", payload.get("id")))
        if ref in read:
            continue
        read.add(ref)
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            found[uuid.UUID(ref)] = None
    return list(found)


class Hub:
    """This process's subscribers (asyncio queues); publish from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[Change | None]]]
        self._subscribers = set()
        self._closed = False

    def publish(self, change: Change | None) -> None:
        """Hand ``change`` to every subscriber (None: the stream must end)."""
        with self._lock:
            subscribers = list(self._subscribers)
        for loop, queue in subscribers:
            with contextlib.suppress(RuntimeError):  # that loop is closing
                loop.call_soon_threadsafe(queue.put_nowait, change)

    @contextlib.asynccontextmanager
    async def subscription(self) -> AsyncIterator[asyncio.Queue[Change | None]]:
        queue: asyncio.Queue[Change | None] = asyncio.Queue()
        entry = (asyncio.get_running_loop(), queue)
        with self._lock:
            self._subscribers.add(entry)
            closed = self._closed
        if closed:
            queue.put_nowait(None)
        try:
            yield queue
        finally:
            with self._lock:
                self._subscribers.discard(entry)

    @property
    def subscribers(self) -> int:
        with self._lock:
            return len(self._subscribers)

    def close(self) -> None:
        """End every stream (the service is stopping): browsers reconnect elsewhere."""
        with self._lock:
            self._closed = True
        self.publish(None)


class Changes:
    """Notifying and listening for one database; :attr:`hub` feeds this process's streams."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.hub = Hub()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set once changes from the database arrive
        self._seen: int | None = None  # SQLite: the counter when this process last told

    # --- writers --------------------------------------------------------------------

    def notify(self, incidents: Iterable[uuid.UUID] | None) -> None:
        """Tell every instance's boards that ``incidents`` changed (None: anything).

        Call it after the commit. It never raises: the change is committed already, and
        a board that misses it reads itself again within a minute.
        """
        change = Change(None if incidents is None else frozenset(incidents))
        if change.incidents is not None and not change.incidents:
            return
        if not self.db.is_postgresql:
            if self._thread is not None:
                # The watcher must not announce this commit a second time.
                with contextlib.suppress(Exception):
                    self._seen = self._position()
            self.hub.publish(change)
            return
        try:
            with self.db.autocommit() as conn:
                conn.execute(_NOTIFY, {"channel": CHANNEL, "payload": change.payload()})
        except Exception as error:  # the database went away after the commit
            log.warning("could not notify the boards of a change: %s", error)

    def notify_within(self, session: Session, incidents: Iterable[uuid.UUID]) -> bool:
        """On PostgreSQL, notify in the writer's own transaction: its commit delivers the
        notification (a rollback drops it), with no second connection and round trip
        after it. False elsewhere: call :meth:`notify` after the commit."""
        if not self.db.is_postgresql:
            return False
        change = Change(frozenset(incidents))
        if change.incidents:
            session.execute(_NOTIFY, {"channel": CHANNEL, "payload": change.payload()})
        return True

    # --- listening ------------------------------------------------------------------

    def start(self) -> None:
        """Start listening (once per process that serves boards)."""
        if self._thread is not None:
            return
        self._stop.clear()
        target = self._listen if self.db.is_postgresql else self._watch
        self._thread = threading.Thread(target=target, name="fieldbook-live", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.hub.close()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _listen(self) -> None:
        import psycopg

        url = make_url(self.db.url).set(drivername="postgresql")
        conninfo = url.render_as_string(hide_password=False)
        while not self._stop.is_set():
            try:
                with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    if self.listening.is_set():
                        # Reconnected: whatever was notified meanwhile is lost.
                        self.hub.publish(Change(None))
                    self.listening.set()
                    while not self._stop.is_set():
                        for notification in conn.notifies(timeout=1.0):
                            self.hub.publish(Change.read(notification.payload))
            except psycopg.Error as error:
                log.warning("listening for changes failed (%s); again shortly", error)
                self._stop.wait(RECONNECT_AFTER)

    def _position(self) -> int | None:
        with self.db.autocommit() as conn:
            return conn.scalar(select(CounterRow.position).where(CounterRow.id == 1))

    def _watch(self) -> None:
        """SQLite: another process's commits move the feed counter; announce them."""
        while not self._stop.is_set():
            try:
                position = self._position()
                if self._seen is not None and position != self._seen:
                    self.hub.publish(Change(None))
                self._seen = position
                self.listening.set()
            except Exception as error:  # the file is locked or away for a moment
                log.warning("watching for changes failed: %s", error)
            self._stop.wait(WATCH_EVERY)
