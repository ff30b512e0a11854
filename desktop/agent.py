"""The command agent: plain commands answered by a process that has the store open.

A plain command (``fieldbook note``, ``list``, ``show``, the status verbs, the shell's
completion of incident numbers) does a few milliseconds of work, but a fresh process
first spends half a second importing SQLAlchemy and the models and fetching the store's
key from the keyring. So after such a command Fieldbook leaves an *agent* in the
background, holding the open store, listening on ``agent.sock`` in the data folder; the
next command (:func:`relay`, which imports only the standard library) hands it its
arguments, standard input and working folder, and prints what it answers. The agent
runs the command through the same :func:`desktop.cli.main`, so the output, the exit code
and the refusals are the same as without it.

Who may talk to it: the socket is in the data folder (0700) and the agent checks the
peer's user id, so only the user who can read the store already. It goes away after
:data:`IDLE_SECONDS` without a command, when its socket file is removed or replaced (the
folder was wiped, or another agent took over), when Fieldbook's code changed on disk (an
upgrade: it answers "not served" and the command runs as before), and when the schema is
not the one its code knows. It never creates a store: it starts only on a folder whose
key is already described, with the key from the keyring or ``$FIELDBOOK_PASSPHRASE``
(never a prompt). ``FIELDBOOK_AGENT=0`` turns it off; where the platform has no Unix
sockets (Windows) every command runs in its own process.

An agent that goes away while it runs a command may have recorded it: the command then
says so and exits 70 instead of running a second time here (a note must not be doubled).
``kill`` stops the agent between two commands, never inside one.

A command that needs the terminal (a confirmation typed at a prompt) is handed back: the
agent's standard input raises :class:`NeedsTerminal` at the first read, which every such
command does before it records anything, and the command runs in its own process.

Only the standard library is imported at the top: :func:`relay` runs before anything else.
"""

from __future__ import annotations

import base64
import io
import json
import os
import socket
import struct
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging
    from collections.abc import Sequence
    from typing import Any

    from desktop.store.db import Store

SOCKET_NAME = "agent.sock"
ENV_AGENT = "FIELDBOOK_AGENT"
IDLE_SECONDS = 15 * 60
#: The commands the agent answers: they read and record through the store and print.
#: (Not: the window, demo, report, sending, verify, sign-in, sync, attach, screenshots.)
SERVED = frozenset(
    {
        "list",
        "status",
        "export",
        "note",
        "show",
        "_incidents",
        "template",
        "action",
        "swap",
        "part",
        "time",
        "pause",
        "resume",
        "void",
        # the status verbs (desktop.usecases.steps.VERBS; a test keeps them in step)
        "respond",
        "travel",
        "arrive",
        "wait",
        "back",
        "resolve",
        "reopen",
        "close",
        "cancel",
    }
)
_PROTOCOL = 1
_HEADER = struct.Struct("!I")
_MAX_MESSAGE = 256 * 1024 * 1024  # a list of 100,000 incidents as JSON fits many times
_SOCKET_PATH_MAX = 100  # sun_path holds 108 bytes on Linux, 104 on macOS


def _log() -> logging.Logger:
    import logging

    return logging.getLogger("fieldbook.agent")


def enabled() -> bool:
    return hasattr(socket, "AF_UNIX") and os.environ.get(ENV_AGENT, "1") != "0"


def socket_path(data_dir: Path) -> Path | None:
    path = data_dir / SOCKET_NAME
    return path if len(os.fsencode(path)) <= _SOCKET_PATH_MAX else None


# --- the command's side --------------------------------------------------------------


