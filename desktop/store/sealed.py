"""Files encrypted under the store's key: attachment bytes (blobs) and drafts.

AES-256-GCM in chunks of 1 MiB, each with its own random nonce and tag, so a file can be
read from any offset (a resumed upload) without decrypting what comes before. The file:
``FBSEAL1\\0`` then, per chunk, nonce (12) + ciphertext + tag (16). The associated data of
a chunk binds it to the file's name, its index and whether it is the last one, so chunks
cannot be swapped between files, reordered or cut off unnoticed. The key is derived from
the store's key (a separate key per use; the store's own never leaves SQLCipher).
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"FBSEAL1\x00"
CHUNK = 1 << 20
_NONCE, _TAG = 12, 16
_SEALED_CHUNK = _NONCE + CHUNK + _TAG


class Damaged(ValueError):
    """The file does not decrypt: damaged, or sealed under another key."""


def file_key(store_key: bytes, purpose: str) -> bytes:
    return hashlib.sha256(
        b"fieldbook sealed files\x00" + purpose.encode() + b"\x00" + store_key
    ).digest()


def is_sealed(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except FileNotFoundError:
        return False


def _aad(name: str, index: int, last: bool) -> bytes:
    return name.encode() + struct.pack(">QB", index, 1 if last else 0)


def _read_full(source: BinaryIO, n: int) -> bytes:
    parts: list[bytes] = []
    left = n
    while left > 0:
        part = source.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def seal_stream(key: bytes, name: str, source: BinaryIO, out: BinaryIO) -> int:
    """Encrypt all of ``source`` into ``out``; the plain size."""
    aead = AESGCM(key)
    out.write(MAGIC)
    size = index = 0
    chunk = _read_full(source, CHUNK)
    while chunk:
        following = _read_full(source, CHUNK)
        nonce = os.urandom(_NONCE)
        out.write(nonce + aead.encrypt(nonce, chunk, _aad(name, index, not following)))
        size += len(chunk)
        index += 1
        chunk = following
    return size


def seal_bytes(key: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    seal_stream(key, name, io.BytesIO(data), out)
    return out.getvalue()


def plain_size(sealed_size: int) -> int:
    body = sealed_size - len(MAGIC)
    if body <= 0:
        return 0
    chunks = -(-body // _SEALED_CHUNK)
    return body - chunks * (_NONCE + _TAG)


class SealedReader(io.RawIOBase):
    """A seekable, read-only view of the plain bytes of a sealed file."""

    def __init__(self, path: Path, key: bytes, name: str) -> None:
        self._file = path.open("rb")
        if self._file.read(len(MAGIC)) != MAGIC:
            self._file.close()
            raise Damaged(f"{path.name} is not a sealed file")
        self._aead = AESGCM(key)
        self._name = name
        self._sealed_size = os.fstat(self._file.fileno()).st_size
        self.size = plain_size(self._sealed_size)
        self._chunks = -(-(self._sealed_size - len(MAGIC)) // _SEALED_CHUNK)
        self._pos = 0
        self._cache: tuple[int, bytes] | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def _chunk(self, index: int) -> bytes:
        if self._cache is not None and self._cache[0] == index:
            return self._cache[1]
        self._file.seek(len(MAGIC) + index * _SEALED_CHUNK)
        raw = self._file.read(_SEALED_CHUNK)
        last = index == self._chunks - 1
        try:
            plain = self._aead.decrypt(raw[:_NONCE], raw[_NONCE:], _aad(self._name, index, last))
        except InvalidTag:
            raise Damaged(f"chunk {index} of {self._name} does not decrypt") from None
        self._cache = (index, plain)
        return plain

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._pos >= self.size:
            return 0
        index, within = divmod(self._pos, CHUNK)
        data = self._chunk(index)[within : within + len(buffer)]
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)

    def close(self) -> None:
        self._file.close()
        super().close()


def read_all(path: Path, key: bytes, name: str) -> bytes:
    with SealedReader(path, key, name) as reader:
        return reader.read()


# --- a download in progress: appended piece by piece, resumable ---------------------------

_RECORD_HEAD = 4 + _NONCE


class SealedAppender:
    """A file that takes plain bytes at its end, each write sealed as a record of its own
    (length, nonce, ciphertext and tag; the associated data binds it to the file's name
    and its offset). For a download that may be cut and resumed: :func:`records_size` says
    where it stopped, :func:`read_records` gives the bytes back."""

    def __init__(self, path: Path, key: bytes, name: str) -> None:
        self.offset = records_size(path, key, name)  # a torn last record is cut away
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o600
        )
        self._file = os.fdopen(fd, "ab")
        self._aead = AESGCM(key)
        self._name = name

    def write(self, data: bytes) -> int:
        if not data:
            return 0
        nonce = os.urandom(_NONCE)
        sealed = self._aead.encrypt(nonce, bytes(data), _aad(self._name, self.offset, False))
        self._file.write(struct.pack(">I", len(sealed)) + nonce + sealed)
        self.offset += len(data)
        return len(data)

    def close(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def __enter__(self) -> SealedAppender:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _records(path: Path, key: bytes, name: str) -> tuple[list[bytes], int]:
    """The plain pieces of a record file, and where its last whole record ends."""
    aead = AESGCM(key)
    pieces: list[bytes] = []
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    at = offset = 0
    while at + _RECORD_HEAD <= len(raw):
        (length,) = struct.unpack(">I", raw[at : at + 4])
        end = at + _RECORD_HEAD + length
        if end > len(raw):
            break  # torn: the write was cut
        nonce = raw[at + 4 : at + _RECORD_HEAD]
        try:
            piece = aead.decrypt(nonce, raw[at + _RECORD_HEAD : end], _aad(name, offset, False))
        except InvalidTag:
            break
        pieces.append(piece)
        offset += len(piece)
        at = end
    return pieces, at


def records_size(path: Path, key: bytes, name: str) -> int:
    """How many plain bytes the record file holds (cutting away a torn last record)."""
    pieces, end = _records(path, key, name)
    if path.is_file() and path.stat().st_size != end:
        with path.open("r+b") as f:
            f.truncate(end)
    return sum(len(p) for p in pieces)


def read_records(path: Path, key: bytes, name: str) -> bytes:
    return b"".join(_records(path, key, name)[0])
