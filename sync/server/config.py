"""The service's settings, declared once with their types and defaults, read once.

``fieldbook-server serve`` reads them from the environment (``FIELDBOOK_…``) when it
starts and hands the one :class:`ServiceConfig` to the app; nothing else reads the
environment for them. Each uvicorn worker process builds its own the same way.

Settings that the office changes while the service runs (and that every instance must
see alike) belong in the database instead, not here.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field
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
    #: The letterhead of the service reports the service renders.
    company_name: str = ""
    company_address: str = ""
    company_phone: str = ""

    @property
    def console_session(self) -> timedelta:
        return timedelta(hours=self.console_session_hours)

    @property
    def stale_after(self) -> timedelta:
        return timedelta(minutes=self.stale_after_minutes)

    @property
    def company(self) -> Company:
        return Company(
            name=self.company_name, address=self.company_address, phone=self.company_phone
        )
