"""The wire format shared by the laptop and the central service.

Every request carries :data:`PROTOCOL_HEADER` with :data:`PROTOCOL_VERSION`; a server
that no longer speaks a client's version answers 426 with
:attr:`~sync.protocol.errors.ErrorCode.UPGRADE_REQUIRED`. Bump :data:`PROTOCOL_VERSION`
for any change an older peer would misread, and raise :data:`MIN_PROTOCOL_VERSION` only
when the server stops understanding the older clients.

The names below are loaded when first used (PEP 562): a plain command that needs only
:class:`MutationName` or the constants (the laptop's outbox) does not pay for pydantic and
the message models it never reads.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where a name is looked for, lightest first: the standard library's enums and
#: constants before the pydantic models.
_SUBMODULES = ("constants", "records", "errors", "messages")


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    for sub in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{sub}")
        if name in vars(module):
            value = vars(module)[name]
            globals()[name] = value  # looked up once
            return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # pragma: no cover
