"""The status steps as a technician says them: respond, travel, arrive, wait, back,
resolve, reopen, close, cancel.

Each step is one edge of the status graph (:mod:`domain.status`) with the words the window
puts on its button and the verb the command line takes, so that both offer the same
steps from the same status. ``main`` marks the step that moves the job forward, which
the window's "next step" shortcut takes. The client's sign-off is not a step here: it
needs a signature (or a refusal) and has a use case of its own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from desktop.store.db import Store
from desktop.store.models import ContractRow
from desktop.usecases import clock, incidents
from desktop.usecases.common import TEXT_MAX, Changed, find_incident, moment, text
from desktop.usecases.errors import InvalidValue, WrongState
from domain.messages import QT_TRANSLATE_NOOP, Term
from domain.records import Resolution, Status
from domain.status import OPEN_STATES, next_states

_CTX = "Steps"


@dataclass(frozen=True, slots=True)
class Step:
    verb: str  # the command line's word
    source: Status
    target: Status
    label: str  # the window's button, marked for translation under "Steps"
    main: bool = False  # the step forward from ``source`` (the window's shortcut)


STEPS: tuple[Step, ...] = (
    Step("respond", Status.NEW, Status.RESPONDED, QT_TRANSLATE_NOOP("Steps", "Responded"), True),
    Step(
        "travel",
        Status.RESPONDED,
        Status.TRAVELLING,
        QT_TRANSLATE_NOOP("Steps", "Start travel"),
        True,
    ),
    Step("arrive", Status.RESPONDED, Status.ON_SITE, QT_TRANSLATE_NOOP("Steps", "On site")),
    Step("arrive", Status.TRAVELLING, Status.ON_SITE, QT_TRANSLATE_NOOP("Steps", "Arrived"), True),
    Step(
        "wait",
        Status.ON_SITE,
        Status.WAITING_FOR_CLIENT,
        QT_TRANSLATE_NOOP("Steps", "Waiting for client…"),
    ),
    Step(
        "back",
        Status.WAITING_FOR_CLIENT,
        Status.ON_SITE,
        QT_TRANSLATE_NOOP("Steps", "Client is back"),
        True,
    ),
    Step("resolve", Status.ON_SITE, Status.RESOLVED, QT_TRANSLATE_NOOP("Steps", "Resolved…"), True),
    Step(
        "resolve",
        Status.WAITING_FOR_CLIENT,
        Status.RESOLVED,
        QT_TRANSLATE_NOOP("Steps", "Resolved…"),
    ),
    Step(
        "reopen",
        Status.RESOLVED,
        Status.ON_SITE,
        QT_TRANSLATE_NOOP("Steps", "Reopen: fix did not hold"),
    ),
    Step(
        "close",
        Status.SIGNED_OFF,
        Status.CLOSED,
        QT_TRANSLATE_NOOP("Steps", "Close incident"),
        True,
    ),
    *(
        Step("cancel", source, Status.CANCELLED, QT_TRANSLATE_NOOP("Steps", "Cancel incident…"))
        for source in sorted(OPEN_STATES)
    ),
)

VERBS: tuple[str, ...] = tuple(dict.fromkeys(step.verb for step in STEPS))


def steps_from(current: Status) -> list[Step]:
    """The steps a technician can take from ``current``, in the order of the job."""
    allowed = next_states(current)
    return [s for s in STEPS if s.source is current and s.target in allowed]


def main_step(current: Status) -> Step | None:
    """The step that moves the job forward from ``current`` (None: the sign-off, or done)."""
    return next((s for s in steps_from(current) if s.main), None)


def find_step(verb: str, current: Status) -> Step | None:
    return next((s for s in steps_from(current) if s.verb == verb), None)


def take_step(
    store: Store,
    incident: str | uuid.UUID,
    verb: str,
    *,
    resolution: Resolution | str | None = None,
    pause_reason: str | None = None,
    now: datetime | None = None,
) -> Changed:
    """Take the step ``verb`` on ``incident`` through :func:`incidents.change_status`.

    Refused, with the steps that are possible, when ``verb`` is not a step from the
    incident's status. ``wait`` with ``pause_reason`` also stops the SLA clock (where the
    contract allows it; checked before the status changes).
    """
    now = moment(store, now)
    if verb not in VERBS:
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "“{verb}” is not a step; the steps are {verbs}."),
            "step",
            verb=verb,
            verbs=", ".join(VERBS),
        )
    if pause_reason is not None:
        # Checked before anything changes: a refused pause must not leave a status change.
        pause_reason = text(
            pause_reason, "reason", QT_TRANSLATE_NOOP("UseCaseError", "The reason"), limit=TEXT_MAX
        )
    with store.read() as session:
        row = find_incident(session, incident)
        current, number = row.status, row.number
        contract = session.get(ContractRow, row.contract_id)
        pause_allowed = contract is not None and contract.pause_allowed
        already_paused = incidents.is_paused(session, row.id)
    step = find_step(verb, current)
    if step is None:
        possible = ", ".join(s.verb for s in steps_from(current)) or "none"
        raise WrongState(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "Incident {number} is {current}: “{verb}” is not a next step (possible: {steps}).",
            ),
            "step",
            number=number,
            current=Term("Status", current.label),
            verb=verb,
            steps=possible,
        )
    if pause_reason is not None and step.verb != "wait":
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "Only “wait” can pause the SLA clock."), "reason"
        )
    if pause_reason is not None and not pause_allowed:
        raise WrongState(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "The contract of {number} does not let the SLA clock stop while you wait.",
            ),
            "reason",
            number=number,
        )
    if pause_reason is not None and already_paused:
        raise WrongState(
            QT_TRANSLATE_NOOP("UseCaseError", "The clock of {number} is already paused."),
            "reason",
            number=number,
        )
    changed = incidents.change_status(store, row.id, step.target, resolution=resolution, now=now)
    if pause_reason is None:
        return changed
    paused = clock.pause_clock(store, row.id, pause_reason, now=now)
    return Changed(
        incident_ids=changed.incident_ids | paused.incident_ids,
        entry_ids=changed.entry_ids + paused.entry_ids,
    )
