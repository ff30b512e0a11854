"""The sync engine: the local store on one side, a :class:`sync.client.Connection` on the
other (``sync/README.md`` is the protocol; this module follows it).

One sync is push, then blobs, then pull until ``has_more`` is false:

* **Push** (:mod:`desktop.syncing.push`) sends the signed-in technician's pending rows,
  each under its stream's number, exactly once; refusals are kept with their reason and
  never block the rest; another technician's rows wait for their owner.
* **Blobs** the server said it lacks (attachments, signature pictures) are uploaded from
  the blob store, resuming from the server's blob status; one whose bytes are not on this
  laptop is reported, not failed.
* **Pull** applies each page in one local transaction together with the new cursor. A
  first sync or a ``reset`` is a *full download*: what it brings is listed in
  ``sync_seen`` (committed with each page, so an interrupted download resumes) and, when
  it ends, incidents and reference data the server did not send are dropped unless a
  pending outbox row needs them. The outbox is never touched.
* **Removal and the append-only entries**: the laptop really deletes an incident the
  server took away (client data stays on the laptop only while it is the technician's).
  Entries are append-only by triggers; the one server-driven path :func:`drop_incidents`
  reads the triggers' own SQL from ``sqlite_master``, drops them, deletes, and creates
  them again, all in the page's transaction (SQLite's DDL is transactional: a failure
  rolls the triggers back too, and the write lock keeps other connections out meanwhile).
  An incident that pending rows still need is kept and listed in ``sync_removals``; it is
  dropped after a later sync once those rows are dealt with.
* **Incidents**: the server's version wins; pending local status changes are laid on top
  (``from`` must match) so the technician sees their own work. Nothing is ordered by the
  laptop's clock: pages are applied in the server's order.
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.store import mapping
from desktop.store.db import Store
from desktop.store.models import (
    ENTRY_ROWS,
    AttachmentRow,
    Base,
    ClientRow,
    ContractRow,
    CoveredSystemRow,
    DeliveryRow,
    EntryRow,
    IncidentRow,
    MetaRow,
    OutboxRow,
    OutboxState,
    PartUsageRow,
    PlacementRow,
    SetAsideRow,
    SignOffRow,
    SlaTargetRow,
    SparePartRow,
    SyncBlobRow,
    SyncRefreshRow,
    SyncRemovalRow,
    SyncSeenRow,
    SyncStateRow,
    SyncStreamRow,
    TechnicianRow,
    VanStockRow,
)
from desktop.syncing.pulled import PulledEntries
from desktop.syncing.push import push, push_body
from desktop.syncing.report import Progress, SyncHooks, SyncReport
from desktop.syncing.retention import mark_synced, retention_days, set_retention_days
from domain import rules
from domain.records import (
    Client,
    Contract,
    CoveredSystem,
    Incident,
    SparePart,
    Status,
    StatusChange,
    Technician,
)
from domain.status import SEALED_STATES
from sync.client import BlobHashMismatch, Connection, NotFound, Offline
from sync.protocol import (
    Change,
    ChangeOp,
    PullResponse,
    RecordKind,
)
from sync.protocol.records import (
    DISCARDED_MUTATION,
    InvalidRecord,
    MutationName,
    ReportDelivery,
    VanStock,
    entry_from_plain,
    from_plain,
)

log = logging.getLogger("fieldbook.sync")

ConnectionFactory = Callable[[], Connection]

#: How old a file no entry names must be before it is forgotten (download_blobs).
_SETTLED = timedelta(hours=1)
#: A round trip longer than this says too little about the service's clock to set ours.
_CLOCK_RTT_MAX = timedelta(seconds=10)
_ENVELOPE = 200  # bytes of a push body around its mutations


def sync(
    store: Store,
    connection_factory: ConnectionFactory,
    *,
    progress: Progress | None = None,
    pull_limit: int | None = None,
    hooks: SyncHooks | None = None,
) -> SyncReport:
    """Push, upload blobs, pull. Errors of :mod:`sync.client` propagate (nothing is lost:
    every step commits what it finished)."""
    report = SyncReport()
    say = progress or (lambda _stage, _done, _total: None)
    _ensure_state(store)
    owner = store.technician_id
    if owner is None:
        raise RuntimeError("nobody is signed in: there is no one to sync for")
    conn = connection_factory()
    try:
        push(store, conn, report, say, owner=owner)
        upload_blobs(store, conn, report, say)
        pull(store, conn, report, say, limit=pull_limit, hooks=hooks or SyncHooks())
        download_blobs(store, conn, report, say)
    finally:
        conn.close()
    with store.write() as session:
        state = _state(session)
        if report.clock_offset is not None:
            store.set_clock_offset(session, report.clock_offset)
        state.last_synced_at = store.now()
        forget, purged = purge_closed(session, state.last_synced_at, report)
        counts = dict(
            session.execute(
                select(OutboxRow.state, func.count())
                .where(OutboxRow.owner == owner)
                .group_by(OutboxRow.state)
            ).all()
        )
        report.pending_left = counts.get(OutboxState.PENDING, 0)
        report.rejected_total = counts.get(OutboxState.REJECTED, 0)
        report.set_aside = session.scalar(select(func.count()).select_from(SetAsideRow)) or 0
    for sha in forget:  # after the commit: a crash before leaves unnamed files, collected later
        store.blobs.remove(sha)
    for incident_id in purged:  # and any half-typed entry of theirs
        for draft in (store.data_dir / "drafts").glob(f"{incident_id}.*.json"):
            draft.unlink(missing_ok=True)
    log.info("sync done: %s", report)
    return report


#: Closed for the laptop: nothing more is recorded on them here.
_CLOSED = (Status.SIGNED_OFF, Status.CLOSED, Status.CANCELLED)


def purge_closed(
    session: Session, now: datetime, report: SyncReport
) -> tuple[set[str], list[uuid.UUID]]:
    """Drop the closed incidents whose last sync is older than the office's retention
    period and that have nothing left to send (no pending or refused change, no file
    waiting to go up), with their entries and the client records no other incident here
    needs. Returns the files no entry names any more and the incidents purged, for the
    caller to remove their files and drafts once this transaction is committed. Incidents
    synced before this laptop kept the time start their countdown now.
    """
    session.execute(
        update(IncidentRow)
        .where(IncidentRow.synced_at.is_(None))
        .values(synced_at=now)
        .execution_options(synchronize_session=False)
    )
    cutoff = now - timedelta(days=retention_days(session))
    unsent = select(OutboxRow.incident_id).where(
        OutboxRow.state.in_((OutboxState.PENDING, OutboxState.REJECTED)),
        OutboxRow.incident_id.is_not(None),
    )
    uploading = select(AttachmentRow.incident_id).where(
        AttachmentRow.sha256.in_(select(SyncBlobRow.sha256))
    )
    old = list(
        session.scalars(
            select(IncidentRow.id).where(
                IncidentRow.status.in_(_CLOSED),
                IncidentRow.synced_at < cutoff,
                IncidentRow.id.not_in(unsent),
                IncidentRow.id.not_in(uploading),
                IncidentRow.id.not_in(select(SyncRefreshRow.incident_id)),
            )
        )
    )
    if not old:
        return set(), []
    before = _named_blobs(session)
    dropped = drop_incidents(session, old)
    report.purged += dropped
    log.info("purged %d closed incident(s) past the retention period", dropped)
    return before - _named_blobs(session), old


# --- state --------------------------------------------------------------------------


def _ensure_state(store: Store) -> None:
    with store.write() as session:
        _state(session)


def _state(session: Session) -> SyncStateRow:
    row = session.get(SyncStateRow, 1)
    if row is None:
        row = SyncStateRow(id=1, cursor=None, full_download=False, seq_base=0, acked=0)
        session.add(row)
        session.flush()
    return row


# --- blobs --------------------------------------------------------------------------


def upload_blobs(store: Store, conn: Connection, report: SyncReport, say: Progress) -> None:
    with store.read() as session:
        wanted = list(session.scalars(select(SyncBlobRow.sha256).order_by(SyncBlobRow.sha256)))
    say("blobs", 0, len(wanted))
    for i, sha in enumerate(wanted, 1):
        if not store.blobs.has(sha):
            log.warning("blob %s is wanted by the server but not on this laptop", sha)
            report.blobs_waiting.append(sha)
            continue
        try:
            with store.blobs.open(sha) as source:
                conn.put_blob(sha, source)
        except BlobHashMismatch:
            report.warnings.append(f"the file {sha} in the blob store is damaged")
            report.blobs_waiting.append(sha)
            continue
        with store.write() as session:
            session.execute(delete(SyncBlobRow).where(SyncBlobRow.sha256 == sha))
        report.blobs_uploaded += 1
        say("blobs", i, len(wanted))


def _named_blobs(session: Session) -> set[str]:
    """Every blob an entry here names: attachments' bytes, signature pictures."""
    names = set(session.scalars(select(AttachmentRow.sha256)))
    names |= {
        sha for sha in session.scalars(select(SignOffRow.signature_sha256)) if sha is not None
    }
    return names


