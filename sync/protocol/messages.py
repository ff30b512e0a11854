"""Requests and answers of the sync endpoints (pydantic models; the OpenAPI is made of them).

Every model refuses unknown fields, so a typo or a field from a newer protocol is a 422,
never silently ignored.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.records import Channel, Priority, Status
from sync.protocol.constants import MAX_PUSH_MUTATIONS

_STRICT = ConfigDict(extra="forbid")

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="lowercase hex SHA-256")]


class Role(StrEnum):
    TECHNICIAN = "technician"  # syncs a laptop; sees only the incidents assigned to them
    DISPATCHER = "dispatcher"  # creates and assigns incidents, sees all the work


# --- login ----------------------------------------------------------------------------


class LoginRequest(BaseModel):
    model_config = _STRICT

    username: Annotated[str, Field(min_length=1, max_length=150)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]
    device_name: Annotated[str, Field(min_length=1, max_length=200)]


class UserInfo(BaseModel):
    model_config = _STRICT

    id: uuid.UUID
    username: str
    name: str
    role: Role


class LoginResponse(BaseModel):
    model_config = _STRICT

    token: str  # send as ``Authorization: Bearer <token>``; keep it in the OS keyring
    token_type: Literal["Bearer"] = "Bearer"
    expires_at: datetime
    user: UserInfo


# --- push -----------------------------------------------------------------------------


class Mutation(BaseModel):
    """One outbox row: its number for this client, its name and its payload."""

    model_config = _STRICT

    seq: Annotated[int, Field(ge=1, le=2**53)]
    name: Annotated[str, Field(min_length=1, max_length=64)]
    payload: dict[str, Any]


class PushRequest(BaseModel):
    """Mutations of one client, numbers consecutive and ascending (an empty list asks
    for ``last_applied`` only)."""

    model_config = _STRICT

    client_id: uuid.UUID
    mutations: Annotated[list[Mutation], Field(max_length=MAX_PUSH_MUTATIONS)]


class MutationStatus(StrEnum):
    APPLIED = "applied"  # done now
    ALREADY_APPLIED = "already_applied"  # done before (a retry): nothing changed now
    REJECTED = "rejected"  # refused for good; the number is used up all the same


class RejectCode(StrEnum):
    INVALID = "invalid"  # the payload does not read as its record, or breaks a field rule
    UNKNOWN_MUTATION = "unknown_mutation"  # a name this server does not know
    NOT_FOUND = "not_found"  # the incident, entry, part or contract it names is unknown
    FORBIDDEN = "forbidden"  # not assigned to you, or not yours to change
    CONFLICT = "conflict"  # the incident is no longer where the laptop thought
    INVALID_TRANSITION = "invalid_transition"  # the status graph has no such edge
    SEALED = "sealed"  # signed off by the client: what was signed cannot change
    DUPLICATE = "duplicate"  # the id or number is taken by a different record


class Explanation(BaseModel):
    """A refusal's message as the rulebook wrote it (``domain.messages.Message``), so the
    laptop can show it in the technician's language: ``template`` is the English text
    marked for translation under ``context``, ``params`` fill its ``{names}``."""

    model_config = _STRICT

    context: Annotated[str, Field(max_length=64)]
    template: Annotated[str, Field(max_length=2000)]
    params: dict[str, str | int]


class MutationResult(BaseModel):
    model_config = _STRICT

    seq: int
    status: MutationStatus
    code: RejectCode | None = None  # why, when rejected
    message: str | None = None  # why, in words for the technician (English)
    explanation: Explanation | None = None  # the same, translatable
    current_status: Status | None = None  # CONFLICT on a status change: the server's status
    missing_blob: Sha256 | None = None  # an attachment stored before its bytes arrived


class PushResponse(BaseModel):
    model_config = _STRICT

    client_id: uuid.UUID
    last_applied: int  # the highest number the server has dealt with for this client
    results: list[MutationResult]  # one per mutation sent, in order
    missing_blobs: list[Sha256]  # blobs of attachments in this push not yet uploaded


# --- pull -----------------------------------------------------------------------------


class RecordKind(StrEnum):
    TECHNICIAN = "technician"  # plain(Technician)
    CLIENT = "client"  # plain(Client)
    CONTRACT = "contract"  # plain(Contract): SLA targets in seconds
    SYSTEM = "system"  # plain(CoveredSystem)
    PART = "part"  # plain(SparePart)
    VAN_STOCK = "van_stock"  # plain(VanStock), id = the part's id
    INCIDENT = "incident"  # plain(Incident)
    ENTRY = "entry"  # {"kind": ..., **plain(entry)}
    #: plain(ReportDelivery): a report e-mailed at the caller's request (version 4 on).
    DELIVERY = "delivery"


class ChangeOp(StrEnum):
    PUT = "put"  # insert or replace the record with ``data`` (entries: insert if new)
    REMOVE = "remove"  # no longer yours: drop it unless a pending mutation needs it


class Change(BaseModel):
    model_config = _STRICT

    kind: RecordKind
    op: ChangeOp
    id: uuid.UUID
    data: dict[str, Any] | None = None  # PUT only
    #: Entries: the order in which the service accepted them (compare as numbers) and its
    #: clock when it received them. Whatever depends on order follows it, not the laptops'
    #: clocks (``domain.sla.pair_pauses``).
    order: int | None = None
    received_at: datetime | None = None


class PullResponse(BaseModel):
    model_config = _STRICT

    #: Start the download over: everything the client holds from the server may be
    #: stale. This page is the first page of a full download.
    reset: bool
    changes: list[Change]
    #: Opaque; store it in the transaction that applies ``changes`` and send it next time.
    cursor: str
    #: Another page is waiting: pull again right away with ``cursor``.
    has_more: bool
    server_time: datetime
    #: How many days the laptop keeps a closed incident after its last sync (set by the
    #: office); absent from an older service's answer: the laptop keeps its default.
    retention_days: int | None = Field(default=None, ge=1, le=3650)


# --- blobs ----------------------------------------------------------------------------


class BlobState(StrEnum):
    ABSENT = "absent"
    PARTIAL = "partial"  # resume with a range starting at ``received``
    COMPLETE = "complete"  # verified and kept


class BlobStatus(BaseModel):
    model_config = _STRICT

    sha256: Sha256
    state: BlobState
    received: int  # bytes the server holds
    size: int | None = None  # the blob's full size, once known


# --- dispatch -------------------------------------------------------------------------


class IncidentCreate(BaseModel):
    """An emergency reported by a client, created by dispatch."""

    model_config = _STRICT

    number: Annotated[str, Field(min_length=1, max_length=40)]
    contract_id: uuid.UUID
    system_id: uuid.UUID | None = None
    system_name: Annotated[str, Field(max_length=200)] = ""
    priority: Priority
    channel: Channel = Channel.PHONE
    title: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=5000)] = ""
    notified_at: datetime | None = None  # default: now, by the server's clock
    assigned_to: uuid.UUID | None = None


class AssignRequest(BaseModel):
    model_config = _STRICT

    technician_id: uuid.UUID | None  # None: unassigned
    reason: Annotated[str, Field(max_length=5000)] = ""


class PriorityRequest(BaseModel):
    """Dispatch changes an incident's priority; the reason is kept in its history."""

    model_config = _STRICT

    priority: Priority
    reason: Annotated[str, Field(min_length=1, max_length=5000)]


class CancelRequest(BaseModel):
    """Dispatch cancels an incident; the reason is kept in its history."""

    model_config = _STRICT

    reason: Annotated[str, Field(min_length=1, max_length=5000)]


class DispatchEntry(BaseModel):
    model_config = _STRICT

    entry: dict[str, Any]  # {"kind": ..., **plain(entry)}
    author_id: uuid.UUID | None  # who pushed it
    received_at: datetime  # by the server's clock
    server_order: int  # the order the server applied it in
    blob_pending: bool = False  # an attachment (or a signature) whose bytes are not here yet
    seal_verified: bool | None = None  # sign-offs: the seal matches the server's record


class DispatchIncident(BaseModel):
    model_config = _STRICT

    incident: dict[str, Any]  # plain(Incident)
    entries: list[DispatchEntry]  # in server order
