"""Logging to a rotating file in the data folder, one named logger per subsystem.

Loggers: ``fieldbook.store``, ``fieldbook.usecases``, ``fieldbook.demo``, ``fieldbook.cli``
(and ``fieldbook.ui``, ``fieldbook.sync`` as they come).
"""

from __future__ import annotations

import atexit
import faulthandler
import io
import logging
import logging.handlers
from pathlib import Path
from typing import IO

from desktop.private import private_dir, private_file, private_opener

LOG_NAME = "fieldbook.log"
FAULT_NAME = "faults.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(process)d:%(threadName)s] %(message)s"
_fault_file: IO[str] | None = None


def log_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def setup_logging(data_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the ``fieldbook`` loggers to ``logs/fieldbook.log`` (1 MB × 5) in ``data_dir``.

    Also arms :mod:`faulthandler` so a hard crash (segfault in a native library) leaves
    its Python stack in ``logs/faults.log``. Returns the log file's path.
    """
    global _fault_file
    private_dir(data_dir)
    folder = private_dir(log_dir(data_dir))
    path = private_file(folder / LOG_NAME)
    root = logging.getLogger("fieldbook")
    for handler in list(root.handlers):
        if getattr(handler, "_fieldbook", False):
            root.removeHandler(handler)
            handler.close()
    handler = _PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._fieldbook = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    _close_fault_file()
    _fault_file = open(  # noqa: SIM115 (kept open for faulthandler until exit)
        folder / FAULT_NAME, "a", encoding="utf-8", opener=private_opener
    )
    faulthandler.enable(_fault_file)
    return path


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file it makes (the first and each after a rotation) is 0600."""

    def _open(self) -> io.TextIOWrapper:
        stream = open(  # noqa: SIM115 (the handler closes it)
            self.baseFilename, self.mode, encoding=self.encoding, opener=private_opener
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
