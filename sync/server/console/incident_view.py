"""An incident as the technician recorded it, arranged for the console's page.

The timeline runs in the service's order (``server_order``: the order in which the
service accepted each entry), voided entries struck through with the void's reason
beside them; the summaries (parts, swaps and serials, time, pauses) leave voided
entries out, as the report does. The sign-off's seal is checked here and now against
the service's copy of what it sealed (:attr:`domain.seal.SealedRecord.intact`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from domain.records import (
    Attachment,
    HardwareSwap,
    PartUsage,
    SignOff,
    TimeEntry,
    TimeKind,
    Void,
)
from domain.seal import SealedRecord, split_sealed
from domain.sla import Pause
from domain.status import OPEN_STATES
from domain.zones import zone
from sync.server.record import Record, StoredEntry

#: Files the browser is allowed to show in the page (everything else downloads).
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif"})


@dataclass(frozen=True, slots=True)
class Item:
    stored: StoredEntry
    voided_by: Void | None  # the void that cancels it (struck through)
    addendum: bool  # recorded after the sign-off, apart from what it sealed

    @property
    def entry(self) -> object:
        return self.stored.entry


@dataclass(frozen=True, slots=True)
class PartLine:
    part_number: str
    description: str
    quantity: int


@dataclass(frozen=True, slots=True)
class View:
    tz: tzinfo
    zone_name: str
    timeline: list[Item]
    parts: list[PartLine]
    swaps: list[HardwareSwap]
    time: dict[TimeKind, timedelta]
    pauses: tuple[Pause, ...]
    sign_off: SignOff | None
    sealed: SealedRecord | None
    seal_intact: bool | None
    signature_pending: bool
    is_open: bool
    technician: str
    contact_at: datetime | None

    @property
    def time_total(self) -> timedelta:
        return sum(self.time.values(), timedelta(0))


def build(record: Record, contacts: Mapping[uuid.UUID, datetime], now: datetime) -> View:
    detail = record.detail
    incident = detail.incident
    voids = {s.entry.voided_id: s.entry for s in record.timeline if isinstance(s.entry, Void)}
    sealed = split_sealed(incident, detail.entries)
    sealed_ids = set(sealed.sign_off.sealed_entry_ids) if sealed is not None else set()
    sign_off_id = sealed.sign_off.id if sealed is not None else None
    addenda = {e.id for e in sealed.addenda} if sealed is not None else set()
    timeline = [
        Item(
            stored=s,
            voided_by=voids.get(s.entry.id),
            addendum=s.entry.id in addenda and s.entry.id not in sealed_ids,
        )
        for s in record.timeline
    ]
    live = [s.entry for s in record.timeline if s.entry.id not in detail.voided]
    used: dict[uuid.UUID, int] = defaultdict(int)
    for e in live:
        if isinstance(e, PartUsage):
            used[e.part_id] += e.quantity
    parts = [
        PartLine(*record.parts.get(pid, (str(pid)[:8], "")), quantity=n) for pid, n in used.items()
    ]
    time: dict[TimeKind, timedelta] = {}
    for e in live:
        if isinstance(e, TimeEntry):
            time[e.time_kind] = time.get(e.time_kind, timedelta(0)) + e.duration
    signature_pending = False
    if sealed is not None and sealed.sign_off.signature_sha256 is not None:
        signature_pending = any(
            s.blob_pending for s in record.timeline if s.entry.id == sign_off_id
        )
    assigned = incident.assigned_to
    return View(
        tz=zone(detail.contract.time_zone) or UTC,
        zone_name=detail.contract.time_zone,
        timeline=timeline,
        parts=parts,
        swaps=[e for e in live if isinstance(e, HardwareSwap)],
        time=time,
        pauses=detail.pauses,
        sign_off=sealed.sign_off if sealed is not None else None,
        sealed=sealed,
        seal_intact=sealed.intact if sealed is not None else None,
        signature_pending=signature_pending,
        is_open=incident.status in OPEN_STATES,
        technician=record.people.get(assigned, "") if assigned else "",
        contact_at=contacts.get(assigned) if assigned else None,
    )


def files(record: Record) -> dict[str, tuple[str, str]]:
    """The files the incident's entries name: sha256 → (file name, media type)."""
    named: dict[str, tuple[str, str]] = {}
    for s in record.timeline:
        e = s.entry
        if isinstance(e, Attachment):
            named[e.sha256] = (e.filename, e.media_type)
        elif isinstance(e, SignOff) and e.signature_sha256 is not None:
            named[e.signature_sha256] = (
                f"signature-{record.detail.incident.number}.png",
                "image/png",
            )
    return named
