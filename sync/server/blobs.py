"""Attachment bytes, addressed by their SHA-256: verified, idempotent, resumable.

A blob is sent whole in one ``PUT /blobs/{sha256}`` (up to ``MAX_BLOB_CHUNK`` bytes), or
in consecutive ranges with ``Content-Range: bytes START-END/TOTAL``. Each range is kept
in the database (so any server process can take the next one); ``GET
/blobs/{sha256}/status`` says how many bytes are held, which is where the client resumes.
A range starting at 0 always starts the upload over. When the last byte arrives the
whole blob is hashed: on a mismatch everything received is dropped and the answer is 422.
A complete blob answers every further ``PUT`` with its status, without storing anything.

**Files follow the incident.** A technician may ask about or upload only a blob that one
of their own entries names (an attachment, a signature picture), of the size that entry
states; they may download one only through an entry on an incident assigned to them
now whose author *holds* it (:class:`BlobHolderRow`: uploaded it, or sent it again byte
for byte when the service had it already). Anyone else is told the blob does not exist
(404). So knowing a hash gets nothing: naming another's file in an entry of one's own
only asks for its bytes. A partial upload with another total starts over; the bytes of a
technician's unfinished uploads count against :data:`PARTIAL_QUOTA`; a partial left
alone for :data:`PARTIAL_TTL` is collected.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.protocol.constants import MAX_BLOB_CHUNK, MAX_BLOB_SIZE
from sync.protocol.errors import ErrorCode
from sync.protocol.messages import BlobState, BlobStatus, Role
from sync.server.auth import Caller
from sync.server.db import Database
from sync.server.errors import ApiError, not_found
from sync.server.models import (
    BlobChunkRow,
    BlobHolderRow,
    BlobProofRow,
    BlobRow,
    EntryRow,
    IncidentRow,
)

_RANGE = re.compile(r"^bytes (\d{1,15})-(\d{1,15})/(\d{1,15})$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: The most bytes of unfinished uploads one person may leave on the service.
PARTIAL_QUOTA = 2 * 1024 * 1024 * 1024
#: An unfinished upload untouched this long is dropped (the laptop starts it over).
PARTIAL_TTL = timedelta(days=7)


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


def _absent(sha256: str) -> ApiError:
    """What a caller who may not know of a blob is told: that there is none."""
    return not_found(f"No file {sha256[:12]}… of yours on the server.")


def _stated_sizes(session: Session, caller: Caller, sha256: str) -> set[int | None] | None:
    """The sizes the caller's own entries state for ``sha256`` (None: a signature, no
    size stated), or None when no entry of theirs names it."""
    bodies = session.execute(
        select(EntryRow.kind, EntryRow.body).where(
            EntryRow.sha256 == sha256, EntryRow.author_id == caller.user_id
        )
    ).all()
    if not bodies:
        return None
    return {json.loads(body).get("size") if kind == "attachment" else None for kind, body in bodies}


def _holds(session: Session, caller: Caller, sha256: str) -> bool:
    """Is ``sha256`` named, by an author who holds its bytes, in an entry on an incident
    assigned to ``caller`` now?"""
    return bool(
        session.scalar(
            select(
                exists()
                .where(EntryRow.sha256 == sha256)
                .where(IncidentRow.id == EntryRow.incident_id)
                .where(IncidentRow.assigned_to == caller.user_id)
                .where(BlobHolderRow.sha256 == sha256)
                .where(BlobHolderRow.user_id == EntryRow.author_id)
            )
        )
    )


def is_holder(session: Session, user_id: uuid.UUID, sha256: str) -> bool:
    return session.get(BlobHolderRow, (sha256, user_id)) is not None


def _proof_status(session: Session, caller: Caller, row: BlobRow) -> BlobStatus:
    """A complete blob, as someone who has not shown they hold it sees it: what they
    sent again of it so far."""
    proof = session.get(BlobProofRow, (row.sha256, caller.user_id))
    received = proof.proven if proof is not None else 0
    return BlobStatus(
        sha256=row.sha256,
        state=BlobState.PARTIAL if received else BlobState.ABSENT,
        received=received,
        size=row.size if received else None,
    )


def status(db: Database, caller: Caller, sha256: str) -> BlobStatus:
    check_sha(sha256)
    with db.read() as session:
        row = session.get(BlobRow, sha256)
        if caller.role is Role.DISPATCHER:
            return _status(sha256, row)
        named = _stated_sizes(session, caller, sha256) is not None
        if not named and not _holds(session, caller, sha256):
            raise _absent(sha256)
        if row is not None and row.complete and not is_holder(session, caller.user_id, sha256):
            return _proof_status(session, caller, row)
        return _status(sha256, row)


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
    caller: Caller,
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
    start, total = span if span is not None else (0, len(data))
    with db.write() as session:
        sizes = _stated_sizes(session, caller, sha256)
        if sizes is None:
            raise _absent(sha256)
        if total not in sizes and None not in sizes:
            raise ApiError(
                422,
                ErrorCode.INVALID_REQUEST,
                f"The file is {total} bytes; your entry says {sorted(s for s in sizes if s)}.",
            )
        _collect_stale(session, now)
        row = _locked(session, sha256, now)
        if row.complete:
            if is_holder(session, caller.user_id, sha256):
                return _status(sha256, row)
            return _prove(session, caller, row, start, data, now)
        if row.size is not None and row.size != total:
            # Another total than the upload under way (someone else's, or a wrong one):
            # it starts over, from 0.
            session.execute(delete(BlobChunkRow).where(BlobChunkRow.sha256 == sha256))
            row.size, row.received = None, 0
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
        if start + len(data) < total:
            _check_quota(session, caller, sha256, len(data))
        if data:
            session.add(BlobChunkRow(sha256=sha256, offset=start, data=data))
        row.received = start + len(data)
        row.uploader, row.touched_at = caller.user_id, now
        if row.received == total:
            session.flush()
            if span is None or _hash_chunks(session, sha256) == sha256:
                row.complete, row.completed_at = True, now
                session.add(BlobHolderRow(sha256=sha256, user_id=caller.user_id, proven_at=now))
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


def _prove(
    session: Session, caller: Caller, row: BlobRow, start: int, data: bytes, now: datetime
) -> BlobStatus:
    """The service has the blob: the caller sends it again, range by range, each checked
    against the bytes held; once all of it matched, they hold it too."""
    proof = session.get(BlobProofRow, (row.sha256, caller.user_id), with_for_update=True)
    if proof is None:
        proof = BlobProofRow(sha256=row.sha256, user_id=caller.user_id, proven=0, touched_at=now)
        session.add(proof)
    if start == 0:
        proof.proven = 0
    if start != proof.proven:
        raise ApiError(
            409,
            ErrorCode.BLOB_OFFSET_MISMATCH,
            f"Send from byte {proof.proven} (or from 0 to start over).",
            received=proof.proven,
        )
    if _stored_range(session, row.sha256, start, len(data)) != data:
        proof.proven = 0
        session.flush()
        raise ApiError(
            422, ErrorCode.BLOB_HASH_MISMATCH, "The bytes sent are not the named file's."
        )
    proof.proven, proof.touched_at = start + len(data), now
    if proof.proven < (row.size or 0):
        return BlobStatus(
            sha256=row.sha256, state=BlobState.PARTIAL, received=proof.proven, size=row.size
        )
    session.delete(proof)
    session.add(BlobHolderRow(sha256=row.sha256, user_id=caller.user_id, proven_at=now))
    return _status(row.sha256, row)


def _stored_range(session: Session, sha256: str, start: int, length: int) -> bytes:
    """Bytes ``start`` to ``start + length`` of a blob the service holds."""
    wanted = bytearray()
    end = start + length
    rows = session.execute(
        select(BlobChunkRow.offset, BlobChunkRow.data)
        .where(
            BlobChunkRow.sha256 == sha256,
            BlobChunkRow.offset < end,
            BlobChunkRow.offset > start - MAX_BLOB_CHUNK,  # no chunk is longer
        )
        .order_by(BlobChunkRow.offset)
    )
    for offset, data in rows:
        if offset + len(data) <= start or offset >= end:
            continue
        wanted += data[max(start - offset, 0) : end - offset]
    return bytes(wanted)


def _check_quota(session: Session, caller: Caller, sha256: str, adding: int) -> None:
    held = session.scalar(
        select(func.coalesce(func.sum(BlobRow.received), 0)).where(
            BlobRow.uploader == caller.user_id,
            BlobRow.complete.is_(False),
            BlobRow.sha256 != sha256,
        )
    )
    if int(held or 0) + adding > PARTIAL_QUOTA:
        raise ApiError(
            413,
            ErrorCode.BODY_TOO_LARGE,
            "Too many unfinished uploads of yours are on the server: finish them first.",
        )


def _collect_stale(session: Session, now: datetime) -> None:
    """Drop the partial uploads nobody touched for :data:`PARTIAL_TTL`."""
    stale = select(BlobRow.sha256).where(
        BlobRow.complete.is_(False), BlobRow.touched_at < now - PARTIAL_TTL
    )
    session.execute(delete(BlobChunkRow).where(BlobChunkRow.sha256.in_(stale)))
    session.execute(
        update(BlobRow)
        .where(BlobRow.complete.is_(False), BlobRow.touched_at < now - PARTIAL_TTL)
        .values(size=None, received=0, uploader=None)
    )


def readable(db: Database, caller: Caller, sha256: str) -> BlobRow:
    """The complete blob, if ``caller`` may read it: dispatch, or a technician through an
    entry on an incident assigned to them now (anyone else: 404, it does not exist)."""
    check_sha(sha256)
    with db.read() as session:
        row = session.get(BlobRow, sha256)
        if caller.role is not Role.DISPATCHER and not _holds(session, caller, sha256):
            raise _absent(sha256)
        if row is None or not row.complete:
            raise not_found("The server does not hold this blob (yet).")
        return row


def chunks(db: Database, sha256: str, start: int = 0) -> Iterator[bytes]:
    """The blob's bytes from ``start`` on (a download resumes where it stopped)."""
    with db.read() as session:
        offsets = session.scalars(
            select(BlobChunkRow.offset)
            .where(BlobChunkRow.sha256 == sha256)
            .order_by(BlobChunkRow.offset)
        ).all()
    for offset in offsets:
        with db.read() as session:
            chunk = session.get(BlobChunkRow, (sha256, offset))
            if chunk is None:
                continue
            end = offset + len(chunk.data)
            if end <= start:
                continue
            yield chunk.data[max(start - offset, 0) :]


def parse_download_range(header: str | None, size: int) -> int:
    """Where a download resumes: ``Range: bytes=START-`` (0 without one)."""
    if header is None:
        return 0
    found = re.match(r"^bytes=(\d{1,15})-$", header.strip())
    if found is None or int(found.group(1)) > size:
        raise ApiError(
            416, ErrorCode.INVALID_REQUEST, "Range must read 'bytes=START-' within the file."
        )
    return int(found.group(1))
