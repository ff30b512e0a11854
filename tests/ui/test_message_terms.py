"""A message's marked parameters are translated in the context they name (ui/i18n.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from desktop.syncing.usecases import _explanation
from desktop.usecases.errors import EmptyValue, UnknownRecord
from domain.messages import Message, Term
from domain.records import Status
from domain.status import InvalidTransition
from ui.i18n import Translators, error_text, message_text


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    translators = Translators(qapp)
    translators.use("zh_CN")
    yield
    translators.use("en")


def test_terms_read_in_english_as_before() -> None:
    error = InvalidTransition(Status.NEW, Status.CLOSED)
    assert str(error) == "An incident cannot go from “new” to “closed”."
    assert error.message.params["current"] == Term("Status", "new")


def test_each_term_is_translated_in_its_own_context(chinese: None) -> None:
    assert (
        error_text(InvalidTransition(Status.NEW, Status.CLOSED)) == "事件不能从“新建”变为“已关闭”。"
    )
    assert error_text(EmptyValue("reason", "The reason")).startswith("原因")
    assert "事件" in error_text(UnknownRecord("incident", "INC-9"))


def test_plain_parameters_are_shown_as_they_are(chinese: None) -> None:
    """What the technician typed is never looked up, even when it reads like a label."""
    typed = Message("Status", "An incident cannot go from “{current}” to “{target}”.")
    typed = Message(typed.context, typed.template, {"current": "new", "target": "closed"})
    assert message_text(typed) == "事件不能从“new”变为“closed”。"


def test_a_refusal_from_the_office_has_its_status_names_translated(chinese: None) -> None:
    message = _explanation(
        {
            "context": "Rules",
            "template": "Incident {number} is “{status}”: the client signs off a resolved "
            "incident.",
            "params": {"number": "INC-7", "status": "on site"},
        }
    )
    assert message is not None
    assert message_text(message) == "事件 INC-7 当前为“在现场”：客户只能对已解决的事件签字确认。"
