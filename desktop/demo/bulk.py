"""Writing the demo's rows in bulk: reference data, then incidents and their entries
in batches, each table with one ``executemany``."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Insert, String, Table, bindparam, insert
from sqlalchemy.orm import Session

from desktop.demo.plan import Contract, Part, System
from desktop.demo.reference import CLIENTS, FIXED_STOCK, PARTS, TECHNICIANS
from desktop.store.db import Store
from desktop.store.models import (
    ActionRow,
    AttachmentRow,
    Base,
    ClientRow,
    ClockPauseRow,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    NoteRow,
    PartUsageRow,
    SignOffRow,
    SlaTargetRow,
    SparePartRow,
    StatusRow,
    SwapRow,
    TechnicianRow,
    TimeRow,
    VanStockRow,
    VoidRow,
)
from domain.ids import new_id
from domain.records import (
    Priority,
)

CHUNK = 20_000  # entries per executemany batch


@dataclass(slots=True)
class Rows:
    """Rows waiting for the next executemany, in foreign-key order."""

    incidents: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    kinds: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {kind: [] for kind in _KIND_TABLES}
    )
    written: int = 0

    def flush(self, session: Session) -> None:
        if self.incidents:
            session.execute(insert(table_of(IncidentRow)), self.incidents)
        if self.entries:
            session.execute(insert(table_of(EntryRow)), self.entries)
        for kind, rows in self.kinds.items():
            if rows:
                session.execute(_insert(kind), rows)
                rows.clear()
        self.written += len(self.entries)
        self.incidents.clear()
        self.entries.clear()


def _insert(kind: str) -> Insert:
    statement = insert(_KIND_TABLES[kind])
    if kind == "sign_off":
        # The JSON columns come as text, made by their own types (see Signing).
        statement = statement.values(
            strokes=bindparam("strokes_json", type_=String()),
            sealed_entry_ids=bindparam("sealed_json", type_=String()),
        )
    return statement


def table_of(cls: type[Base]) -> Table:
    table = cls.__table__
    assert isinstance(table, Table)
    return table


# Subclass tables in insertion order (attachments after notes, then voids, sign-offs last).
_KIND_TABLES: dict[str, Table] = {
    "note": table_of(NoteRow),
    "attachment": table_of(AttachmentRow),
    "action": table_of(ActionRow),
    "swap": table_of(SwapRow),
    "part_usage": table_of(PartUsageRow),
    "time": table_of(TimeRow),
    "clock_pause": table_of(ClockPauseRow),
    "status": table_of(StatusRow),
    "void": table_of(VoidRow),
    # Sign-offs after the voids: the database refuses a void of an entry already sealed.
    "sign_off": table_of(SignOffRow),
}


def shrink_wal(store: Store) -> None:
    """Give back the disk space the big transaction took in the write-ahead log."""
    raw = store.engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()


# --- reference data rows ------------------------------------------------------------


def insert_technicians(session: Session) -> tuple[uuid.UUID, list[uuid.UUID]]:
    ids = [new_id() for _ in TECHNICIANS]
    session.execute(
        insert(table_of(TechnicianRow)),
        [
            {"id": i, "name": name, "username": user}
            for i, (name, user) in zip(ids, TECHNICIANS, strict=True)
        ],
    )
    return ids[0], ids


def insert_contracts(session: Session) -> list[Contract]:
    contracts: list[Contract] = []
    client_rows, contract_rows, target_rows, system_rows = [], [], [], []
    for spec in CLIENTS:
        client_id, contract_id = new_id(), new_id()
        client_rows.append(
            {"id": client_id, "name": spec.name, "language": spec.language, "address": spec.address}
        )
        contract_rows.append(
            {
                "id": contract_id,
                "client_id": client_id,
                "number": spec.contract,
                "pause_allowed": spec.pause_allowed,
                "exclusions": sorted(k.value for k in spec.exclusions),
            }
        )
        for priority, (respond, resolve) in zip(Priority, spec.targets, strict=True):
            target_rows.append(
                {
                    "contract_id": contract_id,
                    "priority": priority,
                    "respond_minutes": respond,
                    "resolve_minutes": resolve,
                }
            )
        systems = tuple(System(new_id(), name, cat) for name, cat, _ in spec.systems)
        for system, (_, _, location) in zip(systems, spec.systems, strict=True):
            system_rows.append(
                {
                    "id": system.id,
                    "contract_id": contract_id,
                    "name": system.name,
                    "category": system.category,
                    "location": location,
                }
            )
        contracts.append(Contract(spec, client_id, contract_id, systems))
    session.execute(insert(table_of(ClientRow)), client_rows)
    session.execute(insert(table_of(ContractRow)), contract_rows)
    session.execute(insert(table_of(SlaTargetRow)), target_rows)
    session.execute(insert(table_of(CoveredSystemRow)), system_rows)
    return contracts


def insert_parts(session: Session, rng: random.Random, now: datetime) -> list[Part]:
    spares = []
    for spec in PARTS:
        on_hand = FIXED_STOCK.get(spec.part_number, rng.randint(2, 12))
        spares.append(Part(new_id(), spec, on_hand))
    as_of = now - timedelta(hours=rng.uniform(2.0, 7.0))
    session.execute(
        insert(table_of(SparePartRow)),
        [
            {"id": p.id, "part_number": p.spec.part_number, "description": p.spec.description}
            for p in spares
        ],
    )
    session.execute(
        insert(table_of(VanStockRow)),
        [{"part_id": p.id, "on_hand": p.on_hand, "as_of": as_of} for p in spares],
    )
    return spares
