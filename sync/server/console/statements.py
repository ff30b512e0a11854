"""The statement page and its downloads (PDF in either language, CSV).

``/office/statements?contract=ID&month=YYYY-MM`` (or ``&from=…&to=…`` for any days) shows
the statement of a contract; ``/office/statements/statement.pdf`` and ``.csv`` with the
same query give the documents (the PDF in the client's language unless ``lang`` says).
The figures are :mod:`sync.server.statement`'s, the very ones the shell command writes.
"""

import io
import logging
import urllib.parse
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.statement import BadPeriod, Period, active_time
from domain.zones import zone
from report.statement import StatementData, build_statement_pdf, statement_csv
from sync.server import statement
from sync.server.config import ServiceConfig
from sync.server.console.web import Visitor
from sync.server.db import Database
from sync.server.models import ContractRow

log = logging.getLogger("fieldbook.server.console")

Page = Callable[..., HTMLResponse]


def add_routes(
    console: FastAPI,
    page: Page,
    dispatcher: Callable[[Request], Visitor],
    db: Database,
    config: ServiceConfig,
    clock: Callable[[], datetime],
) -> None:
    Who = Annotated[Visitor, Depends(dispatcher)]  # noqa: N806 - a type alias

    def read(request: Request, who: Visitor) -> tuple[dict[str, str], StatementData | None, str]:
        """The query as typed, the statement it names (if any), and what is wrong with it."""
        q = request.query_params
        asked = {k: q.get(k, "").strip()[:40] for k in ("contract", "month", "from", "to")}
        if not asked["contract"]:
            return asked, None, ""
        try:
            contract_id = uuid.UUID(asked["contract"])
        except ValueError:
            return asked, None, who.words("Choose the contract.")
        now = clock()
        with db.read() as session:
            row = session.get(ContractRow, contract_id)
            if row is None:
                return asked, None, who.words("Choose the contract.")
            tz = statement.contract_zone(row)
        try:
            period: Period = statement.period_of(
                tz,
                month_text=asked["month"] or None,
                first=asked["from"] or None,
                last=asked["to"] or None,
                now=now,
            )
        except BadPeriod:
            return asked, None, who.words("Give a month as 2026-11, or a first and a last day.")
        if not asked["month"] and not asked["from"]:
            asked["month"] = period.label
        try:
            data = statement.load(db, contract_id, period, config.company, now)
        except statement.StatementError as error:
            return asked, None, str(error)
        return asked, data, ""

    @console.get("/statements")
    def statements_page(request: Request, who: Who) -> Response:
        asked, data, problem = read(request, who)
        with db.read() as session:
            choices = statement.choices(session)
        query = urllib.parse.urlencode({k: v for k, v in asked.items() if v})
        tz = zone(data.statement.contract.time_zone) if data else None
        return page(
            request,
            "statement.html",
            who,
            status=422 if problem else 200,
            choices=choices,
            asked=asked,
            data=data,
            s=data.statement if data else None,
            tz=tz,
            problem=problem,
            query=query,
            active=(lambda c: active_time(c, data.statement.as_of)) if data else None,
            share=fmt_share,
        )

    def document(request: Request, who: Visitor) -> StatementData:
        _asked, data, problem = read(request, who)
        if data is None:
            raise StarletteHTTPException(404 if not problem else 422)
        return data

    def name(data: StatementData, suffix: str) -> str:
        s = data.statement
        label = s.period.label.replace(" – ", "_").replace(" ", "")
        return f"statement-{s.contract.number}-{label}{suffix}"

    @console.get("/statements/statement.pdf")
    def statement_pdf(request: Request, who: Who, lang: str = "") -> Response:
        if lang not in ("", "en", "zh"):
            raise StarletteHTTPException(404)
        data = document(request, who)
        out = io.BytesIO()
        result = build_statement_pdf(data, out, lang or None)
        filename = name(data, f"-{result.language}.pdf")
        log.info("%s downloaded the statement %s", who.caller.username, filename)
        return Response(
            out.getvalue(),
            media_type="application/pdf",
            headers={"Content-Disposition": _attachment(filename)},
        )

    @console.get("/statements/statement.csv")
    def statement_csv_download(request: Request, who: Who) -> Response:
        data = document(request, who)
        filename = name(data, ".csv")
        log.info("%s downloaded the statement %s", who.caller.username, filename)
        return Response(
            statement_csv(data),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": _attachment(filename)},
        )


def _attachment(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{urllib.parse.quote(filename)}"


def fmt_share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


__all__ = ["add_routes", "fmt_share"]
