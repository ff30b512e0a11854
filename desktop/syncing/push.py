"""Sending the outbox: the signed-in technician's changes, under their own numbers, once.

The service binds a client id to one technician and applies its mutations exactly once
by their numbers 1, 2, 3 … (``sync/README.md``). Here:

* **Whose work.** Every outbox row belongs to the technician who recorded it
  (``OutboxRow.owner``). A push sends the signed-in technician's rows only; another's
  stay pending, hidden from whoever is signed in, never dropped, and go when their owner
  signs in again. Each technician has a stream of their own (:class:`SyncStreamRow`): a
  client id and its numbers.
* **Numbers.** A row gets its stream and number when it is first sent, in outbox order,
  and keeps them for every retry: a retry after a lost reply is the same mutation under
  the same number, and the service answers it as it did the first time (a refusal
  included).
* **A folder restored or cloned** sends different work under numbers the service knows:
  it answers ``client_diverged``. The stream gets a new client id and every row not
  confirmed is numbered again from 1; entries carry their ids, so what the service has
  already is acknowledged, nothing doubled and nothing lost. ``client_mismatch`` (the id
  belongs to someone else) is answered the same way.
* **A service restored from a backup** forgot numbers: ``sequence_gap`` says where it
  stands, and a push with nothing pending asks; the forgotten rows go again from there,
  a row the technician let go as the no-op :data:`DISCARDED_MUTATION` (refused, which
  uses its number up).
"""

from __future__ import annotations

import functools
import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, Text, bindparam, func, select, type_coerce, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desktop.store import mapping
from desktop.store.db import Store
from desktop.store.models import EntryRow, OutboxRow, OutboxState, SyncBlobRow, SyncStreamRow
from desktop.store.outbox import prune_settled
from desktop.syncing.report import Progress, SyncReport
from desktop.syncing.retention import mark_synced
from domain.ids import new_id
from domain.seal import plain
from sync.client import ClientDiverged, ClientMismatch, Connection, SequenceGap
from sync.protocol import MAX_JSON_BODY, MAX_PUSH_MUTATIONS, MutationStatus, PushResponse
from sync.protocol.records import DISCARDED_MUTATION

log = logging.getLogger("fieldbook.sync")

_ENVELOPE = 200  # bytes of a push body around its mutations


def stream_for(session: Session, owner: uuid.UUID) -> SyncStreamRow:
    """``owner``'s stream on this laptop, begun (with a new client id) if new."""
    row = session.get(SyncStreamRow, owner)
    if row is None:
        row = SyncStreamRow(owner=owner, client_id=new_id(), last_seq=0, acked=0)
        session.add(row)
        session.flush()
    return row


def new_stream(session: Session, owner: uuid.UUID) -> uuid.UUID:
    """A new client id for ``owner``: every row of theirs not confirmed goes out again,
    numbered from 1 (the rows the service answered keep their old numbers, unsent)."""
    row = stream_for(session, owner)
    row.client_id, row.last_seq, row.acked = new_id(), 0, 0
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.owner == owner, OutboxRow.state == OutboxState.PENDING)
        .values(client_id=None, wire_seq=None)
    )
    log.warning("new client id %s for %s: unconfirmed changes go out again", row.client_id, owner)
    return row.client_id


def _pending(session: Session, owner: uuid.UUID) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                OutboxRow.owner == owner, OutboxRow.state == OutboxState.PENDING
            )
        )
        or 0
    )


@dataclass(slots=True)
class Outgoing:
    """An outbox row as a push sends it: read with one query, no ORM object per row.

    ``payload`` is the row's JSON as stored (spliced into the body as it is: the service
    reads it, and remembers its digest canonically, whatever the spacing), or a value
    (a payload rebuilt for a service that forgot it).
    """

    seq: int
    wire_seq: int | None
    state: OutboxState
    name: str
    payload: str | dict[str, Any]
    incident_id: uuid.UUID | None


_OUTBOX = cast(Table, OutboxRow.__table__)
#: The ids as stored (text): the stream's compared with the stored form of the client id,
#: the incident's made a UUID once per distinct one (a push of notes names a few).
_OUTGOING = select(
    _OUTBOX.c.seq,
    type_coerce(_OUTBOX.c.client_id, Text),
    _OUTBOX.c.wire_seq,
    _OUTBOX.c.state,
    _OUTBOX.c.name,
    type_coerce(_OUTBOX.c.payload, Text),
    type_coerce(_OUTBOX.c.incident_id, Text),
)
_NUMBER = "UPDATE outbox SET client_id = ?, wire_seq = ? WHERE seq = ?"
#: The rows the service took, by their outbox numbers given as a JSON array (json_each).
_SEQS = func.json_each(bindparam("seqs", type_=Text)).table_valued("value")
_SETTLE = (
    update(_OUTBOX)
    .where(_OUTBOX.c.seq.in_(select(_SEQS.c.value)))
    .values(state=OutboxState.APPLIED, code=None, reason=None, current_status=None)
)


