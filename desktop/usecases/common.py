"""What every use case needs: what changed, input checks, finding an incident, the time,
the rulebook's questions (:class:`domain.rules.Record`) answered from the store, and the
one skeleton of "record an entry on an incident" (:func:`record_entry`)."""

from __future__ import annotations

import contextlib
import logging
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypedDict, TypeVar

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session

from desktop.store import mapping, outbox
from desktop.store.db import Store
from desktop.store.models import (
    ContractRow,
    EntryRow,
    IncidentRow,
    MetaRow,
    OutboxRow,
    PlacementRow,
    SignOffRow,
    VoidRow,
)
from desktop.usecases.errors import EmptyValue, InvalidValue, TooLong, UnknownRecord, label_term
from domain import rules
from domain.ids import new_id
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import Entry, Incident, PartUsage, SignOff, StatusChange
from domain.sla import Placement

log = logging.getLogger("fieldbook.usecases")

_CTX = "UseCaseError"

E = TypeVar("E", bound=StrEnum)
N = TypeVar("N", bound=Entry)

# Limits a technician will not meet in honest use, and that keep one entry printable.
NAME_MAX = 200
TEXT_MAX = 5_000
NOTE_MAX = 200_000  # pasted logs
SERIAL_MAX = 64


@dataclass(frozen=True, slots=True)
class Changed:
    """What a use case changed, for the windows that show it."""

    incident_ids: frozenset[uuid.UUID] = frozenset()
    entry_ids: tuple[uuid.UUID, ...] = ()
    stock: bool = False  # van stock figures moved
    notes: tuple[str, ...] = field(default=())
    everything: bool = False  # any record may have changed (a sync): reload all
    from_office: bool = False  # a sync brought it: nothing new waits to be sent


def utcnow() -> datetime:
    """The laptop's own clock. Use cases stamp work with :func:`moment` instead."""
    return datetime.now(UTC)


def moment(store: Store, now: datetime | None) -> datetime:
    """``now`` if the caller gave one (checked), else the store's corrected clock."""
    return aware(now, "now") if now is not None else store.now()


def aware(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "The time {value} has no time zone."),
            field,
            value=value,
        )
    return value.astimezone(UTC)


def text(value: object, field: str, label: str, *, limit: int, required: bool = True) -> str:
    """``value`` as clean text: NFC, stripped, without control characters but newlines/tabs."""
    if not isinstance(value, str):
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "{label} must be text."),
            field,
            label=label_term(label),
        )
    cleaned = unicodedata.normalize("NFC", value).strip()
    cleaned = "".join(ch for ch in cleaned if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if required and not cleaned:
        raise EmptyValue(field, label)
    if len(cleaned) > limit:
        raise TooLong(field, label, limit, len(cleaned))
    return cleaned


def one_line(value: object, field: str, label: str, *, limit: int, required: bool = True) -> str:
    cleaned = text(value, field, label, limit=limit, required=required)
    if "\n" in cleaned or "\t" in cleaned:
        cleaned = " ".join(cleaned.split())
    return cleaned


def find_incident(session: Session, ref: str | uuid.UUID) -> IncidentRow:
    """The incident with id or number ``ref`` (numbers match case-insensitively)."""
    if isinstance(ref, uuid.UUID):
        row = session.get(IncidentRow, ref)
    else:
        key = ref.strip()
        if not key:
            raise EmptyValue("incident", QT_TRANSLATE_NOOP("UseCaseError", "The incident"))
        row = None
        with contextlib.suppress(ValueError):
            row = session.get(IncidentRow, uuid.UUID(key))
        if row is None:
            row = session.scalars(
                select(IncidentRow).where(func.upper(IncidentRow.number) == key.upper())
            ).one_or_none()
    if row is None or not _visible_to(_signed_in(session), row):
        raise UnknownRecord(QT_TRANSLATE_NOOP("UseCaseError", "incident"), str(ref), "incident")
    return row


def _signed_in(session: Session) -> uuid.UUID | None:
    """The technician signed in to an office here (None: nobody, or the demo office)."""
    if session.get(MetaRow, "server_url") is None:
        return None
    return author(session)


def _visible_to(technician: uuid.UUID | None, row: IncidentRow) -> bool:
    return technician is None or row.assigned_to in (None, technician)


def visible(session: Session) -> ColumnElement[bool]:
    """The incidents the technician signed in may see: theirs (and nobody's). A laptop
    shared by a team keeps another's incidents while their work is unsent, out of sight.
    With nobody signed in to an office (the demo), everything held here."""
    me = _signed_in(session)
    if me is None:
        return true()
    return or_(IncidentRow.assigned_to.is_(None), IncidentRow.assigned_to == me)


def writable(row: IncidentRow) -> IncidentRow:
    """Refuse work on an incident that is closed or cancelled (:func:`rules.check_recordable`).

    A signed-off incident still takes work: it is an addendum, recorded after the seal and
    never part of it (:func:`append` keeps what was sealed out of reach).
    """
    rules.check_recordable(mapping.incident(row))
    return row


def touch(row: IncidentRow, now: datetime) -> None:
    """Work was recorded on ``row`` at ``now`` (the list and sync go by it)."""
    row.updated_at = now


def author(session: Session) -> uuid.UUID | None:
    """The technician signed in on this laptop, who authors new entries."""
    row = session.get(MetaRow, "technician_id")
    return uuid.UUID(row.value) if row is not None and row.value else None


def choice(kind: type[E], value: object, field: str, label: str) -> E:
    """``value`` as a member of ``kind`` (its value as text is accepted too)."""
    if isinstance(value, kind):
        return value
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "{label}: “{value}” is not one of {allowed}."),
            field,
            label=label_term(label),
            value=value,
            allowed=allowed,
        ) from None