def relay(argv: Sequence[str]) -> int | None:
    """Run ``argv`` through the data folder's agent: its exit code, or None when there
    is no agent or it did not take the command (then run it here, as usual)."""
    if not enabled():
        return None
    data_dir = _data_dir_of(argv)
    path = socket_path(data_dir) if data_dir is not None else None
    if path is None:
        return None
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(os.fspath(path))
    except OSError:
        conn.close()
        return None
    with conn:
        stdin_tty = sys.stdin is not None and sys.stdin.isatty()
        stdin = b""
        if "-" in argv and sys.stdin is not None and not stdin_tty:
            stdin = sys.stdin.buffer.read()
            # If the agent hands the command back, it runs here and reads this again.
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        columns, lines = _terminal_size()
        request = {
            "protocol": _PROTOCOL,
            "argv": list(argv),
            "cwd": str(Path.cwd()),
            "stdin": base64.b64encode(stdin).decode("ascii"),
            "stdin_tty": stdin_tty,
            "stdout_tty": sys.stdout is not None and sys.stdout.isatty(),
            "columns": columns,
            "lines": lines,
        }
        try:
            _send(conn, request)
        except OSError:
            return None  # the agent did not take the command: run it here
        try:
            answer = _receive(conn)
        except (OSError, ValueError):
            # It may have recorded the work before it went: running the command again
            # could record it twice. Say so instead.
            print(
                "fieldbook: the command agent stopped while it ran this command; whether "
                "it was recorded, `fieldbook show` tells (run it again only if it was not)",
                file=sys.stderr,
            )
            return 70
    if not answer.get("served"):
        return None
    try:
        for stream, key in ((sys.stdout, "stdout"), (sys.stderr, "stderr")):
            data = base64.b64decode(answer.get(key, ""))
            if data and stream is not None:
                stream.flush()
                stream.buffer.write(data)
                stream.flush()
    except BrokenPipeError:  # `fieldbook list | head`: the reader left; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    code = answer.get("code")
    return code if isinstance(code, int) else 70


def _data_dir_of(argv: Sequence[str]) -> Path | None:
    """The data folder ``argv`` names (``--data-dir`` before the command), else the
    default; None when the arguments are not a plain command's."""
    given: str | None = None
    args = iter(argv)
    for arg in args:
        if arg == "--data-dir":
            given = next(args, None)
            if given is None:
                return None
        elif arg.startswith("--data-dir="):
            given = arg.partition("=")[2]
        elif arg.startswith("-"):
            return None  # --help, --version, --self-test: not for the agent
        else:
            if arg not in SERVED:
                return None
            break
    else:
        return None  # no command: the window
    if given is not None:
        return Path(given).expanduser().absolute()
    from desktop.paths import default_data_dir

    return default_data_dir().absolute()


def _terminal_size() -> tuple[int, int]:
    import shutil

    size = shutil.get_terminal_size()
    return size.columns, size.lines


# --- the agent's side ----------------------------------------------------------------


