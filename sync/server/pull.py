"""Pages of what changed for one technician since their cursor.

The cursor is opaque to the client. Inside it: the server's epoch and the (position,
kind, id) of the last feed row sent. A cursor that does not decode, from another epoch
(the database was restored: ``fieldbook-server new-epoch``), or ahead of the newest
position (restored without a new epoch) answers ``reset``: the client starts a full
download and keeps its outbox.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import typing
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    LargeBinary,
    Row,
    String,
    Table,
    and_,
    bindparam,
    cast,
    func,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import Session

from domain.seal import plain
from sync.protocol.constants import MAX_PULL_BYTES
from sync.protocol.messages import Change, ChangeOp, PullResponse, RecordKind
from sync.server import records
from sync.server.auth import Caller
from sync.server.db import Database
from sync.server.models import (
    ClientRow,
    ContractRow,
    CounterRow,
    CoveredSystemRow,
    DeliveryRow,
    EntryRow,
    FeedRow,
    IncidentRow,
    SlaTargetRow,
    SparePartRow,
    UserRow,
    VanStockRow,
)

_CURSOR_VERSION = "c1"
_NIL = uuid.UUID(int=0)
_KINDS = {kind.value: kind for kind in RecordKind}


def _uuid(raw: uuid.UUID | str) -> uuid.UUID:
    """A record id read without its column's type (:func:`_raw_id`) as a UUID."""
    return raw if isinstance(raw, uuid.UUID) else uuid.UUID(hex=raw)


def _text(raw: uuid.UUID | str) -> str:
    """The same as its canonical text (``str(uuid)``), without a UUID object for SQLite's
    32 hex digits."""
    if isinstance(raw, uuid.UUID) or len(raw) != 32:
        return str(_uuid(raw))
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def _raw_id(column: Any) -> Any:
    """``column`` read as stored: SQLite's 32 lowercase hex digits, or the UUID
    PostgreSQL's driver makes (not a UUID object a row made by the column's type: a
    page of 2,000 entries paid for 4,000 of them)."""
    return type_coerce(column, String).label(column.key)


