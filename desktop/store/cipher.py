"""The store's key: SQLCipher encrypts the database (and the files kept inside it).

The key is 32 random bytes, used raw (no key derivation at each connection). It is kept
in the OS keyring (service ``Fieldbook store``, one entry per data folder, named by the
folder's id). Where no keyring works, the technician sets a passphrase and the key is
derived from it with scrypt (hashlib); the salt and the scrypt cost live beside the
store in ``fieldbook.key.json``, which holds nothing secret: it says how the key is
kept, never the key. The passphrase is asked for (:data:`Prompt`, the window's dialog
or the terminal) or read from ``$FIELDBOOK_PASSPHRASE`` for scripts.

A data folder written by an older Fieldbook holds a plain database: it is converted in
place (:func:`convert_plain`) with a backup first, checked table by table, and then the
plain copies are overwritten and removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.private import FILE_MODE, private_file
from desktop.store.blobs import fsync_dir
from desktop.store.errors import StoreError
from domain.messages import QT_TRANSLATE_NOOP, Message

log = logging.getLogger("fieldbook.store")

KEY_FILE = "fieldbook.key.json"
ENV_PASSPHRASE = "FIELDBOOK_PASSPHRASE"
KEYRING_SERVICE = "Fieldbook store"
PLAIN_HEADER = b"SQLite format 3\x00"
PASSPHRASE_MIN = 8
#: scrypt's cost: 64 MiB and about a quarter of a second, once per start.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 16, 8, 1
_KEY_BYTES = 32

#: Asks the technician for the passphrase: ``new`` (True: set one, ask twice), the data
#: folder; returns it, or None when they cancel.
Prompt = Callable[[bool, Path], "str | None"]


class NeedPassphrase(StoreError):
    """The folder's key comes from a passphrase and none was given."""


class WrongKey(StoreError):
    """The key (passphrase) does not open the database. Nothing was changed."""


@dataclass(frozen=True)
class KeyInfo:
    """What ``fieldbook.key.json`` says."""

    kind: str  # "keyring" | "passphrase"
    folder_id: str
    salt: bytes = b""
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"version": 1, "kind": self.kind, "folder_id": self.folder_id}
        if self.kind == "passphrase":
            doc.update(kdf="scrypt", salt=self.salt.hex(), n=self.n, r=self.r, p=self.p)
        return doc

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> KeyInfo:
        kind = str(doc["kind"])
        if kind not in ("keyring", "passphrase"):
            raise ValueError(f"unknown key kind {kind!r}")
        return cls(
            kind=kind,
            folder_id=str(doc["folder_id"]),
            salt=bytes.fromhex(doc.get("salt", "")),
            n=int(doc.get("n", SCRYPT_N)),
            r=int(doc.get("r", SCRYPT_R)),
            p=int(doc.get("p", SCRYPT_P)),
        )


def _message(template: str, **params: object) -> Message:
    return Message("StoreError", template, {k: str(v) for k, v in params.items()})


def is_plain(db: Path) -> bool:
    """Is ``db`` an unencrypted SQLite database (an older Fieldbook's)?"""
    try:
        with db.open("rb") as f:
            return f.read(16) == PLAIN_HEADER
    except FileNotFoundError:
        return False


def has_data(db: Path) -> bool:
    try:
        return db.stat().st_size > 0
    except FileNotFoundError:
        return False


# --- the keyring ----------------------------------------------------------------------


def _ring() -> Any | None:
    """The usable keyring backend, or None."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:  # pragma: no cover (a bundle without keyring)
        return None
    try:
        ring = keyring.get_keyring()
    except Exception:  # a broken backend configuration is no keyring
        return None
    if isinstance(ring, fail.Keyring | null.Keyring):
        return None
    if isinstance(ring, chainer.ChainerBackend) and not ring.backends:
        return None
    return ring


def _keyring_get(folder_id: str) -> bytes | None:
    import keyring.errors

    ring = _ring()
    if ring is None:
        return None
    try:
        value = ring.get_password(KEYRING_SERVICE, folder_id)
    except keyring.errors.KeyringError as error:
        log.warning("the keyring did not answer: %s", type(error).__name__)
        return None
    try:
        return bytes.fromhex(value) if value else None
    except ValueError:
        return None


def _keyring_put(folder_id: str, key: bytes) -> bool:
    """Keep ``key`` in the keyring and read it back; False where no keyring works."""
    import keyring.errors

    ring = _ring()
    if ring is None:
        return False
    try:
        ring.set_password(KEYRING_SERVICE, folder_id, key.hex())
    except keyring.errors.KeyringError as error:
        log.warning("the keyring refused the store key: %s", type(error).__name__)
        return False
    return _keyring_get(folder_id) == key


def forget_key(data_dir: Path) -> None:
    """Remove the folder's key from the keyring (after its data folder was wiped)."""
    info = read_key_info(data_dir)
    ring = _ring()
    if info is None or info.kind != "keyring" or ring is None:
        return
    import keyring.errors

    with contextlib.suppress(keyring.errors.KeyringError):
        ring.delete_password(KEYRING_SERVICE, info.folder_id)


