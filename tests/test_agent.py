"""The command agent (desktop.agent): plain commands answered by a process that already
has the store open, with the same output, exit codes and refusals as without it."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import agent, cli
from desktop.store.db import Store, open_store
from desktop.usecases.queries import export_incident
from desktop.usecases.steps import VERBS
from tests.conftest import Office
from tests.test_command_weight import probe

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sqlalchemy", "PySide6", "reportlab", "requests", "pydantic", "cryptography")


def _env(on: bool) -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", agent.ENV_AGENT: "1" if on else "0"}


def fieldbook(
    data_dir: Path, *args: str, agent_on: bool = True, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", probe(HEAVY), "--data-dir", str(data_dir), *args],
        capture_output=True,
        input=stdin,
        cwd=ROOT,
        env=_env(agent_on),
        timeout=120,
    )


def comparable(output: bytes) -> object:
    """``output`` without what changes from one second to the next (time left)."""
    try:
        parsed = json.loads(output)
    except ValueError:
        return re.sub(r"\d+\s*[dhms]\b", "N", output.decode())

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "time_left_seconds"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(parsed)


def loaded(done: subprocess.CompletedProcess[bytes]) -> str:
    line = next(x for x in done.stderr.decode().splitlines() if x.startswith("LOADED="))
    return line.removeprefix("LOADED=")


def without_probe(stderr: bytes) -> str:
    return "\n".join(x for x in stderr.decode().splitlines() if not x.startswith("LOADED="))


def until(condition: object, what: str, timeout: float = 60) -> None:
    """Poll ``condition`` (a callable) until true: the agent is another process."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def agent_pid(data_dir: Path) -> int | None:
    """The pid of the process answering on the folder's socket (None: nobody)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(data_dir / agent.SOCKET_NAME))
        except OSError:
            return None
        creds = probe.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    pid: int = struct.unpack("3i", creds)[0]
    return pid


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone, and so does one
    # reaped since the signal above.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.fixture(autouse=True)
def _no_agent_left(data_dir: Path) -> Iterator[None]:
    """An agent a test's commands left on its folder (a command run after one stepped
    aside leaves a new one) is stopped with the test, not left idling for 15 minutes."""
    yield
    pid = agent_pid(data_dir)
    if pid is not None and alive(pid):
        with contextlib.suppress(ProcessLookupError):  # it may leave by itself meanwhile
            os.kill(pid, signal.SIGTERM)
        until(lambda: not alive(pid), "the agent left behind to stop")


@pytest.fixture
def running(store: Store, office: Office, data_dir: Path) -> Iterator[int]:
    """An agent on the office's folder, started the way a first command starts it."""
    store.close()
    first = fieldbook(data_dir, "list")
    assert first.returncode == 0, first.stderr
    until(lambda: agent_pid(data_dir) is not None, "the agent to answer")
    pid = agent_pid(data_dir)
    assert pid is not None
    yield pid
    if alive(pid):
        os.kill(pid, signal.SIGTERM)
        until(lambda: not alive(pid), "the agent to stop")


def entries(data_dir: Path, number: str) -> list[dict[str, object]]:
    store = open_store(data_dir)
    try:
        found: list[dict[str, object]] = export_incident(store, number)["entries"]
        return found
    finally:
        store.close()


def test_a_note_through_the_agent_is_recorded_without_loading_the_store(
    running: int, office: Office, data_dir: Path
) -> None:
    done = fieldbook(data_dir, "note", office.incident_number, "fans checked")
    assert done.returncode == 0, done.stderr
    assert loaded(done) == "", "the command loaded what the agent should have done"
    assert "Note " in without_probe(done.stderr)
    assert any(e.get("text") == "fans checked" for e in entries(data_dir, office.incident_number))


def test_a_piped_note_reaches_the_agent(running: int, office: Office, data_dir: Path) -> None:
    text = "eth0: link down\n内核: 风扇故障\n"
    done = fieldbook(data_dir, "note", office.incident_number, "-", stdin=text.encode())
    assert done.returncode == 0, done.stderr
    assert loaded(done) == ""
    assert any(
        e.get("text") == text.rstrip("\n") or e.get("text") == text
        for e in entries(data_dir, office.incident_number)
    )


