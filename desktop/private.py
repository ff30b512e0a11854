"""A data folder nobody else on the machine can read: the folder 0700, its files 0600.

Everything under the data folder is made through these helpers, or by ``mkstemp`` (which
creates 0600 already). SQLite gives its ``-wal`` and ``-shm`` files the database file's
own permissions, so creating the database file 0600 covers them. :func:`tighten` brings
a folder made by an older Fieldbook (0755 and 0644) into line when it is opened.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
_POSIX = os.name == "posix"


def private_dir(path: Path) -> Path:
    """``path`` as a folder (made if missing, parents too) only its owner can enter."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if _POSIX and (path.stat().st_mode & 0o777) != DIR_MODE:
        path.chmod(DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """``path`` as a file (made empty if missing) only its owner can read."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE)
    os.close(fd)
    if _POSIX and (path.stat().st_mode & 0o777) != FILE_MODE:
        path.chmod(FILE_MODE)
    return path


def private_opener(path: str, flags: int) -> int:
    """An ``opener`` for :func:`open` that makes new files 0600."""
    return os.open(path, flags, FILE_MODE)


def tighten(data_dir: Path) -> bool:
    """Make ``data_dir`` 0700 and everything in it 0700 (folders) or 0600 (files).

    Cheap when nothing is to do: only a folder that is not 0700 yet (new, or left by an
    older Fieldbook) is walked. Returns whether it walked.
    """
    if not _POSIX:
        private_dir(data_dir)
        return False
    try:
        loose = (data_dir.stat().st_mode & 0o777) != DIR_MODE
    except FileNotFoundError:
        loose = False  # new: made private below, nothing in it yet
    private_dir(data_dir)
    if not loose:
        return False
    for root, dirs, files in os.walk(data_dir):
        for name in dirs:
            folder = Path(root, name)
            if not folder.is_symlink():
                folder.chmod(DIR_MODE)
        for name in files:
            file = Path(root, name)
            if not file.is_symlink():
                file.chmod(FILE_MODE)
    return True