def download_blobs(store: Store, conn: Connection, report: SyncReport, say: Progress) -> None:
    """Fetch the files of the incidents this laptop holds that it lacks (a reassigned
    incident's photos, a second laptop's attachments), so its reports are whole; and
    forget the files no entry here names any more (an incident that went elsewhere).

    A download resumes where it stopped (a partial file waits in the blob folder) and is
    kept only when its bytes hash to its name.
    """
    with store.read() as session:
        named = _named_blobs(session)
        uploading = set(session.scalars(select(SyncBlobRow.sha256)))
    held = store.blobs.shas()
    # A file stored a moment ago may belong to an entry being recorded right now (the
    # bytes are stored before the entry): only files an hour old are forgotten.
    settled = time.time() - _SETTLED.total_seconds()
    for sha in sorted(held - named - uploading):
        if store.blobs.path(sha).stat().st_mtime < settled:
            store.blobs.remove(sha)
            report.blobs_forgotten += 1
    wanted = sorted(named - held)
    say("files", 0, len(wanted))
    for i, sha in enumerate(wanted, 1):
        try:
            _download(store, conn, sha)
        except NotFound:
            store.blobs.drop_partial(sha)
            report.blobs_not_on_server.append(sha)  # not uploaded yet by whoever made it
            continue
        if not store.blobs.finish_partial(sha):
            report.warnings.append(f"the file {sha} came down damaged; it is fetched again")
            continue
        report.blobs_downloaded += 1
        say("files", i, len(wanted))


