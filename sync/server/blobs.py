"""Attachment bytes, addressed by their SHA-256: verified, idempotent, resumable.

A blob is sent whole in one ``PUT /blobs/{sha256}`` (up to ``MAX_BLOB_CHUNK`` bytes), or
in consecutive ranges with ``Content-Range: bytes START-END/TOTAL``. Each range is kept
in the database (so any server process can take the next one); ``GET
/blobs/{sha256}/status`` says how many bytes are held, which is where the client resumes.
A range starting at 0 always starts the upload over. When the last byte arrives the
whole blob is hashed: on a mismatch everything received is dropped and the answer is 422.
A complete blob answers every further ``PUT`` with its status, without storing anything.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.protocol.constants import MAX_BLOB_CHUNK, MAX_BLOB_SIZE
from sync.protocol.errors import ErrorCode
from sync.protocol.messages import BlobState, BlobStatus, Role
from sync.server.auth import Caller
from sync.server.db import Database
from sync.server.errors import ApiError, forbidden, not_found
from sync.server.models import BlobChunkRow, BlobRow, EntryRow, IncidentRow

_RANGE = re.compile(r"^bytes (\d{1,15})-(\d{1,15})/(\d{1,15})$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def check_sha(sha256: str) -> None:
    if not SHA256.match(sha256):
        raise ApiError(
            422,
            ErrorCode.INVALID_REQUEST,
            "A blob is named by its SHA-256: 64 lowercase hex digits.",
        )


def parse_range(header: str | None, length: int) -> tuple[int, int] | None:
    """(start, total) from a ``Content-Range`` header, or None when the body is all of it."""
    if header is None:
        return None
    found = _RANGE.match(header.strip())
    if found is None:
        raise ApiError(
            422, ErrorCode.INVALID_REQUEST, "Content-Range must read 'bytes START-END/TOTAL'."
        )
    start, end, total = (int(g) for g in found.groups())
    if not start <= end < total or end - start + 1 != length:
        raise ApiError(
            422,
            ErrorCode.INVALID_REQUEST,
            f"Content-Range {header!r} does not match a body of {length} bytes.",
        )
    if total > MAX_BLOB_SIZE:
        raise ApiError(
            413, ErrorCode.BODY_TOO_LARGE, f"A blob may hold at most {MAX_BLOB_SIZE} bytes."
        )
    return start, total


def _status(sha256: str, row: BlobRow | None) -> BlobStatus:
    if row is None or (row.received == 0 and not row.complete):
        return BlobStatus(sha256=sha256, state=BlobState.ABSENT, received=0, size=None)
    state = BlobState.COMPLETE if row.complete else BlobState.PARTIAL
    return BlobStatus(sha256=sha256, state=state, received=row.received, size=row.size)


def status(db: Database, sha256: str) -> BlobStatus:
    check_sha(sha256)
    with db.read() as session:
        return _status(sha256, session.get(BlobRow, sha256))


def _locked(session: Session, sha256: str, now: datetime) -> BlobRow:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(BlobRow)
        .values(sha256=sha256, size=None, received=0, complete=False, created_at=now)
        .on_conflict_do_nothing(index_elements=[BlobRow.sha256])
    )
    return session.scalars(
        select(BlobRow)
        .where(BlobRow.sha256 == sha256)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _hash_chunks(session: Session, sha256: str) -> str:
    digest = hashlib.sha256()
    offsets = session.scalars(
        select(BlobChunkRow.offset)
        .where(BlobChunkRow.sha256 == sha256)
        .order_by(BlobChunkRow.offset)
    ).all()
    for offset in offsets:
        chunk = session.get(BlobChunkRow, (sha256, offset))
        assert chunk is not None
        digest.update(chunk.data)
        session.expunge(chunk)
    return digest.hexdigest()


def put(
    db: Database,
    sha256: str,
    data: bytes,
    content_range: str | None,
    clock: Callable[[], datetime],
) -> BlobStatus:
    check_sha(sha256)
    if len(data) > MAX_BLOB_CHUNK:
        raise ApiError(
            413, ErrorCode.BODY_TOO_LARGE, f"Send at most {MAX_BLOB_CHUNK} bytes per request."
        )
    span = parse_range(content_range, len(data))
    if span is None and hashlib.sha256(data).hexdigest() != sha256:
        raise ApiError(
            422, ErrorCode.BLOB_HASH_MISMATCH, "The bytes sent do not have the SHA-256 named."
        )
    mismatch = False
    now = clock()
    with db.write() as session:
        row = _locked(session, sha256, now)
        if row.complete:
            return _status(sha256, row)
        start, total = span if span is not None else (0, len(data))
        if start == 0:
            session.execute(delete(BlobChunkRow).where(BlobChunkRow.sha256 == sha256))
            row.size, row.received = total, 0
        elif start != row.received or row.size != total:
            raise ApiError(
                409,
                ErrorCode.BLOB_OFFSET_MISMATCH,
                f"The server holds {row.received} bytes of this blob: send from there "
                "(or from 0 to start over).",
                received=row.received,
            )
        if data:
            session.add(BlobChunkRow(sha256=sha256, offset=start, data=data))
        row.received = start + len(data)
        if row.received == total:
            session.flush()
            if span is None or _hash_chunks(session, sha256) == sha256:
                row.complete, row.completed_at = True, now
            else:
                session.execute(delete(BlobChunkRow).where(BlobChunkRow.sha256 == sha256))
                row.size, row.received = None, 0
                mismatch = True
        result = _status(sha256, row)
    if mismatch:
        raise ApiError(
            422,
            ErrorCode.BLOB_HASH_MISMATCH,
            "The bytes received do not have the SHA-256 named; nothing was kept.",
        )
    return result


def readable(db: Database, caller: Caller, sha256: str) -> BlobRow:
    """The complete blob, if ``caller`` may read it: dispatch, or an attachment of theirs."""
    check_sha(sha256)
    with db.read() as session:
        row = session.get(BlobRow, sha256)
        if caller.role is not Role.DISPATCHER:
            mine = session.scalar(
                select(
                    exists()
                    .where(EntryRow.sha256 == sha256)
                    .where(IncidentRow.id == EntryRow.incident_id)
                    .where(IncidentRow.assigned_to == caller.user_id)
                )
            )
            if not mine:
                raise forbidden("No incident assigned to you has this attachment.")
        if row is None or not row.complete:
            raise not_found("The server does not hold this blob (yet).")
        return row


def chunks(db: Database, sha256: str) -> Iterator[bytes]:
    with db.read() as session:
        offsets = session.scalars(
            select(BlobChunkRow.offset)
            .where(BlobChunkRow.sha256 == sha256)
            .order_by(BlobChunkRow.offset)
        ).all()
    for offset in offsets:
        with db.read() as session:
            chunk = session.get(BlobChunkRow, (sha256, offset))
            if chunk is not None:
                yield chunk.data
