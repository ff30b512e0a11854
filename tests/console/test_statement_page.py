"""The statement page and its downloads in a real browser (Debian's headless chromium)
against the real service, with the technician's work pushed as a laptop pushes it."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from domain.records import Resolution, Status
from sync.server.models import IncidentRow
from tests.console.conftest import Office, make_office
from tests.console.test_browser import sign_in, wait
from tests.sync.conftest import (  # noqa: F401 - backend: the test on both databases
    T0,
    Backend,
    World,
    backend,
    status_change,
)


def _work(w: World) -> tuple[str, str, str]:
    """A's incident answered in 3 min and fixed in 2 h (met); B's answered after 20 min
    (a P1 breach); a third one cancelled by dispatch. Returns their numbers."""
    steps = [
        (Status.NEW, Status.RESPONDED, 3, None),
        (Status.RESPONDED, Status.ON_SITE, 30, None),
        (Status.ON_SITE, Status.RESOLVED, 120, Resolution.FIXED),
    ]
    w.a.push_ok(
        [
            w.a.entry(status_change(w.incident_a, a, b, resolution=r, at=T0 + timedelta(minutes=m)))
            for a, b, m, r in steps
        ]
    )
    w.b.push_ok(
        [
            w.b.entry(
                status_change(
                    w.incident_b, Status.NEW, Status.RESPONDED, at=T0 + timedelta(minutes=20)
                )
            )
        ]
    )
    third = w.incident(None, number=f"INC-X-{w.tag}")
    w.backend.office.cancel(third, "the client called back: a duplicate")
    numbers = []
    for incident in (w.incident_a, w.incident_b, third):
        with w.backend.db.read() as s:
            row = s.get(IncidentRow, incident)
            assert row is not None
            numbers.append(row.number)
    return numbers[0], numbers[1], numbers[2]


def test_statement_over_http_and_its_bad_queries(backend: Backend) -> None:  # noqa: F811
    office = make_office(backend)
    w = office.world
    met, late, cancelled = _work(w)
    desk = office.desk
    page = desk.get(f"/office/statements?contract={w.contract_id}&month=2026-03")
    assert page.status_code == 200, page.text[page.text.find('role="alert"') :][:300]
    for number in (met, late, cancelled):
        assert number in page.text
    assert "the client called back: a duplicate" in page.text
    csv_answer = desk.get(
        f"/office/statements/statement.csv?contract={w.contract_id}&month=2026-03"
    )
    assert csv_answer.status_code == 200
    rows = list(csv.DictReader(io.StringIO(csv_answer.content.decode("utf-8-sig"))))
    by_number = {r["incident"]: r for r in rows}
    assert by_number[met]["response"] == "met" and by_number[met]["resolution_clock"] == "met"
    assert by_number[late]["response"] == "missed" and by_number[late]["response_min"] == "20.0"
    assert by_number[cancelled]["counted"] == "no"
    # Nothing there, or nonsense: a page that says so, never a 500.
    assert desk.get("/office/statements").status_code == 200
    for query in (
        "contract=not-an-id",
        f"contract={w.client_id}",  # a client's id is not a contract's
        f"contract={w.contract_id}&month=2026-13",
        f"contract={w.contract_id}&from=2026-03-05",
        f"contract={w.contract_id}&from=2026-03-05&to=2026-03-01",
        f"contract={w.contract_id}&month=" + "9" * 500,
    ):
        answer = desk.get(f"/office/statements?{query}")
        assert answer.status_code == 422, query
        assert 'role="alert"' in answer.text
    assert desk.get("/office/statements/statement.pdf").status_code == 404
    assert (
        desk.get(f"/office/statements/statement.pdf?contract={w.contract_id}&lang=fr").status_code
        == 404
    )
    # A technician cannot read it.
    other = type(desk)(backend.url)
    assert other.get(f"/office/statements?contract={w.contract_id}").status_code == 303


@pytest.fixture
def browser_office(sqlite_backend: Backend, chromium: Any) -> Office:
    made = make_office(sqlite_backend)
    sign_in(chromium, sqlite_backend.url, made.dispatcher)
    return made


def _downloaded(folder: Path, suffix: str, before: set[Path]) -> Any:
    def check(_d: Any) -> Path | bool:
        done = [p for p in folder.glob(f"*{suffix}") if p not in before and p.stat().st_size > 0]
        return done[0] if done else False

    return check


def test_the_statement_page_and_its_downloads(chromium: Any, browser_office: Office) -> None:
    d, office = chromium, browser_office
    w = office.world
    met, late, cancelled = _work(w)
    url = office.backend.url
    d.get(f"{url}/office/lang/en?next=/office/statements")
    Select(d.find_element(By.NAME, "contract")).select_by_value(str(w.contract_id))
    month = d.find_element(By.NAME, "month")
    d.execute_script("arguments[0].value = '2026-03'", month)
    d.find_element(By.CSS_SELECTOR, ".statement-form button[type=submit]").click()
    wait(d).until(lambda d: d.find_elements(By.ID, "figures"))
    figures = d.find_element(By.ID, "figures").text
    assert "P1" in figures and "50.0 %" in figures  # one response met of two decided
    breach = d.find_element(By.CSS_SELECTOR, ".breach").text
    assert late in breach and "20 min against 5 min" in breach
    assert "First notice by phone" in breach and "responded" in breach
    row = d.find_element(By.ID, f"l-{cancelled}")
    assert "uncounted" in row.get_attribute("class")
    assert "the client called back" in row.text

    downloads = Path(d.capabilities["chrome"]["userDataDir"]) / "downloads"
    d.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    downloads.mkdir(exist_ok=True)
    texts = {}
    for link, lang in (("dl-pdf-en", "en"), ("dl-pdf", "zh")):
        before = set(downloads.glob("*"))
        d.find_element(By.ID, link).click()
        pdf = wait(d, 30).until(_downloaded(downloads, ".pdf", before))
        assert pdf.name.endswith(f"-{lang}.pdf")  # the client reads Chinese: the default
        texts[lang] = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode()
    assert "SLA statement" in texts["en"] and "SLA 服务水平报表" in texts["zh"]
    for text in texts.values():
        for number in (met, late, cancelled):
            assert number in text
    before = set(downloads.glob("*"))
    d.find_element(By.ID, "dl-csv").click()
    got = wait(d, 30).until(_downloaded(downloads, ".csv", before))
    assert got.read_bytes().startswith("\ufeffincident,".encode())

    # The same page in Chinese.
    d.get(
        f"{url}/office/lang/zh?next="
        + f"/office/statements?contract={w.contract_id}%26month=2026-03"
    )
    wait(d).until(lambda d: d.find_elements(By.ID, "figures"))
    assert "按优先级的服务水平" in d.find_element(By.TAG_NAME, "body").text
    d.get(f"{url}/office/lang/en?next=/office/board")
