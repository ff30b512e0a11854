"""Reports e-mailed to the client when the laptop syncs, against a real SMTP server
process (aiosmtpd, STARTTLS and AUTH) and a real service process on each database.

The technician asks offline ("will be sent when you are online"); the sync pushes the
request and the service renders the report from its record and e-mails it; the message,
its PDF and the PDF's seal are checked, and the laptop's and the office's histories say
when it went and to whom. A mail server that is down delays the message, never loses it
and never holds up the push; a push sent again never sends a second message.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.usecases import delivery, signoff
from desktop.usecases.report import verify_report
from domain.seal import plain
from report.verify import Verdict, read_bytes
from sync.protocol.records import MutationName, ReportSend
from sync.server.db import Database
from sync.server.models import DeliveryRow
from sync.server.office import Office as ServerOffice
from tests.console.conftest import Desk
from tests.console.signed import signed_incident
from tests.sync.conftest import ROOT, Backend, ServerProcess, free_port, make_world
from tests.sync.laptops import Laptop, require_keyring

USER, PASSWORD = "fieldbook", "s3cret-pw"
SENDER = "Huaxin IT <reports@huaxin.example.cn>"
#: How long a message may take to arrive (a process, a render, an SMTP dialogue).
ARRIVAL = 60.0


@pytest.fixture(autouse=True)
def _keyring() -> None:
    require_keyring()


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost, as a private CA would issue one."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "smtp.crt", folder / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Smtp:
    """An aiosmtpd process (tests/sync/smtpd.py) that can be stopped and started again."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.spool = folder / "spool"
        self.cert, self.key = _certificate(folder)
        self.log = (folder / "smtpd.log").open("wb")
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "tests" / "sync" / "smtpd.py"),
                "--port",
                str(self.port),
                "--spool",
                str(self.spool),
                "--cert",
                str(self.cert),
                "--key",
                str(self.key),
                "--user",
                USER,
                "--password",
                PASSWORD,
            ],
            stdout=subprocess.PIPE,
            stderr=self.log,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # blocks until it listens (or dies)
        assert line.strip() == b"ready", f"smtpd did not start: {line!r}"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()

    def close(self) -> None:
        self.stop()
        self.log.close()

    def messages(self) -> list[tuple[EmailMessage, list[str]]]:
        found = []
        for path in sorted(self.spool.glob("*.eml"), key=lambda p: int(p.stem)):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            rcpt = path.with_suffix(".rcpt").read_text(encoding="utf-8").split()
            found.append((message, rcpt))
        return found

    def wait_for(self, count: int) -> list[tuple[EmailMessage, list[str]]]:
        """Poll the spool (another process fills it) until ``count`` messages are in."""
        deadline = time.monotonic() + ARRIVAL
        while time.monotonic() < deadline:
            found = self.messages()
            if len(found) >= count:
                return found
            time.sleep(0.05)
        pytest.fail(f"{count} message(s) expected, {len(self.messages())} arrived")


