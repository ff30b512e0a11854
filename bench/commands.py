"""Plain commands, whole process, against a bare ``python -c pass`` in the same run.

    .venv/bin/python bench/commands.py [--incidents 200] [--runs 7]

Times ``fieldbook note``, ``list``, ``show`` and ``_incidents`` (the shell's completion
of incident numbers) as a technician runs them: a fresh process each, with the command
agent (desktop.agent) answering, and with it turned off (``FIELDBOOK_AGENT=0``: every
command imports the store and opens it itself). Prints the median of the runs and the
ratio against the bare interpreter. The store's key comes from ``$FIELDBOOK_PASSPHRASE``
(set here when unset), as in a script; with the OS keyring the lookup costs about the
same as the key derivation's first step.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = [sys.executable, "-m", "fieldbook"]


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    return time.perf_counter() - start


def median_of(runs: int, args: list[str], env: dict[str, str]) -> float:
    return statistics.median(timed(args, env) for _ in range(runs))


def wait_for_agent(folder: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(str(folder / "agent.sock"))
                return
            except OSError:
                time.sleep(0.1)
    raise SystemExit("the command agent did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    opts = parser.parse_args()
    env = {**os.environ, "FIELDBOOK_PASSPHRASE": os.environ.get("FIELDBOOK_PASSPHRASE", "bench")}
    env["FIELDBOOK_PASSPHRASE"] = env["FIELDBOOK_PASSPHRASE"].ljust(8, ".")
    with tempfile.TemporaryDirectory(prefix="fb-commands-") as tmp:
        folder = Path(tmp) / "data"
        base = [*PROGRAM, "--data-dir", str(folder)]
        off = {**env, "FIELDBOOK_AGENT": "0"}
        subprocess.run(
            [*base, "demo", "--incidents", str(opts.incidents)],
            env=off,
            check=True,
            capture_output=True,
        )
        number = (
            subprocess.run([*base, "_incidents"], env=off, check=True, capture_output=True)
            .stdout.decode()
            .split()[0]
        )
        commands = {
            "note": ["note", number, "fans checked"],
            "list": ["list"],
            "show": ["show", number],
            "_incidents": ["_incidents"],
        }
        bare = median_of(opts.runs, [sys.executable, "-c", "pass"], env)
        alone = {name: median_of(opts.runs, [*base, *args], off) for name, args in commands.items()}
        on = {**env, "FIELDBOOK_AGENT": "1"}
        subprocess.run([*base, "list"], env=on, check=True, stdout=subprocess.DEVNULL)
        wait_for_agent(folder)
        timed([*base, "list"], on)  # the agent's first answer warms its caches
        agent = {name: median_of(opts.runs, [*base, *args], on) for name, args in commands.items()}
        subprocess.run(["pkill", "-f", f"_agent {folder}"], check=False)
        bare_after = median_of(opts.runs, [sys.executable, "-c", "pass"], env)
    bare = statistics.median([bare, bare_after])
    print(
        f"{opts.incidents} incidents, median of {opts.runs} runs; bare python: {bare * 1000:.0f} ms"
    )
    print(f"{'command':<12}{'with agent':>14}{'ratio':>8}{'without':>12}{'ratio':>8}")
    for name in commands:
        print(
            f"{name:<12}{agent[name] * 1000:>11.0f} ms{agent[name] / bare:>7.1f}×"
            f"{alone[name] * 1000:>9.0f} ms{alone[name] / bare:>7.1f}×"
        )


if __name__ == "__main__":
    main()
