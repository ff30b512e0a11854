"""Login throttling against a real service process of its own (SQLite and PostgreSQL):
growing delays per user name and per source address, 429 with Retry-After, the right
password refused until the delay passes, the console behind the same gate, and the cap
on passwords hashed at once.

Time passes by moving the recorded failures back in the database (where the throttle
keeps its state), never by sleeping. Source addresses are told by ``X-Forwarded-For``,
which uvicorn takes from 127.0.0.1 as from a proxy in front.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import secrets
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import update

from desktop.syncing import errors, usecases
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.protocol.messages import Role
from sync.server.db import Database
from sync.server.models import LoginFailureRow, UserRow
from sync.server.office import Office
from tests.sync.conftest import ServerProcess, fresh_pg_database
from tests.sync.laptops import FAST, require_keyring

SETTINGS = {
    "FIELDBOOK_LOGIN_FAILURES_PER_USER": "5",
    "FIELDBOOK_LOGIN_FAILURES_PER_ADDRESS": "12",
    "FIELDBOOK_LOGIN_DELAY_SECONDS": "60",
    "FIELDBOOK_LOGIN_DELAY_MAX_SECONDS": "900",
    "FIELDBOOK_LOGIN_CONCURRENT_HASHES": "1",
}


class Gate:
    def __init__(self, server: ServerProcess, db: Database) -> None:
        self.server, self.db, self.office = server, db, Office(db)
        self.http = requests.Session()
        self.http.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)

    def login(self, user: str, password: str, address: str) -> requests.Response:
        return self.http.post(
            f"{self.server.url}/login",
            json={"username": user, "password": password, "device_name": "t"},
            headers={"X-Forwarded-For": address},
            timeout=30,
        )

    def pass_time(self, seconds: float) -> None:
        """As if ``seconds`` went by: every recorded failure and block moves back."""
        back = timedelta(seconds=seconds)
        with self.db.write() as s:
            for row in s.query(LoginFailureRow):
                row.last_failure_at -= back
                if row.blocked_until is not None:
                    row.blocked_until -= back


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def gate(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gate]:
    """One throttled service per database for this module (each test uses user names
    and addresses of its own), on a database of its own: its counts never block the
    other tests' sign-ins."""
    tmp = tmp_path_factory.mktemp(f"throttle-{request.param}")
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp / 'throttle.db'}"
        else:
            url = stack.enter_context(fresh_pg_database())
        server = ServerProcess(url, tmp / "server.log", settings=SETTINGS)
        stack.callback(server.stop)
        db = Database(url, pool_size=2)
        stack.callback(db.dispose)
        yield Gate(server, db)


