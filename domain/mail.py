"""An e-mail address a report may be sent to: the one rule both ends check it by.

The laptop checks it when the technician asks to send a report, the service again when
the request arrives (a laptop may be old or wrong). One plain address (``name@host``),
no display name, no list: the report goes to exactly the address shown to the
technician. Deliberately narrower than RFC 5322 (no quoted local parts, no comments, no
IP literals): what a client's contact address looks like, and nothing an SMTP server
could read as a second recipient.
"""

from __future__ import annotations

import re

from domain.messages import QT_TRANSLATE_NOOP, DomainError, Message

MAX_ADDRESS = 254  # RFC 5321's limit on a path
MAX_LOCAL = 64
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


class BadAddress(DomainError, ValueError):
    """Not an address a report can be sent to; the message says why (translatable)."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(Message("Mail", template, params), "address")


def check_address(value: object) -> str:
    """``value`` as a clean address (surrounding blanks removed, the host in lower case),
    or :class:`BadAddress`."""
    if not isinstance(value, str):
        raise BadAddress(QT_TRANSLATE_NOOP("Mail", "The address must be text."))
    address = value.strip()
    if not address:
        raise BadAddress(QT_TRANSLATE_NOOP("Mail", "The address is empty."))
    if len(address) > MAX_ADDRESS:
        raise BadAddress(
            QT_TRANSLATE_NOOP("Mail", "The address is longer than {limit} characters."),
            limit=MAX_ADDRESS,
        )
    if any(c.isspace() or ord(c) < 32 or c in ',;<>()[]\\"' for c in address):
        raise BadAddress(
            QT_TRANSLATE_NOOP("Mail", "Give one plain address, without spaces, names or a list.")
        )
    local, at, host = address.rpartition("@")
    if not at or not local or not host:
        raise BadAddress(
            QT_TRANSLATE_NOOP(
                "Mail", "The address needs a name, an @ and a domain (name@example.com)."
            )
        )
    if len(local) > MAX_LOCAL or not _LOCAL.match(local):
        raise BadAddress(QT_TRANSLATE_NOOP("Mail", "The part before the @ is not valid."))
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise BadAddress(
            QT_TRANSLATE_NOOP(
                "Mail", "The domain after the @ is not valid (it looks like example.com)."
            )
        )
    if labels[-1].isdigit():
        raise BadAddress(
            QT_TRANSLATE_NOOP(
                "Mail", "The domain after the @ is not valid (it looks like example.com)."
            )
        )
    return f"{local}@{host.lower()}"
