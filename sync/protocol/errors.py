"""Errors on the wire: every refused request answers a 4xx (or 503) with an :class:`ErrorBody`.

The client acts on :attr:`ErrorBody.code`, never on the message text, which is for people
and logs. What the client must do with each code is in ``sync/README.md``.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ErrorCode(StrEnum):
    # The request itself (400, 404, 405, 413, 415, 422)
    MALFORMED_JSON = "malformed_json"  # 400: the body is not JSON
    INVALID_REQUEST = "invalid_request"  # 422: fields missing, unknown or of the wrong type
    NOT_FOUND = "not_found"  # 404: no such endpoint or record
    METHOD_NOT_ALLOWED = "method_not_allowed"  # 405
    BODY_TOO_LARGE = "body_too_large"  # 413: split the request (see the MAX_* limits)
    # The protocol version (400, 426)
    PROTOCOL_MISSING = "protocol_missing"  # 400: no Fieldbook-Protocol header
    PROTOCOL_INVALID = "protocol_invalid"  # 400: the header is not a whole number
    PROTOCOL_UNSUPPORTED = "protocol_unsupported"  # 400: the client is newer than the server
    UPGRADE_REQUIRED = "upgrade_required"  # 426: please update the app
    # Who is asking (401, 403)
    BAD_CREDENTIALS = "bad_credentials"  # 401 on /login: wrong user name or password
    UNAUTHENTICATED = "unauthenticated"  # 401: no token, or one the server does not know
    TOKEN_EXPIRED = "token_expired"  # 401: log in again; keep the outbox
    # 401: the office ended this device's sign-in (revoked it, deactivated the user, or
    # changed the password): forget the token, keep the outbox, sign in again.
    DEVICE_REVOKED = "device_revoked"
    # 401: the office marked this device lost: erase the data folder (``wipe_proof``
    # shows the order comes from a holder of this device's token; see sync/README.md).
    DEVICE_LOST = "device_lost"
    # 429 on /login: too many failed sign-ins for this user or from this address; wait
    # ``retry_after`` seconds (no password is checked meanwhile).
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    FORBIDDEN = "forbidden"  # 403: not yours, or not your role
    CLIENT_MISMATCH = "client_mismatch"  # 403: this client id belongs to another technician
    # 409: a mutation differs from the one this client sent under the same number before
    # (its data folder was restored or cloned): start a new client id, resend the pending.
    CLIENT_DIVERGED = "client_diverged"
    # Sync state (409, 422)
    SEQUENCE_GAP = "sequence_gap"  # 409: resend from ``expected_seq``
    BLOB_OFFSET_MISMATCH = "blob_offset_mismatch"  # 409: resume from ``received``
    BLOB_HASH_MISMATCH = "blob_hash_mismatch"  # 422: the bytes are not the named SHA-256
    # The server (503, 500)
    UNAVAILABLE = "unavailable"  # 503: database busy or away; retry after ``retry_after`` s
    INTERNAL = "internal"  # 500: a bug; the server logged it


class FieldError(BaseModel):
    """One problem with one field of a request (for :attr:`ErrorCode.INVALID_REQUEST`)."""

    model_config = ConfigDict(extra="forbid")

    location: list[str | int]
    message: str


class ErrorBody(BaseModel):
    """The body of every error answer; fields beyond ``code`` and ``message`` by code."""

    model_config = ConfigDict(extra="forbid")

    code: ErrorCode
    message: str
    #: SEQUENCE_GAP: the next mutation number the server will accept for this client.
    #: CLIENT_DIVERGED: the first number whose mutation differs from what was sent before.
    expected_seq: int | None = None
    #: BLOB_OFFSET_MISMATCH: how many bytes of the blob the server holds.
    received: int | None = None
    #: UPGRADE_REQUIRED / PROTOCOL_UNSUPPORTED: the versions the server speaks.
    min_protocol: int | None = None
    max_protocol: int | None = None
    #: UNAVAILABLE, TOO_MANY_ATTEMPTS: seconds to wait before retrying.
    retry_after: int | None = None
    #: DEVICE_LOST: hex SHA-256 of ``"fieldbook-wipe:" + SHA-256(token)``: a laptop erases
    #: itself only when this matches its own token, so no stranger's answer can order it.
    wipe_proof: str | None = None
    #: INVALID_REQUEST: what is wrong, field by field.
    errors: list[FieldError] | None = None


def token_sha256(token: str) -> str:
    """What the service keeps of a device token (hex SHA-256 of its UTF-8)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def wipe_proof(token_digest: str) -> str:
    """The ``wipe_proof`` of a ``device_lost`` answer to the device whose token has the
    digest ``token_digest`` (:func:`token_sha256`): only the service (which keeps the
    digest) and the laptop (which holds the token) can make it, so no one else's answer
    (a captive portal, a stranger on the network) can order a laptop to erase itself."""
    return hashlib.sha256(f"fieldbook-wipe:{token_digest}".encode()).hexdigest()
