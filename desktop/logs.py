"""Logging to a rotating file in the data folder, one named logger per subsystem.

Loggers: ``fieldbook.store``, ``fieldbook.usecases``, ``fieldbook.demo``, ``fieldbook.cli``
(and ``fieldbook.ui``, ``fieldbook.sync`` as they come).

The window starts with the plain file (``rotate=False``: :mod:`logging.handlers` and what it
imports, sockets and pickling, cost about as much as a tenth of a bare Qt window's start)
and hands it to the rotating handler after its first paint (:func:`rotate_log`): the same
file from the first line, so a crash before the first paint is logged all the same.
"""

from __future__ import annotations

import atexit
import faulthandler
import functools
import io
import logging
from pathlib import Path
from typing import IO, TYPE_CHECKING

from desktop.private import private_dir, private_file, private_opener

if TYPE_CHECKING:
    import logging.handlers

LOG_NAME = "fieldbook.log"
FAULT_NAME = "faults.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(process)d:%(threadName)s] %(message)s"
_fault_file: IO[str] | None = None
MAX_BYTES = 1_000_000
BACKUPS = 5


def log_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def setup_logging(data_dir: Path, *, level: int = logging.INFO, rotate: bool = True) -> Path:
    """Send the ``fieldbook`` loggers to ``logs/fieldbook.log`` (1 MB × 5) in ``data_dir``.

    Also arms :mod:`faulthandler` so a hard crash (segfault in a native library) leaves
    its Python stack in ``logs/faults.log``. Returns the log file's path.

    ``rotate=False`` writes to the same file without rotating it until :func:`rotate_log`
    (the window calls it after its first paint, to import :mod:`logging.handlers` then).

    Asked again for the folder it writes to already (the command line sets it up, then
    the window it starts), it keeps its files open as they are.
    """
    global _fault_file
    kept = log_dir(data_dir) / LOG_NAME
    if _writes_to(kept):
        if rotate:
            rotate_log()
        logging.getLogger("fieldbook").setLevel(level)
        return kept
    private_dir(data_dir)
    folder = private_dir(log_dir(data_dir))
    path = private_file(folder / LOG_NAME)
    root = logging.getLogger("fieldbook")
    for handler in list(root.handlers):
        if getattr(handler, "_fieldbook", False):
            root.removeHandler(handler)
            handler.close()
    plain = None if rotate else _PrivateFileHandler(path, encoding="utf-8")
    root.addHandler(_rotating(path) if plain is None else _marked(plain))
    root.setLevel(level)
    _close_fault_file()
    _fault_file = open(  # noqa: SIM115 (kept open for faulthandler until exit)
        folder / FAULT_NAME, "a", encoding="utf-8", opener=private_opener
    )
    faulthandler.enable(_fault_file)
    return path


def _writes_to(path: Path) -> bool:
    """Whether the loggers write to ``path`` and its folder's crash log is armed."""
    faults = path.with_name(FAULT_NAME).resolve()
    if _fault_file is None or Path(_fault_file.name).resolve() != faults:
        return False
    wanted = path.resolve()
    return any(
        getattr(handler, "_fieldbook", False) and Path(handler.baseFilename).resolve() == wanted
        for handler in logging.getLogger("fieldbook").handlers
        if isinstance(handler, logging.FileHandler)
    )


def rotate_log() -> None:
    """Hand the log file that ``setup_logging(rotate=False)`` opened to the rotating
    handler (1 MB × 5); nothing to do when it rotates already or logging is closed.

    The rotating handler joins before the plain one leaves, so a record logged meanwhile
    on another thread reaches the file (at worst twice), never nowhere; the file is only
    checked for its size from the next record on, as after any start.
    """
    root = logging.getLogger("fieldbook")
    for handler in list(root.handlers):
        if isinstance(handler, _PrivateFileHandler) and getattr(handler, "_fieldbook", False):
            rotating = _rotating(Path(handler.baseFilename))
            rotating.setLevel(handler.level)
            root.addHandler(rotating)
            root.removeHandler(handler)
            handler.close()


def _marked(handler: logging.FileHandler) -> logging.FileHandler:
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._fieldbook = True  # type: ignore[attr-defined]
    return handler


def _rotating(path: Path) -> logging.FileHandler:
    return _marked(
        _rotating_class()(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    )


@functools.cache
def _rotating_class() -> type[logging.handlers.RotatingFileHandler]:
    """:class:`logging.handlers.RotatingFileHandler` whose every file (the first and each
    after a rotation) is 0600; made on first use, with its module."""
    import logging.handlers

    class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self) -> io.TextIOWrapper:
            return _open_private(self)

    return _PrivateRotatingFileHandler


class _PrivateFileHandler(logging.FileHandler):
    """The log file, 0600, before :func:`rotate_log` (``setup_logging(rotate=False)``)."""

    def _open(self) -> io.TextIOWrapper:
        return _open_private(self)


def _open_private(handler: logging.FileHandler) -> io.TextIOWrapper:
    stream = open(  # noqa: SIM115 (the handler closes it)
        handler.baseFilename, handler.mode, encoding=handler.encoding, opener=private_opener
    )
    assert isinstance(stream, io.TextIOWrapper)
    return stream


def close_logging() -> None:
    """Detach the log file and the crash log, so that their folder can be removed."""
    root = logging.getLogger("fieldbook")
    for handler in list(root.handlers):
        if getattr(handler, "_fieldbook", False):
            root.removeHandler(handler)
            handler.close()
    _close_fault_file()


@atexit.register
def _close_fault_file() -> None:
    global _fault_file
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None
