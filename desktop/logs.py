"""Logging to a rotating file in the data folder, one named logger per subsystem.

Loggers: ``fieldbook.store``, ``fieldbook.usecases``, ``fieldbook.demo``, ``fieldbook.cli``
(and ``fieldbook.ui``, ``fieldbook.sync`` as they come).
"""

from __future__ import annotations

import atexit
import faulthandler
import logging
import logging.handlers
from pathlib import Path
from typing import IO

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
    folder = log_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger("fieldbook")
    for handler in list(root.handlers):
        if getattr(handler, "_fieldbook", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._fieldbook = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    _close_fault_file()
    _fault_file = (folder / FAULT_NAME).open("a", encoding="utf-8")
    faulthandler.enable(_fault_file)
    return path


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
