"""The laptop app and the central service install apart (pyproject.toml's extras), and
the bundle leaves out what only the service and the tools need, as those extras say."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "installer" / "hooks"))

from fieldbook_extras import left_out  # type: ignore[import-not-found]  # noqa: E402


def test_the_extras_keep_each_end_to_itself() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {
        extra: {req.split(">")[0].split("[")[0].split(";")[0].strip().lower() for req in reqs}
        for extra, reqs in project["optional-dependencies"].items()
    }
    base = {r.split(">")[0].strip().lower() for r in project["dependencies"]}
    assert {"fastapi", "uvicorn", "psycopg"} <= names["server"]
    assert not ({"fastapi", "uvicorn", "psycopg"} & (names["laptop"] | base))
    assert {"pyside6-essentials", "keyring", "requests"} <= names["laptop"]
    assert {"sqlcipher3", "cryptography"} <= names["laptop"]  # the store at rest
    assert not ({"pyside6-essentials", "keyring", "requests"} & (names["server"] | base))


def test_the_bundle_leaves_out_the_service_and_the_tools() -> None:
    out = set(left_out(ROOT / "pyproject.toml"))
    assert {"sync.server", "fastapi", "uvicorn", "psycopg", "pytest", "mypy"} <= out
    assert not ({"PySide6", "sqlalchemy", "reportlab", "keyring", "requests", "PIL"} & out)
