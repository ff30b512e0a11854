"""Devices the office controls, against the real service (SQLite and PostgreSQL): every
sign-in a device with its last contact; revoked, deactivated, a new password, and a lost
laptop erased at its next contact."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select, update

from desktop.drafts import DraftStore
from desktop.store import cipher
from desktop.store.models import OutboxState
from desktop.syncing import credentials, errors, usecases
from desktop.usecases import notes
from sync import client
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.protocol.errors import token_sha256, wipe_proof
from sync.server.cli import main
from sync.server.models import TokenRow
from sync.server.office import Office
from tests.sync.conftest import ROOT, Api, Backend, World, make_world
from tests.sync.laptops import Laptop, require_keyring


def _only_device(world: World, api: Api) -> uuid.UUID:
    assert api.token is not None
    with world.backend.db.read() as s:
        found = s.scalar(select(TokenRow.id).where(TokenRow.token_hash == token_sha256(api.token)))
    assert found is not None
    return found


def _code(r: object) -> str:
    import requests

    assert isinstance(r, requests.Response)
    value: str = r.json()["code"]
    return value


# --- the office's side ------------------------------------------------------------------


def test_each_sign_in_is_a_device_the_office_lists_and_revokes(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    office, user = world.backend.office, f"a-{world.tag}"
    second = Api.login(world.backend.url, user)
    listed = office.devices(user)
    assert {d.id for d in listed} == {_only_device(world, world.a), _only_device(world, second)}
    assert all(d.state == "active" and d.name == "test" and d.last_contact for d in listed)

    # The command line: one JSON object a line, the user's devices only.
    assert main(["--db", world.backend.db_url, "--log-level", "WARNING", "devices", user]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert {x["id"] for x in lines} == {str(d.id) for d in listed}
    assert {x["user"] for x in lines} == {user} and all(x["last_contact"] for x in lines)

    device = _only_device(world, second)
    assert main(["--db", world.backend.db_url, "revoke-device", str(device)]) == 0
    capsys.readouterr()
    r = second.get("/me")
    assert r.status_code == 401 and _code(r) == "device_revoked"
    assert world.a.get("/me").status_code == 200  # the other device goes on
    assert [d.id for d in office.devices(user)] == [_only_device(world, world.a)]
    ended = {d.id: d for d in office.devices(user, ended=True)}
    assert ended[device].state == "revoked" and ended[device].ended_by == "office"

    # Not a device id, or no such device: a clear refusal.
    assert main(["--db", world.backend.db_url, "revoke-device", "laptop-7"]) == 2
    assert main(["--db", world.backend.db_url, "mark-lost", str(uuid.uuid4())]) == 2
    err = capsys.readouterr().err
    assert "not a device id" in err and "no device" in err


def test_a_deactivated_user_is_refused_everywhere(world: World) -> None:
    office, user = world.backend.office, f"a-{world.tag}"
    assert main(["--db", world.backend.db_url, "deactivate", user]) == 0
    r = world.a.get("/me")
    assert r.status_code == 401 and _code(r) == "device_revoked"
    r = Api(world.backend.url).post(
        "/login", json={"username": user, "password": "pw", "device_name": "x"}
    )
    assert r.status_code == 401 and _code(r) == "bad_credentials"
    assert office.devices(user) == []
    # Active again: the old devices stay ended; a new sign-in works.
    office.set_active(user, True)
    assert world.a.get("/me").status_code == 401
    assert Api.login(world.backend.url, user).get("/me").status_code == 200
    assert world.b.get("/me").status_code == 200  # nobody else was touched


def test_a_new_password_ends_every_device(world: World) -> None:
    office, user = world.backend.office, f"a-{world.tag}"
    office.set_password(user, "new secret")
    r = world.a.get("/me")
    assert r.status_code == 401 and _code(r) == "device_revoked"
    old = Api(world.backend.url).post(
        "/login", json={"username": user, "password": "pw", "device_name": "x"}
    )
    assert old.status_code == 401
    assert Api.login(world.backend.url, user, "new secret").get("/me").status_code == 200
    assert world.b.get("/me").status_code == 200


def test_a_lost_device_is_told_to_erase_itself_at_every_contact(world: World) -> None:
    office = world.backend.office
    device = _only_device(world, world.a)
    lost = office.mark_lost(device)
    assert lost.state == "lost"
    assert world.a.token is not None
    proof = wipe_proof(token_sha256(world.a.token))
    # A reply lost on the way: the order comes again at the next contact, and again.
    for path in ("/me", "/pull"):
        r = world.a.get(path)
        assert r.status_code == 401 and _code(r) == "device_lost"
        assert r.json()["wipe_proof"] == proof
    [seen] = [d for d in office.devices(f"a-{world.tag}", ended=True) if d.id == device]
    assert seen.state == "wipe sent"
    # The token opens nothing: not a push either.
    assert world.a.push([]).status_code == 401


def test_last_contact_is_written_at_most_once_a_minute(world: World) -> None:
    device = _only_device(world, world.a)
    db = world.backend.db

    def seen() -> datetime:
        with db.read() as s:
            value = s.get_one(TokenRow, device).last_seen_at
        assert value is not None
        return value

    def set_seen(value: datetime) -> None:
        with db.write() as s:
            s.execute(update(TokenRow).where(TokenRow.id == device).values(last_seen_at=value))

    recent = datetime.now(UTC) - timedelta(seconds=20)
    set_seen(recent)
    assert world.a.get("/me").status_code == 200
    assert seen() == recent  # less than a minute: not written again
    set_seen(recent - timedelta(minutes=5))
    assert world.a.get("/me").status_code == 200
    assert seen() > recent


# --- the laptop's side ---------------------------------------------------------------


@pytest.fixture
def laptop(tmp_path: Path, world: World) -> Iterator[Laptop]:
    require_keyring()
    made = Laptop(tmp_path / "laptop", world.backend.url)
    yield made
    made.close()


def test_a_revoked_laptop_says_the_office_signed_it_out_and_keeps_its_work(
    world: World, laptop: Laptop
) -> None:
    user = f"a-{world.tag}"
    laptop.login(user)
    laptop.sync()
    notes.add_note(laptop.store, world.incident_a, "written before the office revoked it")
    [device] = [
        d for d in world.backend.office.devices(user) if d.id != _only_device(world, world.a)
    ]
    world.backend.office.revoke_device(device.id)
    with pytest.raises(errors.SignedOutByOffice) as refused:
        laptop.sync()
    assert "signed out by the office" in str(refused.value)
    assert credentials.load_token(world.backend.url, user) is None  # forgotten
    assert not usecases.sync_status(laptop.store).signed_in
    assert laptop.outbox()[OutboxState.PENDING] == 1  # the work is kept
    laptop.login(user)
    assert laptop.sync().complete
    assert laptop.outbox()[OutboxState.PENDING] == 0


SECRET_NOTE = "root password is Tr0ub4dor-7731"
SECRET_FILE = "db_admin_pw=CorrectHorse-4492"


def test_a_lost_laptop_is_erased_at_its_next_sync(
    world: World, laptop: Laptop, tmp_path: Path
) -> None:
    user = f"a-{world.tag}"
    # B signed in on this laptop before A: B's sign-in is erased with it too.
    laptop.login(f"b-{world.tag}")
    laptop.sync()
    laptop.login(user)
    laptop.sync()
    notes.add_note(laptop.store, world.incident_a, SECRET_NOTE)
    config = tmp_path / "switch.cfg"
    config.write_text(f"hostname core-1\n{SECRET_FILE}\n", encoding="utf-8")
    notes.attach(laptop.store, world.incident_a, [config])
    DraftStore(laptop.path, laptop.store.key).save(world.incident_a, "note", {"text": SECRET_NOTE})
    (laptop.path / "logs").mkdir(exist_ok=True)
    (laptop.path / "logs" / "fieldbook.log").write_text(SECRET_NOTE, encoding="utf-8")
    assert laptop.sync().complete
    notes.add_note(laptop.store, world.incident_a, f"unsynced: {SECRET_NOTE}")
    [device] = [
        d for d in world.backend.office.devices(user) if d.id != _only_device(world, world.a)
    ]
    world.backend.office.mark_lost(device.id)

    token = credentials.load_token(world.backend.url, user)
    assert token is not None
    folder_key = cipher.read_key_info(laptop.path)
    assert folder_key is not None and folder_key.kind == "keyring"

    with pytest.raises(errors.DeviceWiped) as wiped:
        laptop.sync()
    assert str(laptop.path) in str(wiped.value) and "lost" in str(wiped.value)
    assert list(laptop.path.iterdir()) == []  # store, journal, files, drafts, logs: gone
    for who in (user, f"b-{world.tag}"):
        account = credentials.account(world.backend.url, who)
        assert keyring.get_password(credentials.SERVICE, account) is None, who
    # The store's key went too: what overwriting could not reach stays unreadable.
    assert keyring.get_password(cipher.KEYRING_SERVICE, folder_key.folder_id) is None
    # A copy of the token taken before (a thief's): the same order, nothing served.
    with pytest.raises(client.DeviceLost), client.Connection(world.backend.url, token) as conn:
        conn.me()


class _Forger(BaseHTTPRequestHandler):
    """Something on the network answering as the service would to a lost device, but
    without the proof only the service can make."""

    def do_GET(self) -> None:
        body = json.dumps(
            {"code": "device_lost", "message": "erase", "wipe_proof": "0" * 64}
        ).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


def test_an_order_to_erase_without_the_proof_erases_nothing(world: World, laptop: Laptop) -> None:
    user = f"a-{world.tag}"
    laptop.login(user)
    laptop.sync()
    notes.add_note(laptop.store, world.incident_a, "kept")
    forger = ThreadingHTTPServer(("127.0.0.1", 0), _Forger)
    thread = threading.Thread(target=forger.serve_forever, daemon=True)
    thread.start()
    fake = f"http://127.0.0.1:{forger.server_address[1]}"
    try:
        token = credentials.load_token(world.backend.url, user)
        assert token is not None
        # The laptop's token sent to the forger: its order does not read as the service's.
        credentials.save_token(fake, user, token)
        with laptop.store.write() as s:
            laptop.store.set_meta(s, "server_url", fake)
        with pytest.raises(errors.StrangeAnswer):
            laptop.sync()
    finally:
        forger.shutdown()
        thread.join(timeout=5)
        forger.server_close()
        credentials.delete_token(fake, user)
    assert (laptop.path / "fieldbook.db").exists()
    assert laptop.outbox()[OutboxState.PENDING] == 1


def test_the_command_line_says_the_laptop_was_erased(
    sqlite_backend: Backend, tmp_path: Path
) -> None:
    """The command line's words and exit code (the erasing itself is tested above on both
    databases; its processes are slow to start, so once)."""
    require_keyring()
    world = make_world(sqlite_backend)
    user = f"a-{world.tag}"
    data = tmp_path / "cli-laptop"
    env = {**os.environ, "FIELDBOOK_PASSWORD": "pw"}

    def fieldbook(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fieldbook", "--data-dir", str(data), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    done = fieldbook("login", "--server", world.backend.url, "--user", user)
    assert done.returncode == 0, done.stderr
    assert fieldbook("sync").returncode == 0
    assert fieldbook("note", str(world.incident_a), SECRET_NOTE).returncode == 0
    mine = {d.id for d in world.backend.office.devices(user)} - {_only_device(world, world.a)}
    [device] = mine
    world.backend.office.mark_lost(device)
    done = fieldbook("sync")
    assert done.returncode == errors.DeviceWiped.exit_code, done.stderr
    assert "marked this computer lost" in done.stderr and "erased" in done.stderr
    assert list(data.iterdir()) == []


def test_a_leaked_token_of_a_lost_device_opens_nothing(world: World) -> None:
    """Whatever it asks for, the answer is the order to erase, and nothing is served."""
    device = _only_device(world, world.a)
    world.backend.office.mark_lost(device)
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    for path in ("/me", "/pull", f"/blobs/{'0' * 64}/status"):
        r = world.a.get(path, headers=headers)
        assert r.status_code == 401 and _code(r) == "device_lost", path


# --- the upgrade --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_tokens_signed_in_before_the_upgrade_keep_working_as_devices(
    kind: str, tmp_path: Path
) -> None:
    """0007_devices on a service whose laptops are signed in: their tokens become
    devices (named as they signed in, "unknown device" where that was empty) and go on
    working; a token signed out before stays refused; a password change ends them."""
    import secrets

    from alembic import command
    from sqlalchemy import text

    from sync.server.auth import hash_password
    from sync.server.db import Database, alembic_config
    from tests.sync.conftest import ServerProcess, fresh_pg_database

    with contextlib.ExitStack() as stack:
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path / 'old.db'}"
        else:
            url = stack.enter_context(fresh_pg_database())
        db = Database(url, pool_size=2)
        stack.callback(db.dispose)
        with db.engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0005")
        user, now = uuid.uuid4(), datetime.now(UTC)
        tokens = {name: secrets.token_urlsafe(32) for name in ("laptop", "nameless", "ended")}
        uid = user.hex if kind == "sqlite" else user

        def at(moment: datetime) -> object:
            return moment.replace(tzinfo=None).isoformat(sep=" ") if kind == "sqlite" else moment

        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, username, name, role, password_hash, active, "
                    "created_at) VALUES (:id, 'old-tech', 'Old', 'technician', :pw, :t, :now)"
                ),
                {"id": uid, "pw": hash_password("pw"), "t": True, "now": at(now)},
            )
            for name, token in tokens.items():
                conn.execute(
                    text(
                        "INSERT INTO tokens (id, user_id, token_hash, device_name, created_at, "
                        "expires_at, revoked_at) VALUES (:id, :u, :h, :d, :c, :e, :r)"
                    ),
                    {
                        "id": uuid.uuid4().hex if kind == "sqlite" else uuid.uuid4(),
                        "u": uid,
                        "h": token_sha256(token),
                        "d": "" if name == "nameless" else f"{name}-host",
                        "c": at(now - timedelta(days=2)),
                        "e": at(now + timedelta(days=20)),
                        "r": at(now - timedelta(days=1)) if name == "ended" else None,
                    },
                )
        db.migrate()  # to the head, as the service does when it starts
        server = ServerProcess(url, tmp_path / f"server-{kind}.log")
        stack.callback(server.stop)
        office = Office(db)
        names = {d.name: d for d in office.devices("old-tech", ended=True)}
        assert set(names) == {"laptop-host", "unknown device", "ended-host"}
        assert names["ended-host"].state == "revoked" and names["ended-host"].ended_by == "logout"
        assert names["laptop-host"].state == "active" and names["laptop-host"].last_contact is None
        for name in ("laptop", "nameless"):
            assert Api(server.url, tokens[name]).get("/me").status_code == 200, name
        r = Api(server.url, tokens["ended"]).get("/me")
        assert r.status_code == 401 and _code(r) == "unauthenticated"
        assert office.devices("old-tech")[0].last_contact is not None  # heard from now
        office.set_password("old-tech", "new")
        r = Api(server.url, tokens["laptop"]).get("/me")
        assert r.status_code == 401 and _code(r) == "device_revoked"


def test_a_version_3_laptop_is_told_to_sign_in_again(world: World) -> None:
    """Its reader refuses codes and fields it does not know: it gets the ones it does."""
    old = {PROTOCOL_HEADER: "3"}
    second = Api.login(world.backend.url, f"a-{world.tag}")
    world.backend.office.revoke_device(_only_device(world, second))
    world.backend.office.mark_lost(_only_device(world, world.a))
    for api in (second, world.a):
        r = api.get("/me", headers=old)
        assert r.status_code == 401 and r.json() == {
            "code": "unauthenticated",
            "message": r.json()["message"],
        }
    assert _code(world.a.get("/me")) == "device_lost"  # the current version hears it all
