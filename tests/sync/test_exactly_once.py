"""Exactly once, for real (issue 11): remembered answers, one outbox per technician, any
reply survived. Real laptops, the real service on SQLite and PostgreSQL, and between
them, where it matters, a fault proxy process (tests/sync/faultproxy.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert, select

from desktop.syncing import errors, usecases
from desktop.usecases import notes, queries
from desktop.usecases.common import utcnow
from domain.records import DiagnosticNote
from sync.client import BadAnswer, Connection, Offline
from sync.protocol import MutationName, PushRequest
from sync.server.auth import Caller
from sync.server.db import Database
from sync.server.models import EntryRow as ServerEntryRow
from sync.server.push import push as server_push
from sync.server.records import entry_body
from tests.sync.conftest import ROOT, T0, Backend, World, note
from tests.sync.laptops import FAST, FaultProxy, Laptop, require_keyring


@pytest.fixture(autouse=True)
def _keyring() -> None:
    require_keyring()


@pytest.fixture
def proxy(world: World) -> Iterator[FaultProxy]:
    running = FaultProxy(world.backend.server.port)
    yield running
    running.close()


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[list[Laptop]]:
    made: list[Laptop] = []
    yield made
    for laptop in made:
        laptop.close()


def _laptop(laptops: list[Laptop], tmp_path: Path, url: str, name: str) -> Laptop:
    laptop = Laptop(tmp_path / name, url)
    laptops.append(laptop)
    return laptop


def _server_notes(world: World, incident: uuid.UUID) -> list[str]:
    with world.backend.db.read() as s:
        bodies = s.scalars(
            select(ServerEntryRow.body).where(
                ServerEntryRow.incident_id == incident, ServerEntryRow.kind == "note"
            )
        )
        return sorted(json.loads(b)["text"] for b in bodies)


def test_a_lost_reply_to_a_refusal_keeps_the_refusal(
    world: World, proxy: FaultProxy, laptops: list[Laptop], tmp_path: Path
) -> None:
    laptop = _laptop(laptops, tmp_path, proxy.url, "one")
    laptop.login(f"a-{world.tag}")
    laptop.sync()
    notes.add_note(laptop.store, world.incident_a, "重启后仍然报错 / still failing")
    world.backend.office.assign(world.incident_a, world.b_id)  # meanwhile, dispatch
    proxy.arm("drop_reply", "/push")
    report = laptop.sync()  # refused, the answer lost; the retry gets the same answer
    assert proxy.done()["drop_reply"] == 1
    assert report.rejected == 1 and report.already_applied == 0 and not report.complete
    [refused] = usecases.rejected_changes(laptop.store)
    assert refused.code == "forbidden" and "not assigned to you" in refused.message
    assert "still failing" in refused.description
    assert _server_notes(world, world.incident_a) == []


def test_a_folder_restored_from_a_backup_loses_nothing(
    world: World, laptops: list[Laptop], tmp_path: Path
) -> None:
    laptop = _laptop(laptops, tmp_path, world.backend.url, "laptop")
    laptop.login(f"a-{world.tag}")
    laptop.sync()
    notes.add_note(laptop.store, world.incident_a, "before the backup")
    backup = tmp_path / "backup"
    laptop.store.close()
    shutil.copytree(laptop.path, backup)
    laptop.store = Laptop(laptop.path, laptop.url).store  # reopened
    notes.add_note(laptop.store, world.incident_a, "after the backup, synced")
    assert laptop.sync().complete
    # The disk dies; the folder comes back from the backup, and work goes on.
    laptop.store.close()
    shutil.rmtree(laptop.path)
    shutil.copytree(backup, laptop.path)
    restored = _laptop(laptops, tmp_path, world.backend.url, "laptop")
    notes.add_note(restored.store, world.incident_a, "new work on the restored folder")
    report = restored.sync()
    assert report.new_client_id and report.complete
    assert _server_notes(world, world.incident_a) == sorted(
        ["before the backup", "after the backup, synced", "new work on the restored folder"]
    )
    texts = [
        e.text  # type: ignore[attr-defined]
        for e in queries.incident_detail(restored.store, world.incident_a).entries
        if e.kind == "note"
    ]
    assert sorted(texts) == _server_notes(world, world.incident_a)


def test_a_shared_laptop_keeps_each_technicians_work_theirs(
    world: World, laptops: list[Laptop], tmp_path: Path
) -> None:
    laptop = _laptop(laptops, tmp_path, world.backend.url, "shared")
    laptop.login(f"a-{world.tag}")
    laptop.sync()
    walk_up = usecases_walk_up(laptop)
    notes.add_note(laptop.store, world.incident_a, "A: 机房空调告警 / CRAC alarm")
    usecases.logout(laptop.store, force=True)
    laptop.login(f"b-{world.tag}")
    report = laptop.sync()
    assert report.applied == 0 and report.rejected == 0  # A's work was not sent on B's token
    status = usecases.sync_status(laptop.store)
    assert status.pending == 0 and status.others_pending == 4  # opened, 2 steps, a note
    assert usecases.rejected_changes(laptop.store) == []
    listed = {s.incident.id for s in queries.list_incidents(laptop.store)}
    assert listed == {world.incident_b}  # B sees B's, not A's
    assert {world.incident_a, walk_up} <= laptop.incident_ids()  # A's kept all the same
    with pytest.raises(Exception, match="No incident"):
        queries.incident_detail(laptop.store, world.incident_a)
    usecases.logout(laptop.store, force=True)
    laptop.login(f"a-{world.tag}")
    report = laptop.sync()
    assert report.applied == 4 and report.complete
    assert _server_notes(world, world.incident_a) == ["A: 机房空调告警 / CRAC alarm"]


def usecases_walk_up(laptop: Laptop) -> uuid.UUID:
    from desktop.usecases import incidents

    with laptop.store.read() as s:
        from desktop.store.models import ContractRow

        contract = s.scalars(select(ContractRow.id)).first()
    assert contract is not None
    changed = incidents.open_on_site(
        laptop.store,
        contract=contract,
        title="打印机卡纸 / jammed",
        priority="P4",
        system_name="printer",
    )
    [walk_up] = changed.incident_ids
    return walk_up


def test_text_no_database_can_store_is_refused_per_mutation(world: World) -> None:
    api = world.a
    good = api.entry(note(world.incident_a, "ok"))
    bad = api.entry(note(world.incident_a, "x"))
    bad["payload"]["text"] = "\ud800"  # a lone surrogate, as a broken paste makes one
    body = json.dumps(
        {"client_id": str(api.client_id), "mutations": [good, bad]}, ensure_ascii=True
    )
    r = api.post("/push", data=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["applied", "rejected"]
    assert results[1]["code"] == "invalid" and "Unicode" in results[1]["message"]
    # Nothing else a client sends breaks the service either.
    r = api.post(
        "/login",
        data=json.dumps({"username": "\ud800", "password": "x", "device_name": "d"}),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code in (400, 401, 422) and r.json()["code"] != "internal"


def test_pull_pages_stop_at_a_byte_budget(world: World) -> None:
    api = world.a
    big = "日志" * 90_000  # 540 kB of UTF-8 each: 20 of them make 10.8 MB
    for batch in range(4):  # a push body holds 8 MiB too
        api.push_ok([api.entry(note(world.incident_a, f"{batch}.{i} {big}")) for i in range(5)])
    sizes, pages = [], 0
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2000}
        if cursor:
            params["cursor"] = cursor
        r = api.get("/pull", params=params)
        assert r.status_code == 200
        pages += 1
        sizes.append(len(r.content))
        page = r.json()
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert pages >= 2
    assert max(sizes) < 8 * 1024 * 1024 + 600_000  # the budget and one record at most


def test_a_failed_push_never_breaks_the_pooled_connection(pg_backend: Backend) -> None:
    """One push fails after it staged its rows (a unique id taken at the last moment by a
    concurrent writer); then twenty pushes by others on the same one-connection pool."""
    from tests.sync.conftest import make_world

    world = make_world(pg_backend)
    db = Database(pg_backend.db_url, pool_size=1)
    try:
        caller = _caller(pg_backend, world.a_id, f"a-{world.tag}")
        racing = note(world.incident_a, "mine", author=world.a_id)
        raced = {"done": False}

        @event.listens_for(db.engine, "before_cursor_execute")
        def _concurrent_writer(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
            if raced["done"] or "UPDATE sync_counter" not in statement or "WITH p" not in statement:
                return
            raced["done"] = True
            other = DiagnosticNote(
                id=racing.id,
                incident_id=racing.incident_id,
                recorded_at=T0,
                author_id=world.a_id,
                text="theirs",
            )
            _insert_elsewhere(pg_backend, other)

        answer = server_push(db, caller, _request([racing], 1), clock=utcnow)
        assert raced["done"]
        assert [r.status.value for r in answer.results] == ["rejected"]
        event.remove(db.engine, "before_cursor_execute", _concurrent_writer)
        others = [make_world(pg_backend) for _ in range(4)]
        for n in range(20):
            other = others[n % len(others)]
            them = _caller(pg_backend, other.b_id, f"b-{other.tag}")
            fine = server_push(
                db, them, _request([note(other.incident_b, f"fine {n}")], 1), clock=utcnow
            )
            assert [r.status.value for r in fine.results] == ["applied"], n
    finally:
        db.dispose()


def _caller(backend: Backend, user_id: uuid.UUID, username: str) -> Caller:
    from sync.protocol import Role

    return Caller(user_id=user_id, username=username, name=username, role=Role.TECHNICIAN)


def _request(entries: list[DiagnosticNote], first: int) -> PushRequest:
    from sync.protocol import Mutation
    from sync.protocol.records import entry_to_plain

    return PushRequest(
        client_id=uuid.uuid4(),
        mutations=[
            Mutation(seq=first + i, name=MutationName.ENTRY_ADD, payload=entry_to_plain(e))
            for i, e in enumerate(entries)
        ],
    )


def _insert_elsewhere(backend: Backend, entry: DiagnosticNote) -> None:
    """A concurrent writer on a connection of its own, committed before ours moves."""
    done = threading.Event()

    def write() -> None:
        with backend.db.write() as s:
            s.execute(
                insert(ServerEntryRow).values(
                    id=entry.id,
                    incident_id=entry.incident_id,
                    kind="note",
                    author_id=entry.author_id,
                    recorded_at=T0,
                    received_at=T0,
                    position=0,
                    server_order=0,
                    body=entry_body(entry),
                )
            )
        done.set()

    threading.Thread(target=write).start()
    assert done.wait(timeout=30)


@pytest.mark.parametrize(
    ("fault", "path"),
    [
        ("cut_body", "/login"),
        ("cut_body", "/push"),
        ("cut_body", "/pull"),
        ("reset", "/pull"),
        ("garbage", "/pull"),
        ("portal", "/push"),
        ("bad_gateway", "/pull"),
        ("delay", "/pull"),
    ],
)
def test_every_broken_reply_is_retried_and_nothing_is_lost(
    world: World,
    proxy: FaultProxy,
    laptops: list[Laptop],
    tmp_path: Path,
    fault: str,
    path: str,
) -> None:
    laptop = _laptop(laptops, tmp_path, proxy.url, "laptop")
    if path == "/login":
        proxy.arm(fault, path, seconds=0.5)
    laptop.login(f"a-{world.tag}")
    laptop.sync()
    notes.add_note(laptop.store, world.incident_a, f"through a {fault}")
    if path != "/login":
        proxy.arm(fault, path, seconds=0.5)
    report = laptop.sync()
    assert report.complete and proxy.done().get(fault) == 1
    assert _server_notes(world, world.incident_a) == [f"through a {fault}"]


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("cut_body", Offline),
        ("reset", Offline),
        ("drop_reply", Offline),
        ("portal", BadAnswer),
        ("bad_gateway", BadAnswer),
        ("garbage", BadAnswer),
    ],
)
def test_a_reply_broken_every_time_is_a_typed_error(
    world: World, proxy: FaultProxy, fault: str, error: type[Exception]
) -> None:
    conn = Connection(proxy.url, world.a.token, policy=FAST)
    proxy.arm(fault, "/pull", times=FAST.attempts * FAST.attempts)
    with pytest.raises(error):
        conn.pull(None)
    assert proxy.done()[fault] >= FAST.attempts  # tried again, every time
    conn.close()


@pytest.mark.parametrize(("fault", "words"), [("cut_body", "offline"), ("portal", "strangely")])
def test_the_command_line_says_one_plain_line_when_every_try_breaks(
    sqlite_backend: Backend, tmp_path: Path, fault: str, words: str
) -> None:
    from tests.sync.conftest import make_world

    world = make_world(sqlite_backend)
    proxy = FaultProxy(sqlite_backend.server.port)
    try:
        _cli_breaks(world, proxy, tmp_path, fault, words)
    finally:
        proxy.close()


def _cli_breaks(world: World, proxy: FaultProxy, tmp_path: Path, fault: str, words: str) -> None:
    data = tmp_path / "cli"
    env = {**__import__("os").environ, "FIELDBOOK_PASSWORD": "pw"}

    def fieldbook(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fieldbook", "--data-dir", str(data), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    proxy.arm(fault, "/login", times=50)
    done = fieldbook("login", "--server", proxy.url, "--user", f"a-{world.tag}")
    assert done.returncode == errors.EXIT_UNREACHABLE, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in done.stderr
    log = (data / "logs" / "fieldbook.log").read_text(encoding="utf-8")
    assert "Traceback" not in log
    proxy.clear()
    assert fieldbook("login", "--server", proxy.url, "--user", f"a-{world.tag}").returncode == 0
    proxy.arm(fault, "/pull", times=50)
    done = fieldbook("sync")
    assert done.returncode == errors.EXIT_UNREACHABLE
    assert words in done.stderr.strip().splitlines()[-1]
