"""The records of the job, as plain immutable values.

Reference data (clients, contracts, covered systems, technicians, spare parts) comes from
the central service. Work is recorded as append-only entries on an incident: a mistake is
corrected by a :class:`Void` entry naming the entry it cancels and why, never by editing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import ClassVar, NamedTuple

from domain.messages import QT_TRANSLATE_NOOP


class Priority(StrEnum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


class Status(StrEnum):
    NEW = "new"
    RESPONDED = "responded"
    TRAVELLING = "travelling"
    ON_SITE = "on_site"
    WAITING_FOR_CLIENT = "waiting_for_client"
    RESOLVED = "resolved"
    SIGNED_OFF = "signed_off"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: Mapping[Status, str] = {
    Status.NEW: QT_TRANSLATE_NOOP("Status", "new"),
    Status.RESPONDED: QT_TRANSLATE_NOOP("Status", "responded"),
    Status.TRAVELLING: QT_TRANSLATE_NOOP("Status", "travelling"),
    Status.ON_SITE: QT_TRANSLATE_NOOP("Status", "on site"),
    Status.WAITING_FOR_CLIENT: QT_TRANSLATE_NOOP("Status", "waiting for client"),
    Status.RESOLVED: QT_TRANSLATE_NOOP("Status", "resolved"),
    Status.SIGNED_OFF: QT_TRANSLATE_NOOP("Status", "signed off"),
    Status.CLOSED: QT_TRANSLATE_NOOP("Status", "closed"),
    Status.CANCELLED: QT_TRANSLATE_NOOP("Status", "cancelled"),
}


class Resolution(StrEnum):
    """How a resolved incident was resolved."""

    FIXED = "fixed"
    WORKAROUND = "workaround"


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    PORTAL = "portal"
    WALK_UP = "walk_up"
    OTHER = "other"


class SystemCategory(StrEnum):
    """The kinds of client system an agreement's Annex 1 can list."""

    SERVER = "server"
    NETWORK = "network"
    STORAGE = "storage"
    OPERATING_SYSTEM = "operating_system"
    DATABASE = "database"
    MIDDLEWARE = "middleware"
    APPLICATION = "application"


class ActionKind(StrEnum):
    RESTART = "restart"
    SERVICE_STOP_START = "service_stop_start"
    CONFIGURATION_CHANGE = "configuration_change"
    PATCH = "patch"
    TEMPORARY_HARDWARE = "temporary_hardware"
    WORKAROUND = "workaround"
    TEST = "test"
    OTHER = "other"
    # Work the agreement does not cover (billable separately) unless a contract says so.
    PLANNED_CHANGE = "planned_change"
    OPTIMISATION = "optimisation"
    PREVENTIVE_WORK = "preventive_work"
    ROUTINE_UPGRADE = "routine_upgrade"


DEFAULT_EXCLUSIONS: frozenset[ActionKind] = frozenset(
    {
        ActionKind.PLANNED_CHANGE,
        ActionKind.OPTIMISATION,
        ActionKind.PREVENTIVE_WORK,
        ActionKind.ROUTINE_UPGRADE,
    }
)


class ActionResult(StrEnum):
    SUCCEEDED = "succeeded"
    PARTIAL = "partial"
    FAILED = "failed"


class TimeKind(StrEnum):
    TRAVEL = "travel"
    ON_SITE = "on_site"
    WAITING = "waiting"


class SignOffOutcome(StrEnum):
    """What the client confirms when signing."""

    RESOLVED = "resolved"
    WORKAROUND = "workaround"  # a workaround is in place
    NOT_RESOLVED = "not_resolved"


class Refusal(StrEnum):
    """Why there is no signature: the client would not sign, or nobody could."""

    REFUSED = "refused"
    NOT_AVAILABLE = "not_available"


