"""The public verify page: where a report's QR code leads, and an upload form for a
report's PDF, a re-rendered PDF, or a scan of the paper report. It says only whether a
sealed report with that seal exists, its incident number and when it was signed."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from desktop.usecases import signoff
from desktop.usecases.report import load_report_data
from report.pdf import build_report
from tests.console.conftest import Office, make_office
from tests.console.signed import signed_incident
from tests.sync.conftest import Backend
from tests.sync.laptops import Laptop, require_keyring


@pytest.fixture(autouse=True)
def _keyring() -> None:
    require_keyring()


@pytest.fixture
def laptop(tmp_path: Path, sqlite_backend: Backend) -> Iterator[Laptop]:
    made = Laptop(tmp_path / "laptop", sqlite_backend.url)
    yield made
    made.close()


def get(backend: Backend, path: str, **kw: object) -> requests.Response:
    return requests.get(backend.url + path, timeout=30, allow_redirects=False, **kw)  # type: ignore[arg-type]


def upload(backend: Backend, name: str, data: bytes, lang: str = "en") -> requests.Response:
    return requests.post(
        f"{backend.url}/verify/?lang={lang}",
        files={"report": (name, data, "application/octet-stream")},
        timeout=60,
    )


def test_the_qr_code_leads_to_a_page_that_says_only_what_it_should(
    sqlite_backend: Backend, laptop: Laptop, tmp_path: Path
) -> None:
    office: Office = make_office(sqlite_backend)
    incident = signed_incident(office.world, laptop, tmp_path)
    record = signoff.sealed_record(laptop.store, incident)
    assert record is not None
    seal = record.sign_off.seal
    number = record.incident.number
    # The laptop signed in at the service: the report's QR code leads to its verify page.
    data = load_report_data(laptop.store, incident)
    assert data.service_url == sqlite_backend.url
    pdf = io.BytesIO()
    build_report(data, pdf)
    page = get(sqlite_backend, f"/verify/{seal}")  # no sign-in, no protocol header
    assert page.status_code == 200, page.text[:500]
    assert "A sealed report with this seal exists" in page.text
    assert number in page.text
    assert "public" in page.headers["cache-control"]
    # Nothing else of the record: not the client, the title, the signer, the technician.
    for secret in (office.client_name, record.incident.title, record.sign_off.signer_name):
        assert secret and secret not in page.text
    zh = get(sqlite_backend, f"/verify/{seal}", headers={"Accept-Language": "zh-CN,zh"})
    assert "存在带此封印的已封印报告" in zh.text and number in zh.text
    # A seal it does not hold, and what is not a seal at all.
    other = get(sqlite_backend, f"/verify/{'0' * 64}")
    assert other.status_code == 200 and "No sealed report with this seal" in other.text
    assert number not in other.text
    for bad in ("abc", "Z" * 64, "x" * 5000):
        answer = get(sqlite_backend, f"/verify/{bad}")
        assert answer.status_code == 404 and "That is not a seal" in answer.text
    # The form: a seal typed with spaces, as printed in four groups.
    typed = get(sqlite_backend, "/verify/", params={"seal": " ".join([seal[:16], seal[16:]])})
    assert typed.status_code == 303 and typed.headers["location"] == f"/verify/{seal}"

    # Uploads: the PDF; re-rendered by pdftocairo (no document information); a scan.
    original = tmp_path / "r.pdf"
    original.write_bytes(pdf.getvalue())
    answer = upload(sqlite_backend, "r.pdf", original.read_bytes())
    assert answer.status_code == 200 and number in answer.text
    assert "document information." in answer.text and "Read from the PDF" in answer.text
    flat = tmp_path / "flat.pdf"
    subprocess.run(["pdftocairo", "-pdf", str(original), str(flat)], check=True, timeout=120)
    answer = upload(sqlite_backend, "flat.pdf", flat.read_bytes(), lang="zh")
    assert answer.status_code == 200 and number in answer.text
    assert "存在带此封印的已封印报告" in answer.text
    last = len(pdfium.PdfDocument(original))
    scan = tmp_path / "scan"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-singlefile",
            "-f",
            str(last),
            "-l",
            str(last),
            str(original),
            str(scan),
        ],
        check=True,
        timeout=120,
    )
    answer = upload(sqlite_backend, "scan.png", (tmp_path / "scan.png").read_bytes())
    assert answer.status_code == 200 and number in answer.text
    assert "Read from the QR code." in answer.text
    # Garbage, an empty file, the wrong kind of request.
    assert upload(sqlite_backend, "junk.pdf", b"%PDF-1.4 junk").status_code == 422
    assert "Cannot tell" in upload(sqlite_backend, "x.bin", b"\x00" * 100).text
    assert upload(sqlite_backend, "empty.pdf", b"").status_code == 422
    plain = requests.post(f"{sqlite_backend.url}/verify/", data={"report": "x"}, timeout=30)
    assert plain.status_code == 415


def test_a_client_checks_a_scan_in_a_real_browser(
    sqlite_backend: Backend, laptop: Laptop, tmp_path: Path, chromium: Any
) -> None:
    """Chromium: the QR code's address, then the upload form with a scan of the page."""
    office: Office = make_office(sqlite_backend)
    incident = signed_incident(office.world, laptop, tmp_path)
    record = signoff.sealed_record(laptop.store, incident)
    assert record is not None
    original = tmp_path / "r.pdf"
    with original.open("wb") as out:
        build_report(load_report_data(laptop.store, incident), out)
    last = str(len(pdfium.PdfDocument(original)))
    scan = tmp_path / "scan"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-singlefile",
            "-f",
            last,
            "-l",
            last,
            str(original),
            str(scan),
        ],
        check=True,
        timeout=120,
    )
    chromium.delete_all_cookies()
    chromium.get(f"{sqlite_backend.url}/verify/{record.sign_off.seal}?lang=zh")
    answer = chromium.find_element(By.CSS_SELECTOR, ".verify-answer")
    assert "存在带此封印的已封印报告" in answer.text
    assert record.incident.number in answer.text
    chromium.get(f"{sqlite_backend.url}/verify/")
    chromium.find_element(By.NAME, "report").send_keys(str(tmp_path / "scan.png"))
    chromium.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click()
    WebDriverWait(chromium, 30).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".verify-answer"))
    )
    answer = chromium.find_element(By.CSS_SELECTOR, ".verify-answer")
    assert "A sealed report with this seal exists" in answer.text
    assert record.incident.number in answer.text and "Read from the QR code." in answer.text
    # A seal typed wrong, through the second form.
    chromium.find_element(By.NAME, "seal").send_keys("0123 not a seal")
    chromium.find_element(By.CSS_SELECTOR, "form[method=get] button[type=submit]").click()
    WebDriverWait(chromium, 10).until(
        lambda d: "That is not a seal" in d.find_element(By.TAG_NAME, "body").text
    )
