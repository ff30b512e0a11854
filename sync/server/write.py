"""Writing what a push staged, in bulk, once every mutation is judged.

:func:`write` adds the new incidents and deliveries, moves van stock, then takes the
feed position and writes the entries and feed rows at it (on PostgreSQL copied into
temporary tables first, :mod:`sync.server.bulk`), so the counter every writer queues on
is held only for that and the commit.
"""

from __future__ import annotations

import typing
import uuid

from sqlalchemy import Table, update

from sync.protocol.messages import RecordKind
from sync.server import bulk
from sync.server.batch import Batch
from sync.server.feed import take_position
from sync.server.models import ORDER_SPAN, EntryRow, VanStockRow

_ENTRIES = typing.cast(Table, EntryRow.__table__)
_INSERT_ENTRIES = _ENTRIES.insert()


def write(batch: Batch) -> None:
    """Write everything staged; the feed position is taken last.

    Only what needs the position (the entries' server order, the feed rows) and the
    commit run while the counter is held: writers queue on it one after the other.
    """
    if not (
        batch.new_incidents
        or batch.new_entries
        or batch.stock
        or batch.feed
        or batch.new_deliveries
    ):
        return
    s = batch.session
    if batch.new_incidents:
        s.add_all(batch.new_incidents)
    if batch.new_deliveries:
        s.add_all(batch.new_deliveries)
    s.flush()  # new incidents and status updates
    for (technician, part_id), delta in sorted(batch.stock.items()):
        _write_stock(batch, technician, part_id, delta)
    if s.get_bind().dialect.name == "postgresql":
        bulk.stage(s, batch.new_entries, batch.feed.rows())
        position = bulk.move(s)  # the counter is held from here to the commit
        batch.feed.write_touches(s, position)
        return
    position = take_position(s)
    if batch.new_entries:
        first = position * ORDER_SPAN
        for row in batch.new_entries:  # in place: the batch is done with them
            row["position"] = position
            row["server_order"] = first + row.pop("rank")
        bulk.executemany(s, _INSERT_ENTRIES, batch.new_entries)
    batch.feed.write(s, position)


def _write_stock(batch: Batch, technician: uuid.UUID, part_id: uuid.UUID, delta: int) -> None:
    s = batch.session
    done = s.execute(
        update(VanStockRow)
        .where(VanStockRow.technician_id == technician, VanStockRow.part_id == part_id)
        .values(on_hand=VanStockRow.on_hand + delta, as_of=batch.now)
    )
    if getattr(done, "rowcount", 0) == 0:
        # Used from a van the service had no count for: the count goes below zero,
        # which is what the office must see (append-only entries never conflict).
        s.add(
            VanStockRow(technician_id=technician, part_id=part_id, on_hand=delta, as_of=batch.now)
        )
        s.flush()
    batch.feed.put(technician, RecordKind.VAN_STOCK, part_id)
    batch.feed.put(technician, RecordKind.PART, part_id)
