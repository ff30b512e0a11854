"""The laptop's sync, end to end: 10,000 offline mutations pushed, then pulled into a
fresh laptop, over loopback against the real service (a subprocess on SQLite).

    .venv/bin/python bench/sync.py [--mutations 10000]

The baseline, measured in the same run: the very same push bodies posted with bare
``requests`` to a minimal stdlib ``http.server`` endpoint that inserts the mutations
with one ``executemany`` into SQLite, and the same rows paged back out (2,000 a page)
and inserted with one ``executemany`` into a local SQLite file. Prints mutations/s both
ways and the ratios (target: at most 3x).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import json
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from statistics import median
from typing import Any

import requests
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.store import mapping, outbox  # noqa: E402
from desktop.store.db import open_store  # noqa: E402
from desktop.store.models import MetaRow, OutboxRow  # noqa: E402
from desktop.syncing import engine  # noqa: E402
from domain.ids import new_id  # noqa: E402
from domain.records import DiagnosticNote, Priority, SystemCategory  # noqa: E402
from sync.client import Connection, RetryPolicy  # noqa: E402
from sync.protocol import MAX_PUSH_MUTATIONS  # noqa: E402
from sync.server.db import Database  # noqa: E402
from sync.server.office import Office  # noqa: E402

POLICY = RetryPolicy(attempts=3, backoff=0.1, read_timeout=300)


def quiet(_stage: str, _done: int, _total: int | None) -> None:
    pass


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _server(db_url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "sync.server", "--db", db_url, "--log-level", "WARNING"),
            *("serve", "--host", "127.0.0.1", "--port", str(port)),
        ],
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/health", timeout=1).status_code == 200:
                return proc, url
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"the server did not start:\n{log.read_text()[-2000:]}")


# --- the baseline: bare HTTP + one executemany ----------------------------------------


def _baseline_server(db: Path) -> tuple[ThreadingHTTPServer, str]:
    con = sqlite3.connect(db, check_same_thread=False)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE m (pos INTEGER PRIMARY KEY, seq INT, name TEXT, payload TEXT)")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: Any) -> None:
            pass

        def _answer(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            data = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            rows = [(m["seq"], m["name"], json.dumps(m["payload"])) for m in data["mutations"]]
            with lock, con:
                con.executemany("INSERT INTO m (seq, name, payload) VALUES (?, ?, ?)", rows)
            self._answer(b'{"ok":true}')

        def do_GET(self) -> None:
            after = int(self.path.rsplit("=", 1)[1])
            with lock:
                rows = con.execute(
                    "SELECT pos, seq, name, payload FROM m WHERE pos > ? ORDER BY pos LIMIT 2000",
                    (after,),
                ).fetchall()
            page = [
                {"pos": p, "seq": s, "name": n, "payload": json.loads(d)} for p, s, n, d in rows
            ]
            self._answer(json.dumps({"changes": page, "has_more": len(rows) == 2000}).encode())

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _baseline(bodies: list[bytes], tmp: Path) -> tuple[float, float]:
    server, url = _baseline_server(tmp / "baseline-server.db")
    http = requests.Session()
    try:
        gc.collect()  # each timed part starts clean: no other part's garbage
        t0 = time.perf_counter()
        for body in bodies:
            r = http.post(f"{url}/push", data=body, headers={"Content-Type": "application/json"})
            r.raise_for_status()
        push = time.perf_counter() - t0
        local = sqlite3.connect(tmp / "baseline-laptop.db")
        local.execute("PRAGMA journal_mode=WAL")
        local.execute("PRAGMA synchronous=FULL")
        local.execute("CREATE TABLE m (pos INTEGER PRIMARY KEY, seq INT, name TEXT, payload TEXT)")
        gc.collect()  # each timed part starts clean: no other part's garbage
        t0 = time.perf_counter()
        after = 0
        while True:
            page = http.get(f"{url}/pull?after={after}").json()
            rows = [
                (c["pos"], c["seq"], c["name"], json.dumps(c["payload"])) for c in page["changes"]
            ]
            with local:
                local.executemany("INSERT INTO m VALUES (?, ?, ?, ?)", rows)
            if rows:
                after = rows[-1][0]
            if not page["has_more"]:
                break
        pull = time.perf_counter() - t0
        local.close()
        return push, pull
    finally:
        server.shutdown()


# --- the real thing -----------------------------------------------------------------------


def _time_the_service() -> dict[str, float]:
    """Sum the time spent in ``Connection.push_raw`` and ``Connection.pull`` (the request
    sent, the service's work, the answer read and parsed): the rest is the laptop's."""
    spent: dict[str, float] = {}
    for name in ("push_raw", "pull"):
        method = getattr(Connection, name)

        def timed(*args: Any, _method: Any = method, _name: str = name, **kw: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return _method(*args, **kw)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.perf_counter() - t0

        setattr(Connection, name, timed)
    return spent


@contextlib.contextmanager
def _profiled(folder: Path | None, name: str, server_pid: int) -> Iterator[None]:
    """cProfile the laptop's side into ``folder/name.prof`` and, with py-spy on the PATH
    or beside this Python, sample the service into ``folder/name-server.txt`` (collapsed stacks)."""
    if folder is None:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    spy_exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    spy = None
    if Path(spy_exe).exists():
        spy = subprocess.Popen(
            [
                *(spy_exe, "record", "-p", str(server_pid), "-r", "200", "--nonblocking"),
                *("-f", "raw", "-o", str(folder / f"{name}-server.txt")),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)  # py-spy attaching
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        profile.dump_stats(folder / f"{name}.prof")
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="medians of this many runs")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="write cProfile stats of the laptop's push and pull (push-N.prof, pull-N.prof) "
        "to DIR, and py-spy flame graphs of the service meanwhile when py-spy is installed",
    )
    args = parser.parse_args()
    n: int = args.mutations
    figures: dict[str, list[float]] = {"push": [], "pull": [], "base_push": [], "base_pull": []}
    figures |= {"push_wait": [], "pull_wait": []}
    waited = _time_the_service()
    with tempfile.TemporaryDirectory(prefix="fieldbook-bench-sync-") as tmp_name:
        tmp = Path(tmp_name)
        db_url = f"sqlite:///{tmp / 'server.db'}"
        proc, url = _server(db_url, tmp / "server.log")
        try:
            db = Database(db_url, pool_size=2)
            office = Office(db)
            client = office.add_client("Bench client")
            contract = office.add_contract(
                client, "EMA-BENCH", {Priority.P1: (5, 240)}, pause_allowed=True
            )
            system = office.add_system(contract, "Oracle RAC", SystemCategory.DATABASE)
            # One technician and incident a run, so each run pulls only its own notes.
            crews = []
            for run in range(args.runs):
                tech = office.add_user(f"bench{run}", "Bench Technician", "pw")
                incident = office.add_incident(
                    contract=contract,
                    number=f"INC-BENCH-{run}",
                    title="node down",
                    priority=Priority.P1,
                    system=system,
                    assign_to=tech,
                )
                crews.append((tech, incident))
            db.dispose()

            for run, (tech, incident) in enumerate(crews):
                token = Connection(url, policy=POLICY).login(f"bench{run}", "pw", "bench").token

                def laptop(name: str, tech: uuid.UUID = tech) -> Any:
                    store = open_store(tmp / name)
                    with store.write() as s:
                        s.merge(MetaRow(key="technician_id", value=str(tech)))
                    return store

                def connect(token: str = token) -> Connection:
                    return Connection(url, token, policy=POLICY)

                one = laptop(f"laptop-one-{run}")
                engine.sync(one, connect)  # the incident arrives (not timed)
                client_id = uuid.uuid4()  # the baseline's own stream
                now = datetime.now(UTC)
                with one.write() as s:  # n notes written offline, each with its outbox row
                    for i in range(n):
                        entry = DiagnosticNote(
                            id=new_id(),
                            incident_id=incident,
                            recorded_at=now,
                            author_id=tech,
                            text=f"note {i}: ORA-00600 [kcbzib_kcrsds_1] on node {i % 4}",
                        )
                        s.add(mapping.entry_row(entry))
                        outbox.enqueue_entry(s, entry, now=now)
                # The very push bodies the engine sends, for the baseline (built untimed).
                with one.read() as s:
                    rows = list(s.scalars(select(OutboxRow).order_by(OutboxRow.seq)))
                for number, row in enumerate(rows, 1):  # numbered as the engine will
                    row.wire_seq = number
                bodies = []
                while rows:
                    body, count = engine.push_body(client_id, rows[:MAX_PUSH_MUTATIONS])
                    bodies.append(body)
                    rows = rows[count:]
                report = engine.SyncReport()
                with _profiled(args.profile, f"push-{run}", proc.pid):
                    gc.collect()  # each timed part starts clean: no other part's garbage
                    t0 = time.perf_counter()
                    with connect() as conn:
                        engine.push(one, conn, report, quiet, owner=tech)
                    push_s = time.perf_counter() - t0
                figures["push_wait"].append(waited.pop("push_raw", 0.0))
                assert report.applied == n, report

                two = laptop(f"laptop-two-{run}")
                engine._ensure_state(two)  # a fresh laptop: everything from no cursor
                report = engine.SyncReport()
                with _profiled(args.profile, f"pull-{run}", proc.pid):
                    gc.collect()  # each timed part starts clean: no other part's garbage
                    t0 = time.perf_counter()
                    with connect() as conn:
                        engine.pull(two, conn, report, quiet, limit=2000, hooks=engine.SyncHooks())
                    pull_s = time.perf_counter() - t0
                figures["pull_wait"].append(waited.pop("pull", 0.0))
                pulled = report.changes
                one.close()
                two.close()

                (tmp / f"baseline-{run}").mkdir()
                base_push, base_pull = _baseline(bodies, tmp / f"baseline-{run}")
                figures["push"].append(push_s)
                figures["pull"].append(pull_s)
                figures["base_push"].append(base_push)
                figures["base_pull"].append(base_pull)
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    push_s, pull_s = median(figures["push"]), median(figures["pull"])
    base_push, base_pull = median(figures["base_push"]), median(figures["base_pull"])
    print(f"sync bench: {n} mutations, server on SQLite, loopback, medians of {args.runs} runs")
    print(
        f"push  {push_s:7.2f} s  {n / push_s:8.0f} mutations/s   baseline {base_push:6.2f} s "
        f"{n / base_push:8.0f}/s   ratio {push_s / base_push:4.1f}x"
    )
    print(
        f"      of which waiting for the service (request, its work, the answer read): "
        f"{median(figures['push_wait']):.2f} s"
    )
    print(
        f"pull  {pull_s:7.2f} s  {pulled / pull_s:8.0f} changes/s     baseline {base_pull:6.2f} s "
        f"{n / base_pull:8.0f}/s   ratio {pull_s / base_pull:4.1f}x   ({pulled} changes)"
    )
    print(
        f"      of which waiting for the service (request, its work, the answer read): "
        f"{median(figures['pull_wait']):.2f} s"
    )


if __name__ == "__main__":
    main()
