"""Login throttling: growing delays per user name and per source address, and a cap on
passwords checked at once. (And the limits on the public verify page's uploads,
:class:`UploadGate`, at the end.)

Every failed sign-in counts against two keys, ``user:<name>`` and ``addr:<address>``.
Past the free failures of a key (``login_failures_per_user``/``…_per_address``) each
further one blocks the key for ``login_delay_seconds``, doubling with each failure, at
most ``login_delay_max_seconds``. While a key is blocked every sign-in with it is
answered ``429 too_many_attempts`` with ``Retry-After`` *before* any password is checked:
the right password is refused too, and a blocked attempt costs no scrypt and does not
lengthen the delay (else an attacker could keep the account shut for ever by himself
alone from one address; from many addresses he still can: the price of a per-user
limit). A right password clears its user name's count, never its address's (an account
of one's own must not reset the count for guessing others'). Counts are forgotten
``login_forget_minutes`` after their last failure.

The counts live in the database (``login_failures``), not in the process: the service
may run several uvicorn workers (``--workers``) and several instances behind one
address, and a guesser spread over them must meet one count. Times are the service's
clock only; ``Retry-After`` is in seconds, so a laptop's wrong clock changes nothing.

The cap on concurrent hashing is per process (a :class:`threading.BoundedSemaphore`):
what it protects, memory and cores, is the process's own. Beyond it a sign-in waits a
moment and is then answered ``503`` with ``Retry-After: 1``.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import case, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from sync.protocol.errors import ErrorCode
from sync.server.config import ServiceConfig
from sync.server.db import Database
from sync.server.errors import ApiError
from sync.server.models import LoginFailureRow

#: How long a sign-in waits for a free hashing slot before it is answered 503.
HASH_WAIT_SECONDS = 0.25


class LoginGate:
    """The throttle and the hashing cap of one service process."""

    def __init__(self, config: ServiceConfig | None = None) -> None:
        config = config or ServiceConfig()
        self.per_user = config.login_failures_per_user
        self.per_address = config.login_failures_per_address
        self.delay = config.login_delay_seconds
        self.delay_max = config.login_delay_max_seconds
        self.forget = timedelta(minutes=config.login_forget_minutes)
        self._hashing = threading.BoundedSemaphore(config.login_concurrent_hashes)

    @staticmethod
    def _keys(username: str, address: str) -> tuple[str, str]:
        return f"user:{username.strip().casefold()[:150]}", f"addr:{address_key(address)}"

    def check(self, db: Database, username: str, address: str, *, now: datetime) -> None:
        """429 while the user name or the address is blocked."""
        keys = self._keys(username, address)
        with db.autocommit() as conn:
            until = conn.scalars(
                select(LoginFailureRow.blocked_until).where(
                    LoginFailureRow.key.in_(keys), LoginFailureRow.blocked_until > now
                )
            ).all()
        if until:
            raise too_many((max(u for u in until if u is not None) - now).total_seconds())

    @contextmanager
    def hashing(self) -> Iterator[None]:
        """Hold one of the process's hashing slots, or answer 503 with Retry-After."""
        if not self._hashing.acquire(timeout=HASH_WAIT_SECONDS):
            raise ApiError(
                503,
                ErrorCode.UNAVAILABLE,
                "Too many sign-ins at once: try again in a second.",
                retry_after=1,
                headers={"Retry-After": "1"},
            )
        try:
            yield
        finally:
            self._hashing.release()

    def failed(self, db: Database, username: str, address: str, *, now: datetime) -> None:
        """Count a failed sign-in against both keys; block those past their free ones."""
        user_key, address_key = self._keys(username, address)
        cutoff = now - self.forget
        with db.write() as session:
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            for key, free in ((user_key, self.per_user), (address_key, self.per_address)):
                stmt = insert(LoginFailureRow).values(
                    key=key, failures=1, last_failure_at=now, blocked_until=None
                )
                count = LoginFailureRow.failures
                session.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[LoginFailureRow.key],
                        set_={
                            "failures": case(
                                (LoginFailureRow.last_failure_at < cutoff, 1), else_=count + 1
                            ),
                            "last_failure_at": now,
                        },
                    )
                )
                row = session.get(LoginFailureRow, key, populate_existing=True)
                assert row is not None
                excess = row.failures - free
                if excess > 0:
                    wait = min(self.delay * 2 ** min(excess - 1, 40), self.delay_max)
                    until = now + timedelta(seconds=wait)
                    if row.blocked_until is None or row.blocked_until < until:
                        row.blocked_until = until
            # Counts nobody added to for long are dropped (names typed once, old addresses).
            session.execute(
                delete(LoginFailureRow).where(
                    LoginFailureRow.last_failure_at < cutoff,
                    or_(
                        LoginFailureRow.blocked_until.is_(None), LoginFailureRow.blocked_until < now
                    ),
                )
            )

    def succeeded(self, db: Database, username: str) -> None:
        """The right password: the user name's count starts again (the address's stays)."""
        user_key, _ = self._keys(username, "")
        with db.write() as session:
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.key == user_key))


