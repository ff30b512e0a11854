"""Passwords, device tokens and who is asking.

Passwords are kept as scrypt hashes (``hashlib.scrypt``, RFC 7914: slow and memory-hard,
from the standard library). A login hands the device a random token; the server keeps
only its SHA-256 (the token carries 256 random bits, so a fast hash is enough) with an
expiry. Every other request sends it as ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from domain.ids import new_id
from sync.protocol.errors import ErrorCode
from sync.protocol.messages import Role
from sync.server.errors import ApiError
from sync.server.models import TokenRow, UserRow

# scrypt cost: 16 MiB of memory and about 50 ms a hash on a laptop-class core.
_N, _R, _P = 2**14, 8, 1
_MAXMEM = 64 * 1024 * 1024

DEFAULT_TOKEN_TTL = timedelta(days=30)


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
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def login(
    session: Session,
    username: str,
    password: str,
    device_name: str,
    *,
    now: datetime,
    ttl: timedelta,
) -> tuple[str, TokenRow, UserRow]:
    """Check the password and hand out a new device token (returned once, in clear)."""
    user = session.scalars(select(UserRow).where(UserRow.username == username)).one_or_none()
    if user is None or not user.active:
        verify_password(password, _DUMMY_HASH)
        raise ApiError(401, ErrorCode.BAD_CREDENTIALS, "Wrong user name or password.")
    if not verify_password(password, user.password_hash):
        raise ApiError(401, ErrorCode.BAD_CREDENTIALS, "Wrong user name or password.")
    token = secrets.token_urlsafe(32)
    row = TokenRow(
        id=new_id(),
        user_id=user.id,
        token_hash=token_digest(token),
        device_name=device_name,
        created_at=now,
        expires_at=now + ttl,
        revoked_at=None,
    )
    session.add(row)
    return token, row, user


def authenticate(conn: Connection, token: str | None, *, now: datetime) -> Caller:
    """The caller behind ``token``, or 401 with a code the client can act on.

    One indexed SELECT on an autocommit connection: every request pays for it.
    """
    if not token:
        raise _unauthenticated("Log in first: this request carries no device token.")
    found = conn.execute(
        select(
            TokenRow.expires_at,
            TokenRow.revoked_at,
            UserRow.id,
            UserRow.username,
            UserRow.name,
            UserRow.role,
            UserRow.active,
        )
        .join(UserRow, UserRow.id == TokenRow.user_id)
        .where(TokenRow.token_hash == token_digest(token))
    ).one_or_none()
    if found is None:
        raise _unauthenticated("This device token is not known here: log in again.")
    if found.revoked_at is not None or not found.active:
        raise _unauthenticated("This device was signed out: log in again.")
    if found.expires_at <= now:
        raise ApiError(
            401,
            ErrorCode.TOKEN_EXPIRED,
            "The sign-in on this device has expired: log in again (unsynced work is kept).",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return Caller(user_id=found.id, username=found.username, name=found.name, role=found.role)


def revoke(session: Session, token: str, *, now: datetime) -> None:
    session.execute(
        update(TokenRow)
        .where(TokenRow.token_hash == token_digest(token), TokenRow.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def _unauthenticated(message: str) -> ApiError:
    return ApiError(401, ErrorCode.UNAUTHENTICATED, message, headers={"WWW-Authenticate": "Bearer"})
