"""Actions taken and hardware swapped."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from desktop.store import mapping
from desktop.store.db import Store
from desktop.store.models import ContractRow, CoveredSystemRow, IncidentRow, SparePartRow
from desktop.usecases.common import (
    NAME_MAX,
    TEXT_MAX,
    Changed,
    Recording,
    choice,
    one_line,
    record_entry,
    text,
)
from desktop.usecases.errors import (
    Checks,
    EmptyValue,
    InvalidValue,
    UseCaseError,
    label_term,
)
from desktop.usecases.parts import take_from_van
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import Action, ActionKind, ActionResult, HardwareSwap
from domain.scope import action_in_scope
from domain.serials import clean_serial, same_serial, serial_problem

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
    checks = Checks()
    action_kind = checks.take(lambda: kind_of_action(kind), ActionKind.OTHER)
    outcome = checks.take(lambda: action_result(result), ActionResult.SUCCEEDED)
    description = checks.take(lambda: action_description(description), "")
    detail = checks.take(lambda: action_result_detail(result_detail), "")
    checks.done()

    def make(rec: Recording) -> Action:
        rec.log("action %s (%s)", action_kind, outcome)
        return Action(
            **rec.stamp(),
            action_kind=action_kind,
            description=description,
            result=outcome,
            result_detail=detail,
            out_of_scope=not in_scope(rec.session, rec.incident, action_kind),
        )

    return record_entry(store, incident, make, now=now)


def kind_of_action(value: object) -> ActionKind:
    """An action's kind, checked (the action form and a template's)."""
    return choice(
        ActionKind, value, "kind", QT_TRANSLATE_NOOP("UseCaseError", "The kind of action")
    )


def action_result(value: object) -> ActionResult:
    return choice(ActionResult, value, "result", QT_TRANSLATE_NOOP("UseCaseError", "The result"))


def action_description(value: object) -> str:
    return text(
        value, "description", QT_TRANSLATE_NOOP("UseCaseError", "The description"), limit=TEXT_MAX
    )


def action_result_detail(value: object) -> str:
    return text(
        value,
        "result_detail",
        QT_TRANSLATE_NOOP("UseCaseError", "The result"),
        limit=TEXT_MAX,
        required=False,
    )


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
    from_van: str | uuid.UUID | None = None,
    now: datetime | None = None,
) -> Changed:
    """Record a part taken out and the one put in, with serials (a scanner may type them).

    Serials follow :mod:`domain.serials`. With ``from_van`` (a spare part's id or number)
    the installed part is taken from the van stock in the same transaction: one step for
    the technician, the swap and the part's use recorded together, the stock updated; the
    installed part's name may then be left empty (the catalogue names it). Every input is
    checked before anything is refused, so that a form can show every problem at once.
    """
    checks = Checks()
    removed_part = checks.take(
        lambda: one_line(
            removed_part,
            "removed_part",
            QT_TRANSLATE_NOOP("UseCaseError", "The removed part"),
            limit=NAME_MAX,
        ),
        "",
    )
    installed_part = checks.take(
        lambda: one_line(
            installed_part,
            "installed_part",
            QT_TRANSLATE_NOOP("UseCaseError", "The installed part"),
            limit=NAME_MAX,
            required=from_van is None,
        ),
        "",
    )
    removed_serial = checks.take(
        lambda: serial(
            removed_serial,
            "removed_serial",
            QT_TRANSLATE_NOOP("UseCaseError", "The removed serial number"),
        ),
        "",
    )
    installed_serial = checks.take(
        lambda: serial(
            installed_serial,
            "installed_serial",
            QT_TRANSLATE_NOOP("UseCaseError", "The installed serial number"),
        ),
        "",
    )
    if removed_serial and installed_serial and same_serial(removed_serial, installed_serial):
        checks.errors.append(
            InvalidValue(
                QT_TRANSLATE_NOOP(
                    "UseCaseError",
                    "The removed and installed parts have the same serial number {serial}.",
                ),
                "installed_serial",
                serial=installed_serial,
            )
        )
    temporary = checks.take(lambda: _temporary(temporary), False)
    note = checks.take(
        lambda: text(
            note,
            "note",
            QT_TRANSLATE_NOOP("UseCaseError", "The note"),
            limit=TEXT_MAX,
            required=False,
        ),
        "",
    )
    checks.done()

    def make(rec: Recording) -> HardwareSwap:
        installed = installed_part
        if from_van is not None:
            try:
                usage = rec.add(take_from_van(rec, from_van, 1))
            except UseCaseError as error:
                # Shown beside the van part the technician picked, not a quantity field.
                raise InvalidValue(
                    error.message.template, "from_van", **error.message.params
                ) from error
            if not installed:
                spare = rec.session.get_one(SparePartRow, usage.part_id)  # taken just now
                installed = f"{spare.part_number} {spare.description}".strip()[:NAME_MAX]
        rec.log("hardware swap")
        return HardwareSwap(
            **rec.stamp(),
            removed_part=removed_part,
            removed_serial=removed_serial,
            installed_part=installed,
            installed_serial=installed_serial,
            temporary=temporary,
            note=note,
        )

    return record_entry(store, incident, make, now=now)


def serial(value: object, field: str, label: str) -> str:
    """``value`` as a serial number by the rule of :mod:`domain.serials`, or refused."""
    if not isinstance(value, str):
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "{label} must be text."),
            field,
            label=label_term(label),
        )
    cleaned = clean_serial(value)
    if not cleaned:
        raise EmptyValue(field, label)
    problem = serial_problem(cleaned)
    if problem is not None:
        raise InvalidValue(problem.template, field, label=label_term(label), **problem.params)
    return cleaned


def _temporary(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "Say whether the replacement is temporary or permanent."
            ),
            "temporary",
        )
    return value
