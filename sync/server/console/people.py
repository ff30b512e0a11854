"""People and their devices, as the console's People page and board read them.

*Last contact* of a technician's laptop is the latest of what the service records of
it: a push that applied something (``client_streams.updated_at``), a sign-in
(``tokens.created_at``), and the last request a device token made
(``tokens.last_seen_at``, kept to the minute).

Changes go through :class:`~sync.server.office.Office` (add, reset password,
deactivate, revoke a device, mark one lost), as from the command line.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.status import OPEN_STATES
from sync.protocol.messages import Role
from sync.server.models import (
    BlobRow,
    ClientStreamRow,
    EntryRow,
    IncidentRow,
    TokenRow,
    UserRow,
)


def last_contacts(session: Session) -> dict[uuid.UUID, datetime]:
    """Per user: when the service last heard from one of their devices."""
    found: dict[uuid.UUID, datetime] = {}

    def take(rows: Any) -> None:
        for user_id, at in rows:
            if at is not None and (user_id not in found or at > found[user_id]):
                found[user_id] = at

    take(
        session.execute(
            select(ClientStreamRow.user_id, func.max(ClientStreamRow.updated_at)).group_by(
                ClientStreamRow.user_id
            )
        )
    )
    take(
        session.execute(
            select(TokenRow.user_id, func.max(TokenRow.created_at)).group_by(TokenRow.user_id)
        )
    )
    take(
        session.execute(
            select(TokenRow.user_id, func.max(TokenRow.last_seen_at)).group_by(TokenRow.user_id)
        )
    )
    return found


@dataclass(frozen=True, slots=True)
class SignIn:
    """One sign-in (device token): a laptop, or a dispatcher's console."""

    device: str
    created_at: datetime
    expires_at: datetime
    ended_at: datetime | None
    id: uuid.UUID | None = None
    last_seen_at: datetime | None = None
    lost_at: datetime | None = None
    wipe_sent_at: datetime | None = None

    def live(self, now: datetime) -> bool:
        return self.ended_at is None and self.expires_at > now

    @property
    def lost(self) -> bool:
        return self.lost_at is not None


@dataclass(frozen=True, slots=True)
class Install:
    """One laptop install (its client id): what it pushed, and files still to come."""

    client_id: uuid.UUID
    last_push_at: datetime
    mutations: int
    files_pending: int


@dataclass(frozen=True, slots=True)
class Person:
    id: uuid.UUID
    username: str
    name: str
    role: Role
    active: bool
    created_at: datetime
    open_incidents: int
    last_contact: datetime | None
    sign_ins: list[SignIn]
    installs: list[Install]


def people(session: Session) -> list[Person]:
    """Everyone, technicians first, each with their devices."""
    users = session.scalars(select(UserRow).order_by(UserRow.role.desc(), UserRow.name)).all()
    contacts = last_contacts(session)
    load = dict(
        session.execute(
            select(IncidentRow.assigned_to, func.count())
            .where(IncidentRow.status.in_([s.value for s in OPEN_STATES]))
            .group_by(IncidentRow.assigned_to)
        ).all()
    )
    sign_ins: dict[uuid.UUID, list[SignIn]] = {}
    for token in session.scalars(select(TokenRow).order_by(TokenRow.created_at.desc())):
        sign_ins.setdefault(token.user_id, []).append(
            SignIn(
                token.device_name,
                token.created_at,
                token.expires_at,
                token.revoked_at,
                token.id,
                token.last_seen_at,
                token.lost_at,
                token.wipe_sent_at,
            )
        )
    pending = dict(
        session.execute(
            select(EntryRow.client_id, func.count(func.distinct(EntryRow.sha256)))
            .outerjoin(BlobRow, BlobRow.sha256 == EntryRow.sha256)
            .where(EntryRow.sha256.is_not(None), EntryRow.client_id.is_not(None))
            .where((BlobRow.sha256.is_(None)) | (BlobRow.complete.is_(False)))
            .group_by(EntryRow.client_id)
        ).all()
    )
    installs: dict[uuid.UUID, list[Install]] = {}
    for stream in session.scalars(
        select(ClientStreamRow).order_by(ClientStreamRow.updated_at.desc())
    ):
        installs.setdefault(stream.user_id, []).append(
            Install(
                stream.client_id,
                stream.updated_at,
                stream.last_seq,
                int(pending.get(stream.client_id, 0)),
            )
        )
    return [
        Person(
            id=u.id,
            username=u.username,
            name=u.name,
            role=u.role,
            active=u.active,
            created_at=u.created_at,
            open_incidents=int(load.get(u.id, 0)),
            last_contact=contacts.get(u.id),
            sign_ins=sign_ins.get(u.id, []),
            installs=installs.get(u.id, []),
        )
        for u in users
    ]