@dataclass(frozen=True, slots=True)
class Cursor:
    epoch: str
    position: int
    kind: str
    record_id: uuid.UUID

    def encode(self) -> str:
        raw = f"{_CURSOR_VERSION}|{self.epoch}|{self.position}|{self.kind}|{self.record_id.hex}"
        return base64.urlsafe_b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        """The cursor in ``text``, or None for anything this server did not make."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
            version, epoch, position, kind, record_id = raw.split("|")
            if version != _CURSOR_VERSION:
                return None
            value = cls(epoch, int(position), kind, uuid.UUID(hex=record_id))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
        return value if value.position >= 0 and len(value.kind) <= 16 else None


# The statements every pull runs, built once (a statement built anew is compiled and
# keyed anew: that was a good part of a small pull's cost).
_F = typing.cast(Table, FeedRow.__table__)
_E = typing.cast(Table, EntryRow.__table__)
_I = typing.cast(Table, IncidentRow.__table__)
_K = typing.cast(Table, CounterRow.__table__)
_COUNTER = select(_K.c.position, _K.c.epoch).where(_K.c.id == 1)
_AFTER = tuple_(_F.c.position, _F.c.kind, _F.c.record_id) > tuple_(
    bindparam("position", type_=_F.c.position.type),
    bindparam("kind", type_=_F.c.kind.type),
    bindparam("record", type_=_F.c.record_id.type),
)
#: An entry's size in bytes, per dialect.
_SIZE_OF = {
    "postgresql": func.octet_length(_E.c.body),
    "sqlite": func.length(cast(_E.c.body, LargeBinary)),
}
#: The page's feed rows with each entry's size beside it (one statement: the sizes are
#: read before any body, so a page of large pasted logs is cut before anything big is
#: loaded).
_PAGE = {
    dialect: (
        select(_F.c.position, _F.c.kind, _raw_id(_F.c.record_id), _F.c.op, size.label("size"))
        .select_from(
            _F.outerjoin(
                _E,
                and_(
                    _F.c.kind == RecordKind.ENTRY.value,
                    _F.c.op == ChangeOp.PUT.value,
                    _E.c.id == _F.c.record_id,
                ),
            )
        )
        .where(_F.c.audience == bindparam("me"), _AFTER)
        .order_by(_F.c.position, _F.c.kind, _F.c.record_id)
        .limit(bindparam("limit"))
    )
    for dialect, size in _SIZE_OF.items()
}
_HELD = select(_F.c.position, _F.c.kind, _F.c.record_id).where(
    _F.c.audience == bindparam("me"),
    _F.c.op == ChangeOp.PUT.value,
    _F.c.kind == bindparam("kind"),
    _F.c.record_id.in_(bindparam("ids", expanding=True)),
)
_ENTRIES = (
    select(_E.c.id, _E.c.body, _E.c.server_order, _E.c.received_at)
    .join_from(_E, _I, _I.c.id == _E.c.incident_id)
    .where(_E.c.id.in_(bindparam("ids", expanding=True)), _I.c.assigned_to == bindparam("me"))
)
#: The entries of a page, by its range of feed rows (no list of ids to send and expand),
#: their stored JSON as it is and the server's time as stored (made a wire time by
#: :func:`_wire_time`, without a datetime object per row through the column's type).
_PAGE_ENTRIES = (
    select(
        _raw_id(_E.c.id),
        _E.c.kind,
        _E.c.body,
        _E.c.server_order,
        type_coerce(_E.c.received_at, String).label("received_at"),
    )
    .select_from(_F.join(_E, _E.c.id == _F.c.record_id).join(_I, _I.c.id == _E.c.incident_id))
    .where(
        _F.c.audience == bindparam("me"),
        _F.c.kind == RecordKind.ENTRY.value,
        _F.c.op == ChangeOp.PUT.value,
        _AFTER,
        tuple_(_F.c.position, _F.c.kind, _F.c.record_id)
        <= tuple_(
            bindparam("last_position", type_=_F.c.position.type),
            bindparam("last_kind", type_=_F.c.kind.type),
            bindparam("last_record", type_=_F.c.record_id.type),
        ),
        _I.c.assigned_to == bindparam("me"),
    )
)


@dataclass(frozen=True, slots=True)
class SplicedEntry:
    """An entry of a page as stored: its JSON text goes into the answer as it is, never
    parsed and written again (the same change a built page holds: :meth:`change`)."""

    id: str  # canonical text
    kind: str  # the entry's kind (its place in the page)
    body: str  # canonical JSON, as ``entries.body`` keeps it
    order: int
    received_at: str  # wire form, as pydantic writes a UTC time

    def change(self) -> Change:
        return Change.model_construct(
            kind=RecordKind.ENTRY,
            op=ChangeOp.PUT,
            id=uuid.UUID(self.id),
            data=records.entry_json(self.body),
            order=self.order,
            received_at=datetime.fromisoformat(self.received_at),
        )

    def json(self) -> str:
        return (
            f'{{"kind":"entry","op":"put","id":"{self.id}","data":{self.body},'
            f'"order":{self.order},"received_at":"{self.received_at}"}}'
        )


PageChange = Change | SplicedEntry


@dataclass(slots=True)
class Page:
    """A pull's answer before it is written: entries as their stored JSON."""

    reset: bool
    changes: list[PageChange]
    cursor: str
    has_more: bool
    server_time: datetime

    def response(self, retention_days: int | None = None) -> PullResponse:
        """The answer as its model, every entry read (for older laptops, and tests)."""
        return PullResponse.model_construct(
            reset=self.reset,
            changes=[c.change() if isinstance(c, SplicedEntry) else c for c in self.changes],
            cursor=self.cursor,
            has_more=self.has_more,
            server_time=self.server_time,
            retention_days=retention_days,
        )

    def json(self, retention_days: int | None = None) -> bytes:
        """The answer's JSON: what ``response(retention_days).model_dump_json()`` reads
        as, with each entry's stored text spliced in."""
        head = PullResponse.model_construct(
            reset=self.reset,
            changes=[],
            cursor=self.cursor,
            has_more=self.has_more,
            server_time=self.server_time,
            retention_days=retention_days,
        ).model_dump_json()
        at = head.index(_NO_CHANGES) + len(_NO_CHANGES) - 1  # before its "]"
        changes = ",".join(
            c.json() if isinstance(c, SplicedEntry) else c.model_dump_json() for c in self.changes
        )
        return "".join((head[:at], changes, head[at:])).encode()


_NO_CHANGES = '"changes":[]'


def _wire_time(value: Any) -> str:
    """A stored time (SQLite's text, PostgreSQL's datetime) as pydantic writes it."""
    if isinstance(value, str) and len(value) == 26 and value[10] == " " and value[19] == ".":
        # SQLite's text, "YYYY-MM-DD HH:MM:SS.ffffff" in UTC (UTCDateTime): pydantic
        # leaves the fraction out when it is zero.
        fraction = "" if value.endswith(".000000") else value[19:]
        return f"{value[:10]}T{value[11:19]}{fraction}Z"
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    text = moment.isoformat()
    assert text.endswith("+00:00"), text
    return text[:-6] + "Z"


