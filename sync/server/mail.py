"""Sending the service's e-mail over SMTP, as its settings say (host, port, STARTTLS,
credentials: :class:`~sync.server.config.ServiceConfig`). One message per connection:
the service sends few, and a connection kept open would only go stale."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from sync.server.config import ServiceConfig

#: Seconds to wait on the SMTP server before giving up (the caller tries again later).
TIMEOUT = 20.0


class MailError(RuntimeError):
    """The message could not be handed to the SMTP server (it may be tried again)."""


def send_mail(config: ServiceConfig, message: EmailMessage) -> None:
    """Hand ``message`` to the configured SMTP server; :class:`MailError` if it fails."""
    if not config.smtp_host:
        raise MailError("no SMTP server is configured (FIELDBOOK_SMTP_HOST)")
    if "From" not in message:
        message["From"] = config.mail_from
    try:
        with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=TIMEOUT) as smtp:
            if config.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if config.smtp_user:
                smtp.login(config.smtp_user, config.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"{type(error).__name__}: {error}") from error