def _download(store: Store, conn: Connection, sha: str) -> None:
    """Fetch ``sha`` (sealed as it comes), resuming after a cut (three times, then the
    next sync goes on from where this one stopped)."""
    for attempt in range(3):
        start = store.blobs.partial_size(sha)
        try:
            with store.blobs.append_partial(sha) as out:
                conn.get_blob(sha, out, start)
            return
        except Offline:
            if attempt == 2:
                raise
            log.info("the download of %s was cut at %d bytes: resuming", sha[:12], start)


# --- pull ---------------------------------------------------------------------------


def pull(
    store: Store,
    conn: Connection,
    report: SyncReport,
    say: Progress,
    *,
    limit: int | None,
    hooks: SyncHooks,
) -> None:
    with store.write() as session:
        state = _state(session)
        report.refreshed += _refresh(session, state)
        cursor = state.cursor
        if cursor is None and not state.full_download:
            state.full_download = True
            session.execute(delete(SyncSeenRow))
    say("pull", 0, None)
    best_rtt: timedelta | None = None

    def ask(after: str | None) -> tuple[PullResponse, datetime, datetime]:
        sent = store.local_clock()
        page = conn.pull(after, limit)
        return page, sent, store.local_clock()

    # While a page is written, the next one is asked for (one request ahead, on one
    # thread: the service prepares it as the laptop writes). Pages are still applied one
    # by one in the service's order, each with its cursor; a page that fails to apply
    # stops the pull as before, the answer asked for meanwhile is waited for and dropped.
    ahead: Future[tuple[PullResponse, datetime, datetime]] | None = None
    fetcher: ThreadPoolExecutor | None = None
    try:
        for _ in range(1_000_000):
            if ahead is None:
                page, sent, back = ask(cursor)
            else:
                page, sent, back = ahead.result()
                ahead = None
            rtt = back - sent
            if rtt < _CLOCK_RTT_MAX and (best_rtt is None or rtt < best_rtt):
                # The service's clock at the middle of the round trip, minus the laptop's.
                best_rtt = rtt
                report.clock_offset = page.server_time - (sent + rtt / 2)
            if page.has_more:
                if fetcher is None:
                    fetcher = ThreadPoolExecutor(1, thread_name_prefix="fieldbook-pull")
                ahead = fetcher.submit(ask, page.cursor)
            with store.write() as session:
                state = _state(session)
                if page.reset:
                    log.warning("the server answered reset: downloading everything again")
                    report.reset = True
                    state.full_download = True
                    session.execute(delete(SyncSeenRow))
                apply_page(session, page.changes, report, seen=state.full_download)
                set_retention_days(session, page.retention_days)
                state.cursor = page.cursor
                state.server_time = page.server_time
                if not page.has_more:
                    if state.full_download:
                        _finish_full_download(session, report)
                        state.full_download = False
                    _retry_removals(session, report)
                    _retry_set_aside(session, report)
                if hooks.before_page_commit is not None:
                    hooks.before_page_commit(page)
            cursor = page.cursor
            report.pages += 1
            report.changes += len(page.changes)
            say("pull", report.changes, None)
            if not page.has_more:
                return
    finally:
        if ahead is not None:  # this pull stopped on an error: the request is not left running
            with contextlib.suppress(Exception):
                ahead.result()
        if fetcher is not None:
            fetcher.shutdown(wait=True)
    raise RuntimeError("the pull does not end")  # pragma: no cover


