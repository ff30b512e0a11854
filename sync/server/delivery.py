"""Reports e-mailed to clients: rendered by the service from its record, sent through
its mail server, retried until the server takes them, never twice on purpose.

A technician's ``report.send`` is stored by the push (``report_deliveries``, the
laptop's request id as its key, so a push sent again or the same request under another
number adds nothing) and answered at once: the laptop never waits for the mail server.
:class:`Sender`, a thread in each service process, then sends what is due: woken by
every push, and every ``mail_retry_seconds`` anyway, so a request whose mail server
was down goes out on a later sync or by itself.

One sender works on a request at a time across every instance: it *claims* the row
(``claimed_until``) in a transaction of its own before talking to the mail server, and
marks it sent in another right after. The mail server taking a message and the mark
cannot be one transaction; if the service dies between the two, the claim runs out and
the message is sent again (at least once). Its ``Message-ID`` is the request's id, so
the recipient's mail system can tell the copy. Every outcome (sent, or the latest
failure and how many attempts) reaches the technician's laptop as a ``delivery`` record
and shows on the office's incident page.
"""

from __future__ import annotations

import io
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from sqlalchemy import or_, select, update

from report.pdf import ReportOptions, ReportResult, build_report
from report.strings import text
from sync.protocol.messages import RecordKind
from sync.server import record
from sync.server.config import ServiceConfig
from sync.server.db import Database
from sync.server.feed import Staged, take_position
from sync.server.mail import MailError, send_mail
from sync.server.models import DeliveryRow, IncidentRow, UserRow

log = logging.getLogger("fieldbook.server.delivery")

Clock = Callable[[], datetime]

#: A claim outlives the slowest honest attempt (render + mail server timeout) by far.
CLAIM = timedelta(minutes=10)
#: The longest wait between two attempts.
MAX_BACKOFF = timedelta(hours=1)
#: Requests one round takes on (the rest follow in the next round, right after).
ROUND = 20
MAX_ERROR = 500


@dataclass(frozen=True, slots=True)
class Delivery:
    """One request as the office's incident page lists it."""

    id: uuid.UUID
    address: str
    language: str
    requested_by: str
    requested_at: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str | None


def of_incident(db: Database, incident_id: uuid.UUID) -> list[Delivery]:
    with db.read() as session:
        rows = session.execute(
            select(DeliveryRow, UserRow.name)
            .join(UserRow, UserRow.id == DeliveryRow.requested_by)
            .where(DeliveryRow.incident_id == incident_id)
            .order_by(DeliveryRow.received_at, DeliveryRow.id)
        ).all()
    return [
        Delivery(
            d.id, d.address, d.language, name, d.requested_at, d.sent_at, d.attempts, d.last_error
        )
        for d, name in rows
    ]