def start(data_dir: Path) -> None:
    """Start an agent for ``data_dir`` in the background, unless one is answering."""
    path = socket_path(data_dir)
    if not enabled() or path is None or _answering(path):
        return
    import subprocess

    if getattr(sys, "frozen", False):
        program = [sys.executable, "_agent", os.fspath(data_dir)]
    else:
        program = [sys.executable, "-m", "desktop", "_agent", os.fspath(data_dir)]
    try:
        subprocess.Popen(
            program,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError as error:
        _log().warning("the command agent did not start: %s", error)


def _answering(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(os.fspath(path))
        except OSError:
            return False
    return True


def serve(data_dir: Path, *, idle_seconds: float = IDLE_SECONDS) -> int:
    """Answer commands on ``data_dir``'s socket until idle, replaced or outdated."""
    import signal

    from desktop.logs import setup_logging
    from desktop.store import cipher
    from desktop.store.db import open_store
    from desktop.store.errors import StoreError

    data_dir = data_dir.absolute()
    path = socket_path(data_dir)
    if path is None or not enabled():
        return 1
    setup_logging(data_dir)
    # `kill` stops it as cleanly as going idle, between two commands (never in the middle
    # of one: the command would be rolled back after its answer was decided).
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda number, _frame: stopping.append(number))
    if cipher.read_key_info(data_dir) is None:
        return 1  # no store here (yet): the agent never makes one
    try:
        store = open_store(data_dir, prompt=None)
    except StoreError as error:
        _log().info("command agent not started: %s", error)
        return 1
    try:
        # Everything the commands use is loaded, and the code stamped, before the first
        # command can arrive: an upgrade landing while this agent starts is noticed.
        code = _warm_up()
        listener = _listen(path)
        if listener is None:
            return 0
        mine = path.stat().st_ino
        with listener:
            _log().info("command agent answering on %s", path)
            try:
                _loop(listener, path, mine, code, store, idle_seconds, stopping)
            finally:
                if _still_mine(path, mine):
                    path.unlink(missing_ok=True)
                _hand_back_waiting(listener)
    finally:
        store.close()
    _log().info("command agent stopped")
    return 0


def _listen(path: Path) -> socket.socket | None:
    if _answering(path):
        return None  # another agent is already here
    path.unlink(missing_ok=True)  # a dead agent's socket
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        listener.bind(os.fspath(path))
    finally:
        os.umask(old)
    listener.listen(16)
    listener.settimeout(1.0)
    return listener


#: What the served commands import when they run, loaded before the code is stamped.
_COMMAND_MODULES = (
    "desktop.cli",
    "desktop.cli_job",
    "desktop.show",
    "desktop.usecases.clock",
    "desktop.usecases.notes",
    "desktop.usecases.parts",
    "desktop.usecases.queries",
    "desktop.usecases.steps",
    "desktop.usecases.templates",
    "desktop.usecases.timelog",
    "desktop.usecases.void",
    "desktop.usecases.work",
)


def _warm_up() -> dict[str, int]:
    import importlib

    for name in _COMMAND_MODULES:
        importlib.import_module(name)
    return _code_stamp()


def _loop(
    listener: socket.socket,
    path: Path,
    mine: int,
    code: dict[str, int],
    store: Store,
    idle_seconds: float,
    stopping: list[int],
) -> None:
    import time

    last = time.monotonic()
    while True:
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            if stopping or time.monotonic() - last > idle_seconds or not _still_mine(path, mine):
                return
            continue
        last = time.monotonic()
        with conn:
            conn.settimeout(60)
            if not _same_user(conn):
                _log().warning("command agent: a connection from another user, closed")
                continue
            try:
                request = _receive(conn)
            except _Left:
                continue  # a probe (is an agent answering?) or a command that gave up
            except (OSError, ValueError) as error:
                _log().info("command agent: a broken request (%s)", type(error).__name__)
                continue
            outdated = _code_changed(code) or not _schema_current(store)
            answer: dict[str, Any] = {"served": False}
            if not outdated:
                try:
                    answer = _answer(request, store)
                except Exception:  # a request it cannot read: the command runs itself
                    _log().exception("command agent: a request not understood")
            try:
                _send(conn, answer)
            except OSError:
                _log().info("command agent: the command left before its answer")
            if outdated:
                _log().info("command agent: Fieldbook changed on disk; stopping")
                return
        if stopping or not _still_mine(path, mine):
            return


def _hand_back_waiting(listener: socket.socket) -> None:
    """Answer "not served" to the commands that connected while the agent was stopping
    (their socket file is gone already): they run themselves, none is left guessing."""
    listener.settimeout(0)
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            try:
                _receive(conn)
                _send(conn, {"served": False})
            except (OSError, ValueError):
                pass


def _answer(request: dict[str, Any], store: Store) -> dict[str, Any]:
    from contextlib import redirect_stderr, redirect_stdout

    from desktop import cli

    argv = request.get("argv")
    cwd = request.get("cwd")
    if (
        request.get("protocol") != _PROTOCOL
        or not isinstance(argv, list)
        or not all(isinstance(a, str) for a in argv)
        or not isinstance(cwd, str)
    ):
        return {"served": False}
    stdin = _Input(base64.b64decode(request.get("stdin", "")), bool(request.get("stdin_tty")))
    out = _Output(bool(request.get("stdout_tty")))
    err = _Output(False)
    with _Session(cwd, request.get("columns"), request.get("lines"), stdin):
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = cli.main(argv, store=store, served=SERVED)
        except (NeedsTerminal, cli.NotServed):
            return {"served": False}
        except SystemExit as done:  # argparse: --help, or arguments it refused
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 2)
        except Exception:
            _log().exception("command agent: unexpected error")
            return {"served": False}
    return {"served": True, "code": code, "stdout": out.encoded(), "stderr": err.encoded()}