class UploadGate:
    """The limits on the public verify page's uploads, for one service process.

    Anyone may upload a file there without signing in, and reading it (a PDF parsed, a
    scan or photo searched for a QR code) costs up to a second of a core: a loop of
    uploads would take the cores the technicians' syncs need. So a source address (as
    :func:`address_key` counts them) may have ``verify_uploads_per_minute`` files read in
    any 60 seconds, beyond which it is answered 429 with ``Retry-After`` (the seconds
    until its oldest upload of the minute leaves the window); and a process reads at most
    ``verify_concurrent_reads`` files at once, beyond which an upload is answered 503
    with ``Retry-After: 1``. Typing a seal, or following a QR code, is never limited:
    it is one indexed look-up.

    The counts live in the process, unlike the login counts: what they protect is this
    process's cores, a count lost in a restart lets nobody guess anything, and each of
    several instances has its own cores to protect. Times are the process's monotonic
    clock, so the machine's clock being set changes nothing. At most ``MAX_ADDRESSES``
    addresses are remembered; past that, those idle for a minute are forgotten first,
    then the longest-known.
    """

    WINDOW_SECONDS = 60.0
    MAX_ADDRESSES = 10_000

    def __init__(
        self, config: ServiceConfig | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        config = config or ServiceConfig()
        self.per_minute = config.verify_uploads_per_minute
        self.concurrent = config.verify_concurrent_reads
        self._clock = clock
        self._lock = threading.Lock()
        self._recent: dict[str, deque[float]] = {}
        self._reading = 0

    def admit(self, address: str) -> None:
        """Count one upload from ``address``, or raise 429 when it has had its share."""
        key = address_key(address)
        now = self._clock()
        with self._lock:
            times = self._recent.get(key)
            if times is None:
                self._make_room(now)
                times = self._recent[key] = deque()
            while times and times[0] <= now - self.WINDOW_SECONDS:
                times.popleft()
            if len(times) >= self.per_minute:
                wait = max(1, math.ceil(times[0] + self.WINDOW_SECONDS - now))
                raise ApiError(
                    429,
                    ErrorCode.TOO_MANY_ATTEMPTS,
                    f"Too many files checked from this address: try again in {wait} seconds.",
                    retry_after=wait,
                    headers={"Retry-After": str(wait)},
                )
            times.append(now)

    def _make_room(self, now: float) -> None:
        if len(self._recent) < self.MAX_ADDRESSES:
            return
        idle = [k for k, t in self._recent.items() if not t or t[-1] <= now - self.WINDOW_SECONDS]
        for key in idle:
            del self._recent[key]
        while len(self._recent) >= self.MAX_ADDRESSES:
            del self._recent[next(iter(self._recent))]

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold one of the process's reading slots, or raise 503 with Retry-After."""
        with self._lock:
            if self._reading >= self.concurrent:
                raise ApiError(
                    503,
                    ErrorCode.UNAVAILABLE,
                    "Too many files are being checked at once: try again in a second.",
                    retry_after=1,
                    headers={"Retry-After": "1"},
                )
            self._reading += 1
        try:
            yield
        finally:
            with self._lock:
                self._reading -= 1


def address_key(address: str) -> str:
    """What counts as one source: an IPv4 address, or an IPv6 address's /64 (one host
    commonly holds a whole /64 and could otherwise guess from a new address each time)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:100]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def too_many(seconds: float) -> ApiError:
    wait = max(1, math.ceil(seconds))
    return ApiError(
        429,
        ErrorCode.TOO_MANY_ATTEMPTS,
        f"Too many failed sign-ins: try again in {wait} seconds.",
        retry_after=wait,
        headers={"Retry-After": str(wait)},
    )
