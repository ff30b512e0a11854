"""The office console's pages, mounted by the service at ``/office``.

Pages: sign in; the board (and its rows, which it reads again when told by the event
stream that something changed); taking a call; an incident as the technician recorded
it, with dispatch's actions and its report; people and their devices. Every route
checks the session and the role (:func:`sync.server.console.web.require_dispatcher`)
and every form its CSRF token (:func:`posted`); each change is one
:class:`~sync.server.office.Office` call, the same the command line and the JSON API
make. The navigation has room for what comes next (statements): a page is a route, a
template and a line in ``NAV``.
"""

import asyncio
import contextlib
import io
import logging
import urllib.parse
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from domain.records import Priority
from domain.status import OPEN_STATES
from report.pdf import ReportOptions, build_report
from sync.protocol.messages import Role
from sync.server import delivery as deliveries
from sync.server import record as records_of
from sync.server.config import ServiceConfig
from sync.server.console import board as boards
from sync.server.console import calls, i18n, incident_view, people, statements
from sync.server.console.fmt import Fmt
from sync.server.console.i18n import N_, Words
from sync.server.console.signin import NOT_DISPATCH, SignInRefused, sign_in, sign_out
from sync.server.console.web import (
    LANG_COOKIE,
    LOGIN_COOKIE,
    PREFIX,
    SESSION_COOKIE,
    STATIC,
    Form,
    NeedSignIn,
    Pages,
    Refused,
    SecurityHeaders,
    Visitor,
    check_csrf,
    check_origin,
    new_login_nonce,
    read_form,
    require_dispatcher,
    safe_next,
    set_cookie,
    words_of,
)
from sync.server.db import Database
from sync.server.live import Change
from sync.server.office import Office, OfficeError
from sync.server.throttle import LoginGate

log = logging.getLogger("fieldbook.server.console")

Clock = Callable[[], datetime]

#: The console's sections, in the order of the navigation: (path, label).
NAV: tuple[tuple[str, str], ...] = (
    ("/board", N_("Board")),
    ("/calls/new", N_("Take a call")),
    ("/statements", N_("Statements")),
    ("/people", N_("People")),
)
#: Seconds between keep-alive comments on an event stream (proxies close idle ones).
HEARTBEAT = 15.0
#: Changes arriving within this many seconds go out as one event.
COALESCE = 0.2
#: Rows the board shows at first and adds as the dispatcher scrolls down.
BOARD_PAGE = 150
#: Most rows one answer re-renders (a browser scrolled very far down).
MAX_BOARD_ROWS = 6000
#: Passwords set in the console: at least this long.
MIN_PASSWORD = 8


