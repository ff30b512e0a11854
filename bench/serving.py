"""Starting and stopping the processes a service benchmark measures."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def start(
    command: list[str], url: str, log: Path, root: Path = ROOT, within: float = 180
) -> subprocess.Popen[bytes]:
    """Run ``command`` in ``root``, its output to ``log``; return once ``url`` answers."""
    proc = subprocess.Popen(command, cwd=root, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{command[2:5]} exited:\n{log.read_text()[-3000:]}")
        try:
            requests.get(url, timeout=1)
            return proc
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"a server did not start within {within:.0f} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def add_service_options(parser: argparse.ArgumentParser) -> None:
    """The database, and which checkout's service (the code before a change) to run."""
    parser.add_argument(
        "--pg",
        default=os.environ.get(
            "FIELDBOOK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument(
        "--server-root",
        default=str(ROOT),
        help="run the service from this checkout (the code before a change)",
    )
    parser.add_argument(
        "--server-python", default=sys.executable, help="with this Python (its environment)"
    )
