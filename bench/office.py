"""The office console's board with 5,000 open incidents and 50 technicians.

    .venv/bin/python bench/office.py [--incidents 5000] [--technicians 50] [--runs 5]
                                     [--db sqlite|postgresql]

Seeds an office (ten clients in two time zones, half allowing pauses; 50 technicians,
each laptop pushing its walk of its incidents through the statuses), serves it with
``fieldbook-server serve`` on 127.0.0.1, and measures:

1. **First render** of ``GET /office/board`` as a browser asks for it (gzip): the time
   the client waits, the bytes on the wire and unpacked. *Cold*: the service must read
   every open incident and both clocks of each (something changed since the last read);
   *warm*: another board asks before anything changed. The server's own share is timed
   in this process too (reading the board; rendering its first page). Baseline in the
   same run: the same page filtered to one technician (about 100 rows; every query the
   same, fewer rows to judge and show).
2. **Push to board**: headless chromium shows the board; a technician's laptop pushes a
   status change over HTTP; the time from the push leaving until the row changes in the
   browser (a MutationObserver stamps it). Baseline: the same on the board filtered to
   that technician.

Medians of ``--runs`` runs; the figures go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.ids import new_id  # noqa: E402
from domain.records import Channel, Priority, Status, StatusChange, SystemCategory  # noqa: E402
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, MutationName  # noqa: E402
from sync.protocol.messages import Role  # noqa: E402
from sync.protocol.records import entry_to_plain  # noqa: E402
from sync.server.console.app import BOARD_PAGE  # noqa: E402
from sync.server.console.board import Filters, Show, read_board  # noqa: E402
from sync.server.console.fmt import Fmt  # noqa: E402
from sync.server.console.i18n import Words  # noqa: E402
from sync.server.console.web import Pages  # noqa: E402
from sync.server.db import Database  # noqa: E402
from sync.server.office import Office  # noqa: E402
from tests.console.browser import chromium  # noqa: E402
from tests.console.screenshots import serving  # noqa: E402

PG_ADMIN = os.environ.get("FIELDBOOK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
TARGETS = {
    Priority.P1: (5, 240),
    Priority.P2: (15, 480),
    Priority.P3: (60, 1440),
    Priority.P4: (240, 4320),
}
WALK = (Status.RESPONDED, Status.TRAVELLING, Status.ON_SITE, Status.WAITING_FOR_CLIENT)
CHANGED_AT = """
window.changedAt = null;
const id = arguments[0], wanted = arguments[1];
new MutationObserver((_, watcher) => {
  const status = document.querySelector('#i-' + id + ' .st');
  // Changed in place, or moved past the rows the browser holds: either way, shown.
  if (!status || status.classList.contains(wanted)) {
    window.changedAt = Date.now();
    watcher.disconnect();
  }
}).observe(document.getElementById('board-body'), {childList: true, subtree: true});
"""


class Seeded:
    def __init__(self) -> None:
        self.technicians: list[tuple[uuid.UUID, str]] = []
        self.held: dict[uuid.UUID, list[uuid.UUID]] = {}
        self.walks: dict[uuid.UUID, list[dict[str, Any]]] = {}
        self.contract: uuid.UUID | None = None


def seed(db: Database, incidents: int, technicians: int) -> Seeded:
    office, rng, out = Office(db), random.Random(5), Seeded()
    for i in range(technicians):
        name = f"t{i:02d}"
        out.technicians.append((office.add_user(name, f"Technician {i:02d}", "pw"), name))
    office.add_user("dispatch", "Dispatch", "pw", Role.DISPATCHER)
    contracts = []
    for c in range(10):
        client = office.add_client(f"Client {c:02d}", language="zh" if c % 2 else "en")
        contract = office.add_contract(
            client,
            f"EMA-B-{c:02d}",
            TARGETS,
            pause_allowed=c % 2 == 0,
            time_zone="Asia/Shanghai" if c % 2 else "Europe/London",
        )
        systems = [
            office.add_system(contract, f"System {c}-{s}", SystemCategory.SERVER) for s in range(5)
        ]
        contracts.append((contract, systems))
    out.contract = contracts[0][0]
    now = datetime.now(UTC)
    out.held = {tech: [] for tech, _ in out.technicians}
    for n in range(incidents):
        contract, systems = contracts[n % len(contracts)]
        tech = out.technicians[n % technicians][0] if n % 7 else None
        incident = office.add_incident(
            contract=contract,
            number=f"INC-B-{n:06d}",
            title=f"Benchmark incident {n}",
            priority=rng.choice(list(Priority)),
            system=rng.choice(systems),
            channel=Channel.PHONE,
            notified_at=now - timedelta(minutes=rng.randint(1, 3000)),
            assign_to=tech,
        )
        if tech is not None:
            out.held[tech].append(incident)
    for tech, mine in out.held.items():
        mutations: list[dict[str, Any]] = []
        for incident in mine:
            current = Status.NEW
            for to in WALK[: rng.randint(0, len(WALK))]:
                change = StatusChange(
                    id=new_id(),
                    incident_id=incident,
                    recorded_at=now - timedelta(minutes=len(WALK) - WALK.index(to)),
                    author_id=None,
                    from_status=current,
                    to_status=to,
                )
                mutations.append(
                    {
                        "seq": len(mutations) + 1,
                        "name": MutationName.INCIDENT_STATUS,
                        "payload": entry_to_plain(change),
                    }
                )
                current = to
        out.walks[tech] = mutations
    return out


class Laptop:
    """A technician's laptop as far as the wire goes: its token, client id, numbers."""

    def __init__(self, url: str, username: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.http.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        answer = self.http.post(
            url + "/login",
            json={"username": username, "password": "pw", "device_name": "bench"},
            timeout=30,
        )
        answer.raise_for_status()
        self.http.headers["Authorization"] = "Bearer " + answer.json()["token"]
        self.client_id = str(uuid.uuid4())
        self.seq = 0

    def push(self, mutations: list[dict[str, Any]]) -> None:
        for start in range(0, len(mutations), 1000):
            chunk = [{**m, "seq": self.seq + n + 1} for n, m in enumerate(mutations[start:][:1000])]
            body = {"client_id": self.client_id, "mutations": chunk}
            answer = self.http.post(self.url + "/push", json=body, timeout=120)
            answer.raise_for_status()
            refused = [r for r in answer.json()["results"] if r["status"] == "rejected"]
            if refused:
                raise RuntimeError(f"the service refused a push: {refused[0]}")
            self.seq += len(chunk)


def sign_in(url: str) -> requests.Session:
    http = requests.Session()
    page = http.get(url + "/office/login", timeout=30)
    nonce = re.search(r'name="nonce" value="([^"]+)"', page.text)
    assert nonce is not None
    form = {"nonce": nonce.group(1), "username": "dispatch", "password": "pw", "next": ""}
    http.post(url + "/office/login", data=form, timeout=30, allow_redirects=False)
    return http


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f}"


