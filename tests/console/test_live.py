"""Live updates: a push or a dispatcher's action reaches every open board at once, on
SQLite (one process) and across two service instances on one PostgreSQL."""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.records import Status
from sync.server.live import Change, incidents_of
from sync.server.office import Office as ServerOffice
from tests.console.conftest import Desk, make_office
from tests.sync.conftest import Backend, ServerProcess, note, status_change

DEADLINE = 2.0  # seconds: what "at once" means here


class Stream:
    """An open event stream of the console, read by a thread into a queue (a plain
    socket, so that closing it ends the read at once)."""

    def __init__(self, desk: Desk, url: str) -> None:
        self.events: queue.Queue[str] = queue.Queue()
        parsed = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((parsed.hostname, parsed.port), timeout=30)
        cookies = "; ".join(f"{c.name}={c.value}" for c in desk.http.cookies)
        self.sock.sendall(
            (
                "GET /office/events HTTP/1.1\r\n"
                f"Host: {parsed.netloc}\r\nAccept: text/event-stream\r\n"
                f"Cookie: {cookies}\r\n\r\n"
            ).encode()
        )
        self._file = self.sock.makefile("rb")
        status = self._file.readline().decode()
        assert " 200 " in status, status
        while self._file.readline() not in (b"\r\n", b""):
            pass  # the headers
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        self.wait_for("ready")

    def _read(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            for raw in self._file:
                line = raw.decode("utf-8", "replace").strip()
                if line.startswith("event: "):
                    self.events.put(line.removeprefix("event: "))

    def wait_for(self, name: str, within: float = DEADLINE) -> float:
        """Seconds until event ``name`` arrived (fails after ``within``)."""
        start = time.monotonic()
        deadline = start + within
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                pytest.fail(f"no {name!r} event within {within} s")
            try:
                if self.events.get(timeout=left) == name:
                    return time.monotonic() - start
            except queue.Empty:
                continue

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self._thread.join(timeout=5)


@pytest.fixture
def second_pg_instance(pg_backend: Backend, tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(pg_backend.db_url, tmp_path / "second-instance.log")
    try:
        yield server
    finally:
        server.stop()


def test_a_laptops_push_reaches_the_board_at_once(sqlite_backend: Backend) -> None:
    office = make_office(sqlite_backend)
    stream = Stream(office.desk, sqlite_backend.url)
    try:
        w = office.world
        w.a.push_ok([w.a.entry(note(w.incident_a, "on my way", author=w.a_id))])
        stream.wait_for(f"incident-{w.incident_a}")
        office.desk.form(
            f"/office/incidents/{w.incident_b}/priority",
            {"priority": "P2", "reason": "one ward only"},
        )
        stream.wait_for(f"incident-{w.incident_b}")
    finally:
        stream.close()


def test_two_instances_on_one_postgresql_share_their_changes(
    pg_backend: Backend, second_pg_instance: ServerProcess
) -> None:
    """The board is connected to one instance; the laptop and the other dispatcher to
    the other: both changes reach the board through LISTEN/NOTIFY."""
    office = make_office(pg_backend)
    w = office.world
    stream = Stream(office.desk, pg_backend.url)
    try:
        from tests.sync.conftest import Api

        laptop = Api.login(second_pg_instance.url, f"a-{w.tag}")
        laptop.push_ok(
            [
                laptop.entry(note(w.incident_a, "pushed to the other instance", author=w.a_id)),
                laptop.entry(status_change(w.incident_a, Status.NEW, Status.RESPONDED)),
            ]
        )
        stream.wait_for(f"incident-{w.incident_a}")
        other_desk = Desk(second_pg_instance.url)
        assert other_desk.sign_in(office.dispatcher).status_code == 303
        answer = other_desk.form(
            f"/office/incidents/{w.incident_b}/cancel", {"reason": "client withdrew the call"}
        )
        assert answer.status_code == 303
        stream.wait_for(f"incident-{w.incident_b}")
    finally:
        stream.close()


def test_the_command_line_on_sqlite_reaches_the_board_too(sqlite_backend: Backend) -> None:
    """Another process's change (here the test's own Office, as the command line would)
    is seen by the service's watcher of the feed counter."""
    office = make_office(sqlite_backend)
    stream = Stream(office.desk, sqlite_backend.url)
    try:
        ServerOffice(sqlite_backend.db).assign(office.world.incident_a, office.world.b_id)
        stream.wait_for("incident-all", within=5.0)
    finally:
        stream.close()


def test_a_notifications_payload_reads_back_and_bad_ones_mean_everything() -> None:
    ids = frozenset(uuid.uuid4() for _ in range(3))
    assert Change.read(Change(ids).payload()) == Change(ids)
    many = frozenset(uuid.uuid4() for _ in range(150))
    assert Change.read(Change(many).payload()) == Change(None)
    for junk in ("", "{", "[]", '{"i": ["nope"]}', '{"i": 3}'):
        assert Change.read(junk) == Change(None)


def test_the_incidents_a_push_names() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()

    class M:
        def __init__(self, payload: object) -> None:
            self.payload = payload

    found = incidents_of(
        [
            M({"incident_id": str(a)}),
            M({"id": str(b), "number": "X"}),
            M({"x": 1}),
            M([]),
            M({"incident_id": "junk"}),
        ]
    )
    assert found == [a, b]
