"""The HTTP service: routes, the protocol check, size limits and error answers.

Every route is a plain (synchronous) function run in the thread pool: each opens its own
database transaction and keeps nothing between requests. Refusals are
:class:`~sync.server.errors.ApiError` answered as an :class:`ErrorBody`; a bad body is a
400 or 422; a database that is away or busy is a 503 with ``Retry-After``; nothing a
client sends is answered with a 500.
"""

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import exc as sa_exc
from sqlalchemy import select, text
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.seal import plain
from sync.protocol.constants import (
    CLIENT_EMAIL_VERSION,
    CONTRACT_ZONE_VERSION,
    DEFAULT_PULL_LIMIT,
    DEVICES_VERSION,
    MAX_BLOB_CHUNK,
    MAX_JSON_BODY,
    MAX_PULL_LIMIT,
    MIN_PROTOCOL_HEADER,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    RETENTION_VERSION,
)
from sync.protocol.errors import ErrorBody, ErrorCode, FieldError
from sync.protocol.messages import (
    AssignRequest,
    BlobStatus,
    CancelRequest,
    DispatchEntry,
    DispatchIncident,
    IncidentCreate,
    LoginRequest,
    LoginResponse,
    PriorityRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    RecordKind,
    Role,
    UserInfo,
)
from sync.protocol.records import MutationName
from sync.server import auth, blobs, delivery, escalation, pull, push, records
from sync.server.auth import Caller
from sync.server.config import ServiceConfig
from sync.server.console.app import create_console
from sync.server.console.verify import PREFIX as VERIFY_PREFIX
from sync.server.console.verify import create_verify
from sync.server.console.web import PREFIX as CONSOLE_PREFIX
from sync.server.db import Database
from sync.server.errors import ApiError, forbidden, not_found, unavailable
from sync.server.models import BlobRow, EntryRow, IncidentRow, UserRow
from sync.server.office import Office, OfficeError
from sync.server.throttle import LoginGate, UploadGate

log = logging.getLogger("fieldbook.server")

Clock = Callable[[], datetime]
Sha256Path = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="lowercase hex SHA-256")]

