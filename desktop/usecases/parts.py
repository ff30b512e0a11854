"""Spare parts from the van: using them, and what is left.

The central service knows how many of each part the van held when it last synced. Parts
used on this laptop since then come off that figure until the service has counted them:

    available = on hand (service) − used here and not yet synced + voided here, not synced

so the technician never sees stock the van does not hold.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop.store.db import Store
from desktop.store.models import (
    OutboxRow,
    OutboxState,
    PartUsageRow,
    SparePartRow,
    VanStockRow,
    VoidRow,
)
from desktop.usecases.common import Changed, Recording, record_entry
from desktop.usecases.errors import EmptyValue, InvalidValue, NotEnoughStock, UnknownRecord
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import PartUsage

_CTX = "UseCaseError"

QUANTITY_MAX = 1000


@dataclass(frozen=True, slots=True)
class StockLine:
    part_id: uuid.UUID
    part_number: str
    description: str
    on_hand: int  # the central service's figure
    unsynced: int  # used here, not yet counted by the service (voids counted back)
    as_of: datetime

    @property
    def available(self) -> int:
        return self.on_hand - self.unsynced


def stock(store: Store) -> list[StockLine]:
    """The van stock, ordered by part number."""
    with store.read() as session:
        return _stock(session, None)


def use_parts(
    store: Store,
    incident: str | uuid.UUID,
    part: str | uuid.UUID,
    quantity: int,
    *,
    now: datetime | None = None,
) -> Changed:
    """Take ``quantity`` of ``part`` (id or part number) from the van for ``incident``."""
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "The quantity must be a whole number."), "quantity"
        )
    if not 1 <= quantity <= QUANTITY_MAX:
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "The quantity must be between 1 and {limit}."),
            "quantity",
            limit=QUANTITY_MAX,
        )
    # In the write transaction: nobody else can take the same last part.
    return record_entry(store, incident, lambda rec: take_from_van(rec, part, quantity), now=now)


def take_from_van(rec: Recording, part: str | uuid.UUID, quantity: int) -> PartUsage:
    """``quantity`` of ``part`` taken from the van for the incident being recorded on (to
    record); more than the van holds is refused (:class:`NotEnoughStock`)."""
    spare = _find_part(rec.session, part)
    lines = _stock(rec.session, spare.id)
    available = lines[0].available if lines else 0
    if quantity > available:
        raise NotEnoughStock(spare.part_number, quantity, max(available, 0))
    rec.log("used %d x %s", quantity, spare.part_number)
    return PartUsage(**rec.stamp(), part_id=spare.id, quantity=quantity)


@dataclass(frozen=True, slots=True)
class CatalogueItem:
    """A spare part of the office's catalogue, with what the van holds of it (if any)."""

    part_id: uuid.UUID
    part_number: str
    description: str
    available: int | None  # None: the van does not carry it

    @property
    def name(self) -> str:
        """How a swap names the part: its number, then what it is."""
        return f"{self.part_number} {self.description}".strip()


def catalogue(store: Store) -> list[CatalogueItem]:
    """Every spare part the office knows, ordered by part number (type-to-find in forms)."""
    with store.read() as session:
        van = {line.part_id: line.available for line in _stock(session, None)}
        return [
            CatalogueItem(row.id, row.part_number, row.description, van.get(row.id))
            for row in session.scalars(select(SparePartRow).order_by(SparePartRow.part_number))
        ]


def _find_part(session: Session, ref: str | uuid.UUID) -> SparePartRow:
    row: SparePartRow | None = None
    if isinstance(ref, uuid.UUID):
        row = session.get(SparePartRow, ref)
    elif isinstance(ref, str):
        key = ref.strip()
        if not key:
            raise EmptyValue("part", QT_TRANSLATE_NOOP("UseCaseError", "The part"))
        try:
            row = session.get(SparePartRow, uuid.UUID(key))
        except ValueError:
            row = session.scalars(
                select(SparePartRow).where(func.upper(SparePartRow.part_number) == key.upper())
            ).one_or_none()
    if row is None:
        raise UnknownRecord(QT_TRANSLATE_NOOP("UseCaseError", "spare part"), str(ref), "part")
    return row


def unsynced_by_part(session: Session) -> dict[uuid.UUID, int]:
    """Per part: used here and not yet synced, minus synced uses voided here since.

    A use is synced when it has no pending outbox row (uses that came from the central
    service have none at all).
    """
    pending = OutboxState.PENDING
    usage_pending = (
        select(OutboxRow.seq)
        .where(OutboxRow.entry_id == PartUsageRow.id, OutboxRow.state == pending)
        .exists()
    )
    voids = aliased(VoidRow)
    void_box = aliased(OutboxRow)
    used = session.execute(
        select(PartUsageRow.part_id, func.sum(PartUsageRow.quantity))
        .where(usage_pending, PartUsageRow.id.not_in(select(VoidRow.voided_id)))
        .group_by(PartUsageRow.part_id)
    )
    returned = session.execute(
        select(PartUsageRow.part_id, func.sum(PartUsageRow.quantity))
        .join(voids, voids.voided_id == PartUsageRow.id)
        .join(void_box, void_box.entry_id == voids.id)
        .where(~usage_pending, void_box.state == pending)
        .group_by(PartUsageRow.part_id)
    )
    totals: dict[uuid.UUID, int] = {}
    for part_id, qty in used:
        totals[part_id] = totals.get(part_id, 0) + int(qty)
    for part_id, qty in returned:
        totals[part_id] = totals.get(part_id, 0) - int(qty)
    return totals


def _stock(session: Session, part_id: uuid.UUID | None) -> list[StockLine]:
    query = (
        select(VanStockRow, SparePartRow)
        .join(SparePartRow, SparePartRow.id == VanStockRow.part_id)
        .order_by(SparePartRow.part_number)
    )
    if part_id is not None:
        query = query.where(VanStockRow.part_id == part_id)
    unsynced = unsynced_by_part(session)
    return [
        StockLine(
            part_id=part.id,
            part_number=part.part_number,
            description=part.description,
            on_hand=van.on_hand,
            unsynced=unsynced.get(part.id, 0),
            as_of=van.as_of,
        )
        for van, part in session.execute(query)
    ]