def apply_page(session: Session, changes: list[Change], report: SyncReport, *, seen: bool) -> None:
    """Apply one page in the caller's transaction (the server's order).

    A record this laptop cannot store beside its own (a void of an entry its client
    signed here, a second sign-off: the laptop's own was refused by the service) must
    not stop every later pull: the page is applied again record by record, each in a
    savepoint, and what still fails is set aside with the reason (:class:`SetAsideRow`),
    shown to the technician, and tried again after later pulls.
    """
    try:
        with session.begin_nested():
            _apply_changes(session, changes, report, seen=seen)
    except (IntegrityError, InvalidRecord) as error:
        log.warning(
            "a pulled page does not fit this laptop (%s): applying it one by one",
            type(error).__name__,
        )
        session.expire_all()
        for change in changes:
            try:
                with session.begin_nested():
                    _apply_changes(session, [change], report, seen=seen)
            except (IntegrityError, InvalidRecord) as failure:
                session.expire_all()
                _set_aside(session, change, failure)
                if seen:
                    # Brought all the same: a full download must not drop what it refers to.
                    session.execute(
                        sqlite_insert(SyncSeenRow)
                        .values(kind=change.kind.value, id=change.id)
                        .on_conflict_do_nothing()
                    )


def _apply_changes(
    session: Session, changes: list[Change], report: SyncReport, *, seen: bool
) -> None:
    now = datetime.now(UTC)
    removals: list[uuid.UUID] = []
    # The rows of sync_seen and entry_placements, by column (kind, id; entry, order, time).
    brought: tuple[list[str], list[uuid.UUID]] = ([], [])
    placed: tuple[list[uuid.UUID], list[int], list[datetime]] = ([], [], [])
    dialect = session.get_bind().dialect
    new_entries = PulledEntries(dialect)  # read straight into their rows
    entries = [c for c in changes if c.kind is RecordKind.ENTRY and c.op is ChangeOp.PUT]
    existing: set[uuid.UUID] = set()
    ids = [c.id for c in entries]
    for chunk in range(0, len(ids), 500):
        existing.update(
            session.execute(_KNOWN_ENTRIES, {"ids": ids[chunk : chunk + 500]}).scalars()
        )
    revoked: list[tuple[RecordKind, uuid.UUID]] = []
    touched: set[uuid.UUID] = set()  # incidents a change of which came down
    entry_incidents: set[str] = set()  # (a page's entries name a few incidents)
    for change in changes:
        if change.op is ChangeOp.REMOVE:
            if change.kind is RecordKind.INCIDENT:
                removals.append(change.id)
            elif change.kind is RecordKind.VAN_STOCK:
                session.execute(delete(VanStockRow).where(VanStockRow.part_id == change.id))
            elif change.kind in _REVOCABLE:
                revoked.append((change.kind, change.id))
            continue
        data = change.data or {}
        kind = change.kind
        if kind is RecordKind.ENTRY:
            entry_incidents.add(str(data.get("incident_id")))  # read once each, below
            if change.id not in existing:
                new_entries.add(data)
                existing.add(change.id)
            if change.order is not None and change.received_at is not None:
                placed[0].append(change.id)
                placed[1].append(change.order)
                placed[2].append(change.received_at)
            if seen:
                brought[0].append(kind.value)
                brought[1].append(change.id)
            continue
        elif kind is RecordKind.INCIDENT:
            if change.id in removals:
                removals.remove(change.id)
            session.execute(delete(SyncRemovalRow).where(SyncRemovalRow.incident_id == change.id))
            _put_incident(session, from_plain(Incident, data), now, report)
            touched.add(change.id)
        elif kind is RecordKind.TECHNICIAN:
            t = from_plain(Technician, data)
            session.merge(TechnicianRow(id=t.id, name=t.name, username=t.username))
        elif kind is RecordKind.CLIENT:
            c = from_plain(Client, data)
            session.merge(
                ClientRow(
                    id=c.id, name=c.name, language=c.language, address=c.address, email=c.email
                )
            )
        elif kind is RecordKind.CONTRACT:
            _put_contract(session, from_plain(Contract, data), report)
        elif kind is RecordKind.SYSTEM:
            s = from_plain(CoveredSystem, data)
            session.merge(
                CoveredSystemRow(
                    id=s.id,
                    contract_id=s.contract_id,
                    name=s.name,
                    category=s.category,
                    location=s.location,
                )
            )
        elif kind is RecordKind.PART:
            p = from_plain(SparePart, data)
            session.merge(
                SparePartRow(id=p.id, part_number=p.part_number, description=p.description)
            )
        elif kind is RecordKind.VAN_STOCK:
            v = from_plain(VanStock, data)
            session.merge(VanStockRow(part_id=v.part_id, on_hand=v.on_hand, as_of=v.as_of))
        elif kind is RecordKind.DELIVERY:
            # How a report this technician asked to e-mail went: sent, or being retried.
            d = from_plain(ReportDelivery, data)
            asked = session.get(DeliveryRow, d.id)
            if asked is not None:  # (asked from another laptop: nothing to show here)
                asked.sent_at, asked.attempts, asked.last_error = (
                    d.sent_at,
                    d.attempts,
                    d.last_error,
                )
        if seen:
            brought[0].append(kind.value)
            brought[1].append(change.id)
        # Reference data and incidents are few: written at once, before the entries that
        # refer to them; entries go in one insert per table at the end of the page.
        session.flush()
    new_entries.write(session)
    mapping.BulkInsert.of(_PLACEMENTS, dialect, _PLACED, _PLACE_AGAIN).write_columns(
        session, placed
    )
    mapping.BulkInsert.of(_SEEN, dialect, _BROUGHT, _ONCE).write_columns(session, brought)
    session.flush()
    for text_id in entry_incidents:
        with contextlib.suppress(ValueError, TypeError):
            touched.add(uuid.UUID(text_id))
    mark_synced(session, touched, now)
    if removals:
        report.removed += remove_incidents(session, removals)
    if revoked:
        drop_reference_data(session, revoked)


