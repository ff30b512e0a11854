"""CPU per sync: what one sync (a push of 10 mutations, then a pull) costs the service
and PostgreSQL, counted by the processes themselves.

    .venv/bin/python bench/cpu.py [--technicians 20] [--syncs 200] [--runs 3]
                                  [--threads 4] [--workers 1]
                                  [--pg postgresql://postgres@127.0.0.1/postgres]

A fresh PostgreSQL database; the real service (``python -m sync.server serve``) on a
free port of 127.0.0.1; ``--technicians`` technicians with two incidents each, logged
in and synced once (their first full download is not counted). Then ``--syncs`` syncs
are made by ``--threads`` client threads, round robin over the technicians: one push of
10 notes, then pulls until the page says nothing more.

The CPU is read from ``/proc/PID/stat`` (user + system time) before and after: for the
service, its process and every process under it (the ``--workers``); for PostgreSQL,
the backends serving this database (``pg_stat_activity``; a backend that started during
the run counts from zero). The cluster's shared processes (WAL writer, checkpointer) and
the load generator are not counted.

The baseline, in the same run on the same database: a minimal Starlette endpoint on
uvicorn (``--bare``) that reads the same push bodies with ``json.loads``, inserts them
with one ``executemany`` and answers a pull with the rows after the client's last one,
with one SELECT. Prints, per run and as medians: CPU ms per sync of the service and of
PostgreSQL, the ratio to the baseline, and syncs per second per core (1000 ms divided
by the CPU ms per sync of service + PostgreSQL).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import signal
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import Technician, batch, free_port, login, seed, session  # noqa: E402
from bench.serving import add_service_options, start, stop  # noqa: E402
from sync.server.db import Database  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


# --- CPU accounting from /proc -----------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process, in seconds (0 for a process that is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14, 15)


def descendants(root: int) -> list[int]:
    """``root`` and every process under it."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def backends(admin: str, database: str) -> list[int]:
    with psycopg.connect(admin, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    return [int(r[0]) for r in rows]


class Meter:
    """CPU of a process tree and of a database's backends between two readings."""

    def __init__(self, root: int, admin: str, database: str) -> None:
        self.root, self.admin, self.database = root, admin, database
        self.service: dict[int, float] = {}
        self.pg: dict[int, float] = {}

    def read(self) -> tuple[dict[int, float], dict[int, float]]:
        service = {pid: cpu_seconds(pid) for pid in descendants(self.root)}
        pg = {pid: cpu_seconds(pid) for pid in backends(self.admin, self.database)}
        return service, pg

    def start(self) -> None:
        self.service, self.pg = self.read()

    def stop(self) -> tuple[float, float, int]:
        """CPU seconds of the service and of PostgreSQL since :meth:`start`, and how many
        backends ended meanwhile (their CPU is lost to this count)."""
        service, pg = self.read()
        gone = len(set(self.pg) - set(pg))
        return (
            sum(v - self.service.get(pid, 0.0) for pid, v in service.items()),
            sum(v - self.pg.get(pid, 0.0) for pid, v in pg.items()),
            gone,
        )


# --- the baseline: a minimal endpoint, run as `bench/cpu.py --bare URL PORT` ------------


def serve_bare(db_url: str, port: int) -> None:
    import uvicorn
    from sqlalchemy import create_engine, text
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    engine = create_engine(db_url, pool_size=4)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS bare_mutations (id BIGSERIAL PRIMARY KEY, "
                "client_id TEXT, seq BIGINT, name TEXT, payload TEXT, UNIQUE (client_id, seq))"
            )
        )

    def insert(body: dict[str, Any]) -> int:
        rows = [
            {
                "c": body["client_id"],
                "s": m["seq"],
                "n": m["name"],
                "p": json.dumps(m["payload"], ensure_ascii=False),
            }
            for m in body["mutations"]
        ]
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO bare_mutations (client_id, seq, name, payload) "
                    "VALUES (:c, :s, :n, :p)"
                ),
                rows,
            )
        return len(rows)

    def select_after(client: str, after: int) -> list[dict[str, Any]]:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, payload FROM bare_mutations WHERE client_id = :c AND id > :a "
                    "ORDER BY id LIMIT 500"
                ),
                {"c": client, "a": after},
            ).all()
        return [{"id": r.id, "payload": json.loads(r.payload)} for r in rows]

    async def push(request: Request) -> Response:
        body = json.loads(await request.body())
        return JSONResponse({"inserted": await run_in_threadpool(insert, body)})

    async def pull(request: Request) -> Response:
        client = request.query_params["client"]
        after = int(request.query_params.get("after", "0"))
        return JSONResponse({"rows": await run_in_threadpool(select_after, client, after)})

    app = Starlette(routes=[Route("/push", push, methods=["POST"]), Route("/pull", pull)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# --- the run -----------------------------------------------------------------------------


def sync_once(url: str, tech: Technician, http: requests.Session, first: bool) -> int:
    """One sync of ``tech``: a push of 10 mutations, then pulls; the changes pulled."""
    body = {"client_id": str(tech.client_id), "mutations": batch(tech, 10, first)}
    r = http.post(f"{url}/push", json=body, timeout=60)
    assert r.status_code == 200, r.text[:500]
    got = 0
    for _ in range(1000):
        params = {"cursor": tech.cursor} if tech.cursor else {}
        r = http.get(f"{url}/pull", params=params, timeout=60)
        assert r.status_code == 200, r.text[:500]
        page = r.json()
        got += len(page["changes"])
        tech.cursor = page["cursor"]
        if not page["has_more"]:
            break
    return got


def bare_sync(url: str, tech: Technician, http: requests.Session) -> int:
    body = {"client_id": str(tech.client_id), "mutations": batch(tech, 10, False)}
    r = http.post(f"{url}/push", json=body, timeout=60)
    assert r.status_code == 200, r.text[:500]
    params = {"client": str(tech.client_id), "after": tech.cursor or "0"}
    rows = http.get(f"{url}/pull", params=params, timeout=60).json()["rows"]
    if rows:
        tech.cursor = str(rows[-1]["id"])
    return len(rows)


def drive(technicians: list[Technician], syncs: int, threads: int, one: Any) -> tuple[float, int]:
    """``syncs`` syncs by ``threads`` threads, each over its own technicians in turn (a
    technician is never synced by two threads at once); wall seconds and changes."""
    sessions = [session(1) for _ in technicians]
    for http, tech in zip(sessions, technicians, strict=True):
        if tech.token:
            http.headers["Authorization"] = f"Bearer {tech.token}"
    lock = threading.Lock()
    pulled = 0

    def worker(j: int) -> None:
        nonlocal pulled
        mine = list(range(j, len(technicians), threads))
        for k in range(syncs // threads + (j < syncs % threads)):
            i = mine[k % len(mine)]
            got = one(technicians[i], sessions[i])
            with lock:
                pulled += got

    began = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        for f in [pool.submit(worker, j) for j in range(threads)]:
            f.result()
    return time.perf_counter() - began, pulled


def measure(
    args: argparse.Namespace, admin: str, name: str, db_url: str, tmp: Path
) -> list[dict[str, Any]]:
    Database(db_url, pool_size=1).migrate()
    technicians = seed(db_url, args.technicians)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        *(args.server_python, "-m", "sync.server", "--db", db_url, "--log-level", "WARNING"),
        *("serve", "--host", "127.0.0.1", "--port", str(port)),
        *("--workers", str(args.workers), "--pool-size", "8"),
    ]
    if args.profile:
        # py-spy (pip install py-spy) samples every thread of the service; collapsed stacks.
        spy = [
            "py-spy",
            "record",
            "--gil",
            "--nonblocking",
            "-r",
            "400",
            "--format",
            "raw",
            "-o",
            args.profile,
        ]
        command = [*spy, "--subprocesses", "--", *command]
    server = start(command, f"{url}/health", tmp / "server.log", Path(args.server_root))
    bare_port = free_port()
    bare_url = f"http://127.0.0.1:{bare_port}"
    bare = start(
        [sys.executable, str(Path(__file__)), "--bare", db_url, str(bare_port)],
        f"{bare_url}/pull?client=x",
        tmp / "bare.log",
    )
    results = []
    try:
        for tech in technicians:
            login(url, tech)
        # Warm up: every technician's first full download, and the pools filled.
        drive(technicians, len(technicians), args.threads, lambda t, h: sync_once(url, t, h, True))
        bare_techs = [Technician(t.username, t.user_id, t.incidents) for t in technicians]
        drive(bare_techs, len(bare_techs), args.threads, lambda t, h: bare_sync(bare_url, t, h))
        meter = Meter(server.pid, admin, name)  # under py-spy: py-spy and the service
        bare_meter = Meter(bare.pid, admin, name)
        for run in range(args.runs):
            meter.start()
            wall, pulled = drive(
                technicians, args.syncs, args.threads, lambda t, h: sync_once(url, t, h, False)
            )
            service_s, pg_s, gone = meter.stop()
            bare_meter.start()
            bare_wall, _ = drive(
                bare_techs, args.syncs, args.threads, lambda t, h: bare_sync(bare_url, t, h)
            )
            bare_service_s, bare_pg_s, bare_gone = bare_meter.stop()
            # The bare server's backends are this database's too: count each side's own.
            n = args.syncs
            row = {
                "run": run + 1,
                "syncs": n,
                "changes_per_sync": round(pulled / n, 1),
                "service_ms": round(service_s * 1000 / n, 2),
                "pg_ms": round(pg_s * 1000 / n, 2),
                "bare_service_ms": round(bare_service_s * 1000 / n, 2),
                "bare_pg_ms": round(bare_pg_s * 1000 / n, 2),
                "wall_syncs_per_s": round(n / wall, 1),
                "bare_wall_syncs_per_s": round(n / bare_wall, 1),
                "backends_gone": gone + bare_gone,
                # Per run: the machine's load inflates both sides alike.
                "service_ratio": round(service_s / bare_service_s, 2),
                "total_ratio": round((service_s + pg_s) / (bare_service_s + bare_pg_s), 2),
            }
            print(json.dumps(row), flush=True)
            results.append(row)
    finally:
        if args.profile:
            served = descendants(server.pid)[1:]
            server.send_signal(signal.SIGINT)  # py-spy writes its file on ^C
            server.wait(timeout=60)
            for pid in served:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
        else:
            stop(server)
        stop(bare)
    return results


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--bare":
        serve_bare(sys.argv[2], int(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--technicians", type=int, default=20)
    parser.add_argument("--syncs", type=int, default=200, help="syncs measured per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--profile", help="write py-spy's collapsed stacks of the service here")
    add_service_options(parser)
    args = parser.parse_args()
    name = f"fieldbook_bench_{secrets.token_hex(5)}"
    with psycopg.connect(args.pg, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db_url = args.pg.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0]
    tmp = Path(tempfile.mkdtemp(prefix="fieldbook-cpu-"))
    try:
        rows = measure(args, args.pg, name, f"{db_url}/{name}", tmp)
    finally:
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def med(key: str) -> float:
        return float(statistics.median(r[key] for r in rows))

    service, pg = med("service_ms"), med("pg_ms")
    bare_service, bare_pg = med("bare_service_ms"), med("bare_pg_ms")
    summary = {
        "median_of_runs": len(rows),
        "service_ms_per_sync": service,
        "pg_ms_per_sync": pg,
        "total_ms_per_sync": round(service + pg, 2),
        "syncs_per_s_per_core": round(1000 / (service + pg), 1),
        "service_only_syncs_per_s_per_core": round(1000 / service, 1),
        "bare_service_ms_per_sync": bare_service,
        "bare_pg_ms_per_sync": bare_pg,
        "service_ratio": round(service / bare_service, 2),
        "pg_ratio": round(pg / bare_pg, 2) if bare_pg else None,
        "total_ratio": round((service + pg) / (bare_service + bare_pg), 2),
        "median_run_service_ratio": med("service_ratio"),
        "median_run_total_ratio": med("total_ratio"),
    }
    print(json.dumps(summary), flush=True)
    print(
        f"CPU per sync: service {service} ms, PostgreSQL {pg} ms "
        f"({summary['syncs_per_s_per_core']} syncs/s per core); "
        f"bare {bare_service} + {bare_pg} ms; ratio {summary['total_ratio']}x",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