def append(session: Session, entry: Entry, now: datetime) -> None:
    """Check ``entry`` against the rulebook, then add it and its outbox row to the current
    transaction (on a signed-off incident it is an addendum: :func:`rules.check_addendum`).
    """
    incident = session.get(IncidentRow, entry.incident_id)
    if incident is None:
        raise UnknownRecord(
            QT_TRANSLATE_NOOP("UseCaseError", "incident"), str(entry.incident_id), "incident"
        )
    rules.check_entry(mapping.incident(incident), entry, StoreRecord(session))
    session.add(mapping.entry_row(entry))
    outbox.enqueue_entry(session, entry, now=now)


class Stamp(TypedDict):
    """What every new entry starts with: ``Kind(**recording.stamp(), ...)``."""

    id: uuid.UUID
    incident_id: uuid.UUID
    recorded_at: datetime
    author_id: uuid.UUID | None


@dataclass(slots=True)
class Recording:
    """Work being recorded on ``incident`` at ``now``, inside :func:`record_entry`'s write
    transaction: what a use case needs to make its entries."""

    session: Session
    incident: IncidentRow
    now: datetime
    author_id: uuid.UUID | None
    stock: bool = False  # van stock figures move (a part used, or such a use voided)
    added: list[uuid.UUID] = field(default_factory=list)
    said: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)

    def log(self, message: str, *args: object) -> None:
        """Log ``message`` (after the incident's number) once the entries are written."""
        self.said.append((message, args))

    def stamp(self) -> Stamp:
        """A new id, the incident, the time and the author, for a new entry."""
        return Stamp(
            id=new_id(),
            incident_id=self.incident.id,
            recorded_at=self.now,
            author_id=self.author_id,
        )

    def add(self, entry: N) -> N:
        """Record ``entry`` now (:func:`append`), before what ``make_entry`` returns."""
        append(self.session, entry, self.now)
        self.added.append(entry.id)
        self.stock |= isinstance(entry, PartUsage)
        return entry

    def add_status(self, change: StatusChange) -> StatusChange:
        """Record status change ``change``, which the caller has had the rulebook judge
        (:func:`rules.check_status_change`), with its own outbox mutation."""
        self.session.add(mapping.entry_row(change))
        outbox.enqueue_status(self.session, change, now=self.now)
        self.added.append(change.id)
        return change