def _next_rows(
    store: Store, owner: uuid.UUID, resend_from: int | None
) -> tuple[uuid.UUID, list[Outgoing]]:
    """The next rows to send, numbered: pending ones in outbox order (those sent before
    keep their numbers, the others get the next ones, written in the same transaction),
    or, after a service forgot, every row of the stream from ``resend_from`` on."""
    with store.write() as session:
        stream = stream_for(session, owner)
        if resend_from is not None:
            rows = list(
                session.scalars(
                    select(OutboxRow)
                    .where(
                        OutboxRow.client_id == stream.client_id,
                        OutboxRow.wire_seq >= resend_from,
                    )
                    .order_by(OutboxRow.wire_seq)
                    .limit(MAX_PUSH_MUTATIONS)
                )
            )
            _restore_payloads(session, rows)
            return stream.client_id, [
                Outgoing(r.seq, r.wire_seq, r.state, r.name, r.payload, r.incident_id) for r in rows
            ]
        client_id = stream.client_id
        found = session.connection().execute(
            _OUTGOING.where(_OUTBOX.c.owner == owner, _OUTBOX.c.state == OutboxState.PENDING)
            .order_by(_OUTBOX.c.seq)
            .limit(MAX_PUSH_MUTATIONS)
        )
        out: list[Outgoing] = []
        numbered: list[tuple[Any, int, int]] = []
        last_seq = stream.last_seq
        stored_id = _stored(session, _OUTBOX.c.client_id, client_id)
        incidents: dict[str, uuid.UUID] = {}
        for seq, row_client, wire_seq, state, name, payload, incident_text in found:
            if wire_seq is None or not _same_id(row_client, stored_id, client_id):
                last_seq += 1
                wire_seq = last_seq
                numbered.append((stored_id, wire_seq, seq))
            incident_id = None if incident_text is None else incidents.get(incident_text)
            if incident_id is None and incident_text is not None:
                incident_id = incidents[incident_text] = uuid.UUID(incident_text)
            out.append(Outgoing(seq, wire_seq, state, name, payload, incident_id))
        if numbered:  # one executemany, in the transaction that read them
            session.connection().exec_driver_sql(_NUMBER, numbered)
            stream.last_seq = last_seq
        return client_id, out


def _same_id(text: str | None, stored: Any, value: uuid.UUID) -> bool:
    """Whether the id stored as ``text`` is ``value`` (stored as ``stored``): the texts
    compared, read as a UUID only if they differ (a form written by other code)."""
    if text is None or text == stored:
        return text is not None
    try:
        return uuid.UUID(text) == value
    except ValueError:
        return False


def _stored(session: Session, column: Any, value: Any) -> Any:
    """``value`` as ``column`` stores it (a client id: 32 hex digits on SQLite)."""
    dialect = session.get_bind().dialect
    convert = column.type.dialect_impl(dialect).bind_processor(dialect)
    return value if convert is None else convert(value)


def _restore_payloads(session: Session, rows: list[OutboxRow]) -> None:
    """Give confirmed rows whose payload was pruned their payload again, rebuilt from the
    entry they recorded (entries are append-only: the same bytes as first sent), for a
    service that forgot them (restored from a backup). Its answer prunes them again."""
    for row in rows:
        if row.payload or row.state is not OutboxState.APPLIED or row.entry_id is None:
            continue
        entry_row = session.get(EntryRow, row.entry_id)
        if entry_row is None:
            log.warning("mutation %s: its entry is no longer here to send again", row.wire_seq)
            continue
        value = mapping.entry(entry_row)
        row.payload = {"kind": value.kind, **plain(value)}


