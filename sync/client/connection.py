"""One laptop's HTTP connection to the central service.

Every request carries ``Fieldbook-Protocol`` and (but ``/login``) ``Authorization``, has a
timeout, and is retried with exponential backoff on transient failures: no connection,
a connection reset or cut (a body cut half-way too), a timeout, 500, 502, 503 and 504
(honouring ``Retry-After``), and an answer that is not the service's (a captive portal's
page, garbage). Retrying a POST is safe in this protocol: push is idempotent by its
numbers (the service remembers its answers), blobs by their hash, and login just hands
out another token. Every failure becomes a typed :class:`~sync.client.errors.SyncError`:
a refusal chosen by the answer's ``code``, :class:`~sync.client.errors.Offline` for no
whole answer, :class:`~sync.client.errors.BadAnswer` for one that is not the protocol.
"""

from __future__ import annotations

import contextlib
import io
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from sync.client import errors
from sync.protocol import (
    MAX_BLOB_CHUNK,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    BlobState,
    BlobStatus,
    ErrorBody,
    ErrorCode,
    LoginRequest,
    LoginResponse,
    Mutation,
    PullResponse,
    PushRequest,
    PushResponse,
    UserInfo,
)
from sync.protocol.errors import token_sha256, wipe_proof

log = logging.getLogger("fieldbook.sync")

M = TypeVar("M", bound=BaseModel)

#: Called with (bytes sent so far, total) during a blob upload.
BlobProgress = Callable[[int, int], None]