_ENTRIES = cast(Table, EntryRow.__table__)
#: Which of a page's entries this laptop has already (built once: not an ORM query of
#: the entry hierarchy compiled again for every 500 ids).
_KNOWN_ENTRIES = select(_ENTRIES.c.id).where(_ENTRIES.c.id.in_(bindparam("ids", expanding=True)))
_PLACEMENTS = cast(Table, PlacementRow.__table__)
_PLACED = ("entry_id", "server_order", "received_at")
#: The service's answer may come again: kept as it last said.
_PLACE_AGAIN = (
    " ON CONFLICT (entry_id) DO UPDATE SET"
    " server_order = excluded.server_order, received_at = excluded.received_at"
)
_SEEN = cast(Table, SyncSeenRow.__table__)
_BROUGHT = ("kind", "id")
_ONCE = " ON CONFLICT DO NOTHING"

#: Reference data the service takes back with the last incident that needed it.
_REVOCABLE = frozenset({RecordKind.CLIENT, RecordKind.CONTRACT, RecordKind.SYSTEM})


def drop_reference_data(session: Session, revoked: list[tuple[RecordKind, uuid.UUID]]) -> None:
    """Drop the clients, contracts and covered systems the service took back, unless an
    incident still here (kept for pending work) needs them."""
    session.flush()
    ids = {kind: [i for k, i in revoked if k is kind] for kind in _REVOCABLE}
    systems = ids[RecordKind.SYSTEM]
    if systems:
        session.execute(
            delete(CoveredSystemRow).where(
                CoveredSystemRow.id.in_(systems),
                CoveredSystemRow.id.not_in(
                    select(IncidentRow.system_id).where(IncidentRow.system_id.is_not(None))
                ),
            )
        )
    contracts = list(
        session.scalars(
            select(ContractRow.id).where(
                ContractRow.id.in_(ids[RecordKind.CONTRACT]),
                ContractRow.id.not_in(select(IncidentRow.contract_id)),
            )
        )
    )
    if contracts:  # with its Annex 1
        session.execute(delete(CoveredSystemRow).where(CoveredSystemRow.contract_id.in_(contracts)))
        session.execute(delete(SlaTargetRow).where(SlaTargetRow.contract_id.in_(contracts)))
        session.execute(delete(ContractRow).where(ContractRow.id.in_(contracts)))
    clients = ids[RecordKind.CLIENT]
    if clients:
        session.execute(
            delete(ClientRow).where(
                ClientRow.id.in_(clients),
                ClientRow.id.not_in(select(ContractRow.client_id)),
                ClientRow.id.not_in(select(IncidentRow.client_id)),
            )
        )
    session.expire_all()