def first_render(url: str, db: Database, seeded: Seeded, runs: int, tech: uuid.UUID) -> None:
    http = sign_in(url)
    office = Office(db)
    zones = ("Europe/London", "Europe/Dublin")
    figures: dict[str, dict[str, list[float]]] = {}
    for label, query in (("one technician", f"?technician={tech}"), ("everything", "")):
        for warmth in ("cold", "warm"):
            times: list[float] = []
            wire: list[float] = []
            page: list[float] = []
            for run in range(runs):
                if warmth == "cold":
                    assert seeded.contract is not None
                    office.set_time_zone(seeded.contract, zones[run % 2])  # a change
                else:
                    http.get(url + "/office/board" + query, timeout=120)
                start = time.perf_counter()
                answer = http.get(
                    url + "/office/board" + query,
                    timeout=120,
                    stream=True,
                    headers={"Accept-Encoding": "gzip"},
                )
                body = answer.raw.read()
                times.append(time.perf_counter() - start)
                wire.append(len(body))
                zipped = answer.headers.get("content-encoding") == "gzip"
                page.append(len(gzip.decompress(body)) if zipped else len(body))
            figures[f"{label}, {warmth}"] = {"time": times, "wire": wire, "page": page}
    pages, words = Pages({}), Words("en")
    server: dict[str, list[float]] = {}
    for label, filters in (("one technician", Filters(technician=tech)), ("everything", Filters())):
        spent = []
        for _ in range(runs):
            start = time.perf_counter()
            with db.read() as session:
                board = read_board(session, filters, datetime.now(UTC), timedelta(minutes=30))
            pages.render(
                "en",
                "board_body.html",
                board=board,
                filters=filters,
                shown=BOARD_PAGE,
                Show=Show,
                t=words,
                fmt=Fmt(words),
            )
            spent.append(time.perf_counter() - start)
        server[label] = spent
    print("\n1. First render of the board (GET /office/board, gzip)")
    print(f"   {'':26} {'wait (ms)':>10} {'wire (KB)':>10} {'page (KB)':>10}")
    for label, f in figures.items():
        wire_kb = statistics.median(f["wire"]) / 1024
        page_kb = statistics.median(f["page"]) / 1024
        print(f"   {label:26} {ms(f['time']):>10} {wire_kb:10.0f} {page_kb:10.0f}")
    for label, spent in server.items():
        print(f"   server, read and render, {label}: {ms(spent)} ms")
    for warmth in ("cold", "warm"):
        full = statistics.median(figures[f"everything, {warmth}"]["time"])
        base = statistics.median(figures[f"one technician, {warmth}"]["time"])
        print(f"   ratio everything / one technician, {warmth}: {full / base:.1f}×")


