"""A stateful property test of the whole sync: laptops, dispatch and the real service.

Hypothesis drives three laptops (two of technician A, one of B; clocks hours apart and
moving) and dispatch through random notes, actions, status moves, pauses, voids,
sign-offs and reassignments, with syncs in random order, replies lost after the service
committed (a real proxy process-thread between laptop and service), and laptop clocks
jumping. Every rule of the laptop refuses what it must (a refusal there is the rulebook
working, not a failure). At the end everyone syncs, and:

* every pull completed, and nothing is left pending;
* every entry a laptop recorded is on the service, or visibly refused there;
* every entry the service holds for a laptop's incidents is on that laptop, or visibly
  set aside there;
* once each technician lets the refused changes go, every laptop holds exactly the
  service's records for its technician, a fresh laptop too, with the same seals, and
  every seal the service holds verifies everywhere.

It runs on SQLite and PostgreSQL. ``FIELDBOOK_STATEFUL_EXAMPLES`` and
``FIELDBOOK_STATEFUL_STEPS`` make it a soak (CI keeps it short).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test
from sqlalchemy import select

from desktop.store import mapping
from desktop.store.models import IncidentRow, OutboxRow, OutboxState, SetAsideRow
from desktop.syncing import usecases
from desktop.usecases import clock, incidents, notes, queries, signoff, void, work
from domain.messages import DomainError
from domain.records import Entry, Incident, SignOff, SignOffOutcome, Status, StatusChange
from domain.seal import split_sealed
from domain.signature import synthetic_signature
from domain.status import next_states
from sync.protocol.records import entry_from_plain
from sync.server import records
from sync.server.models import EntryRow as ServerEntryRow
from sync.server.models import IncidentRow as ServerIncidentRow
from sync.server.office import OfficeError
from tests.sync.conftest import Backend, World, make_world
from tests.sync.laptops import Laptop, LossyProxy, require_keyring

EXAMPLES = int(os.environ.get("FIELDBOOK_STATEFUL_EXAMPLES", "4"))
STEPS = int(os.environ.get("FIELDBOOK_STATEFUL_STEPS", "30"))
CLOCKS = [timedelta(0), timedelta(hours=2), timedelta(hours=-3), timedelta(minutes=7)]

_backend: Backend | None = None


@pytest.fixture(autouse=True)
def _keyring() -> None:
    require_keyring()


class Office(RuleBasedStateMachine):
    """Three laptops and dispatch around a handful of incidents."""

    def __init__(self) -> None:
        super().__init__()
        assert _backend is not None
        self.world: World = make_world(_backend)
        self.folder = Path(tempfile.mkdtemp(prefix="fieldbook-stateful-"))
        self.proxy = LossyProxy(_backend.server.port)
        self.users = [f"a-{self.world.tag}", f"a-{self.world.tag}", f"b-{self.world.tag}"]
        self.laptops: list[Laptop] = []
        for n, (user, ahead) in enumerate(zip(self.users, CLOCKS, strict=False)):
            laptop = Laptop(self.folder / f"laptop{n}", self.proxy.url, ahead)
            laptop.login(user)
            laptop.sync()
            self.laptops.append(laptop)
        self.incidents = [
            self.world.incident_a,
            self.world.incident_b,
            self.world.incident(self.world.a_id),
        ]
        self.technicians = [self.world.a_id, self.world.b_id, None]

    def teardown(self) -> None:
        for laptop in self.laptops:
            laptop.close()
        self.proxy.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- what a technician does (refusals are the rules working) -----------------------

    def _try(self, work_: Any) -> None:
        with contextlib.suppress(DomainError):  # refused by the rules: they work
            work_()

    def _holds(self, laptop: Laptop, incident: uuid.UUID) -> bool:
        return incident in laptop.incident_ids()

    @rule(n=st.integers(0, 2), i=st.integers(0, 2), text=st.sampled_from(["日志", "checked", ""]))
    def note(self, n: int, i: int, text: str) -> None:
        laptop, incident = self.laptops[n], self.incidents[i]
        if self._holds(laptop, incident):
            self._try(lambda: notes.add_note(laptop.store, incident, f"note {text} x"))

    @rule(n=st.integers(0, 2), i=st.integers(0, 2))
    def action(self, n: int, i: int) -> None:
        laptop, incident = self.laptops[n], self.incidents[i]
        if self._holds(laptop, incident):
            self._try(
                lambda: work.record_action(
                    laptop.store, incident, kind="restart", description="restart", result="failed"
                )
            )

    @rule(n=st.integers(0, 2), i=st.integers(0, 2), pick=st.integers(0, 10))
    def move(self, n: int, i: int, pick: int) -> None:
        laptop, incident = self.laptops[n], self.incidents[i]
        if not self._holds(laptop, incident):
            return
        current = Status(laptop.status(incident))
        options = sorted(s for s in next_states(current) if s is not Status.SIGNED_OFF)
        if not options:
            return
        target = options[pick % len(options)]
        resolution = "fixed" if target is Status.RESOLVED else None
        self._try(
            lambda: incidents.change_status(laptop.store, incident, target, resolution=resolution)
        )

    @rule(n=st.integers(0, 2), i=st.integers(0, 2), pause=st.booleans())
    def clock_mark(self, n: int, i: int, pause: bool) -> None:
        laptop, incident = self.laptops[n], self.incidents[i]
        if not self._holds(laptop, incident):
            return
        if pause:
            self._try(lambda: clock.pause_clock(laptop.store, incident, "waiting for access"))
        else:
            self._try(lambda: clock.resume_clock(laptop.store, incident))

    @rule(n=st.integers(0, 2), i=st.integers(0, 2), pick=st.integers(0, 50))
    def void_one(self, n: int, i: int, pick: int) -> None:
        laptop, incident = self.laptops[n], self.incidents[i]
        if not self._holds(laptop, incident):
            return
        entries = [
            e
            for e in queries.incident_detail(laptop.store, incident).entries
            if e.kind in ("note", "action")
        ]
        if entries:
            target = entries[pick % len(entries)].id
            self._try(lambda: void.void_entry(laptop.store, target, "mistake"))

    @rule(n=st.integers(0, 2), i=st.integers(0, 2))
    def sign(self, n: int, i: int) -> None:
        laptop, incident = self.laptops[n], self.incidents[i]
        if self._holds(laptop, incident) and laptop.status(incident) == "resolved":
            self._try(
                lambda: signoff.sign_off(
                    laptop.store,
                    incident,
                    signer_name="客户",
                    signer_role="IT",
                    outcome=SignOffOutcome.RESOLVED,
                    strokes=synthetic_signature(1),
                )
            )

    # --- dispatch, the network, the clocks ---------------------------------------------

    @rule(i=st.integers(0, 2), t=st.integers(0, 2))
    def reassign(self, i: int, t: int) -> None:
        # Refused by the rules (closed, cancelled): dispatch is told.
        with contextlib.suppress(OfficeError):
            self.world.backend.office.assign(self.incidents[i], self.technicians[t])

    @rule(n=st.integers(0, 2), lose=st.booleans())
    def sync(self, n: int, lose: bool) -> None:
        self.proxy.drop_push_replies = 1 if lose else 0
        self.laptops[n].sync()  # a pull that cannot complete fails the test here
        self.proxy.drop_push_replies = 0

    @rule(n=st.integers(0, 2), ahead=st.sampled_from(CLOCKS))
    def skew(self, n: int, ahead: timedelta) -> None:
        self.laptops[n].clock_ahead = ahead

    @rule()
    def settle(self) -> None:
        """Everyone syncs, twice (what one pushed, the others pull)."""
        for _ in range(2):
            for laptop in self.laptops:
                laptop.sync()

    def check_end(self) -> None:
        self.settle()
        for n, laptop in enumerate(self.laptops):
            assert laptop.outbox()[OutboxState.PENDING] == 0, n
            _accounts_for_everything(self.world, laptop)
        # The technicians deal with what was refused: the office's record comes down.
        for laptop in self.laptops:
            for change in usecases.rejected_changes(laptop.store):
                usecases.discard_rejected(laptop.store, change.seq)
        self.settle()
        self.settle()
        for n, laptop in enumerate(self.laptops):
            _same_as_the_office(self.world, laptop, self._technician(n))
        for user, tech in ((self.users[0], self.world.a_id), (self.users[2], self.world.b_id)):
            fresh = Laptop(self.folder / f"fresh-{user}", self.world.backend.url)
            try:
                fresh.login(user)
                assert fresh.sync().complete
                _same_as_the_office(self.world, fresh, tech)
            finally:
                fresh.close()
        _office_seals_verify(self.world)

    def _technician(self, n: int) -> uuid.UUID:
        return self.world.a_id if n < 2 else self.world.b_id


# --- comparing a laptop with the office --------------------------------------------------


def _laptop_records(laptop: Laptop) -> tuple[dict[uuid.UUID, Incident], dict[uuid.UUID, Entry]]:
    with laptop.store.read() as s:
        held = {row.id: mapping.incident(row) for row in s.scalars(select(IncidentRow))}
    entries: dict[uuid.UUID, Entry] = {}
    for iid in held:
        entries.update({e.id: e for e in queries.incident_detail(laptop.store, iid).entries})
    return held, entries


def _office_records(
    world: World, technician: uuid.UUID
) -> tuple[dict[uuid.UUID, Incident], dict[uuid.UUID, Entry]]:
    with world.backend.db.read() as s:
        held = {
            row.id: records.incident(row)
            for row in s.scalars(
                select(ServerIncidentRow).where(ServerIncidentRow.assigned_to == technician)
            )
        }
        entries = {
            row.id: entry_from_plain(records.entry_json(row.body))
            for row in s.scalars(
                select(ServerEntryRow).where(ServerEntryRow.incident_id.in_(list(held)))
            )
        }
    return held, entries


def _accounts_for_everything(world: World, laptop: Laptop) -> None:
    """Every local entry reached the office or is refused; every entry of the office
    for the laptop's incidents is on the laptop or set aside there."""
    held, entries = _laptop_records(laptop)
    with laptop.store.read() as s:
        refused = set(
            s.scalars(
                select(OutboxRow.entry_id).where(
                    OutboxRow.state.in_((OutboxState.REJECTED, OutboxState.DISCARDED))
                )
            )
        )
        aside = set(s.scalars(select(SetAsideRow.record_id)))
    with world.backend.db.read() as s:
        office = {
            row.id: row.incident_id
            for row in s.scalars(select(ServerEntryRow).where(ServerEntryRow.incident_id.in_(held)))
        }
    for entry_id in entries:
        assert entry_id in office or entry_id in refused, entry_id
    for entry_id in office:
        assert entry_id in entries or entry_id in aside, entry_id