class SignaturePoint(NamedTuple):
    """One sample of the pen, in whole numbers so that it seals and syncs exactly."""

    x: int  # tenths of a logical pixel from the pad's left edge
    y: int  # tenths of a logical pixel from the pad's top edge
    t: int  # milliseconds since the first point of the signature
    pressure: int | None = None  # 0–1000 when the device reports it (tablet pen)


#: One pen-down to pen-up.
Stroke = tuple[SignaturePoint, ...]


# --- reference data -----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Client:
    id: uuid.UUID
    name: str
    language: str = "en"  # the language of this client's service reports: "en" or "zh"
    address: str = ""
    email: str = ""  # where the service reports are e-mailed (the client's contact)


@dataclass(frozen=True, slots=True, kw_only=True)
class SlaTarget:
    """Targets for one priority; ``None`` means the contract sets no target."""

    respond: timedelta | None
    resolve: timedelta | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SlaPolicy:
    targets: Mapping[Priority, SlaTarget]
    pause_allowed: bool = False  # may the clock stop while waiting for the client?

    def target(self, priority: Priority) -> SlaTarget:
        return self.targets.get(priority, SlaTarget(respond=None, resolve=None))


@dataclass(frozen=True, slots=True, kw_only=True)
class Contract:
    id: uuid.UUID
    client_id: uuid.UUID
    number: str
    policy: SlaPolicy
    exclusions: frozenset[ActionKind] = DEFAULT_EXCLUSIONS
    #: The client's IANA time zone ("Asia/Shanghai"): times in the console and in
    #: documents are shown in it (domain.zones). "": not set, the computer's own zone.
    time_zone: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CoveredSystem:
    """A client system listed in the contract's Annex 1."""

    id: uuid.UUID
    contract_id: uuid.UUID
    name: str
    category: SystemCategory
    location: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Technician:
    id: uuid.UUID
    name: str
    username: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SparePart:
    id: uuid.UUID
    part_number: str
    description: str


# --- incidents and their entries ----------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    id: uuid.UUID
    number: str
    client_id: uuid.UUID
    contract_id: uuid.UUID
    system_id: uuid.UUID | None  # None: the system is not in the contract's Annex 1
    system_name: str
    priority: Priority
    channel: Channel
    title: str
    description: str
    notified_at: datetime
    status: Status
    responded_at: datetime | None = None
    resolved_at: datetime | None = None
    resolution: Resolution | None = None
    assigned_to: uuid.UUID | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One piece of recorded work; ``recorded_at`` is the laptop's clock, for display."""

    id: uuid.UUID
    incident_id: uuid.UUID
    recorded_at: datetime
    author_id: uuid.UUID | None

    kind: ClassVar[str] = "entry"


@dataclass(frozen=True, slots=True, kw_only=True)
class DiagnosticNote(Entry):
    text: str
    preformatted: bool = False  # pasted logs and command output: shown monospace
    kind: ClassVar[str] = "note"


@dataclass(frozen=True, slots=True, kw_only=True)
class Attachment(Entry):
    note_id: uuid.UUID | None
    sha256: str
    filename: str
    media_type: str
    size: int
    kind: ClassVar[str] = "attachment"


@dataclass(frozen=True, slots=True, kw_only=True)
class Action(Entry):
    action_kind: ActionKind
    description: str
    result: ActionResult
    result_detail: str = ""
    out_of_scope: bool = False
    kind: ClassVar[str] = "action"


@dataclass(frozen=True, slots=True, kw_only=True)
class HardwareSwap(Entry):
    removed_part: str
    removed_serial: str
    installed_part: str
    installed_serial: str
    temporary: bool
    note: str = ""
    kind: ClassVar[str] = "swap"


