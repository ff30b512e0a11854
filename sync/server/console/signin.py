"""Signing in to the console: the API's login, so the console inherits all it checks.

The one function the console calls to trade a user name and password for a session,
built on :func:`sync.server.auth.login` exactly as ``POST /login`` is: the same password
check, the same throttling (:mod:`sync.server.throttle`), the same device token. Only a
dispatcher gets a session; a technician's correct password is refused without leaving a
token behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sync.protocol.errors import ErrorCode
from sync.protocol.messages import Role
from sync.server import auth
from sync.server.db import Database
from sync.server.errors import ApiError
from sync.server.throttle import LoginGate


class SignInRefused(Exception):
    """Why there is no session: ``code`` is the API's (bad_credentials, too many…)."""

    def __init__(self, code: str, retry_after: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after


NOT_DISPATCH = "not_dispatch"


@dataclass(frozen=True, slots=True)
class Session:
    token: str
    expires_at: datetime
    name: str


class _NotDispatch(Exception):
    pass


def sign_in(
    db: Database,
    username: str,
    password: str,
    *,
    device_name: str,
    address: str,
    clock: Callable[[], datetime],
    ttl: timedelta,
    gate: LoginGate,
) -> Session:
    """A console session for a dispatcher, or :class:`SignInRefused`.

    The same throttle as ``POST /login`` (one count per user name and address)."""
    try:
        signed = auth.login(
            db,
            gate,
            username,
            password,
            device_name,
            address=address,
            clock=clock,
            ttl=ttl,
            role=Role.DISPATCHER,
        )
    except auth.WrongRole:
        raise SignInRefused(NOT_DISPATCH) from None
    except ApiError as error:
        code = error.body.code
        raise SignInRefused(
            code.value if isinstance(code, ErrorCode) else str(code), error.body.retry_after
        ) from None
    return Session(signed.token, signed.expires_at, signed.user.name)


def sign_out(db: Database, token: str, clock: Callable[[], datetime]) -> None:
    with db.write() as session:
        auth.revoke(session, token, now=clock())
