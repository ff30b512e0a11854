"""sync.server.mail against a real SMTP server process: what it refuses to do, and every
failure a MailError that says why (the sender keeps the report pending on it)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from pydantic import SecretStr

from sync.server.config import ServiceConfig
from sync.server.mail import MailError, send_mail
from tests.sync.conftest import ROOT, free_port


class Plain:
    """tests/sync/smtpd.py without TLS, with or without AUTH."""

    def __init__(self, folder: Path, *auth: str) -> None:
        self.port = free_port()
        self.spool = folder / "spool"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "tests" / "sync" / "smtpd.py"),
                "--port",
                str(self.port),
                "--spool",
                str(self.spool),
                *auth,
            ],
            stdout=subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == b"ready"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=15)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[Plain]:
    server = Plain(tmp_path)
    yield server
    server.stop()


def message() -> EmailMessage:
    m = EmailMessage()
    m["From"] = "reports@huaxin.example.cn"
    m["To"] = "it@client.example.cn"
    m["Subject"] = "test"
    m.set_content("hello\n")
    return m


def config(port: int, **values: object) -> ServiceConfig:
    settings: dict[str, object] = {"smtp_timeout": 10, **values}
    return ServiceConfig(smtp_host="127.0.0.1", smtp_port=port, **settings)  # type: ignore[arg-type]


def test_starttls_is_required_when_set(plain: Plain) -> None:
    with pytest.raises(MailError, match="does not offer STARTTLS"):
        send_mail(config(plain.port, smtp_starttls=True), message())
    assert not list(plain.spool.glob("*.eml"))  # nothing said in the clear
    send_mail(config(plain.port), message())  # a relay without TLS, as set
    assert len(list(plain.spool.glob("*.eml"))) == 1


def test_failures_say_why(tmp_path: Path) -> None:
    with pytest.raises(MailError, match="no SMTP server is configured"):
        send_mail(ServiceConfig(), message())
    closed = free_port()
    with pytest.raises(MailError, match=r"cannot reach 127\.0\.0\.1"):
        send_mail(config(closed, smtp_starttls=False), message())
    guarded = Plain(tmp_path, "--user", "fieldbook", "--password", "right")
    try:
        wrong = config(
            guarded.port,
            smtp_starttls=False,
            smtp_user="fieldbook",
            smtp_password=SecretStr("x"),
            smtp_timeout=2,
        )
        with pytest.raises(MailError, match="mail server"):  # 535, or dropped after it
            send_mail(wrong, message())
        with pytest.raises(MailError, match=r"530|AUTH|auth"):
            send_mail(config(guarded.port, smtp_starttls=False), message())
        right = config(
            guarded.port,
            smtp_starttls=False,
            smtp_user="fieldbook",
            smtp_password=SecretStr("right"),
        )
        send_mail(right, message())
        assert len(list((tmp_path / "spool").glob("*.eml"))) == 1
    finally:
        guarded.stop()
