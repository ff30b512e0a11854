"""Planning the demo's incidents before any is written: which status, priority, client
and system each has, the path it took through the status graph and when."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import TypeVar

from desktop.demo.phrases import log_names, vendor_of
from desktop.demo.reference import OFF_ANNEX, SWAP_KINDS, ClientSpec, PartSpec
from domain.records import (
    Channel,
    Priority,
    Status,
    SystemCategory,
)

CST = timezone(timedelta(hours=8), "CST")  # the office's clock, for text and log lines
MINUTE = 60.0
_DAY = 86400.0
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

T = TypeVar("T")

# --- runtime structures -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class System:
    id: uuid.UUID
    name: str
    category: SystemCategory


@dataclass(frozen=True, slots=True)
class Contract:
    spec: ClientSpec
    client_id: uuid.UUID
    id: uuid.UUID
    systems: tuple[System, ...]

    def target(self, priority: Priority) -> tuple[int | None, int | None]:
        return self.spec.targets[int(priority.value[1]) - 1]


@dataclass(frozen=True, slots=True)
class Part:
    id: uuid.UUID
    spec: PartSpec
    on_hand: int


@dataclass(frozen=True, slots=True)
class Blob:
    sha256: str
    size: int
    filename: str
    media_type: str
    topic: str  # what it shows: "oracle", "disk", "server" or "network"


@dataclass(frozen=True, slots=True)
class Profile:
    """What fits one system: the logs it prints, the spares it takes, the files about it."""

    logs: tuple[str, ...]
    spares: tuple[Part, ...]
    files: tuple[Blob, ...]


@dataclass(slots=True)
class Plan:
    """One incident before it is written: what it is, and how far its clock has run."""

    status: Status
    priority: Priority
    contract: Contract
    system: System | None  # None: not in the contract's Annex 1
    system_name: str
    category: SystemCategory
    channel: Channel
    assignee: uuid.UUID | None
    share: float | None = None  # open: share of the current SLA target used at ``now``
    window: tuple[float, float] = (0.0, 0.0)  # history: notified (days before now)
    local: bool = False  # the technician adds work through the use cases afterwards
    busy: bool = False
    path: list[Status] = field(default_factory=list)
    offsets: list[float] = field(default_factory=list)  # seconds after notified_at
    notified_at: datetime = EPOCH
    number: str = ""


def profile_of(
    system: str, category: SystemCategory, spares: list[Part], blobs: list[Blob]
) -> Profile:
    kinds = SWAP_KINDS[category]
    fitting = [p for p in spares if p.spec.kind in kinds and p.spec.serial]
    vendor = vendor_of(system)
    # The system's own vendor's spares, or parts any vendor's box takes (DIMMs, disks).
    same = [p for p in fitting if vendor_of(p.spec.description) in (vendor, None)]
    if vendor is None:
        same = [p for p in fitting if vendor_of(p.spec.description) is None] or fitting
    logs = log_names(system, category)
    topics = {"server"}
    if category is SystemCategory.NETWORK:
        topics = {"network"}
    elif category in (SystemCategory.STORAGE, SystemCategory.OPERATING_SYSTEM):
        topics = {"server", "disk"}
    if "oracle_alert" in logs:
        topics |= {"oracle", "disk"}
    files = tuple(b for b in blobs if b.topic in topics)
    return Profile(logs, tuple(same or fitting), files)


# --- planning incidents -------------------------------------------------------------

_OPEN_WEIGHTS: tuple[tuple[Status, float], ...] = (
    (Status.ON_SITE, 3.0),
    (Status.RESOLVED, 2.0),
    (Status.WAITING_FOR_CLIENT, 1.6),
    (Status.NEW, 1.2),
    (Status.TRAVELLING, 1.2),
    (Status.RESPONDED, 1.0),
)
_HISTORY_WEIGHTS: tuple[tuple[Status, float], ...] = (
    (Status.CLOSED, 86.0),
    (Status.CANCELLED, 10.0),
    (Status.SIGNED_OFF, 4.0),
)
_PRIORITIES = tuple(Priority)
_HISTORY_PRIORITY = tuple(itertools.accumulate((7.0, 25.0, 43.0, 25.0)))  # cumulative
_OPEN_PRIORITY = tuple(itertools.accumulate((20.0, 40.0, 30.0, 10.0)))
_CHANNELS = tuple(Channel)
_CHANNEL_CUM = tuple(itertools.accumulate((45.0, 20.0, 25.0, 5.0, 5.0)))
_RUNNING = (Status.RESPONDED, Status.TRAVELLING, Status.ON_SITE)
# How far the current clock has run at ``now``: on track, under 25 % left, breached.
# Resolved incidents: their clock stopped within the target (met) or after it (missed).
_SHARES = {
    "on_track": (0.2, 0.6),
    "at_risk": (0.8, 0.95),
    "breached": (1.1, 1.3),
    "met": (0.3, 0.9),
    "missed": (1.05, 1.3),
}
_OPEN_MAX_ACTIVE = 8 * 3600.0  # open call-outs are hours old, not days
_TRAVEL_MAX = 150 * 60.0


def _quota(total: int, weights: Sequence[tuple[T, float]]) -> list[T]:
    """``total`` items spread by weight (largest remainder), each at least once if possible."""
    if total <= len(weights):
        return [key for key, _ in weights[:total]]
    rest = total - len(weights)
    wsum = sum(w for _, w in weights)
    raw = [rest * w / wsum for _, w in weights]
    counts = [1 + int(r) for r in raw]
    left = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: int(raw[i]) - raw[i])
    for i in order[:left]:
        counts[i] += 1
    return [key for (key, _), n in zip(weights, counts, strict=True) for _ in range(n)]


def plan_incidents(
    rng: random.Random,
    total: int,
    now: datetime,
    contracts: list[Contract],
    me: uuid.UUID,
    techs: list[uuid.UUID],
) -> list[Plan]:
    n_open = min(total, max(9, round(total * 0.12)), 80)
    if total >= 12:
        n_open = min(n_open, total - 3)
    span_days = float(min(730, max(90, total // 20)))
    ccum = list(itertools.accumulate(c.spec.weight for c in contracts))
    colleagues = techs[1:]

    def new_plan(status: Status, pcum: Sequence[float], assignee: uuid.UUID | None) -> Plan:
        contract = rng.choices(contracts, cum_weights=ccum)[0]
        priority = rng.choices(_PRIORITIES, cum_weights=pcum)[0]
        if rng.random() < 0.03:
            name, category = rng.choice(OFF_ANNEX[contract.spec.language])
            system = None
        else:
            system = rng.choice(contract.systems)
            name, category = system.name, system.category
        channel = rng.choices(_CHANNELS, cum_weights=_CHANNEL_CUM)[0]
        return Plan(status, priority, contract, system, name, category, channel, assignee)

    # Open call-outs: the first is the busy P1 on site, then every open state.
    open_states = _quota(n_open, _OPEN_WEIGHTS)
    rng.shuffle(open_states)
    if Status.ON_SITE in open_states:
        open_states.remove(Status.ON_SITE)
        open_states.insert(0, Status.ON_SITE)
    plans: list[Plan] = []
    forced = ["breached", "at_risk", "on_track"]
    travelling_local = worksite_local = False
    for i, status in enumerate(open_states):
        assignee = me if rng.random() < 0.8 else rng.choice(colleagues)
        plan = new_plan(status, _OPEN_PRIORITY, assignee)
        free = True  # may take local work without spoiling a clock set on purpose
        if i == 0:
            plan = _busy_plan(rng, contracts, me)
        elif status in _RUNNING and forced:
            # Make sure the list shows a breach, one about to breach and one on track.
            plan.priority = rng.choice((Priority.P1, Priority.P2))
            _set_clock(rng, plan, forced.pop())
            free = False
        elif status is Status.RESOLVED:
            _set_clock(rng, plan, "met" if rng.random() < 0.8 else "missed")
        else:
            kind = rng.choices(("on_track", "at_risk", "breached"), (55.0, 22.0, 23.0))[0]
            _set_clock(rng, plan, kind)
        if free and not plan.busy and plan.system is not None:
            if status is Status.TRAVELLING and not travelling_local:
                plan.local = travelling_local = True
            elif status in (Status.ON_SITE, Status.WAITING_FOR_CLIENT) and not worksite_local:
                plan.local = worksite_local = True
            if plan.local:
                plan.assignee = me
        plans.append(plan)

    # History: mostly closed, some cancelled, the last weeks' signed off but not closed yet.
    history = _quota(total - n_open, _HISTORY_WEIGHTS)
    rng.shuffle(history)
    windows = {
        Status.CLOSED: (span_days, 6.0),
        Status.SIGNED_OFF: (21.0, 2.0),
        Status.CANCELLED: (span_days, 1.0),
    }
    for i, status in enumerate(history):
        assignee = me if rng.random() < 0.6 else rng.choice(colleagues)
        plan = new_plan(status, _HISTORY_PRIORITY, assignee)
        if i < len(_PRIORITIES):
            plan.priority = _PRIORITIES[i]  # every priority at least once
        elif i == len(_PRIORITIES) and plan.system is not None:
            # At least one call about a system the agreement does not list.
            plan.system_name, plan.category = rng.choice(OFF_ANNEX[plan.contract.spec.language])
            plan.system = None
        plan.window = windows[status]
        plans.append(plan)

    for plan in plans:
        _timeline(rng, plan, now)
    plans.sort(key=lambda p: p.notified_at)
    first = rng.randint(1200, 4800)
    for i, plan in enumerate(plans):
        year = plan.notified_at.astimezone(CST).year
        plan.number = f"INC-{year}-{first + i:06d}"
    return plans


def _set_clock(rng: random.Random, plan: Plan, kind: str) -> None:
    """Choose how much of its SLA target the open ``plan`` has used at ``now``."""
    if kind not in ("on_track", "met"):
        # A breach within hours needs a short target: P1, or a P2 of at most 8 hours.
        p2 = plan.contract.target(Priority.P2)[1]
        if plan.priority not in (Priority.P1, Priority.P2) or (p2 or 0) > 480:
            plan.priority = Priority.P1
    respond, resolve = plan.contract.target(plan.priority)
    target = respond if plan.status is Status.NEW else resolve
    if target is None:
        return  # no clock to set: the incident runs without a target
    share = rng.uniform(*_SHARES[kind])
    if kind in ("on_track", "met") and share * target * MINUTE > _OPEN_MAX_ACTIVE:
        share = rng.uniform(0.15, 1.0) * _OPEN_MAX_ACTIVE / (target * MINUTE)
    plan.share = share


def _busy_plan(rng: random.Random, contracts: list[Contract], me: uuid.UUID) -> Plan:
    """The P1 on site that screenshots show: an Oracle RAC under a pausable contract."""
    contract = next(c for c in contracts if c.spec.pause_allowed and c.spec.language == "zh")
    system = next(s for s in contract.systems if s.category is SystemCategory.DATABASE)
    plan = Plan(
        Status.ON_SITE,
        Priority.P1,
        contract,
        system,
        system.name,
        system.category,
        Channel.PHONE,
        me,
        local=True,
        busy=True,
    )
    plan.path = [Status.NEW, Status.RESPONDED, Status.TRAVELLING, Status.ON_SITE]
    # Responded after ~3 min, 9 min to leave, ~40 min on the road, on site 95 min so far.
    plan.offsets = [0.0, rng.uniform(150, 230), 0.0, 0.0]
    plan.offsets[2] = plan.offsets[1] + 9 * MINUTE
    plan.offsets[3] = plan.offsets[2] + rng.uniform(36, 44) * MINUTE
    return plan


def _path(rng: random.Random, final: Status) -> list[Status]:
    """A walk through the status graph from new to ``final``."""
    s = Status
    if final is s.CANCELLED:
        stops = rng.choices((1, 2, 3, 4), (30.0, 35.0, 20.0, 15.0))[0]
        return [*(s.NEW, s.RESPONDED, s.TRAVELLING, s.ON_SITE)[:stops], s.CANCELLED]
    path = [s.NEW]
    if final is s.NEW:
        return path
    path.append(s.RESPONDED)
    if final is s.RESPONDED:
        return path
    if final is s.TRAVELLING or rng.random() < 0.85:
        path.append(s.TRAVELLING)
    if final is s.TRAVELLING:
        return path
    path.append(s.ON_SITE)
    if rng.random() < 0.25:
        path += [s.WAITING_FOR_CLIENT, s.ON_SITE]
    if final is s.ON_SITE:
        return path
    if final is s.WAITING_FOR_CLIENT:
        return [*path, s.WAITING_FOR_CLIENT]
    if rng.random() < 0.1:
        path.append(s.WAITING_FOR_CLIENT)  # resolved straight from waiting
    path.append(s.RESOLVED)
    if rng.random() < 0.05:
        path += [s.ON_SITE, s.RESOLVED]  # the fix did not hold before the client signed
    if final is s.RESOLVED:
        return path
    path.append(s.SIGNED_OFF)
    if final is s.CLOSED:
        path.append(s.CLOSED)
    return path


def _dwell(rng: random.Random, frm: Status, to: Status, respond: int | None) -> float:
    """Seconds spent in ``frm`` before moving to ``to``."""
    s = Status
    u = rng.uniform
    if frm is s.NEW and to is s.RESPONDED:
        if respond is None:
            return u(3, 40) * MINUTE
        late = rng.random() < 0.06
        return respond * MINUTE * (u(1.1, 3.0) if late else u(0.15, 0.95))
    if to is s.CANCELLED:
        return u(5, 90) * MINUTE
    if frm is s.RESPONDED:
        return u(3, 20) * MINUTE if to is s.TRAVELLING else u(2, 10) * MINUTE
    if frm is s.TRAVELLING:
        return u(20, 100) * MINUTE
    if frm is s.ON_SITE:
        return (
            u(15, 90) * MINUTE
            if to is s.WAITING_FOR_CLIENT
            else rng.triangular(30, 240, 75) * MINUTE
        )
    if frm is s.WAITING_FOR_CLIENT:
        return u(10, 120) * MINUTE if to is s.ON_SITE else u(10, 60) * MINUTE
    if frm is s.RESOLVED:
        return u(20, 120) * MINUTE if to is s.ON_SITE else u(5, 30) * MINUTE
    return u(1, 6) * _DAY  # signed off → closed


CURRENT_DWELL: dict[Status, tuple[float, float]] = {
    Status.NEW: (1, 30),
    Status.RESPONDED: (2, 20),
    Status.TRAVELLING: (10, 60),
    Status.ON_SITE: (15, 180),
    Status.WAITING_FOR_CLIENT: (10, 90),
    Status.RESOLVED: (10, 120),
}
LOCAL_ROOM = 40 * MINUTE  # local work happens in the last half hour before ``now``


def _timeline(rng: random.Random, plan: Plan, now: datetime) -> None:
    """Set ``plan.path``, ``plan.offsets`` (when each status was entered) and notified_at."""
    respond, resolve = plan.contract.target(plan.priority)
    if plan.busy:
        current = 95 * MINUTE
    else:
        plan.path = _path(rng, plan.status)
        dwell = [_dwell(rng, a, b, respond) for a, b in zip(plan.path, plan.path[1:], strict=False)]
        if plan.status in CURRENT_DWELL:
            current = rng.uniform(*CURRENT_DWELL[plan.status]) * MINUTE
        else:
            current = 0.0
        if plan.share is not None:
            pausable = plan.contract.spec.pause_allowed
            current = _fit(plan.path, dwell, current, plan.share, respond, resolve, pausable)
        elif plan.status in CURRENT_DWELL:
            # An open call-out without a target to fit: still hours old, not days.
            total = sum(dwell) + current
            if total > _OPEN_MAX_ACTIVE:
                k = rng.uniform(0.3, 1.0) * _OPEN_MAX_ACTIVE / total
                dwell = [d * k for d in dwell]
                current *= k
        if plan.local:
            current = max(current, LOCAL_ROOM + rng.uniform(5, 30) * MINUTE)
        plan.offsets = [0.0]
        for d in dwell:
            plan.offsets.append(plan.offsets[-1] + max(d, 45.0))
    if plan.status in CURRENT_DWELL:
        plan.notified_at = now - timedelta(seconds=plan.offsets[-1] + current)
        return
    oldest, newest = plan.window
    notified = now - timedelta(days=rng.uniform(newest, oldest))
    end = notified + timedelta(seconds=plan.offsets[-1])
    latest = now - timedelta(hours=1)
    if end > latest:
        notified -= end - latest
    plan.notified_at = notified


def _fit(
    path: list[Status],
    dwell: list[float],
    current: float,
    share: float,
    respond: int | None,
    resolve: int | None,
    pausable: bool,
) -> float:
    """Scale ``dwell`` in place so the current clock has used ``share`` of its target at now.

    Returns the time spent so far in the current status.
    """
    last = path[-1]
    if last is Status.NEW:
        return share * respond * MINUTE if respond is not None else current
    if resolve is None:
        return current
    active = share * resolve * MINUTE
    dwell[0] = min(dwell[0], 0.25 * active)  # responded within its target, mostly
    counted = [
        i for i in range(1, len(dwell)) if not (pausable and path[i] is Status.WAITING_FOR_CLIENT)
    ]
    current_counts = last is not Status.RESOLVED and not (
        pausable and last is Status.WAITING_FOR_CLIENT
    )
    budget = active - dwell[0]
    flexible = sum(dwell[i] for i in counted) + (current if current_counts else 0.0)
    if flexible <= 0:
        return budget if current_counts else current
    k = budget / flexible
    for i in counted:
        dwell[i] *= k
    if current_counts:
        current *= k
    # Nobody drives for five hours: long waits go to the time before leaving, or on site.
    travel = [i for i in counted if path[i] is Status.TRAVELLING]
    others = [i for i in counted if path[i] is not Status.TRAVELLING]
    excess = sum(max(0.0, dwell[i] - _TRAVEL_MAX) for i in travel)
    if current_counts and last is Status.TRAVELLING:
        excess += max(0.0, current - _TRAVEL_MAX)
    spare_room = sum(dwell[i] for i in others) + (
        current if current_counts and last is not Status.TRAVELLING else 0.0
    )
    if excess > 0 and spare_room > 0:
        grow = 1.0 + excess / spare_room
        for i in travel:
            dwell[i] = min(dwell[i], _TRAVEL_MAX)
        for i in others:
            dwell[i] *= grow
        if current_counts:
            current = min(current, _TRAVEL_MAX) if last is Status.TRAVELLING else current * grow
    return current
