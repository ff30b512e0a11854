"""A laptop's numbered stream of mutations: the bookkeeping that makes a push exactly once.

Each laptop (client id) numbers its mutations 1, 2, 3… :func:`lock_stream` takes the
stream's row for the push's transaction, :func:`check_numbers` refuses gaps,
:func:`advance` moves the last applied number on in the same commit as the effects, and
:func:`remember` keeps every answer (with the mutation's :func:`digest`) so a mutation
sent again gets its original answer back from :func:`remembered`.
"""

from __future__ import annotations

import hashlib
import itertools
import typing
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from domain.records import Status
from sync.protocol.errors import ErrorCode
from sync.protocol.messages import (
    Explanation,
    Mutation,
    MutationResult,
    MutationStatus,
    PushRequest,
    RejectCode,
)
from sync.protocol.records import DISCARDED_MUTATION
from sync.server import bulk, records
from sync.server.auth import Caller
from sync.server.errors import ApiError
from sync.server.judge import Outcome, Rejected
from sync.server.models import ClientStreamRow, MutationResultRow

_STREAMS = typing.cast(Table, ClientStreamRow.__table__)
_RESULTS = typing.cast(Table, MutationResultRow.__table__)
_REMEMBER = _RESULTS.insert()


def _lock_statement(insert: Callable[[Table], Any]) -> Executable:
    """The stream's upsert whose no-op update takes the row lock and returns the row."""
    stmt = insert(_STREAMS).values(
        client_id=bindparam("client"),
        user_id=bindparam("user"),
        last_seq=0,
        created_at=bindparam("now"),
        updated_at=bindparam("now"),
    )
    locked: Executable = stmt.on_conflict_do_update(
        index_elements=[_STREAMS.c.client_id], set_={"client_id": stmt.excluded.client_id}
    ).returning(_STREAMS.c.user_id, _STREAMS.c.last_seq)
    return locked


#: Built once per dialect: every push runs them.
_LOCK = {"postgresql": _lock_statement(postgresql.insert), "sqlite": _lock_statement(sqlite.insert)}
_ADVANCE = (
    update(_STREAMS)
    .where(_STREAMS.c.client_id == bindparam("client"))
    .values(last_seq=bindparam("seq"), updated_at=bindparam("now"))
)


#: The statuses a remembered answer is kept under (an enum's value is a property).
_APPLIED, _REJECTED = MutationStatus.APPLIED.value, MutationStatus.REJECTED.value


@dataclass(slots=True)
class Stream:
    client_id: uuid.UUID
    last_seq: int


def lock_stream(session: Session, caller: Caller, client_id: uuid.UUID, now: datetime) -> Stream:
    """The client's stream, created if new, locked until the transaction ends.

    One statement: an upsert whose no-op update takes the row lock and returns the row.
    """
    owner, last_seq = session.execute(
        _LOCK[session.get_bind().dialect.name],
        {"client": client_id, "user": caller.user_id, "now": now},
    ).one()
    if owner != caller.user_id:
        raise ApiError(
            403,
            ErrorCode.CLIENT_MISMATCH,
            "This client id sends another technician's work; use a new client id "
            "(numbered from 1) for this technician.",
        )
    return Stream(client_id, last_seq)


def advance(session: Session, stream: Stream, last_seq: int, now: datetime) -> None:
    session.execute(_ADVANCE, {"client": stream.client_id, "seq": last_seq, "now": now})
    stream.last_seq = last_seq


def check_numbers(request: PushRequest, last_seq: int) -> None:
    expected = last_seq + 1
    seqs = [m.seq for m in request.mutations]
    for before, after in itertools.pairwise(seqs):
        if after != before + 1:
            raise ApiError(
                409,
                ErrorCode.SEQUENCE_GAP,
                f"Mutation numbers must be consecutive and ascending: {after} follows {before}.",
                expected_seq=expected,
            )
    if seqs and seqs[0] > expected:
        raise ApiError(
            409,
            ErrorCode.SEQUENCE_GAP,
            f"The next mutation number for this client is {expected}, not {seqs[0]}: "
            f"send from {expected}.",
            expected_seq=expected,
        )


