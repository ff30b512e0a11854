"""Plain commands start without what they do not use (issue 16): no Qt, no report
renderer, no sync client or HTTP library, no service, no pydantic (the wire's models)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store.db import Store
from tests.conftest import Office

ROOT = Path(__file__).resolve().parents[1]

#: What a plain command never needs (top-level packages and ours).
HEAVY = (
    "PySide6",
    "reportlab",
    "pypdfium2",
    "requests",
    "sync.client",
    "sync.server",
    "fastapi",
    "pydantic",
)


def probe(heavy: tuple[str, ...]) -> str:
    """Python code that runs the ``fieldbook`` program with the arguments it is given and
    then prints ``LOADED=`` and which of the ``heavy`` modules it loaded, to stderr."""
    return _PROBE.format(heavy=heavy)


_PROBE = """
import runpy, sys
sys.argv = ["fieldbook", *sys.argv[1:]]
try:
    runpy.run_module("fieldbook", run_name="__main__")
except SystemExit as done:
    code = done.code
else:
    code = 0
heavy = [m for m in {heavy!r} if m in sys.modules]
print("LOADED=" + ",".join(heavy), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("command", ["list", "note", "show"])
def test_a_plain_command_loads_nothing_it_does_not_use(
    store: Store, office: Office, data_dir: Path, command: str
) -> None:
    store.close()
    number = office.incident_number
    args = {
        "list": ["list"],
        "note": ["note", number, "fans checked"],
        "show": ["show", number],
    }[command]
    done = subprocess.run(
        [sys.executable, "-c", probe(HEAVY), "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = next(line for line in done.stderr.splitlines() if line.startswith("LOADED="))
    assert loaded == "LOADED=", f"{command} loaded {loaded.removeprefix('LOADED=')}"
