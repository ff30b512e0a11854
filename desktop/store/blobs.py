"""Attachment bytes, stored once by SHA-256 under the data folder's ``blobs/``.

A blob is written to a temporary file, flushed to disk, checked and renamed into place
before the entry that refers to it is committed, so a crash leaves at worst an unreferenced
blob, never an entry without its bytes.

In an encrypted store (a key given) every blob is sealed (:mod:`desktop.store.sealed`):
the file under its SHA-256 holds AES-GCM chunks, never the plain bytes; read it through
:meth:`BlobStore.open` or :meth:`BlobStore.read`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from desktop.private import private_dir, private_opener
from desktop.store import sealed

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20


class BlobStore:
    def __init__(self, root: Path, key: bytes | None = None) -> None:
        self.root = root
        self._key = sealed.file_key(key, "blobs") if key is not None else None
        self._pasted_key = sealed.file_key(key, "pasted") if key is not None else None
        self.pasted = root.parent / "pasted"

    def keep_pasted(self, data: bytes, suffix: str = ".png") -> Path:
        """Keep a pasted picture (sealed in an encrypted store) until its note is saved;
        the path to attach. :meth:`put_file` reads it back."""
        import secrets as _secrets

        private_dir(self.pasted)
        path = self.pasted / f"pasted-{_secrets.token_hex(8)}{suffix}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as out:
            if self._pasted_key is not None:
                out.write(sealed.seal_bytes(self._pasted_key, path.name, data))
            else:
                out.write(data)
            out.flush()
            os.fsync(out.fileno())
        return path

    def _source(self, source: Path) -> BinaryIO:
        """``source``'s plain bytes: a pasted picture kept sealed is unsealed."""
        if (
            self._pasted_key is not None
            and source.parent.resolve() == self.pasted.resolve()
            and sealed.is_sealed(source)
        ):
            return sealed.SealedReader(source, self._pasted_key, source.name)  # type: ignore[return-value]
        return source.open("rb")

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    def path(self, sha256: str) -> Path:
        """Where the (sealed) file of ``sha256`` lives; read it with :meth:`open`."""
        if not _SHA256.match(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put_file(self, source: Path) -> tuple[str, int]:
        """Copy ``source`` in (sealed in an encrypted store); its SHA-256 and size.
        Idempotent."""
        private_dir(self.root)
        digest = hashlib.sha256()
        size = 0
        with self._source(source) as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
        sha = digest.hexdigest()
        target = self.path(sha)
        if target.is_file():
            return sha, size
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, self._source(source) as src:
                if self._key is not None:
                    sealed.seal_stream(self._key, sha, src, out)
                else:
                    while chunk := src.read(_CHUNK):
                        out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            private_dir(target.parent)
            tmp.replace(target)
            fsync_dir(target.parent)
            return sha, size
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def open(self, sha256: str) -> BinaryIO:
        """The plain bytes of ``sha256``, seekable (a resumed upload starts mid-file)."""
        path = self.path(sha256)
        if self._key is not None and sealed.is_sealed(path):
            return sealed.SealedReader(path, self._key, sha256)  # type: ignore[return-value]
        return path.open("rb")

    def read(self, sha256: str) -> bytes:
        with self.open(sha256) as source:
            return source.read()

    def size(self, sha256: str) -> int:
        path = self.path(sha256)
        if self._key is not None and sealed.is_sealed(path):
            return sealed.plain_size(path.stat().st_size)
        return path.stat().st_size

    # --- downloads: resumable, sealed while they are under way ---------------------------

    def _partial(self, sha256: str) -> Path:
        self.path(sha256)  # checks the name
        return self.root / f".download-{sha256}"

    def partial_size(self, sha256: str) -> int:
        """How much of a download of ``sha256`` is here already (where it resumes)."""
        path = self._partial(sha256)
        if self._key is None:
            return path.stat().st_size if path.is_file() else 0
        return sealed.records_size(path, self._key, path.name)

    def append_partial(self, sha256: str) -> BinaryIO:
        """Where the next bytes of the download of ``sha256`` go (sealed as they come)."""
        private_dir(self.root)
        path = self._partial(sha256)
        if self._key is None:
            return open(path, "ab", opener=private_opener)
        return sealed.SealedAppender(path, self._key, path.name)  # type: ignore[return-value]

    def finish_partial(self, sha256: str) -> bool:
        """Keep the download of ``sha256`` if its bytes hash to its name (True); else drop
        it to be fetched again (False)."""
        from desktop.store.cipher import shred

        path = self._partial(sha256)
        if self._key is None:
            data = path.read_bytes()
        else:
            data = sealed.read_records(path, self._key, path.name)
        if hashlib.sha256(data).hexdigest() != sha256:
            shred(path)
            return False
        target = self.path(sha256)
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                if self._key is not None:
                    out.write(sealed.seal_bytes(self._key, sha256, data))
                else:
                    out.write(data)
                out.flush()
                os.fsync(out.fileno())
            private_dir(target.parent)
            tmp.replace(target)
            fsync_dir(target.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        shred(path)
        return True

    def drop_partial(self, sha256: str) -> None:
        from desktop.store.cipher import shred

        shred(self._partial(sha256))

    def shas(self) -> set[str]:
        """Every blob held."""
        if not self.root.is_dir():
            return set()
        return {p.name for p in self.root.glob("??/*") if _SHA256.match(p.name) and p.is_file()}

    def remove(self, sha256: str) -> None:
        """Forget a blob (no entry here names it any more)."""
        self.path(sha256).unlink(missing_ok=True)

    def seal_plain(self) -> int:
        """Seal every blob an older Fieldbook left plain (converting a folder); how many.
        The plain file is overwritten before it goes."""
        from desktop.store.cipher import shred as shred_file

        if self._key is None:
            return 0
        count = 0
        for sha in sorted(self.shas()):
            path = self.path(sha)
            if sealed.is_sealed(path):
                continue
            fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".sealing-")
            tmp = Path(tmp_name)
            with os.fdopen(fd, "wb") as out, path.open("rb") as src:
                sealed.seal_stream(self._key, sha, src, out)
                out.flush()
                os.fsync(out.fileno())
            plain = path.with_name(f".plain-{sha}")
            path.replace(plain)
            tmp.replace(path)
            shred_file(plain)
            count += 1
        for stray in self.root.glob(".incoming-*"):
            shred_file(stray)
        return count


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (POSIX; elsewhere nothing to do)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
