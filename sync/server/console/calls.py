"""Taking the call: the form a dispatcher fills in with the client on the phone.

Everything typed is checked here, every problem is reported beside its field at once
(the form comes back with everything kept), and the incident is then recorded by
:meth:`sync.server.office.Office.add_incident`, the one way the office creates one.
An open incident for the same system is pointed out before it is recorded twice.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.records import Channel, Priority
from domain.status import OPEN_STATES
from domain.zones import zone
from sync.protocol.messages import Role
from sync.server import records
from sync.server.console.i18n import N_, Words
from sync.server.console.web import Form
from sync.server.models import (
    ClientRow,
    ContractRow,
    CoveredSystemRow,
    IncidentRow,
    SlaTargetRow,
    UserRow,
)

#: The longest text each field takes (the incident's limits on the wire, judge._LIMITS).
LIMITS = {
    "title": 200,
    "system_name": 200,
    "description": 5000,
    "caller": 120,
    "phone": 40,
    "client": 200,
}
PHONE = re.compile(r"^[0-9+()\-./ #*xX]*(ext\.? ?[0-9]+)?$")
OUTSIDE = "outside"  # the system choice for a system not in Annex 1
QUEUE = ""  # the assignment choice "leave it in the queue"
#: A first notice may lie this far in the future (clocks of two computers differ).
FUTURE_SLACK = timedelta(minutes=5)
#: …and no further back than this (older: a typo in the date, most likely).
OLDEST = timedelta(days=31)
#: The channels a call comes in by, as the form offers them.
CHANNELS = (Channel.PHONE, Channel.EMAIL, Channel.PORTAL, Channel.WALK_UP, Channel.OTHER)
CHANNEL_LABELS = {
    Channel.PHONE: N_("Phone"),
    Channel.EMAIL: N_("E-mail"),
    Channel.PORTAL: N_("Portal"),
    Channel.WALK_UP: N_("Walk-up"),
    Channel.OTHER: N_("Other"),
}


@dataclass(frozen=True, slots=True)
class Target:
    priority: Priority
    respond: timedelta | None
    resolve: timedelta | None


@dataclass(frozen=True, slots=True)
class ContractChoice:
    id: uuid.UUID
    number: str
    time_zone: str
    tz: tzinfo
    targets: list[Target]
    systems: list[tuple[uuid.UUID, str, str, str]]  # id, name, category, location


@dataclass(frozen=True, slots=True)
class Duplicate:
    id: uuid.UUID
    number: str
    title: str
    priority: Priority
    status: str
    technician: str


@dataclass(slots=True)
class CallForm:
    """What was typed (kept as typed) and what is wrong with it, field by field."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)


@dataclass(frozen=True, slots=True)
class Call:
    """A call that reads: what :meth:`Office.add_incident` is given."""

    contract_id: uuid.UUID
    system_id: uuid.UUID | None
    system_name: str
    priority: Priority
    channel: Channel
    title: str
    description: str
    notified_at: datetime
    assign_to: uuid.UUID | None


def clients(session: Session) -> list[tuple[uuid.UUID, str]]:
    return list(session.execute(select(ClientRow.id, ClientRow.name).order_by(ClientRow.name)))


def find_client(session: Session, name: str) -> ClientRow | None:
    """The client whose name is ``name`` (any case), or whose name alone contains it."""
    text = name.strip()
    if not text:
        return None
    exact = session.scalars(
        select(ClientRow).where(func.lower(ClientRow.name) == text.lower())
    ).first()
    if exact is not None:
        return exact
    found = session.scalars(
        select(ClientRow).where(ClientRow.name.contains(text, autoescape=True)).limit(2)
    ).all()
    return found[0] if len(found) == 1 else None


def contracts_of(session: Session, client_id: uuid.UUID) -> list[ContractChoice]:
    rows = session.scalars(
        select(ContractRow).where(ContractRow.client_id == client_id).order_by(ContractRow.number)
    ).all()
    out: list[ContractChoice] = []
    for row in rows:
        targets = session.scalars(
            select(SlaTargetRow).where(SlaTargetRow.contract_id == row.id)
        ).all()
        policy = records.contract(row, targets).policy
        systems = [
            (s.id, s.name, s.category.value, s.location)
            for s in session.scalars(
                select(CoveredSystemRow)
                .where(CoveredSystemRow.contract_id == row.id)
                .order_by(CoveredSystemRow.name)
            )
        ]
        out.append(
            ContractChoice(
                id=row.id,
                number=row.number,
                time_zone=row.time_zone,
                tz=zone(row.time_zone) or UTC,
                targets=[
                    Target(p, policy.target(p).respond, policy.target(p).resolve) for p in Priority
                ],
                systems=systems,
            )
        )
    return out


def technicians(session: Session) -> list[tuple[uuid.UUID, str, int]]:
    """Active technicians with how many open incidents each holds (lightest first)."""
    load = dict(
        session.execute(
            select(IncidentRow.assigned_to, func.count())
            .where(IncidentRow.status.in_([s.value for s in OPEN_STATES]))
            .group_by(IncidentRow.assigned_to)
        ).all()
    )
    rows = session.execute(
        select(UserRow.id, UserRow.name)
        .where(UserRow.role == Role.TECHNICIAN, UserRow.active.is_(True))
        .order_by(UserRow.name)
    )
    return [(uid, name, int(load.get(uid, 0))) for uid, name in rows]


