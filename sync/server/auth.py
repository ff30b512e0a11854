"""Passwords, devices and their tokens, and who is asking.

Passwords are kept as scrypt hashes (``hashlib.scrypt``, RFC 7914: slow and memory-hard,
from the standard library). A login makes a device (a ``tokens`` row) and hands it a
random token; the server keeps only its SHA-256 (the token carries 256 random bits, so a
fast hash is enough) with an expiry. Every other request sends it as
``Authorization: Bearer <token>``. The office ends devices
(:class:`~sync.server.office.Office`: revoke, mark lost, deactivate, a new password);
logins are throttled (:mod:`sync.server.throttle`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import typing
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Table, bindparam, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from domain.ids import new_id
from sync.protocol.errors import ErrorCode, token_sha256, wipe_proof
from sync.protocol.messages import Role
from sync.server.db import Database
from sync.server.errors import ApiError
from sync.server.models import Ended, TokenRow, UserRow
from sync.server.throttle import LoginGate

log = logging.getLogger("fieldbook.server")

# scrypt cost: 16 MiB of memory and about 50 ms a hash on a laptop-class core.
_N, _R, _P = 2**14, 8, 1
_MAXMEM = 64 * 1024 * 1024

#: A device's last contact is written when the one kept is older than this.
SEEN_EVERY = timedelta(minutes=1)
#: The name of a device that gave none (and of the tokens made before devices had names).
UNKNOWN_DEVICE = "unknown device"


@dataclass(frozen=True, slots=True)
class Caller:
    """The user a request comes from, as its token says."""

    user_id: uuid.UUID
    username: str
    name: str
    role: Role


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, maxmem=_MAXMEM, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# A hash to check against when the user name is unknown, so the answer takes as long.
_DUMMY_HASH = hash_password(secrets.token_hex(8))


def token_digest(token: str) -> str:
    return token_sha256(token)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A new device: its token (handed out once, in clear) and whose it is."""

    token: str
    device_id: uuid.UUID
    expires_at: datetime
    user: Caller


class WrongRole(Exception):
    """The password was right, but the user's role may not sign in here."""

    def __init__(self, user: Caller) -> None:
        super().__init__(user.username)
        self.user = user


def login(
    db: Database,
    gate: LoginGate,
    username: str,
    password: str,
    device_name: str,
    *,
    address: str,
    clock: Callable[[], datetime],
    ttl: timedelta,
    role: Role | None = None,
) -> SignedIn:
    """Check the password (throttled, see :mod:`sync.server.throttle`) and make a device.

    The password is checked outside any write transaction (it takes ~50 ms); the device
    is made only if the password is still the one checked. ``role``: refuse other roles
    with :class:`WrongRole` (the password was right: no failure is counted).
    """
    gate.check(db, username, address, now=clock())
    with gate.hashing():
        with db.read() as session:
            user = session.scalars(
                select(UserRow).where(UserRow.username == username)
            ).one_or_none()
        known = user is not None and user.active
        checked = user.password_hash if user is not None and known else _DUMMY_HASH
        right = verify_password(password, checked) and known
    if not right or user is None:
        gate.failed(db, username, address, now=clock())
        raise ApiError(401, ErrorCode.BAD_CREDENTIALS, "Wrong user name or password.")
    gate.succeeded(db, username)
    caller = Caller(user_id=user.id, username=user.username, name=user.name, role=user.role)
    if role is not None and user.role is not role:
        raise WrongRole(caller)
    token = secrets.token_urlsafe(32)
    now = clock()
    with db.write() as session:
        current = session.get(UserRow, user.id)
        if current is None or not current.active or current.password_hash != checked:
            # Deactivated, or the password changed, while this one was being checked.
            raise ApiError(401, ErrorCode.BAD_CREDENTIALS, "Wrong user name or password.")
        row = TokenRow(
            id=new_id(),
            user_id=user.id,
            token_hash=token_digest(token),
            device_name=device_name.strip() or UNKNOWN_DEVICE,
            created_at=now,
            expires_at=now + ttl,
            revoked_at=None,
            last_seen_at=now,
        )
        session.add(row)
    return SignedIn(token=token, device_id=row.id, expires_at=row.expires_at, user=caller)


