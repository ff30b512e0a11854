"""Temporary parts: a part lent from the van stays at the client until a later swap
takes it out again (its serial is the one a later swap removed).

"Later" is the service's order of acceptance (:func:`domain.sla.in_service_order`), as
for everything that depends on order; work a laptop has not synced yet comes after, in
the order it was made. The laptop's list of parts to collect and the office's SLA
statement both ask here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from domain.records import HardwareSwap
from domain.sla import Placement, in_service_order


def serial_key(value: str) -> str:
    """What two serials share when they name the same part, as this rule compares them."""
    return value.strip().casefold()


def still_installed(
    swaps: Iterable[HardwareSwap],
    placements: Mapping[uuid.UUID, Placement],
    local_rank: Mapping[uuid.UUID, int] | None = None,
) -> list[HardwareSwap]:
    """The temporary swaps among ``swaps`` (live ones: voided left out by the caller) whose
    installed part no later swap removed, in the service's order.

    Only the temporary swaps and those that removed a serial one of them installed
    (by :func:`serial_key`) bear on the answer, and each swap's place is its own key: a
    caller may hand in just those instead of every swap ever recorded."""
    ordered = [s for s in in_service_order(list(swaps), placements, local_rank)]
    place = {s.id: n for n, s in enumerate(ordered)}
    last_removed: dict[str, int] = {}
    for swap in ordered:
        assert isinstance(swap, HardwareSwap)
        last_removed[serial_key(swap.removed_serial)] = place[swap.id]
    out: list[HardwareSwap] = []
    for swap in ordered:
        assert isinstance(swap, HardwareSwap)
        if (
            swap.temporary
            and last_removed.get(serial_key(swap.installed_serial), -1) <= place[swap.id]
        ):
            out.append(swap)
    return out