def create_console(
    db: Database,
    office: Office,
    config: ServiceConfig,
    clock: Clock,
    gate: LoginGate | None = None,
) -> FastAPI:
    gate = gate or LoginGate(config)
    console = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    console.add_middleware(GZipMiddleware, minimum_size=2048)
    console.add_middleware(SecurityHeaders)
    console.mount("/static", StaticFiles(directory=STATIC), name="static")
    pages = Pages({})

    def page(
        request: Request,
        template: str,
        visitor: Visitor | None,
        status: int = 200,
        **context: Any,
    ) -> HTMLResponse:
        words = visitor.words if visitor is not None else words_of(request)
        return pages.page(
            words.lang,
            template,
            status=status,
            t=words,
            fmt=Fmt(words),
            visitor=visitor,
            nav=NAV,
            path=request.url.path.removeprefix(PREFIX),
            request_path=request.url.path
            + (("?" + request.url.query) if request.url.query else ""),
            **context,
        )

    def dispatcher(request: Request) -> Visitor:
        return require_dispatcher(request, db, clock)

    Who = Annotated[Visitor, Depends(dispatcher)]  # noqa: N806 - a type alias

    async def posted(request: Request, who: Who) -> Form:
        """The posted form, once its origin and CSRF token are checked."""
        check_origin(request, who.words)
        form = await read_form(request)
        check_csrf(form, who.csrf, who.words)
        return form

    Posted = Annotated[Form, Depends(posted)]  # noqa: N806 - a type alias

    # --- errors ---------------------------------------------------------------------

    async def need_sign_in(request: Request, error: Exception) -> Response:
        assert isinstance(error, NeedSignIn)
        target = f"{PREFIX}/login?next={_quote(error.next_path)}"
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": target})
        if "text/event-stream" in request.headers.get("accept", ""):
            return Response(status_code=401)
        return RedirectResponse(target, status_code=303)

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, Refused)
        return page(request, "error.html", None, status=error.status, message=error.message)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        words = words_of(request)
        message = (
            words("There is no such page.")
            if error.status_code == 404
            else words("The request could not be answered.")
        )
        return page(request, "error.html", None, status=error.status_code, message=message)

    console.add_exception_handler(NeedSignIn, need_sign_in)
    console.add_exception_handler(Refused, refused)
    console.add_exception_handler(StarletteHTTPException, http_error)

    # --- signing in -----------------------------------------------------------------

    @console.get("/")
    def home() -> Response:
        return RedirectResponse(f"{PREFIX}/board", status_code=303)

    @console.get("/login")
    def login_page(request: Request, next: str = "") -> Response:
        nonce = new_login_nonce()
        response = page(request, "login.html", None, next=safe_next(next), nonce=nonce, error="")
        set_cookie(response, request, LOGIN_COOKIE, nonce, secure=config.cookie_secure)
        return response

    @console.post("/login")
    async def login(request: Request) -> Response:
        words = words_of(request)
        check_origin(request, words)
        form = await read_form(request)
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        sent = form.get("nonce")
        if not nonce or not sent or nonce != sent:
            raise Refused(
                words("The sign-in form has expired. Nothing was sent: reload it and try again.")
            )
        username, password = form.get("username").strip(), form.get("password")
        next_path = safe_next(form.get("next"))
        error = ""
        if not username or not password or len(username) > 150 or len(password) > 1024:
            error = words("Type your user name and password.")
        else:
            address = request.client.host if request.client is not None else "unknown"
            try:
                session = await asyncio.to_thread(
                    sign_in,
                    db,
                    username,
                    password,
                    device_name=f"{_device_name(request)}",
                    address=address,
                    clock=clock,
                    ttl=config.console_session,
                    gate=gate,
                )
            except SignInRefused as refusal:
                error = _sign_in_message(refusal, words)
                log.info("console sign-in refused for a user name: %s", refusal.code)
            else:
                done = RedirectResponse(next_path, status_code=303)
                set_cookie(
                    done,
                    request,
                    SESSION_COOKIE,
                    session.token,
                    secure=config.cookie_secure,
                    max_age=int(config.console_session.total_seconds()),
                )
                done.delete_cookie(LOGIN_COOKIE, path=PREFIX)
                log.info("%s signed in to the console", username)
                return done
        fresh = new_login_nonce()
        response = page(
            request,
            "login.html",
            None,
            status=401 if error else 400,
            next=next_path,
            nonce=fresh,
            error=error,
            username=username,
        )
        set_cookie(response, request, LOGIN_COOKIE, fresh, secure=config.cookie_secure)
        return response

    @console.post("/logout")
    async def logout(request: Request, form: Posted) -> Response:
        token = request.cookies.get(SESSION_COOKIE, "")
        await asyncio.to_thread(sign_out, db, token, clock)
        response = RedirectResponse(f"{PREFIX}/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path=PREFIX)
        return response

    @console.get("/lang/{code}")
    def choose_language(request: Request, code: str, next: str = "") -> Response:
        response = RedirectResponse(safe_next(next), status_code=303)
        if code in i18n.LANGUAGES:
            set_cookie(
                response,
                request,
                LANG_COOKIE,
                code,
                secure=config.cookie_secure,
                max_age=400 * 24 * 3600,
            )
        return response

    # --- the board --------------------------------------------------------------------

    snapshots = boards.Snapshots()

    def read_board(request: Request) -> tuple[boards.Board, boards.Filters]:
        filters = boards.Filters.read(request.query_params)
        with db.read() as session:
            snapshot = snapshots.get(session, clock(), config.stale_after)
        return boards.filtered(snapshot, filters), filters

    def upto(request: Request) -> int:
        """How many rows the browser holds (it asks for as many again), within bounds."""
        try:
            wanted = int(request.query_params.get("upto", "0"))
        except ValueError:
            wanted = 0
        return min(max(wanted, BOARD_PAGE), MAX_BOARD_ROWS)

    def board_context(who: Visitor, board: boards.Board, filters: boards.Filters) -> dict[str, Any]:
        return {
            "board": board,
            "filters": filters,
            "Show": boards.Show,
            "t": who.words,
            "fmt": Fmt(who.words),
            "prefix": PREFIX,
        }

    @console.get("/board")
    def board_page(request: Request, who: Who) -> Response:
        board, filters = read_board(request)
        return page(
            request,
            "board.html",
            who,
            board=board,
            filters=filters,
            Show=boards.Show,
            shown=BOARD_PAGE,
        )

    @console.get("/board/body")
    def board_body(request: Request, who: Who) -> Response:
        """The summary and the table, as many rows as the browser holds (or a page)."""
        board, filters = read_board(request)
        context = board_context(who, board, filters)
        answer = HTMLResponse(
            pages.render(who.lang, "board_body.html", shown=upto(request), **context)
        )
        if request.headers.get("hx-trigger") == "filters":
            query = urllib.parse.urlencode(filters.query())
            answer.headers["HX-Push-Url"] = f"{PREFIX}/board" + (f"?{query}" if query else "")
        return answer

    @console.get("/board/more")
    def board_more(request: Request, who: Who) -> Response:
        """The next page of rows, as the dispatcher scrolls down."""
        board, filters = read_board(request)
        try:
            offset = max(0, int(request.query_params.get("offset", "0")))
        except ValueError:
            offset = 0
        return HTMLResponse(
            pages.render(
                who.lang,
                "board_more.html",
                offset=offset,
                shown=offset + BOARD_PAGE,
                **board_context(who, board, filters),
            )
        )

    @console.get("/board/patch")
    def board_patch(request: Request, who: Who) -> Response:
        """The rows of the incidents that changed, each with the row it now follows,
        and which of them left the part of the board the browser holds."""
        board, filters = read_board(request)
        wanted = {
            i for i in (_uuid(v) for v in request.query_params.get("ids", "").split(",")[:200]) if i
        }
        held = upto(request)
        changed: list[tuple[boards.Row, str]] = []
        place = {row.id: n for n, row in enumerate(board.rows)}
        for incident_id in sorted(wanted, key=lambda i: place.get(i, len(place))):
            n = place.get(incident_id)
            if n is not None and n < held:
                changed.append((board.rows[n], f"i-{board.rows[n - 1].id}" if n else ""))
        gone = sorted(str(i) for i in wanted - {row.id for row, _ in changed})
        return HTMLResponse(
            pages.render(
                who.lang,
                "board_patch.html",
                changed=changed,
                gone=gone,
                **board_context(who, board, filters),
            )
        )

    @console.get("/events")
    async def events(request: Request, who: Who) -> StreamingResponse:
        """Server-sent events: ``change`` when anything on the board may have changed,
        ``incident-<id>`` for each incident that did."""

        async def stream() -> AsyncIterator[str]:
            yield "retry: 2000\n\n"
            async with db.changes.hub.subscription() as queue:
                yield "event: ready\ndata: \n\n"
                while True:
                    try:
                        change = await asyncio.wait_for(queue.get(), timeout=HEARTBEAT)
                    except TimeoutError:
                        if await asyncio.to_thread(_session_ended, request):
                            return
                        yield ": still here\n\n"
                        continue
                    if change is None:
                        return
                    changes = [change]
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(COALESCE):
                            while True:
                                more = await queue.get()
                                if more is None:
                                    return
                                changes.append(more)
                    yield _event_text(changes)

        def _session_ended(request: Request) -> bool:
            try:
                require_dispatcher(request, db, clock)
            except (NeedSignIn, Refused):
                return True
            return False

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    # --- taking a call ------------------------------------------------------------------

    def call_context(session: Any, form: calls.CallForm, words: Words) -> dict[str, Any]:
        client = calls.find_client(session, form.value("client"))
        contracts = calls.contracts_of(session, client.id) if client is not None else []
        wanted = form.value("contract")
        contract = next((c for c in contracts if str(c.id) == wanted), None)
        if contract is None and len(contracts) == 1:
            contract = contracts[0]
        system = form.value("system")
        if contract is not None and not form.duplicates and system:
            system_id = _uuid(system)
            form.duplicates = calls.duplicates(
                session, contract.id, system_id, form.value("system_name")
            )
        now = clock()
        tz = contract.tz if contract is not None else UTC
        return {
            "form": form,
            "client": client,
            "clients": calls.clients(session),
            "contracts": contracts,
            "contract": contract,
            "technicians": calls.technicians(session),
            "channels": [(c.value, words(calls.CHANNEL_LABELS[c])) for c in calls.CHANNELS],
            "priorities": list(Priority),
            "now_local": now.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            "tz": tz,
            "now": now,
            "OUTSIDE": calls.OUTSIDE,
        }

    @console.get("/calls/new")
    def call_page(request: Request, who: Who) -> Response:
        form = calls.CallForm(values=dict(request.query_params))
        with db.read() as session:
            context = call_context(session, form, who.words)
        return page(request, "call.html", who, **context)

    @console.get("/calls/contract")
    def call_contract(request: Request, who: Who) -> Response:
        """The part of the form that follows the client: contracts, systems, targets."""
        form = calls.CallForm(values=dict(request.query_params))
        with db.read() as session:
            context = call_context(session, form, who.words)
        return HTMLResponse(
            pages.render(who.lang, "call_contract.html", t=who.words, fmt=Fmt(who.words), **context)
        )

    @console.get("/calls/duplicates")
    def call_duplicates(request: Request, who: Who) -> Response:
        form = calls.CallForm(values=dict(request.query_params))
        with db.read() as session:
            context = call_context(session, form, who.words)
        return HTMLResponse(
            pages.render(
                who.lang, "call_duplicates.html", t=who.words, fmt=Fmt(who.words), **context
            )
        )

    @console.post("/calls")
    def take_call(request: Request, who: Who, form: Posted) -> Response:
        now = clock()
        with db.read() as session:
            call, typed = calls.read_call(session, form, who.words, now)
        if call is not None:
            for _attempt in range(5):
                with db.read() as session:
                    number = calls.next_number(session, call.notified_at.astimezone(UTC).year)
                try:
                    incident_id = office.add_incident(
                        contract=call.contract_id,
                        number=number,
                        title=call.title,
                        priority=call.priority,
                        system=call.system_id,
                        system_name=call.system_name,
                        description=call.description,
                        channel=call.channel,
                        notified_at=call.notified_at,
                        assign_to=call.assign_to,
                    )
                except OfficeError as error:
                    if "exists already" in str(error):
                        continue  # another dispatcher took that number meanwhile
                    typed.errors["form"] = str(error)
                    break
                log.info("%s took the call %s", who.caller.username, number)
                return RedirectResponse(
                    f"{PREFIX}/incidents/{incident_id}?taken=1", status_code=303
                )
            else:
                typed.errors["form"] = who.words("Could not number the incident; try again.")
        with db.read() as session:
            context = call_context(session, typed, who.words)
        return page(request, "call.html", who, status=422, **context)

    # --- an incident ------------------------------------------------------------------

    def incident_page(
        request: Request, who: Visitor, ref: str, status: int = 200, **extra: Any
    ) -> Response:
        now = clock()
        try:
            with db.read() as session:
                record = records_of.load(session, ref, now)
                technicians = calls.technicians(session)
                contact = people.last_contacts(session)
        except records_of.UnknownIncident:
            raise StarletteHTTPException(404) from None
        view = incident_view.build(record, contact, now)
        return page(
            request,
            "incident.html",
            who,
            status=status,
            record=record,
            view=view,
            technicians=technicians,
            priorities=list(Priority),
            open_states=OPEN_STATES,
            now=now,
            deliveries=deliveries.of_incident(db, record.detail.incident.id),
            taken=request.query_params.get("taken") == "1",
            errors=extra.pop("errors", {}),
            done=extra.pop("done", request.query_params.get("done", "")),
            **extra,
        )

    @console.get("/incidents/{ref}")
    def incident(request: Request, who: Who, ref: str) -> Response:
        return incident_page(request, who, ref)

    @console.get("/incidents/{ref}/live")
    def incident_live(request: Request, who: Who, ref: str) -> Response:
        """The parts of the incident page that change (for its event stream)."""
        now = clock()
        try:
            with db.read() as session:
                record = records_of.load(session, ref, now)
                contact = people.last_contacts(session)
        except records_of.UnknownIncident:
            raise StarletteHTTPException(404) from None
        view = incident_view.build(record, contact, now)
        return HTMLResponse(
            pages.render(
                who.lang,
                "incident_live.html",
                t=who.words,
                fmt=Fmt(who.words),
                record=record,
                view=view,
                now=now,
                deliveries=deliveries.of_incident(db, record.detail.incident.id),
            )
        )

    def act(
        request: Request,
        who: Visitor,
        ref: str,
        action: Callable[[uuid.UUID], None],
        done: str,
        field: str,
    ) -> Response:
        with db.read() as session:
            try:
                row = records_of.find_incident(session, ref)
            except records_of.UnknownIncident:
                raise StarletteHTTPException(404) from None
            incident_id = row.id
        try:
            action(incident_id)
        except OfficeError as error:
            return incident_page(request, who, str(incident_id), 409, errors={field: str(error)})
        return RedirectResponse(
            f"{PREFIX}/incidents/{incident_id}?done={done}#actions", status_code=303
        )

    @console.post("/incidents/{ref}/assign")
    def assign(request: Request, who: Who, form: Posted, ref: str) -> Response:
        choice = form.get("technician")
        reason = form.text("reason")
        if len(reason) > 500:
            return incident_page(
                request,
                who,
                ref,
                422,
                errors={"assign": who.words("At most %(n)d characters.", n=500)},
            )
        technician = _uuid(choice) if choice else None
        if choice and technician is None:
            return incident_page(
                request, who, ref, 422, errors={"assign": who.words("Choose a technician.")}
            )
        return act(
            request,
            who,
            ref,
            lambda i: office.assign(i, technician, reason=reason, by=who.caller.user_id),
            "assigned" if technician else "unassigned",
            "assign",
        )

    @console.post("/incidents/{ref}/priority")
    def priority(request: Request, who: Who, form: Posted, ref: str) -> Response:
        value, reason = form.get("priority"), form.text("reason")
        problem = ""
        if value not in Priority.__members__:
            problem = who.words("Choose the priority.")
        elif not reason:
            problem = who.words("Say why the priority changes.")
        elif len(reason) > 500:
            problem = who.words("At most %(n)d characters.", n=500)
        if problem:
            return incident_page(request, who, ref, 422, errors={"priority": problem})
        return act(
            request,
            who,
            ref,
            lambda i: office.change_priority(i, Priority(value), reason, by=who.caller.user_id),
            "priority",
            "priority",
        )

    @console.post("/incidents/{ref}/cancel")
    def cancel(request: Request, who: Who, form: Posted, ref: str) -> Response:
        reason = form.text("reason")
        problem = ""
        if not reason:
            problem = who.words("Say why the incident is cancelled.")
        elif len(reason) > 500:
            problem = who.words("At most %(n)d characters.", n=500)
        if problem:
            return incident_page(request, who, ref, 422, errors={"cancel": problem})
        return act(
            request,
            who,
            ref,
            lambda i: office.cancel(i, reason, by=who.caller.user_id),
            "cancelled",
            "cancel",
        )

    @console.get("/incidents/{ref}/report.pdf")
    def report(
        request: Request, who: Who, ref: str, kind: str = "detailed", lang: str = ""
    ) -> Response:
        if kind not in ("brief", "detailed") or lang not in ("", "en", "zh"):
            raise StarletteHTTPException(404)
        now = clock()
        try:
            data = records_of.report_data(
                db,
                ref,
                config.company,
                now,
                service_url=config.public_url or str(request.base_url).rstrip("/"),
            )
        except records_of.UnknownIncident:
            raise StarletteHTTPException(404) from None
        out = io.BytesIO()
        result = build_report(
            data, out, ReportOptions(brief=kind == "brief", language=lang or None)
        )
        name = f"{result.number}-{kind}-{result.language}.pdf"
        log.info("%s downloaded the report %s", who.caller.username, name)
        return Response(
            out.getvalue(),
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @console.get("/incidents/{ref}/files/{sha256}")
    def file(request: Request, who: Who, ref: str, sha256: str) -> Response:
        """A file recorded on the incident (an attachment, the signature picture)."""
        with db.read() as session:
            try:
                record = records_of.load(session, ref, clock())
            except records_of.UnknownIncident:
                raise StarletteHTTPException(404) from None
        named = incident_view.files(record)
        if sha256 not in named:
            raise StarletteHTTPException(404)
        data = records_of.read_blob(db, sha256)
        if data is None:
            raise StarletteHTTPException(404)
        filename, media_type = named[sha256]
        inline = media_type in incident_view.INLINE_TYPES
        disposition = "inline" if inline else "attachment"
        return Response(
            data,
            media_type=media_type if inline else "application/octet-stream",
            headers={
                "Content-Disposition": f"{disposition}; filename*=UTF-8''{_quote(filename)}",
                "Cache-Control": "private, max-age=3600",
            },
        )

    statements.add_routes(console, page, dispatcher, db, config, clock)

    # --- people -------------------------------------------------------------------------

    def people_page(request: Request, who: Visitor, status: int = 200, **extra: Any) -> Response:
        with db.read() as session:
            everyone = people.people(session)
        return page(
            request,
            "people.html",
            who,
            status=status,
            everyone=everyone,
            now=clock(),
            stale_after=config.stale_after,
            roles=list(Role),
            errors=extra.pop("errors", {}),
            values=extra.pop("values", {}),
            done=extra.pop("done", request.query_params.get("done", "")),
            MIN_PASSWORD=MIN_PASSWORD,
        )

    @console.get("/people")
    def people_list(request: Request, who: Who) -> Response:
        return people_page(request, who)

    @console.post("/people")
    def add_person(request: Request, who: Who, form: Posted) -> Response:
        values = form.values()
        username, name = form.text("username"), form.text("name")
        password, role = form.get("password"), form.get("role")
        errors: dict[str, str] = {}
        w = who.words
        if not username:
            errors["username"] = w("Fill this in.")
        elif len(username) > 150 or any(c.isspace() for c in username):
            errors["username"] = w("One word of at most 150 characters.")
        if len(name) > 200:
            errors["name"] = w("At most %(n)d characters.", n=200)
        if len(password) < MIN_PASSWORD:
            errors["password"] = w("At least %(n)d characters.", n=MIN_PASSWORD)
        elif len(password) > 1024:
            errors["password"] = w("At most %(n)d characters.", n=1024)
        if role not in {r.value for r in Role}:
            errors["role"] = w("Choose the role.")
        if not errors:
            try:
                office.add_user(username, name or username, password, Role(role))
            except OfficeError as error:
                errors["username"] = (
                    w("That user name is taken.") if "exists" in str(error) else str(error)
                )
            else:
                return RedirectResponse(f"{PREFIX}/people?done=added", status_code=303)
        values.pop("password", None)
        return people_page(request, who, 422, errors=errors, values=values)

    def person_action(
        request: Request, who: Visitor, user: str, action: Callable[[uuid.UUID], object], done: str
    ) -> Response:
        user_id = _uuid(user)
        if user_id is None:
            raise StarletteHTTPException(404)
        try:
            action(user_id)
        except OfficeError as error:
            return people_page(request, who, 409, errors={str(user_id): str(error)})
        return RedirectResponse(f"{PREFIX}/people?done={done}#u-{user_id}", status_code=303)

    @console.post("/people/{user}/password")
    def reset_password(request: Request, who: Who, form: Posted, user: str) -> Response:
        password = form.get("password")
        if not MIN_PASSWORD <= len(password) <= 1024:
            return people_page(
                request,
                who,
                422,
                errors={user: who.words("At least %(n)d characters.", n=MIN_PASSWORD)},
            )
        return person_action(
            request, who, user, lambda u: office.set_password(u, password), "password"
        )

    @console.post("/people/{user}/active")
    def set_active(request: Request, who: Who, form: Posted, user: str) -> Response:
        active = form.get("active") == "yes"
        if not active and _uuid(user) == who.caller.user_id:
            return people_page(
                request, who, 409, errors={user: who.words("You cannot deactivate yourself.")}
            )
        return person_action(
            request,
            who,
            user,
            lambda u: office.set_active(u, active),
            "activated" if active else "deactivated",
        )

    @console.post("/people/{user}/devices/{device}/{action}")
    def device_action(
        request: Request, who: Who, form: Posted, user: str, device: str, action: str
    ) -> Response:
        del form  # checked for its CSRF token
        user_id, device_id = _uuid(user), _uuid(device)
        if user_id is None or device_id is None or action not in ("revoke", "lost"):
            raise StarletteHTTPException(404)
        if device_id not in {d.id for d in office.devices(user_id, ended=True)}:
            raise StarletteHTTPException(404)
        if action == "lost":
            return person_action(request, who, user, lambda _: office.mark_lost(device_id), "lost")
        return person_action(
            request, who, user, lambda _: office.revoke_device(device_id), "revoked"
        )

    return console


def _event_text(changes: list[Change]) -> str:
    """One ``change`` event, then one ``incident-<id>`` event per incident named."""
    ids: set[uuid.UUID] = set()
    everything = False
    for change in changes:
        if change.incidents is None:
            everything = True
        else:
            ids |= change.incidents
    named = ",".join(sorted(str(i) for i in ids))
    lines = ["event: change\ndata: " + ("all" if everything else named) + "\n\n"]
    lines.extend(f"event: incident-{i}\ndata: \n\n" for i in sorted(ids, key=str))
    if everything:
        lines.append("event: incident-all\ndata: \n\n")
    return "".join(lines)


def _sign_in_message(refusal: SignInRefused, words: Words) -> str:
    if refusal.code == NOT_DISPATCH:
        return words("The office console is for dispatch. Technicians use the laptop.")
    if refusal.code == "too_many_attempts":
        return words(
            "Too many failed sign-ins: try again in %(n)d seconds.", n=refusal.retry_after or 60
        )
    if refusal.code == "unavailable":
        return words("The service is busy: try again in a moment.")
    return words("Wrong user name or password.")


def _device_name(request: Request) -> str:
    """How the People page names a console sign-in: "Office console, Firefox on Windows"."""
    return device_name(request.headers.get("user-agent", ""))


# (marker in the User-Agent, name), first match wins: Edge and Opera say "Chrome" too,
# Chrome says "Safari", and every browser on Android says "Linux".
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("HeadlessChrome/", "Chrome (headless)"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Mac OS X", "macOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_name(user_agent: str) -> str:
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"Office console, {browser} on {system}"
    if user_agent.strip():
        return f"Office console ({user_agent.strip()[:60]})"
    return "Office console"


def _quote(value: str) -> str:
    import urllib.parse

    return urllib.parse.quote(value, safe="/")


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


__all__ = ["NAV", "create_console"]