def pull(
    db: Database,
    caller: Caller,
    cursor_text: str | None,
    limit: int,
    clock: Callable[[], datetime],
) -> Page:
    with db.read() as session:
        counter = session.execute(_COUNTER).one_or_none()
        assert counter is not None, "the database has not been migrated"
        start = Cursor(counter.epoch, 0, "", _NIL)
        reset = False
        cursor = start
        if cursor_text is not None:
            found = Cursor.decode(cursor_text)
            if found is None or found.epoch != counter.epoch or found.position > counter.position:
                reset = True
            else:
                cursor = found
        after = {
            "me": caller.user_id,
            "position": cursor.position,
            "kind": cursor.kind,
            "record": cursor.record_id,
        }
        page = _PAGE[session.get_bind().dialect.name]
        rows = session.execute(page, {**after, "limit": limit + 1}).all()
        has_more = len(rows) > limit
        rows = rows[:limit]
        kept = _within_budget(rows)
        has_more = has_more or len(kept) < len(rows)
        rows = kept
        # Ids stay as the database gives them (_raw_id): a UUID is made only for the
        # records that are not entries, and the cursor.
        wanted: dict[str, list[uuid.UUID]] = defaultdict(list)
        any_entry = False
        for row in rows:
            if row.op == ChangeOp.PUT:
                if row.kind == RecordKind.ENTRY:
                    any_entry = True
                else:
                    wanted[row.kind].append(_uuid(row.record_id))
        data = _load(session, caller.user_id, wanted)
        spliced: dict[uuid.UUID | str, SplicedEntry] = {}
        last_id = _uuid(rows[-1].record_id) if rows else _NIL
        if any_entry:
            last = rows[-1]
            bounds = {
                "last_position": last.position,
                "last_kind": last.kind,
                "last_record": last_id,
            }
            times: dict[Any, str] = {}  # a push's entries share their time received
            for e in session.execute(_PAGE_ENTRIES, {**after, **bounds}).all():
                received = times.get(e.received_at)
                if received is None:
                    received = times[e.received_at] = _wire_time(e.received_at)
                spliced[e.id] = SplicedEntry(_text(e.id), e.kind, e.body, e.server_order, received)
        changes: list[PageChange] = []
        for row in rows:
            kind = _KINDS[row.kind]
            if row.op == ChangeOp.REMOVE:
                changes.append(
                    Change.model_construct(
                        kind=kind, op=ChangeOp.REMOVE, id=_uuid(row.record_id), data=None
                    )
                )
                continue
            if kind is RecordKind.ENTRY:
                entry = spliced.get(row.record_id)
                if entry is not None:
                    changes.append(entry)
                # else no longer visible (reassigned since): a later REMOVE row follows.
                continue
            record_id = _uuid(row.record_id)
            value = data.get((row.kind, record_id))
            if value is None:
                # No longer visible (reassigned since): a later REMOVE row follows.
                continue
            changes.append(_put(kind, record_id, value))
        if rows:
            end = (rows[-1].position, rows[-1].kind, last_id)
            changes.extend(_referenced(session, caller.user_id, changes, end))
        changes.sort(key=_dependency_order)
        if rows:
            last = rows[-1]
            cursor = Cursor(counter.epoch, last.position, last.kind, last_id)
        return Page(
            reset=reset,
            changes=changes,
            cursor=cursor.encode(),
            has_more=has_more,
            server_time=clock(),
        )


_FeedRow = Row[int, str, uuid.UUID | str, str, int | None]
#: What a record other than an entry weighs in a page, about (they are all small).
_SMALL_RECORD = 512


def _within_budget(rows: Sequence[_FeedRow]) -> list[_FeedRow]:
    """The first of ``rows`` whose records fit in :data:`MAX_PULL_BYTES` (one at least);
    an entry weighs its stored size (read with the page's rows, before any body)."""
    kept: list[_FeedRow] = []
    total = 0
    for row in rows:
        total += _SMALL_RECORD if row.size is None else row.size
        if kept and total > MAX_PULL_BYTES:
            break
        kept.append(row)
    return kept


#: Order within a page: what is referred to before what refers to it.
_RANK = {
    RecordKind.TECHNICIAN: 0,
    RecordKind.CLIENT: 1,
    RecordKind.CONTRACT: 2,
    RecordKind.SYSTEM: 3,
    RecordKind.PART: 4,
    RecordKind.VAN_STOCK: 5,
    RecordKind.INCIDENT: 6,
    RecordKind.ENTRY: 7,
    RecordKind.DELIVERY: 8,
}
#: Entries that refer to other entries come after the others; a sign-off last, after
#: the voids it may seal.
_ENTRY_RANK = {"attachment": 1, "void": 2, "sign_off": 3}