def duplicates(
    session: Session, contract_id: uuid.UUID, system_id: uuid.UUID | None, system_name: str
) -> list[Duplicate]:
    """Open incidents of the same system (Annex 1 by id, or one outside it by name)."""
    query = (
        select(IncidentRow, UserRow.name)
        .outerjoin(UserRow, UserRow.id == IncidentRow.assigned_to)
        .where(IncidentRow.status.in_([s.value for s in OPEN_STATES]))
        .where(IncidentRow.contract_id == contract_id)
        .order_by(IncidentRow.notified_at.desc())
        .limit(10)
    )
    if system_id is not None:
        query = query.where(IncidentRow.system_id == system_id)
    elif system_name.strip():
        query = query.where(
            IncidentRow.system_id.is_(None),
            func.lower(IncidentRow.system_name) == system_name.strip().lower(),
        )
    else:
        return []
    return [
        Duplicate(i.id, i.number, i.title, i.priority, i.status.value, name or "")
        for i, name in session.execute(query)
    ]


def next_number(session: Session, year: int) -> str:
    """The next free ``INC-YEAR-NNNNNN`` (a race with another dispatcher is retried)."""
    prefix = f"INC-{year}-"
    taken = session.scalars(
        select(IncidentRow.number).where(IncidentRow.number.like(prefix + "%"))
    ).all()
    highest = max((int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{highest + 1:06d}"


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def read_call(
    session: Session, form: Form, words: Words, now: datetime
) -> tuple[Call | None, CallForm]:
    """The call in ``form``, or None with every problem named beside its field."""
    typed = CallForm(values=form.values())
    errors = typed.errors

    def text(name: str, *, required: bool = False) -> str:
        value = form.text(name)
        if required and not value:
            errors[name] = words("Fill this in.")
        elif len(value) > LIMITS.get(name, 5000):
            errors[name] = words("At most %(n)d characters.", n=LIMITS.get(name, 5000))
        return value

    client_name = text("client", required=True)
    client = find_client(session, client_name) if client_name else None
    if client_name and client is None and "client" not in errors:
        errors["client"] = words("No client by that name: choose one from the list.")
    contract: ContractChoice | None = None
    if client is not None:
        choices = contracts_of(session, client.id)
        wanted = _uuid(form.get("contract"))
        contract = next((c for c in choices if c.id == wanted), None)
        if contract is None and len(choices) == 1 and not form.get("contract"):
            contract = choices[0]
        if contract is None:
            errors["contract"] = (
                words("Choose the contract.") if choices else words("This client has no contract.")
            )
    system_choice = form.get("system")
    system_id: uuid.UUID | None = None
    system_name = ""
    if system_choice == OUTSIDE:
        system_name = text("system_name", required=True)
    elif not system_choice:
        errors["system"] = words("Choose the system, or one outside Annex 1.")
    else:
        system_id = _uuid(system_choice)
        if contract is not None and system_id not in {s[0] for s in contract.systems}:
            errors["system"] = words("That system is not in this contract's Annex 1.")
    priority_value = form.get("priority")
    priority = Priority(priority_value) if priority_value in Priority.__members__ else None
    if priority is None:
        errors["priority"] = words("Choose the priority.")
    channel_value = form.get("channel", Channel.PHONE.value)
    channel = Channel(channel_value) if channel_value in {c.value for c in CHANNELS} else None
    if channel is None:
        errors["channel"] = words("Choose how the call came in.")
    caller = text("caller")
    phone = text("phone")
    if phone and not PHONE.match(phone):
        errors["phone"] = words("A phone number has digits, spaces and + ( ) - only.")
    title = text("title", required=True)
    description = text("description")
    notified_at = _notified_at(form.get("notified_at"), contract, now, words, errors)
    assign_choice = form.get("assign")
    assign_to: uuid.UUID | None = None
    if assign_choice != QUEUE:
        assign_to = _uuid(assign_choice)
        if assign_to is None or assign_to not in {t[0] for t in technicians(session)}:
            errors["assign"] = words("Choose an active technician, or leave it in the queue.")
    if contract is not None and not errors:
        typed.duplicates = duplicates(session, contract.id, system_id, system_name)
        if typed.duplicates and form.get("separate") != "yes":
            errors["separate"] = words(
                "This system already has an open incident. Open it instead, or tick "
                "“A separate emergency” to record this call as a new one."
            )
    if errors or contract is None or priority is None or channel is None or notified_at is None:
        return None, typed
    header = " · ".join(part for part in (caller, phone) if part)
    full_description = f"☎ {header}\n\n{description}".strip() if header else description
    if len(full_description) > LIMITS["description"]:
        errors["description"] = words("At most %(n)d characters.", n=LIMITS["description"])
        return None, typed
    return (
        Call(
            contract_id=contract.id,
            system_id=system_id,
            system_name=system_name,
            priority=priority,
            channel=channel,
            title=title,
            description=full_description,
            notified_at=notified_at,
            assign_to=assign_to,
        ),
        typed,
    )


def _notified_at(
    value: str,
    contract: ContractChoice | None,
    now: datetime,
    words: Words,
    errors: dict[str, str],
) -> datetime | None:
    """The client's first notice, typed as the client's wall clock (the contract's zone)."""
    value = value.strip()
    if not value:
        return now
    try:
        local = datetime.fromisoformat(value)
    except ValueError:
        errors["notified_at"] = words("Write the time as 2026-03-02 14:05.")
        return None
    if local.tzinfo is None:
        local = local.replace(tzinfo=contract.tz if contract is not None else now.tzinfo)
    if local > now + FUTURE_SLACK:
        errors["notified_at"] = words("The first notice cannot be in the future.")
        return None
    if local < now - OLDEST:
        errors["notified_at"] = words("The first notice is more than a month ago: check the date.")
        return None
    return local
