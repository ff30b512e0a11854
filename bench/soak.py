"""A soak of the whole sync: many laptops, a lossy network, two service instances.

    .venv/bin/python bench/soak.py [--laptops 20] [--mutations 500] [--faults 0.1]
                                   [--batch 50] [--seed 7]

Two service processes serve one PostgreSQL database. Each laptop (a data folder of its
own, its technician's incident) records ``--mutations`` diagnostic notes in batches of
``--batch`` and syncs after each batch, through a fault proxy process
(tests/sync/faultproxy.py) in front of one instance or the other, which breaks every
kind of reply at random with probability ``--faults`` each: a reply dropped after the
service committed, a body cut in half, a reset, a delay, garbage, a captive portal, a
proxy's 502. Halfway, one instance is stopped and started again on the same port.

At the end every laptop syncs until everything went through, then the service and a
fresh laptop per technician are counted: exactly ``--mutations`` notes each, no more
(nothing doubled) and no less (nothing lost). It prints the tally and exits 1 if a count
is off. CI runs it short (tests/sync/test_soak.py).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from desktop.store.db import Store, open_store  # noqa: E402
from desktop.store.models import EntryRow, MetaRow, OutboxRow, OutboxState  # noqa: E402
from desktop.syncing import engine  # noqa: E402
from desktop.usecases import notes  # noqa: E402
from domain.records import Priority, SystemCategory  # noqa: E402
from sync.client import Connection, RetryPolicy, SyncError  # noqa: E402
from sync.server.db import Database  # noqa: E402
from sync.server.models import EntryRow as ServerEntryRow  # noqa: E402
from sync.server.office import Office  # noqa: E402
from tests.sync.conftest import Api, ServerProcess  # noqa: E402
from tests.sync.faultproxy import FAULTS  # noqa: E402
from tests.sync.laptops import FaultProxy  # noqa: E402

PG_ADMIN = os.environ.get("FIELDBOOK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
#: The laptops retry a few times, quickly, and try again at their next sync.
POLICY = RetryPolicy(attempts=3, backoff=0.05, backoff_max=0.5, connect_timeout=5, read_timeout=30)


@dataclass
class Tally:
    syncs: int = 0
    failed_syncs: Counter[str] = field(default_factory=Counter)
    applied: int = 0
    already_applied: int = 0
    new_client_ids: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Technician:
    username: str
    user_id: uuid.UUID
    incident: uuid.UUID
    token: str = ""


def _laptop(folder: Path, url: str, tech: Technician) -> Store:
    store = open_store(folder)
    with store.write() as s:
        s.merge(MetaRow(key="server_url", value=url))
        s.merge(MetaRow(key="username", value=tech.username))
        s.merge(MetaRow(key="technician_id", value=str(tech.user_id)))
    return store


def _sync(store: Store, url: str, token: str, tally: Tally) -> engine.SyncReport | None:
    try:
        report = engine.sync(store, lambda: Connection(url, token, policy=POLICY))
    except SyncError as error:
        with tally.lock:
            tally.failed_syncs[type(error).__name__] += 1
        return None
    with tally.lock:
        tally.syncs += 1
        tally.applied += report.applied
        tally.already_applied += report.already_applied
        tally.new_client_ids += int(report.new_client_id)
    return report


def _until_complete(store: Store, url: str, token: str, tally: Tally, tries: int = 60) -> None:
    for _ in range(tries):
        report = _sync(store, url, token, tally)
        if report is not None and report.complete:
            return
    raise RuntimeError(f"{store.data_dir}: sync never completed")


def run(
    db_url: str,
    *,
    laptops: int,
    mutations: int,
    batch: int,
    faults: float,
    seed: int,
    folder: Path,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """The soak on the PostgreSQL database ``db_url`` (empty); the tally and the counts."""
    db = Database(db_url, pool_size=4)
    db.migrate()
    office = Office(db)
    tag = secrets.token_hex(3)
    client = office.add_client(f"Soak {tag}", language="en")
    contract = office.add_contract(client, f"SOAK-{tag}", {Priority.P2: (15, 480)})
    system = office.add_system(contract, "SAN", SystemCategory.STORAGE)
    techs: list[Technician] = []
    for n in range(laptops):
        username = f"soak-{tag}-{n}"
        user = office.add_user(username, f"Soak {n}", "pw")
        incident = office.add_incident(
            contract=contract,
            number=f"SOAK-{tag}-{n}",
            title="disk errors",
            priority=Priority.P2,
            system=system,
            assign_to=user,
        )
        techs.append(Technician(username, user, incident))
    servers = [ServerProcess(db_url, folder / f"server-{i}.log") for i in range(2)]
    proxies = [FaultProxy(server.port) for server in servers]
    for n, proxy in enumerate(proxies):
        proxy.random({f: faults for f in FAULTS}, seed=seed + n, seconds=0.2)
    for tech in techs:
        tech.token = str(Api.login(servers[0].url, tech.username).token)
    tally = Tally()
    started = time.perf_counter()
    halfway = threading.Event()
    try:
        # Opened one after the other: Alembic's migration context is process-global.
        stores = [
            _laptop(folder / f"laptop-{n}", proxies[n % 2].url, t) for n, t in enumerate(techs)
        ]

        def work(n: int) -> None:
            tech, store = techs[n], stores[n]
            try:
                _until_complete(store, proxies[n % 2].url, tech.token, tally)  # its incident
                for b in range(0, mutations, batch):
                    if b >= mutations // 2 and n == 0:
                        halfway.set()
                    for i in range(b, min(b + batch, mutations)):
                        notes.add_note(store, tech.incident, f"{tech.username} note {i}")
                    # Alternate instances: laptops move between them, as behind a balancer.
                    url = proxies[(n + b // batch) % 2].url
                    _sync(store, url, tech.token, tally)
                _until_complete(store, proxies[n % 2].url, tech.token, tally)
            finally:
                store.close()

        with ThreadPoolExecutor(max_workers=min(laptops, 4)) as pool:
            futures = [pool.submit(work, n) for n in range(laptops)]
            while not halfway.wait(timeout=0.2) and not all(f.done() for f in futures):
                pass
            if halfway.is_set():
                say("soak: halfway, restarting one service instance")
                port = servers[1].port
                servers[1].stop()
                servers[1] = ServerProcess(db_url, folder / "server-1b.log", port=port)
            for future in futures:
                future.result()
        elapsed = time.perf_counter() - started
        counts = _count(db, techs)
        fresh = _fresh_counts(folder, servers[0].url, techs, tally)
        done = Counter[str]()
        for proxy in proxies:
            done.update(proxy.done())
    finally:
        for proxy in proxies:
            proxy.close()
        for server in servers:
            server.stop()
        db.dispose()
    wrong = [t.username for t in techs if counts[t.incident] != mutations]
    wrong += [t.username for t in techs if fresh[t.incident] != mutations]
    return {
        "laptops": laptops,
        "mutations": mutations,
        "seconds": round(elapsed, 1),
        "mutations_per_second": round(laptops * mutations / elapsed, 1),
        "syncs": tally.syncs,
        "failed_syncs": dict(tally.failed_syncs),
        "applied": tally.applied,
        "already_applied": tally.already_applied,
        "new_client_ids": tally.new_client_ids,
        "faults": dict(done),
        "service_notes": sum(counts.values()),
        "fresh_laptop_notes": sum(fresh.values()),
        "wrong": wrong,
    }


def _count(db: Database, techs: list[Technician]) -> Counter[uuid.UUID]:
    with db.read() as s:
        rows = s.execute(
            select(ServerEntryRow.incident_id, func.count())
            .where(
                ServerEntryRow.incident_id.in_([t.incident for t in techs]),
                ServerEntryRow.kind == "note",
            )
            .group_by(ServerEntryRow.incident_id)
        )
        return Counter({incident: n for incident, n in rows})


def _fresh_counts(
    folder: Path, url: str, techs: list[Technician], tally: Tally
) -> Counter[uuid.UUID]:
    found: Counter[uuid.UUID] = Counter()
    for n, tech in enumerate(techs):
        store = _laptop(folder / f"fresh-{n}", url, tech)
        try:
            _until_complete(store, url, tech.token, tally)
            with store.read() as s:
                found[tech.incident] = (
                    s.scalar(
                        select(func.count()).where(
                            EntryRow.incident_id == tech.incident, EntryRow.kind == "note"
                        )
                    )
                    or 0
                )
                pending = s.scalar(
                    select(func.count()).where(OutboxRow.state == OutboxState.PENDING)
                )
                assert not pending
        finally:
            store.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laptops", type=int, default=20)
    parser.add_argument("--mutations", type=int, default=500)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--faults", type=float, default=0.1, help="each fault's probability")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    name = f"fieldbook_soak_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    server = PG_ADMIN.removeprefix("postgresql://").rsplit("/", 1)[0]
    try:
        with tempfile.TemporaryDirectory(prefix="fieldbook-soak-") as tmp:
            result = run(
                f"postgresql+psycopg://{server}/{name}",
                laptops=args.laptops,
                mutations=args.mutations,
                batch=args.batch,
                faults=args.faults,
                seed=args.seed,
                folder=Path(tmp),
            )
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for key, value in result.items():
        print(f"{key:>22}: {value}")
    return 1 if result["wrong"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
