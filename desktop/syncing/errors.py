"""Sync refusals a technician reads (translatable, like ``desktop.usecases.errors``)."""

from __future__ import annotations

from desktop.usecases.errors import UseCaseError
from domain.messages import QT_TRANSLATE_NOOP

#: ``fieldbook`` exits with this when the office could not be reached, or something
#: else answered in its place: nothing is wrong with the work, try again later.
EXIT_UNREACHABLE = 3


class SyncUseCaseError(UseCaseError):
    """Base of every sync refusal. Nothing local is ever lost when one is raised.

    ``exit_code``: what the command line exits with (README, "The command line").
    """

    exit_code = 1


class OfflineError(SyncUseCaseError):
    exit_code = EXIT_UNREACHABLE

    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "You are offline — your work is kept and will sync when the network is back.",
            )
        )


class SessionExpired(SyncUseCaseError):
    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "Your session has expired: sign in again; nothing is lost."
            )
        )


class SignedOutByOffice(SyncUseCaseError):
    """The office ended this laptop's sign-in (revoked the device, changed the password,
    or deactivated the account): the token is forgotten, the work kept."""

    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "You were signed out by the office: sign in again; nothing is lost. If you "
                "cannot, ask the office.",
            )
        )


class DeviceWiped(SyncUseCaseError):
    """The office marked this laptop lost: its data folder and sign-in were erased."""

    exit_code = 4

    def __init__(self, folder: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "The office marked this computer lost: Fieldbook erased its data here "
                "({folder}) and signed out. If this is a mistake, call the office; "
                "what was synced is safe there.",
            ),
            None,
            folder=folder,
        )


class TooManyAttempts(SyncUseCaseError):
    """The office refuses sign-ins for a while after too many wrong passwords."""

    def __init__(self, seconds: int) -> None:
        minutes = -(-seconds // 60)
        if seconds < 120:
            super().__init__(
                QT_TRANSLATE_NOOP(
                    "UseCaseError",
                    "Too many failed sign-ins: wait {seconds} seconds, then try again.",
                ),
                "password",
                seconds=seconds,
            )
        else:
            super().__init__(
                QT_TRANSLATE_NOOP(
                    "UseCaseError",
                    "Too many failed sign-ins: wait {minutes} minutes, then try again.",
                ),
                "password",
                minutes=minutes,
            )
        self.seconds = seconds


class NotSignedIn(SyncUseCaseError):
    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "You are not signed in: sign in to sync; nothing is lost."
            )
        )


class BadCredentials(SyncUseCaseError):
    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP("UseCaseError", "The user name or the password is wrong."),
            "password",
        )


class NotATechnician(SyncUseCaseError):
    def __init__(self, username: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "{username} is not a technician: only technicians sync a laptop."
            ),
            "username",
            username=username,
        )


class UpdateRequired(SyncUseCaseError):
    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "This Fieldbook is too old for the office's server: please update. "
                "Your work is kept and syncs after the update.",
            )
        )


class ServerTooOld(SyncUseCaseError):
    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "The office's server is older than this Fieldbook: ask the office to update "
                "it. Your work is kept.",
            )
        )


class StrangeAnswer(SyncUseCaseError):
    """Something answered in the office's place: a captive portal, a proxy's error page."""

    exit_code = EXIT_UNREACHABLE

    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "The office answered strangely (a hotel or guest network asking to sign in, "
                "or a proxy in the way?): your work is kept; try again on another network.",
            )
        )


class ServerProblem(SyncUseCaseError):
    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "The office's server has a problem: try again later. Your work is kept.",
            )
        )


class ClientBug(SyncUseCaseError):
    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "The office's server could not read what Fieldbook sent (a bug, written to "
                "the log). Your work is kept.",
            )
        )


class NoKeyring(SyncUseCaseError):
    """No usable OS keyring: Fieldbook refuses to keep a sign-in rather than write it to a
    file."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "No password store (keyring) works on this computer, so Fieldbook cannot keep "
                "your sign-in safely: start or unlock one (GNOME Keyring, KWallet, the Windows "
                "Credential Manager, the macOS Keychain) and sign in again. ({detail})",
            ),
            None,
            detail=detail,
        )


class UnsyncedWork(SyncUseCaseError):
    def __init__(self, pending: int) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "{pending} change(s) are not synced yet: sync first, or sign out anyway "
                "(they are kept and sync after the next sign-in).",
            ),
            None,
            pending=pending,
        )


class NotRejected(SyncUseCaseError):
    def __init__(self, seq: int) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP("UseCaseError", "Change {seq} is not a change the office refused."),
            "seq",
            seq=seq,
        )