def _same_as_the_office(world: World, laptop: Laptop, technician: uuid.UUID) -> None:
    held, entries = _laptop_records(laptop)
    office_held, office_entries = _office_records(world, technician)
    assert usecases.set_aside_records(laptop.store) == []
    assert held == office_held
    assert entries == office_entries
    for iid, incident in held.items():
        mine = [e for e in entries.values() if e.incident_id == iid]
        record = split_sealed(incident, mine)
        if record is not None:
            assert record.intact, incident.number
            assert record.sign_off.seal == next(
                e.seal
                for e in office_entries.values()
                if isinstance(e, SignOff) and e.id == record.sign_off.id
            )


def _office_seals_verify(world: World) -> None:
    with world.backend.db.read() as s:
        rows = list(
            s.scalars(
                select(ServerIncidentRow).where(ServerIncidentRow.contract_id == world.contract_id)
            )
        )
        for row in rows:
            rows_e = list(
                s.scalars(
                    select(ServerEntryRow)
                    .where(ServerEntryRow.incident_id == row.id)
                    .order_by(ServerEntryRow.server_order)
                )
            )
            entries = [entry_from_plain(records.entry_json(e.body)) for e in rows_e]
            record = split_sealed(records.incident(row), entries)
            if record is not None:
                assert record.intact, row.number
                assert row.status in (Status.SIGNED_OFF, Status.CLOSED)
            changes = [e for e in entries if isinstance(e, StatusChange)]
            if changes:  # the last change accepted is where the incident stands
                assert changes[-1].to_status is row.status, row.number


def test_laptops_dispatch_and_the_office_agree(backend: Backend) -> None:
    global _backend
    _backend = backend

    class Run(Office):
        def teardown(self) -> None:
            try:
                self.check_end()
            finally:
                super().teardown()

    run_state_machine_as_test(
        Run,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=not os.environ.get("FIELDBOOK_STATEFUL_RANDOM"),
            database=None,
        ),
    )
