"""The device token in the OS keyring, never in a file.

One entry per server and user: service ``Fieldbook``, account ``USER@SERVER_URL``. Where
no usable keyring backend exists (keyring's ``fail`` or ``null`` backend, or a chainer
with none behind it) every call raises :class:`~desktop.syncing.errors.NoKeyring`: there is
no file fallback, on purpose. The server URL and user name are not secret: they live in
the store's ``meta`` table.
"""

from __future__ import annotations

import logging

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from desktop.syncing.errors import NoKeyring

log = logging.getLogger("fieldbook.sync")

SERVICE = "Fieldbook"
#: The store's ``meta`` key listing every user name signed in on this laptop, one a line:
#: whose tokens the keyring may hold (all erased if the office marks the laptop lost).
KEYRING_USERS = "keyring_users"


def account(server_url: str, username: str) -> str:
    return f"{username}@{server_url.rstrip('/')}"


def backend() -> KeyringBackend:
    """The keyring in use; :class:`NoKeyring` when it cannot keep a secret."""
    ring = keyring.get_keyring()
    reason = unusable_reason(ring)
    if reason is not None:
        raise NoKeyring(reason)
    return ring


def unusable_reason(ring: KeyringBackend) -> str | None:
    from keyring.backends import chainer, fail, null

    if isinstance(ring, fail.Keyring | null.Keyring):
        return f"keyring backend {type(ring).__module__}.{type(ring).__name__}"
    if isinstance(ring, chainer.ChainerBackend) and not ring.backends:
        return "keyring found no backend"
    return None


def save_token(server_url: str, username: str, token: str) -> None:
    ring = backend()
    try:
        ring.set_password(SERVICE, account(server_url, username), token)
    except keyring.errors.KeyringError as error:
        raise NoKeyring(str(error) or type(error).__name__) from error


def load_token(server_url: str, username: str) -> str | None:
    ring = backend()
    try:
        return ring.get_password(SERVICE, account(server_url, username))
    except keyring.errors.KeyringError as error:
        raise NoKeyring(str(error) or type(error).__name__) from error


def delete_token(server_url: str, username: str) -> None:
    ring = backend()
    try:
        ring.delete_password(SERVICE, account(server_url, username))
    except keyring.errors.PasswordDeleteError:
        pass  # nothing was there
    except keyring.errors.KeyringError as error:
        raise NoKeyring(str(error) or type(error).__name__) from error
