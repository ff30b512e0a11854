"""Laptops for the client tests: a data folder each, signed in through the real keyring,
syncing with the real server process; and a TCP proxy that can lose a reply."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlalchemy import func, select

from desktop.store.db import Store, open_store
from desktop.store.models import EntryRow, IncidentRow, OutboxRow, OutboxState
from desktop.syncing import credentials, engine, usecases
from sync.client import RetryPolicy

#: Quick retries and bounded waits: every test ends in seconds, never hangs.
FAST = RetryPolicy(attempts=3, backoff=0.02, backoff_max=0.2, connect_timeout=5, read_timeout=20)


def require_keyring() -> None:
    """A real keyring backend or: fail under CI, skip locally, saying why."""
    reason = credentials.unusable_reason(keyring.get_keyring())
    if reason is None:
        return
    why = (
        f"no usable OS keyring ({reason}); tests/conftest.py starts gnome-keyring on a "
        "private D-Bus bus where dbus-daemon and gnome-keyring-daemon are installed "
        "(scripts/setup installs them)"
    )
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


class Laptop:
    """A data folder of its own; ``clock_ahead``: how far its own clock is off (a laptop's
    clock in the field may be hours wrong)."""

    def __init__(self, path: Path, url: str, clock_ahead: timedelta = timedelta(0)) -> None:
        self.path = path
        self.url = url
        self.clock_ahead = clock_ahead
        self.store: Store = open_store(path, local_clock=self._clock)

    def _clock(self) -> datetime:
        return datetime.now(UTC) + self.clock_ahead

    def login(self, username: str, password: str = "pw") -> usecases.SignedIn:
        return usecases.login(self.store, self.url, username, password, "test", policy=FAST)

    def sync(self, **kw: Any) -> engine.SyncReport:
        kw.setdefault("policy", FAST)
        return usecases.sync_now(self.store, **kw)

    def outbox(self) -> dict[OutboxState, int]:
        with self.store.read() as s:
            found = dict(
                s.execute(select(OutboxRow.state, func.count()).group_by(OutboxRow.state)).all()
            )
        return {state: found.get(state, 0) for state in OutboxState}

    def incident_ids(self) -> set[uuid.UUID]:
        with self.store.read() as s:
            return set(s.scalars(select(IncidentRow.id)))

    def entry_ids(self, incident_id: uuid.UUID) -> set[uuid.UUID]:
        with self.store.read() as s:
            return set(s.scalars(select(EntryRow.id).where(EntryRow.incident_id == incident_id)))

    def status(self, incident_id: uuid.UUID) -> str:
        with self.store.read() as s:
            row = s.get_one(IncidentRow, incident_id)
            return row.status.value

    def close(self) -> None:
        self.store.close()


class LossyProxy:
    """127.0.0.1 TCP proxy to ``upstream``; ``drop_push_replies`` times it forwards a
    ``POST /push`` and, once the server has answered (so it committed), cuts the
    connection instead of passing the answer on."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.drop_push_replies = 0
        self.dropped = 0
        self._lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
        client.settimeout(30)
        armed = threading.Event()
        done = threading.Event()

        def forward_requests() -> None:
            try:
                while data := client.recv(65536):
                    if b"POST /push" in data:
                        with self._lock:
                            if self.drop_push_replies > 0:
                                self.drop_push_replies -= 1
                                armed.set()
                    upstream.sendall(data)
            except OSError:
                pass
            finally:
                done.set()

        threading.Thread(target=forward_requests, daemon=True).start()
        try:
            while data := upstream.recv(65536):
                if armed.is_set():
                    with self._lock:
                        self.dropped += 1
                    break  # the server answered (it committed): lose the answer
                client.sendall(data)
        except OSError:
            pass
        finally:
            for s in (client, upstream):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            done.wait(timeout=5)


class FaultProxy:
    """``tests/sync/faultproxy.py`` as a real process between laptops and ``upstream``."""

    def __init__(self, upstream_port: int) -> None:
        import subprocess
        import sys

        from tests.sync.conftest import ROOT

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.faultproxy", str(upstream_port)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        words = self.proc.stdout.readline().split()
        if len(words) != 4 or words[0] != "PROXY":
            self.proc.kill()
            raise RuntimeError(f"the fault proxy did not start: {words}")
        self.port, self.control_port = int(words[1]), int(words[3])
        self.url = f"http://127.0.0.1:{self.port}"
        self._control = socket.create_connection(("127.0.0.1", self.control_port), timeout=10)
        self._lines = self._control.makefile("rwb")

    def _say(self, order: dict[str, Any]) -> dict[str, Any]:
        import json

        self._lines.write(json.dumps(order).encode() + b"\n")
        self._lines.flush()
        answer: dict[str, Any] = json.loads(self._lines.readline())
        assert "error" not in answer, answer
        return answer

    def arm(self, fault: str, path: str = "/", times: int = 1, seconds: float = 1.0) -> None:
        self._say({"arm": fault, "path": path, "times": times, "seconds": seconds})

    def random(self, odds: dict[str, float], seed: int, seconds: float = 0.3) -> None:
        self._say({"random": odds, "seed": seed, "seconds": seconds})

    def clear(self) -> None:
        self._say({"clear": True})

    def done(self) -> dict[str, int]:
        return dict(self._say({})["done"])

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._lines.close()
            self._control.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
