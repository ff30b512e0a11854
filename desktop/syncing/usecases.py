"""Sync use cases for the window and the command line (no Qt; run them off the GUI thread).

Every failure is a :class:`~desktop.syncing.errors.SyncUseCaseError` a technician can read;
none of them loses anything local: the outbox always survives.
"""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, func, select, true, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desktop.store.db import Store
from desktop.store.models import (
    IncidentRow,
    MetaRow,
    OutboxRow,
    OutboxState,
    SetAsideRow,
    SyncRefreshRow,
    SyncStateRow,
    SyncStreamRow,
    TechnicianRow,
)
from desktop.store.outbox import prune_settled
from desktop.syncing import credentials, engine, wipe
from desktop.syncing import errors as e
from domain import rules
from domain.messages import QT_TRANSLATE_NOOP, Message, terms
from sync import client
from sync.client import Connection, RetryPolicy
from sync.protocol import MutationName, Role

log = logging.getLogger("fieldbook.sync")

T = TypeVar("T")

#: For a window: give up on an unreachable office quickly, the next try comes anyway (the
#: command line's default waits minutes before it says "offline").
INTERACTIVE = RetryPolicy(
    attempts=2, backoff=0.5, backoff_max=4, connect_timeout=5, read_timeout=45
)

_META_SERVER = "server_url"
#: Set in a data folder the demo office filled (desktop.demo): the first sign-in to a
#: real office clears it.
DEMO_KEY = "demo_office"
_META_USER = "username"


@dataclass(frozen=True, slots=True)
class SignedIn:
    server_url: str
    username: str
    user_id: uuid.UUID
    name: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class SyncStatus:
    server_url: str | None
    username: str | None
    signed_in: bool  # a token is in the keyring (it may still have expired on the server)
    pending: int  # the signed-in technician's changes not yet sent
    rejected: int
    discarded: int
    set_aside: int  # records a pull brought that this laptop could not store
    others_pending: int  # another technician's changes, kept until they sign in
    last_synced_at: datetime | None
    keyring_problem: str | None  # why the keyring cannot be used, when it cannot


@dataclass(frozen=True, slots=True)
class RejectedChange:
    seq: int
    name: str  # the mutation (:class:`sync.protocol.MutationName`)
    code: str | None  # the server's reject code (sync.protocol.RejectCode)
    message: str  # the server's words for the technician (English)
    explanation: Message | None  # the same, translatable (the rulebook's own message)
    current_status: str | None  # on a status conflict: the status the office holds
    incident_id: uuid.UUID | None
    incident_number: str | None  # None when the incident is no longer on this laptop
    entry_kind: str | None  # note, action, status, …
    description: str  # a short description of what the change was
    remedy: str  # what the technician can do (translatable, UseCaseError context)
    created_at: datetime


_REMEDIES = {
    "conflict": QT_TRANSLATE_NOOP(
        "UseCaseError",
        "The office's record moved on first: check the incident and record it again if it "
        "still applies, then discard this.",
    ),
    "invalid_transition": QT_TRANSLATE_NOOP(
        "UseCaseError", "That status change is not allowed: discard it and record the right one."
    ),
    "forbidden": QT_TRANSLATE_NOOP(
        "UseCaseError",
        "This incident is not (or no longer) assigned to you: tell dispatch, then discard this.",
    ),
    "sealed": QT_TRANSLATE_NOOP(
        "UseCaseError",
        "The client signed off: what was signed cannot change. Record an addendum, then "
        "discard this.",
    ),
    "not_found": QT_TRANSLATE_NOOP(
        "UseCaseError",
        "The office does not have the record this refers to yet: retry after the next sync, "
        "or discard it.",
    ),
    "duplicate": QT_TRANSLATE_NOOP(
        "UseCaseError", "The office holds a different record under this id or number: discard it."
    ),
}
_DEFAULT_REMEDY = QT_TRANSLATE_NOOP(
    "UseCaseError",
    "The office could not take this change: update Fieldbook and retry it, or discard it.",
)


# --- signing in and out ---------------------------------------------------------------


