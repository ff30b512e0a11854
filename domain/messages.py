"""Marking user-visible text for translation without importing Qt.

The domain and the use cases raise errors whose text the desktop shows in English or
Chinese. They cannot import Qt, so they mark their text with :func:`QT_TRANSLATE_NOOP`:
``pyside6-lupdate`` recognises the name and extracts the string with its context, and the
UI translates the template at display time with
``QCoreApplication.translate(context, template)`` before filling in the parameters.

A parameter that is itself marked text of ours (a field's label, a status name) is a
:class:`Term`: it says its own context, so the UI translates it there, with no guessing.
Everything else (what the technician typed, numbers, serials) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate knows
    """Return ``text`` unchanged; the call only marks it for extraction under ``context``."""
    del context
    return text


@dataclass(frozen=True, slots=True)
class Term:
    """A message's parameter that is marked text itself: ``text`` under ``context``.

    It formats as its English ``text``, so ``str(message)`` reads as before.
    """

    context: str
    text: str

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)


def terms(params: Mapping[str, Any], contexts: Mapping[str, str]) -> dict[str, Any]:
    """``params`` with those named in ``contexts`` marked as :class:`Term` of that context:
    for a message rebuilt from plain text (a refusal that came over the wire)."""
    return {
        key: Term(contexts[key], value) if key in contexts and isinstance(value, str) else value
        for key, value in params.items()
    }


class Message:
    """A translatable template with its parameters, formatted in English by ``str()``."""

    __slots__ = ("context", "params", "template")

    def __init__(
        self, context: str, template: str, params: Mapping[str, Any] | None = None
    ) -> None:
        self.context = context
        self.template = template
        self.params: Mapping[str, Any] = dict(params or {})

    def __str__(self) -> str:
        return self.template.format(**self.params)

    def __repr__(self) -> str:
        return f"Message({self.context!r}, {self.template!r}, {dict(self.params)!r})"


class DomainError(Exception):
    """A rule of the job was broken; ``message`` says which, in words for a technician.

    ``field`` names the input it concerns (the window shows the message beside it).
    """

    def __init__(self, message: Message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
