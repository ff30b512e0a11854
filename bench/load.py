"""N technicians syncing at once against one central service on PostgreSQL.

    .venv/bin/python bench/load.py [--technicians 50,200] [--rounds 5] [--batch 10]
                                   [--workers 2] [--pg postgresql://postgres@127.0.0.1/postgres]

For each N: a fresh database, the real server (``python -m sync.server serve``, with
``--workers`` processes) on a free port of 127.0.0.1, N technicians with two incidents
each, all logged in. A sync is one push of ``--batch`` mutations (notes, and the status
moves of the first round), then pulls until the page says nothing more. Two loads:

* ``paced`` (the app's background sync): every technician syncs every ``--interval``
  seconds, starting at a random moment of the first interval, ``--rounds`` times;
* ``burst``: every technician starts at the same instant and syncs ``--rounds`` times
  back to back, the worst case (everyone comes out of the server room at once).

Each HTTP request is timed from the client; errors are any answer other than 2xx, or
no answer. Bounded: ``--rounds`` rounds and ``--deadline`` seconds per run, after which
the remaining work is dropped (and counted).

The load generator runs on the same machine as the server and the database and takes
its share of the CPU: the figures are an upper bound of what the server alone costs.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.serving import add_service_options  # noqa: E402
from domain.ids import new_id  # noqa: E402
from domain.records import (  # noqa: E402
    DiagnosticNote,
    Priority,
    Status,
    StatusChange,
    SystemCategory,
)
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, MutationName  # noqa: E402
from sync.protocol.records import entry_to_plain  # noqa: E402
from sync.server.db import Database  # noqa: E402
from sync.server.office import Office  # noqa: E402

PASSWORD = "bench"
TARGETS = {Priority.P1: (5, 240), Priority.P2: (15, 480)}


@dataclass
class Technician:
    username: str
    user_id: uuid.UUID
    incidents: list[uuid.UUID]
    token: str = ""
    client_id: uuid.UUID = field(default_factory=uuid.uuid4)
    seq: int = 0
    cursor: str | None = None


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    mutations: int = 0
    dropped: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, what: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies[what].append(seconds)
            if not ok:
                self.errors[what] += 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(
    db_url: str,
    workers: int,
    log: Path,
    python: str = sys.executable,
    root: Path = ROOT,
) -> tuple[subprocess.Popen[bytes], str]:
    """The service from ``root`` (another checkout: the code before a change) on a free
    port, with ``python`` (that checkout's environment)."""
    port = free_port()
    out = log.open("wb")
    proc = subprocess.Popen(
        [
            python,
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
            str(port),
            "--workers",
            str(workers),
            "--pool-size",
            "20",
        ],
        cwd=root,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a loaded machine starts it slowly
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/health", timeout=1).status_code == 200:
                return proc, url
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start within 180 s")


def seed(db_url: str, n: int) -> list[Technician]:
    db = Database(db_url, pool_size=4)
    office = Office(db)
    client = office.add_client("Bench client 压测客户", language="zh")
    contract = office.add_contract(client, "EMA-BENCH", TARGETS)
    system = office.add_system(contract, "Oracle RAC 19c", SystemCategory.DATABASE)
    part = office.add_part("DIMM-BENCH", "32 GB RDIMM")
    technicians = []
    for i in range(n):
        name = f"tech{i:04d}"
        user = office.add_user(name, f"Technician {i}", PASSWORD)
        office.set_stock(user, part, 5)
        incidents = [
            office.add_incident(
                contract=contract,
                number=f"INC-B-{i:04d}-{k}",
                title="node down",
                priority=Priority.P1,
                system=system,
                assign_to=user,
            )
            for k in range(2)
        ]
        technicians.append(Technician(name, user, incidents))
    db.dispose()
    return technicians


def session(pool: int) -> requests.Session:
    http = requests.Session()
    http.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=pool))
    http.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
    return http


def login(url: str, tech: Technician) -> None:
    """Sign in, waiting as told while the service's hashing slots are all taken (503)."""
    for _ in range(60):
        r = session(1).post(
            f"{url}/login",
            json={"username": tech.username, "password": PASSWORD, "device_name": "bench"},
            timeout=60,
        )
        if r.status_code != 503:
            break
        time.sleep(float(r.headers.get("Retry-After", "1")))
    r.raise_for_status()
    tech.token = r.json()["token"]


def batch(tech: Technician, size: int, first: bool) -> list[dict[str, Any]]:
    now = datetime.now(UTC)
    entries: list[Any] = []
    if first:
        iid = tech.incidents[0]
        for frm, to in ((Status.NEW, Status.RESPONDED), (Status.RESPONDED, Status.ON_SITE)):
            entries.append(
                StatusChange(
                    id=new_id(),
                    incident_id=iid,
                    recorded_at=now,
                    author_id=None,
                    from_status=frm,
                    to_status=to,
                )
            )
    while len(entries) < size:
        entries.append(
            DiagnosticNote(
                id=new_id(),
                incident_id=random.choice(tech.incidents),
                recorded_at=now,
                author_id=None,
                text="fan failure on PSU 2, replaced; 风扇故障 " * 3,
            )
        )
    mutations = []
    for e in entries:
        tech.seq += 1
        name = (
            MutationName.INCIDENT_STATUS if isinstance(e, StatusChange) else MutationName.ENTRY_ADD
        )
        mutations.append({"seq": tech.seq, "name": name, "payload": entry_to_plain(e)})
    return mutations


