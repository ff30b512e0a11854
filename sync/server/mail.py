"""Sending the service's e-mail (reports to clients, escalations) through the office's
mail server (SMTP), as its settings say (host, port, STARTTLS, credentials:
:class:`~sync.server.config.ServiceConfig`).

One connection per message: the service sends few, and a connection kept open would only
go stale between them. With ``smtp_starttls`` the connection is upgraded before the
credentials or the message are sent, and a server that does not offer STARTTLS is
refused rather than spoken to in the clear. Every failure (refused connection, timeout,
TLS, authentication, a recipient refused) is a :class:`MailError`: the caller keeps the
message pending and tries again later.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from sync.server.config import ServiceConfig


class MailError(RuntimeError):
    """The message was not handed to the mail server; ``str()`` says why, for the log
    and the office."""


def tls_context(config: ServiceConfig) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=config.smtp_ca_file or None)


def send_mail(config: ServiceConfig, message: EmailMessage) -> None:
    """Hand ``message`` to the mail server; raise :class:`MailError` if it was not taken."""
    if not config.smtp_host:
        raise MailError("no SMTP server is configured (FIELDBOOK_SMTP_HOST)")
    if "From" not in message:
        message["From"] = config.mail_from
    try:
        with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.smtp_timeout) as smtp:
            smtp.ehlo()
            if config.smtp_starttls:
                if not smtp.has_extn("starttls"):
                    raise MailError(
                        f"{config.smtp_host} does not offer STARTTLS (FIELDBOOK_SMTP_STARTTLS)"
                    )
                smtp.starttls(context=tls_context(config))
                smtp.ehlo()
            if config.smtp_user:
                smtp.login(config.smtp_user, config.smtp_password.get_secret_value())
            refused = smtp.send_message(message)
            if refused:
                raise MailError(f"the mail server refused {', '.join(sorted(refused))}")
    except MailError:
        raise
    except smtplib.SMTPResponseException as error:
        text = (
            error.smtp_error.decode("utf-8", "replace")
            if isinstance(error.smtp_error, bytes)
            else str(error.smtp_error)
        )
        raise MailError(f"the mail server answered {error.smtp_code} {text}") from error
    except smtplib.SMTPException as error:
        raise MailError(f"the mail server failed: {error}") from error
    except ssl.SSLError as error:
        raise MailError(f"TLS with {config.smtp_host} failed: {error.reason or error}") from error
    except TimeoutError as error:
        raise MailError(f"{config.smtp_host}:{config.smtp_port} did not answer in time") from error
    except OSError as error:
        raise MailError(
            f"cannot reach {config.smtp_host}:{config.smtp_port}: {error.strerror or error}"
        ) from error