def test_answers_are_the_same_as_without_the_agent(
    running: int, office: Office, data_dir: Path
) -> None:
    for args in (
        ("show", office.incident_number),
        ("export", office.incident_number),
        ("_incidents",),
        ("note", "INC-1999-000001", "no such incident"),  # refused
        ("note", office.incident_number, ""),  # refused: empty
        ("show",),  # argparse refuses: no incident
        ("status",),
    ):
        through = fieldbook(data_dir, *args)
        alone = fieldbook(data_dir, *args, agent_on=False)
        assert loaded(through) == "", args
        assert through.returncode == alone.returncode, args
        assert comparable(through.stdout) == comparable(alone.stdout), args
        assert without_probe(through.stderr) == without_probe(alone.stderr), args
    assert fieldbook(data_dir, "note", "INC-1999-000001", "x").returncode != 0


def test_a_command_that_asks_at_the_terminal_is_handed_back(
    store: Store, office: Office, data_dir: Path
) -> None:
    request = {
        "protocol": 1,
        "argv": ["--data-dir", str(data_dir), "cancel", office.incident_number],
        "cwd": str(ROOT),
        "stdin": "",
        "stdin_tty": True,  # the confirmation would be typed at the terminal
        "stdout_tty": True,
    }
    before = entries(data_dir, office.incident_number)
    assert agent._answer(request, store) == {"served": False}
    assert entries(data_dir, office.incident_number) == before


def test_not_served_commands_and_other_folders_are_handed_back(
    store: Store, tmp_path: Path, data_dir: Path
) -> None:
    for argv in (
        ["--data-dir", str(data_dir), "sync"],
        ["--data-dir", str(data_dir), "report", "INC-1", "--out", str(tmp_path / "r.pdf")],
        ["--data-dir", str(tmp_path / "elsewhere"), "list"],
    ):
        request = {"protocol": 1, "argv": argv, "cwd": str(ROOT), "stdin": ""}
        assert agent._answer(request, store) == {"served": False}, argv
    assert not (tmp_path / "elsewhere").exists()  # not even a log folder
    garbage = {"protocol": 1, "argv": "list", "cwd": str(ROOT)}
    assert agent._answer(garbage, store) == {"served": False}


def test_garbage_on_the_socket_does_not_stop_the_agent(
    running: int, office: Office, data_dir: Path
) -> None:
    for junk in (b"\x00\x00\x00\x05hello", b"\xff\xff\xff\xffxx", b"\x00\x00\x00\x02[]", b""):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(data_dir / agent.SOCKET_NAME))
            conn.sendall(junk)
            conn.shutdown(socket.SHUT_WR)
            with contextlib.suppress(ConnectionResetError):
                assert conn.recv(16) == b""  # closed without an answer
    done = fieldbook(data_dir, "show", office.incident_number)
    assert done.returncode == 0 and loaded(done) == ""
    assert agent_pid(data_dir) == running


# An agent that also watches a stand-in for one of Fieldbook's files (touching a real one
# would make the agents of tests running beside this one step aside too).
_WATCHING = (
    "import sys; from pathlib import Path; from desktop import agent; "
    "stamp = agent._code_stamp; "
    "agent._code_stamp = lambda: {**stamp(), sys.argv[2]: agent._mtime(sys.argv[2])}; "
    "sys.exit(agent.serve(Path(sys.argv[1])))"
)