@pytest.fixture(scope="module")
def smtp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Smtp]:
    server = Smtp(tmp_path_factory.mktemp("smtp"))
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def mail_backend(
    request: pytest.FixtureRequest, smtp: Smtp, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    """A service process of its own whose settings name the SMTP server."""
    tmp = tmp_path_factory.mktemp(f"mail-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'server.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    env = {
        "FIELDBOOK_SMTP_HOST": "localhost",
        "FIELDBOOK_SMTP_PORT": str(smtp.port),
        "FIELDBOOK_SMTP_STARTTLS": "true",
        "FIELDBOOK_SMTP_CA_FILE": str(smtp.cert),
        "FIELDBOOK_SMTP_USER": USER,
        "FIELDBOOK_SMTP_PASSWORD": PASSWORD,
        "FIELDBOOK_SMTP_TIMEOUT": "10",
        "FIELDBOOK_MAIL_FROM": SENDER,
        "FIELDBOOK_MAIL_RETRY_SECONDS": "0.3",
        "FIELDBOOK_COMPANY_NAME": "华信智联 Huaxin IT Services",
    }
    server = ServerProcess(url, tmp / "server.log", settings=env)
    db = Database(url, pool_size=3)
    try:
        yield Backend(request.param, url, server, db, ServerOffice(db))
    finally:
        server.stop()
        db.dispose()
        if "Traceback" in server.log():
            print(f"--- server log ---\n{server.log()}", file=sys.stderr)


@pytest.fixture
def laptop(tmp_path: Path, mail_backend: Backend) -> Iterator[Laptop]:
    made = Laptop(tmp_path / "laptop", mail_backend.url)
    yield made
    made.close()


def rows(backend: Backend, incident: uuid.UUID) -> list[DeliveryRow]:
    with backend.db.read() as session:
        found = list(
            session.scalars(select(DeliveryRow).where(DeliveryRow.incident_id == incident))
        )
        session.expunge_all()
    return found


def sync_until(laptop: Laptop, incident: uuid.UUID, state: delivery.DeliveryState) -> None:
    """Sync until the service's answer about the request reaches the laptop (the service
    marks it sent just after the mail server took it)."""
    deadline = time.monotonic() + ARRIVAL
    while time.monotonic() < deadline:
        assert laptop.sync().complete
        if [d.state for d in delivery.deliveries(laptop.store, incident)][-1] is state:
            return
        time.sleep(0.1)
    pytest.fail(f"the laptop never saw the report {state.value}")


def test_asked_offline_the_report_goes_out_when_the_laptop_syncs(
    mail_backend: Backend, smtp: Smtp, laptop: Laptop, tmp_path: Path
) -> None:
    smtp.start()
    before = len(smtp.messages())
    world = make_world(mail_backend)
    incident = signed_incident(world, laptop, tmp_path)
    mail_backend.office.set_client_email(world.client_id, "IT-Desk@Client.example.cn")
    assert laptop.sync().complete  # the client's contact reaches the laptop
    assert delivery.client_address(laptop.store, incident) == "IT-Desk@client.example.cn"

    # Asked while offline: queued, "will be sent when you are online".
    queued = delivery.send_report(laptop.store, incident)
    assert queued.address == "IT-Desk@client.example.cn" and queued.language == "zh"
    [mine] = delivery.deliveries(laptop.store, incident)
    assert mine.state is delivery.DeliveryState.QUEUED
    assert rows(mail_backend, incident) == []
    assert len(smtp.messages()) == before

    sync_until(laptop, incident, delivery.DeliveryState.SENT)
    [(message, rcpt)] = smtp.wait_for(before + 1)[before:]
    assert rcpt == ["IT-Desk@client.example.cn"]
    assert message["To"] == "IT-Desk@client.example.cn" and message["From"] == SENDER
    record = signoff.sealed_record(laptop.store, incident)
    assert record is not None
    number = record.incident.number
    assert message["Subject"] == f"紧急服务报告 {number}"
    assert message["Message-ID"] == f"<{queued.id}@huaxin.example.cn>"
    body = message.get_body(("plain",))
    assert body is not None and record.sign_off.seal[:16] in body.get_content()
    assert f"{mail_backend.url}/verify/{record.sign_off.seal}" in body.get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"{number}-detailed-zh.pdf"
    pdf = attachment.get_content()
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    info, warnings = read_bytes(pdf)
    assert info.seal == record.sign_off.seal and info.sealed and warnings == []
    saved = tmp_path / "from-the-mail.pdf"
    saved.write_bytes(pdf)
    assert verify_report(laptop.store, saved).verdict is Verdict.MATCHES

    # The histories: the laptop's and the office's.
    [sent] = delivery.deliveries(laptop.store, incident)
    assert sent.sent_at is not None and sent.address == "IT-Desk@client.example.cn"
    [row] = rows(mail_backend, incident)
    assert row.sent_at is not None and row.attempts == 1 and row.seal == record.sign_off.seal
    desk = Desk(mail_backend.url)
    assert desk.sign_in(f"d-{world.tag}").status_code == 303
    page = desk.get(f"/office/incidents/{incident}")
    assert page.status_code == 200
    assert "Sent to IT-Desk@client.example.cn" in page.text or "已发送至" in page.text


def test_a_mail_server_that_is_down_delays_the_report_never_loses_it(
    mail_backend: Backend, smtp: Smtp, laptop: Laptop, tmp_path: Path
) -> None:
    world = make_world(mail_backend)
    incident = signed_incident(world, laptop, tmp_path)
    smtp.stop()
    before = len(smtp.messages())
    delivery.send_report(laptop.store, incident, "ops@client.example.cn", language="en")
    started = time.monotonic()
    assert laptop.sync().complete  # the push does not wait for the mail server
    pushed_in = time.monotonic() - started
    # The service tried, failed, and keeps it pending with the reason.
    deadline = time.monotonic() + ARRIVAL
    while not (found := rows(mail_backend, incident)) or found[0].attempts < 2:
        assert time.monotonic() < deadline, "the service never tried"
        time.sleep(0.05)
    [row] = found
    assert row.sent_at is None and row.last_error and "cannot reach" in row.last_error
    sync_until(laptop, incident, delivery.DeliveryState.SENDING)
    [waiting] = delivery.deliveries(laptop.store, incident)
    assert waiting.attempts >= 1 and waiting.reason and "cannot reach" in waiting.reason
    smtp.start()
    sync_until(laptop, incident, delivery.DeliveryState.SENT)
    [(message, rcpt)] = smtp.wait_for(before + 1)[before:]
    assert rcpt == ["ops@client.example.cn"] and message["Subject"].startswith("Emergency")
    [row] = rows(mail_backend, incident)
    assert row.sent_at is not None and row.attempts >= 2 and row.last_error is None
    print(f"push with the mail server down: {pushed_in:.2f} s")


def test_a_push_sent_again_never_sends_twice(
    mail_backend: Backend, smtp: Smtp, laptop: Laptop, tmp_path: Path
) -> None:
    smtp.start()
    world = make_world(mail_backend)
    incident = signed_incident(world, laptop, tmp_path)
    before = len(smtp.messages())
    request = ReportSend(
        id=uuid.uuid4(),
        incident_id=incident,
        address="it@client.example.cn",
        language="en",
        brief=True,
        requested_at=dt.datetime.now(dt.UTC),
    )
    api = world.a
    mutation = {"seq": 1, "name": MutationName.REPORT_SEND, "payload": plain(request)}
    first = api.push_ok([mutation])
    assert first["results"][0]["status"] == "applied"
    again = api.push_ok([mutation])  # the reply was lost: the same number again
    assert again["results"][0]["status"] == "already_applied"
    other = api.push_ok([{**mutation, "seq": 2}])  # the same request under a new number
    assert other["results"][0]["status"] == "already_applied"
    smtp.wait_for(before + 1)
    [row] = rows(mail_backend, incident)
    deadline = time.monotonic() + ARRIVAL
    while row.sent_at is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
        [row] = rows(mail_backend, incident)
    # A later push wakes the sender again: nothing is due, nothing more is sent.
    assert api.push_ok([{**mutation, "seq": 3}])["results"][0]["status"] == "already_applied"
    assert api.push_ok([])["last_applied"] == 3
    assert len(smtp.messages()) == before + 1
    [(message, _)] = smtp.messages()[before:]
    [attachment] = list(message.iter_attachments())
    assert str(attachment.get_filename()).endswith("-brief-en.pdf")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"address": "not an address"}, "invalid"),
        ({"address": "a@client.cn\r\nBcc: x@evil.example"}, "invalid"),
        ({"address": ""}, "invalid"),
        ({"language": "fr"}, "invalid"),
        ({"brief": "yes"}, "invalid"),
        ({"incident_id": str(uuid.uuid4())}, "not_found"),
        ({"surprise": 1}, "invalid"),
    ],
)
def test_bad_requests_are_refused_plainly(
    mail_backend: Backend, change: dict[str, object], code: str
) -> None:
    world = make_world(mail_backend)
    request = ReportSend(
        id=uuid.uuid4(),
        incident_id=world.incident_a,
        address="it@client.example.cn",
        language="en",
        requested_at=dt.datetime.now(dt.UTC),
    )
    answer = world.a.push_ok(
        [{"seq": 1, "name": MutationName.REPORT_SEND, "payload": {**plain(request), **change}}]
    )
    [result] = answer["results"]
    assert result["status"] == "rejected" and result["code"] == code, result
    # Another technician's incident: not theirs to send.
    answer = world.b.push_ok(
        [{"seq": 1, "name": MutationName.REPORT_SEND, "payload": plain(request)}]
    )
    assert answer["results"][0]["code"] == "forbidden"
    assert rows(mail_backend, world.incident_a) == []
