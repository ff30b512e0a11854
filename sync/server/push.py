"""Applying a laptop's mutations exactly once.

One push is one transaction: the client's stream row is locked (``FOR UPDATE``), the
numbers are checked (consecutive, no gap after the last applied one), each new mutation
is checked against the shared domain rules and either staged or rejected, and the last
applied number moves on in the same commit as the effects. A retry of numbers at or
below it is acknowledged without doing anything; a rejected mutation uses its number up,
so it never blocks the ones after it.

Each mutation is judged by the rulebook (:mod:`domain.rules`), the very functions the
laptop applied before recording it, against state locked for the whole transaction
(:class:`~sync.server.batch.Batch`: the incidents it touches, ``FOR NO KEY UPDATE`` in
id order); writes happen at the end, after the transaction has taken its feed position.
A record the database still refuses (a race on a new id with another client) rolls the
push back; it is then replayed one mutation per transaction, so one bad mutation is
rejected alone and never blocks the stream.

The pieces, in the order a push meets them: :mod:`~sync.server.stream` (the client's
numbered stream and the answers kept for a retry), :mod:`~sync.server.preload`
(reading what the mutations refer to), :mod:`~sync.server.judge` (judging each mutation
and staging what it does in the :class:`~sync.server.batch.Batch`) and
:mod:`~sync.server.write` (writing what was staged, in bulk). This module runs them in
one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.protocol.messages import (
    MutationResult,
    MutationStatus,
    PushRequest,
    PushResponse,
    RejectCode,
)
from sync.server import records
from sync.server.auth import Caller
from sync.server.batch import Batch
from sync.server.db import Database
from sync.server.judge import AlreadyApplied, Outcome, Rejected, apply
from sync.server.live import incidents_of
from sync.server.preload import preload
from sync.server.stream import advance, check_numbers, lock_stream, remember, remembered, result
from sync.server.write import write

log = logging.getLogger("fieldbook.server")


def _run(
    session: Session, caller: Caller, request: PushRequest, now: datetime, service_url: str = ""
) -> tuple[list[MutationResult], int]:
    stream = lock_stream(session, caller, request.client_id, now)
    check_numbers(request, stream.last_seq)
    fresh = [m for m in request.mutations if m.seq > stream.last_seq]
    results = remembered(
        session, request.client_id, [m for m in request.mutations if m.seq <= stream.last_seq]
    )
    answered = len(results)
    batch = Batch(session, caller, request.client_id, now, service_url=service_url)
    preload(batch, [(m.name, m.payload) for m in fresh])
    # Each payload's canonical JSON, made once: an entry's stored body, and the digest
    # kept with its answer.
    texts = [records.canonical_json(m.payload) for m in fresh]
    for m, text in zip(fresh, texts, strict=True):
        outcome: Outcome | Rejected
        try:
            outcome = apply(batch, m.seq, m.name, m.payload, text)
        except AlreadyApplied:
            outcome = Outcome(MutationStatus.ALREADY_APPLIED)
        except Rejected as refusal:
            outcome = refusal
            log.info(
                "client %s seq %d (%s) rejected: %s %s",
                request.client_id,
                m.seq,
                m.name,
                refusal.code.value,
                refusal.message,
            )
        results.append(result(m.seq, outcome))
    if fresh:
        advance(session, stream, fresh[-1].seq, now)
        remember(session, request.client_id, fresh, results[answered:], now, texts)
    write(batch)
    return results, stream.last_seq


def push(
    db: Database,
    caller: Caller,
    request: PushRequest,
    clock: Callable[[], datetime],
    *,
    service_url: str = "",
) -> PushResponse:
    """Apply ``request`` for ``caller``; see the module's docstring. ``service_url``: the
    address the laptop reached the service at (for the reports it asks to e-mail)."""
    incidents = incidents_of(request.mutations)
    told = False  # the boards: told by the commit (PostgreSQL), or after it
    try:
        with db.write() as session:
            results, last = _run(session, caller, request, clock(), service_url)
            told = db.changes.notify_within(session, incidents)
    except IntegrityError as error:
        log.warning("push from %s hit %s; replaying one by one", request.client_id, error.orig)
        results, last = _one_by_one(db, caller, request, clock, service_url)
        told = False  # that transaction rolled back, its notification with it
    if not told:
        db.changes.notify(incidents)  # committed: the boards show it
    missing = sorted({r.missing_blob for r in results if r.missing_blob})
    return PushResponse(
        client_id=request.client_id, last_applied=last, results=results, missing_blobs=missing
    )


def _one_by_one(
    db: Database,
    caller: Caller,
    request: PushRequest,
    clock: Callable[[], datetime],
    service_url: str = "",
) -> tuple[list[MutationResult], int]:
    results: list[MutationResult] = []
    last = 0
    for m in request.mutations:
        single = PushRequest(client_id=request.client_id, mutations=[m])
        for attempt in range(2):
            try:
                with db.write() as session:
                    found, last = _run(session, caller, single, clock(), service_url)
                results.extend(found)
                break
            except IntegrityError as error:
                if attempt == 0:
                    continue
                log.error(
                    "client %s seq %d cannot be stored: %s", request.client_id, m.seq, error.orig
                )
                refused = MutationResult(
                    seq=m.seq,
                    status=MutationStatus.REJECTED,
                    code=RejectCode.INVALID,
                    message="The server could not store this record.",
                )
                with db.write() as session:
                    now = clock()
                    stream = lock_stream(session, caller, request.client_id, now)
                    if stream.last_seq + 1 == m.seq:
                        advance(session, stream, m.seq, now)
                        remember(session, request.client_id, [m], [refused], now)
                    last = stream.last_seq
                results.append(refused)
    return results, last
