"""Storage failures that are the environment's fault, in words for a technician.

Anything else raised by the database is our bug and goes to the crash report. SQLite's
result code (Python 3.11+ exposes it on the exception) tells the two apart; we never match
error text.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from domain.messages import QT_TRANSLATE_NOOP, DomainError, Message

try:  # the store's driver (SQLCipher); sqlite3 for a plain database
    import sqlcipher3

    _DRIVER_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, sqlcipher3.Error)
except ImportError:  # pragma: no cover
    _DRIVER_ERRORS = (sqlite3.Error,)

# Primary SQLite result codes (https://www.sqlite.org/rescode.html).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26

_MESSAGES = {
    _BUSY: QT_TRANSLATE_NOOP(
        "StoreError",
        "The data folder {path} is busy: another Fieldbook is writing to it. Try again.",
    ),
    _LOCKED: QT_TRANSLATE_NOOP(
        "StoreError",
        "The data folder {path} is busy: another Fieldbook is writing to it. Try again.",
    ),
    _READONLY: QT_TRANSLATE_NOOP(
        "StoreError", "The data folder {path} cannot be written to (read-only)."
    ),
    _IOERR: QT_TRANSLATE_NOOP(
        "StoreError", "The disk holding {path} reported a read or write error."
    ),
    _CORRUPT: QT_TRANSLATE_NOOP(
        "StoreError",
        "The database in {path} is damaged. Your backups are in its 'backups' folder.",
    ),
    _FULL: QT_TRANSLATE_NOOP(
        "StoreError", "The disk holding {path} is full. Free some space and try again."
    ),
    _CANTOPEN: QT_TRANSLATE_NOOP("StoreError", "The database in {path} cannot be opened."),
    _NOTADB: QT_TRANSLATE_NOOP(
        "StoreError", "The file {path} is not a Fieldbook database (or it is encrypted)."
    ),
}


class StoreError(DomainError):
    """The store cannot work because of the machine, not because of a bug."""

    def __init__(self, message: Message, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


def environment_error(exc: BaseException, path: Path) -> StoreError | None:
    """The :class:`StoreError` for ``exc`` if the environment caused it, else ``None``."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, _DRIVER_ERRORS):
        cause = cause.__cause__ or cause.__context__
    if cause is None:
        return None
    code = getattr(cause, "sqlite_errorcode", None)
    if code is None:
        return None
    template = _MESSAGES.get(code & 0xFF)
    if template is None:
        return None
    return StoreError(Message("StoreError", template, {"path": str(path)}), code)
