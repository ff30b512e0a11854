"""Screenshots of the office console with the demo office, in both languages.

    .venv/bin/python -m tests.console.screenshots --out docs/screenshots [--incidents 200]

Seeds the demo office into a temporary SQLite database, serves it on 127.0.0.1, signs
in as the dispatcher in Debian's headless chromium, and saves the board, the call form
(a client typed, its contract and a duplicate pointed out), a signed incident and the
people with their laptops (one marked lost), each
in English and Chinese: ``console-board-en.png`` and so on.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from domain.records import Attachment, Status
from sync.server import demo
from sync.server.db import Database
from sync.server.models import EntryRow, IncidentRow
from sync.server.office import Office
from tests.console.browser import chromium

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(db_url: str, log: Path, *extra: str) -> Iterator[str]:
    """``fieldbook-server serve`` on a free port; its URL while it runs."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
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
                *extra,
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                if proc.poll() is not None:
                    raise RuntimeError(f"the service stopped:\n{log.read_text()[-3000:]}")
                try:
                    if requests.get(url + "/health", timeout=1).status_code == 200:
                        break
                except requests.ConnectionError:
                    time.sleep(0.05)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def seed_demo(db_url: str, incidents: int) -> None:
    db = Database(db_url, pool_size=2)
    db.migrate()
    demo.seed(Office(db), incidents=incidents)
    db.dispose()


def showcase_incident(db_url: str) -> str:
    """A signed incident with a photo and a pause, the fullest the demo has."""
    db = Database(db_url, pool_size=1)
    try:
        with db.read() as s:
            photographed = set(
                s.scalars(select(EntryRow.incident_id).where(EntryRow.kind == Attachment.kind))
            )
            paused = set(
                s.scalars(select(EntryRow.incident_id).where(EntryRow.kind == "clock_pause"))
            )
            swapped = set(s.scalars(select(EntryRow.incident_id).where(EntryRow.kind == "swap")))
            rows = s.scalars(
                select(IncidentRow)
                .where(IncidentRow.status == Status.CLOSED)
                .order_by(IncidentRow.notified_at.desc())
            ).all()
            best = max(
                rows,
                key=lambda r: (r.id in photographed) * 4 + (r.id in paused) * 2 + (r.id in swapped),
            )
            return best.number
    finally:
        db.dispose()


def systems_with_open_incidents(db_url: str) -> dict[str, str]:
    """Per client name: a covered system that has an open incident today."""
    from sync.server.models import ClientRow

    db = Database(db_url, pool_size=1)
    try:
        with db.read() as s:
            found: dict[str, str] = {}
            for name, system in s.execute(
                select(ClientRow.name, IncidentRow.system_id)
                .join(ClientRow, ClientRow.id == IncidentRow.client_id)
                .where(IncidentRow.status.in_(["new", "responded", "on_site"]))
                .where(IncidentRow.system_id.is_not(None))
            ):
                found.setdefault(name, str(system))
            return found
    finally:
        db.dispose()


def seal_of(db_url: str, number: str) -> str:
    """The seal of incident ``number``'s sign-off (its report's QR code leads to it)."""
    db = Database(db_url, pool_size=1)
    try:
        with db.read() as s:
            seal = s.scalar(
                select(EntryRow.seal)
                .join(IncidentRow, IncidentRow.id == EntryRow.incident_id)
                .where(IncidentRow.number == number, EntryRow.seal.is_not(None))
            )
            assert seal is not None, f"{number} has no sign-off"
            return seal
    finally:
        db.dispose()


def sign_in_laptops(db_url: str, url: str) -> None:
    """Technicians' laptops signed in, one of them since marked lost: the People page."""
    from sync.protocol.constants import PROTOCOL_HEADER, PROTOCOL_VERSION

    laptops = (
        ("demo", "ThinkPad T14 王磊"),
        ("li.na", "ThinkPad X1 李娜"),
        ("tom.baker", "Latitude 5440 Tom"),
        ("tom.baker", "Latitude 7350 spare"),
    )
    for username, device in laptops:
        answer = requests.post(
            url + "/login",
            json={"username": username, "password": demo.PASSWORD, "device_name": device},
            headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
            timeout=30,
        )
        answer.raise_for_status()
    db = Database(db_url, pool_size=1)
    try:
        office = Office(db)
        [spare] = [d for d in office.devices("tom.baker") if d.name == "Latitude 7350 spare"]
        office.mark_lost(spare.id)
    finally:
        db.dispose()