def login(
    store: Store,
    server_url: str,
    username: str,
    password: str,
    device_name: str | None = None,
    *,
    policy: RetryPolicy | None = None,
) -> SignedIn:
    """Sign in: the device token goes to the OS keyring (refused without one)."""
    credentials.backend()  # refuse before anything leaves the laptop
    server_url = server_url.strip().rstrip("/")
    device = device_name or socket.gethostname() or "Fieldbook"
    with Connection(server_url, policy=policy) as conn:
        answer = _translated(lambda: conn.login(username, password, device))
        if answer.user.role is not Role.TECHNICIAN:
            _quietly(conn.logout)
            raise e.NotATechnician(username)
    credentials.save_token(server_url, answer.user.username, answer.token)
    user = answer.user
    with store.write() as session:
        previous_user = _meta(session, "technician_id")
        previous_server = _meta(session, _META_SERVER)
        if _meta(session, DEMO_KEY):
            # The demo office makes way for the real one: its made-up work never syncs.
            engine.drop_everything(session)
            session.execute(delete(MetaRow).where(MetaRow.key == DEMO_KEY))
        elif previous_server and previous_server != server_url:
            # Another office: new streams of numbers there; pending work goes out anew.
            session.execute(delete(SyncStreamRow))
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.state == OutboxState.PENDING)
                .values(client_id=None, wire_seq=None)
            )
        if previous_user != str(user.id) or previous_server != server_url:
            # What this laptop holds is downloaded afresh for who signs in now; another
            # technician's pending work stays, theirs alone (desktop.syncing.push).
            state = session.get(SyncStateRow, 1)
            if state is not None:
                state.cursor, state.full_download = None, False
        # Work recorded before anyone signed in is the first one's to send.
        session.execute(update(OutboxRow).where(OutboxRow.owner.is_(None)).values(owner=user.id))
        session.merge(MetaRow(key=_META_SERVER, value=server_url))
        session.merge(MetaRow(key=_META_USER, value=user.username))
        # Whose sign-ins the keyring may hold for this laptop (erased with it if lost).
        known = set((_meta(session, credentials.KEYRING_USERS) or "").split("\n")) - {""}
        session.merge(
            MetaRow(key=credentials.KEYRING_USERS, value="\n".join(sorted(known | {user.username})))
        )
        session.merge(MetaRow(key="technician_id", value=str(user.id)))
        clash = session.scalar(
            select(TechnicianRow).where(
                TechnicianRow.username == user.username, TechnicianRow.id != user.id
            )
        )
        if clash is None:
            session.merge(TechnicianRow(id=user.id, name=user.name, username=user.username))
    log.info("signed in as %s at %s", user.username, server_url)
    return SignedIn(server_url, user.username, user.id, user.name, answer.expires_at)


def logout(store: Store, force: bool = False, *, policy: RetryPolicy | None = None) -> None:
    """Sign out. Refused while changes are unsynced unless ``force``; the outbox survives
    either way (it syncs after the next sign-in)."""
    status = sync_status(store)
    if status.pending and not force:
        raise e.UnsyncedWork(status.pending)
    if status.server_url is None or status.username is None:
        return
    token = credentials.load_token(status.server_url, status.username)
    if token is not None:
        with Connection(
            status.server_url, token, policy=policy or RetryPolicy(attempts=1, read_timeout=10)
        ) as conn:
            _quietly(conn.logout)
    credentials.delete_token(status.server_url, status.username)
    log.info("signed out %s (%d change(s) kept unsynced)", status.username, status.pending)


def _quietly(call: Callable[[], object]) -> None:
    try:
        call()
    except client.SyncError as error:
        log.info("ignored while signing out: %s", error)


# --- syncing --------------------------------------------------------------------------


def sync_now(
    store: Store,
    *,
    progress: engine.Progress | None = None,
    policy: RetryPolicy | None = None,
    pull_limit: int | None = None,
    hooks: engine.SyncHooks | None = None,
) -> engine.SyncReport:
    """Push, upload, pull with the signed-in account."""
    server_url = store.get_meta(_META_SERVER)
    username = store.get_meta(_META_USER)
    if not server_url or not username:
        raise e.NotSignedIn()
    token = credentials.load_token(server_url, username)
    if token is None:
        raise e.NotSignedIn()
    try:
        return _translated(
            lambda: engine.sync(
                store,
                lambda: Connection(server_url, token, policy=policy),
                progress=progress,
                pull_limit=pull_limit,
                hooks=hooks,
            )
        )
    except e.SignedOutByOffice:
        # The token is dead for good: forget it, so the laptop shows it is signed out.
        credentials.delete_token(server_url, username)
        raise
    except _Lost:
        folder = store.data_dir
        left = wipe.erase(store, server_url, username)
        if left:
            log.error("could not erase %d path(s) of %s", len(left), folder)
        raise e.DeviceWiped(str(folder)) from None