def push_to_board(url: str, runs: int, seeded: Seeded, tech: uuid.UUID, profile: Path) -> None:
    """Each run: a row on the board the browser shows, new or responded; its
    technician's laptop moves it one step; until the board shows it (changed, or moved
    past the rows the browser holds)."""
    owner = {i: t for t, mine in seeded.held.items() for i in mine}
    names = dict(seeded.technicians)
    laptops: dict[uuid.UUID, Laptop] = {}
    used: set[uuid.UUID] = set()
    driver = chromium(profile)
    try:
        driver.get(url + "/office/login")
        driver.find_element(By.NAME, "username").send_keys("dispatch")
        driver.find_element(By.NAME, "password").send_keys("pw")
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 60).until(lambda d: "/office/board" in d.current_url)
        delays: dict[str, list[float]] = {}
        for label, query in (("one technician", f"?technician={tech}"), ("everything", "")):
            driver.get(url + "/office/board" + query)
            WebDriverWait(driver, 120).until(
                lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-live") == "up"
            )
            spent: list[float] = []
            while len(spent) < runs:
                shown = driver.execute_script(
                    "return [...document.querySelectorAll('#board-table tbody tr[id^=\"i-\"]')]"
                    ".map(r => [r.id.slice(2), r.querySelector('.st').className.split(' ')[1]]);"
                )
                candidates = [
                    (uuid.UUID(i), Status(st))
                    for i, st in shown
                    if st in ("new", "responded")
                    and uuid.UUID(i) in owner
                    and uuid.UUID(i) not in used
                ]
                incident, current = candidates[0]
                used.add(incident)
                holder = owner[incident]
                if holder not in laptops:
                    laptops[holder] = Laptop(url, names[holder])
                target = Status.RESPONDED if current is Status.NEW else Status.TRAVELLING
                driver.execute_script(CHANGED_AT, str(incident), target.value)
                change = StatusChange(
                    id=new_id(),
                    incident_id=incident,
                    recorded_at=datetime.now(UTC),
                    author_id=None,
                    from_status=current,
                    to_status=target,
                )
                mutation = {"name": MutationName.INCIDENT_STATUS, "payload": entry_to_plain(change)}
                pushed_at = time.time() * 1000
                laptops[holder].push([mutation])
                WebDriverWait(driver, 60, poll_frequency=0.02).until(
                    lambda d: d.execute_script("return window.changedAt")
                )
                seen = float(driver.execute_script("return window.changedAt"))
                spent.append((seen - pushed_at) / 1000)
            delays[label] = spent
        print("\n2. From a laptop's push to the row changing on the board in chromium")
        for label, spent in delays.items():
            runs_text = ", ".join(f"{s * 1000:.0f}" for s in spent)
            print(f"   {label:26} median {ms(spent):>5} ms   (runs: {runs_text})")
        full = statistics.median(delays["everything"])
        base = statistics.median(delays["one technician"])
        print(f"   ratio everything / one technician: {full / base:.1f}×")
    finally:
        driver.quit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--technicians", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        pg_name = None
        if args.db == "postgresql":
            pg_name = f"fieldbook_bench_{secrets.token_hex(4)}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{pg_name}"')
            host = PG_ADMIN.removeprefix("postgresql://").rsplit("/", 1)[0]
            db_url = f"postgresql+psycopg://{host}/{pg_name}"
        else:
            db_url = f"sqlite:///{tmp / 'office.db'}"
        try:
            db = Database(db_url, pool_size=4)
            db.migrate()
            started = time.perf_counter()
            seeded = seed(db, args.incidents, args.technicians)
            with serving(db_url, tmp / "server.log") as url:
                for tech, name in seeded.technicians:
                    if seeded.walks[tech]:
                        Laptop(url, name).push(seeded.walks[tech])
                took = time.perf_counter() - started
                print(
                    f"{args.incidents} open incidents, {args.technicians} technicians, {args.db};"
                    f" seeded in {took:.0f} s; medians of {args.runs} runs"
                )
                busiest = max(seeded.held, key=lambda t: len(seeded.held[t]))
                first_render(url, db, seeded, args.runs, busiest)
                push_to_board(url, args.runs, seeded, busiest, tmp / "p")
            db.dispose()
        finally:
            if pg_name is not None:
                with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
