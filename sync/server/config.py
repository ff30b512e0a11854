"""The service's settings, declared once with their types, defaults and meanings, read once.

``fieldbook-server`` reads them when it starts (:func:`read_config`): the command line's
options first, then the environment (``FIELDBOOK_…``), then the settings file (TOML,
``--settings FILE`` or ``$FIELDBOOK_SETTINGS_FILE``), then the defaults below. The one
:class:`ServiceConfig` goes to the app; nothing else reads the environment for them.
``fieldbook-server settings`` shows each one's value, where it came from and its meaning.
With ``--workers`` the same object is handed (pickled) to every worker process.

Settings that the office changes while the service runs (and that every instance must
see alike) belong in the database instead, not here.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from report.data import Company

ENV_PREFIX = "FIELDBOOK_"
DEFAULT_DB = "sqlite:///fieldbook-server.db"

#: The settings file :func:`read_config` is reading (the sources hook below sees it).
_FILE: ContextVar[Path | None] = ContextVar("settings_file", default=None)


class SettingsError(ValueError):
    """A settings file or value the service cannot start with, in one line."""


class ServiceConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="ignore")

    server_db: str = Field(
        default=DEFAULT_DB,
        description="The database: sqlite:///path.db or postgresql+psycopg://user@host/db.",
    )
    token_days: float = Field(
        default=30.0, gt=0, le=3650, description="A device's sign-in expires after (days)."
    )
    pool_size: int = Field(
        default=20, ge=1, le=1000, description="Database connections per service process."
    )
    # Few threads per process: a thread holding the feed counter must not wait long for
    # the GIL behind dozens of others (every writer queues behind it meanwhile).
    threads: int = Field(
        default=8, ge=1, le=256, description="Threads per process running the requests."
    )
    cookie_secure: bool | None = Field(
        default=None,
        description="The console's cookie is Secure: unset, when the request came over "
        "TLS; true behind a proxy that ends TLS; or false.",
    )
    console_session_hours: float = Field(
        default=12.0,
        gt=0,
        le=24 * 14,
        description="How long a console sign-in lasts without signing in again (hours).",
    )
    stale_after_minutes: int = Field(
        default=30,
        ge=1,
        le=24 * 60,
        description="A laptop holding field work and not heard from for longer stands out "
        "on the board (minutes).",
    )
    retention_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="A laptop keeps a closed incident (signed off, closed, cancelled) with "
        "nothing left to send for this many days after its last sync, then purges it.",
    )
    # Login throttling (sync.server.throttle): failed sign-ins allowed per user name and
    # per source address before each further one is answered 429 for a growing delay:
    # ``login_delay_seconds``, doubling with every failure, at most
    # ``login_delay_max_seconds``. Failures are forgotten after ``login_forget_minutes``
    # without one. Behind a proxy every sign-in comes from its address: raise the
    # per-address number (uvicorn takes X-Forwarded-For only from 127.0.0.1).
    login_failures_per_user: int = Field(
        default=5,
        ge=1,
        le=1000,
        description="Failed sign-ins per user name before they are slowed down.",
    )
    login_failures_per_address: int = Field(
        default=30,
        ge=1,
        le=1_000_000,
        description="Failed sign-ins per source address before they are slowed down "
        "(raise it behind a proxy).",
    )
    login_delay_seconds: float = Field(
        default=1.0,
        gt=0,
        le=3600,
        description="The first wait after too many failures, doubling with each (seconds).",
    )
    login_delay_max_seconds: float = Field(
        default=900.0, gt=0, le=24 * 3600, description="The longest such wait (seconds)."
    )
    login_forget_minutes: float = Field(
        default=60.0,
        gt=0,
        le=7 * 24 * 60,
        description="Failures are forgotten after this long without one (minutes).",
    )
    login_concurrent_hashes: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Passwords checked at once per process (16 MiB and ~50 ms of a core "
        "each); a sign-in beyond them is answered 503.",
    )
    # The public verify page's uploads (sync.server.throttle.UploadGate): anyone may send a
    # file without signing in, and reading one (a PDF parsed, a scan searched for a QR
    # code) costs up to a second of a core.
    verify_uploads_per_minute: int = Field(
        default=20,
        ge=1,
        le=1_000_000,
        description="Files one source address may have checked on the public verify page "
        "in any minute; more are answered 429 (raise it behind a proxy).",
    )
    verify_concurrent_reads: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Uploaded files read at once per process; one beyond them is answered 503.",
    )
    company_name: str = Field(default="", description="The letterhead of the service's reports.")
    company_address: str = Field(default="", description="The letterhead's address.")
    company_phone: str = Field(default="", description="The letterhead's telephone.")
    escalation_to: str = Field(
        default="",
        description="Where the dispatcher is e-mailed when a P1 or P2 clock passes 75 % of "
        'its target; "": no e-mail, the board\'s lane alone.',
    )
    escalation_interval_seconds: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="Seconds between two looks at the running clocks for escalation.",
    )
    public_url: str = Field(
        default="",
        description="The service's address as clients reach it (a sealed report's QR code "
        'leads there); "": the address the request came in on.',
    )
    smtp_host: str = Field(
        default="",
        description="The SMTP server for the service's e-mail (reports, escalations); "
        '"": none, report requests wait.',
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="The SMTP server's port.")
    smtp_starttls: bool = Field(
        default=False,
        description="Require STARTTLS before anything is said (port 587); set it whenever "
        "credentials are sent.",
    )
    smtp_ca_file: str = Field(
        default="",
        description="A CA bundle for the mail server's certificate; \"\": the system's.",
    )
    smtp_user: str = Field(default="", description='The SMTP user name; "": no login.')
    smtp_password: SecretStr = Field(
        default=SecretStr(""), description="The SMTP password (shown masked)."
    )
    smtp_timeout: float = Field(
        default=20.0,
        gt=0,
        le=600,
        description="Seconds a mail server may take to answer before the attempt fails.",
    )
    mail_from: str = Field(
        default="fieldbook@localhost",
        description="The sender of the service's e-mail (Huaxin IT <reports@huaxin.example.cn>).",
    )
    mail_retry_seconds: float = Field(
        default=60.0,
        gt=0,
        le=24 * 3600,
        description="A report that failed to send is tried again after this long, doubling "
        "up to an hour (seconds).",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = _FILE.get()
        if path is None:
            return (init_settings, env_settings)
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, path))

    @property
    def token_ttl(self) -> timedelta:
        return timedelta(days=self.token_days)

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


# --- reading them ----------------------------------------------------------------------


class _Where(BaseSettings):
    """Where the settings file is, when the command line does not say."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    settings_file: str = ""