def _set_aside(session: Session, change: Change, error: Exception) -> None:
    """Keep ``change`` with why it could not be stored, for the technician to see."""
    data = change.data or {}
    incident = data.get("incident_id") if change.kind is RecordKind.ENTRY else change.id
    reason = str(getattr(error, "orig", None) or error)
    log.warning("set aside %s %s", change.kind.value, change.id)
    stmt = sqlite_insert(SetAsideRow).values(
        kind=change.kind.value,
        record_id=change.id,
        incident_id=_as_uuid(incident),
        data=data,
        server_order=change.order,
        received_at=change.received_at,
        reason=reason,
        set_aside_at=datetime.now(UTC),
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=[SetAsideRow.kind, SetAsideRow.record_id],
            set_={
                "data": stmt.excluded.data,
                "server_order": stmt.excluded.server_order,
                "received_at": stmt.excluded.received_at,
                "reason": stmt.excluded.reason,
            },
        )
    )


def _as_uuid(value: object) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _retry_set_aside(session: Session, report: SyncReport) -> None:
    """Try the records set aside again: what the laptop dealt with meanwhile may let them in."""
    for row in list(session.scalars(select(SetAsideRow))):
        change = Change.model_construct(
            kind=RecordKind(row.kind),
            op=ChangeOp.PUT,
            id=row.record_id,
            data=dict(row.data),
            order=row.server_order,
            received_at=row.received_at,
        )
        try:
            with session.begin_nested():
                _apply_changes(session, [change], report, seen=False)
        except (IntegrityError, InvalidRecord):
            session.expire_all()
            continue
        session.delete(row)
        log.info("the %s %s set aside before is stored now", row.kind, row.record_id)


def _refresh(session: Session, state: SyncStateRow) -> int:
    """Drop the incidents marked to download again (a refused change the technician let
    go left them unlike the office's), unless pending rows still need them; when one
    goes, the pull becomes a full download and brings the office's copy back."""
    marked = list(session.scalars(select(SyncRefreshRow.incident_id)))
    if not marked:
        return 0
    needed = _needed(session)
    ready = [i for i in marked if i not in needed]
    if not ready:
        return 0
    session.execute(delete(SyncRefreshRow).where(SyncRefreshRow.incident_id.in_(ready)))
    session.execute(delete(SetAsideRow).where(SetAsideRow.incident_id.in_(ready)))
    dropped = drop_incidents(session, ready)
    state.cursor = None
    state.full_download = True
    session.execute(delete(SyncSeenRow))
    log.info("dropped %d incident(s) to download them again from the office", dropped)
    return dropped


def _put_incident(session: Session, server: Incident, now: datetime, report: SyncReport) -> None:
    value = _pending_on_top(session, server)
    row = session.get(IncidentRow, server.id)
    if row is None:
        session.add(IncidentRow(**mapping.incident_values(value), updated_at=now))
        return
    if row.status in SEALED_STATES:
        # Signed off here: the triggers keep what was signed; the status may move on
        # (closed) and dispatch may give it to someone else (seal format 2).
        if value.status in SEALED_STATES:
            row.status = value.status
        elif value.status is not row.status:
            report.warnings.append(
                f"incident {row.number}: the office says {value.status}, signed off here"
            )
        if row.assigned_to != value.assigned_to:
            row.assigned_to = value.assigned_to
        return
    mapping.update_incident_row(row, value)


def _pending_on_top(session: Session, server: Incident) -> Incident:
    """The office's incident with this laptop's pending status changes laid on top, in
    outbox order, by the rulebook's own effects (:func:`domain.rules.apply_status`)."""
    rows = session.scalars(
        select(OutboxRow)
        .where(
            OutboxRow.incident_id == server.id,
            OutboxRow.state == OutboxState.PENDING,
            OutboxRow.name == MutationName.INCIDENT_STATUS.value,
        )
        .order_by(OutboxRow.seq)
    )
    value = server
    for row in rows:
        try:
            change = entry_from_plain(row.payload)
        except InvalidRecord:
            continue
        if not isinstance(change, StatusChange) or value.status is not change.from_status:
            continue  # the office moved on: the push will tell (conflict)
        value = rules.apply_status(value, change)
    return value


