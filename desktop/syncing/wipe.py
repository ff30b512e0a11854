"""Erasing a lost laptop's Fieldbook data when the office orders it.

The office marks a device lost (``fieldbook-server mark-lost``); the device's next
request is answered ``device_lost`` with a proof only the service can make for this
device's token (:func:`sync.protocol.errors.wipe_proof`, checked in
:mod:`sync.client.connection`), and the laptop then erases: the token in the keyring,
then everything in its data folder (the store and its journal, files, drafts, pasted
images, backups, logs). The folder itself stays, empty. Files are overwritten with zeros
before they are removed where that is cheap (up to :data:`OVERWRITE_MAX` bytes each): on a
disk that remaps writes (SSDs) that is no promise, which is what encryption at rest is
for. Unsynced work goes too: the laptop is not in its technician's hands any more.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from desktop.logs import close_logging
from desktop.store import cipher
from desktop.store.db import Store
from desktop.syncing import credentials
from desktop.syncing.errors import NoKeyring

log = logging.getLogger("fieldbook.sync")

OVERWRITE_MAX = 64 * 1024 * 1024
_CHUNK = 1024 * 1024


def erase(store: Store, server_url: str | None, username: str | None) -> list[Path]:
    """Forget the sign-in and empty ``store``'s data folder; the paths that could not be
    removed (none, normally). ``store`` is closed and must not be used again."""
    log.warning("the office marked this device lost: erasing %s", store.data_dir)
    if server_url:
        # Every sign-in this laptop may hold for that office: another technician who
        # signed in here has a token of their own in the keyring.
        users = {username} if username else set()
        with contextlib.suppress(Exception):
            users |= set((store.get_meta(credentials.KEYRING_USERS) or "").split("\n")) - {""}
        for user in sorted(users):
            with contextlib.suppress(NoKeyring):  # no keyring: no token was kept in one
                credentials.delete_token(server_url, user)
    store.close()
    close_logging()
    # The store's key goes from the keyring first: whatever the overwriting cannot reach
    # (an SSD's spare blocks) stays encrypted under a key that no longer exists.
    with contextlib.suppress(Exception):
        cipher.forget_key(store.data_dir)
    return erase_folder(store.data_dir)


def erase_folder(folder: Path) -> list[Path]:
    """Remove everything inside ``folder`` (never following links out of it)."""
    left: list[Path] = []
    if not folder.is_dir():
        return left
    for child in sorted(folder.iterdir()):
        try:
            if child.is_dir() and not child.is_symlink():
                left.extend(erase_folder(child))
                child.rmdir()
            else:
                _overwrite(child)
                child.unlink()
        except OSError:
            left.append(child)
    return left


def _overwrite(path: Path) -> None:
    if path.is_symlink() or not path.is_file():
        return
    size = path.stat().st_size
    if size > OVERWRITE_MAX:
        return
    zeros = bytes(_CHUNK)
    with path.open("r+b") as out:
        for _ in range(0, size, _CHUNK):
            out.write(zeros)
        out.flush()
        os.fsync(out.fileno())


__all__ = ["erase", "erase_folder"]
