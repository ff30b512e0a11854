"""One rulebook for both ends: a sealed record stays sealed everywhere (issue 10).

Each test drives real laptops (their own data folders, the real keyring) against the real
service process, on SQLite and on PostgreSQL, and would have failed before the rules
were written once in ``domain.rules``:

* the service cleared a signed incident's resolution, so a second laptop found its seal
  broken and ``fieldbook verify`` failed there;
* a void racing a sign-off was accepted on the service, and every later pull on the
  signing laptop failed on it, for ever;
* pauses were paired by laptop clocks: a pause from a laptop two hours fast, resumed from
  a correct one, left the clock paused on every laptop;
* reassigning a signed incident broke its seal on the new holder's laptop.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.store.models import EntryRow
from desktop.syncing import usecases
from desktop.usecases import clock, incidents, notes, queries, signoff, void
from desktop.usecases.report import load_report_data, verify_report
from domain.records import Priority, Resolution, SignOffOutcome, Status
from domain.seal import SEAL_FORMAT_V1, new_sign_off, seal_hash
from domain.signature import synthetic_signature
from domain.sla import Outcome
from report.pdf import write_report
from report.verify import Verdict
from sync.protocol.records import MutationName, entry_to_plain
from sync.server.models import EntryRow as ServerEntryRow
from sync.server.models import IncidentRow as ServerIncidentRow
from tests.sync.conftest import World
from tests.sync.laptops import Laptop, require_keyring


@pytest.fixture(autouse=True)
def _keyring() -> None:
    require_keyring()


@pytest.fixture
def make_laptop(tmp_path: Path, world: World) -> Iterator[type[Laptop]]:
    made: list[Laptop] = []

    def make(name: str, clock_ahead: timedelta = timedelta(0)) -> Laptop:
        laptop = Laptop(tmp_path / name, world.backend.url, clock_ahead)
        made.append(laptop)
        return laptop

    yield make  # type: ignore[misc]
    for laptop in made:
        laptop.close()


def _tech_a(world: World) -> str:
    return f"a-{world.tag}"


def _resolve(laptop: Laptop, incident: uuid.UUID) -> None:
    for status in (Status.RESPONDED, Status.TRAVELLING, Status.ON_SITE):
        incidents.change_status(laptop.store, incident, status)
    incidents.change_status(laptop.store, incident, Status.RESOLVED, resolution=Resolution.FIXED)


def _sign(laptop: Laptop, incident: uuid.UUID) -> None:
    signoff.sign_off(
        laptop.store,
        incident,
        signer_name="张主任",
        signer_role="IT 主管",
        outcome=SignOffOutcome.RESOLVED,
        strokes=synthetic_signature(3),
    )


def _intact(laptop: Laptop, incident: uuid.UUID) -> bool:
    record = signoff.sealed_record(laptop.store, incident)
    return record is not None and record.intact


def test_the_office_keeps_what_the_client_signed(world: World, make_laptop, tmp_path) -> None:
    signing = make_laptop("signing")
    signing.login(_tech_a(world))
    signing.sync()
    notes.add_note(signing.store, world.incident_a, "交换机电源故障 / PSU failed")
    _resolve(signing, world.incident_a)
    _sign(signing, world.incident_a)
    pdf = tmp_path / "report.pdf"
    write_report(load_report_data(signing.store, world.incident_a), pdf)
    assert signing.sync().complete

    with world.backend.db.read() as s:
        row = s.get_one(ServerIncidentRow, world.incident_a)
        assert row.status is Status.SIGNED_OFF
        assert row.resolution is Resolution.FIXED and row.resolved_at is not None
        verified = s.scalars(
            select(ServerEntryRow.seal_verified).where(
                ServerEntryRow.incident_id == world.incident_a, ServerEntryRow.kind == "sign_off"
            )
        ).all()
    assert verified == [True]

    other = make_laptop("other")  # the same technician's second laptop, fresh
    other.login(_tech_a(world))
    assert other.sync().complete
    assert _intact(other, world.incident_a) and _intact(signing, world.incident_a)
    assert verify_report(other.store, pdf).verdict is Verdict.MATCHES
    report_there = tmp_path / "there.pdf"
    write_report(load_report_data(other.store, world.incident_a), report_there)
    assert verify_report(signing.store, report_there).verdict is Verdict.MATCHES


def test_a_void_racing_a_sign_off_never_wedges_a_pull(world: World, make_laptop) -> None:
    one, two = make_laptop("one"), make_laptop("two")
    for laptop in (one, two):
        laptop.login(_tech_a(world))
        laptop.sync()
    note_id = notes.add_note(one.store, world.incident_a, "wrong node").entry_ids[0]
    one.sync()
    two.sync()
    # Both offline: two voids the note, one resolves and gets the client's signature
    # (which seals the note as it stood there).
    void.void_entry(two.store, note_id, "写错节点了")
    _resolve(one, world.incident_a)
    _sign(one, world.incident_a)
    assert two.sync().complete  # the void reaches the office first

    report = one.sync()
    assert report.pages >= 1 and not report.complete
    refused = usecases.rejected_changes(one.store)
    assert [(r.entry_kind, r.code) for r in refused] == [
        ("sign_off", "conflict"),
        ("status", "invalid"),
    ]
    assert refused[0].explanation is not None
    assert "voided on another device" in refused[0].message
    [aside] = usecases.set_aside_records(one.store)
    assert aside.entry_kind == "void" and aside.incident_number is not None
    assert one.sync().set_aside == 1  # every later pull completes, the void stays aside

    fresh = make_laptop("fresh")
    fresh.login(_tech_a(world))
    assert fresh.sync().complete  # a fresh download is not wedged either
    assert fresh.status(world.incident_a) == "resolved"
    assert note_id in queries.incident_detail(fresh.store, world.incident_a).voided

    # The technician lets the refused sign-off go: the incident comes down again as the
    # office holds it, and the client signs that.
    for change in refused:
        usecases.discard_rejected(one.store, change.seq)
    again = one.sync()
    assert again.refreshed == 1 and again.set_aside == 0
    assert usecases.set_aside_records(one.store) == []
    assert one.status(world.incident_a) == "resolved"
    assert note_id in queries.incident_detail(one.store, world.incident_a).voided
    _sign(one, world.incident_a)
    assert one.sync().complete
    assert fresh.sync().complete
    assert _intact(fresh, world.incident_a) and _intact(one, world.incident_a)


def test_pauses_follow_the_services_order_not_laptop_clocks(world: World, make_laptop) -> None:
    now = datetime.now(UTC)
    # A P1 first noticed 3 h 50 min ago: 10 minutes left of its 4 h resolution target.
    incident = world.backend.office.add_incident(
        contract=world.contract_id,
        number=f"INC-CLOCK-{world.tag}",
        title="核心库响应慢 / core DB slow",
        priority=Priority.P1,
        system=world.system_id,
        notified_at=now - timedelta(hours=3, minutes=50),
        assign_to=world.a_id,
    )
    fast = make_laptop("fast")
    right = make_laptop("right")
    for laptop in (fast, right):
        laptop.login(_tech_a(world))
        laptop.sync()
    for status in (Status.RESPONDED, Status.ON_SITE, Status.WAITING_FOR_CLIENT):
        incidents.change_status(fast.store, incident, status)
    # The fast laptop's clock jumps two hours ahead after its last sync, then it pauses.
    fast.clock_ahead = timedelta(hours=2)
    clock.pause_clock(fast.store, incident, "等待机房门禁 / waiting for access")
    assert fast.sync().complete
    # Its clock is corrected from the service's at that sync: it is two hours off.
    assert abs(fast.store.clock_offset + timedelta(hours=2)) < timedelta(seconds=30)
    assert right.sync().complete
    clock.resume_clock(right.store, incident)  # in real time, after the pause
    assert right.sync().complete
    assert fast.sync().complete

    late = datetime.now(UTC) + timedelta(hours=1)
    fresh = make_laptop("fresh")
    fresh.login(_tech_a(world))
    fresh.sync()
    for laptop in (fast, right, fresh):
        detail = queries.incident_detail(laptop.store, incident, now=late)
        assert not detail.sla.resolution.is_paused
        # The pause lasted from its arrival at the office to the resume: minutes, not
        # hours, so an hour later the P1 has breached on every laptop.
        assert len(detail.pauses) == 1 and detail.pauses[0].end is not None
        assert detail.pauses[0].end - detail.pauses[0].start < timedelta(minutes=5)
        assert detail.sla.resolution.outcome is Outcome.MISSED

    # A later pause and resume still count (a resume is never "before" the pause).
    clock.pause_clock(right.store, incident, "第二次等待 / waiting again")
    clock.resume_clock(right.store, incident)
    right.sync()
    fast.sync()
    detail = queries.incident_detail(fast.store, incident, now=late)
    assert len(detail.pauses) == 2 and not detail.sla.resolution.is_paused


def test_reassigning_a_signed_incident_keeps_its_seal(world: World, make_laptop) -> None:
    holder = make_laptop("holder")
    holder.login(_tech_a(world))
    holder.sync()
    _resolve(holder, world.incident_a)
    _sign(holder, world.incident_a)
    assert holder.sync().complete

    r = world.dispatch.post(
        f"/dispatch/incidents/{world.incident_a}/assign",
        json={"technician_id": str(world.b_id), "reason": "collect the temporary PSU"},
    )
    assert r.status_code == 200, r.text
    new = make_laptop("new")
    new.login(f"b-{world.tag}")
    assert new.sync().complete
    assert _intact(new, world.incident_a)
    with new.store.read() as s:
        kinds = s.scalars(select(EntryRow.kind).where(EntryRow.incident_id == world.incident_a))
        assert "assignment" in set(kinds)
    holder.sync()
    assert world.incident_a not in holder.incident_ids()


def test_a_format_1_seal_covers_the_assignee_and_stays_put(world: World, make_laptop) -> None:
    laptop = make_laptop("old")
    laptop.login(_tech_a(world))
    laptop.sync()
    _resolve(laptop, world.incident_a)
    assert laptop.sync().complete
    # A sign-off as an older Fieldbook sealed it (format 1), sent on the wire.
    detail = queries.incident_detail(laptop.store, world.incident_a)
    entries = list(detail.entries)
    old = new_sign_off(
        detail.incident,
        entries,
        recorded_at=datetime.now(UTC),
        author_id=world.a_id,
        outcome=SignOffOutcome.RESOLVED,
        refusal=None,
        signer_name="老客户",
        signer_role="",
        comment="",
        reason="",
        strokes=(),
        signature_sha256=None,
    )
    old = replace(
        old, seal_format=SEAL_FORMAT_V1, seal=seal_hash(detail.incident, entries, SEAL_FORMAT_V1)
    )
    api = world.a
    body = api.push_ok([api.mutation(MutationName.ENTRY_ADD, entry_to_plain(old))])
    assert body["results"][0]["status"] == "applied", body
    r = world.dispatch.post(
        f"/dispatch/incidents/{world.incident_a}/assign",
        json={"technician_id": str(world.b_id)},
    )
    assert r.status_code == 409
    assert "older Fieldbook" in r.json()["message"]