class _Session:
    """The command's working folder, terminal size and standard input, for one command."""

    def __init__(self, cwd: str, columns: object, lines: object, stdin: _Input) -> None:
        self.cwd = cwd
        self.env = {
            name: str(value)
            for name, value in (("COLUMNS", columns), ("LINES", lines))
            if isinstance(value, int) and value > 0
        }
        self.stdin = stdin

    def __enter__(self) -> None:
        self.saved = (Path.cwd(), sys.stdin, {n: os.environ.get(n) for n in self.env})
        os.chdir(self.cwd)
        os.environ.update(self.env)
        sys.stdin = self.stdin

    def __exit__(self, *_exc: object) -> None:
        here, sys.stdin, env = self.saved
        for name, saved in env.items():
            if saved is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = saved
        os.chdir(here)


class _Left(ValueError):
    """The other side closed the connection before a whole message."""


class NeedsTerminal(BaseException):
    """The command wants to ask at the terminal: it runs in its own process instead.
    (A BaseException so that the command's own error handling lets it through.)"""


class _Input(io.TextIOWrapper):
    """The command's standard input as sent; a terminal is not readable from here."""

    def __init__(self, data: bytes, tty: bool) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8", errors="replace")
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty

    def read(self, size: int | None = -1) -> str:
        if self._tty:
            raise NeedsTerminal
        return super().read(size)

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        if self._tty:
            raise NeedsTerminal
        return super().readline(size)


class _Output(io.TextIOWrapper):
    def __init__(self, tty: bool) -> None:
        self._bytes = io.BytesIO()
        super().__init__(self._bytes, encoding="utf-8", errors="replace", write_through=True)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty

    def encoded(self) -> str:
        self.flush()
        return base64.b64encode(self._bytes.getvalue()).decode("ascii")


def _code_stamp() -> dict[str, int]:
    """When each loaded Fieldbook module last changed on disk (an upgrade changes it)."""
    stamp = {sys.executable: _mtime(sys.executable)}  # the bundle's program, once frozen
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and name.partition(".")[0] in ("desktop", "domain", "fieldbook", "report"):
            stamp[file] = _mtime(file)
    return stamp


def _code_changed(stamp: dict[str, int]) -> bool:
    return any(_mtime(file) != mtime for file, mtime in stamp.items())


def _mtime(file: str) -> int:
    try:
        return Path(file).stat().st_mtime_ns
    except OSError:
        return -1


def _schema_current(store: Store) -> bool:
    from desktop.store.db import SCHEMA_HEAD

    try:
        return store.revision() == SCHEMA_HEAD
    except Exception:
        _log().exception("command agent: the schema could not be read")
        return False


def _still_mine(path: Path, inode: int) -> bool:
    try:
        return path.stat().st_ino == inode
    except OSError:
        return False


def _same_user(conn: socket.socket) -> bool:
    peercred = getattr(socket, "SO_PEERCRED", None)
    if peercred is None:
        return True  # macOS: the socket's folder (0700) is the only way in
    creds = conn.getsockopt(socket.SOL_SOCKET, peercred, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return bool(uid == os.getuid())


def _send(conn: socket.socket, message: dict[str, Any]) -> None:
    data = json.dumps(message).encode("utf-8")
    conn.sendall(_HEADER.pack(len(data)) + data)


def _receive(conn: socket.socket) -> dict[str, Any]:
    (size,) = _HEADER.unpack(_read_exactly(conn, _HEADER.size))
    if size > _MAX_MESSAGE:
        raise ValueError("message too long")
    message = json.loads(_read_exactly(conn, size))
    if not isinstance(message, dict):
        raise ValueError("not an object")
    return message


def _read_exactly(conn: socket.socket, size: int) -> bytes:
    parts = []
    while size:
        part = conn.recv(min(size, 1 << 20))
        if not part:
            raise _Left
        parts.append(part)
        size -= len(part)
    return b"".join(parts)