_AUTH = {ErrorCode.UNAUTHENTICATED, ErrorCode.TOKEN_EXPIRED, ErrorCode.BAD_CREDENTIALS}
_BUG = {
    ErrorCode.MALFORMED_JSON,
    ErrorCode.PROTOCOL_MISSING,
    ErrorCode.PROTOCOL_INVALID,
    ErrorCode.INVALID_REQUEST,
    ErrorCode.BODY_TOO_LARGE,
    ErrorCode.METHOD_NOT_ALLOWED,
}


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: ``attempts`` in all, waits growing from ``backoff`` seconds."""

    attempts: int = 5
    backoff: float = 0.5
    backoff_max: float = 30.0
    connect_timeout: float = 10.0
    read_timeout: float = 60.0

    def urllib3(self) -> Retry:
        retries = max(self.attempts - 1, 0)
        return _Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            other=0,
            redirect=0,
            allowed_methods=None,  # every method: each request here is safe to repeat
            status_forcelist=(500, 502, 503, 504),
            backoff_factor=self.backoff,
            backoff_max=self.backoff_max,
            respect_retry_after_header=True,
            raise_on_status=False,  # the last 5xx comes back to us, read as ServerError
        )


class _Retry(Retry):
    """Honours ``Retry-After`` on 503 only, and never longer than the policy's longest wait.

    urllib3 would also sleep through a 429's ``Retry-After`` (a login throttled for up to
    15 minutes, the window hanging meanwhile): that one the technician is told instead
    (:class:`~sync.client.errors.TooManyAttempts`). And a proxy's ``Retry-After: 3600``
    must not hang the laptop for an hour."""

    RETRY_AFTER_STATUS_CODES = frozenset({503})

    def get_retry_after(self, response: Any) -> float | None:
        wait = super().get_retry_after(response)
        return None if wait is None else min(wait, self.backoff_max)


class Connection:
    """A requests session to ``base_url`` speaking protocol :data:`PROTOCOL_VERSION`."""

    def __init__(
        self, base_url: str, token: str | None = None, *, policy: RetryPolicy | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.policy = policy or RetryPolicy()
        self.http = requests.Session()
        self.http.trust_env = False  # no proxy from the environment between us and the office
        adapter = HTTPAdapter(max_retries=self.policy.urllib3())
        self.http.mount("http://", adapter)
        self.http.mount("https://", adapter)
        self.http.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- the endpoints ---------------------------------------------------------------

    def login(self, username: str, password: str, device_name: str) -> LoginResponse:
        body = LoginRequest(username=username, password=password, device_name=device_name)
        answer = self._call(LoginResponse, "POST", "/login", json=body.model_dump(), auth=False)
        self.token = answer.token
        return answer

    def logout(self) -> None:
        self._request("POST", "/logout")

    def me(self) -> UserInfo:
        return self._call(UserInfo, "GET", "/me")

    def push(self, client_id: Any, mutations: list[Mutation]) -> PushResponse:
        body = PushRequest(client_id=client_id, mutations=mutations)
        return self._call(PushResponse, "POST", "/push", json=body.model_dump(mode="json"))

    def push_raw(self, body: bytes) -> PushResponse:
        """A push whose JSON body the caller made (already checked against the model)."""
        return self._call(
            PushResponse, "POST", "/push", data=body, headers={"Content-Type": "application/json"}
        )

    def pull(self, cursor: str | None, limit: int | None = None) -> PullResponse:
        params: dict[str, Any] = {}
        if cursor is not None:
            params["cursor"] = cursor
        if limit is not None:
            params["limit"] = limit
        return self._call(PullResponse, "GET", "/pull", params=params)

    def blob_status(self, sha256: str) -> BlobStatus:
        return self._call(BlobStatus, "GET", f"/blobs/{sha256}/status")

    def put_blob(
        self,
        sha256: str,
        path: Path | BinaryIO,
        *,
        chunk: int = MAX_BLOB_CHUNK,
        progress: BlobProgress | None = None,
    ) -> BlobStatus:
        """Upload the file ``path`` (or a seekable binary stream: the laptop's blobs are
        sealed and read through one) as blob ``sha256``, resuming where the server stopped.

        A blob up to ``chunk`` bytes goes whole; a bigger one (or a resumed one) in ranges.
        """
        chunk = max(1, min(chunk, MAX_BLOB_CHUNK))
        status = self.blob_status(sha256)
        if status.state is BlobState.COMPLETE:
            return status
        start = status.received if status.state is BlobState.PARTIAL else 0
        opened = path.open("rb") if isinstance(path, Path) else contextlib.nullcontext(path)
        with opened as source:
            size = source.seek(0, io.SEEK_END)
            source.seek(0)
            if start == 0 and size <= chunk:
                data = source.read()
                status = self._put(sha256, data, None)
                if progress is not None:
                    progress(size, size)
                return status
            for _ in range(size // chunk + 10):
                if start > size:
                    start = 0
                source.seek(start)
                data = source.read(chunk)
                if not data:  # an empty blob
                    return self._put(sha256, b"", None)
                end = start + len(data) - 1
                try:
                    status = self._put(sha256, data, f"bytes {start}-{end}/{size}")
                except errors.BlobOffsetMismatch as error:
                    log.info("blob %s: resuming at %d", sha256[:12], error.received)
                    start = error.received
                    continue
                if progress is not None:
                    progress(end + 1, size)
                if status.state is BlobState.COMPLETE:
                    return status
                start = end + 1
        raise errors.ServerError(f"blob {sha256}: the upload does not converge")

    def get_blob(self, sha256: str, out: BinaryIO, start: int = 0) -> int:
        """Download blob ``sha256`` from byte ``start`` on into ``out``; the bytes written.

        A download cut half-way raises :class:`~sync.client.errors.Offline` with what
        arrived already in ``out``: the next call resumes from there.
        """
        headers = {"Range": f"bytes={start}-"} if start else {}
        response = self._request(
            "GET",
            f"/blobs/{sha256}",
            headers=headers,
            expect="application/octet-stream",
            stream=True,
        )
        written = 0
        try:
            for piece in response.iter_content(chunk_size=64 * 1024):
                out.write(piece)
                written += len(piece)
        except (requests.exceptions.RequestException, OSError) as error:
            raise errors.Offline(f"GET /blobs/{sha256[:12]}: cut after {written} bytes") from error
        finally:
            response.close()
        return written

    def _put(self, sha256: str, data: bytes, content_range: str | None) -> BlobStatus:
        headers = {"Content-Type": "application/octet-stream"}
        if content_range is not None:
            headers["Content-Range"] = content_range
        return self._call(BlobStatus, "PUT", f"/blobs/{sha256}", data=data, headers=headers)

    # --- plumbing ------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        headers: Mapping[str, str] | None = None,
        expect: str = "application/json",
        **kw: Any,
    ) -> requests.Response:
        """``expect``: the content type the service answers this request with."""
        response, _ = self._exchange(
            None, method, path, auth=auth, headers=headers, expect=expect, **kw
        )
        return response

    def _call(self, model: type[M], method: str, path: str, **kw: Any) -> M:
        """A request whose answer reads as ``model`` (one that does not is retried)."""
        answer = self._exchange(model, method, path, **kw)[1]
        assert answer is not None
        return answer

    def _exchange(
        self,
        model: type[M] | None,
        method: str,
        path: str,
        *,
        auth: bool = True,
        headers: Mapping[str, str] | None = None,
        expect: str = "application/json",
        **kw: Any,
    ) -> tuple[requests.Response, M | None]:
        sent = dict(headers or {})
        if auth:
            if not self.token:
                raise errors.AuthRequired("not signed in")
            sent["Authorization"] = f"Bearer {self.token}"
        # urllib3 retries what fails before an answer; a body cut half-way fails after,
        # while it is read, and is retried here the same way.
        for attempt in range(max(self.policy.attempts, 1)):
            try:
                response = self.http.request(
                    method,
                    self.base_url + path,
                    headers=sent,
                    timeout=(self.policy.connect_timeout, self.policy.read_timeout),
                    allow_redirects=False,
                    **kw,
                )
            except requests.exceptions.RetryError as error:
                raise errors.ServerError(f"{method} {path}: {error}") from error
            except (requests.ConnectionError, requests.Timeout) as error:
                log.info("%s %s: no answer (%s)", method, path, error)
                raise errors.Offline(f"{method} {path}: no answer from {self.base_url}") from error
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as error:
                log.info("%s %s: the answer was cut (%s)", method, path, error)
                if attempt + 1 >= self.policy.attempts:
                    raise errors.Offline(
                        f"{method} {path}: the answer from {self.base_url} was cut"
                    ) from error
                self._wait(attempt)
                continue
            if response.status_code >= 400:
                raise _refusal(method, path, response, self.token if auth else None)
            problem: str | None = None
            parsed: M | None = None
            if not _answers(response, expect):
                problem = f"{_kind(response)}, not the service (a captive portal or a proxy?)"
            elif model is not None:
                try:
                    parsed = model.model_validate_json(response.content)
                except ValidationError as error:
                    problem = f"something that does not read as {model.__name__}: {error}"
            if problem is None:
                return response, parsed
            # Not the problem's text: a validation error quotes what it read (client data).
            log.info("%s %s: %s answered %s", method, path, self.base_url, _kind(response))
            if attempt + 1 >= self.policy.attempts:
                raise errors.BadAnswer(
                    f"{method} {path}: {self.base_url} answered {problem}",
                    status=response.status_code,
                )
            self._wait(attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, attempt: int) -> None:
        time.sleep(min(self.policy.backoff * (2**attempt), self.policy.backoff_max))


def _answers(response: requests.Response, expect: str) -> bool:
    """Is this the service's answer: of the expected type (a 204 has none)?"""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return kind == expect or (kind == "" and response.status_code == 204)