def record_entry(
    store: Store,
    incident: str | uuid.UUID,
    make_entry: Callable[[Recording], Entry | Sequence[Entry] | None],
    *,
    now: datetime | None = None,
    find: Callable[[Session, uuid.UUID | str], IncidentRow] = find_incident,
    check: Callable[[IncidentRow], object] | None = writable,
) -> Changed:
    """Record work on ``incident``: the one skeleton every use case that adds entries runs.

    In one write transaction: find the incident (``find``, by id or number by default),
    refuse it if ``check`` does (by default :func:`writable`; None where ``make_entry``
    asks the rulebook itself, as a status change or a sign-off does), stamp the time
    (:func:`moment`: ``now`` or the store's corrected clock), let ``make_entry`` make the
    entries, check each against the rulebook and write it with its outbox row
    (:func:`append`), and mark the incident updated. Inputs are checked by the caller
    before this, so a refusal of theirs never opens a transaction.

    ``make_entry`` returns the entries to record in that order, the main one first
    (:attr:`Changed.entry_ids` lists them first); anything it must record before them
    (the van part a swap installs) or in its own way (a status change) it records itself
    through the :class:`Recording`, and those ids follow.
    """
    at = moment(store, now)
    with store.write() as session:
        row = find(session, incident)
        if check is not None:
            check(row)
        recording = Recording(session, row, at, author(session))
        made = make_entry(recording)
        entries = () if made is None else (made,) if isinstance(made, Entry) else made
        ids = [recording.add(entry).id for entry in entries]
        touch(row, at)
        for message, args in recording.said:
            log.info("%s: " + message, row.number, *args)
        ids += [i for i in recording.added if i not in ids]
        return Changed(
            incident_ids=frozenset({row.id}), entry_ids=tuple(ids), stock=recording.stock
        )


class StoreRecord:
    """The rulebook's :class:`~domain.rules.Record`, answered from the laptop's store."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def entry(self, entry_id: uuid.UUID) -> rules.EntryRef | None:
        found = self.session.execute(
            select(EntryRow.kind, EntryRow.incident_id).where(EntryRow.id == entry_id)
        ).first()
        return None if found is None else rules.EntryRef(found.kind, found.incident_id)

    def void_of(self, entry_id: uuid.UUID) -> uuid.UUID | None:
        return self.session.scalar(select(VoidRow.id).where(VoidRow.voided_id == entry_id))

    def voids(self, incident_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID]:
        rows = self.session.execute(
            select(VoidRow.voided_id, VoidRow.id).where(VoidRow.incident_id == incident_id)
        )
        return {voided: void for voided, void in rows}

    def sealed(self, incident_id: uuid.UUID) -> SignOff | None:
        row = self.session.scalars(
            select(SignOffRow).where(SignOffRow.incident_id == incident_id)
        ).first()
        if row is None:
            return None
        value = mapping.entry(row)
        assert isinstance(value, SignOff)
        return value

    def pause_allowed(self, incident: Incident) -> bool:
        return bool(
            self.session.scalar(
                select(ContractRow.pause_allowed).where(ContractRow.id == incident.contract_id)
            )
        )


def placements(session: Session, entry_ids: list[uuid.UUID]) -> dict[uuid.UUID, Placement]:
    """Where the service put these entries (those it holds)."""
    found: dict[uuid.UUID, Placement] = {}
    for chunk in range(0, len(entry_ids), 500):
        rows = session.execute(
            select(
                PlacementRow.entry_id, PlacementRow.server_order, PlacementRow.received_at
            ).where(PlacementRow.entry_id.in_(entry_ids[chunk : chunk + 500]))
        )
        found.update({e: Placement(order, at) for e, order, at in rows})
    return found


def local_ranks(session: Session, entry_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The outbox number each entry was made under here (its place among pending work)."""
    found: dict[uuid.UUID, int] = {}
    for chunk in range(0, len(entry_ids), 500):
        rows = session.execute(
            select(OutboxRow.entry_id, func.min(OutboxRow.seq))
            .where(OutboxRow.entry_id.in_(entry_ids[chunk : chunk + 500]))
            .group_by(OutboxRow.entry_id)
        )
        found.update({e: seq for e, seq in rows if e is not None})
    return found