# --- the key file ----------------------------------------------------------------------


def read_key_info(data_dir: Path) -> KeyInfo | None:
    path = data_dir / KEY_FILE
    try:
        return KeyInfo.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise StoreError(
            _message(
                QT_TRANSLATE_NOOP(
                    "StoreError", "The key description {path} is damaged ({reason})."
                ),
                path=path,
                reason=type(error).__name__,
            )
        ) from error


def _write_key_info(data_dir: Path, info: KeyInfo) -> None:
    path = data_dir / KEY_FILE
    tmp = private_file(data_dir / (KEY_FILE + ".tmp"))
    with tmp.open("w", encoding="utf-8") as out:
        json.dump(info.to_json(), out, indent=1)
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(path)


def derive(passphrase: str, info: KeyInfo) -> bytes:
    return _derive(passphrase.encode("utf-8"), info.salt, info.n, info.r, info.p)


_derived: dict[tuple[bytes, bytes, int, int, int], bytes] = {}


def _derive(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    """scrypt, remembered for this process (a second open of the folder is instant)."""
    token = (hashlib.sha256(secret).digest(), salt, n, r, p)
    key = _derived.get(token)
    if key is None:
        key = hashlib.scrypt(
            secret, salt=salt, n=n, r=r, p=p, maxmem=256 * n * r * 2, dklen=_KEY_BYTES
        )
        _derived[token] = key
    return key


def _passphrase(data_dir: Path, prompt: Prompt | None, *, new: bool) -> str:
    given = os.environ.get(ENV_PASSPHRASE)
    if given is None and prompt is not None:
        given = prompt(new, data_dir)
    if given is None:
        raise NeedPassphrase(
            _message(
                QT_TRANSLATE_NOOP(
                    "StoreError",
                    "The data folder {path} needs a passphrase: no keyring works here to keep "
                    "its key. Type it when asked (at a terminal or in the window), or set "
                    "FIELDBOOK_PASSPHRASE.",
                ),
                path=data_dir,
            )
        )
    if new and len(given) < PASSPHRASE_MIN:
        raise StoreError(
            _message(
                QT_TRANSLATE_NOOP(
                    "StoreError", "A passphrase needs at least {minimum} characters."
                ),
                minimum=PASSPHRASE_MIN,
            )
        )
    return given


def store_key(data_dir: Path, prompt: Prompt | None = None, *, use_keyring: bool = True) -> bytes:
    """The key of the store in ``data_dir``, made (and kept) when the folder has none
    (in the keyring unless ``use_keyring`` is false: then from a passphrase)."""
    info = read_key_info(data_dir)
    if info is None:
        return _new_key(data_dir, prompt, use_keyring)
    if info.kind == "keyring":
        key = _keyring_get(info.folder_id)
        if key is None:
            raise StoreError(
                _message(
                    QT_TRANSLATE_NOOP(
                        "StoreError",
                        "The key of the data folder {path} is not in this computer's "
                        "keyring (another user, or the keyring was reset). The data cannot "
                        "be read without it; nothing was changed.",
                    ),
                    path=data_dir,
                )
            )
        return key
    return derive(_passphrase(data_dir, prompt, new=False), info)


def _new_key(data_dir: Path, prompt: Prompt | None, use_keyring: bool) -> bytes:
    db = data_dir / "fieldbook.db"
    if has_data(db) and not is_plain(db):
        raise StoreError(
            _message(
                QT_TRANSLATE_NOOP(
                    "StoreError",
                    "The database in {path} is not a Fieldbook database, or it is encrypted "
                    "and its key description fieldbook.key.json is missing (put it back to "
                    "open the folder). Nothing was changed.",
                ),
                path=data_dir,
            )
        )
    folder_id = str(uuid.uuid4())
    key = secrets.token_bytes(_KEY_BYTES)
    if use_keyring and _keyring_put(folder_id, key):
        _write_key_info(data_dir, KeyInfo(kind="keyring", folder_id=folder_id))
        log.info("a new store key, kept in the keyring")
        return key
    info = KeyInfo(kind="passphrase", folder_id=folder_id, salt=secrets.token_bytes(16))
    key = derive(_passphrase(data_dir, prompt, new=True), info)
    _write_key_info(data_dir, info)
    log.info("a new store key, from a passphrase (no working keyring here)")
    return key


def pragma_key(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(path: Path, key: bytes, isolation_level: str | None = None) -> Any:
    """A raw SQLCipher connection to ``path`` under ``key`` (autocommit by default)."""
    import sqlcipher3

    con = sqlcipher3.connect(str(path), isolation_level=isolation_level)
    con.execute(pragma_key(key))
    return con


def check_key(path: Path, key: bytes, data_dir: Path) -> None:
    """Raise :class:`WrongKey` if ``key`` does not open the database at ``path``."""
    import sqlcipher3

    con = connect(path, key)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF != 26:  # SQLITE_NOTADB
            raise
        raise WrongKey(
            _message(
                QT_TRANSLATE_NOOP(
                    "StoreError",
                    "This passphrase (or key) does not open the data folder {path}. "
                    "Nothing was changed; try again.",
                ),
                path=data_dir,
            )
        ) from None
    finally:
        con.close()


# --- converting an older Fieldbook's plain folder ----------------------------------------

PLAIN_BACKUP = "fieldbook.db.plain-backup"
_ENCRYPTING = "fieldbook.db.encrypting"


def shred(path: Path) -> None:
    """Overwrite ``path`` with zeros, flush, and remove it. (On an SSD or a copy-on-write
    file system old blocks may survive anyway: the full-disk encryption of the laptop
    covers those; this removes what a plain read of the folder would find.)"""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as out:
        zeros = b"\0" * (1 << 20)
        left = size
        while left > 0:
            out.write(zeros[: min(left, len(zeros))])
            left -= min(left, len(zeros))
        out.flush()
        os.fsync(out.fileno())
    path.unlink()


def _tables(con: Any) -> dict[str, int]:
    names = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in sorted(names)}


def encrypt_copy(source: Path, target: Path, key: bytes) -> None:
    """Write an encrypted copy of the plain database ``source`` to ``target`` and check
    that it holds the same tables with the same numbers of rows."""
    import sqlcipher3

    target.unlink(missing_ok=True)
    private_file(target)
    target.unlink()  # SQLCipher makes it; the folder is private already
    con = sqlcipher3.connect(str(source), isolation_level=None)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain_counts = _tables(con)
        version = con.execute("PRAGMA user_version").fetchone()[0]
        con.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
        con.execute("SELECT sqlcipher_export('encrypted')")
        con.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        con.execute("DETACH DATABASE encrypted")
    finally:
        con.close()
    with contextlib.suppress(OSError):
        target.chmod(FILE_MODE)
    check = connect(target, key)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise RuntimeError(f"the encrypted copy {target.name} does not check")
        if _tables(check) != plain_counts:
            raise RuntimeError(f"the encrypted copy {target.name} lacks rows")
    finally:
        check.close()


def convert_plain(data_dir: Path, key: bytes, seal_files: Callable[[], None]) -> None:
    """Encrypt an older Fieldbook's plain ``fieldbook.db`` in place.

    1. The plain database is checkpointed (its WAL folded in) and copied aside
       (``fieldbook.db.plain-backup``): whatever happens next, the work is there.
    2. ``sqlcipher_export`` writes the encrypted copy; it is checked (integrity, and every
       table's row count against the plain one).
    3. The encrypted copy replaces the database (an atomic rename); the plain WAL and
       index go.
    4. The backup, now redundant (step 2 proved the copy whole) and readable by anyone
       holding the disk, is overwritten and removed; so are the plain migration backups
       in ``backups/``, each encrypted first.

    A crash before 3 leaves the plain database as it was (the next start converts again);
    after 3, the next start finds the leftover backup and shreds it.
    """
    db = data_dir / "fieldbook.db"
    backup = data_dir / PLAIN_BACKUP
    staging = data_dir / _ENCRYPTING
    log.info("encrypting the data folder's database (an older Fieldbook left it plain)")
    # 1. Fold the WAL in, then copy.
    con = sqlite3.connect(db, isolation_level=None)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()
    private_file(backup)
    with db.open("rb") as src, backup.open("wb") as out:
        while chunk := src.read(1 << 20):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    # 2. The encrypted copy, checked.
    encrypt_copy(backup, staging, key)
    # 3. In place.
    for suffix in ("-wal", "-shm", "-journal"):
        shred(data_dir / f"fieldbook.db{suffix}")
    staging.replace(db)
    fsync_dir(data_dir)
    # 4. No plain copy left: the files (blobs, drafts) are sealed, then the backup goes.
    seal_files()
    shred(backup)
    _encrypt_old_backups(data_dir, key)
    log.info("the data folder's database is encrypted")


def finish_interrupted(data_dir: Path, key: bytes, seal_files: Callable[[], None]) -> None:
    """Clean up after a conversion a crash interrupted (see :func:`convert_plain`)."""
    staging = data_dir / _ENCRYPTING
    staging.unlink(missing_ok=True)
    backup = data_dir / PLAIN_BACKUP
    if backup.exists() and not is_plain(data_dir / "fieldbook.db"):
        seal_files()
        shred(backup)
        _encrypt_old_backups(data_dir, key)


def _encrypt_old_backups(data_dir: Path, key: bytes) -> None:
    folder = data_dir / "backups"
    if not folder.is_dir():
        return
    for old in sorted(folder.glob("fieldbook-*.db")):
        if not is_plain(old):
            continue
        staging = old.with_name(old.name + ".encrypting")
        try:
            encrypt_copy(old, staging, key)
        except Exception as error:  # a damaged old backup: not worth keeping plain
            log.warning("an old backup could not be encrypted (%s): removed", error)
            staging.unlink(missing_ok=True)
            shred(old)
            continue
        for suffix in ("-wal", "-shm"):
            shred(old.with_name(old.name + suffix))
        plain_copy = old.with_name(old.name + ".plain")
        old.replace(plain_copy)
        staging.replace(old)
        shred(plain_copy)
