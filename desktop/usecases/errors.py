"""Refusals a technician can understand, each naming the field it concerns when it can."""

from __future__ import annotations

from typing import Any

from domain.messages import QT_TRANSLATE_NOOP, DomainError, Message

_CTX = "UseCaseError"


class UseCaseError(DomainError):
    """Base of every refusal; ``field`` names the input to show the message beside."""

    def __init__(self, template: str, field: str | None = None, **params: Any) -> None:
        super().__init__(Message(_CTX, template, params), field)


class EmptyValue(UseCaseError):
    def __init__(self, field: str, label: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP("UseCaseError", "{label} cannot be empty."), field, label=label
        )


class TooLong(UseCaseError):
    def __init__(self, field: str, label: str, limit: int, length: int) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "{label} is too long: {length} characters, at most {limit} allowed."
            ),
            field,
            label=label,
            limit=limit,
            length=length,
        )


class InvalidValue(UseCaseError):
    """A value of the wrong kind or out of range; the template explains which."""


class UnknownRecord(UseCaseError):
    def __init__(self, what: str, ref: str, field: str | None = None) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP("UseCaseError", "No {what} “{ref}” in this data folder."),
            field,
            what=what,
            ref=ref,
        )


class WrongState(UseCaseError):
    """The incident's status (or the clock's) does not allow this now."""


class SealedIncident(UseCaseError):
    def __init__(self, number: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "Incident {number} was signed off by the client; what was signed cannot change.",
            ),
            None,
            number=number,
        )


class NotEnoughStock(UseCaseError):
    def __init__(self, part_number: str, requested: int, available: int) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "Only {available} of {part} left in the van; cannot use {requested}.",
            ),
            "quantity",
            part=part_number,
            requested=requested,
            available=available,
        )
