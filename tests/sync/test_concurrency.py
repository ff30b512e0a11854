"""Concurrent writers: pulls never skip a late commit; two server processes, one database."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from domain.ids import new_id
from domain.records import DiagnosticNote
from sync.protocol.messages import RecordKind
from sync.server.feed import Staged, take_position
from sync.server.models import ORDER_SPAN, EntryRow
from sync.server.records import entry_body
from tests.sync.conftest import T0, Api, Backend, ServerProcess, World, held, make_world, note


def _wait_until(predicate: Any, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def test_a_row_committed_late_is_never_skipped(pg_backend: Backend) -> None:
    """T1 takes its position; T2 (a push through the server) comes after; a pull runs;
    then T1 commits. The next pull from the cursor must bring T1's row (and T2's).

    With the counter row, T2 cannot commit a later position before T1: it waits for
    T1's lock (seen in pg_stat_activity). A plain auto-increment would let T2 commit
    position p+1 first, the pull would move its cursor past it, and T1's p would be lost.
    """
    world = make_world(pg_backend)
    db = pg_backend.db
    # T2 writes on another incident of A's: the two share no row, only the counter.
    other_incident = world.incident(world.a_id)
    _, cursor, _ = world.a.pull_all()
    late = DiagnosticNote(
        id=new_id(),
        incident_id=world.incident_a,
        recorded_at=T0,
        author_id=world.a_id,
        text="T1: committed late",
    )
    t1_has_position = threading.Event()
    t1_commit = threading.Event()
    t1_errors: list[BaseException] = []

    def t1() -> None:
        try:
            with db.write() as s:
                position = take_position(s)
                s.add(
                    EntryRow(
                        id=late.id,
                        incident_id=late.incident_id,
                        kind=late.kind,
                        author_id=world.a_id,
                        recorded_at=T0,
                        received_at=T0,
                        position=position,
                        server_order=position * ORDER_SPAN,
                        client_id=None,
                        client_seq=None,
                        voided_id=None,
                        sha256=None,
                        body=entry_body(late),
                    )
                )
                s.flush()
                staged = Staged()
                staged.put(world.a_id, RecordKind.ENTRY, late.id)
                staged.write(s, position)
                t1_has_position.set()
                assert t1_commit.wait(timeout=30)
        except BaseException as error:
            t1_errors.append(error)
            t1_has_position.set()

    writer1 = threading.Thread(target=t1)
    writer1.start()
    assert t1_has_position.wait(timeout=30)
    assert not t1_errors
    second = note(other_incident, "T2: a later writer")
    with ThreadPoolExecutor(1) as pool:
        t2 = pool.submit(world.a.push_ok, [world.a.entry(second)])

        def t2_waits_for_t1() -> bool:
            with db.engine.connect() as conn:
                waiting = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND query ILIKE '%sync_counter%'"
                    )
                ).scalar_one()
                return bool(waiting)

        _wait_until(t2_waits_for_t1, "T2 to queue behind T1 for a position")
        assert not t2.done()
        middle, cursor_mid, _ = world.a.pull_all(cursor)  # a pull while T1 is open
        assert str(late.id) not in held(middle, "entry")
        assert str(second.id) not in held(middle, "entry")
        t1_commit.set()
        writer1.join(timeout=30)
        assert not t1_errors
        assert t2.result(timeout=30)["results"][0]["status"] == "applied"
    after, _, reset = world.a.pull_all(cursor_mid)
    assert not reset
    assert str(late.id) in held(after, "entry"), "the late commit was skipped"
    assert str(second.id) in held(after, "entry")


@pytest.fixture(scope="module")
def second_server(
    pg_backend: Backend, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    server = ServerProcess(
        pg_backend.db_url, Path(tmp_path_factory.mktemp("second")) / "server.log"
    )
    yield server
    server.stop()


def test_two_processes_serve_the_same_laptops(
    pg_backend: Backend, second_server: ServerProcess
) -> None:
    world = make_world(pg_backend)
    other = Api(second_server.url, world.a.token)
    other.client_id = world.a.client_id
    n = note(world.incident_a, "pushed through server 1")
    world.a.push_ok([world.a.entry(n)])
    changes, _, _ = other.pull_all()
    assert held(changes, "entry")[str(n.id)]["text"] == "pushed through server 1"  # type: ignore[index]
    # The same numbers pushed through both at once, again and again: each applies once.
    for round_ in range(8):
        batch = [world.a.entry(note(world.incident_a, f"round {round_} #{i}")) for i in range(5)]
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda api, b=batch: api.push_ok(b), (world.a, other)))
        for i in range(5):
            statuses = sorted(answer["results"][i]["status"] for answer in answers)
            assert statuses == ["already_applied", "applied"], (round_, i, statuses)
    view = world.dispatch.get(f"/dispatch/incidents/{world.incident_a}").json()
    assert len(view["entries"]) == 1 + 8 * 5


def _writers_and_a_reader(world: World, servers: list[str]) -> None:
    """Laptops push through the servers while the technician's other laptop keeps
    pulling; afterwards, what it pulled is exactly what was applied."""
    rounds, per_push = 12, 4
    laptops = [Api(servers[i % len(servers)], world.a.token) for i in range(4)]
    applied: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()
    seen: dict[str, Any] = {}
    reader = Api(servers[-1], world.a.token)
    cursor_box: list[str | None] = [None]

    def write(api: Api) -> None:
        for r in range(rounds):
            entries = [note(world.incident_a, f"{api.client_id} {r} {i}") for i in range(per_push)]
            body = api.push_ok([api.entry(e) for e in entries])
            assert all(x["status"] == "applied" for x in body["results"])
            with lock:
                applied.update(str(e.id) for e in entries)

    def read() -> None:
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline:
            changes, cursor_box[0], _ = reader.pull_all(cursor_box[0], limit=16)
            seen.update(held(changes, "entry"))

    _, cursor_box[0], _ = reader.pull_all()
    thread = threading.Thread(target=read)
    thread.start()
    with ThreadPoolExecutor(len(laptops)) as pool:
        list(pool.map(write, laptops))
    stop.set()
    thread.join(timeout=60)
    changes, _, _ = reader.pull_all(cursor_box[0])
    seen.update(held(changes, "entry"))
    assert set(seen) == applied
    assert len(applied) == len(laptops) * rounds * per_push


def test_concurrent_writers_never_hide_a_row_from_a_puller(backend: Backend) -> None:
    world = make_world(backend)
    _writers_and_a_reader(world, [backend.url])


def test_concurrent_writers_through_two_processes(
    pg_backend: Backend, second_server: ServerProcess
) -> None:
    world = make_world(pg_backend)
    _writers_and_a_reader(world, [pg_backend.url, second_server.url])
