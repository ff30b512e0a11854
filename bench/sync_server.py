"""The service's share of a sync: 10,000 mutations pushed, then pulled from scratch.

    .venv/bin/python bench/sync_server.py [--mutations 10000] [--batch 1000]
                                          [--db postgresql|sqlite|both]

One technician pushes ``--mutations`` diagnostic notes over HTTP on 127.0.0.1 in pushes
of ``--batch`` (the JSON bodies are built before the clock starts), then pulls everything
from no cursor in pages of 2,000. The baseline, in the same run on the same database,
posts the very same JSON bytes with bare ``requests`` to a minimal Starlette endpoint
that parses them and inserts the mutations with one ``executemany``, and pages them back
out of that table. The laptop's share (its store, its outbox) is not here: that is the
client's bench (``bench/sync.py``, with the sync client).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.serving import start, stop  # noqa: E402
from domain.ids import new_id  # noqa: E402
from domain.records import DiagnosticNote, Priority, SystemCategory  # noqa: E402
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, MutationName  # noqa: E402
from sync.protocol.records import entry_to_plain  # noqa: E402
from sync.server.db import Database  # noqa: E402
from sync.server.office import Office  # noqa: E402

PG_ADMIN = os.environ.get("FIELDBOOK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


# --- the baseline: a minimal endpoint, run as `bench/sync_server.py --bare URL PORT` ------


def serve_bare(db_url: str, port: int) -> None:
    import uvicorn
    from sqlalchemy import create_engine, text
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    engine = create_engine(db_url, pool_size=4)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS bare_mutations (client_id TEXT, seq BIGINT, "
                "name TEXT, payload TEXT, PRIMARY KEY (client_id, seq))"
            )
        )

    async def push(request: Request) -> Response:
        body = json.loads(await request.body())
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
                text("INSERT INTO bare_mutations VALUES (:c, :s, :n, :p)"), rows
            )  # one executemany
        return JSONResponse({"inserted": len(rows)})

    async def pull(request: Request) -> Response:
        after = int(request.query_params.get("after", "0"))
        limit = int(request.query_params.get("limit", "2000"))
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT seq, payload FROM bare_mutations WHERE seq > :a ORDER BY seq LIMIT :l"
                ),
                {"a": after, "l": limit},
            ).all()
        return JSONResponse(
            {"rows": [{"seq": r.seq, "payload": json.loads(r.payload)} for r in rows]}
        )

    app = Starlette(routes=[Route("/push", push, methods=["POST"]), Route("/pull", pull)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# --- the run -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def bodies(client_id: uuid.UUID, incidents: list[uuid.UUID], n: int, batch: int) -> list[bytes]:
    now = datetime.now(UTC)
    mutations = []
    for seq in range(1, n + 1):
        note = DiagnosticNote(
            id=new_id(),
            incident_id=incidents[seq % len(incidents)],
            recorded_at=now,
            author_id=None,
            text=f"检查第 {seq} 项 / check {seq}: kernel: nvme0: I/O timeout, aborting",
        )
        mutations.append(
            {"seq": seq, "name": MutationName.ENTRY_ADD.value, "payload": entry_to_plain(note)}
        )
    return [
        json.dumps(
            {"client_id": str(client_id), "mutations": mutations[i : i + batch]},
            ensure_ascii=False,
        ).encode()
        for i in range(0, n, batch)
    ]


def run(db_url: str, label: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    db = Database(db_url, pool_size=2)
    db.migrate()
    office = Office(db)
    client = office.add_client("Bench")
    contract = office.add_contract(client, "EMA-SYNC", {Priority.P1: (5, 240)})
    system = office.add_system(contract, "db", SystemCategory.DATABASE)
    tech = office.add_user("bench", "Bench", "bench")
    incidents = [
        office.add_incident(
            contract=contract,
            number=f"INC-S-{k}",
            title="t",
            priority=Priority.P1,
            system=system,
            assign_to=tech,
        )
        for k in range(10)
    ]
    db.dispose()
    client_id = uuid.uuid4()
    payloads = bodies(client_id, incidents, args.mutations, args.batch)
    size = sum(len(b) for b in payloads)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start(
        [
            sys.executable,
            "-m",
            "sync.server",
            "--db",
            db_url,
            "--log-level",
            "WARNING",
            "serve",
            "--port",
            str(port),
        ],
        f"{url}/health",
        tmp / f"server-{label}.log",
    )
    bare_port = free_port()
    bare_url = f"http://127.0.0.1:{bare_port}"
    bare = start(
        [sys.executable, str(Path(__file__)), "--bare", db_url, str(bare_port)],
        f"{bare_url}/pull?limit=1",
        tmp / f"bare-{label}.log",
    )
    try:
        http = requests.Session()
        http.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        r = http.post(
            f"{url}/login", json={"username": "bench", "password": "bench", "device_name": "b"}
        )
        http.headers["Authorization"] = f"Bearer {r.json()['token']}"
        json_headers = {"Content-Type": "application/json"}

        began = time.perf_counter()
        for body in payloads:
            r = http.post(f"{url}/push", data=body, headers=json_headers, timeout=120)
            assert r.status_code == 200, r.text[:500]
            assert all(x["status"] == "applied" for x in r.json()["results"])
        push_s = time.perf_counter() - began

        began = time.perf_counter()
        cursor: str | None = None
        pulled = 0
        while True:
            params: dict[str, Any] = {"limit": 2000}
            if cursor:
                params["cursor"] = cursor
            page = http.get(f"{url}/pull", params=params, timeout=120).json()
            pulled += sum(1 for c in page["changes"] if c["kind"] == "entry")
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        pull_s = time.perf_counter() - began
        assert pulled == args.mutations, pulled

        plain_http = requests.Session()
        began = time.perf_counter()
        for body in payloads:
            r = plain_http.post(f"{bare_url}/push", data=body, headers=json_headers, timeout=120)
            assert r.status_code == 200, r.text[:500]
        bare_push_s = time.perf_counter() - began
        began = time.perf_counter()
        after, got = 0, 0
        while True:
            rows = plain_http.get(
                f"{bare_url}/pull", params={"after": after, "limit": 2000}
            ).json()["rows"]
            if not rows:
                break
            got += len(rows)
            after = rows[-1]["seq"]
        bare_pull_s = time.perf_counter() - began
        assert got == args.mutations
    finally:
        stop(server)
        stop(bare)
    n = args.mutations
    return {
        "database": label,
        "mutations": n,
        "batch": args.batch,
        "json_mb": round(size / 1e6, 2),
        "push_per_s": round(n / push_s),
        "bare_push_per_s": round(n / bare_push_s),
        "push_ratio": round(push_s / bare_push_s, 2),
        "pull_per_s": round(n / pull_s),
        "bare_pull_per_s": round(n / bare_pull_s),
        "pull_ratio": round(pull_s / bare_pull_s, 2),
    }


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--bare":
        serve_bare(sys.argv[2], int(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutations", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--db", default="both", choices=["postgresql", "sqlite", "both"])
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fieldbook-sync-bench-"))
    targets = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
    for target in targets:
        if target == "sqlite":
            print(
                json.dumps(run(f"sqlite:///{tmp / 'server.db'}", "sqlite", args, tmp)), flush=True
            )
            continue
        name = f"fieldbook_bench_{secrets.token_hex(5)}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            url = PG_ADMIN.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0]
            print(json.dumps(run(f"{url}/{name}", "postgresql", args, tmp)), flush=True)
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