def settings_file(given: Path | str | None = None) -> Path | None:
    """``given`` (``--settings``), else ``$FIELDBOOK_SETTINGS_FILE``, else none ("" too)."""
    chosen = str(given) if given is not None else _Where().settings_file
    return Path(chosen) if chosen.strip() else None


def file_values(path: Path) -> dict[str, Any]:
    """The settings ``path`` sets, checked: it exists, is TOML, and names only settings."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SettingsError(f"settings file {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"settings file {path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"settings file {path}: not TOML ({error})") from None
    unknown = sorted(set(data) - set(ServiceConfig.model_fields))
    if unknown:
        raise SettingsError(
            f"settings file {path}: unknown setting {unknown[0]!r} "
            "(fieldbook-server settings lists them)"
        )
    return data


@contextmanager
def _reading(path: Path | None) -> Iterator[None]:
    token = _FILE.set(path)
    try:
        yield
    finally:
        _FILE.reset(token)


def read_config(file: Path | str | None = None, **given: Any) -> ServiceConfig:
    """The settings: ``given`` (the command line's; ``None`` means not given), the
    environment, the settings file ``file`` (or ``$FIELDBOOK_SETTINGS_FILE``), defaults.

    Raises :class:`SettingsError` with one line naming the setting and where it came from.
    """
    given = {name: value for name, value in given.items() if value is not None}
    path = settings_file(file)
    if path is not None:
        file_values(path)
    try:
        with _reading(path):
            return ServiceConfig(**given)
    except ValidationError as error:
        raise SettingsError(_one_line(error, path, given)) from None


def _env_values() -> dict[str, Any]:
    return EnvSettingsSource(ServiceConfig)()


def _source(
    name: str, given: dict[str, Any], env: dict[str, Any], path: Path | None, file: dict[str, Any]
) -> str:
    if name in given:
        return "command line"
    if name in env:
        return f"environment {ENV_PREFIX}{name.upper()}"
    if path is not None and name in file:
        return f"file {path}"
    return "default"


def _one_line(error: ValidationError, path: Path | None, given: dict[str, Any]) -> str:
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "?"
    file = file_values(path) if path is not None else {}
    where = _source(name, given, _env_values(), path, file)
    field = ServiceConfig.model_fields.get(name)
    secret = field is not None and field.annotation is SecretStr
    got = "" if secret else f", got {first.get('input')!r}"
    return f"setting {name} ({where}): {first['msg']}{got}"


@dataclass(frozen=True)
class Shown:
    """One setting as ``fieldbook-server settings`` shows it."""

    name: str
    value: str
    source: str
    meaning: str


def describe(config: ServiceConfig, file: Path | str | None = None, **given: Any) -> list[Shown]:
    """Every setting of ``config`` (read by :func:`read_config` with the same arguments):
    its value as a settings file would write it (secrets masked), where it came from,
    and what it means."""
    given = {name: value for name, value in given.items() if value is not None}
    path = settings_file(file)
    env = _env_values()
    in_file = file_values(path) if path is not None else {}
    return [
        Shown(
            name,
            _shown(name, getattr(config, name)),
            _source(name, given, env, path, in_file),
            field.description or "",
        )
        for name, field in ServiceConfig.model_fields.items()
    ]


def _shown(name: str, value: Any) -> str:
    if isinstance(value, SecretStr):
        return '"********"' if value.get_secret_value() else '""'
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if name == "server_db":
        from sqlalchemy import make_url
        from sqlalchemy.exc import ArgumentError

        with suppress(ArgumentError):
            value = make_url(value).render_as_string(hide_password=True)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
