"""The statement the service makes from its database: the same figures as each incident's
own clocks (the console's incident page, the report), and its PDF and CSV from a shell."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.statement import days
from report.data import Company
from report.statement import CSV_COLUMNS, build_statement_pdf, statement_csv
from sync.server import demo, statement
from sync.server import record as records_of
from sync.server.cli import main
from sync.server.db import Database
from sync.server.models import ClientRow
from sync.server.office import Office


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('statement') / 'demo.db'}"
    db = Database(url, pool_size=2)
    db.migrate()
    demo.seed(Office(db), incidents=60)
    db.dispose()
    return url


def _year(now: datetime) -> tuple[str, str]:
    return (now - timedelta(days=200)).strftime("%Y-%m-%d"), now.strftime("%Y-%m-%d")


def test_every_line_reads_as_the_incident_page_does(demo_db: str) -> None:
    db = Database(demo_db, pool_size=2)
    now = datetime.now(UTC)
    try:
        with db.read() as session:
            names = list(session.scalars(select(ClientRow.name)))
        lines = 0
        for name in names:
            with db.read() as session:
                row = statement.find_contract(session, name)
                period = days(*_year(now), statement.contract_zone(row))
            data = statement.load(db, row.id, period, Company(name="Office"), now)
            for line in data.statement.lines:
                with db.read() as session:
                    record = records_of.load(session, line.incident.id, now)
                # Replayed from the entries, read with the laptop's functions: the same
                # incident and the same clocks as the console's page of that incident.
                assert line.incident == record.detail.incident
                assert line.sla == record.detail.sla
                assert line.pauses == (
                    record.detail.pauses if record.detail.contract.policy.pause_allowed else ()
                )
                lines += 1
        assert lines > 40
    finally:
        db.dispose()


def test_pdf_and_csv_carry_every_line_and_its_seal(demo_db: str, tmp_path: Path) -> None:
    db = Database(demo_db, pool_size=2)
    now = datetime.now(UTC)
    try:
        with db.read() as session:
            row = statement.find_contract(session, "上海华东医疗集团")
            period = days(*_year(now), statement.contract_zone(row))
        data = statement.load(db, row.id, period, Company(name="Fieldbook 服务"), now)
    finally:
        db.dispose()
    assert data.statement.lines
    sealed = [line.seal for line in data.statement.lines if line.seal]
    assert sealed
    for lang in ("en", "zh"):
        out = io.BytesIO()
        result = build_statement_pdf(data, out, lang)
        path = tmp_path / f"s-{lang}.pdf"
        path.write_bytes(out.getvalue())
        words = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert result.language == lang and result.pages >= 1
        for seal in sealed:
            assert seal in words
        for line in data.statement.lines:
            assert line.number in words
        assert ("SLA statement" if lang == "en" else "SLA 服务水平报表") in words
    # The client's language by default (this one reads Chinese).
    assert build_statement_pdf(data, io.BytesIO()).language == "zh"
    rows = list(csv.reader(io.StringIO(statement_csv(data).decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r[0] for r in rows[1:]] == [line.number for line in data.statement.lines]
    assert {r[-1] for r in rows[1:] if r[-1]} == set(sealed)


def test_the_command_line(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, last = _year(datetime.now(UTC))
    base = ["--db", demo_db, "--log-level", "WARNING", "statement"]
    pdf = tmp_path / "out" / "s.pdf"
    assert (
        main([*base, "Harbour Freight Pte Ltd", "--from", first, "--to", last, "--out", str(pdf)])
        == 0
    )
    answer = json.loads(capsys.readouterr().out)
    assert answer["language"] == "en" and answer["incidents"] > 0
    assert pdf.read_bytes().startswith(b"%PDF")
    this_month = tmp_path / "m.csv"
    assert main([*base, "Harbour Freight Pte Ltd", "--out", str(this_month)]) == 0
    capsys.readouterr()
    assert this_month.read_bytes().startswith("\ufeffincident,".encode())
    # Bad input: a clear message and exit 2.
    for args, said in (
        (["Nobody Ltd", "--out", "x.pdf"], "no client"),
        (["Harbour Freight Pte Ltd", "--month", "2026-13", "--out", "x.pdf"], "not a month"),
        (["Harbour Freight Pte Ltd", "--month", "", "--out", "x.txt"], ".pdf or a .csv"),
        (["Harbour Freight Pte Ltd", "--from", last, "--out", "x.pdf"], "both"),
        (["Harbour Freight Pte Ltd", "--from", last, "--to", first, "--out", "x.pdf"], "before"),
        (["Harbour Freight Pte Ltd", "--contract", "NOPE", "--out", "x.pdf"], "no contract"),
    ):
        assert main([*base, *args]) == 2
        assert said in capsys.readouterr().err


def test_every_phrase_has_both_languages_and_the_same_placeholders() -> None:
    import string

    from report.statement_text import PHRASES, text

    def fields(value: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(value) if name}

    for key in PHRASES:
        en, zh = text("en", key), text("zh", key)
        assert en.strip() and zh.strip(), key
        assert fields(en) == fields(zh), key
