"""The wire format shared by the laptop and the central service.

Every request carries :data:`PROTOCOL_HEADER` with :data:`PROTOCOL_VERSION`; a server
that no longer speaks a client's version answers 426 with
:attr:`~sync.protocol.errors.ErrorCode.UPGRADE_REQUIRED`. Bump :data:`PROTOCOL_VERSION`
for any change an older peer would misread, and raise :data:`MIN_PROTOCOL_VERSION` only
when the server stops understanding the older clients.
"""

from __future__ import annotations

from sync.protocol.constants import (
    DEFAULT_PULL_LIMIT,
    MAX_BLOB_CHUNK,
    MAX_BLOB_SIZE,
    MAX_JSON_BODY,
    MAX_PULL_BYTES,
    MAX_PULL_LIMIT,
    MAX_PUSH_MUTATIONS,
    MIN_PROTOCOL_HEADER,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
)
from sync.protocol.errors import ErrorBody, ErrorCode, FieldError
from sync.protocol.messages import (
    AssignRequest,
    BlobState,
    BlobStatus,
    CancelRequest,
    Change,
    ChangeOp,
    DispatchEntry,
    DispatchIncident,
    Explanation,
    IncidentCreate,
    LoginRequest,
    LoginResponse,
    Mutation,
    MutationResult,
    MutationStatus,
    PriorityRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    RecordKind,
    RejectCode,
    Role,
    UserInfo,
)
from sync.protocol.records import MutationName

__all__ = [
    "DEFAULT_PULL_LIMIT",
    "MAX_BLOB_CHUNK",
    "MAX_BLOB_SIZE",
    "MAX_JSON_BODY",
    "MAX_PULL_BYTES",
    "MAX_PULL_LIMIT",
    "MAX_PUSH_MUTATIONS",
    "MIN_PROTOCOL_HEADER",
    "MIN_PROTOCOL_VERSION",
    "PROTOCOL_HEADER",
    "PROTOCOL_VERSION",
    "AssignRequest",
    "BlobState",
    "BlobStatus",
    "CancelRequest",
    "Change",
    "ChangeOp",
    "DispatchEntry",
    "DispatchIncident",
    "ErrorBody",
    "ErrorCode",
    "Explanation",
    "FieldError",
    "IncidentCreate",
    "LoginRequest",
    "LoginResponse",
    "Mutation",
    "MutationName",
    "MutationResult",
    "MutationStatus",
    "PriorityRequest",
    "PullResponse",
    "PushRequest",
    "PushResponse",
    "RecordKind",
    "RejectCode",
    "Role",
    "UserInfo",
]
