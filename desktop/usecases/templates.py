"""Action templates: the common actions a technician saves once and records again in one
step ("restart the TNS listener", "failover to the standby node").

A template only fills the action form (or ``fieldbook action --template``); the action is
still recorded by :func:`desktop.usecases.work.record_action`, checked the same way.
Templates belong to this laptop: they are not work on an incident and are not synced.
Saving under an existing name (case ignored) replaces that template.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.store.db import Store
from desktop.store.models import ActionTemplateRow
from desktop.usecases.common import log, moment, one_line
from desktop.usecases.errors import Checks, EmptyValue, UnknownRecord
from desktop.usecases.work import (
    action_description,
    action_result,
    action_result_detail,
    kind_of_action,
)
from domain.ids import new_id
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import ActionKind, ActionResult

_CTX = "UseCaseError"

TEMPLATE_NAME_MAX = 80


@dataclass(frozen=True, slots=True)
class ActionTemplate:
    id: uuid.UUID
    name: str
    action_kind: ActionKind
    description: str
    result: ActionResult | None  # None: the technician says each time
    result_detail: str
    saved_at: datetime


def list_templates(store: Store) -> list[ActionTemplate]:
    """Every template, by name."""
    with store.read() as session:
        rows = session.scalars(
            select(ActionTemplateRow).order_by(func.lower(ActionTemplateRow.name))
        )
        return [_template(row) for row in rows]


def find_template(store: Store, name: str) -> ActionTemplate:
    """The template called ``name`` (case ignored), or :class:`UnknownRecord`."""
    with store.read() as session:
        return _template(_find(session, name))


def save_template(
    store: Store,
    *,
    name: str,
    kind: ActionKind | str,
    description: str,
    result: ActionResult | str | None = None,
    result_detail: str = "",
    now: datetime | None = None,
) -> ActionTemplate:
    """Save a template under ``name``, replacing one of that name. Every input is checked."""
    now = moment(store, now)
    checks = Checks()
    clean_name = checks.take(
        lambda: one_line(
            name,
            "name",
            QT_TRANSLATE_NOOP("UseCaseError", "The template's name"),
            limit=TEMPLATE_NAME_MAX,
        ),
        "",
    )
    action_kind = checks.take(lambda: kind_of_action(kind), ActionKind.OTHER)
    clean_description = checks.take(lambda: action_description(description), "")
    outcome = checks.take(lambda: None if result in (None, "") else action_result(result), None)
    detail = checks.take(lambda: action_result_detail(result_detail), "")
    checks.done()
    with store.write() as session:
        row = session.scalars(
            select(ActionTemplateRow).where(
                func.lower(ActionTemplateRow.name) == clean_name.lower()
            )
        ).one_or_none()
        if row is None:
            row = ActionTemplateRow(id=new_id())
            session.add(row)
        row.name = clean_name
        row.action_kind = action_kind
        row.description = clean_description
        row.result = outcome
        row.result_detail = detail
        row.saved_at = now
        session.flush()
        log.info("action template saved: %s", clean_name)
        return _template(row)


def delete_template(store: Store, name: str) -> None:
    """Forget the template called ``name`` (case ignored)."""
    with store.write() as session:
        row = _find(session, name)
        session.delete(row)
        log.info("action template deleted: %s", row.name)


def _find(session: Session, name: str) -> ActionTemplateRow:
    key = name.strip() if isinstance(name, str) else ""
    if not key:
        raise EmptyValue("name", QT_TRANSLATE_NOOP("UseCaseError", "The template's name"))
    row = session.scalars(
        select(ActionTemplateRow).where(func.lower(ActionTemplateRow.name) == key.lower())
    ).one_or_none()
    if row is None:
        raise UnknownRecord(QT_TRANSLATE_NOOP("UseCaseError", "action template"), key, "name")
    return row


def _template(row: ActionTemplateRow) -> ActionTemplate:
    return ActionTemplate(
        id=row.id,
        name=row.name,
        action_kind=row.action_kind,
        description=row.description,
        result=row.result,
        result_detail=row.result_detail,
        saved_at=row.saved_at,
    )