def backoff(config: ServiceConfig, attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: the setting, doubling, at most an hour."""
    seconds = config.mail_retry_seconds * 2 ** min(max(attempts - 1, 0), 16)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


def compose(
    config: ServiceConfig, row: DeliveryRow, pdf: bytes, result: ReportResult, company: str
) -> EmailMessage:
    """The message: a few lines in the report's language, the PDF attached."""
    lang = result.language
    title = text(lang, "report.title")
    message = EmailMessage()
    message["From"] = config.mail_from
    message["To"] = row.address
    message["Subject"] = f"{title} {result.number}"
    message["Date"] = format_datetime(row.received_at)
    domain = parseaddr(config.mail_from)[1].rpartition("@")[2] or "fieldbook.invalid"
    message["Message-ID"] = f"<{row.id}@{domain}>"
    seal = " ".join(result.seal[i : i + 16] for i in range(0, 64, 16))
    if lang == "zh":
        lines = [
            "您好：",
            "",
            f"附件是事件 {result.number} 的{title}（PDF）。",
            f"{'封印' if result.sealed else '记录指纹（未封印）'}：{seal}",
        ]
        if result.sealed and (config.public_url or row.service_url):
            base = (config.public_url or row.service_url).rstrip("/")
            lines.append(f"核验：{base}/verify/{result.seal}")
    else:
        lines = [
            "Hello,",
            "",
            f"Attached is the {title.lower()} of incident {result.number} (PDF).",
            f"{'Seal' if result.sealed else 'Record fingerprint (not sealed)'}: {seal}",
        ]
        if result.sealed and (config.public_url or row.service_url):
            base = (config.public_url or row.service_url).rstrip("/")
            lines.append(f"Check it: {base}/verify/{result.seal}")
    if company:
        lines += ["", company]
    message.set_content("\n".join(lines) + "\n")
    kind = "brief" if row.brief else "detailed"
    message.add_attachment(
        pdf,
        maintype="application",
        subtype="pdf",
        filename=f"{result.number}-{kind}-{lang}.pdf",
    )
    return message


class Sender:
    """Sends the reports that are due, in a thread of its own (see the module's text)."""

    def __init__(self, db: Database, config: ServiceConfig, clock: Clock) -> None:
        self.db = db
        self.config = config
        self.clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.me = uuid.uuid4()  # for the log: which instance claimed what

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="fieldbook-mail", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def wake(self) -> None:
        """Something may be due (a push stored a request): look now, without waiting."""
        self._wake.set()

    def retry_for(self, technician: uuid.UUID) -> None:
        """A technician's laptop synced: what it asked for and is still waiting (a mail
        server that was down) is tried again now, not at the end of its back-off."""
        now = self.clock()
        waiting = (
            DeliveryRow.requested_by == technician,
            DeliveryRow.sent_at.is_(None),
            DeliveryRow.next_attempt_at > now,
        )
        with self.db.read() as session:  # most syncs wait for nothing: no write then
            if session.scalar(select(DeliveryRow.id).where(*waiting).limit(1)) is None:
                return
        with self.db.write() as session:
            session.execute(
                update(DeliveryRow)
                .where(*waiting)
                .values(next_attempt_at=now)
                .execution_options(synchronize_session=False)
            )
        self.wake()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(timeout=self.config.mail_retry_seconds)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                while self.run_due() >= ROUND and not self._stop.is_set():
                    pass
            except Exception:  # the database away: the next round tries again
                log.exception("sending reports failed; trying again later")

    # --- one round ---------------------------------------------------------------------

    def run_due(self) -> int:
        """Try every request that is due now; return how many were tried."""
        if not self.config.smtp_host:
            return 0
        now = self.clock()
        with self.db.read() as session:
            due = list(
                session.scalars(
                    select(DeliveryRow.id)
                    .where(DeliveryRow.sent_at.is_(None), DeliveryRow.next_attempt_at <= now)
                    .order_by(DeliveryRow.next_attempt_at, DeliveryRow.id)
                    .limit(ROUND)
                )
            )
        tried = 0
        for delivery_id in due:
            if self._claim(delivery_id):
                tried += 1
                self._attempt(delivery_id)
        return tried

    def _claim(self, delivery_id: uuid.UUID) -> bool:
        now = self.clock()
        with self.db.write() as session:
            done = session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.id == delivery_id,
                    DeliveryRow.sent_at.is_(None),
                    or_(DeliveryRow.claimed_until.is_(None), DeliveryRow.claimed_until < now),
                )
                .values(claimed_until=now + CLAIM)
                .execution_options(synchronize_session=False)
            )
            return bool(done.rowcount)  # type: ignore[attr-defined]

    def _attempt(self, delivery_id: uuid.UUID) -> None:
        with self.db.read() as session:
            row = session.get_one(DeliveryRow, delivery_id)
            session.expunge(row)
            number = session.scalar(
                select(IncidentRow.number).where(IncidentRow.id == row.incident_id)
            )
        try:
            pdf, result = self._render(row)
            message = compose(self.config, row, pdf, result, self.config.company.name)
            send_mail(self.config, message)
        except MailError as error:
            self._failed(row, str(error))
            log.warning("report of %s to %s not sent yet: %s", number, row.address, error)
            return
        except Exception as error:  # rendering failed: a bug, kept pending and logged
            log.exception("report of %s to %s could not be made", number, row.address)
            self._failed(row, f"the report could not be made: {type(error).__name__}")
            return
        self._sent(row, result.seal)
        log.info("report of %s e-mailed to %s (seal %s)", number, row.address, result.seal)

    def _render(self, row: DeliveryRow) -> tuple[bytes, ReportResult]:
        now = self.clock()
        data = record.report_data(
            self.db,
            row.incident_id,
            self.config.company,
            now,
            service_url=self.config.public_url or row.service_url or None,
        )
        out = io.BytesIO()
        result = build_report(data, out, ReportOptions(brief=row.brief, language=row.language))
        return out.getvalue(), result

    def _finish(self, row: DeliveryRow, **values: object) -> None:
        with self.db.write() as session:
            session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id == row.id)
                .values(claimed_until=None, **values)
                .execution_options(synchronize_session=False)
            )
            staged = Staged()
            staged.put(row.requested_by, RecordKind.DELIVERY, row.id)
            staged.write(session, take_position(session))
        self.db.changes.notify([row.incident_id])

    def _sent(self, row: DeliveryRow, seal: str) -> None:
        self._finish(
            row,
            sent_at=self.clock(),
            seal=seal,
            attempts=row.attempts + 1,
            next_attempt_at=None,
            last_error=None,
        )

    def _failed(self, row: DeliveryRow, reason: str) -> None:
        attempts = row.attempts + 1
        self._finish(
            row,
            attempts=attempts,
            last_error=reason[:MAX_ERROR],
            next_attempt_at=self.clock() + backoff(self.config, attempts),
        )