def _dependency_order(change: PageChange) -> tuple[int, int]:
    if isinstance(change, SplicedEntry):
        return _RANK[RecordKind.ENTRY], _ENTRY_RANK.get(change.kind, 0)
    sub = 0
    if change.kind is RecordKind.ENTRY and change.data is not None:
        sub = _ENTRY_RANK.get(str(change.data.get("kind")), 0)
    return _RANK[change.kind], sub


_REF_KEYS: dict[RecordKind, tuple[tuple[str, str], ...]] = {
    RecordKind.INCIDENT: (
        ("client_id", RecordKind.CLIENT.value),
        ("contract_id", RecordKind.CONTRACT.value),
        ("system_id", RecordKind.SYSTEM.value),
        ("assigned_to", RecordKind.TECHNICIAN.value),
    ),
    RecordKind.CONTRACT: (("client_id", RecordKind.CLIENT.value),),
    RecordKind.SYSTEM: (("contract_id", RecordKind.CONTRACT.value),),
    RecordKind.VAN_STOCK: (("part_id", RecordKind.PART.value),),
    RecordKind.ENTRY: (
        ("incident_id", RecordKind.INCIDENT.value),
        ("author_id", RecordKind.TECHNICIAN.value),
        ("part_id", RecordKind.PART.value),
        ("note_id", RecordKind.ENTRY.value),
        ("voided_id", RecordKind.ENTRY.value),
    ),
}

_ENTRY_REFS = _REF_KEYS[RecordKind.ENTRY]


#: Where a spliced entry names another record: its references' keys and values, read
#: from the stored text without parsing it (compact JSON made by ``json.dumps``: a quote
#: inside a text is escaped, so ``"key":"`` only ever starts a key and its value). Any
#: object's keys are matched, nested ones too: more than the entry's own at most, and a
#: reference looked for in vain costs nothing. A value with an escape is read by parsing.
_ENTRY_REF_TEXT = re.compile(
    r'"(' + "|".join(key for key, _ in _ENTRY_REFS) + r')"\s*:\s*"([^"\\]*(?:\\.[^"\\]*)*)"'
)
_ENTRY_REF_KIND = dict(_ENTRY_REFS)
_CANONICAL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _refs(changes: Iterable[PageChange]) -> set[tuple[str, str]]:
    """The records ``changes`` refer to (their foreign keys on the laptop), by kind and
    canonical id text.

    A page's entries name the same incident and author over and over: each distinct
    text is read once."""
    texts: set[tuple[str, str]] = set()
    bodies: list[str] = []
    for change in changes:
        if isinstance(change, SplicedEntry):
            bodies.append(change.body)
            continue
        if change.op is not ChangeOp.PUT:
            continue
        data = change.data or {}
        for key, kind in _REF_KEYS.get(change.kind, ()):
            value = data.get(key)
            if isinstance(value, str):
                texts.add((kind, value))
    for key, value in set(_ENTRY_REF_TEXT.findall("\n".join(bodies))):
        if "\\" in value:
            value = json.loads(f'"{value}"')
        texts.add((_ENTRY_REF_KIND[key], value))
    found: set[tuple[str, str]] = set()
    for kind, text in texts:
        if _CANONICAL_ID.fullmatch(text):
            found.add((kind, text))
            continue
        try:
            found.add((kind, str(uuid.UUID(text))))
        except ValueError:
            continue
    return found


def _referenced(
    session: Session,
    me: uuid.UUID,
    page: list[PageChange],
    end: tuple[int, str, uuid.UUID],
) -> list[Change]:
    """Records the page refers to that the client would only get in a later page.

    A record's position moves on every change (an incident's status), so an entry can
    sit at an earlier position than its incident. Every page is made closed under
    references: what it refers to is in it or in an earlier page, and a laptop can apply
    each page in one transaction with its foreign keys on. (Sent again later: harmless.)
    """
    have = {(c.kind.value, str(c.id)) for c in page if not isinstance(c, SplicedEntry)}
    pending = _refs(page) - have
    if any(kind == RecordKind.ENTRY.value for kind, _ in pending):  # a void, an attachment
        have.update((RecordKind.ENTRY.value, c.id) for c in page if isinstance(c, SplicedEntry))
        pending -= have
    extra: list[Change] = []
    for _ in range(4):  # entry → incident → contract → client: three steps at most
        if not pending:
            break
        later: dict[str, list[uuid.UUID]] = defaultdict(list)
        by_kind: dict[str, list[uuid.UUID]] = defaultdict(list)
        for kind, text in pending:
            by_kind[kind].append(uuid.UUID(text))
        for kind, ids in by_kind.items():
            for row in session.execute(_HELD, {"me": me, "kind": kind, "ids": ids}):
                if (row.position, row.kind, row.record_id) > end:
                    later[kind].append(row.record_id)
        found = _load(session, me, later)
        added = [
            _put(RecordKind(kind), record_id, value) for (kind, record_id), value in found.items()
        ]
        extra.extend(added)
        have.update((c.kind.value, str(c.id)) for c in added)
        pending = _refs(added) - have
    return extra