class _Lost(Exception):
    """The office ordered this device erased (with its proof): sync_now erases it."""


def _translated(call: Callable[[], T]) -> T:
    try:
        return call()
    except client.Offline as error:
        raise e.OfflineError() from error
    except client.DeviceLost as error:
        raise _Lost() from error
    except client.DeviceRevoked as error:
        raise e.SignedOutByOffice() from error
    except client.TooManyAttempts as error:
        raise e.TooManyAttempts(error.retry_after) from error
    except client.AuthRequired as error:
        if error.code == "bad_credentials":
            raise e.BadCredentials() from error
        raise e.SessionExpired() from error
    except client.UpdateRequired as error:
        raise e.UpdateRequired() from error
    except client.ServerTooOld as error:
        raise e.ServerTooOld() from error
    except client.ProtocolBug as error:
        log.error("protocol bug: %s %s", error.status, error.code)
        raise e.ClientBug() from error
    except client.BadAnswer as error:
        log.warning("not the service's answer (%s)", error.status)
        raise e.StrangeAnswer() from error
    except client.SyncError as error:
        log.warning("sync failed: %s", type(error).__name__)
        raise e.ServerProblem() from error


def _mine(session: Session) -> Any:
    """The outbox rows that are the signed-in technician's (all, when nobody is)."""
    me = _meta(session, "technician_id")
    return OutboxRow.owner == uuid.UUID(me) if me else true()


def sync_status(store: Store) -> SyncStatus:
    with store.read() as session:
        mine = _mine(session)
        counts = dict(
            session.execute(
                select(OutboxRow.state, func.count()).where(mine).group_by(OutboxRow.state)
            ).all()
        )
        others = (
            session.scalar(
                select(func.count()).where(~mine, OutboxRow.state == OutboxState.PENDING)
            )
            or 0
        )
        state = session.get(SyncStateRow, 1)
        set_aside = session.scalar(select(func.count()).select_from(SetAsideRow)) or 0
        server_url = _meta(session, _META_SERVER)
        username = _meta(session, _META_USER)
    signed_in, problem = False, None
    if server_url and username:
        try:
            signed_in = credentials.load_token(server_url, username) is not None
        except e.NoKeyring as error:
            problem = str(error)
    return SyncStatus(
        server_url=server_url,
        username=username,
        signed_in=signed_in,
        pending=counts.get(OutboxState.PENDING, 0),
        rejected=counts.get(OutboxState.REJECTED, 0),
        discarded=counts.get(OutboxState.DISCARDED, 0),
        set_aside=set_aside,
        others_pending=others,
        last_synced_at=state.last_synced_at if state is not None else None,
        keyring_problem=problem,
    )


def _meta(session: Session, key: str) -> str | None:
    row = session.get(MetaRow, key)
    return row.value if row is not None and row.value else None


# --- rejected changes ---------------------------------------------------------------


def rejected_changes(store: Store) -> list[RejectedChange]:
    """Every change the office refused and the technician has not dealt with, oldest first."""
    with store.read() as session:
        rows = list(
            session.scalars(
                select(OutboxRow)
                .where(OutboxRow.state == OutboxState.REJECTED, _mine(session))
                .order_by(OutboxRow.seq)
            )
        )
        numbers = dict(
            session.execute(
                select(IncidentRow.id, IncidentRow.number).where(
                    IncidentRow.id.in_({r.incident_id for r in rows if r.incident_id})
                )
            ).all()
        )
    return [
        RejectedChange(
            seq=r.seq,
            name=r.name,
            code=r.code,
            message=r.reason or "",
            explanation=_explanation(r.explanation),
            current_status=r.current_status,
            incident_id=r.incident_id,
            incident_number=numbers.get(r.incident_id) if r.incident_id else None,
            entry_kind=_str(r.payload.get("kind"))
            if r.name != MutationName.INCIDENT_CREATE
            else None,
            description=_describe(r),
            remedy=_REMEDIES.get(r.code or "", _DEFAULT_REMEDY),
            created_at=r.created_at,
        )
        for r in rows
    ]


