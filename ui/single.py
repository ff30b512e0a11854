"""One window per data folder.

A second start on the same folder (a double-click too many) must not open a second
window with its own sync and its own drafts over the same files: it asks the running
window to come to the front, and ends. The command line is not affected: its commands
work beside the window (SQLite queues the writers), and the window shows what they
recorded (:mod:`desktop.usecases.watch`).

Who holds a folder is decided by a lock file in it (:class:`QLockFile`: a stale lock left
by a crash is taken over, by process id); the running window listens on a local socket
named after the folder, where a later start says "show". The window starts listening
after its first paint (:mod:`PySide6.QtNetwork` is not needed before it); a later start
that comes before that keeps trying to connect for a while.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QLockFile, QObject, QThread, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("fieldbook.ui")

LOCK_NAME = "window.lock"
SHOW = b"show\n"
CONNECT_MS = 3_000
#: Between two tries to reach a window that holds the folder but does not listen yet.
RETRY_MS = 50


def server_name(data_dir: Path) -> str:
    """A socket name per user and folder (short: Unix socket paths are limited)."""
    import getpass
    import hashlib

    key = f"{getpass.getuser()}:{data_dir.resolve()}".encode()
    return f"fieldbook-{hashlib.sha256(key).hexdigest()[:20]}"


class SingleWindow(QObject):
    """Hold ``data_dir`` for this process's window, or hand over to the one holding it."""

    show_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.name = server_name(data_dir)
        self.lock = QLockFile(str(data_dir / LOCK_NAME))
        self.lock.setStaleLockTime(0)  # only a dead process's lock is stale, never by age
        self.server: QLocalServer | None = None
        self._sockets: set[QLocalSocket] = set()  # connections being read

    def acquire(self, *, listen: bool = True) -> bool:
        """True: this window holds the folder (and listens, unless ``listen`` is False:
        then :meth:`listen` later); False: another one does."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not self.lock.tryLock(0):
            error = self.lock.error()
            if error == QLockFile.LockError.LockFailedError:
                return False
            log.warning("cannot lock %s (%s): opening the window anyway", self.data_dir, error)
            return True
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        """Hear later starts on this folder (once the folder is held)."""
        from PySide6.QtNetwork import QLocalServer

        if self.server is not None or not self.lock.isLocked():
            return
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # a socket left by a crash
        if not server.listen(self.name):
            log.warning("cannot listen on %s: %s", self.name, server.errorString())
        server.newConnection.connect(self._connection)
        self.server = server

    def _connection(self) -> None:
        server = self.server
        if server is None:
            return
        while (socket := server.nextPendingConnection()) is not None:
            self._sockets.add(socket)
            socket.readyRead.connect(self._ready)
            socket.disconnected.connect(self._gone)
            if socket.bytesAvailable():
                self._read(socket)

    def _ready(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _gone(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        socket = self.sender()
        if isinstance(socket, QLocalSocket) and socket in self._sockets:
            self._sockets.discard(socket)
            socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(SHOW.strip()):
            log.info("another start on %s: bringing this window to the front", self.data_dir)
            self.show_requested.emit()

    def ask_running_window(self) -> bool:
        """Ask the window holding the folder to come to the front; did it hear?

        A window listens from its first paint on: one that holds the folder but has no
        socket yet is tried again for up to :data:`CONNECT_MS`."""
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        deadline = time.monotonic() + CONNECT_MS / 1000
        while True:
            socket.connectToServer(self.name)
            left = int((deadline - time.monotonic()) * 1000)
            if socket.waitForConnected(max(left, 0)):
                break
            absent = socket.error() in (
                QLocalSocket.LocalSocketError.ServerNotFoundError,
                QLocalSocket.LocalSocketError.ConnectionRefusedError,
            )
            if not absent or left <= RETRY_MS:
                log.warning("the window holding %s does not answer", self.data_dir)
                return False
            socket.abort()
            QThread.msleep(RETRY_MS)
        socket.write(QByteArray(SHOW))
        sent = socket.waitForBytesWritten(CONNECT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(CONNECT_MS)
        return sent

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()