def _kind(response: requests.Response) -> str:
    return f"{response.status_code} {response.headers.get('Content-Type', 'without a type')}"


def _refusal(
    method: str, path: str, response: requests.Response, token: str | None
) -> errors.SyncError:
    status = response.status_code
    try:
        body: ErrorBody | None = ErrorBody.model_validate_json(response.content)
    except ValidationError:
        body = None
    if body is None:
        # Not the service's answer: a proxy's error page, a captive portal, garbage.
        text = response.text[:200]
        return errors.BadAnswer(f"{method} {path}: {status} {text}", status=status)
    where = f"{method} {path}: {status} {body.code.value}: {body.message}"
    code = body.code
    log.info("%s %s: %s %s", method, path, status, code.value)  # not the message: it may quote
    if code is ErrorCode.DEVICE_LOST:
        if token is not None and body.wipe_proof == wipe_proof(token_sha256(token)):
            return errors.DeviceLost(where, body, status)
        # An order to erase that does not come from the service: never obeyed.
        log.warning("%s %s: an order to erase without this device's proof, ignored", method, path)
        return errors.BadAnswer(
            f"{method} {path}: {status} device_lost without proof", status=status
        )
    if code is ErrorCode.DEVICE_REVOKED:
        return errors.DeviceRevoked(where, body, status)
    if code is ErrorCode.TOO_MANY_ATTEMPTS:
        return errors.TooManyAttempts(where, body, status)
    if code in _AUTH:
        return errors.AuthRequired(where, body, status)
    if code is ErrorCode.UPGRADE_REQUIRED:
        return errors.UpdateRequired(where, body, status)
    if code is ErrorCode.PROTOCOL_UNSUPPORTED:
        return errors.ServerTooOld(where, body, status)
    if code is ErrorCode.CLIENT_MISMATCH:
        return errors.ClientMismatch(where, body, status)
    if code is ErrorCode.CLIENT_DIVERGED:
        return errors.ClientDiverged(where, body, status)
    if code is ErrorCode.FORBIDDEN:
        return errors.Forbidden(where, body, status)
    if code is ErrorCode.SEQUENCE_GAP and body.expected_seq is not None:
        return errors.SequenceGap(where, body, status)
    if code is ErrorCode.BLOB_OFFSET_MISMATCH:
        return errors.BlobOffsetMismatch(where, body, status)
    if code is ErrorCode.BLOB_HASH_MISMATCH:
        return errors.BlobHashMismatch(where, body, status)
    if code is ErrorCode.NOT_FOUND:
        return errors.NotFound(where, body, status)
    if code in (ErrorCode.UNAVAILABLE, ErrorCode.INTERNAL):
        return errors.ServerError(where, body, status)
    if code in _BUG:
        log.error("a request this client made was refused as malformed: %s %s", method, path)
        return errors.ProtocolBug(where, body, status)
    return errors.ServerError(where, body, status)