def _put_contract(session: Session, contract: Contract, report: SyncReport) -> None:
    row = session.get(ContractRow, contract.id)
    exclusions = sorted(k.value for k in contract.exclusions)
    if row is None:
        session.add(
            ContractRow(
                id=contract.id,
                client_id=contract.client_id,
                number=contract.number,
                pause_allowed=contract.policy.pause_allowed,
                exclusions=exclusions,
                time_zone=contract.time_zone,
            )
        )
        session.flush()
    else:
        row.client_id = contract.client_id
        row.number = contract.number
        row.pause_allowed = contract.policy.pause_allowed
        row.exclusions = exclusions
        row.time_zone = contract.time_zone
    session.execute(delete(SlaTargetRow).where(SlaTargetRow.contract_id == contract.id))
    targets = []
    for priority, target in contract.policy.targets.items():
        minutes: list[int | None] = []
        for what, value in (("respond", target.respond), ("resolve", target.resolve)):
            if value is None:
                minutes.append(None)
                continue
            seconds = int(value.total_seconds())
            if seconds % 60:
                # The laptop keeps minutes: round down (a stricter target, never a
                # breach shown late) and say so.
                report.warnings.append(
                    f"contract {contract.number} {priority} {what} target {seconds} s "
                    f"is kept as {seconds // 60} min"
                )
                log.warning(
                    "contract %s: %s %s %d s rounded down", contract.number, priority, what, seconds
                )
            minutes.append(seconds // 60)
        targets.append(
            {
                "contract_id": contract.id,
                "priority": priority,
                "respond_minutes": minutes[0],
                "resolve_minutes": minutes[1],
            }
        )
    if targets:
        session.execute(insert(SlaTargetRow), targets)
    session.expire_all()


# --- removal ------------------------------------------------------------------------


def _needed(session: Session) -> set[uuid.UUID]:
    """Incidents pending outbox rows refer to."""
    return {
        i
        for i in session.scalars(
            select(OutboxRow.incident_id)
            .where(OutboxRow.state == OutboxState.PENDING, OutboxRow.incident_id.is_not(None))
            .distinct()
        )
        if i is not None
    }


def remove_incidents(session: Session, incident_ids: Iterable[uuid.UUID]) -> int:
    """Drop incidents the server took away, or defer those pending rows still need."""
    needed = _needed(session)
    drop = []
    for incident_id in incident_ids:
        if incident_id in needed:
            session.execute(
                sqlite_insert(SyncRemovalRow)
                .values(incident_id=incident_id)
                .on_conflict_do_nothing()
            )
        else:
            drop.append(incident_id)
    return drop_incidents(session, drop)


def _retry_removals(session: Session, report: SyncReport) -> None:
    deferred = list(session.scalars(select(SyncRemovalRow.incident_id)))
    if not deferred:
        return
    needed = _needed(session)
    ready = [i for i in deferred if i not in needed]
    if ready:
        session.execute(delete(SyncRemovalRow).where(SyncRemovalRow.incident_id.in_(ready)))
        report.removed += drop_incidents(session, ready)


_PROTECTING = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
    "AND (name LIKE '%\\_no\\_delete' ESCAPE '\\' OR name = 'incidents_sealed_no_delete')"
)


def drop_incidents(session: Session, incident_ids: list[uuid.UUID]) -> int:
    """Delete incidents and all their entries: the one path that lifts the append-only
    triggers, for server-driven removal only, inside the caller's transaction."""
    if not incident_ids:
        return 0
    session.flush()
    triggers = [(r[0], r[1]) for r in session.execute(text(_PROTECTING))]
    for name, _sql in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    entries = Base.metadata.tables["entries"]
    tables = [
        Base.metadata.tables[t]
        for t in dict.fromkeys(
            ["void_entries", "attachment_entries"]
            + [cls.__tablename__ for cls in ENTRY_ROWS.values() if "__tablename__" in cls.__dict__]
        )
        if t != "entries"
    ]
    count = 0
    # What they referred to goes too, unless another incident here needs it.
    referred: list[tuple[RecordKind, uuid.UUID]] = []
    for chunk in range(0, len(incident_ids), 500):
        for client_id, contract_id in session.execute(
            select(IncidentRow.client_id, IncidentRow.contract_id).where(
                IncidentRow.id.in_(incident_ids[chunk : chunk + 500])
            )
        ):
            referred += [(RecordKind.CLIENT, client_id), (RecordKind.CONTRACT, contract_id)]
    for chunk in range(0, len(incident_ids), 500):
        ids = incident_ids[chunk : chunk + 500]
        of_them = select(entries.c.id).where(entries.c.incident_id.in_(ids))
        session.execute(delete(PlacementRow).where(PlacementRow.entry_id.in_(of_them)))
        for table in tables:
            session.execute(delete(table).where(table.c.id.in_(of_them)))
        session.execute(delete(entries).where(entries.c.incident_id.in_(ids)))
        result = session.execute(delete(IncidentRow).where(IncidentRow.id.in_(ids)))
        count += int(getattr(result, "rowcount", 0) or 0)
    for name, sql in triggers:
        session.execute(text(sql))
        log.debug("trigger %s restored", name)
    session.expire_all()
    drop_reference_data(session, referred)
    log.info("dropped %d incident(s) with their entries", count)
    return count