def settled(driver: Any) -> None:
    """Wait until htmx has no request in flight (the form's parts are in place)."""
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script(
            "return document.querySelectorAll('.htmx-request, .htmx-settling').length === 0"
        )
    )


def sign_in(driver: Any, url: str) -> None:
    driver.get(url + "/office/login")
    driver.find_element(By.NAME, "username").send_keys("dispatch")
    driver.find_element(By.NAME, "password").send_keys(demo.PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 20).until(lambda d: "/office/board" in d.current_url)


def shoot(driver: Any, path: Path, *, full: bool = True, height: int = 1000) -> None:
    """The page, as tall as its content (up to a limit) when ``full``."""
    driver.execute_script("window.scrollTo(0, 0)")
    if full:
        tall = int(driver.execute_script("return document.documentElement.scrollHeight"))
        driver.set_window_size(1440, min(max(tall, 900), 2200))
    else:
        driver.set_window_size(1440, height)
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    driver.save_screenshot(str(path))
    driver.set_window_size(1440, 1000)


def take(out: Path, incidents: int, only: str = "") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db_url = f"sqlite:///{tmp / 'demo.db'}"
        seed_demo(db_url, incidents)
        number = showcase_incident(db_url)
        open_systems = systems_with_open_incidents(db_url)
        with serving(db_url, tmp / "server.log") as url:
            driver = chromium(tmp / "profile")
            try:
                # The public verify page, where a report's QR code leads (no sign-in).
                seal = seal_of(db_url, number)
                for lang in ("en", "zh"):
                    driver.get(f"{url}/verify/{seal}?lang={lang}")
                    made.append(out / f"verify-{lang}.png")
                    shoot(driver, made[-1], full=False, height=820)
                if only == "verify":
                    return made
                sign_in(driver, url)
                sign_in_laptops(db_url, url)
                for lang in ("en", "zh"):
                    driver.get(f"{url}/office/lang/{lang}?next=/office/board")
                    WebDriverWait(driver, 10).until(
                        lambda d: (
                            d.find_element(By.TAG_NAME, "body").get_attribute("data-live") == "up"
                        )
                    )
                    made.append(out / f"console-board-{lang}.png")
                    shoot(driver, made[-1], full=False, height=1050)
                    driver.get(f"{url}/office/calls/new")
                    field = driver.find_element(By.NAME, "client")
                    client = "上海华东医疗集团" if lang == "zh" else "Harbour Freight Pte Ltd"
                    field.send_keys(client)
                    system = WebDriverWait(driver, 10).until(
                        ec.presence_of_element_located((By.NAME, "system"))
                    )
                    settled(driver)
                    system = driver.find_element(By.NAME, "system")
                    # A system with an open incident: the form points the duplicate out.
                    Select(system).select_by_value(open_systems[client])
                    WebDriverWait(driver, 10).until(
                        ec.presence_of_element_located((By.CSS_SELECTOR, ".duplicates"))
                    )
                    driver.find_element(By.NAME, "caller").send_keys(
                        "张主任" if lang == "zh" else "Mr Tan"
                    )
                    driver.find_element(By.NAME, "phone").send_keys(
                        "+86 138 1234 5678" if lang == "zh" else "+65 9123 4567"
                    )
                    driver.find_element(By.CSS_SELECTOR, "input[name=priority][value=P1]").click()
                    driver.find_element(By.NAME, "title").send_keys(
                        "数据库主节点宕机，门诊系统无法登录"
                        if lang == "zh"
                        else "ERP down: orders cannot be booked"
                    )
                    made.append(out / f"console-call-{lang}.png")
                    shoot(driver, made[-1])
                    driver.get(f"{url}/office/incidents/{number}")
                    WebDriverWait(driver, 10).until(
                        lambda d: d.execute_script(
                            "const i = document.querySelector('img.signature');"
                            " return !i || i.naturalWidth > 0"
                        )
                    )
                    made.append(out / f"console-incident-{lang}.png")
                    shoot(driver, made[-1])
                    driver.get(f"{url}/office/people")
                    made.append(out / f"console-people-{lang}.png")
                    shoot(driver, made[-1])
            finally:
                driver.quit()
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--incidents", type=int, default=200)
    parser.add_argument("--only", choices=["verify"], default="", help="just these pages")
    args = parser.parse_args()
    for path in take(args.out, args.incidents, args.only):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
