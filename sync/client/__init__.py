"""The laptop's side of the wire: HTTP only (no store, no desktop imports).

:class:`Connection` speaks the protocol of ``sync/README.md``; refusals are the typed
errors of :mod:`sync.client.errors`.
"""

from __future__ import annotations

from sync.client.connection import BlobProgress, Connection, RetryPolicy
from sync.client.errors import (
    AuthRequired,
    BadAnswer,
    BlobHashMismatch,
    BlobOffsetMismatch,
    ClientDiverged,
    ClientMismatch,
    DeviceLost,
    DeviceRevoked,
    Forbidden,
    NotFound,
    Offline,
    ProtocolBug,
    SequenceGap,
    ServerError,
    ServerTooOld,
    SyncError,
    TooManyAttempts,
    UpdateRequired,
)

__all__ = [
    "AuthRequired",
    "BadAnswer",
    "BlobHashMismatch",
    "BlobOffsetMismatch",
    "BlobProgress",
    "ClientDiverged",
    "ClientMismatch",
    "Connection",
    "DeviceLost",
    "DeviceRevoked",
    "Forbidden",
    "NotFound",
    "Offline",
    "ProtocolBug",
    "RetryPolicy",
    "SequenceGap",
    "ServerError",
    "ServerTooOld",
    "SyncError",
    "TooManyAttempts",
    "UpdateRequired",
]
