"""Escalation against a real SMTP server process (aiosmtpd) and the real service process:
the dispatcher is e-mailed once per P1/P2 clock past 75 % of its target; the board's
"needs attention" lane holds those clocks and every breach; an SMTP server that is away
delays the message, it is not lost, and it is not sent twice."""

from __future__ import annotations

import mailbox
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.records import Channel, Priority, SystemCategory
from sync.protocol import Role
from sync.server.db import Database
from sync.server.models import EscalationRow
from sync.server.office import Office
from tests.console.conftest import Desk
from tests.sync.conftest import PG_ADMIN_URL, TARGETS, ServerProcess, _pg_reason, free_port

DISPATCH = "dispatch@example.test"


class Smtp:
    """``python -m aiosmtpd`` writing what it receives into a maildir."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{self.port}",
                "-c",
                "aiosmtpd.handlers.Mailbox",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("aiosmtpd did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None

    def messages(self) -> list[Message]:
        if not (self.folder / "cur").exists():
            return []
        return list(mailbox.Maildir(str(self.folder), create=False))


def until(check: object, seconds: float = 30.0) -> None:
    """Poll ``check`` (a callable) until it is true, bounded."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of the test's own (the service e-mails about every clock it holds)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
        return
    reason = _pg_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason)
    import psycopg

    name = f"fieldbook_esc_{secrets.token_hex(5)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        server = PG_ADMIN_URL.removeprefix("postgresql://").rsplit("/", 1)[0]
        yield f"postgresql+psycopg://{server}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> Iterator[tuple[Smtp, ServerProcess, Office]]:
    smtp = Smtp(tmp_path / "maildir", free_port())
    smtp.start()
    monkeypatch.setenv("FIELDBOOK_ESCALATION_TO", DISPATCH)
    monkeypatch.setenv("FIELDBOOK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FIELDBOOK_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("FIELDBOOK_MAIL_FROM", "fieldbook@example.test")
    monkeypatch.setenv("FIELDBOOK_ESCALATION_INTERVAL_SECONDS", "0.5")
    server = ServerProcess(db_url, tmp_path / "server.log")
    db = Database(db_url, pool_size=2)
    try:
        yield smtp, server, Office(db)
    finally:
        server.stop()
        smtp.stop()
        db.dispose()


def _incident(office: Office, number: str, priority: Priority, minutes_ago: float) -> None:
    office.add_incident(
        contract="EMA-E",
        number=number,
        title="核心交换机宕机 / core switch down",
        priority=priority,
        system_name="core switch",
        channel=Channel.PHONE,
        notified_at=datetime.now(UTC) - timedelta(minutes=minutes_ago),
    )


def _rows(office: Office) -> dict[tuple[str, str], EscalationRow]:
    from sync.server.models import IncidentRow

    with office.db.read() as s:
        found = s.execute(
            select(IncidentRow.number, EscalationRow).join(
                IncidentRow, IncidentRow.id == EscalationRow.incident_id
            )
        ).all()
        for _, row in found:
            s.expunge(row)
        return {(number, row.clock): row for number, row in found}


def test_escalation_once_per_clock_and_the_attention_lane(
    service: tuple[Smtp, ServerProcess, Office],
) -> None:
    smtp, server, office = service
    client = office.add_client("Escalation Ltd")
    office.add_contract(client, "EMA-E", TARGETS)
    office.add_system("EMA-E", "spare", SystemCategory.NETWORK)
    office.add_user("desk", "Desk", "pw", Role.DISPATCHER)
    _incident(office, "E-P1-80", Priority.P1, 4)  # 4 of 5 min: past 75 %
    _incident(office, "E-P1-LATE", Priority.P1, 12)  # breached already
    _incident(office, "E-P2-33", Priority.P2, 5)  # 5 of 15 min: not yet
    _incident(office, "E-P3-90", Priority.P3, 54)  # 90 %, but P3 is not e-mailed

    until(lambda: len(smtp.messages()) >= 2)
    # Another clock crosses later: its message proves the service looked again meanwhile.
    _incident(office, "E-P1-NEXT", Priority.P1, 4)
    until(lambda: len(smtp.messages()) >= 3)
    messages = smtp.messages()
    subjects = sorted(str(m["Subject"]) for m in messages)
    assert len(messages) == 3, subjects
    assert all(m["To"] == DISPATCH and m["From"] == "fieldbook@example.test" for m in messages)
    numbers = sorted(s.split()[2].rstrip(":") for s in subjects)
    assert numbers == ["E-P1-80", "E-P1-LATE", "E-P1-NEXT"]
    late = next(m for m in messages if "E-P1-LATE" in str(m["Subject"]))
    assert "breached" in str(late["Subject"]) and late["X-Fieldbook-Clock"] == "response"
    body = late.get_payload(decode=True)
    assert isinstance(body, bytes) and "已超时" in body.decode()
    # The service records the sending once the SMTP server took the message.
    until(lambda: all(r.sent_at is not None for r in _rows(office).values()))
    rows = _rows(office)
    assert set(rows) == {
        ("E-P1-80", "response"),
        ("E-P1-LATE", "response"),
        ("E-P1-NEXT", "response"),
    }
    assert all(r.sent_at is not None and r.attempts == 1 for r in rows.values())

    # The board's lane: every clock past 75 % (any priority) and every breach.
    desk = Desk(server.url)
    assert desk.sign_in("desk").status_code == 303
    lane = desk.get("/office/board/body?show=attention").text
    for number in ("E-P1-80", "E-P1-LATE", "E-P1-NEXT", "E-P3-90"):
        assert number in lane
    assert "E-P2-33" not in lane
    board = desk.get("/office/board").text
    chip = re.search(r'id="chip-attention"[^>]*><strong>(\d+)</strong>', board)
    assert chip is not None and chip.group(1) == "4"


def test_an_smtp_server_away_delays_the_message_once(
    service: tuple[Smtp, ServerProcess, Office],
) -> None:
    smtp, _server, office = service
    client = office.add_client("Escalation Ltd")
    office.add_contract(client, "EMA-E", TARGETS)
    smtp.stop()
    _incident(office, "E-AWAY", Priority.P2, 13)  # 13 of 15 min
    until(
        lambda: (r := _rows(office).get(("E-AWAY", "response"))) is not None and bool(r.last_error)
    )
    assert _rows(office)[("E-AWAY", "response")].sent_at is None
    smtp.start()
    until(lambda: len(smtp.messages()) == 1)
    until(lambda: _rows(office)[("E-AWAY", "response")].sent_at is not None)
    row = _rows(office)[("E-AWAY", "response")]
    assert row.sent_at is not None and row.last_error is None and row.attempts >= 2
    assert "E-AWAY" in str(smtp.messages()[0]["Subject"])