def _address() -> str:
    return f"127.0.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def test_eighty_wrong_passwords_then_the_right_one_waits(gate: Gate) -> None:
    user = f"t-{secrets.token_hex(4)}"
    gate.office.add_user(user, "T", "right")
    answers = [gate.login(user, f"wrong {i}", _address()).status_code for i in range(80)]
    # Five free failures and a sixth that blocks; then 429 without a password checked.
    assert answers[:6] == [401] * 6 and answers[6:] == [429] * 74
    r = gate.login(user, "right", _address())  # the right one, from elsewhere: refused
    assert r.status_code == 429 and r.json()["code"] == "too_many_attempts"
    wait = int(r.headers["Retry-After"])  # 60 s, less what this test took since
    assert 30 <= wait <= 60 and r.json()["retry_after"] == wait
    old = gate.http.post(
        f"{gate.server.url}/login",
        json={"username": user, "password": "right", "device_name": "t"},
        headers={"X-Forwarded-For": _address(), PROTOCOL_HEADER: "3"},
        timeout=30,
    )  # a version-3 laptop cannot read the code: it is told the sign-in failed
    assert old.status_code == 401 and old.json()["code"] == "bad_credentials"
    gate.pass_time(wait // 2)
    assert gate.login(user, "right", _address()).status_code == 429  # not yet
    gate.pass_time(wait // 2 + 2)
    assert gate.login(user, "right", _address()).status_code == 200
    # The right password cleared the count: one slip does not block again.
    assert gate.login(user, "wrong", _address()).status_code == 401
    assert gate.login(user, "right", _address()).status_code == 200


def test_the_delay_doubles_and_is_capped(gate: Gate) -> None:
    user, where = f"t-{secrets.token_hex(4)}", _address()
    gate.office.add_user(user, "T", "right")
    for _ in range(5):
        assert gate.login(user, "wrong", _address()).status_code == 401
    waits = []
    for _ in range(6):
        assert gate.login(user, "wrong", where).status_code == 401
        r = gate.login(user, "wrong", where)
        assert r.status_code == 429
        waits.append(int(r.headers["Retry-After"]))
        gate.pass_time(waits[-1] + 1)
    expected = [60, 120, 240, 480, 900, 900]
    assert all(e - 10 <= w <= e for w, e in zip(waits, expected, strict=True)), waits


def test_one_address_guessing_many_names_is_blocked_too(gate: Gate) -> None:
    where = _address()
    user = f"t-{secrets.token_hex(4)}"
    gate.office.add_user(user, "T", "right")
    for i in range(12):
        assert gate.login(f"nobody-{i}-{user}", "guess", where).status_code == 401
    assert gate.login(f"nobody-12-{user}", "guess", where).status_code == 401  # the 13th
    r = gate.login(user, "right", where)  # a real account, from that address: wait
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 30
    # A sign-in of one's own does not clear the address's count.
    assert gate.login(user, "right", _address()).status_code == 200
    assert gate.login(f"nobody-x-{user}", "guess", where).status_code == 429


def test_the_console_sign_in_goes_through_the_same_gate(gate: Gate) -> None:
    import re

    user = f"d-{secrets.token_hex(4)}"
    gate.office.add_user(user, "Dispatch", "right", Role.DISPATCHER)
    for _ in range(6):
        assert gate.login(user, "wrong", _address()).status_code == 401
    desk = requests.Session()
    page = desk.get(f"{gate.server.url}/office/login", timeout=30)
    nonce = re.search(r'name="nonce" value="([^"]+)"', page.text)
    assert nonce, page.text[:300]
    r = desk.post(
        f"{gate.server.url}/office/login",
        data={
            "nonce": nonce.group(1),
            "next": "/office/board",
            "username": user,
            "password": "right",
        },
        timeout=30,
        allow_redirects=False,
    )
    assert r.status_code != 303 and "Too many failed sign-ins" in r.text


def _slow_hash(password: str) -> str:
    """A stored hash that takes ~8 times the usual to check (p=8, the same memory): longer
    than a sign-in waits for a slot, so sign-ins sent together meet the cap."""
    salt = secrets.token_bytes(16)
    n, r, p = 2**14, 8, 8
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


def test_passwords_hashed_at_once_are_capped(gate: Gate) -> None:
    user = f"t-{secrets.token_hex(4)}"
    gate.office.add_user(user, "T", "right")
    with gate.db.write() as s:
        s.execute(
            update(UserRow).where(UserRow.username == user).values(password_hash=_slow_hash("x"))
        )
    start = threading.Barrier(6)
    answers: list[requests.Response] = []

    def one() -> None:
        start.wait(timeout=30)
        answers.append(gate.login(user, "x", _address()))

    threads = [threading.Thread(target=one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    codes = sorted(r.status_code for r in answers)
    assert len(codes) == 6 and set(codes) <= {200, 503} and 200 in codes and 503 in codes
    for r in answers:
        if r.status_code == 503:
            assert r.headers["Retry-After"] == "1" and r.json()["code"] == "unavailable"
    # None of them counted as a failure: the right password still gets in.
    assert gate.login(user, "x", _address()).status_code == 200


def test_the_laptop_says_how_long_to_wait(gate: Gate, tmp_path: Path) -> None:
    require_keyring()
    from desktop.store.db import open_store

    user = f"t-{secrets.token_hex(4)}"
    gate.office.add_user(user, "T", "right")
    store = open_store(tmp_path / "laptop")
    try:
        for _ in range(6):
            with pytest.raises(errors.BadCredentials):
                usecases.login(store, gate.server.url, user, "wrong", policy=FAST)
        with pytest.raises(errors.TooManyAttempts) as waiting:
            usecases.login(store, gate.server.url, user, "right", policy=FAST)
        seconds = waiting.value.seconds
        assert 30 <= seconds <= 60 and f"wait {seconds} seconds" in str(waiting.value)
        gate.pass_time(61)
        usecases.login(store, gate.server.url, user, "right", policy=FAST)
    finally:
        store.close()
    assert str(errors.TooManyAttempts(900)) == (
        "Too many failed sign-ins: wait 15 minutes, then try again."
    )


def test_an_ipv6_host_counts_as_its_64() -> None:
    from sync.server.throttle import address_key

    assert address_key("2001:db8:1:2::7") == address_key("2001:db8:1:2:ffff::1")
    assert address_key("2001:db8:1:2::7") != address_key("2001:db8:1:3::7")
    assert address_key("::ffff:192.0.2.9") == address_key("192.0.2.9") == "192.0.2.9"
    assert address_key("unknown") == "unknown"
