"""Every field of every record kind survives laptop → service → a fresh laptop, and the
seal is the same on the service and on every laptop (issue 10: fields mapped once).

A field typed out in one mapping and forgotten in another broke seals silently before;
here one laptop records an entry of every kind (and dispatch adds theirs), and the
records are compared whole, as domain values, on the laptop, the service and a laptop
that never saw them being made.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.store import mapping
from desktop.store.models import IncidentRow
from desktop.usecases import clock, incidents, notes, parts, queries, signoff, timelog, void, work
from domain.records import (
    ENTRY_TYPES,
    Entry,
    Incident,
    Priority,
    Resolution,
    SignOffOutcome,
    Status,
)
from domain.seal import split_sealed
from domain.signature import synthetic_signature
from sync.protocol.records import entry_from_plain
from sync.server import records
from sync.server.models import EntryRow as ServerEntryRow
from sync.server.models import IncidentRow as ServerIncidentRow
from tests.sync.conftest import World
from tests.sync.laptops import Laptop, require_keyring


@pytest.fixture(autouse=True)
def _keyring() -> None:
    require_keyring()


def _everything(laptop: Laptop, world: World, tmp_path: Path) -> uuid.UUID:
    """Record an entry of every kind a technician makes; return a walk-up incident."""
    store, iid = laptop.store, world.incident_a
    incidents.change_status(store, iid, Status.RESPONDED)
    incidents.change_status(store, iid, Status.TRAVELLING)
    incidents.change_status(store, iid, Status.ON_SITE)
    note = notes.add_note(store, iid, "dmesg: ata2 link down\n  reset failed", preformatted=True)
    log = tmp_path / "交换机日志.txt"
    log.write_text("switch log: PSU 2 fault\n", encoding="utf-8")
    notes.attach(store, iid, [log], note_id=note.entry_ids[0])
    wrong = work.record_action(
        store, iid, kind="restart", description="重启主节点", result="partial", result_detail="slow"
    )
    void.void_entry(store, wrong.entry_ids[0], "recorded on the wrong node")
    work.record_action(
        store, iid, kind="planned_change", description="firmware upgrade", result="succeeded"
    )
    work.record_swap(
        store,
        iid,
        removed_part="PSU 750W",
        removed_serial="SN-OLD-1",
        installed_part="PSU 750W",
        installed_serial="SN-NEW-2",
        temporary=True,
        note="备件",
    )
    parts.use_parts(store, iid, world.part_id, 2)
    now = store.now()
    timelog.log_time(store, iid, kind="travel", started_at=now - timedelta(hours=2), ended_at=now)
    incidents.change_status(store, iid, Status.WAITING_FOR_CLIENT)
    clock.pause_clock(store, iid, "等待客户提供机房门禁")
    incidents.change_status(store, iid, Status.ON_SITE)  # resumes the clock by itself
    incidents.change_status(store, iid, Status.RESOLVED, resolution=Resolution.WORKAROUND)
    signoff.sign_off(
        store,
        iid,
        signer_name="李娜",
        signer_role="IT 经理",
        outcome=SignOffOutcome.WORKAROUND,
        strokes=synthetic_signature(5),
        comment="OK",
    )
    walk_up = incidents.open_on_site(
        store,
        contract=world.contract_id,
        title="打印服务器无响应 / print server down",
        priority=Priority.P3,
        system_name="HP print server (not in Annex 1)",
        description="found on site",
    )
    [walk_up_id] = walk_up.incident_ids
    notes.add_note(store, walk_up_id, "no spooler")
    return walk_up_id


def _local(laptop: Laptop) -> tuple[dict[uuid.UUID, Incident], dict[uuid.UUID, Entry]]:
    with laptop.store.read() as s:
        held = {row.id: mapping.incident(row) for row in s.scalars(select(IncidentRow))}
    entries: dict[uuid.UUID, Entry] = {}
    for iid in held:
        entries.update({e.id: e for e in queries.incident_detail(laptop.store, iid).entries})
    return held, entries


def _server(
    world: World, ids: set[uuid.UUID]
) -> tuple[dict[uuid.UUID, Incident], dict[uuid.UUID, Entry]]:
    with world.backend.db.read() as s:
        held = {
            row.id: records.incident(row)
            for row in s.scalars(select(ServerIncidentRow).where(ServerIncidentRow.id.in_(ids)))
        }
        entries = {
            row.id: entry_from_plain(records.entry_json(row.body))
            for row in s.scalars(select(ServerEntryRow).where(ServerEntryRow.incident_id.in_(ids)))
        }
    return held, entries


def test_every_field_of_every_record_survives_the_round_trip(world: World, tmp_path: Path) -> None:
    office = world.backend.office
    first = Laptop(tmp_path / "first", world.backend.url)
    fresh = Laptop(tmp_path / "fresh", world.backend.url)
    try:
        first.login(f"a-{world.tag}")
        first.sync()
        walk_up = _everything(first, world, tmp_path)
        # Dispatch's entries: a priority change and a reassignment on B's incident, which
        # comes to A, and a cancellation with its reason on another.
        office.change_priority(world.incident_b, Priority.P2, "only one floor is affected")
        office.assign(world.incident_b, world.a_id, reason="B is on leave")
        cancelled = world.incident(world.a_id)
        office.cancel(cancelled, "the client fixed it themselves")
        assert first.sync().complete

        fresh.login(f"a-{world.tag}")
        assert fresh.sync().complete

        mine, my_entries = _local(first)
        theirs, their_entries = _local(fresh)
        on_server, server_entries = _server(world, set(mine))
        assert {world.incident_a, world.incident_b, cancelled, walk_up} <= set(mine)
        assert {e.kind for e in my_entries.values()} == set(ENTRY_TYPES)
        for kind in ENTRY_TYPES:  # every field of every kind is really filled somewhere
            assert any(e.kind == kind for e in their_entries.values()), kind
        assert mine == theirs == on_server
        assert my_entries == their_entries == server_entries
        for entry in my_entries.values():
            for field in dataclasses.fields(entry):
                assert getattr(entry, field.name) == getattr(their_entries[entry.id], field.name), (
                    entry.kind,
                    field.name,
                )

        seals = set()
        for incident, entries in (
            (
                mine[world.incident_a],
                [e for e in my_entries.values() if e.incident_id == world.incident_a],
            ),
            (
                theirs[world.incident_a],
                [e for e in their_entries.values() if e.incident_id == world.incident_a],
            ),
            (
                on_server[world.incident_a],
                [e for e in server_entries.values() if e.incident_id == world.incident_a],
            ),
        ):
            record = split_sealed(incident, entries)
            assert record is not None and record.intact
            seals.add(record.recomputed_seal())
        assert len(seals) == 1
        assert on_server[cancelled].status is Status.CANCELLED
        assert on_server[world.incident_b].priority is Priority.P2
    finally:
        first.close()
        fresh.close()
