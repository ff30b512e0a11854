"""The demo office: complete, consistent with the rules, only local work in the outbox."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.demo import CLIENTS, COMPANY, DemoRefused, DemoSummary, seed_demo
from desktop.store.db import Store, open_store
from desktop.store.models import (
    ENTRY_ROWS,
    ClientRow,
    EntryRow,
    IncidentRow,
    OutboxRow,
    OutboxState,
    PartUsageRow,
    SignOffRow,
    TechnicianRow,
)
from desktop.usecases import parts, queries, signoff
from desktop.usecases.errors import InvalidValue
from desktop.usecases.report import load_report_data, verify_report
from domain.detail import IncidentDetail
from domain.records import (
    Action,
    Attachment,
    ClockPause,
    ClockResume,
    Priority,
    Refusal,
    Resolution,
    SignOff,
    SignOffOutcome,
    Status,
    StatusChange,
    TimeEntry,
    TimeKind,
    Void,
)
from domain.seal import SEAL_FORMAT, split_sealed
from domain.signature import signature_problem
from domain.sla import Outcome
from domain.status import OPEN_STATES, is_allowed
from report.pdf import write_report
from report.verify import Verdict

NOW = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
N = 120
# Every kind of entry the demo writes.
DEMO_KINDS = {
    "note",
    "attachment",
    "action",
    "swap",
    "part_usage",
    "time",
    "clock_pause",
    "clock_resume",
    "status",
    "void",
    "sign_off",
}
SIGNED = (Status.SIGNED_OFF, Status.CLOSED)
STATE_OF_TIME = {
    TimeKind.TRAVEL: Status.TRAVELLING,
    TimeKind.ON_SITE: Status.ON_SITE,
    TimeKind.WAITING: Status.WAITING_FOR_CLIENT,
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("demo"))
    summary = seed_demo(store, incidents=N, now=NOW)
    yield store, summary
    store.close()


@pytest.fixture(scope="module")
def details(demo):
    store, _ = demo
    listed = queries.list_incidents(store, now=NOW)
    return [queries.incident_detail(store, s.incident.id, now=NOW) for s in listed]


def _status_changes(detail: IncidentDetail) -> list[StatusChange]:
    return [e for e in detail.entries if isinstance(e, StatusChange)]


def test_every_status_priority_entry_kind_and_language_is_present(demo, details):
    store, summary = demo
    assert summary.incidents == len(details) == N
    assert {d.incident.status for d in details} == set(Status)
    assert {d.incident.priority for d in details} == set(Priority)
    kinds = {e.kind for d in details for e in d.entries}
    assert kinds == DEMO_KINDS
    with store.read() as session:
        languages = set(session.scalars(select(ClientRow.language)))
    assert languages == {"zh", "en"}
    # Most of the office's incidents are history; a realistic handful is open.
    n_open = sum(d.incident.status in OPEN_STATES for d in details)
    assert 6 <= n_open <= N // 4


def test_open_incidents_include_breached_at_risk_and_on_track(demo):
    store, _ = demo
    assert all(n > 0 for n in _clock_kinds(store))
    listed = queries.list_incidents(store, now=NOW, open_only=True)
    # Open call-outs happened in the last hours, and most are the signed-in technician's.
    assert all(NOW - s.incident.notified_at < timedelta(hours=14) for s in listed)
    mine = [s for s in listed if s.incident.assigned_to == store.technician_id]
    assert len(mine) > len(listed) / 2


def _clock_kinds(store: Store) -> tuple[int, int, int]:
    listed = queries.list_incidents(store, now=NOW, open_only=True)
    running = [s.sla.current for s in listed if s.incident.status is not Status.RESOLVED]
    breached = [c for c in running if c.outcome is Outcome.MISSED]
    left = [c.fraction_left for c in running if c.outcome is Outcome.RUNNING]
    at_risk = [f for f in left if f is not None and 0 < f < 0.25]
    on_track = [f for f in left if f is not None and f >= 0.25]
    return len(breached), len(at_risk), len(on_track)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_even_a_small_office_shows_every_kind_of_clock(tmp_path, seed):
    store = open_store(tmp_path)
    try:
        seed_demo(store, incidents=12, seed=seed, now=NOW)
        assert all(n > 0 for n in _clock_kinds(store))
    finally:
        store.close()


def test_status_entries_walk_the_graph_and_set_the_sla_times(details):
    for d in details:
        incident = d.incident
        changes = _status_changes(d)
        state = Status.NEW
        for change in changes:
            assert change.from_status is state, incident.number
            assert is_allowed(change.from_status, change.to_status), incident.number
            assert (change.resolution is not None) == (change.to_status is Status.RESOLVED)
            state = change.to_status
        assert state is incident.status, incident.number
        responded = [c.recorded_at for c in changes if c.to_status is Status.RESPONDED]
        assert incident.responded_at == (responded[0] if responded else None)
        resolved = [c for c in changes if c.to_status is Status.RESOLVED]
        if incident.status in (Status.RESOLVED, Status.SIGNED_OFF, Status.CLOSED):
            assert incident.resolved_at == resolved[-1].recorded_at
            assert incident.resolution is resolved[-1].resolution
        else:
            assert incident.resolved_at is None and incident.resolution is None


def test_entries_are_in_time_order_between_notification_and_now(details):
    for d in details:
        times = [e.recorded_at for e in d.entries]
        assert times == sorted(times)
        assert all(d.incident.notified_at <= t <= NOW for t in times), d.incident.number
        # Within the history (before the local work) no two entries share a time.
        history = [t for t in times if t < NOW - timedelta(minutes=35)]
        assert len(set(history)) == len(history), d.incident.number


def test_time_entries_cover_the_timed_states_that_were_left(details):
    for d in details:
        changes = _status_changes(d)
        left = [c for c in changes if c.from_status in STATE_OF_TIME.values()]
        spans = [e for e in d.entries if isinstance(e, TimeEntry)]
        assert len(spans) == len(left), d.incident.number
        for span, change in zip(spans, left, strict=True):
            assert STATE_OF_TIME[span.time_kind] is change.from_status
            entered = [c for c in changes if c.recorded_at <= span.started_at]
            assert entered[-1].to_status is change.from_status
            assert entered[-1].recorded_at == span.started_at
            assert span.ended_at <= change.recorded_at <= span.ended_at + timedelta(seconds=1)
            assert span.started_at < span.ended_at


def test_clock_pauses_only_while_waiting_under_contracts_that_allow_them(details):
    paused_somewhere = False
    for d in details:
        changes = _status_changes(d)
        open_pause = False
        for entry in d.entries:
            if not isinstance(entry, ClockPause | ClockResume):
                continue
            assert d.contract.policy.pause_allowed, d.incident.number
            before = [c for c in changes if (c.recorded_at, c.id) < (entry.recorded_at, entry.id)]
            assert before[-1].to_status is Status.WAITING_FOR_CLIENT, d.incident.number
            assert open_pause == isinstance(entry, ClockResume)  # pairs: pause, resume, ...
            open_pause = isinstance(entry, ClockPause)
            paused_somewhere = True
        assert open_pause == (
            d.incident.status is Status.WAITING_FOR_CLIENT and d.contract.policy.pause_allowed
        ), d.incident.number
    assert paused_somewhere


def test_out_of_scope_follows_the_use_case_rule(details):
    flags: Counter[bool] = Counter()
    for d in details:
        for e in d.entries:
            if isinstance(e, Action):
                expected = not (d.covered and e.action_kind not in d.contract.exclusions)
                assert e.out_of_scope == expected, d.incident.number
                flags[e.out_of_scope] += 1
    assert flags[True] > 0 and flags[False] > flags[True]
    off_annex = [d for d in details if d.incident.system_id is None]
    assert off_annex and all(d.incident.system_name for d in off_annex)


def test_voids_and_attachments_point_at_earlier_entries_of_the_same_incident(details):
    for d in details:
        by_id = {e.id: e for e in d.entries}
        for e in d.entries:
            if isinstance(e, Void):
                target = by_id[e.voided_id]
                assert target.kind in ("note", "action") and e.reason
                assert target.recorded_at <= e.recorded_at
            if isinstance(e, Attachment) and e.note_id is not None:
                assert by_id[e.note_id].kind == "note"
                assert by_id[e.note_id].recorded_at <= e.recorded_at


def test_busy_p1_incident_has_every_kind_of_entry(demo):
    store, summary = demo
    d = queries.incident_detail(store, summary.busy_incident, now=NOW)
    assert d.incident.priority is Priority.P1
    assert d.incident.status is Status.ON_SITE
    assert d.incident.assigned_to == store.technician_id
    assert len(d.entries) >= 10
    assert {e.kind for e in d.entries} == DEMO_KINDS - {"sign_off"}  # not signed yet


def test_signed_incidents_are_sealed_as_the_sign_off_use_case_seals(demo, details):
    store, _ = demo
    signed = [d for d in details if d.incident.status in SIGNED]
    assert len(signed) > N // 2
    for d in details:
        sign_offs = [e for e in d.entries if isinstance(e, SignOff)]
        assert len(sign_offs) == (d.incident.status in SIGNED), d.incident.number
    for d in signed:
        number = d.incident.number
        record = split_sealed(d.incident, d.entries)
        assert record is not None and record.intact, number
        sign_off = record.sign_off
        assert sign_off.seal_format == SEAL_FORMAT
        # Sealed: the incident as signed (resolved), with every entry recorded before.
        at = d.entries.index(sign_off)
        assert [e.id for e in d.entries[:at]] == list(sign_off.sealed_entry_ids), number
        assert record.incident.status is Status.RESOLVED
        assert record.incident.resolved_at == d.incident.resolved_at is not None
        assert record.recomputed_seal() == sign_off.seal
        check = signoff.check_seal(store, d.incident.id, sign_off.seal, sealed=True)
        assert check.matches, (number, check.reasons)
        # Then the status moves on, as the use case moves it.
        changes = [e for e in d.entries[at + 1 :] if isinstance(e, StatusChange)]
        moves = [(c.from_status, c.to_status) for c in changes]
        expected = [(Status.RESOLVED, Status.SIGNED_OFF)]
        if d.incident.status is Status.CLOSED:
            expected.append((Status.SIGNED_OFF, Status.CLOSED))
        assert moves == expected, number
        assert sign_off.recorded_at < changes[0].recorded_at
        assert not record.addenda
        assert sign_off.author_id == d.incident.assigned_to


def test_sign_offs_are_signed_by_the_client_or_say_why_not(demo, details):
    store, _ = demo
    signers = {c.name: {name: role for name, role in c.signers} for c in CLIENTS}
    refusals: Counter[Refusal] = Counter()
    outcomes: Counter[SignOffOutcome] = Counter()
    pictures: dict[str, tuple[object, ...]] = {}
    for d in details:
        for s in (e for e in d.entries if isinstance(e, SignOff)):
            if s.refusal is not None:
                refusals[s.refusal] += 1
                assert s.outcome is None and s.reason and not s.strokes
                assert s.signature_sha256 is None
                if s.signer_name:
                    assert signers[d.client.name][s.signer_name] == s.signer_role
                continue
            assert signers[d.client.name][s.signer_name] == s.signer_role
            expected = {
                Resolution.FIXED: SignOffOutcome.RESOLVED,
                Resolution.WORKAROUND: SignOffOutcome.WORKAROUND,
            }
            assert s.outcome is expected[d.incident.resolution]
            outcomes[s.outcome] += 1
            assert s.signed and not s.reason and signature_problem(s.strokes) is None
            assert s.signature_sha256 is not None
            # One picture per signature, stored once, the same for the same strokes.
            assert pictures.setdefault(s.signature_sha256, s.strokes) == s.strokes
    assert len(outcomes) == 2 and sum(outcomes.values()) > 10 * sum(refusals.values())
    assert 2 <= len(pictures) <= 8
    for sha in pictures:
        assert store.blobs.read(sha).startswith(b"\x89PNG")
    # Chinese clients sign in Chinese, the others in English.
    names = {s.signer_name for d in details for s in d.entries if isinstance(s, SignOff)}
    assert any("\u4e00" <= n[0] <= "\u9fff" for n in names if n)
    assert any(n.isascii() for n in names if n)


def test_some_clients_did_not_sign(tmp_path):
    store = open_store(tmp_path)
    try:
        seed_demo(store, incidents=600, now=NOW)
        with store.read() as session:
            refusals = list(session.scalars(select(SignOffRow.refusal)))
    finally:
        store.close()
    refused = Counter(r for r in refusals if r is not None)
    assert set(refused) == set(Refusal)
    assert 0.01 < sum(refused.values()) / len(refusals) < 0.06


def test_a_demo_report_is_sealed_and_verifies(demo, details, tmp_path):
    store, _ = demo
    closed = next(d for d in details if d.incident.status is Status.CLOSED)
    data = load_report_data(store, closed.incident.number, now=NOW)
    assert data.company.name == COMPANY["company_name"]
    assert data.company.address and data.company.phone
    assert data.sign_off is not None
    assert data.sign_off.signed is (data.signature_png is not None)
    out = tmp_path / "report.pdf"
    result = write_report(data, out)
    assert result.sealed and result.seal == data.sign_off.seal
    assert verify_report(store, out).verdict is Verdict.MATCHES


def test_van_stock_is_never_negative(demo):
    store, _ = demo
    lines = parts.stock(store)
    assert len(lines) >= 15
    assert all(line.available >= 0 for line in lines)
    assert {0, 1} <= {line.on_hand for line in lines}
    assert sum(line.unsynced for line in lines) > 0  # parts used here, not synced yet


def test_outbox_holds_only_the_local_work(demo):
    store, summary = demo
    with store.read() as session:
        rows = session.execute(
            select(OutboxRow.state, OutboxRow.incident_id, OutboxRow.entry_id)
        ).all()
        local_ids = {r.incident_id for r in rows}
        local = session.scalars(select(IncidentRow).where(IncidentRow.id.in_(local_ids))).all()
        recent = set(
            session.scalars(
                select(EntryRow.id).where(
                    EntryRow.incident_id.in_(local_ids),
                    EntryRow.recorded_at >= NOW - timedelta(minutes=35),
                )
            )
        )
        technician = session.scalar(
            select(TechnicianRow.id).where(TechnicianRow.username == "demo")
        )
        used_here = session.scalar(
            select(func.sum(PartUsageRow.quantity)).where(PartUsageRow.id.in_(recent))
        )
    assert summary.pending_outbox == len(rows) > 0
    assert all(r.state is OutboxState.PENDING for r in rows)
    assert 2 <= len(local) <= 3
    assert all(i.status in OPEN_STATES and i.assigned_to == technician for i in local)
    assert {r.entry_id for r in rows} == recent  # exactly the entries made here, nothing else
    assert store.technician_id == technician
    assert sum(line.unsynced for line in parts.stock(store)) == used_here


def test_status_summary_matches_the_demo_summary(demo):
    store, summary = demo
    status = queries.status_summary(store)
    counts = status["counts"]
    assert counts["clients"] == summary.clients == summary.contracts == counts["contracts"]
    assert 6 <= summary.clients <= 8
    assert counts["covered_systems"] == summary.systems
    assert 4 * summary.contracts <= summary.systems <= 8 * summary.contracts
    assert counts["incidents"] == summary.incidents == N
    assert sum(counts[kind] for kind in ENTRY_ROWS) == summary.entries
    assert status["outbox"]["pending"] == summary.pending_outbox
    assert 15 <= summary.parts <= 25


def test_seeding_twice_is_refused(tmp_path):
    store = open_store(tmp_path)
    try:
        first = seed_demo(store, incidents=20, now=NOW)
        with pytest.raises(DemoRefused) as refused:
            seed_demo(store, incidents=20, now=NOW)
        assert "20 incidents" in str(refused.value)
        assert refused.value.message.context == "UseCaseError"
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(IncidentRow)) == 20
            assert session.scalar(select(func.count()).select_from(EntryRow)) == first.entries
    finally:
        store.close()


def test_refuses_a_silly_number_of_incidents(tmp_path):
    store = open_store(tmp_path)
    try:
        with pytest.raises(InvalidValue):
            seed_demo(store, incidents=0, now=NOW)
    finally:
        store.close()


def _office(path: Path, seed: int) -> tuple[DemoSummary, list[tuple[object, ...]]]:
    store = open_store(path)
    try:
        summary = seed_demo(store, incidents=40, seed=seed, now=NOW)
        with store.read() as session:
            incidents = session.execute(
                select(
                    IncidentRow.number,
                    IncidentRow.status,
                    IncidentRow.priority,
                    IncidentRow.title,
                    IncidentRow.notified_at,
                ).order_by(IncidentRow.number)
            ).all()
        return summary, [tuple(r) for r in incidents]
    finally:
        store.close()


def test_same_seed_and_now_give_the_same_office(tmp_path):
    one = _office(tmp_path / "one", 7)
    two = _office(tmp_path / "two", 7)
    other = _office(tmp_path / "other", 8)
    assert one == two
    assert other[1] != one[1]


def test_demo_module_does_not_import_qt():
    code = "import sys, desktop.demo; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