def test_the_agent_steps_aside_when_fieldbook_changes_on_disk(
    store: Store, office: Office, data_dir: Path, tmp_path: Path
) -> None:
    store.close()
    module = tmp_path / "show.py"
    module.write_text("# a module of Fieldbook's\n")
    process = subprocess.Popen(
        [sys.executable, "-c", _WATCHING, str(data_dir), str(module)], cwd=ROOT, env=_env(True)
    )
    try:
        until(lambda: agent_pid(data_dir) == process.pid, "the agent to answer")
        served = fieldbook(data_dir, "show", office.incident_number)
        assert served.returncode == 0 and loaded(served) == ""
        stat = module.stat()
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # upgraded
        done = fieldbook(data_dir, "show", office.incident_number)
        assert done.returncode == 0, done.stderr
        assert "sqlalchemy" in loaded(done), "an outdated agent answered"
        assert process.wait(timeout=60) == 0  # and it went away
        # The command ran alone and left an agent of the new code (stopped with the test).
        until(lambda: agent_pid(data_dir) not in (None, process.pid), "a new agent")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_agent_leaves_when_its_folder_is_wiped(running: int, data_dir: Path) -> None:
    (data_dir / agent.SOCKET_NAME).unlink()
    until(lambda: not alive(running), "the agent to stop")


def test_the_agent_leaves_when_idle(store: Store, office: Office, data_dir: Path) -> None:
    store.close()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from desktop import agent; "
            "sys.exit(agent.serve(Path(sys.argv[1]), idle_seconds=0.5))",
            str(data_dir),
        ],
        cwd=ROOT,
        env=_env(True),
    )
    assert process.wait(timeout=120) == 0
    assert not (data_dir / agent.SOCKET_NAME).exists()


def test_the_agent_never_makes_a_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert agent.serve(empty, idle_seconds=0.1) == 1
    assert not (empty / "fieldbook.db").exists()
    assert not (empty / agent.SOCKET_NAME).exists()


def test_without_an_agent_the_command_runs_itself(
    store: Store, office: Office, data_dir: Path
) -> None:
    store.close()
    done = fieldbook(data_dir, "note", office.incident_number, "alone", agent_on=False)
    assert done.returncode == 0 and "sqlalchemy" in loaded(done)
    assert agent_pid(data_dir) is None and not (data_dir / agent.SOCKET_NAME).exists()


def test_the_served_commands_are_commands() -> None:
    assert set(VERBS) <= agent.SERVED
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) >= agent.SERVED


def test_the_window_and_options_are_never_relayed(tmp_path: Path) -> None:
    for argv in ([], ["--version"], ["--self-test"], ["--data-dir", str(tmp_path)], ["sync"]):
        assert agent._data_dir_of(argv) is None, argv
    assert agent._data_dir_of(["--data-dir", str(tmp_path), "list"]) == tmp_path
    assert agent._data_dir_of([f"--data-dir={tmp_path}", "note", "X", "y"]) == tmp_path


def test_json_round_trip_of_an_answer(running: int, office: Office, data_dir: Path) -> None:
    done = fieldbook(data_dir, "show", "--json", office.incident_number)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["incident"]["number"] == office.incident_number


def _fake_agent(data_dir: Path, answer: bytes | None) -> threading.Thread:
    """A socket where the agent's would be: it reads one request, then answers ``answer``
    as it is (None: closes without a word, as an agent killed mid-command would)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(data_dir / agent.SOCKET_NAME))
    listener.listen(1)

    def serve() -> None:
        with listener, listener.accept()[0] as conn:
            agent._receive(conn)
            if answer is not None:
                conn.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return thread


def test_an_agent_that_dies_mid_command_is_not_asked_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(agent.ENV_AGENT, "1")
    folder = tmp_path / "data"
    thread = _fake_agent(folder, None)
    # The note may be in the store already: the command must not run here a second time.
    assert agent.relay(["--data-dir", str(folder), "note", "INC-1", "fans"]) == 70
    thread.join(10)
    assert "fieldbook show" in capsys.readouterr().err


def test_a_command_the_agent_hands_back_runs_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(agent.ENV_AGENT, "1")
    folder = tmp_path / "data"
    body = json.dumps({"served": False}).encode()
    thread = _fake_agent(folder, struct.pack("!I", len(body)) + body)
    assert agent.relay(["--data-dir", str(folder), "note", "INC-1", "fans"]) is None
    thread.join(10)


def test_a_stopped_agent_takes_its_socket_with_it(running: int, data_dir: Path) -> None:
    os.kill(running, signal.SIGTERM)
    until(lambda: not alive(running), "the agent to stop")
    assert not (data_dir / agent.SOCKET_NAME).exists()
