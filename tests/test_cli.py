"""The command line as a technician uses it: real processes, real data folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store.db import Store
from desktop.usecases import queries
from domain.records import DiagnosticNote
from tests.conftest import Office

ROOT = Path(__file__).resolve().parents[1]


def fieldbook(
    data_dir: Path, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "fieldbook", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def test_note_from_a_pipe_is_kept_monospace(store: Store, office: Office, data_dir: Path) -> None:
    dmesg = b"[ 12.3] sd 0:0:0:0: [sda] tag#3 FAILED Result: hostbyte=DID_OK\n\xff\n"
    result = fieldbook(data_dir, "note", office.incident_number, "-", stdin=dmesg)
    assert result.returncode == 0, result.stderr
    [note] = queries.incident_detail(store, office.incident_id).entries
    assert isinstance(note, DiagnosticNote)
    assert note.preformatted and "FAILED Result" in note.text
    assert "\ufffd" in note.text  # a stray byte is replaced, not fatal


def test_note_as_argument_is_plain_text(store: Store, office: Office, data_dir: Path) -> None:
    result = fieldbook(data_dir, "note", str(office.incident_id), "客户确认业务已恢复")
    assert result.returncode == 0, result.stderr
    [note] = queries.incident_detail(store, office.incident_id).entries
    assert note.text == "客户确认业务已恢复" and not note.preformatted  # type: ignore[attr-defined]


def test_bad_input_is_one_plain_line(store: Store, office: Office, data_dir: Path) -> None:
    cases = [
        (("note", "INC-404", "x"), "No incident “INC-404”"),
        (("note", office.incident_number, "   "), "cannot be empty"),
        (("note", office.incident_number, "-"), "cannot be empty"),  # empty pipe
        (("attach", office.incident_number, str(data_dir / "missing.png")), "does not exist"),
        (("export", "nope"), "No incident"),
    ]
    for args, words in cases:
        result = fieldbook(data_dir, *args, stdin=b"")
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(data_dir: Path) -> None:
    for args in (
        ("demo", "--incidents", "0"),
        ("demo", "--incidents", "many"),
        ("frobnicate",),
    ):
        result = fieldbook(data_dir, *args)
        assert result.returncode == 2 and "Traceback" not in result.stderr


def test_attach_and_export(store: Store, office: Office, data_dir: Path, tmp_path: Path) -> None:
    photo = tmp_path / "机柜照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff jpeg bytes")
    assert fieldbook(data_dir, "attach", office.incident_number, str(photo)).returncode == 0
    result = fieldbook(data_dir, "export", office.incident_number)
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    assert exported["incident"]["number"] == office.incident_number
    assert exported["system_covered"] is True
    assert exported["sla"]["response"]["target_minutes"] == 5
    [attachment] = exported["entries"]
    assert attachment["filename"] == "机柜照片.jpg" and attachment["voided"] is False


def test_list_and_status(store: Store, office: Office, data_dir: Path) -> None:
    listed = fieldbook(data_dir, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert row["number"] == office.incident_number and row["priority"] == "P1"
    assert row["sla"]["clock"] == "resolution" and row["sla"]["outcome"] in ("missed", "running")
    table = fieldbook(data_dir, "list")
    assert office.incident_number in table.stdout and "上海华东医疗集团" in table.stdout
    status = json.loads(fieldbook(data_dir, "status").stdout)
    assert status["counts"]["incidents"] == 1
    assert status["schema_revision"] == status["schema_head"]
    assert status["outbox"] == {"pending": 0, "rejected": 0, "applied": 0}
    assert (data_dir / "logs" / "fieldbook.log").is_file()


def test_an_unusable_data_folder_is_explained(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = fieldbook(blocker / "data", "status")
    assert result.returncode == 1 and "fieldbook:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_corrupt_database_is_explained(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "fieldbook.db").write_bytes(b"this is not sqlite" * 100)
    result = fieldbook(data, "status")
    assert result.returncode == 1, result.stderr
    assert "not a Fieldbook database" in result.stderr


@pytest.mark.parametrize("n", [25])
def test_demo_then_list(data_dir: Path, n: int) -> None:
    result = fieldbook(data_dir, "demo", "--incidents", str(n))
    assert result.returncode == 0, result.stderr
    again = fieldbook(data_dir, "demo", "--incidents", str(n))
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert fieldbook(data_dir, "demo", "--if-empty").returncode == 0
    listed = json.loads(fieldbook(data_dir, "list", "--json").stdout)
    # The list shows the signed-in technician's incidents (and nobody's), not the
    # colleagues' the demo office also holds.
    from sqlalchemy import select

    from desktop.store.db import open_store
    from desktop.store.models import IncidentRow
    from desktop.usecases.common import visible

    store = open_store(data_dir)
    try:
        with store.read() as session:
            total = len(session.scalars(select(IncidentRow.id)).all())
            mine = session.scalars(select(IncidentRow.number).where(visible(session))).all()
    finally:
        store.close()
    assert total == n and 0 < len(mine) <= n
    assert sorted(r["number"] for r in listed) == sorted(mine)


@pytest.mark.parametrize(
    "argv",
    [[], ["--data-dir", "/srv/x"], ["--data=/srv/x"], ["--self-test"], ["--data-dir", "list"]],
)
def test_the_window_reads_its_options_as_the_whole_parser_would(argv: list[str]) -> None:
    """``fieldbook`` with no command reads only the options before a command (the window
    does not wait for every command's parser): the same answer as the whole parser."""
    from desktop.cli import _parse, build_parser

    assert vars(_parse(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--data-dir"], "expected one argument"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--data-dir", "/srv/x", "nosuchcommand"], "invalid choice: 'nosuchcommand'"),
    ],
)
def test_a_mistake_without_a_command_gets_the_whole_usage(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import _parse

    with pytest.raises(SystemExit) as exit_:
        _parse(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "COMMAND" in err  # the usage of the whole program, commands too