#: Paths that answer without the protocol header: load balancers and tools read them.
UNVERSIONED = frozenset({"/health", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": what}
    for code, what in (
        (400, "Malformed request, or a missing or unreadable protocol version"),
        (401, "No valid device token: log in (code says whether it expired)"),
        (413, "Body too large"),
        (422, "Fields missing, unknown or of the wrong type"),
        (426, "The app is too old for this server: please update"),
        (429, "Too many failed sign-ins: retry after Retry-After seconds"),
        (503, "The database is busy or away: retry after Retry-After seconds"),
    )
}


def _address(request: Request) -> str:
    """Where a request comes from (uvicorn reads X-Forwarded-For from a trusted proxy)."""
    return request.client.host if request.client is not None else "unknown"


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _error_response(
    status: int, body: ErrorBody, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        status_code=status, content=body.model_dump(mode="json", exclude_none=True), headers=headers
    )


def _json(model: BaseModel) -> Response:
    """A model the server built itself, serialised once (FastAPI would validate it again)."""
    return Response(content=model.model_dump_json(), media_type="application/json")


# --- the protocol check and the size limit, before anything reads the body -------------


class _TooLarge(Exception):
    pass


class ProtocolMiddleware:
    """Refuses missing or old protocol versions and oversized bodies; maps stray errors.

    A plain ASGI middleware (not ``BaseHTTPMiddleware``): it streams, and it sits between
    Starlette's last-resort handler and the app, so any exception that escapes a route
    becomes a JSON answer here: 413, 400 for JSON nested too deep, 503 when the database
    is away, 500 only for a bug.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_version(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers.append((PROTOCOL_HEADER.lower().encode(), str(PROTOCOL_VERSION).encode()))
                headers.append(
                    (MIN_PROTOCOL_HEADER.lower().encode(), str(MIN_PROTOCOL_VERSION).encode())
                )
                message = {**message, "headers": headers}
            await send(message)

        async def answer(response: Response) -> None:
            await response(scope, receive, send_with_version)

        path: str = scope.get("path", "")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = (
            _check_version(headers.get(PROTOCOL_HEADER.lower()))
            if path not in UNVERSIONED and not _is_console(path)
            else None
        )
        if refusal is not None:
            await answer(refusal)
            return
        limit = MAX_BLOB_CHUNK + 1024 if path.startswith("/blobs/") else MAX_JSON_BODY
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await answer(_too_large(limit))
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send_with_version)
        except Exception as error:
            if started:
                raise
            await answer(_unexpected(error, scope, limit))


def _is_console(path: str) -> bool:
    """The office console's pages and the public verify page: a browser's, answered in
    HTML, no protocol header."""
    return any(path == p or path.startswith(p + "/") for p in (CONSOLE_PREFIX, VERIFY_PREFIX))


def _check_version(value: str | None) -> JSONResponse | None:
    if value is None:
        return _error_response(
            400,
            ErrorBody(
                code=ErrorCode.PROTOCOL_MISSING,
                message=f"Send the protocol version in the {PROTOCOL_HEADER} header.",
                min_protocol=MIN_PROTOCOL_VERSION,
                max_protocol=PROTOCOL_VERSION,
            ),
        )
    value = value.strip()
    if not value.isdigit() or len(value) > 6:
        return _error_response(
            400,
            ErrorBody(
                code=ErrorCode.PROTOCOL_INVALID,
                message=f"{PROTOCOL_HEADER} must be a whole number.",
                min_protocol=MIN_PROTOCOL_VERSION,
                max_protocol=PROTOCOL_VERSION,
            ),
        )
    version = int(value)
    if version < MIN_PROTOCOL_VERSION:
        return _error_response(
            426,
            ErrorBody(
                code=ErrorCode.UPGRADE_REQUIRED,
                message=(
                    f"This version of Fieldbook is too old for the server (protocol {version}; "
                    f"the server needs {MIN_PROTOCOL_VERSION} or newer). Please update the app: "
                    "your unsynced work is kept and will sync after the update."
                ),
                min_protocol=MIN_PROTOCOL_VERSION,
                max_protocol=PROTOCOL_VERSION,
            ),
            headers={"Upgrade": f"Fieldbook-Protocol/{MIN_PROTOCOL_VERSION}"},
        )
    if version > PROTOCOL_VERSION:
        return _error_response(
            400,
            ErrorBody(
                code=ErrorCode.PROTOCOL_UNSUPPORTED,
                message=(
                    f"The server speaks protocol {MIN_PROTOCOL_VERSION} to {PROTOCOL_VERSION}, "
                    f"older than this app's {version}: the office must update the server."
                ),
                min_protocol=MIN_PROTOCOL_VERSION,
                max_protocol=PROTOCOL_VERSION,
            ),
        )
    return None


def _too_large(limit: int) -> JSONResponse:
    return _error_response(
        413,
        ErrorBody(code=ErrorCode.BODY_TOO_LARGE, message=f"The body is larger than {limit} bytes."),
    )


def _unexpected(error: Exception, scope: Scope, limit: int) -> JSONResponse:
    if isinstance(error, _TooLarge):
        return _too_large(limit)
    if isinstance(error, RecursionError):
        return _error_response(
            400, ErrorBody(code=ErrorCode.MALFORMED_JSON, message="The JSON is nested too deep.")
        )
    if isinstance(error, ApiError):
        return _error_response(error.status, error.body, error.headers)
    if isinstance(error, UnicodeError) or isinstance(getattr(error, "orig", None), UnicodeError):
        # Text no database can store (a lone surrogate, "\ud800"): the request's fault.
        return _error_response(
            400,
            ErrorBody(
                code=ErrorCode.INVALID_REQUEST,
                message="The request holds text that is not valid Unicode.",
            ),
        )
    if isinstance(error, sa_exc.OperationalError | sa_exc.TimeoutError | sa_exc.InterfaceError):
        log.warning(
            "database unavailable for %s %s: %s", scope.get("method"), scope.get("path"), error
        )
        api = unavailable("The database is busy or unreachable; try again shortly.")
        return _error_response(api.status, api.body, api.headers)
    log.exception("bug answering %s %s", scope.get("method"), scope.get("path"), exc_info=error)
    return _error_response(
        500, ErrorBody(code=ErrorCode.INTERNAL, message="The server hit a bug; it was logged.")
    )


# --- error handlers ------------------------------------------------------------------


#: What a laptop older than DEVICES_VERSION is answered instead of the codes it cannot read.
_BEFORE_DEVICES = {
    ErrorCode.DEVICE_REVOKED: ErrorCode.UNAUTHENTICATED,
    ErrorCode.DEVICE_LOST: ErrorCode.UNAUTHENTICATED,
    ErrorCode.TOO_MANY_ATTEMPTS: ErrorCode.BAD_CREDENTIALS,
}


async def _api_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    body, status = error.body, error.status
    older = _BEFORE_DEVICES.get(body.code)
    if older is not None and _version(request) < DEVICES_VERSION:
        # Its reader refuses unknown codes and fields: it is told to sign in again.
        body = ErrorBody(code=older, message=body.message)
        status = 401
    return _error_response(status, body, error.headers)


def _version(request: Request) -> int:
    try:
        return int(request.headers.get(PROTOCOL_HEADER, PROTOCOL_VERSION))
    except ValueError:
        return PROTOCOL_VERSION


async def _validation_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = list(error.errors())
    if any(p.get("type") == "json_invalid" for p in problems):
        return _error_response(
            400, ErrorBody(code=ErrorCode.MALFORMED_JSON, message="The body is not valid JSON.")
        )
    fields = [
        FieldError(
            location=[str(x) if not isinstance(x, int) else x for x in p.get("loc", ())],
            message=str(p.get("msg", "")),
        )
        for p in problems[:50]
    ]
    summary = "; ".join(f"{'.'.join(map(str, f.location))}: {f.message}" for f in fields[:5])
    return _error_response(
        422,
        ErrorBody(
            code=ErrorCode.INVALID_REQUEST,
            message=f"The request does not read: {summary}",
            errors=fields,
        ),
    )


async def _http_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    code = {404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED}.get(
        error.status_code, ErrorCode.INVALID_REQUEST
    )
    return _error_response(
        error.status_code,
        ErrorBody(code=code, message=str(error.detail)),
        dict(error.headers or {}),
    )


# --- the application -----------------------------------------------------------------


def create_app(
    db: Database,
    *,
    clock: Clock = _utcnow,
    config: ServiceConfig | None = None,
) -> FastAPI:
    """The service over ``db`` (migrated already) with the office console at ``/office``
    (``config``: the settings read at start; its ``threads`` run the routes, each holding
    at most one database connection)."""
    config = config or ServiceConfig()
    sender = delivery.Sender(db, config, clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Few threads per process: a thread holding the feed counter must not wait long
        # for the GIL behind dozens of others (every writer queues behind it meanwhile).
        to_thread.current_default_thread_limiter().total_tokens = config.threads
        db.changes.start()  # the console's boards hear of every change
        sender.start()  # reports to e-mail: after each push, and retried by itself
        sender.wake()  # what waited while the service was down
        escalating = (
            asyncio.create_task(escalation.run(db, config, clock))
            if config.escalation_enabled
            else None
        )
        yield
        if escalating is not None:
            escalating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await escalating
        sender.stop()
        db.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="Fieldbook central service",
        version=str(PROTOCOL_VERSION),
        description=(
            "Sync for Fieldbook laptops: login, push (exactly-once mutations), pull (cursor "
            f"pages), blobs, and dispatch. Every request but /health sends {PROTOCOL_HEADER}."
        ),
        responses=_ERRORS,
    )
    app.add_middleware(ProtocolMiddleware)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    office = Office(db, clock)
    gate = LoginGate(config)
    bearer = HTTPBearer(auto_error=False, description="The device token from /login")

    # The dependencies that only read the request are coroutines: a plain function would
    # be run in the thread pool, one thread hand-off each (a sync paid for four).
    async def protocol_version(
        version: Annotated[
            int,
            Header(
                alias=PROTOCOL_HEADER,
                ge=MIN_PROTOCOL_VERSION,
                le=PROTOCOL_VERSION,
                description="The protocol version the client speaks",
            ),
        ],
    ) -> int:
        return version

    def caller(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Caller:
        token = credentials.credentials if credentials is not None else None
        with db.autocommit() as conn:
            return auth.authenticate(conn, token, now=clock())

    async def technician(who: Annotated[Caller, Depends(caller)]) -> Caller:
        if who.role is not Role.TECHNICIAN:
            raise forbidden("Only technicians sync a laptop.")
        return who

    async def dispatcher(who: Annotated[Caller, Depends(caller)]) -> Caller:
        if who.role is not Role.DISPATCHER:
            raise forbidden("Only dispatch does this.")
        return who

    @app.get("/health", tags=["service"])
    def health() -> dict[str, Any]:
        """Liveness and readiness (the database answers); no protocol header needed."""
        with db.read() as session:
            session.execute(text("SELECT 1"))
        return {"status": "ok", "protocol": PROTOCOL_VERSION, "min_protocol": MIN_PROTOCOL_VERSION}

    api = APIRouter(dependencies=[Depends(protocol_version)])

    @api.post(
        "/login",
        tags=["auth"],
        responses={
            401: {"model": ErrorBody},
            429: {"model": ErrorBody, "description": "Too many failed sign-ins: Retry-After"},
        },
    )
    def login(body: LoginRequest, request: Request) -> LoginResponse:
        """Trade a user name and password for a device token (a new device)."""
        signed = auth.login(
            db,
            gate,
            body.username,
            body.password,
            body.device_name,
            address=_address(request),
            clock=clock,
            ttl=config.token_ttl,
        )
        user = signed.user
        info = UserInfo(id=user.user_id, username=user.username, name=user.name, role=user.role)
        log.info("%s signed in: device %s", user.username, signed.device_id)
        return LoginResponse(token=signed.token, expires_at=signed.expires_at, user=info)

    @api.post("/logout", tags=["auth"], status_code=204)
    def logout(
        who: Annotated[Caller, Depends(caller)],
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Response:
        """Forget this device's token (the laptop keeps its outbox)."""
        assert credentials is not None
        with db.write() as session:
            auth.revoke(session, credentials.credentials, now=clock())
        log.info("%s logged out", who.username)
        return Response(status_code=204)

    @api.get("/me", tags=["auth"])
    def me(who: Annotated[Caller, Depends(caller)]) -> UserInfo:
        return UserInfo(id=who.user_id, username=who.username, name=who.name, role=who.role)

    @api.post(
        "/push",
        tags=["sync"],
        response_model=PushResponse,
        responses={403: {"model": ErrorBody}, 409: {"model": ErrorBody}},
    )
    def push_route(
        body: PushRequest, request: Request, who: Annotated[Caller, Depends(technician)]
    ) -> Response:
        """Apply a laptop's mutations, each exactly once, in number order."""
        here = config.public_url or str(request.base_url)
        answer = push.push(db, who, body, clock, service_url=here.rstrip("/"))
        # Reports asked for now are e-mailed after this answer, never holding it up; the
        # ones this technician still waits for (a mail server down) are tried again now.
        if any(m.name == MutationName.REPORT_SEND for m in body.mutations):
            sender.wake()
        elif not body.mutations and config.smtp_host:
            sender.retry_for(who.user_id)  # the sync's first push asks for its numbers
        return _json(answer)

    @api.get(
        "/pull", tags=["sync"], response_model=PullResponse, responses={403: {"model": ErrorBody}}
    )
    def pull_route(
        who: Annotated[Caller, Depends(technician)],
        version: Annotated[int, Depends(protocol_version)],
        cursor: Annotated[str | None, Query(max_length=512)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
    ) -> Response:
        """The next page of what changed for the caller since ``cursor``."""
        built = pull.pull(db, who, cursor, limit, clock)
        if version >= RETENTION_VERSION and version >= CLIENT_EMAIL_VERSION:
            # Entries spliced in as stored: the same answer, read.
            return Response(
                content=built.json(config.retention_days), media_type="application/json"
            )
        page = built.response()
        if version < CLIENT_EMAIL_VERSION:
            page.changes = [c for c in page.changes if c.kind is not RecordKind.DELIVERY]
            for change in page.changes:
                if change.data is None:
                    continue
                if change.kind is RecordKind.CONTRACT and version < CONTRACT_ZONE_VERSION:
                    change.data.pop("time_zone", None)
                elif change.kind is RecordKind.CLIENT:
                    change.data.pop("email", None)
        if version < RETENTION_VERSION:  # its reader refuses a field it does not know
            return Response(
                content=page.model_dump_json(exclude={"retention_days"}),
                media_type="application/json",
            )
        page.retention_days = config.retention_days
        return _json(page)

    @api.get("/blobs/{sha256}/status", tags=["blobs"], responses={404: {"model": ErrorBody}})
    def blob_status(sha256: Sha256Path, who: Annotated[Caller, Depends(caller)]) -> BlobStatus:
        """How much of a blob the server holds: where an interrupted upload resumes."""
        return blobs.status(db, who, sha256)

    @api.put(
        "/blobs/{sha256}",
        tags=["blobs"],
        responses={409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def blob_put(
        sha256: Sha256Path,
        request: Request,
        who: Annotated[Caller, Depends(caller)],
        content_range: Annotated[str | None, Header(alias="Content-Range")] = None,
    ) -> BlobStatus:
        """Upload a blob whole, or one range of it (``Content-Range: bytes S-E/TOTAL``)."""
        blobs.check_sha(sha256)
        data = await request.body()
        return await run_in_threadpool(blobs.put, db, who, sha256, data, content_range, clock)

    @api.get(
        "/blobs/{sha256}",
        tags=["blobs"],
        response_class=StreamingResponse,
        responses={
            200: {"content": {"application/octet-stream": {}}},
            403: {"model": ErrorBody},
            404: {"model": ErrorBody},
        },
    )
    def blob_get(
        sha256: Sha256Path,
        who: Annotated[Caller, Depends(caller)],
        range_: Annotated[str | None, Header(alias="Range")] = None,
    ) -> StreamingResponse:
        """Download a blob of an attachment on one of the caller's incidents, whole or
        from ``Range: bytes=START-`` on (a download resumes)."""
        row = blobs.readable(db, who, sha256)
        size = row.size or 0
        start = blobs.parse_download_range(range_, size)
        headers = {"Content-Length": str(size - start)}
        if range_ is not None:
            headers["Content-Range"] = f"bytes {start}-{max(size - 1, start)}/{size}"
        return StreamingResponse(
            blobs.chunks(db, sha256, start),
            status_code=206 if range_ is not None else 200,
            media_type="application/octet-stream",
            headers=headers,
        )

    # --- dispatch ----------------------------------------------------------------------

    @api.post(
        "/dispatch/incidents",
        tags=["dispatch"],
        status_code=201,
        responses={403: {"model": ErrorBody}, 409: {"model": ErrorBody}},
    )
    def dispatch_create(
        body: IncidentCreate, who: Annotated[Caller, Depends(dispatcher)]
    ) -> DispatchIncident:
        """Record a client's emergency, assigned to a technician or to nobody yet."""
        try:
            incident_id = office.add_incident(
                contract=body.contract_id,
                number=body.number,
                title=body.title,
                priority=body.priority,
                system=body.system_id,
                system_name=body.system_name,
                description=body.description,
                channel=body.channel,
                notified_at=body.notified_at
                if body.notified_at is None or body.notified_at.tzinfo
                else body.notified_at.replace(tzinfo=UTC),
                assign_to=body.assigned_to,
            )
        except OfficeError as error:
            raise ApiError(409, ErrorCode.INVALID_REQUEST, str(error)) from None
        return _incident_view(db, incident_id)

    @api.post(
        "/dispatch/incidents/{incident_id}/assign",
        tags=["dispatch"],
        responses={403: {"model": ErrorBody}, 404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
    )
    def dispatch_assign(
        incident_id: uuid.UUID, body: AssignRequest, who: Annotated[Caller, Depends(dispatcher)]
    ) -> DispatchIncident:
        """Assign (or reassign) an incident: dispatch's decision always wins."""
        with db.read() as session:
            if session.get(IncidentRow, incident_id) is None:
                raise not_found(f"No incident {incident_id}.")
        try:
            office.assign(incident_id, body.technician_id, reason=body.reason, by=who.user_id)
        except OfficeError as error:
            raise ApiError(409, ErrorCode.INVALID_REQUEST, str(error)) from None
        return _incident_view(db, incident_id)

    @api.post(
        "/dispatch/incidents/{incident_id}/priority",
        tags=["dispatch"],
        responses={403: {"model": ErrorBody}, 404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
    )
    def dispatch_priority(
        incident_id: uuid.UUID, body: PriorityRequest, who: Annotated[Caller, Depends(dispatcher)]
    ) -> DispatchIncident:
        """Change an incident's priority, saying why (an entry in its history)."""
        _exists(db, incident_id)
        try:
            office.change_priority(incident_id, body.priority, body.reason, by=who.user_id)
        except OfficeError as error:
            raise ApiError(409, ErrorCode.INVALID_REQUEST, str(error)) from None
        return _incident_view(db, incident_id)

    @api.post(
        "/dispatch/incidents/{incident_id}/cancel",
        tags=["dispatch"],
        responses={403: {"model": ErrorBody}, 404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
    )
    def dispatch_cancel(
        incident_id: uuid.UUID, body: CancelRequest, who: Annotated[Caller, Depends(dispatcher)]
    ) -> DispatchIncident:
        """Cancel an incident, saying why (an entry in its history)."""
        _exists(db, incident_id)
        try:
            office.cancel(incident_id, body.reason, by=who.user_id)
        except OfficeError as error:
            raise ApiError(409, ErrorCode.INVALID_REQUEST, str(error)) from None
        return _incident_view(db, incident_id)

    @api.get(
        "/dispatch/incidents/{incident_id}",
        tags=["dispatch"],
        responses={403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
    )
    def dispatch_view(
        incident_id: uuid.UUID, who: Annotated[Caller, Depends(dispatcher)]
    ) -> DispatchIncident:
        """An incident with every entry, in server order, and which blobs are pending."""
        return _incident_view(db, incident_id)

    @api.get("/dispatch/technicians", tags=["dispatch"], responses={403: {"model": ErrorBody}})
    def dispatch_technicians(who: Annotated[Caller, Depends(dispatcher)]) -> list[UserInfo]:
        with db.read() as session:
            users = session.scalars(
                select(UserRow).where(UserRow.role == Role.TECHNICIAN).order_by(UserRow.username)
            )
            return [UserInfo(id=u.id, username=u.username, name=u.name, role=u.role) for u in users]

    app.include_router(api)
    app.mount(CONSOLE_PREFIX, create_console(db, office, config, clock, gate))
    app.mount(VERIFY_PREFIX, create_verify(db, UploadGate(config)))
    return app


def _exists(db: Database, incident_id: uuid.UUID) -> None:
    with db.read() as session:
        if session.get(IncidentRow, incident_id) is None:
            raise not_found(f"No incident {incident_id}.")


def _incident_view(db: Database, incident_id: uuid.UUID) -> DispatchIncident:
    with db.read() as session:
        row = session.get(IncidentRow, incident_id)
        if row is None:
            raise not_found(f"No incident {incident_id}.")
        entries = session.scalars(
            select(EntryRow)
            .where(EntryRow.incident_id == incident_id)
            .order_by(EntryRow.server_order)
        ).all()
        shas = {e.sha256 for e in entries if e.sha256}
        complete = (
            set(
                session.scalars(
                    select(BlobRow.sha256).where(BlobRow.sha256.in_(shas), BlobRow.complete)
                )
            )
            if shas
            else set()
        )
        return DispatchIncident(
            incident=plain(records.incident(row)),
            entries=[
                DispatchEntry(
                    entry=records.entry_json(e.body),
                    author_id=e.author_id,
                    received_at=e.received_at,
                    server_order=e.server_order,
                    blob_pending=e.sha256 is not None and e.sha256 not in complete,
                    seal_verified=e.seal_verified,
                )
                for e in entries
            ],
        )
