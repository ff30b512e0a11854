"""The rulebook: how both ends judge a change to an incident, and what the change does.

Every rule that decides whether a change stands, and what it does to the incident's
fields, is a pure function here. The laptop's use cases call them before recording, the
sync engine when it lays the technician's pending work on the office's copy, and the
central service when it applies a push. One rule, written once: the two ends cannot
drift apart (they did, when each had its own copy: the service cleared a signed
incident's resolution and broke every seal).

A refusal is a :class:`Refused`: a :class:`Code` (the wire's reject codes have the same
values) and a translatable message the technician reads, in English or Chinese.

What a rule needs to know about an incident's record beyond the incident itself (the
entries a new one refers to, what is voided, what a sign-off sealed, the contract) it
asks a :class:`Record`, which each end answers from its own storage.

Order: nothing here reads a laptop's clock to decide anything. Whatever depends on order
(a pause and its resume, which status came last) follows the order in which the service
accepted the entries (:mod:`domain.sla` pairs pauses that way); the times a laptop wrote
are kept for display and the report.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Protocol

from domain.messages import QT_TRANSLATE_NOOP, DomainError, Message, Term
from domain.records import (
    OFFICE_ENTRY_TYPES,
    Attachment,
    ClockPause,
    ClockResume,
    Entry,
    Incident,
    PartUsage,
    PriorityChange,
    Reassignment,
    SignOff,
    Status,
    StatusChange,
    TimeEntry,
    TimeKind,
    Void,
)
from domain.seal import SEAL_FORMAT_V1, SEAL_FORMATS, seal_hash
from domain.status import SEALED_STATES, is_allowed

_CTX = "Rules"

#: The refusals' parameters that are marked text, with their context. A refusal reaches
#: the laptop as plain text (``sync.protocol.Explanation``); the laptop marks these again
#: (:func:`domain.messages.terms`) to show them in the technician's language.
TERMS: Mapping[str, str] = {
    "current": "Status",
    "expected": "Status",
    "target": "Status",
    "status": "Status",
}


class Code(StrEnum):
    """Why a change is refused (``sync.protocol.RejectCode`` has the same values)."""

    INVALID = "invalid"  # breaks a rule of the record itself, whatever the state
    NOT_FOUND = "not_found"  # it refers to an entry the record does not hold
    FORBIDDEN = "forbidden"  # not the technician's to do (dispatch decides)
    CONFLICT = "conflict"  # the incident is no longer where the change expected it
    INVALID_TRANSITION = "invalid_transition"  # the status graph has no such edge
    SEALED = "sealed"  # the client signed: what was signed cannot change


class Refused(DomainError):
    """A change the rules do not let stand; ``current`` is the incident's status then
    (built with ``current_status=``; ``context``: the template's translation context)."""

    def __init__(
        self,
        code: Code,
        template: str,
        field: str | None = None,
        *,
        current_status: Status | None = None,
        context: str = _CTX,
        **params: Any,
    ) -> None:
        super().__init__(Message(context, template, params), field)
        self.code = code
        self.current = current_status


@dataclass(frozen=True, slots=True)
class EntryRef:
    """What the rules need of an entry another one refers to."""

    kind: str
    incident_id: uuid.UUID


class Record(Protocol):
    """What is recorded on an incident so far, as far as the rules need to know.

    The laptop answers from its store, the service from what a push locked and read;
    both include what the same transaction has recorded already.
    """

    def entry(self, entry_id: uuid.UUID) -> EntryRef | None:
        """An entry by id (at least every entry a new one refers to), or None."""

    def void_of(self, entry_id: uuid.UUID) -> uuid.UUID | None:
        """The id of the void that cancels ``entry_id``, if one was recorded."""

    def voids(self, incident_id: uuid.UUID) -> Mapping[uuid.UUID, uuid.UUID]:
        """Every voided entry of the incident → the void that cancels it."""

    def sealed(self, incident_id: uuid.UUID) -> SignOff | None:
        """The incident's sign-off, if it has one."""

    def pause_allowed(self, incident: Incident) -> bool:
        """Does the incident's contract let the SLA clock stop?"""


# --- status ---------------------------------------------------------------------------

# Time spent in these states is logged by itself when the incident leaves them.
TIMED_STATES: Mapping[Status, TimeKind] = {
    Status.TRAVELLING: TimeKind.TRAVEL,
    Status.ON_SITE: TimeKind.ON_SITE,
    Status.WAITING_FOR_CLIENT: TimeKind.WAITING,
}

# Leaving waiting for a client (or resolving, or cancelling) ends a pause of the clock.
RESUMING_STATES: frozenset[Status] = frozenset({Status.ON_SITE, Status.RESOLVED, Status.CANCELLED})


def check_status_change(incident: Incident, change: StatusChange, *, signed: bool) -> None:
    """Can ``change`` move ``incident``? ``signed``: the incident has a sign-off.

    Status is sent as ``from → to``: a change whose ``from`` is not the incident's status
    now was made on a copy that is out of date, and is refused as a conflict rather than
    applied over what happened meanwhile.
    """
    current = incident.status
    to = change.to_status
    if change.incident_id != incident.id:
        raise Refused(
            Code.INVALID, QT_TRANSLATE_NOOP("Rules", "The change is for another incident.")
        )
    if current in SEALED_STATES and not is_allowed(current, to):
        raise Refused(
            Code.SEALED,
            QT_TRANSLATE_NOOP(
                "Rules",
                "Incident {number} was signed off by the client; it can only be closed now.",
            ),
            "status",
            current_status=current,
            number=incident.number,
        )
    if change.from_status is not current:
        raise Refused(
            Code.CONFLICT,
            QT_TRANSLATE_NOOP(
                "Rules",
                "Incident {number} is “{current}” now, not “{expected}”: the change to "
                "“{target}” was not made.",
            ),
            "status",
            current_status=current,
            number=incident.number,
            current=Term("Status", current.label),
            expected=Term("Status", change.from_status.label),
            target=Term("Status", to.label),
        )
    if not is_allowed(current, to):
        raise Refused(
            Code.INVALID_TRANSITION,
            QT_TRANSLATE_NOOP("Status", "An incident cannot go from “{current}” to “{target}”."),
            "status",
            current_status=current,
            context="Status",
            current=Term("Status", current.label),
            target=Term("Status", to.label),
        )
    if to is Status.SIGNED_OFF and not signed:
        raise Refused(
            Code.INVALID,
            QT_TRANSLATE_NOOP(
                "Rules",
                "An incident is signed off by the client's signature, not by a status change.",
            ),
            "status",
            current_status=current,
        )
    if to is Status.RESOLVED and change.resolution is None:
        raise Refused(
            Code.INVALID,
            QT_TRANSLATE_NOOP("Rules", "Say whether it is fixed or a workaround is in place."),
            "resolution",
            current_status=current,
        )
    if to is not Status.RESOLVED and change.resolution is not None:
        raise Refused(
            Code.INVALID,
            QT_TRANSLATE_NOOP("Rules", "Only a resolved incident has an outcome."),
            "resolution",
            current_status=current,
        )


def apply_status(incident: Incident, change: StatusChange) -> Incident:
    """``incident`` after ``change`` (checked already): the one place status has effects.

    * the first move to "responded" stops the response clock at the change's time;
    * "resolved" stops the resolution clock and keeps the outcome (fixed or workaround);
    * the client's sign-off, and closing, keep both: they are what the client signed;
    * leaving "resolved" any other way (the fix did not hold, or cancelled) clears them,
      and the resolution clock runs on.
    """
    fields: dict[str, Any] = {"status": change.to_status}
    to = change.to_status
    if to is Status.RESPONDED and incident.responded_at is None:
        fields["responded_at"] = change.recorded_at
    if to is Status.RESOLVED:
        fields["resolved_at"] = change.recorded_at
        fields["resolution"] = change.resolution
    elif incident.status is Status.RESOLVED and to is not Status.SIGNED_OFF:
        fields["resolved_at"] = None
        fields["resolution"] = None
    return replace(incident, **fields)


def apply_entry(incident: Incident, entry: Entry) -> Incident:
    """``incident`` after ``entry`` (checked already): the effects entries have on it."""
    if isinstance(entry, StatusChange):
        return apply_status(incident, entry)
    if isinstance(entry, PriorityChange):
        return replace(incident, priority=entry.to_priority)
    if isinstance(entry, Reassignment):
        return replace(incident, assigned_to=entry.to_technician)
    return incident


# --- a new incident -------------------------------------------------------------------


def check_new_incident(incident: Incident) -> None:
    """An incident starts as new, with no clock stopped: status changes come after it."""
    if (
        incident.status is not Status.NEW
        or incident.responded_at is not None
        or incident.resolved_at is not None
        or incident.resolution is not None
    ):
        raise Refused(
            Code.INVALID,
            QT_TRANSLATE_NOOP("Rules", "A new incident starts as new; its status changes follow."),
        )


# --- entries --------------------------------------------------------------------------


def check_entry(
    incident: Incident, entry: Entry, record: Record, *, by_office: bool = False
) -> None:
    """Every rule ``entry`` (anything but a status change) must pass on ``incident``."""
    if entry.incident_id != incident.id:
        raise Refused(
            Code.INVALID, QT_TRANSLATE_NOOP("Rules", "The entry is for another incident.")
        )
    if isinstance(entry, StatusChange):
        raise Refused(
            Code.INVALID,
            QT_TRANSLATE_NOOP("Rules", "A status change is checked as a status change."),
        )
    if type(entry) in OFFICE_ENTRY_TYPES and not by_office:
        raise Refused(
            Code.FORBIDDEN,
            QT_TRANSLATE_NOOP("Rules", "Dispatch changes the priority and who works on it."),
        )
    check_recordable(incident)
    sign_off = record.sealed(incident.id)
    if sign_off is not None or incident.status in SEALED_STATES:
        check_addendum(incident, entry, record, sign_off)
    if isinstance(entry, Void):
        check_void(incident, entry, record)
    elif isinstance(entry, SignOff):
        check_sign_off(incident, entry, record)
    elif isinstance(entry, ClockPause | ClockResume):
        check_clock_mark(incident, entry, record)
    elif isinstance(entry, TimeEntry):
        if entry.ended_at < entry.started_at:
            raise Refused(
                Code.INVALID,
                QT_TRANSLATE_NOOP("Rules", "A time entry cannot end before it starts."),
                "ended_at",
            )
    elif isinstance(entry, PartUsage):
        if entry.quantity < 1:
            raise Refused(
                Code.INVALID, QT_TRANSLATE_NOOP("Rules", "Use at least one part."), "quantity"
            )
    elif isinstance(entry, Attachment) and entry.note_id is not None:
        note = record.entry(entry.note_id)
        if note is None or note.kind != "note" or note.incident_id != incident.id:
            raise Refused(
                Code.NOT_FOUND,
                QT_TRANSLATE_NOOP("Rules", "The note this file belongs to is not on the record."),
            )
    elif isinstance(entry, PriorityChange):
        check_priority_change(incident, entry)
    elif isinstance(entry, Reassignment):
        check_reassignment(incident, entry, record)


def check_recordable(incident: Incident) -> None:
    """Work can be recorded on an open or signed-off incident, not a closed or cancelled one."""
    if incident.status is Status.CLOSED:
        raise Refused(
            Code.SEALED,
            QT_TRANSLATE_NOOP(
                "Rules", "Incident {number} is closed: nothing more can be recorded."
            ),
            current_status=incident.status,
            number=incident.number,
        )
    if incident.status is Status.CANCELLED:
        raise Refused(
            Code.CONFLICT,
            QT_TRANSLATE_NOOP(
                "Rules", "Incident {number} was cancelled; nothing more can be recorded on it."
            ),
            current_status=incident.status,
            number=incident.number,
        )


def check_addendum(
    incident: Incident, entry: Entry, record: Record, sign_off: SignOff | None
) -> None:
    """Work after the client's sign-off is an addendum: it never touches what was sealed."""
    number = incident.number
    if isinstance(entry, SignOff):
        raise Refused(
            Code.SEALED,
            QT_TRANSLATE_NOOP("Rules", "Incident {number} is signed off already."),
            current_status=incident.status,
            number=number,
        )
    if isinstance(entry, ClockPause | ClockResume):
        raise Refused(
            Code.SEALED,
            QT_TRANSLATE_NOOP(
                "Rules", "Incident {number} is signed off: its SLA clock has stopped."
            ),
            current_status=incident.status,
            number=number,
        )
    if isinstance(entry, PriorityChange):
        raise Refused(
            Code.SEALED,
            QT_TRANSLATE_NOOP(
                "Rules", "Incident {number} was signed off at its priority; it cannot change now."
            ),
            current_status=incident.status,
            number=number,
        )
    if isinstance(entry, Void):
        target = record.entry(entry.voided_id)
        sealed = sign_off.sealed_entry_ids if sign_off is not None else ()
        if entry.voided_id in sealed or (target is not None and target.kind == SignOff.kind):
            raise Refused(
                Code.SEALED,
                QT_TRANSLATE_NOOP(
                    "Rules",
                    "Incident {number} was signed off by the client; what was signed cannot "
                    "be voided.",
                ),
                "entry",
                current_status=incident.status,
                number=number,
            )


def check_void(incident: Incident, void: Void, record: Record) -> None:
    """A void names an entry of the same incident, once; corrections and status stay."""
    target = record.entry(void.voided_id)
    if target is None:
        raise Refused(
            Code.NOT_FOUND,
            QT_TRANSLATE_NOOP("Rules", "There is no such entry to void."),
            "entry",
        )
    if target.incident_id != incident.id:
        raise Refused(
            Code.INVALID,
            QT_TRANSLATE_NOOP("Rules", "The entry to void belongs to another incident."),
            "entry",
        )
    if target.kind == Void.kind:
        raise Refused(
            Code.INVALID,
            QT_TRANSLATE_NOOP("Rules", "A correction cannot itself be voided."),
            "entry",
        )
    if target.kind in (StatusChange.kind, PriorityChange.kind, Reassignment.kind):
        raise Refused(
            Code.INVALID,
            QT_TRANSLATE_NOOP(
                "Rules", "A status change cannot be voided; change the status again."
            ),
            "entry",
        )
    if record.void_of(void.voided_id) is not None:
        raise Refused(
            Code.CONFLICT,
            QT_TRANSLATE_NOOP("Rules", "That entry is already voided."),
            "entry",
        )


def check_signable(incident: Incident, record: Record) -> None:
    """The client signs off a resolved incident, once."""
    check_recordable(incident)
    if record.sealed(incident.id) is not None or incident.status in SEALED_STATES:
        raise Refused(
            Code.SEALED,
            QT_TRANSLATE_NOOP("Rules", "Incident {number} is signed off already."),
            current_status=incident.status,
            number=incident.number,
        )
    if incident.status is not Status.RESOLVED:
        raise Refused(
            Code.CONFLICT,
            QT_TRANSLATE_NOOP(
                "Rules",
                "Incident {number} is “{status}”: the client signs off a resolved incident.",
            ),
            current_status=incident.status,
            number=incident.number,
            status=Term("Status", incident.status.label),
        )


def check_sign_off(incident: Incident, sign_off: SignOff, record: Record) -> None:
    """The client signs a resolved incident once, and only what the record still holds.

    A sign-off that seals an entry the record holds as voided (by a void the client did
    not see: another laptop's, synced first) cannot stand beside that void: the report
    the client holds would show the entry, every other copy would strike it through.
    """
    check_signable(incident, record)
    sealed = set(sign_off.sealed_entry_ids)
    for voided, void in record.voids(incident.id).items():
        if voided in sealed and void not in sealed:
            raise Refused(
                Code.CONFLICT,
                QT_TRANSLATE_NOOP(
                    "Rules",
                    "The client signed entry {entry}, which was voided on another device "
                    "before the signature reached the office: sync and have the client sign "
                    "the record as it is now.",
                ),
                current_status=incident.status,
                entry=str(voided),
            )


def check_seal(incident: Incident, sign_off: SignOff, sealed: list[Entry] | None) -> None:
    """Does ``sign_off``'s seal match ``incident`` (as signed) with the ``sealed`` entries?

    ``sealed``: the entries the sign-off names, as the record holds them; None when some
    are not on the record. A sign-off whose seal the record does not rebuild cannot be
    kept: every copy of the record would show a broken seal. The technician is told, and
    has the client sign the record as it stands now.
    """
    if sign_off.seal_format not in SEAL_FORMATS:
        raise Refused(
            Code.INVALID,
            QT_TRANSLATE_NOOP("Rules", "The seal's format {format} is not known here."),
            format=sign_off.seal_format,
        )
    if sealed is None:
        raise Refused(
            Code.CONFLICT,
            QT_TRANSLATE_NOOP(
                "Rules",
                "The client signed entries the office's record does not hold: sync, then "
                "have the client sign the record as it is now.",
            ),
            current_status=incident.status,
        )
    as_signed = replace(incident, status=Status.RESOLVED)
    if seal_hash(as_signed, sealed, sign_off.seal_format) != sign_off.seal:
        raise Refused(
            Code.CONFLICT,
            QT_TRANSLATE_NOOP(
                "Rules",
                "What the client signed differs from the office's record of incident "
                "{number} (changed meanwhile by the office or another device): sync, then have "
                "the client sign the record as it is now.",
            ),
            current_status=incident.status,
            number=incident.number,
        )


def check_clock_mark(incident: Incident, mark: ClockPause | ClockResume, record: Record) -> None:
    """The SLA clock pauses only where the contract allows, and only while it runs.

    A pause while paused, or a resume while running, is not refused here: two laptops
    may both pause offline, and :func:`domain.sla.pair_pauses` ignores the second.
    """
    if not record.pause_allowed(incident):
        raise Refused(
            Code.INVALID,
            QT_TRANSLATE_NOOP("Rules", "The contract does not let the SLA clock stop."),
            "reason",
        )
    if isinstance(mark, ClockPause) and incident.status is Status.RESOLVED:
        raise Refused(
            Code.CONFLICT,
            QT_TRANSLATE_NOOP(
                "Rules", "Incident {number} is resolved: its clock has already stopped."
            ),
            "reason",
            current_status=incident.status,
            number=incident.number,
        )


def check_priority_change(incident: Incident, change: PriorityChange) -> None:
    if change.from_priority is not incident.priority:
        raise Refused(
            Code.CONFLICT,
            QT_TRANSLATE_NOOP("Rules", "Incident {number} is {priority} now, not {expected}."),
            "priority",
            number=incident.number,
            priority=incident.priority.value,
            expected=change.from_priority.value,
        )
    if change.to_priority is change.from_priority:
        raise Refused(
            Code.INVALID, QT_TRANSLATE_NOOP("Rules", "The priority is the same."), "priority"
        )
    if not change.reason.strip():
        raise Refused(
            Code.INVALID,
            QT_TRANSLATE_NOOP("Rules", "Say why the priority changes."),
            "reason",
        )


def check_reassignment(incident: Incident, change: Reassignment, record: Record) -> None:
    if change.from_technician != incident.assigned_to:
        raise Refused(
            Code.CONFLICT,
            QT_TRANSLATE_NOOP("Rules", "Incident {number} was reassigned meanwhile."),
            number=incident.number,
        )
    sign_off = record.sealed(incident.id)
    if sign_off is not None and sign_off.seal_format == SEAL_FORMAT_V1:
        # A version-1 seal covers the assignee: another holder would see it broken.
        raise Refused(
            Code.SEALED,
            QT_TRANSLATE_NOOP(
                "Rules",
                "Incident {number} was signed with an older Fieldbook whose seal covers the "
                "technician; it stays with them.",
            ),
            current_status=incident.status,
            number=incident.number,
        )