def drop_everything(session: Session) -> None:
    """Clear all this laptop holds of an office, the outbox and the sync bookkeeping too:
    for a folder the demo office filled, before a real office's first download."""
    for model in (
        OutboxRow,
        SyncStreamRow,
        SyncBlobRow,
        SyncRemovalRow,
        SyncRefreshRow,
        SetAsideRow,
        SyncSeenRow,
        SyncStateRow,
    ):
        session.execute(delete(model))
    drop_incidents(session, list(session.scalars(select(IncidentRow.id))))
    _finish_full_download(session, SyncReport())  # nothing seen: nothing kept
    session.execute(delete(TechnicianRow))
    log.info("the demo office's records are cleared")


def _finish_full_download(session: Session, report: SyncReport) -> None:
    """After a full download: drop what the server did not send (unless pending rows need
    it). Entries of kept incidents stay: they are append-only, and a server that lost them
    gets them again from the outbox."""
    seen = select(SyncSeenRow.id)

    def of(kind: RecordKind) -> Any:
        return seen.where(SyncSeenRow.kind == kind.value)

    gone = list(
        session.scalars(
            select(IncidentRow.id).where(IncidentRow.id.not_in(of(RecordKind.INCIDENT)))
        )
    )
    report.removed += remove_incidents(session, gone)
    session.execute(delete(VanStockRow).where(VanStockRow.part_id.not_in(of(RecordKind.VAN_STOCK))))
    session.execute(
        delete(CoveredSystemRow).where(
            CoveredSystemRow.id.not_in(of(RecordKind.SYSTEM)),
            CoveredSystemRow.id.not_in(
                select(IncidentRow.system_id).where(IncidentRow.system_id.is_not(None))
            ),
        )
    )
    stale_contracts = select(ContractRow.id).where(
        ContractRow.id.not_in(of(RecordKind.CONTRACT)),
        ContractRow.id.not_in(select(IncidentRow.contract_id)),
        ContractRow.id.not_in(select(CoveredSystemRow.contract_id)),
    )
    contract_ids = list(session.scalars(stale_contracts))
    if contract_ids:
        session.execute(delete(SlaTargetRow).where(SlaTargetRow.contract_id.in_(contract_ids)))
        session.execute(delete(ContractRow).where(ContractRow.id.in_(contract_ids)))
    session.execute(
        delete(ClientRow).where(
            ClientRow.id.not_in(of(RecordKind.CLIENT)),
            ClientRow.id.not_in(select(ContractRow.client_id)),
            ClientRow.id.not_in(select(IncidentRow.client_id)),
        )
    )
    session.execute(
        delete(SparePartRow).where(
            SparePartRow.id.not_in(of(RecordKind.PART)),
            SparePartRow.id.not_in(select(VanStockRow.part_id)),
            SparePartRow.id.not_in(select(PartUsageRow.part_id)),
        )
    )
    me = session.get(MetaRow, "technician_id")
    keep = [uuid.UUID(me.value)] if me is not None and me.value else []
    session.execute(
        delete(TechnicianRow).where(
            TechnicianRow.id.not_in(of(RecordKind.TECHNICIAN)),
            TechnicianRow.id.not_in(keep),
            TechnicianRow.id.not_in(
                select(IncidentRow.assigned_to).where(IncidentRow.assigned_to.is_not(None))
            ),
            TechnicianRow.id.not_in(
                select(EntryRow.author_id).where(EntryRow.author_id.is_not(None))
            ),
        )
    )
    session.execute(delete(SyncSeenRow))
    session.expire_all()


__all__ = [
    "DISCARDED_MUTATION",
    "ConnectionFactory",
    "Progress",
    "SyncHooks",
    "SyncReport",
    "apply_page",
    "drop_everything",
    "drop_incidents",
    "pull",
    "push",
    "push_body",
    "sync",
]
