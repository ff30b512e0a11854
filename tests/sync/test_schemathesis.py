"""Schemathesis against the served OpenAPI document: no request may get a 5xx.

Run through its command line against the real server process (its own pytest plugin
would run under this project's warnings-are-errors setting). Bounded: a fixed seed, the
coverage phase (boundary and negative values) and a few fuzzed examples per operation:
a few hundred requests in all, in seconds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import requests

from sync.protocol import PROTOCOL_HEADER
from tests.sync.conftest import Backend, World, make_world

ST = Path(sys.executable).with_name("st")


def _run(backend: Backend, token: str, *selection: str, examples: int, cwd: Path) -> int:
    """Run schemathesis; return how many requests it made."""
    command = [
        str(ST),
        "run",
        f"{backend.url}/openapi.json",
        "--checks",
        "not_a_server_error",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(examples),
        "--seed",
        "20261124",
        "--no-shrink",
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--header",
        f"Authorization: Bearer {token}",
        "--exclude-path",
        "/logout",  # it would end the token the run uses
        *selection,
    ]
    env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"}
    # In a temporary folder: schemathesis keeps a cache folder where it runs.
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=cwd)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    found = re.search(r"(\d+) generated", done.stdout)
    assert found, done.stdout[-3000:]
    return int(found.group(1))


def test_no_request_gets_a_5xx(sqlite_backend: Backend, tmp_path: Path) -> None:
    world: World = make_world(sqlite_backend)
    doc = requests.get(f"{sqlite_backend.url}/openapi.json", timeout=10).json()
    assert any(
        p.get("name") == PROTOCOL_HEADER
        for path in doc["paths"].values()
        for op in path.values()
        for p in op.get("parameters", [])
    )
    assert world.a.token and world.dispatch.token
    made = _run(
        sqlite_backend, world.a.token, "--exclude-tag", "dispatch", examples=20, cwd=tmp_path
    )
    made += _run(
        sqlite_backend, world.dispatch.token, "--include-tag", "dispatch", examples=15, cwd=tmp_path
    )
    assert 200 <= made <= 1000, made