_TOKENS = typing.cast(Table, TokenRow.__table__)
_USERS = typing.cast(Table, UserRow.__table__)
#: Who a token's digest belongs to: built once (every request runs it), on the tables.
_CALLER = (
    select(
        _TOKENS.c.id.label("device_id"),
        _TOKENS.c.expires_at,
        _TOKENS.c.revoked_at,
        _TOKENS.c.revoked_by,
        _TOKENS.c.last_seen_at,
        _TOKENS.c.lost_at,
        _TOKENS.c.wipe_sent_at,
        _USERS.c.id,
        _USERS.c.username,
        _USERS.c.name,
        _USERS.c.role,
        _USERS.c.active,
    )
    .join_from(_TOKENS, _USERS, _USERS.c.id == _TOKENS.c.user_id)
    .where(_TOKENS.c.token_hash == bindparam("digest"))
)
_SEEN = (
    update(_TOKENS).where(_TOKENS.c.id == bindparam("device")).values(last_seen_at=bindparam("now"))
)


def authenticate(conn: Connection, token: str | None, *, now: datetime) -> Caller:
    """The caller behind ``token``, or 401 with a code the client can act on.

    One indexed SELECT on an autocommit connection: every request pays for it. The
    device's last contact is written at most once a minute (:data:`SEEN_EVERY`). A
    device marked lost is answered ``device_lost`` at every contact, never once only: a
    reply lost on the way is sent again the next time.
    """
    if not token:
        raise _unauthenticated("Log in first: this request carries no device token.")
    digest = token_digest(token)
    found = conn.execute(_CALLER, {"digest": digest}).one_or_none()
    if found is None:
        raise _unauthenticated("This device token is not known here: log in again.")
    if found.lost_at is not None:
        if found.wipe_sent_at is None:
            _touch(conn, found.device_id, wipe_sent_at=now)
        log.warning("device %s (marked lost) made contact: erase ordered", found.device_id)
        raise ApiError(
            401,
            ErrorCode.DEVICE_LOST,
            "The office marked this device lost: its Fieldbook data is erased.",
            wipe_proof=wipe_proof(digest),
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    if (found.revoked_at is not None and found.revoked_by != Ended.LOGOUT) or not found.active:
        raise ApiError(
            401,
            ErrorCode.DEVICE_REVOKED,
            "The office signed this device out: sign in again (unsynced work is kept).",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    if found.revoked_at is not None:
        raise _unauthenticated("This device was signed out: log in again.")
    if found.expires_at <= now:
        raise ApiError(
            401,
            ErrorCode.TOKEN_EXPIRED,
            "The sign-in on this device has expired: log in again (unsynced work is kept).",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    if found.last_seen_at is None or now - found.last_seen_at >= SEEN_EVERY:
        _seen(conn, found.device_id, now)
    return Caller(user_id=found.id, username=found.username, name=found.name, role=found.role)


def _seen(conn: Connection, device_id: uuid.UUID, now: datetime) -> None:
    """Note the device's last contact (every request may: one statement built once)."""
    try:
        conn.execute(_SEEN, {"device": device_id, "now": now})
    except DBAPIError as error:
        log.info("device %s: last contact not noted (%s)", device_id, type(error).__name__)


def _touch(conn: Connection, device_id: uuid.UUID, **values: datetime) -> None:
    """Note the device's contact; a failure here never fails the request."""
    try:
        conn.execute(update(TokenRow).where(TokenRow.id == device_id).values(**values))
    except DBAPIError as error:
        log.info("device %s: last contact not noted (%s)", device_id, type(error).__name__)


def revoke(session: Session, token: str, *, now: datetime) -> None:
    """The device signs itself out."""
    session.execute(
        update(TokenRow)
        .where(TokenRow.token_hash == token_digest(token), TokenRow.revoked_at.is_(None))
        .values(revoked_at=now, revoked_by=Ended.LOGOUT)
    )


def _unauthenticated(message: str) -> ApiError:
    return ApiError(401, ErrorCode.UNAUTHENTICATED, message, headers={"WWW-Authenticate": "Bearer"})
