"""What every use case needs: what changed, input checks, finding an incident."""

from __future__ import annotations

import contextlib
import logging
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.store import mapping, outbox
from desktop.store.models import EntryRow, IncidentRow, MetaRow, SignOffRow
from desktop.usecases.errors import (
    EmptyValue,
    InvalidValue,
    SealedIncident,
    TooLong,
    UnknownRecord,
    WrongState,
)
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import ClockPause, ClockResume, Entry, SignOff, Status, Void
from domain.status import SEALED_STATES

log = logging.getLogger("fieldbook.usecases")

_CTX = "UseCaseError"

E = TypeVar("E", bound=StrEnum)

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


def utcnow() -> datetime:
    return datetime.now(UTC)


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
            QT_TRANSLATE_NOOP("UseCaseError", "{label} must be text."), field, label=label
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
    if row is None:
        raise UnknownRecord(QT_TRANSLATE_NOOP("UseCaseError", "incident"), str(ref), "incident")
    return row


def writable(row: IncidentRow) -> IncidentRow:
    """Refuse work on an incident that is closed, cancelled or otherwise no longer open.

    A signed-off incident still takes work: it is an addendum, recorded after the seal and
    never part of it (:func:`append` keeps what was sealed out of reach).
    """
    if row.status in SEALED_STATES and row.status is not Status.SIGNED_OFF:
        raise SealedIncident(row.number)
    if row.status is Status.CANCELLED:
        raise WrongState(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "Incident {number} was cancelled; nothing more can be recorded on it.",
            ),
            None,
            number=row.number,
        )
    return row


def touch(row: IncidentRow, now: datetime) -> None:
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
            label=label,
            value=value,
            allowed=allowed,
        ) from None


def append(session: Session, entry: Entry, now: datetime) -> None:
    """Add ``entry`` and its outbox row to the current transaction.

    On a signed-off incident the entry is an addendum: it may not void what the sign-off
    sealed (nor the sign-off), and the SLA clock, stopped for good, cannot pause.
    """
    incident = session.get(IncidentRow, entry.incident_id)
    if incident is not None and incident.status in SEALED_STATES:
        _check_addendum(session, incident, entry)
    session.add(mapping.entry_row(entry))
    outbox.enqueue_entry(session, entry, now=now)


def _check_addendum(session: Session, incident: IncidentRow, entry: Entry) -> None:
    if isinstance(entry, Void):
        sign_off = session.scalars(
            select(SignOffRow).where(SignOffRow.incident_id == incident.id)
        ).first()
        target_kind = session.scalar(select(EntryRow.kind).where(EntryRow.id == entry.voided_id))
        if target_kind == SignOff.kind or (
            sign_off is not None and entry.voided_id in sign_off.sealed_entry_ids
        ):
            raise SealedIncident(incident.number)
    elif isinstance(entry, ClockPause | ClockResume):
        raise WrongState(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "Incident {number} is signed off: its SLA clock has stopped."
            ),
            None,
            number=incident.number,
        )
