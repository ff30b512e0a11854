"""Typed failures of a sync request, chosen by the protocol's error ``code`` (never its text).

The message of each is for logs; the laptop's use cases turn them into words a technician
reads (``desktop.syncing.errors``).
"""

from __future__ import annotations

from sync.protocol import ErrorBody


class SyncError(Exception):
    """Base of every failure of a request to the central service."""

    def __init__(
        self, message: str, body: ErrorBody | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.body = body
        self.status = status

    @property
    def code(self) -> str | None:
        return self.body.code.value if self.body is not None else None


class Offline(SyncError):
    """No answer, or no whole one: no network, connection refused, reset or cut (a body
    cut half-way), timed out; after the retries."""


class AuthRequired(SyncError):
    """401: no token, an unknown or expired one (``unauthenticated``/``token_expired``), or
    a wrong user name or password at login (``bad_credentials``)."""


class DeviceRevoked(AuthRequired):
    """401 ``device_revoked``: the office signed this device out (revoked it, deactivated
    the user, or changed the password). Forget the token; keep the outbox."""


class DeviceLost(SyncError):
    """401 ``device_lost`` whose ``wipe_proof`` matches this device's token: the office
    marked the device lost and orders its data erased."""


class TooManyAttempts(SyncError):
    """429 ``too_many_attempts`` at login: wait ``retry_after`` seconds (no password is
    checked meanwhile, the right one neither)."""

    def __init__(self, message: str, body: ErrorBody, status: int) -> None:
        super().__init__(message, body, status)
        self.retry_after: int = max(1, body.retry_after or 60)


class UpdateRequired(SyncError):
    """426 ``upgrade_required``: this app is too old for the server; keep the outbox."""


class ServerTooOld(SyncError):
    """400 ``protocol_unsupported``: the server is older than this app."""


class Forbidden(SyncError):
    """403 ``forbidden``: not this user's resource, or not their role."""


class ClientMismatch(SyncError):
    """403 ``client_mismatch``: the client id belongs to another technician."""


class ClientDiverged(SyncError):
    """409 ``client_diverged``: the service knows a different mutation under a number this
    client sent (its data was restored or copied): start a new client id."""


class SequenceGap(SyncError):
    """409 ``sequence_gap``: resend the outbox from ``expected_seq``."""

    def __init__(self, message: str, body: ErrorBody, status: int) -> None:
        super().__init__(message, body, status)
        assert body.expected_seq is not None
        self.expected_seq: int = body.expected_seq


class BlobOffsetMismatch(SyncError):
    """409 ``blob_offset_mismatch``: resume the upload at ``received``."""

    def __init__(self, message: str, body: ErrorBody, status: int) -> None:
        super().__init__(message, body, status)
        self.received: int = body.received or 0


class BlobHashMismatch(SyncError):
    """422 ``blob_hash_mismatch``: the bytes sent are not the named SHA-256."""


class NotFound(SyncError):
    """404 ``not_found``."""


class ServerError(SyncError):
    """500 ``internal`` or 503 ``unavailable`` after the retries."""


class BadAnswer(ServerError):
    """Something answered, but not the service: an answer that does not read as the
    protocol (garbage, the wrong content type, a captive portal's login page, a proxy's
    502 or 504 page), after the retries."""


class ProtocolBug(SyncError):
    """400/413/422 caused by our own request (malformed, missing version, invalid fields):
    a bug in this client. Log it and report it."""
