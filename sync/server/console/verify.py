"""The public verify page, ``/verify``: anyone checks a report without signing in.

``GET /verify/<seal>`` (where a report's QR code leads) says whether a sealed report
with that seal exists, its incident number and when it was signed, and nothing else
(:mod:`sync.server.verify`). ``GET /verify`` offers a form: type the seal, or upload the
report (the PDF, a PDF re-rendered by another program, or a scan or photo of the paper
report); the seal is read from it as ``fieldbook verify`` reads it
(:mod:`report.verify`). Plain GETs of one indexed look-up, cacheable; an upload is read
off the event loop, is bounded by the service's request size limit, and is limited per
source address and per process (:class:`sync.server.throttle.UploadGate`): a page that
says so, with ``Retry-After``, instead of a service whose cores went to a loop of uploads.
"""

from __future__ import annotations

import email.parser
import email.policy
from datetime import UTC
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from domain.zones import zone
from report.verify import NotAReport, SealInfo, read_bytes
from sync.server import verify
from sync.server.console import i18n
from sync.server.console.fmt import Fmt
from sync.server.console.i18n import Words
from sync.server.console.web import Pages, SecurityHeaders
from sync.server.db import Database
from sync.server.errors import ApiError
from sync.server.throttle import UploadGate

PREFIX = "/verify"
#: How long a browser or proxy may keep an answer (a seal's answer rarely changes).
CACHE_SECONDS = 300


def _words(request: Request) -> Words:
    chosen = request.query_params.get("lang")
    return Words(i18n.choose(chosen, request.headers.get("accept-language")))


def _file_of(content_type: str, body: bytes) -> bytes | None:
    """The first file in a ``multipart/form-data`` body (the standard library's MIME
    reader: one form field, no dependency)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        return None
    for part in message.iter_parts():
        if (
            part.get_filename() is not None
            or part.get_param("name", header="content-disposition") == "report"
        ):
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else None
    return None


def create_verify(db: Database, uploads: UploadGate) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.add_middleware(SecurityHeaders)
    pages = Pages({})

    def page(
        request: Request, words: Words, status: int = 200, cache: bool = False, **context: Any
    ) -> HTMLResponse:
        response = pages.page(
            words.lang,
            "verify.html",
            status=status,
            t=words,
            here=request.url.path,
            **context,
        )
        response.headers["Cache-Control"] = (
            f"public, max-age={CACHE_SECONDS}" if cache else "no-store"
        )
        response.headers["Vary"] = "Accept-Language"
        return response

    def answer(words: Words, seal: str) -> dict[str, Any]:
        found = verify.find(db, seal)
        if found is None:
            return {"seal": seal, "found": None}
        tz = zone(found.time_zone) or UTC
        fmt = Fmt(words)
        return {
            "seal": seal,
            "found": found,
            "signed": fmt.when(found.signed_at, tz),
            "zone": fmt.zone(found.time_zone, tz, found.signed_at),
        }

    @app.get("", response_class=HTMLResponse)
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def form(request: Request, seal: str = "") -> Response:
        words = _words(request)
        typed = "".join(seal.split()).lower()
        if typed:
            if verify.SEAL.match(typed):
                lang = request.query_params.get("lang")
                return RedirectResponse(
                    f"{PREFIX}/{typed}" + (f"?lang={lang}" if lang in i18n.LANGUAGES else ""),
                    status_code=303,
                )
            return page(request, words, status=422, typed=seal[:200], bad_seal=True)
        return page(request, words, cache=True)

    @app.get("/{seal}", response_class=HTMLResponse)
    def by_seal(request: Request, seal: str) -> Response:
        words = _words(request)
        if not verify.SEAL.match(seal):
            return page(request, words, status=404, typed=seal[:200], bad_seal=True)
        return page(request, words, cache=True, **answer(words, seal))

    @app.post("", response_class=HTMLResponse)
    @app.post("/", response_class=HTMLResponse, include_in_schema=False)
    async def upload(request: Request) -> Response:
        words = _words(request)
        kind = request.headers.get("content-type", "")
        if kind.split(";")[0].strip().lower() != "multipart/form-data":
            return page(request, words, status=415, unread=True)
        body = await request.body()
        data = _file_of(kind, body)
        if not data:
            return page(request, words, status=422, unread=True, empty=True)
        try:
            uploads.admit(request.client.host if request.client else "")
            with uploads.reading():
                info, _warnings = await run_in_threadpool(read_bytes, data, "the file")
        except ApiError as refused:
            wait = int(refused.headers.get("Retry-After", "1"))
            response = page(request, words, status=refused.status, busy=refused.status, wait=wait)
            response.headers.update(refused.headers)
            return response
        except NotAReport:
            return page(request, words, status=422, unread=True)
        context = answer(words, info.seal)
        return page(request, words, read=_read_from(info), draft=info.sealed is False, **context)

    return app


def _read_from(info: SealInfo) -> str:
    return info.source.name.lower()
