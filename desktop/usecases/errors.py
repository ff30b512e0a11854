"""Refusals a technician can understand, each naming the field it concerns when it can."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from domain.messages import QT_TRANSLATE_NOOP, DomainError, Message, Term

_CTX = "UseCaseError"


def label_term(label: str) -> Term:
    """A field's label given to a refusal: marked in this module's context by the caller
    (``QT_TRANSLATE_NOOP("UseCaseError", "The reason")``), translated there when shown."""
    return Term(_CTX, label)


T = TypeVar("T")


class UseCaseError(DomainError):
    """Base of every refusal; ``field`` names the input to show the message beside."""

    def __init__(self, template: str, field: str | None = None, **params: Any) -> None:
        super().__init__(Message(_CTX, template, params), field)


class EmptyValue(UseCaseError):
    def __init__(self, field: str, label: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP("UseCaseError", "{label} cannot be empty."),
            field,
            label=label_term(label),
        )


class TooLong(UseCaseError):
    def __init__(self, field: str, label: str, limit: int, length: int) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "{label} is too long: {length} characters, at most {limit} allowed."
            ),
            field,
            label=label_term(label),
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
            what=Term(_CTX, what),
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


class Refusals(UseCaseError):
    """Several inputs refused at once, one refusal per field, so that a form shows them all.

    It reads as its first refusal (``message``, ``field``) where only one can be shown.
    """

    def __init__(self, errors: Sequence[UseCaseError]) -> None:
        first = errors[0]
        super().__init__(first.message.template, first.field, **first.message.params)
        self.errors: tuple[UseCaseError, ...] = tuple(errors)


class Checks:
    """Check every input before refusing: ``take`` each value, then ``done()`` raises."""

    def __init__(self) -> None:
        self.errors: list[UseCaseError] = []

    def take(self, check: Callable[[], T], fallback: T) -> T:
        """The value ``check`` returns, or ``fallback`` after noting its refusal."""
        try:
            return check()
        except Refusals as error:
            self.errors.extend(error.errors)
        except UseCaseError as error:
            self.errors.append(error)
        return fallback

    def done(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise Refusals(self.errors)
