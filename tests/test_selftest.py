"""``fieldbook --self-test`` from source: the same checks the bundle runs after a build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.selftest import SelfTestFailed, run_self_test

FIELDBOOK = Path(sys.executable).with_name("fieldbook")


def test_the_installed_command_passes_its_self_test(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELDBOOK_")}
    env |= {"QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    env.pop("PYTHONPATH", None)  # the installed command, from outside the repository
    done = subprocess.run(
        [str(FIELDBOOK), "--self-test"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    steps = [line.split(":")[1].strip() for line in lines[:-1]]
    assert steps == [
        "python",
        "store",
        "demo",
        "fonts",
        "report brief zh",
        "report brief en",
        "report detailed zh",
        "report detailed en",
        "pdfium",
        "keyring",
        "certificates",
        "window",
    ]
    assert lines[-1].startswith("self-test: passed in ")
    assert "sealed" in lines[4] and "draft" in lines[6]
    assert "main window in Chinese over 12 incidents" in lines[11]
    assert "fieldbook: self-test failed" not in done.stderr
    # The temporary data folder is gone after a pass.
    assert not list(tmp_path.glob("fieldbook-selftest-*"))


def test_a_failing_check_prints_one_line_and_keeps_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    seen: list[Path] = []

    def window(data_dir: Path) -> str:
        seen.append(data_dir)
        raise SelfTestFailed("the window\nwould not\tbuild")

    assert run_self_test(gui=window) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1
    assert err.startswith("fieldbook: self-test failed at window: the window would not build")
    # Every check before the window passed, over the folder the window was given.
    assert "self-test: report detailed en:" in out and "passed" not in out
    assert seen and (seen[0] / "fieldbook.db").is_file()
    log = seen[0] / "logs" / "fieldbook.log"
    assert str(log) in err and "self-test failed at window" in log.read_text(encoding="utf-8")


def test_a_report_that_does_not_match_its_record_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import report.pdf as pdf

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr(pdf, "INFO_SEAL", "FieldbookSeaI")  # the PDF carries no seal key

    assert run_self_test() == 1
    _, err = capsys.readouterr()
    assert err.startswith("fieldbook: self-test failed at report brief zh: ")
    assert "carries no Fieldbook seal in its document information" in err


HANG = """
import sys, threading
from desktop import selftest
selftest._Checks.python = lambda self: str(threading.Event().wait())
sys.exit(selftest.run_self_test(timeout=1))
"""


def test_a_hung_check_ends_the_self_test_with_the_stacks_in_the_log(tmp_path: Path) -> None:
    env = dict(os.environ, TMPDIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", HANG],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("fieldbook: self-test failed at python: still running after 1 s")
    (log,) = tmp_path.glob("fieldbook-selftest-*/data/logs/fieldbook.log")
    assert "in run_self_test" in log.read_text(encoding="utf-8")