def run_technician(
    url: str,
    tech: Technician,
    rounds: int,
    size: int,
    interval: float,
    start: threading.Barrier,
    deadline: float,
    tally: Tally,
) -> None:
    http = session(1)
    http.headers["Authorization"] = f"Bearer {tech.token}"
    phase = random.uniform(0, interval)
    start.wait()
    began = time.monotonic()
    for r in range(rounds):
        if time.monotonic() > deadline:
            with tally.lock:
                tally.dropped += rounds - r
            return
        if interval:
            time.sleep(max(0.0, began + phase + r * interval - time.monotonic()))
        else:
            time.sleep(random.uniform(0, 0.02))
        sync_began = time.perf_counter()
        ok_sync = True
        body = {"client_id": str(tech.client_id), "mutations": batch(tech, size, r == 0)}
        t = time.perf_counter()
        try:
            resp = http.post(f"{url}/push", json=body, timeout=60)
            ok = resp.status_code == 200
            if ok:
                with tally.lock:
                    tally.mutations += len(body["mutations"])
        except requests.RequestException:
            ok = False
        tally.record("push", time.perf_counter() - t, ok)
        ok_sync &= ok
        for _ in range(100):
            params = {"cursor": tech.cursor} if tech.cursor else {}
            t = time.perf_counter()
            try:
                resp = http.get(f"{url}/pull", params=params, timeout=60)
                ok = resp.status_code == 200
            except requests.RequestException:
                ok = False
            tally.record("pull", time.perf_counter() - t, ok)
            ok_sync &= ok
            if not ok:
                break
            page = resp.json()
            tech.cursor = page["cursor"]
            if not page["has_more"]:
                break
        tally.record("sync", time.perf_counter() - sync_began, ok_sync)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench(n: int, load: str, args: argparse.Namespace) -> dict[str, Any]:
    name = f"fieldbook_bench_{secrets.token_hex(5)}"
    admin = args.pg
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db_url = admin.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + f"/{name}"
    log = Path(tempfile.mkdtemp(prefix="fieldbook-load-")) / "server.log"
    proc: subprocess.Popen[bytes] | None = None
    try:
        # Migrate and seed before the server starts (its workers then only serve).
        Database(db_url, pool_size=1).migrate()
        began = time.perf_counter()
        technicians = seed(db_url, n)
        seeded = time.perf_counter() - began
        proc, url = start_server(
            db_url, args.workers, log, args.server_python, Path(args.server_root)
        )
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda t: login(url, t), technicians))
        interval = args.interval if load == "paced" else 0.0
        tally = Tally()
        start = threading.Barrier(n)
        deadline = time.monotonic() + args.deadline
        began = time.perf_counter()
        threads = [
            threading.Thread(
                target=run_technician,
                args=(url, t, args.rounds, args.batch, interval, start, deadline, tally),
            )
            for t in technicians
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.deadline + 120)
        wall = time.perf_counter() - began
        result: dict[str, Any] = {
            "technicians": n,
            "load": load,
            "interval_s": interval,
            "rounds": args.rounds,
            "batch": args.batch,
            "server_processes": args.workers,
            "seed_s": round(seeded, 1),
            "wall_s": round(wall, 2),
            "mutations_per_s": round(tally.mutations / wall),
            "dropped_rounds": tally.dropped,
        }
        for what in ("push", "pull", "sync"):
            values = tally.latencies[what]
            result[what] = {
                "count": len(values),
                "p50_ms": round(percentile(values, 50) * 1000, 1),
                "p99_ms": round(percentile(values, 99) * 1000, 1),
                "max_ms": round(max(values) * 1000, 1) if values else None,
                "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else None,
                "errors": tally.errors[what],
            }
        requests_made = len(tally.latencies["push"]) + len(tally.latencies["pull"])
        result["requests_per_s"] = round(requests_made / wall)
        return result
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--technicians", default="50,200", help="comma-separated values of N")
    parser.add_argument("--load", default="paced,burst", help="paced, burst or both")
    parser.add_argument("--interval", type=float, default=10.0, help="paced: seconds between syncs")
    parser.add_argument("--rounds", type=int, default=5, help="syncs per technician")
    parser.add_argument("--batch", type=int, default=10, help="mutations per push")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--deadline", type=float, default=150.0, help="seconds per run, at most")
    add_service_options(parser)
    args = parser.parse_args()
    random.seed(1)
    runs = [(int(n), load) for n in args.technicians.split(",") for load in args.load.split(",")]
    for n, load in runs:
        result = bench(n, load, args)
        print(json.dumps(result), flush=True)
        print(
            f"N={n:4d} {load:5s}: "
            f"sync p50 {result['sync']['p50_ms']} ms, p99 {result['sync']['p99_ms']} ms | "
            f"push p50 {result['push']['p50_ms']} / p99 {result['push']['p99_ms']} ms | "
            f"pull p50 {result['pull']['p50_ms']} / p99 {result['pull']['p99_ms']} ms | "
            f"errors {sum(result[w]['errors'] for w in ('push', 'pull'))} | "
            f"{result['requests_per_s']} req/s, {result['mutations_per_s']} mutations/s",
            file=sys.stderr,
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