@dataclass(frozen=True, slots=True, kw_only=True)
class PartUsage(Entry):
    part_id: uuid.UUID
    quantity: int
    kind: ClassVar[str] = "part_usage"


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeEntry(Entry):
    time_kind: TimeKind
    started_at: datetime
    ended_at: datetime
    kind: ClassVar[str] = "time"

    @property
    def duration(self) -> timedelta:
        return self.ended_at - self.started_at


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockPause(Entry):
    """The SLA clock stops from ``recorded_at`` until the next :class:`ClockResume`."""

    reason: str
    kind: ClassVar[str] = "clock_pause"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockResume(Entry):
    kind: ClassVar[str] = "clock_resume"


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusChange(Entry):
    """A move along the status graph, sent as ``from → to`` and checked against it.

    Its effect on the incident's fields is :func:`domain.rules.apply_status`.
    ``reason``: why, when it matters (dispatch cancelling, a fix that did not hold).
    """

    from_status: Status
    to_status: Status
    resolution: Resolution | None = None
    reason: str = ""
    kind: ClassVar[str] = "status"


@dataclass(frozen=True, slots=True, kw_only=True)
class PriorityChange(Entry):
    """Dispatch re-assesses the impact: the incident's priority changes, with the reason."""

    from_priority: Priority
    to_priority: Priority
    reason: str
    kind: ClassVar[str] = "priority"


@dataclass(frozen=True, slots=True, kw_only=True)
class Reassignment(Entry):
    """Dispatch gives the incident to another technician, or to nobody yet (None)."""

    from_technician: uuid.UUID | None
    to_technician: uuid.UUID | None
    reason: str = ""
    kind: ClassVar[str] = "assignment"


@dataclass(frozen=True, slots=True, kw_only=True)
class Void(Entry):
    voided_id: uuid.UUID
    reason: str
    kind: ClassVar[str] = "void"


@dataclass(frozen=True, slots=True, kw_only=True)
class SignOff(Entry):
    """The client's confirmation (or its refusal), sealing what was recorded before it.

    ``seal`` is :func:`domain.seal.seal_hash` of the incident as it stood when it
    was signed (status "resolved") with exactly the entries ``sealed_entry_ids`` names:
    every entry on the incident at that moment. The sign-off itself and the status change
    it causes are not part of what they seal; entries recorded after it are addenda.

    Signed: ``outcome`` is set, ``refusal`` is None, ``strokes`` hold the signature and
    ``signature_sha256`` names its PNG among the blobs. Not signed: ``refusal`` says why,
    ``reason`` explains, ``outcome`` is None and there is no signature; the record is
    sealed all the same, so the report handed over can be checked later.
    """

    outcome: SignOffOutcome | None
    refusal: Refusal | None = None
    signer_name: str = ""
    signer_role: str = ""
    comment: str = ""
    reason: str = ""
    strokes: tuple[Stroke, ...] = ()
    signature_sha256: str | None = None
    seal: str
    seal_format: str
    sealed_entry_ids: tuple[uuid.UUID, ...]
    kind: ClassVar[str] = "sign_off"

    @property
    def signed(self) -> bool:
        return self.refusal is None


ENTRY_TYPES: Mapping[str, type[Entry]] = {
    cls.kind: cls
    for cls in (
        DiagnosticNote,
        Attachment,
        Action,
        HardwareSwap,
        PartUsage,
        TimeEntry,
        ClockPause,
        ClockResume,
        StatusChange,
        PriorityChange,
        Reassignment,
        Void,
        SignOff,
    )
}

#: Entries only the office records (a laptop's push of one is refused).
OFFICE_ENTRY_TYPES: frozenset[type[Entry]] = frozenset({PriorityChange, Reassignment})

#: The kinds a seal can cover: everything but the sign-off, which is the seal itself.
SEALABLE_ENTRY_TYPES: Mapping[str, type[Entry]] = {
    kind: cls for kind, cls in ENTRY_TYPES.items() if cls is not SignOff
}


def voided_ids(entries: list[Entry] | tuple[Entry, ...]) -> frozenset[uuid.UUID]:
    """Ids of the entries that a :class:`Void` among ``entries`` cancels."""
    return frozenset(e.voided_id for e in entries if isinstance(e, Void))
