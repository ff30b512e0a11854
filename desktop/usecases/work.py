"""Actions taken and hardware swapped."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from desktop.store import mapping
from desktop.store.db import Store
from desktop.store.models import ContractRow, CoveredSystemRow, IncidentRow
from desktop.usecases.common import (
    NAME_MAX,
    SERIAL_MAX,
    TEXT_MAX,
    Changed,
    append,
    author,
    choice,
    find_incident,
    log,
    moment,
    one_line,
    text,
    writable,
)
from desktop.usecases.errors import InvalidValue
from domain.ids import new_id
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import Action, ActionKind, ActionResult, HardwareSwap
from domain.scope import action_in_scope

_CTX = "UseCaseError"


def record_action(
    store: Store,
    incident: str | uuid.UUID,
    *,
    kind: ActionKind | str,
    description: str,
    result: ActionResult | str,
    result_detail: str = "",
    now: datetime | None = None,
) -> Changed:
    """Record an action and its result; work the contract does not cover is flagged."""
    now = moment(store, now)
    action_kind = choice(
        ActionKind, kind, "kind", QT_TRANSLATE_NOOP("UseCaseError", "The kind of action")
    )
    outcome = choice(
        ActionResult, result, "result", QT_TRANSLATE_NOOP("UseCaseError", "The result")
    )
    description = text(
        description,
        "description",
        QT_TRANSLATE_NOOP("UseCaseError", "The description"),
        limit=TEXT_MAX,
    )
    detail = text(
        result_detail,
        "result_detail",
        QT_TRANSLATE_NOOP("UseCaseError", "The result"),
        limit=TEXT_MAX,
        required=False,
    )
    with store.write() as session:
        row = writable(find_incident(session, incident))
        entry = Action(
            id=new_id(),
            incident_id=row.id,
            recorded_at=now,
            author_id=author(session),
            action_kind=action_kind,
            description=description,
            result=outcome,
            result_detail=detail,
            out_of_scope=not in_scope(session, row, action_kind),
        )
        append(session, entry, now)
        row.updated_at = now
        log.info("%s: action %s (%s)", row.number, action_kind, outcome)
        return Changed(incident_ids=frozenset({row.id}), entry_ids=(entry.id,))


def in_scope(session: Session, row: IncidentRow, kind: ActionKind) -> bool:
    """Is ``kind`` of work on ``row``'s system covered by its contract?"""
    contract_row = session.get(ContractRow, row.contract_id)
    assert contract_row is not None  # foreign key
    if row.system_id is None:
        return False
    system = session.get(CoveredSystemRow, row.system_id)
    if system is None or system.contract_id != contract_row.id:
        return False
    return action_in_scope(mapping.contract(contract_row), kind)


def record_swap(
    store: Store,
    incident: str | uuid.UUID,
    *,
    removed_part: str,
    removed_serial: str,
    installed_part: str,
    installed_serial: str,
    temporary: bool,
    note: str = "",
    now: datetime | None = None,
) -> Changed:
    """Record a part taken out and the one put in, with serials (a scanner may type them)."""
    now = moment(store, now)
    removed_part = one_line(
        removed_part,
        "removed_part",
        QT_TRANSLATE_NOOP("UseCaseError", "The removed part"),
        limit=NAME_MAX,
    )
    installed_part = one_line(
        installed_part,
        "installed_part",
        QT_TRANSLATE_NOOP("UseCaseError", "The installed part"),
        limit=NAME_MAX,
    )
    removed_serial = _serial(
        removed_serial,
        "removed_serial",
        QT_TRANSLATE_NOOP("UseCaseError", "The removed serial number"),
    )
    installed_serial = _serial(
        installed_serial,
        "installed_serial",
        QT_TRANSLATE_NOOP("UseCaseError", "The installed serial number"),
    )
    if removed_serial.casefold() == installed_serial.casefold():
        raise InvalidValue(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "The removed and installed parts have the same serial number {serial}.",
            ),
            "installed_serial",
            serial=installed_serial,
        )
    if not isinstance(temporary, bool):
        raise InvalidValue(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "Say whether the replacement is temporary or permanent."
            ),
            "temporary",
        )
    note = text(
        note, "note", QT_TRANSLATE_NOOP("UseCaseError", "The note"), limit=TEXT_MAX, required=False
    )
    with store.write() as session:
        row = writable(find_incident(session, incident))
        entry = HardwareSwap(
            id=new_id(),
            incident_id=row.id,
            recorded_at=now,
            author_id=author(session),
            removed_part=removed_part,
            removed_serial=removed_serial,
            installed_part=installed_part,
            installed_serial=installed_serial,
            temporary=temporary,
            note=note,
        )
        append(session, entry, now)
        row.updated_at = now
        log.info("%s: swap %s -> %s", row.number, removed_serial, installed_serial)
        return Changed(incident_ids=frozenset({row.id}), entry_ids=(entry.id,))


def _serial(value: object, field: str, label: str) -> str:
    return one_line(value, field, label, limit=SERIAL_MAX)
