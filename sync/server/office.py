"""What the office does: people, clients, contracts, parts, stock, incidents, assignment.

The command line, the dispatch endpoints and the demo all go through here, so every
change reaches the technicians' feeds the same way: each method is one transaction that
takes a feed position (:func:`sync.server.feed.take_position`) when it changes what a
technician holds.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from domain import rules
from domain.ids import new_id
from domain.mail import BadAddress, check_address
from domain.records import (
    DEFAULT_EXCLUSIONS,
    ActionKind,
    Channel,
    Entry,
    Priority,
    PriorityChange,
    Reassignment,
    Status,
    StatusChange,
    SystemCategory,
)
from domain.rules import Refused
from domain.zones import DEFAULT_ZONE, UnknownZone, check_zone
from sync.protocol.messages import RecordKind, Role
from sync.server import records
from sync.server.auth import hash_password
from sync.server.db import Database, new_epoch
from sync.server.feed import Staged, holders, take_position
from sync.server.models import (
    Base,
    ClientRow,
    ContractRow,
    CounterRow,
    CoveredSystemRow,
    Ended,
    IncidentRow,
    SlaTargetRow,
    SparePartRow,
    TokenRow,
    UserRow,
    VanStockRow,
)
from sync.server.rulebook import DatabaseRecord, OfficeEntries

log = logging.getLogger("fieldbook.server")

M = TypeVar("M", bound=Base)

#: (respond, resolve) targets in minutes per priority; None: no target.
Targets = Mapping[Priority, tuple[int | None, int | None]]


class OfficeError(ValueError):
    """An office command that cannot be done as asked (unknown name, taken number…)."""


def _email(value: str) -> str:
    try:
        return check_address(value)
    except BadAddress as error:
        raise OfficeError(f"{value!r} is not an e-mail address: {error}") from None


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Device:
    """One sign-in as the office sees it."""

    id: uuid.UUID
    username: str
    name: str
    signed_in_at: datetime
    last_contact: datetime | None  # the service's clock, to the minute
    expires_at: datetime
    state: str  # active, expired, revoked (by whom: ended_by), lost, wipe sent
    ended_by: str | None
    ended_at: datetime | None

    def plain(self) -> dict[str, object]:
        return {
            "id": str(self.id),
            "user": self.username,
            "device": self.name,
            "state": self.state,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "signed_in": self.signed_in_at.isoformat(),
            "expires": self.expires_at.isoformat(),
            "ended_by": self.ended_by,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
        }


def _device(row: TokenRow, username: str, now: datetime) -> Device:
    if row.lost_at is not None:
        state = "wipe sent" if row.wipe_sent_at is not None else "lost"
    elif row.revoked_at is not None:
        state = "revoked"
    elif row.expires_at <= now:
        state = "expired"
    else:
        state = "active"
    return Device(
        id=row.id,
        username=username,
        name=row.device_name,
        signed_in_at=row.created_at,
        last_contact=row.last_seen_at,
        expires_at=row.expires_at,
        state=state,
        ended_by=row.revoked_by,
        ended_at=row.revoked_at,
    )


def _end_devices(s: Session, user_id: uuid.UUID, by: Ended, now: datetime) -> int:
    """Sign every device of the user out (console sessions too)."""
    result = s.execute(
        update(TokenRow)
        .where(TokenRow.user_id == user_id, TokenRow.revoked_at.is_(None))
        .values(revoked_at=now, revoked_by=by)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _finish(session: Session, staged: Staged, entries: OfficeEntries | None = None) -> None:
    if staged or entries is not None:
        position = take_position(session)
        if entries is not None:
            entries.write(session, position)
        staged.write(session, position)


class Office:
    def __init__(self, db: Database, clock: Callable[[], datetime] = _now) -> None:
        self.db = db
        self.clock = clock

    # --- people ------------------------------------------------------------------------

    def add_user(
        self, username: str, name: str, password: str, role: Role = Role.TECHNICIAN
    ) -> uuid.UUID:
        if not username.strip() or not password:
            raise OfficeError("a user needs a user name and a password")
        password_hash = hash_password(password)
        with self.db.write() as s:
            if s.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
                raise OfficeError(f"user {username!r} exists already")
            user = UserRow(
                id=new_id(),
                username=username,
                name=name or username,
                role=role,
                password_hash=password_hash,
                active=True,
                created_at=self.clock(),
            )
            s.add(user)
            s.flush()
            staged = Staged()
            if role is Role.TECHNICIAN:
                staged.put(user.id, RecordKind.TECHNICIAN, user.id)
            _finish(s, staged)
            log.info("added %s %s", role.value, username)
            return user.id

    def set_password(self, username: str | uuid.UUID, password: str) -> None:
        """A new password; every device signed in with the old one is signed out."""
        if not password:
            raise OfficeError("a password cannot be empty")
        password_hash = hash_password(password)
        with self.db.write() as s:
            user = self._user(s, username)
            user.password_hash = password_hash
            ended = _end_devices(s, user.id, Ended.PASSWORD, self.clock())
        log.info("user %s: password changed, %d device(s) signed out", username, ended)

    def set_active(self, user: uuid.UUID | str, active: bool) -> None:
        """Deactivate a user (no sign-in; every device of theirs is signed out for good)
        or let them sign in again. Their records and history stay as they are."""
        with self.db.write() as s:
            row = self._user(s, user)
            row.active = active
            ended = 0 if active else _end_devices(s, row.id, Ended.DEACTIVATED, self.clock())
        log.info("user %s %s", user, "activated" if active else f"deactivated ({ended} devices)")

    # --- devices -----------------------------------------------------------------------

    def devices(self, user: str | uuid.UUID | None = None, *, ended: bool = False) -> list[Device]:
        """Every device (sign-in) of ``user``, or of everyone; the ended ones with
        ``ended``. Most recently heard from first."""
        now = self.clock()
        with self.db.read() as s:
            query = select(TokenRow, UserRow.username).join(UserRow, UserRow.id == TokenRow.user_id)
            if user is not None:
                query = query.where(TokenRow.user_id == self._user(s, user).id)
            rows = s.execute(query).all()
        found = [_device(row, username, now) for row, username in rows]
        if not ended:
            found = [d for d in found if d.state in ("active", "lost", "wipe sent")]
        far = datetime.min.replace(tzinfo=UTC)
        return sorted(found, key=lambda d: d.last_contact or d.signed_in_at or far, reverse=True)

    def revoke_device(self, device: uuid.UUID | str) -> Device:
        """Sign one device out: its token is refused from now on (``device_revoked``)."""
        with self.db.write() as s:
            row = self._device(s, device)
            if row.revoked_at is None:
                row.revoked_at, row.revoked_by = self.clock(), Ended.OFFICE
            username = self._user(s, row.user_id).username
        log.info("device %s revoked", row.id)
        return _device(row, username, self.clock())

    def mark_lost(self, device: uuid.UUID | str) -> Device:
        """Mark a device lost: it is signed out, and its next contact (every one, until it
        hears) is answered with the order to erase its data folder."""
        now = self.clock()
        with self.db.write() as s:
            row = self._device(s, device)
            if row.lost_at is None:
                row.lost_at = now
            if row.revoked_at is None:
                row.revoked_at, row.revoked_by = now, Ended.LOST
            username = self._user(s, row.user_id).username
        log.warning("device %s marked lost", row.id)
        return _device(row, username, now)

    def _device(self, s: Session, ref: uuid.UUID | str) -> TokenRow:
        try:
            device_id = ref if isinstance(ref, uuid.UUID) else uuid.UUID(ref.strip())
        except ValueError:
            raise OfficeError(
                f"{ref!r} is not a device id (see fieldbook-server devices)"
            ) from None
        row = s.get(TokenRow, device_id)
        if row is None:
            raise OfficeError(f"no device {ref}")
        return row

    def _user(self, s: Session, ref: str | uuid.UUID) -> UserRow:
        row: UserRow | None
        if isinstance(ref, uuid.UUID):
            row = s.get(UserRow, ref)
        else:
            row = s.scalars(select(UserRow).where(UserRow.username == ref)).one_or_none()
        if row is None:
            raise OfficeError(f"no user {ref}")
        return row

    def user_id(self, username: str) -> uuid.UUID:
        with self.db.read() as s:
            return self._user(s, username).id

    # --- reference data ---------------------------------------------------------------

    def add_client(
        self, name: str, *, language: str = "en", address: str = "", email: str = ""
    ) -> uuid.UUID:
        if language not in ("en", "zh"):
            raise OfficeError("a client's report language is en or zh")
        email = _email(email) if email else ""
        with self.db.write() as s:
            row = ClientRow(id=new_id(), name=name, language=language, address=address, email=email)
            s.add(row)
            return row.id

    def set_client_email(self, client: uuid.UUID | str, email: str) -> None:
        """Where the client's service reports are e-mailed ("" none); the technicians
        holding the client get it, and their "Send to the client" offers it."""
        email = _email(email) if email.strip() else ""
        with self.db.write() as s:
            row = self._client(s, client)
            if row.email == email:
                return
            row.email = email
            staged = Staged()
            staged.touch(RecordKind.CLIENT, row.id)
            _finish(s, staged)

    def add_contract(
        self,
        client: uuid.UUID | str,
        number: str,
        targets: Targets,
        *,
        pause_allowed: bool = False,
        exclusions: frozenset[ActionKind] = DEFAULT_EXCLUSIONS,
        time_zone: str = DEFAULT_ZONE,
    ) -> uuid.UUID:
        zone_name = _zone(time_zone)
        with self.db.write() as s:
            client_row = self._client(s, client)
            if s.scalar(select(ContractRow.id).where(ContractRow.number == number)):
                raise OfficeError(f"contract {number} exists already")
            row = ContractRow(
                id=new_id(),
                client_id=client_row.id,
                number=number,
                pause_allowed=pause_allowed,
                exclusions=sorted(k.value for k in exclusions),
                time_zone=zone_name,
            )
            s.add(row)
            s.flush()
            for priority, (respond, resolve) in targets.items():
                s.add(
                    SlaTargetRow(
                        contract_id=row.id,
                        priority=priority,
                        respond_minutes=respond,
                        resolve_minutes=resolve,
                    )
                )
            return row.id

    def set_targets(self, contract: uuid.UUID | str, targets: Targets) -> None:
        """Change a contract's SLA targets; technicians holding it get it again."""
        with self.db.write() as s:
            row = self._contract(s, contract)
            for priority, (respond, resolve) in targets.items():
                s.merge(
                    SlaTargetRow(
                        contract_id=row.id,
                        priority=priority,
                        respond_minutes=respond,
                        resolve_minutes=resolve,
                    )
                )
            staged = Staged()
            staged.touch(RecordKind.CONTRACT, row.id)
            _finish(s, staged)

    def set_time_zone(self, contract: uuid.UUID | str, time_zone: str) -> None:
        """The client's time zone (an IANA name); technicians holding the contract get it."""
        zone_name = _zone(time_zone)
        with self.db.write() as s:
            row = self._contract(s, contract)
            if row.time_zone == zone_name:
                return
            row.time_zone = zone_name
            staged = Staged()
            staged.touch(RecordKind.CONTRACT, row.id)
            _finish(s, staged)
        self.db.changes.notify(None)  # every clock of the contract reads anew

    def add_system(
        self,
        contract: uuid.UUID | str,
        name: str,
        category: SystemCategory,
        *,
        location: str = "",
    ) -> uuid.UUID:
        with self.db.write() as s:
            contract_row = self._contract(s, contract)
            row = CoveredSystemRow(
                id=new_id(),
                contract_id=contract_row.id,
                name=name,
                category=category,
                location=location,
            )
            s.add(row)
            s.flush()
            staged = Staged()
            for audience in list(holders(s, RecordKind.CONTRACT, contract_row.id)):
                staged.put(audience, RecordKind.SYSTEM, row.id)
            _finish(s, staged)
            return row.id

    def add_part(self, part_number: str, description: str) -> uuid.UUID:
        with self.db.write() as s:
            if s.scalar(select(SparePartRow.id).where(SparePartRow.part_number == part_number)):
                raise OfficeError(f"part {part_number} exists already")
            row = SparePartRow(id=new_id(), part_number=part_number, description=description)
            s.add(row)
            return row.id

    def set_stock(self, technician: uuid.UUID | str, part: uuid.UUID | str, on_hand: int) -> None:
        """Count ``part`` in ``technician``'s van (after a restock or a stock take)."""
        with self.db.write() as s:
            user = self._user(s, technician)
            part_row = self._part(s, part)
            s.merge(
                VanStockRow(
                    technician_id=user.id,
                    part_id=part_row.id,
                    on_hand=on_hand,
                    as_of=self.clock(),
                )
            )
            staged = Staged()
            staged.put(user.id, RecordKind.PART, part_row.id)
            staged.put(user.id, RecordKind.VAN_STOCK, part_row.id)
            _finish(s, staged)

    def _client(self, s: Session, ref: uuid.UUID | str) -> ClientRow:
        row = _by_id_or(s, ClientRow, ref, ClientRow.name)
        if row is None:
            raise OfficeError(f"no client {ref}")
        return row

    def _contract(self, s: Session, ref: uuid.UUID | str) -> ContractRow:
        row = _by_id_or(s, ContractRow, ref, ContractRow.number)
        if row is None:
            raise OfficeError(f"no contract {ref}")
        return row

    def _part(self, s: Session, ref: uuid.UUID | str) -> SparePartRow:
        row = _by_id_or(s, SparePartRow, ref, SparePartRow.part_number)
        if row is None:
            raise OfficeError(f"no spare part {ref}")
        return row

    # --- incidents -----------------------------------------------------------------------

    def add_incident(
        self,
        *,
        contract: uuid.UUID | str,
        number: str,
        title: str,
        priority: Priority,
        system: uuid.UUID | None = None,
        system_name: str = "",
        description: str = "",
        channel: Channel = Channel.PHONE,
        notified_at: datetime | None = None,
        assign_to: uuid.UUID | str | None = None,
    ) -> uuid.UUID:
        """A client's emergency as dispatch records it, assigned to a technician or nobody."""
        now = self.clock()
        with self.db.write() as s:
            contract_row = self._contract(s, contract)
            if s.scalar(select(IncidentRow.id).where(IncidentRow.number == number)):
                raise OfficeError(f"incident {number} exists already")
            if system is not None:
                system_row = s.get(CoveredSystemRow, system)
                if system_row is None or system_row.contract_id != contract_row.id:
                    raise OfficeError("that system is not in the contract's Annex 1")
                system_name = system_row.name
            elif not system_name:
                raise OfficeError("name the system (it is not in the contract's Annex 1)")
            assignee = self._technician(s, assign_to) if assign_to is not None else None
            row = IncidentRow(
                id=new_id(),
                number=number,
                client_id=contract_row.client_id,
                contract_id=contract_row.id,
                system_id=system,
                system_name=system_name,
                priority=priority,
                channel=channel,
                title=title,
                description=description,
                notified_at=notified_at or now,
                status=Status.NEW,
                responded_at=None,
                resolved_at=None,
                resolution=None,
                assigned_to=assignee.id if assignee else None,
                created_at=now,
                updated_at=now,
            )
            s.add(row)
            s.flush()
            staged = Staged()
            if assignee is not None:
                staged.grant_incident(s, assignee.id, row)
            _finish(s, staged)
            log.info("incident %s created, assigned to %s", number, assignee and assignee.username)
        self.db.changes.notify([row.id])  # committed: the office's boards show it
        return row.id

    def assign(
        self,
        incident: uuid.UUID | str,
        technician: uuid.UUID | str | None,
        *,
        reason: str = "",
        by: uuid.UUID | None = None,
    ) -> None:
        """Dispatch (re)assigns: the old technician drops the incident, the new one gets it.

        The change is an entry in the incident's history (:class:`Reassignment`), judged
        by the rulebook; ``by`` is the dispatcher (None: the office's command line).
        """
        now = self.clock()
        with self.db.write() as s:
            row = self._incident(s, incident)
            assignee = self._technician(s, technician) if technician is not None else None
            new = assignee.id if assignee else None
            if row.assigned_to == new:
                return
            entry = Reassignment(
                id=new_id(),
                incident_id=row.id,
                recorded_at=now,
                author_id=by,
                from_technician=row.assigned_to,
                to_technician=new,
                reason=reason.strip(),
            )
            self._judge(s, row, entry)
            staged, written = Staged(), OfficeEntries(now)
            if row.assigned_to is not None:
                staged.revoke_incident(s, row.assigned_to, row.id)
            records.update_incident(row, rules.apply_entry(records.incident(row), entry))
            row.updated_at = now
            s.flush()
            if assignee is not None:
                staged.grant_incident(s, assignee.id, row)
            written.add(entry, staged, new)
            _finish(s, staged, written)
            log.info("incident %s assigned to %s", row.number, assignee and assignee.username)
        self.db.changes.notify([row.id])

    def change_priority(
        self,
        incident: uuid.UUID | str,
        priority: Priority,
        reason: str,
        *,
        by: uuid.UUID | None = None,
    ) -> None:
        """The client's impact was re-assessed: a new priority, with the reason, logged."""
        now = self.clock()
        with self.db.write() as s:
            row = self._incident(s, incident)
            entry = PriorityChange(
                id=new_id(),
                incident_id=row.id,
                recorded_at=now,
                author_id=by,
                from_priority=row.priority,
                to_priority=priority,
                reason=reason.strip(),
            )
            self._judge(s, row, entry)
            self._record(s, row, entry, now)
            log.info("incident %s: priority %s (%s)", row.number, priority, reason)
        self.db.changes.notify([row.id])

    def cancel(
        self, incident: uuid.UUID | str, reason: str, *, by: uuid.UUID | None = None
    ) -> None:
        """The client withdrew the call (or it was a duplicate): cancelled, with the reason."""
        now = self.clock()
        with self.db.write() as s:
            row = self._incident(s, incident)
            if not reason.strip():
                raise OfficeError("say why the incident is cancelled")
            change = StatusChange(
                id=new_id(),
                incident_id=row.id,
                recorded_at=now,
                author_id=by,
                from_status=row.status,
                to_status=Status.CANCELLED,
                reason=reason.strip(),
            )
            record = DatabaseRecord(s)
            try:
                rules.check_status_change(
                    records.incident(row), change, signed=record.sealed(row.id) is not None
                )
            except Refused as refusal:
                raise OfficeError(str(refusal)) from None
            self._record(s, row, change, now)
            log.info("incident %s cancelled: %s", row.number, reason)
        self.db.changes.notify([row.id])

    def _incident(self, s: Session, ref: uuid.UUID | str) -> IncidentRow:
        row = _by_id_or(s, IncidentRow, ref, IncidentRow.number, lock=True)
        if row is None:
            raise OfficeError(f"no incident {ref}")
        return row

    def _judge(self, s: Session, row: IncidentRow, entry: Entry) -> None:
        try:
            rules.check_entry(records.incident(row), entry, DatabaseRecord(s), by_office=True)
        except Refused as refusal:
            raise OfficeError(str(refusal)) from None

    def _record(self, s: Session, row: IncidentRow, entry: Entry, now: datetime) -> None:
        """Write ``entry`` and its effect on ``row``; the holder's laptop gets both."""
        staged, written = Staged(), OfficeEntries(now)
        records.update_incident(row, rules.apply_entry(records.incident(row), entry))
        row.updated_at = now
        staged.touch(RecordKind.INCIDENT, row.id)
        written.add(entry, staged, row.assigned_to)
        s.flush()
        _finish(s, staged, written)

    def _technician(self, s: Session, ref: uuid.UUID | str) -> UserRow:
        user = self._user(s, ref)
        if user.role is not Role.TECHNICIAN or not user.active:
            raise OfficeError(f"{user.username} is not an active technician")
        return user

    # --- the server ---------------------------------------------------------------------

    def new_epoch(self) -> str:
        """After restoring a backup: every laptop re-downloads (and keeps its outbox)."""
        epoch = new_epoch()
        with self.db.write() as s:
            counter = s.get(CounterRow, 1, with_for_update=True)
            assert counter is not None
            counter.epoch = epoch
        log.warning("new server epoch %s: every client will download again", epoch)
        return epoch


def _zone(name: str) -> str:
    try:
        return check_zone(name)
    except UnknownZone as error:
        raise OfficeError(str(error)) from None


def _by_id_or(
    s: Session,
    model: type[M],
    ref: uuid.UUID | str,
    column: InstrumentedAttribute[str],
    *,
    lock: bool = False,
) -> M | None:
    """The row with id ``ref``, or else the one whose ``column`` (a name, a number) is ``ref``."""
    rid: uuid.UUID | None = ref if isinstance(ref, uuid.UUID) else None
    if isinstance(ref, str):
        with contextlib.suppress(ValueError):
            rid = uuid.UUID(ref)
    if rid is not None:
        row = s.get(model, rid, with_for_update=lock)
        if row is not None or isinstance(ref, uuid.UUID):
            return row
    query = select(model).where(column == ref)
    if lock:
        query = query.with_for_update()
    return s.scalars(query).one_or_none()
