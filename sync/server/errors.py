"""Refusals the service answers with: an HTTP status and an :class:`ErrorBody`."""

from __future__ import annotations

from typing import Any

from sync.protocol.errors import ErrorBody, ErrorCode


class ApiError(Exception):
    """Answer ``status`` with ``code`` and ``message`` (and the code's extra fields)."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = ErrorBody(code=code, message=message, **extra)
        self.headers = headers or {}


def forbidden(message: str) -> ApiError:
    return ApiError(403, ErrorCode.FORBIDDEN, message)


def not_found(message: str) -> ApiError:
    return ApiError(404, ErrorCode.NOT_FOUND, message)


def unavailable(message: str, retry_after: int = 1) -> ApiError:
    return ApiError(
        503,
        ErrorCode.UNAVAILABLE,
        message,
        retry_after=retry_after,
        headers={"Retry-After": str(retry_after)},
    )
