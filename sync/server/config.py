"""The service's settings, declared once with their types and defaults, read once.

``fieldbook-server serve`` reads them from the environment (``FIELDBOOK_…``) when it
starts and hands the one :class:`ServiceConfig` to the app; nothing else reads the
environment for them. Each uvicorn worker process builds its own the same way.

Settings that the office changes while the service runs (and that every instance must
see alike) belong in the database instead, not here.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from report.data import Company


class ServiceConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FIELDBOOK_", frozen=True, extra="ignore")

    #: The console's session cookie is ``Secure`` when the request came over TLS; set
    #: true behind a proxy that ends TLS (the service then sees plain HTTP), or false.
    cookie_secure: bool | None = None
    #: How long a console sign-in lasts without signing in again (hours).
    console_session_hours: float = Field(default=12.0, gt=0, le=24 * 14)
    #: A technician's laptop not heard from for longer than this stands out on the board
    #: while it holds work in the field (minutes).
    stale_after_minutes: int = Field(default=30, ge=1, le=24 * 60)
    #: How many days a laptop keeps a closed incident (signed off, closed, cancelled) after
    #: its last sync, with nothing left to send; then it is purged from the laptop.
    retention_days: int = Field(default=30, ge=1, le=3650)
    #: Login throttling (sync.server.throttle): failed sign-ins allowed per user name and
    #: per source address before each further one is answered 429 for a growing delay:
    #: ``login_delay_seconds``, doubling with every failure, at most
    #: ``login_delay_max_seconds``. Failures are forgotten after ``login_forget_minutes``
    #: without one. Behind a proxy every sign-in comes from its address: raise the
    #: per-address number (uvicorn takes X-Forwarded-For only from 127.0.0.1).
    login_failures_per_user: int = Field(default=5, ge=1, le=1000)
    login_failures_per_address: int = Field(default=30, ge=1, le=1_000_000)
    login_delay_seconds: float = Field(default=1.0, gt=0, le=3600)
    login_delay_max_seconds: float = Field(default=900.0, gt=0, le=24 * 3600)
    login_forget_minutes: float = Field(default=60.0, gt=0, le=7 * 24 * 60)
    #: Passwords checked at once per service process (each scrypt takes 16 MiB and a
    #: core for ~50 ms); a sign-in beyond them is answered 503 with Retry-After.
    login_concurrent_hashes: int = Field(default=2, ge=1, le=64)
    #: The letterhead of the service reports the service renders.
    company_name: str = ""
    company_address: str = ""
    company_phone: str = ""
    #: Where the dispatcher is e-mailed when a P1 or P2 clock passes 75 % of its target
    #: (once per clock); "" (the default): no e-mail, the board's lane alone.
    escalation_to: str = ""
    #: Seconds between two looks at the running clocks for escalation.
    escalation_interval_seconds: float = Field(default=30.0, gt=0, le=3600)
    #: The service's address as clients reach it (``https://fieldbook.example.cn``): a
    #: sealed report's QR code leads to its verify page there. Empty: the address the
    #: request came in on (the laptop's sign-in, the console's).
    public_url: str = ""
    #: The SMTP server the service sends e-mail through (sync.server.mail): reports to
    #: clients, escalations. "": none; report requests then wait, pending.
    smtp_host: str = ""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    #: Upgrade the connection with STARTTLS before anything else is said, and refuse to
    #: go on in the clear when the server does not offer it. Set it (port 587) whenever
    #: credentials are sent.
    smtp_starttls: bool = False
    #: A CA bundle to trust for the mail server's certificate (a private CA); empty: the
    #: system's.
    smtp_ca_file: str = ""
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    #: Seconds a mail server may take to answer before the attempt fails (and is retried).
    smtp_timeout: float = Field(default=20.0, gt=0, le=600)
    #: The sender of the service's e-mail (``Huaxin IT <reports@huaxin.example.cn>``).
    mail_from: str = "fieldbook@localhost"
    #: A report that failed to send is tried again after this many seconds, doubling up
    #: to an hour (and at the requester's next sync).
    mail_retry_seconds: float = Field(default=60.0, gt=0, le=24 * 3600)

    @property
    def console_session(self) -> timedelta:
        return timedelta(hours=self.console_session_hours)

    @property
    def stale_after(self) -> timedelta:
        return timedelta(minutes=self.stale_after_minutes)

    @property
    def escalation_enabled(self) -> bool:
        return bool(self.escalation_to.strip() and self.smtp_host.strip())

    @property
    def company(self) -> Company:
        return Company(
            name=self.company_name, address=self.company_address, phone=self.company_phone
        )