@dataclass(frozen=True, slots=True)
class _Loaded:
    """A record as the pull sends it: its wire JSON and, for an entry, its placement."""

    data: dict[str, Any]
    order: int | None = None
    received_at: datetime | None = None


def _put(kind: RecordKind, record_id: uuid.UUID, value: _Loaded) -> Change:
    return Change.model_construct(
        kind=kind,
        op=ChangeOp.PUT,
        id=record_id,
        data=value.data,
        order=value.order,
        received_at=value.received_at,
    )


def _load(
    session: Session, me: uuid.UUID, wanted: dict[str, list[uuid.UUID]]
) -> dict[tuple[str, uuid.UUID], _Loaded]:
    """Current state of the records asked for, as wire JSON; only what ``me`` may see."""
    out: dict[tuple[str, uuid.UUID], _Loaded] = {}

    def put(kind: RecordKind, pairs: Iterable[tuple[uuid.UUID, Any]]) -> None:
        for record_id, value in pairs:
            out[(kind.value, record_id)] = _Loaded(value)

    ids = wanted.get(RecordKind.TECHNICIAN, [])
    if ids:
        users = session.scalars(select(UserRow).where(UserRow.id.in_(ids)))
        put(RecordKind.TECHNICIAN, ((u.id, plain(records.technician(u))) for u in users))
    ids = wanted.get(RecordKind.CLIENT, [])
    if ids:
        clients = session.scalars(select(ClientRow).where(ClientRow.id.in_(ids)))
        put(RecordKind.CLIENT, ((c.id, plain(records.client(c))) for c in clients))
    ids = wanted.get(RecordKind.CONTRACT, [])
    if ids:
        targets: dict[uuid.UUID, list[SlaTargetRow]] = defaultdict(list)
        for t in session.scalars(select(SlaTargetRow).where(SlaTargetRow.contract_id.in_(ids))):
            targets[t.contract_id].append(t)
        contracts = session.scalars(select(ContractRow).where(ContractRow.id.in_(ids)))
        put(
            RecordKind.CONTRACT,
            ((c.id, plain(records.contract(c, targets[c.id]))) for c in contracts),
        )
    ids = wanted.get(RecordKind.SYSTEM, [])
    if ids:
        systems = session.scalars(select(CoveredSystemRow).where(CoveredSystemRow.id.in_(ids)))
        put(RecordKind.SYSTEM, ((s.id, plain(records.system(s))) for s in systems))
    ids = wanted.get(RecordKind.PART, [])
    if ids:
        parts = session.scalars(select(SparePartRow).where(SparePartRow.id.in_(ids)))
        put(RecordKind.PART, ((p.id, plain(records.part(p))) for p in parts))
    ids = wanted.get(RecordKind.VAN_STOCK, [])
    if ids:
        stock = session.scalars(
            select(VanStockRow).where(VanStockRow.technician_id == me, VanStockRow.part_id.in_(ids))
        )
        put(RecordKind.VAN_STOCK, ((v.part_id, plain(records.van_stock(v))) for v in stock))
    ids = wanted.get(RecordKind.INCIDENT, [])
    if ids:
        incidents = session.scalars(
            select(IncidentRow).where(IncidentRow.id.in_(ids), IncidentRow.assigned_to == me)
        )
        put(RecordKind.INCIDENT, ((i.id, plain(records.incident(i))) for i in incidents))
    ids = wanted.get(RecordKind.ENTRY, [])
    if ids:
        entries = session.execute(_ENTRIES, {"ids": ids, "me": me})
        for e in entries:
            out[(RecordKind.ENTRY.value, e.id)] = _Loaded(
                records.entry_json(e.body), e.server_order, e.received_at
            )
    ids = wanted.get(RecordKind.DELIVERY, [])
    if ids:
        deliveries = session.scalars(
            select(DeliveryRow).where(DeliveryRow.id.in_(ids), DeliveryRow.requested_by == me)
        )
        put(RecordKind.DELIVERY, ((d.id, plain(records.delivery(d))) for d in deliveries))
    return out
