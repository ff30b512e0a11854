"""The real service as a subprocess on 127.0.0.1, on SQLite and on PostgreSQL.

PostgreSQL: 127.0.0.1:5432, user postgres, trust auth. Each test session makes a fresh
database ``fieldbook_test_<random>`` and drops it at the end. Without PostgreSQL the
PostgreSQL half is skipped with the reason, except under CI (``CI`` set), where it fails:
CI must run it.

Each test builds its own small office (technicians A and B, a dispatcher, a contract,
incidents) with unique names, so tests share one server process per backend and never
see each other's records.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
import requests

from domain.ids import new_id
from domain.records import (
    Channel,
    DiagnosticNote,
    Entry,
    Priority,
    Status,
    StatusChange,
    SystemCategory,
)
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, MutationName
from sync.protocol.records import entry_to_plain
from sync.server.db import Database
from sync.server.office import Office

ROOT = Path(__file__).resolve().parents[2]
#: The PostgreSQL server to make the test database in (override: FIELDBOOK_TEST_PG).
PG_ADMIN_URL = os.environ.get("FIELDBOOK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
READY_TIMEOUT = 30.0
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TARGETS = {Priority.P1: (5, 240), Priority.P2: (15, 480), Priority.P3: (60, 1440)}


# --- PostgreSQL: one fresh database per test session ------------------------------------


def _pg_reason() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as error:  # any failure means: not here
        return f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({error})"


@contextlib.contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A PostgreSQL database of its own (dropped at the end), for a test whose service
    must not share the session's; skipped without PostgreSQL (failed under CI)."""
    reason = _pg_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason)
    import psycopg

    name = f"fieldbook_test_{secrets.token_hex(6)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        server = PG_ADMIN_URL.removeprefix("postgresql://").rsplit("/", 1)[0]
        yield f"postgresql+psycopg://{server}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    reason = _pg_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason)
    import psycopg

    name = f"fieldbook_test_{secrets.token_hex(6)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        server = PG_ADMIN_URL.removeprefix("postgresql://").rsplit("/", 1)[0]
        yield f"postgresql+psycopg://{server}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the server process ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class ServerProcess:
    """``python -m sync.server --db URL serve`` on a free port of 127.0.0.1."""

    #: Every test's requests come from 127.0.0.1, as if through one proxy: the per-address
    #: login throttle would count them all together (tests/sync/test_devices.py tests it).
    SETTINGS: ClassVar[dict[str, str]] = {"FIELDBOOK_LOGIN_FAILURES_PER_ADDRESS": "1000000"}

    def __init__(
        self,
        db_url: str,
        log_path: Path,
        *extra: str,
        port: int | None = None,
        settings: dict[str, str] | None = None,
    ) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync.server",
                "--db",
                db_url,
                "--log-level",
                "WARNING",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                *extra,
            ],
            cwd=ROOT,
            env={**os.environ, **self.SETTINGS, **(settings or {})},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.wait_ready()

    def wait_ready(self) -> None:
        """Poll /health until it answers (bounded); fail with the log if the process dies."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"the server exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if requests.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        self.stop()
        pytest.fail(f"the server did not answer within {READY_TIMEOUT} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-5000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self._log.close()


@dataclass
class Backend:
    name: str
    db_url: str
    server: ServerProcess
    db: Database
    office: Office

    @property
    def url(self) -> str:
        return self.server.url


def _backend(name: str, db_url: str, tmp: Path) -> Iterator[Backend]:
    server = ServerProcess(db_url, tmp / f"server-{name}.log")
    db = Database(db_url, pool_size=5)
    try:
        yield Backend(name, db_url, server, db, Office(db))
    finally:
        server.stop()
        db.dispose()
        if "Traceback" in server.log():
            print(f"--- server log ({name}) ---\n{server.log()}", file=sys.stderr)


@pytest.fixture(scope="session")
def sqlite_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    tmp = tmp_path_factory.mktemp("sqlite-server")
    yield from _backend("sqlite", f"sqlite:///{tmp / 'server.db'}", tmp)


@pytest.fixture(scope="session")
def pg_backend(pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    yield from _backend("postgresql", pg_url, tmp_path_factory.mktemp("pg-server"))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """Runs the test once on each database."""
    fixture = "sqlite_backend" if request.param == "sqlite" else "pg_backend"
    value: Backend = request.getfixturevalue(fixture)
    return value


# --- talking to it -------------------------------------------------------------------


class Api:
    """A laptop (or the dispatch desk) talking HTTP to one server."""

    def __init__(self, url: str, token: str | None = None) -> None:
        self.url = url
        self.http = requests.Session()
        self.http.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        self.token = token
        self.client_id = uuid.uuid4()
        self.seq = 0

    @classmethod
    def login(cls, url: str, username: str, password: str = "pw") -> Api:
        api = cls(url)
        r = api.post(
            "/login", json={"username": username, "password": password, "device_name": "test"}
        )
        assert r.status_code == 200, r.text
        api.token = r.json()["token"]
        return api

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return headers

    def get(self, path: str, headers: dict[str, str] | None = None, **kw: Any) -> requests.Response:
        return self.http.get(self.url + path, headers=self._headers(headers), timeout=30, **kw)

    def post(
        self, path: str, headers: dict[str, str] | None = None, **kw: Any
    ) -> requests.Response:
        return self.http.post(self.url + path, headers=self._headers(headers), timeout=30, **kw)

    def put(self, path: str, headers: dict[str, str] | None = None, **kw: Any) -> requests.Response:
        return self.http.put(self.url + path, headers=self._headers(headers), timeout=30, **kw)

    # The outbox, as a laptop numbers it.
    def mutation(self, name: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        return {"seq": self.seq, "name": name, "payload": payload}

    def entry(self, entry: Entry) -> dict[str, Any]:
        name = (
            MutationName.INCIDENT_STATUS
            if isinstance(entry, StatusChange)
            else MutationName.ENTRY_ADD
        )
        return self.mutation(name, entry_to_plain(entry))

    def push(
        self, mutations: list[dict[str, Any]], client_id: uuid.UUID | None = None
    ) -> requests.Response:
        body = {"client_id": str(client_id or self.client_id), "mutations": mutations}
        return self.post("/push", json=body)

    def push_ok(self, mutations: list[dict[str, Any]]) -> dict[str, Any]:
        r = self.push(mutations)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    def pull_all(
        self, cursor: str | None = None, limit: int = 500
    ) -> tuple[list[dict[str, Any]], str, bool]:
        """Every page from ``cursor``: (changes, last cursor, whether the first page reset)."""
        changes: list[dict[str, Any]] = []
        reset = None
        for _ in range(10_000):
            params: dict[str, Any] = {"limit": limit}
            if cursor is not None:
                params["cursor"] = cursor
            r = self.get("/pull", params=params)
            assert r.status_code == 200, r.text
            page = r.json()
            if reset is None:
                reset = page["reset"]
            changes.extend(page["changes"])
            cursor = page["cursor"]
            if not page["has_more"]:
                assert cursor is not None
                return changes, cursor, bool(reset)
        raise AssertionError("the pull never ended")


def note(
    incident_id: uuid.UUID,
    text: str = "checked the logs",
    *,
    author: uuid.UUID | None = None,
    at: datetime = T0,
) -> DiagnosticNote:
    return DiagnosticNote(
        id=new_id(), incident_id=incident_id, recorded_at=at, author_id=author, text=text
    )


def status_change(
    incident_id: uuid.UUID, frm: Status, to: Status, *, resolution: Any = None, at: datetime = T0
) -> StatusChange:
    return StatusChange(
        id=new_id(),
        incident_id=incident_id,
        recorded_at=at,
        author_id=None,
        from_status=frm,
        to_status=to,
        resolution=resolution,
    )


def held(changes: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any] | None]:
    """Apply pulled changes of ``kind`` in order: id -> data (None when removed)."""
    state: dict[str, dict[str, Any] | None] = {}
    for c in changes:
        if c["kind"] == kind:
            state[c["id"]] = c["data"] if c["op"] == "put" else None
    return state


@dataclass
class World:
    """A small office of its own for one test."""

    backend: Backend
    a: Api  # technician A
    b: Api  # technician B
    dispatch: Api
    a_id: uuid.UUID
    b_id: uuid.UUID
    client_id: uuid.UUID
    contract_id: uuid.UUID
    system_id: uuid.UUID
    part_id: uuid.UUID
    incident_a: uuid.UUID  # new, assigned to A
    incident_b: uuid.UUID  # new, assigned to B
    tag: str = field(default="")

    def incident(self, assign_to: uuid.UUID | None, number: str | None = None) -> uuid.UUID:
        return self.backend.office.add_incident(
            contract=self.contract_id,
            number=number or f"INC-{secrets.token_hex(5)}",
            title="主节点宕机 / node down",
            priority=Priority.P1,
            system=self.system_id,
            channel=Channel.PHONE,
            notified_at=T0,
            assign_to=assign_to,
        )


def make_world(backend: Backend) -> World:
    office = backend.office
    tag = secrets.token_hex(4)
    a_id = office.add_user(f"a-{tag}", "技术员 A", "pw")
    b_id = office.add_user(f"b-{tag}", "Technician B", "pw")
    from sync.protocol import Role

    office.add_user(f"d-{tag}", "Dispatch", "pw", Role.DISPATCHER)
    client_id = office.add_client(f"客户 {tag}", language="zh")
    contract_id = office.add_contract(client_id, f"EMA-{tag}", TARGETS, pause_allowed=True)
    system_id = office.add_system(contract_id, "Oracle RAC 19c", SystemCategory.DATABASE)
    part_id = office.add_part(f"DIMM-{tag}", "32 GB RDIMM")
    office.set_stock(a_id, part_id, 3)
    w = World(
        backend=backend,
        a=Api.login(backend.url, f"a-{tag}"),
        b=Api.login(backend.url, f"b-{tag}"),
        dispatch=Api.login(backend.url, f"d-{tag}"),
        a_id=a_id,
        b_id=b_id,
        client_id=client_id,
        contract_id=contract_id,
        system_id=system_id,
        part_id=part_id,
        incident_a=uuid.UUID(int=0),
        incident_b=uuid.UUID(int=0),
        tag=tag,
    )
    w.incident_a = w.incident(a_id)
    w.incident_b = w.incident(b_id)
    return w


@pytest.fixture
def world(backend: Backend) -> World:
    return make_world(backend)


def expire_tokens(backend: Backend, user_id: uuid.UUID) -> None:
    from sqlalchemy import update

    from sync.server.models import TokenRow

    with backend.db.write() as s:
        s.execute(
            update(TokenRow)
            .where(TokenRow.user_id == user_id)
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