def result(seq: int, outcome: Outcome | Rejected) -> MutationResult:
    if isinstance(outcome, Rejected):
        return MutationResult(
            seq=seq,
            status=MutationStatus.REJECTED,
            code=outcome.code,
            message=outcome.message,
            explanation=outcome.explanation,
            current_status=outcome.current_status,
        )
    return MutationResult(seq=seq, status=outcome.status, missing_blob=outcome.missing_blob)


def digest(mutation: Mutation, payload_text: str | None = None) -> str:
    """SHA-256 of what was sent under a number: its name and payload, canonical JSON
    (``{"name":…,"payload":…}``, keys sorted). ``payload_text``: the payload's canonical
    JSON (:func:`records.canonical_json`) when the caller has made it already."""
    if payload_text is None:
        payload_text = records.canonical_json(mutation.payload)
    # The keys sorted: "name" before "payload"; the name as json.dumps quotes it.
    text = f'{{"name":{encode_basestring(mutation.name)},"payload":{payload_text}}}'
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def remembered(
    session: Session, client_id: uuid.UUID, mutations: list[Mutation]
) -> list[MutationResult]:
    """The original answers to mutations sent again (a reply was lost).

    The same mutation gets the same answer, a refusal included. A different one under a
    used number means the laptop's folder was restored or cloned: its new work must not
    be taken for the old, so the whole push is refused with ``client_diverged`` and the
    laptop starts a new stream (its entries carry their ids: nothing is doubled).
    """
    if not mutations:
        return []
    rows = {
        row.seq: row
        for row in session.scalars(
            select(MutationResultRow).where(
                MutationResultRow.client_id == client_id,
                MutationResultRow.seq.in_([m.seq for m in mutations]),
            )
        )
    }
    answers: list[MutationResult] = []
    for m in mutations:
        row = rows.get(m.seq)
        if row is None:  # answered before answers were kept
            answers.append(MutationResult(seq=m.seq, status=MutationStatus.ALREADY_APPLIED))
            continue
        stand_in = m.name == DISCARDED_MUTATION and row.status == MutationStatus.REJECTED
        if row.digest != digest(m) and not stand_in:
            raise ApiError(
                409,
                ErrorCode.CLIENT_DIVERGED,
                f"Mutation {m.seq} is not the one this client sent under that number before: "
                "its data was restored or copied. Start a new client id and send again what "
                "the office has not confirmed.",
                expected_seq=m.seq,
            )
        if row.status == MutationStatus.APPLIED:
            answers.append(MutationResult(seq=m.seq, status=MutationStatus.ALREADY_APPLIED))
            continue
        answers.append(
            MutationResult(
                seq=m.seq,
                status=MutationStatus.REJECTED,
                code=RejectCode(row.code) if row.code else None,
                message=row.message,
                explanation=Explanation.model_validate(row.explanation)
                if row.explanation
                else None,
                current_status=Status(row.current_status) if row.current_status else None,
            )
        )
    return answers


def remember(
    session: Session,
    client_id: uuid.UUID,
    sent: list[Mutation],
    answers: list[MutationResult],
    now: datetime,
    payload_texts: list[str] | None = None,
) -> None:
    """Keep the ``answers`` to the mutations ``sent`` (``payload_texts``: their payloads'
    canonical JSON, in the same order, when made already)."""
    texts: Sequence[str | None] = payload_texts or [None] * len(sent)
    by_seq = {m.seq: (m, text) for m, text in zip(sent, texts, strict=True)}
    rows = [
        {
            "client_id": client_id,
            "seq": a.seq,
            "digest": digest(*by_seq[a.seq]),
            "status": _REJECTED if a.status is MutationStatus.REJECTED else _APPLIED,
            "code": a.code.value if a.code else None,
            "message": a.message,
            "explanation": a.explanation.model_dump() if a.explanation else None,
            "current_status": a.current_status.value if a.current_status else None,
            "created_at": now,
        }
        for a in answers
        if a.seq in by_seq
    ]
    if rows:
        bulk.executemany(session, _REMEMBER, rows)  # on the table: no ORM bulk machinery