def push(
    store: Store, conn: Connection, report: SyncReport, say: Progress, *, owner: uuid.UUID
) -> None:
    """Send ``owner``'s pending changes (see the module's docstring)."""
    with store.read() as session:
        total = _pending(session, owner)
    say("push", 0, total)
    resend_from: int | None = None  # a wire number, after a gap or a forgetful server
    probed = False
    renewals = 0
    done = 0
    for _ in range(total // MAX_PUSH_MUTATIONS + 1000):
        client_id, rows = _next_rows(store, owner, resend_from)
        if not rows:
            if resend_from is not None:
                resend_from = None
                continue
            if probed:
                return
            # Nothing pending: ask what the service holds, to resend what it forgot.
            probed = True
            answer = conn.push_raw(push_body(client_id, [])[0])
            with store.read() as session:
                acked = stream_for(session, owner).acked
            if answer.last_applied < acked:
                log.warning(
                    "the service forgot mutations %d..%d: resending",
                    answer.last_applied + 1,
                    acked,
                )
                resend_from = answer.last_applied + 1
                report.resent_from = resend_from
            continue
        probed = True
        try:
            answer = conn.push_raw(push_body(client_id, rows)[0])
        except SequenceGap as gap:
            log.warning("sequence gap: the service expects %d", gap.expected_seq)
            if gap.expected_seq < 1 or (
                resend_from is not None and gap.expected_seq >= resend_from
            ):
                raise
            resend_from = gap.expected_seq
            report.resent_from = resend_from
            continue
        except (ClientDiverged, ClientMismatch) as error:
            renewals += 1
            if renewals > 2:
                raise
            log.warning("the service will not take this stream (%s): a new one", error.code)
            with store.write() as session:
                new_stream(session, owner)
            report.new_client_id = True
            resend_from = None
            continue
        sent = _record_results(store, owner, client_id, rows, answer, report)
        done += sum(1 for r in rows[:sent] if r.state is OutboxState.PENDING)
        say("push", min(done, total), total)
        if resend_from is not None:
            last = rows[sent - 1].wire_seq
            assert last is not None
            resend_from = last + 1
    raise RuntimeError("the push does not converge")  # pragma: no cover


def push_body(client_id: uuid.UUID, rows: Sequence[Outgoing | OutboxRow]) -> tuple[bytes, int]:
    """The JSON of a push of the first of ``rows`` that fit in 8 MiB, and how many fit."""
    parts: list[bytes] = []
    size = _ENVELOPE
    for row in rows:
        name, payload = row.name, row.payload
        if row.state is OutboxState.DISCARDED:
            name, payload = DISCARDED_MUTATION, "{}"
        if not isinstance(payload, str):
            payload = _dumps(payload)
        seq = "null" if row.wire_seq is None else str(int(row.wire_seq))
        item = f'{{"seq":{seq},"name":{_quoted(name)},"payload":{payload}}}'.encode()
        if parts and size + len(item) + 1 > MAX_JSON_BODY:
            break
        parts.append(item)
        size += len(item) + 1
    body = (
        b'{"client_id":"' + str(client_id).encode() + b'","mutations":[' + b",".join(parts) + b"]}"
    )
    return body, len(parts)


@functools.lru_cache(maxsize=64)
def _quoted(name: str) -> str:
    """A mutation's name as JSON (a few names, each quoted once)."""
    return _dumps(name)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _record_results(
    store: Store,
    owner: uuid.UUID,
    client_id: uuid.UUID,
    rows: list[Outgoing],
    answer: PushResponse,
    report: SyncReport,
) -> int:
    """Mark the rows the answer speaks of; return how many it spoke of."""
    by_wire = {row.wire_seq: row for row in rows}
    now = store.now()
    with store.write() as session:
        stream = stream_for(session, owner)
        if stream.client_id == client_id:
            stream.acked = max(stream.acked, answer.last_applied)
        applied: list[int] = []
        for result in answer.results:
            sent = by_wire.get(result.seq)
            if sent is None:
                log.error("the service answered for mutation %d, not sent", result.seq)
                continue
            if result.status is MutationStatus.REJECTED:
                if sent.state is OutboxState.DISCARDED:
                    continue
                row = session.get_one(OutboxRow, sent.seq)
                row.state = OutboxState.REJECTED
                row.code = result.code.value if result.code is not None else None
                row.reason = result.message
                row.explanation = result.explanation.model_dump() if result.explanation else None
                row.current_status = result.current_status.value if result.current_status else None
                report.rejected += 1
                log.warning("mutation %d rejected: %s", sent.seq, result.code)
            elif sent.state in (OutboxState.PENDING, OutboxState.REJECTED):
                # (Rejected before: sent again to a service that forgot it, taken now.)
                applied.append(sent.seq)
                if result.status is MutationStatus.APPLIED:
                    report.applied += 1
                else:  # the service took it before: the reply had been lost
                    report.already_applied += 1
        session.flush()
        if applied:  # one statement: the numbers as one parameter, not 500 a statement
            session.execute(_SETTLE, {"seqs": json.dumps(applied)})
        prune_settled(session)
        done = set(applied)
        mark_synced(session, [r.incident_id for r in rows if r.seq in done], now)
        for sha in set(answer.missing_blobs):
            session.execute(sqlite_insert(SyncBlobRow).values(sha256=sha).on_conflict_do_nothing())
    return len(answer.results)
