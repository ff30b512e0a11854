"""The console's web plumbing: sign-in sessions, CSRF, forms, pages, security headers.

**Sessions.** Signing in is the API's own login (:mod:`sync.server.console.signin`):
the password check, the throttling and the token are the same functions the laptops go
through, and the token (a device token named "Office console") is kept in an
``HttpOnly``, ``SameSite=Strict`` cookie, ``Secure`` when served over TLS (or as
:class:`~sync.server.config.ServiceConfig` says). Every request checks it with
:func:`sync.server.auth.authenticate`, so a revoked, expired or deactivated user's
session ends at once on every instance, and every page checks the role: technicians
cannot use the console.

**CSRF.** Every form carries a token derived from the session (HMAC-SHA256 keyed by the
session token, which the page's script cannot read); every ``POST`` route reads its
form through :func:`posted`, which refuses a missing or wrong one, and a request whose
``Origin`` is another site. The sign-in form, before any session, pairs a random cookie
with the same value in the form (double submit).

**Headers.** Every answer forbids framing and sniffing, and its Content-Security-Policy
allows scripts, styles, pictures and connections from the service itself only: nothing
is loaded from anywhere else.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol.messages import Role
from sync.server import auth
from sync.server.auth import Caller
from sync.server.console import i18n
from sync.server.console.i18n import Words
from sync.server.db import Database
from sync.server.errors import ApiError

PREFIX = "/office"
HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

SESSION_COOKIE = "fieldbook_console"
LOGIN_COOKIE = "fieldbook_console_login"
LANG_COOKIE = "fieldbook_lang"
CSRF_FIELD = "csrf"
#: The name the console's sessions carry among a user's device tokens.
DEVICE_NAME = "Office console"
#: Most fields and bytes a console form may carry.
MAX_FIELDS = 100
MAX_FORM_BYTES = 64 * 1024

CSP = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


# --- what goes wrong --------------------------------------------------------------


class NeedSignIn(Exception):
    """No valid session: sign in (then come back to ``next``)."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class Refused(Exception):
    """403 with a page saying why (wrong role, a form without its CSRF token…)."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# --- sessions ---------------------------------------------------------------------


def csrf_for(token: str) -> str:
    """The CSRF token of a session: derived from it, so nothing more is stored."""
    return hmac.new(token.encode(), b"fieldbook-console-csrf", hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Visitor:
    """A signed-in dispatcher, with the request's language."""

    caller: Caller
    csrf: str
    words: Words

    @property
    def lang(self) -> str:
        return self.words.lang


def words_of(request: Request) -> Words:
    return Words(
        i18n.choose(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))
    )


def session_of(
    request: Request, db: Database, clock: Callable[[], datetime]
) -> tuple[Caller, str] | None:
    """The caller behind the request's session cookie, or None (no session, ended…)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 200:
        return None
    try:
        with db.autocommit() as conn:
            return auth.authenticate(conn, token, now=clock()), token
    except ApiError:
        return None


def require_dispatcher(request: Request, db: Database, clock: Callable[[], datetime]) -> Visitor:
    """The dispatcher signed in, or :class:`NeedSignIn` / :class:`Refused` (technicians)."""
    found = session_of(request, db, clock)
    words = words_of(request)
    if found is None:
        path = request.url.path
        if request.url.query:
            path += "?" + request.url.query
        raise NeedSignIn(path)
    caller, token = found
    if caller.role is not Role.DISPATCHER:
        raise Refused(words("The office console is for dispatch. Technicians use the laptop."))
    return Visitor(caller, csrf_for(token), words)


def is_tls(request: Request, secure: bool | None) -> bool:
    return secure if secure is not None else request.url.scheme == "https"


def set_cookie(
    response: Response,
    request: Request,
    name: str,
    value: str,
    *,
    secure: bool | None,
    max_age: int | None = None,
    http_only: bool = True,
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=PREFIX,
        httponly=http_only,
        samesite="strict",
        secure=is_tls(request, secure),
    )


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a console path of this service, nothing else."""
    if not value or not value.startswith(PREFIX + "/") or value.startswith("//"):
        return PREFIX + "/board"
    parsed = urllib.parse.urlsplit(value)
    if parsed.scheme or parsed.netloc or "\\" in value:
        return PREFIX + "/board"
    return value


def new_login_nonce() -> str:
    return secrets.token_urlsafe(24)


# --- forms ------------------------------------------------------------------------


class Form:
    """A posted ``application/x-www-form-urlencoded`` form: text fields by name."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._values: dict[str, list[str]] = {}
        for key, value in pairs:
            self._values.setdefault(key, []).append(value)

    def get(self, name: str, default: str = "") -> str:
        values = self._values.get(name)
        return values[0] if values else default

    def text(self, name: str) -> str:
        """A text field, stripped, line ends made ``\\n``."""
        return self.get(name).replace("\r\n", "\n").replace("\r", "\n").strip()

    def has(self, name: str) -> bool:
        return name in self._values

    def values(self) -> dict[str, str]:
        return {k: v[0] for k, v in self._values.items() if k != CSRF_FIELD}


async def read_form(request: Request) -> Form:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise Refused("This address takes a form.", status=415)
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise Refused("The form is too large.", status=413)
    try:
        pairs = urllib.parse.parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        raise Refused("The form does not read.", status=400) from None
    return Form(pairs)


def check_origin(request: Request, words: Words) -> None:
    """Refuse a form another site made the browser post (CSRF, belt and braces)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return
    own = f"{request.url.scheme}://{request.url.netloc}"
    if origin != own:
        raise Refused(words("This form was sent from another site and was not accepted."))


def check_csrf(form: Form, expected: str, words: Words) -> None:
    sent = form.get(CSRF_FIELD)
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Refused(
            words(
                "This form has expired or did not come from this console. Nothing was "
                "changed: reload the page and try again."
            )
        )


# --- pages ------------------------------------------------------------------------


@cache
def _static_version(name: str) -> str:
    """A short digest of a static file: its URL changes when it does (long caching)."""
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]


def static_url(name: str) -> str:
    return f"{PREFIX}/static/{name}?v={_static_version(name)}"


class Pages:
    """Jinja2 templates, one environment per language (the catalogue is installed in
    each once, so rendering never swaps translations between threads)."""

    def __init__(self, filters: Mapping[str, Callable[..., Any]]) -> None:
        self._envs: dict[str, Environment] = {}
        for lang in i18n.LANGUAGES:
            env = Environment(
                loader=FileSystemLoader(TEMPLATES),
                autoescape=select_autoescape(["html"]),
                extensions=["jinja2.ext.i18n"],
                trim_blocks=True,
                lstrip_blocks=True,
                auto_reload=False,
            )
            env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
            env.globals.update(
                static=static_url,
                prefix=PREFIX,
                lang=lang,
                html_lang=i18n.HTML_LANG[lang],
                languages=i18n.NATIVE_NAMES,
                csrf_field=CSRF_FIELD,
            )
            env.filters.update(filters)
            self._envs[lang] = env

    def render(self, lang: str, template: str, **context: Any) -> str:
        return self._envs[lang].get_template(template).render(**context)

    def page(self, lang: str, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.render(lang, template, **context), status_code=status)


# --- headers ----------------------------------------------------------------------


class SecurityHeaders:
    """Adds the console's security headers to every answer (pages, files, events)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith(f"{PREFIX}/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                if not static and b"cache-control" not in names:
                    extra.append((b"cache-control", b"no-store"))
                elif static:
                    extra.append((b"cache-control", b"public, max-age=31536000, immutable"))
                headers.extend(extra)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