def _explanation(value: dict[str, Any] | None) -> Message | None:
    """The refusal as the rulebook wrote it (``sync.protocol.Explanation``), or None."""
    if not value:
        return None
    try:
        params = terms(dict(value["params"]), rules.TERMS)
        return Message(str(value["context"]), str(value["template"]), params)
    except (KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class SetAsideRecord:
    """A record a pull brought that this laptop could not store beside its own."""

    kind: str  # entry, incident, …
    record_id: uuid.UUID
    entry_kind: str | None  # note, void, sign_off, … for an entry
    incident_id: uuid.UUID | None
    incident_number: str | None
    description: str
    reason: str  # what the store said (English, technical)
    remedy: str  # what the technician can do (translatable, UseCaseError context)
    set_aside_at: datetime


_SET_ASIDE_REMEDY = QT_TRANSLATE_NOOP(
    "UseCaseError",
    "The office's record and this laptop's differ here (usually a change of this incident "
    "the office refused). Deal with its refused changes: discarding one downloads the "
    "office's record again. This record is tried again at every sync.",
)


def set_aside_records(store: Store) -> list[SetAsideRecord]:
    """What pulls brought and this laptop could not store, oldest first (shown beside
    the refused changes; sync goes on past them)."""
    with store.read() as session:
        rows = list(session.scalars(select(SetAsideRow).order_by(SetAsideRow.set_aside_at)))
        numbers = dict(
            session.execute(
                select(IncidentRow.id, IncidentRow.number).where(
                    IncidentRow.id.in_({r.incident_id for r in rows if r.incident_id})
                )
            ).all()
        )
    return [
        SetAsideRecord(
            kind=r.kind,
            record_id=r.record_id,
            entry_kind=_str(r.data.get("kind")) if r.kind == "entry" else None,
            incident_id=r.incident_id,
            incident_number=numbers.get(r.incident_id) if r.incident_id else None,
            description=_describe_payload(r.data, r.kind),
            reason=r.reason,
            remedy=_SET_ASIDE_REMEDY,
            set_aside_at=r.set_aside_at,
        )
        for r in rows
    ]


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _describe(row: OutboxRow) -> str:
    if row.name == MutationName.INCIDENT_CREATE:
        return _describe_payload(row.payload, "incident")
    if row.name == MutationName.REPORT_SEND:
        return f"report → {row.payload.get('address', '')}"
    return _describe_payload(row.payload, "entry")


def _describe_payload(p: dict[str, Any], record: str) -> str:
    """A short description of a record in wire form, for the technician's lists."""
    if record == "incident":
        return f"{p.get('number', '')} {p.get('title', '')}".strip()
    kind = p.get("kind")
    if kind == "status":
        return f"{p.get('from_status')} → {p.get('to_status')}"
    for key in (
        "text",
        "description",
        "filename",
        "reason",
        "signer_name",
        "installed_part",
        "time_kind",
    ):
        value = p.get(key)
        if isinstance(value, str) and value:
            short = " ".join(value.split())
            return f"{kind}: {short[:77] + '…' if len(short) > 80 else short}"
    return str(kind or record)


def retry_rejected(store: Store, seq: int) -> int:
    """Send a refused change again as a new pending row (a new number); the refused row
    is marked discarded and kept for the record. Returns the new row's number."""
    now = store.now()
    with store.write() as session:
        row = _rejected(session, seq)
        again = OutboxRow(
            name=row.name,
            payload=dict(row.payload),
            incident_id=row.incident_id,
            entry_id=row.entry_id,
            created_at=now,
            state=OutboxState.PENDING,
            owner=row.owner,
        )
        session.add(again)
        row.state = OutboxState.DISCARDED
        session.flush()
        prune_settled(session)
        log.info("rejected change %d queued again as %d", seq, again.seq)
        return again.seq


def discard_rejected(store: Store, seq: int) -> None:
    """Let a refused change go: it stays in the outbox, marked discarded.

    What it recorded here stays unlike the office's copy of the incident (a sign-off the
    office refused, a status it never took), so the incident is marked to be dropped and
    downloaded again at the next sync, once no pending change of it is left.
    """
    with store.write() as session:
        row = _rejected(session, seq)
        row.state = OutboxState.DISCARDED
        session.flush()
        prune_settled(session)
        if row.incident_id is not None and session.get(IncidentRow, row.incident_id) is not None:
            session.execute(
                sqlite_insert(SyncRefreshRow)
                .values(incident_id=row.incident_id)
                .on_conflict_do_nothing()
            )
    log.info("rejected change %d discarded", seq)


def _rejected(session: Session, seq: int) -> OutboxRow:
    """A refused change of the signed-in technician's (another's is not theirs to touch)."""
    row = session.scalar(select(OutboxRow).where(OutboxRow.seq == seq, _mine(session)))
    if row is None or row.state is not OutboxState.REJECTED:
        raise e.NotRejected(seq)
    return row
