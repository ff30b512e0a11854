"""The incident status graph: which status may follow which.

    new → responded → travelling → on site ⇄ waiting for client → resolved
        → signed off → closed, and cancelled from any open state.

Two edges beyond the straight line, both from the field: ``responded → on site`` (the
technician was already at the client when the call came) and ``resolved → on site`` (the
fix did not hold before the client signed). A sign-off seals the incident, so
``signed off`` is entered only through the sign-off itself, never by a plain change.
"""

from __future__ import annotations

from collections.abc import Mapping

from domain.messages import QT_TRANSLATE_NOOP, DomainError, Message, Term
from domain.records import Status

_NEXT: Mapping[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.RESPONDED, Status.CANCELLED}),
    Status.RESPONDED: frozenset({Status.TRAVELLING, Status.ON_SITE, Status.CANCELLED}),
    Status.TRAVELLING: frozenset({Status.ON_SITE, Status.CANCELLED}),
    Status.ON_SITE: frozenset({Status.WAITING_FOR_CLIENT, Status.RESOLVED, Status.CANCELLED}),
    Status.WAITING_FOR_CLIENT: frozenset({Status.ON_SITE, Status.RESOLVED, Status.CANCELLED}),
    Status.RESOLVED: frozenset({Status.SIGNED_OFF, Status.ON_SITE, Status.CANCELLED}),
    Status.SIGNED_OFF: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.CANCELLED: frozenset(),
}

#: States in which work is still going on (cancelling is allowed from each of them).
OPEN_STATES: frozenset[Status] = frozenset(s for s, nxt in _NEXT.items() if Status.CANCELLED in nxt)

#: States in which what was recorded is sealed by the client's sign-off.
SEALED_STATES: frozenset[Status] = frozenset({Status.SIGNED_OFF, Status.CLOSED})


class InvalidTransition(DomainError):
    def __init__(self, current: Status, target: Status) -> None:
        super().__init__(
            Message(
                "Status",
                QT_TRANSLATE_NOOP(
                    "Status", "An incident cannot go from “{current}” to “{target}”."
                ),
                {"current": Term("Status", current.label), "target": Term("Status", target.label)},
            )
        )
        self.current = current
        self.target = target


def next_states(current: Status) -> frozenset[Status]:
    """The statuses that may follow ``current``."""
    return _NEXT[current]


def is_allowed(current: Status, target: Status) -> bool:
    return target in _NEXT[current]


def check_transition(current: Status, target: Status) -> None:
    """Raise :class:`InvalidTransition`, naming both states, unless the edge exists."""
    if not is_allowed(current, target):
        raise InvalidTransition(current, target)
