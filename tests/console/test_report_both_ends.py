"""The office and the laptop render the identical service report from their own records."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.usecases.report import load_report_data
from report.data import Company
from report.pdf import ReportOptions, build_report
from sync.server import record
from tests.console.conftest import Office, make_office
from tests.console.signed import signed_incident
from tests.sync.conftest import Backend
from tests.sync.laptops import Laptop, require_keyring

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
COMPANY = Company(
    name="华信智联 Huaxin IT Services", address="上海市浦东新区", phone="400-820-6600"
)


@pytest.fixture(autouse=True)
def _keyring() -> None:
    require_keyring()


@pytest.fixture
def laptop(tmp_path: Path, sqlite_backend: Backend) -> Iterator[Laptop]:
    made = Laptop(tmp_path / "laptop", sqlite_backend.url)
    yield made
    made.close()


def _text(pdf: bytes, tmp: Path, name: str) -> str:
    path = tmp / name
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


def test_both_ends_render_the_same_document(
    sqlite_backend: Backend, laptop: Laptop, tmp_path: Path
) -> None:
    office: Office = make_office(sqlite_backend)
    sqlite_backend.office.set_time_zone(office.world.contract_id, "Asia/Shanghai")
    incident = signed_incident(office.world, laptop, tmp_path)
    assert laptop.sync().complete  # brings the contract's zone
    ours = replace(record.report_data(sqlite_backend.db, incident, COMPANY, AT), generated_at=AT)
    theirs = replace(
        load_report_data(laptop.store, incident, now=AT), company=COMPANY, generated_at=AT
    )
    assert ours.detail.incident == theirs.detail.incident
    assert ours.detail.entries == theirs.detail.entries
    assert ours.detail.pauses == theirs.detail.pauses
    assert ours.detail.contract.time_zone == theirs.detail.contract.time_zone == "Asia/Shanghai"
    assert ours.sealed is not None and theirs.sealed is not None
    assert ours.sealed.sign_off.seal == theirs.sealed.sign_off.seal and ours.sealed.intact
    assert ours.images == theirs.images and ours.images  # the photo, from the blob store
    assert ours.signature_png == theirs.signature_png is not None
    for options in (ReportOptions(language="zh"), ReportOptions(brief=True, language="en")):
        pdfs = []
        for data in (ours, theirs):
            out = io.BytesIO()
            build_report(data, out, options)
            pdfs.append(out.getvalue())
        office_text = _text(pdfs[0], tmp_path, "office.pdf")
        laptop_text = _text(pdfs[1], tmp_path, "laptop.pdf")
        assert office_text == laptop_text
        assert ours.sealed.sign_off.seal[:16] in office_text.replace(" ", "")
        assert "Asia/Shanghai" in office_text
