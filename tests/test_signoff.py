"""The client's sign-off: what it seals, and that nothing sealed can change afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from desktop.store import cipher, mapping
from desktop.store.db import DB_NAME, Store, open_store
from desktop.store.models import IncidentRow, OutboxRow, SignOffRow
from desktop.syncing.engine import drop_incidents
from desktop.usecases import clock, incidents, notes, parts, queries, signoff, void, work
from desktop.usecases.errors import UseCaseError
from domain.records import (
    Refusal,
    SignaturePoint,
    SignOff,
    SignOffOutcome,
    Status,
    StatusChange,
    Void,
)
from domain.rules import Code, Refused
from domain.seal import seal_hash
from domain.signature import synthetic_signature
from sync.protocol import MutationName
from tests.conftest import T0, Office, make_incident

SIGNED_AT = T0 + timedelta(hours=3)
REPO_ROOT = Path(__file__).resolve().parents[1]


def strokes_as_lists(seed: int = 1) -> list[list[list[int | None]]]:
    """The signature as the pad hands it over: plain lists of whole numbers."""
    return [[[p.x, p.y, p.t, p.pressure] for p in s] for s in synthetic_signature(seed)]


def do_the_work(store: Store, office: Office) -> dict[str, uuid.UUID]:
    """A morning's work on the office's incident, up to "resolved"."""
    iid = office.incident_id
    at = T0
    ids = {}
    ids["note"] = notes.add_note(
        store, iid, "ORA-00600 在节点2上 / on node 2", now=at + timedelta(minutes=20)
    ).entry_ids[0]
    ids["action"] = work.record_action(
        store,
        iid,
        kind="restart",
        description="重启实例 / restarted the instance",
        result="succeeded",
        now=at + timedelta(minutes=40),
    ).entry_ids[0]
    ids["swap"] = work.record_swap(
        store,
        iid,
        removed_part="PSU 750W",
        removed_serial="SN-OLD-1",
        installed_part="PSU 750W",
        installed_serial="SN-NEW-2",
        temporary=True,
        now=at + timedelta(minutes=50),
    ).entry_ids[0]
    ids["usage"] = parts.use_parts(
        store, iid, office.part_id, 1, now=at + timedelta(minutes=55)
    ).entry_ids[0]
    clock.pause_clock(store, iid, "等待机房门禁", now=at + timedelta(minutes=60))
    clock.resume_clock(store, iid, now=at + timedelta(minutes=75))
    incidents.change_status(
        store, iid, Status.RESOLVED, resolution="fixed", now=at + timedelta(hours=2)
    )
    return ids


def sign(store: Store, office: Office, **overrides: object) -> SignOff:
    args: dict[str, object] = {
        "signer_name": "李娜 Li Na",
        "signer_role": "IT 主管 / IT manager",
        "outcome": SignOffOutcome.RESOLVED,
        "strokes": strokes_as_lists(),
        "comment": "谢谢 thanks",
        "now": SIGNED_AT,
    }
    args.update(overrides)
    changed = signoff.sign_off(store, office.incident_id, **args)  # type: ignore[arg-type]
    record = signoff.sealed_record(store, office.incident_id)
    assert record is not None
    assert record.sign_off.id == changed.entry_ids[0]
    return record.sign_off


# --- signing ----------------------------------------------------------------------


def test_signing_seals_the_incident_as_the_client_saw_it(store: Store, office: Office) -> None:
    do_the_work(store, office)
    before = queries.incident_detail(store, office.incident_id)
    assert before.incident.status is Status.RESOLVED

    sealed = sign(store, office)

    # The seal is the hash of the incident as it was (resolved) with every entry so far.
    assert sealed.seal == seal_hash(before.incident, before.entries)
    assert set(sealed.sealed_entry_ids) == {e.id for e in before.entries}
    assert sealed.signed and sealed.outcome is SignOffOutcome.RESOLVED
    assert sealed.signer_name == "李娜 Li Na" and sealed.comment == "谢谢 thanks"
    assert sealed.strokes == synthetic_signature(1)
    assert sealed.signature_sha256 is not None
    png = store.blobs.read(sealed.signature_sha256)
    assert png.startswith(b"\x89PNG")

    after = queries.incident_detail(store, office.incident_id)
    assert after.incident.status is Status.SIGNED_OFF
    # resolved_at and the resolution stay: they were signed.
    assert after.incident.resolved_at == before.incident.resolved_at
    assert after.incident.resolution == before.incident.resolution
    change = after.entries[-1]
    assert isinstance(change, StatusChange)
    assert (change.from_status, change.to_status) == (Status.RESOLVED, Status.SIGNED_OFF)
    record = signoff.sealed_record(store, office.incident_id)
    assert record is not None and record.intact and record.addenda == []


def test_signing_writes_outbox_rows_in_order(store: Store, office: Office) -> None:
    do_the_work(store, office)
    with store.read() as s:
        before = s.scalar(select(OutboxRow.seq).order_by(OutboxRow.seq.desc()).limit(1))
    sealed = sign(store, office)
    with store.read() as s:
        rows = s.scalars(select(OutboxRow).where(OutboxRow.seq > before).order_by(OutboxRow.seq))
        new = [(r.name, r.payload["kind"], r.entry_id) for r in rows]
    assert [n[:2] for n in new] == [
        (MutationName.ENTRY_ADD, "sign_off"),
        (MutationName.INCIDENT_STATUS, "status"),
    ]
    assert new[0][2] == sealed.id
    with store.read() as s:
        payload = s.scalars(select(OutboxRow).where(OutboxRow.entry_id == sealed.id)).one().payload
    assert payload["seal"] == sealed.seal
    assert payload["strokes"][0][0] == list(synthetic_signature(1)[0][0])
    assert len(payload["sealed_entry_ids"]) == len(sealed.sealed_entry_ids)


def test_sign_off_needs_a_resolved_incident(store: Store, office: Office) -> None:
    with pytest.raises(Refused) as err:
        sign(store, office)
    assert err.value.code is Code.CONFLICT and "resolved" in str(err.value)
    assert signoff.sealed_record(store, office.incident_id) is None


@pytest.mark.parametrize(
    ("strokes", "expected"),
    [
        ([], "empty"),
        ([[]], "empty"),
        ([[[100, 100, 0, None]]], "too short"),  # a tap
        ([[[100 + i * 10, 100, i * 8, None] for i in range(30)]], "too short"),  # a 30 px tick
        ([[[100, 100, i, None] for i in range(50)]], "too short"),  # a pen held still
    ],
)
def test_an_empty_or_trivial_signature_is_refused(
    store: Store, office: Office, strokes: list[list[list[int | None]]], expected: str
) -> None:
    do_the_work(store, office)
    with pytest.raises(signoff.UnusableSignature) as err:
        sign(store, office, strokes=strokes)
    assert expected in str(err.value)
    assert err.value.field == "signature"
    assert queries.incident_detail(store, office.incident_id).incident.status is Status.RESOLVED


def test_garbage_strokes_are_refused_plainly(store: Store, office: Office) -> None:
    do_the_work(store, office)
    for bad in ([[[1.5, 2, 3]]], [[["x", 2, 3]]], [[[1, 2]]], [[[1, 2, 3, 2000]]]):
        with pytest.raises(UseCaseError) as err:
            sign(store, office, strokes=bad)
        assert err.value.field == "signature"


def test_names_and_outcome_are_required(store: Store, office: Office) -> None:
    do_the_work(store, office)
    with pytest.raises(UseCaseError) as err:
        sign(store, office, signer_name="  ")
    assert err.value.field == "signer_name"
    with pytest.raises(UseCaseError) as err:
        sign(store, office, outcome="fine")
    assert err.value.field == "outcome"


def test_pen_pressure_is_kept(store: Store, office: Office) -> None:
    do_the_work(store, office)
    with_pressure = [[[p.x, p.y, p.t, 300 + p.t % 500] for p in s] for s in synthetic_signature(1)]
    sealed = sign(store, office, strokes=with_pressure)
    x, y, t, pressure = with_pressure[0][3]
    assert sealed.strokes[0][3] == SignaturePoint(x, y, t, pressure)
    assert sealed.strokes[0][3].pressure == 300 + t % 500


def test_a_refusal_seals_with_the_reason(store: Store, office: Office) -> None:
    do_the_work(store, office)
    before = queries.incident_detail(store, office.incident_id)
    signoff.record_refusal(
        store,
        office.incident_id,
        refusal=Refusal.REFUSED,
        reason="不同意工时 / disputes the hours",
        signer_name="张伟",
        now=SIGNED_AT,
    )
    record = signoff.sealed_record(store, office.incident_id)
    assert record is not None and record.intact
    sealed = record.sign_off
    assert not sealed.signed and sealed.refusal is Refusal.REFUSED
    assert sealed.outcome is None and sealed.strokes == () and sealed.signature_sha256 is None
    assert sealed.reason == "不同意工时 / disputes the hours"
    assert sealed.seal == seal_hash(before.incident, before.entries)
    assert queries.incident_detail(store, office.incident_id).incident.status is Status.SIGNED_OFF


def test_a_refusal_needs_a_reason(store: Store, office: Office) -> None:
    do_the_work(store, office)
    with pytest.raises(UseCaseError) as err:
        signoff.record_refusal(store, office.incident_id, refusal="not_available", reason=" ")
    assert err.value.field == "reason"


# --- sealing is stable ------------------------------------------------------------


_RESEAL = """
import json, sys
from pathlib import Path
from desktop.store.db import open_store
from desktop.usecases.signoff import sealed_record
store = open_store(Path(sys.argv[1]))
record = sealed_record(store, sys.argv[2])
print(json.dumps({"stored": record.sign_off.seal, "again": record.recomputed_seal()}))
store.close()
"""


@pytest.mark.parametrize("tz", ["Asia/Shanghai", "America/Los_Angeles"])
def test_the_seal_is_the_same_in_another_process_and_zone(
    store: Store, office: Office, data_dir: Path, tz: str
) -> None:
    do_the_work(store, office)
    sealed = sign(store, office)
    store.close()
    env = {"PYTHONHASHSEED": "77", "TZ": tz, "PATH": "/usr/bin:/bin"}
    # The store's key: the same keyring (D-Bus session) or passphrase as this process.
    env |= {k: v for k, v in os.environ.items() if k.startswith(("FIELDBOOK_", "DBUS_", "XDG_"))}
    result = subprocess.run(
        [sys.executable, "-c", _RESEAL, str(data_dir), office.incident_number],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    out = json.loads(result.stdout)
    assert out == {"stored": sealed.seal, "again": sealed.seal}


def test_the_seal_does_not_move_with_addenda_or_closing(store: Store, office: Office) -> None:
    do_the_work(store, office)
    sealed = sign(store, office)
    later = SIGNED_AT + timedelta(hours=1)
    addendum = notes.add_note(store, office.incident_id, "客户要求补充说明", now=later)
    action = work.record_action(
        store,
        office.incident_id,
        kind="test",
        description="checked again",
        result="succeeded",
        now=later,
    )
    void.void_entry(store, action.entry_ids[0], "duplicate", now=later)
    incidents.change_status(store, office.incident_id, Status.CLOSED, now=later)
    record = signoff.sealed_record(store, office.incident_id)
    assert record is not None and record.intact
    assert record.sign_off.seal == sealed.seal
    assert [e.id for e in record.addenda] == [
        addendum.entry_ids[0],
        action.entry_ids[0],
        *[e.id for e in record.addenda[2:]],
    ]
    assert {e.kind for e in record.addenda} == {"note", "action", "void"}


# --- nothing sealed can change ------------------------------------------------------


@pytest.fixture
def sealed(store: Store, office: Office) -> tuple[SignOff, dict[str, uuid.UUID]]:
    ids = do_the_work(store, office)
    return sign(store, office), ids


def test_use_cases_refuse_voiding_a_sealed_entry(store: Store, office: Office, sealed) -> None:
    sign_off, ids = sealed
    for key in ("note", "action", "swap", "usage"):
        with pytest.raises(Refused) as err:
            void.void_entry(store, ids[key], "changed my mind")
        assert err.value.code is Code.SEALED
    with pytest.raises(Refused) as err:
        void.void_entry(store, sign_off.id, "the client wants to sign again")
    assert err.value.code is Code.SEALED


def test_use_cases_refuse_signing_twice(store: Store, office: Office, sealed) -> None:
    with pytest.raises(Refused) as err:
        sign(store, office)
    assert err.value.code is Code.SEALED
    with pytest.raises(Refused) as err:
        signoff.record_refusal(store, office.incident_id, refusal="refused", reason="x")
    assert err.value.code is Code.SEALED


def test_use_cases_refuse_moving_the_status_back(store: Store, office: Office, sealed) -> None:
    for target in (Status.RESOLVED, Status.ON_SITE, Status.CANCELLED, Status.SIGNED_OFF):
        with pytest.raises(Refused):
            incidents.change_status(
                store,
                office.incident_id,
                target,
                resolution="fixed" if target is Status.RESOLVED else None,
            )


def test_use_cases_refuse_pausing_a_stopped_clock(store: Store, office: Office, sealed) -> None:
    with pytest.raises(Refused) as err:
        clock.pause_clock(store, office.incident_id, "waiting")
    assert err.value.code is Code.SEALED


def test_closed_incident_takes_no_more_work(store: Store, office: Office, sealed) -> None:
    incidents.change_status(store, office.incident_id, Status.CLOSED)
    with pytest.raises(Refused) as err:
        notes.add_note(store, office.incident_id, "too late")
    assert err.value.code is Code.SEALED


def _raw(data_dir: Path, sql: str, *params: object) -> None:
    con = cipher.connect(data_dir / DB_NAME, cipher.store_key(data_dir), "")
    try:
        with con:
            con.execute(sql, params)
    finally:
        con.close()


@pytest.mark.parametrize(
    "sql",
    [
        # the sealed entries and the sign-off: append-only
        "UPDATE note_entries SET text = 'nothing found'",
        "UPDATE action_entries SET result = 'failed'",
        "UPDATE swap_entries SET installed_serial = 'SN-FAKE'",
        "UPDATE entries SET recorded_at = '2026-03-02 07:00:00.000000'",
        "DELETE FROM part_usage_entries",
        "UPDATE sign_off_entries SET seal = 'ff'",
        "UPDATE sign_off_entries SET sealed_entry_ids = '[]'",
        "UPDATE sign_off_entries SET strokes = '[]'",
        "DELETE FROM sign_off_entries",
        # the incident fields that were signed
        "UPDATE incidents SET title = 'something else'",
        "UPDATE incidents SET priority = 'P2'",
        "UPDATE incidents SET resolved_at = '2026-03-02 09:00:00.000000'",
        "UPDATE incidents SET resolution = 'workaround'",
        "UPDATE incidents SET responded_at = NULL",
        "UPDATE incidents SET status = 'on_site'",
        "DELETE FROM incidents",
    ],
)
def test_the_database_refuses_changes_to_what_was_sealed(
    store: Store, office: Office, data_dir: Path, sealed, sql: str
) -> None:
    with pytest.raises(sqlcipher3.IntegrityError):
        _raw(data_dir, sql)
    record = signoff.sealed_record(store, office.incident_id)
    assert record is not None and record.intact


def test_the_database_refuses_a_second_sign_off_and_sealed_voids(
    store: Store, office: Office, data_dir: Path, sealed
) -> None:
    sign_off, ids = sealed
    incident_hex = office.incident_id.hex
    new = uuid.uuid4().hex
    with pytest.raises(
        sqlcipher3.IntegrityError, match=r"UNIQUE constraint failed: entries\.incident_id"
    ):
        _raw(
            data_dir,
            "INSERT INTO entries VALUES (?, ?, 'sign_off', '2026-03-02 12:00:00.000000', NULL)",
            new,
            incident_hex,
        )
    for target in (ids["action"], sign_off.id):
        con = cipher.connect(data_dir / DB_NAME, cipher.store_key(data_dir), "")
        with pytest.raises(sqlcipher3.IntegrityError, match="cannot be voided"), con:
            con.execute(
                "INSERT INTO entries VALUES (?, ?, 'void', '2026-03-02 12:00:00.000000', NULL)",
                (new, incident_hex),
            )
            con.execute("INSERT INTO void_entries VALUES (?, ?, 'x')", (new, target.hex))
        con.close()
    # Closing, and time moving on, are still allowed.
    _raw(
        data_dir,
        "UPDATE incidents SET status = 'closed', updated_at = '2026-03-03 00:00:00.000000'",
    )
    assert queries.incident_detail(store, office.incident_id).incident.status is Status.CLOSED


def test_an_addendum_can_be_voided(store: Store, office: Office, sealed) -> None:
    late = notes.add_note(store, office.incident_id, "wrong incident", now=SIGNED_AT)
    void.void_entry(store, late.entry_ids[0], "wrong incident", now=SIGNED_AT)
    detail = queries.incident_detail(store, office.incident_id)
    assert late.entry_ids[0] in detail.voided


def test_sign_off_survives_reopening_the_store(
    data_dir: Path, store: Store, office: Office
) -> None:
    do_the_work(store, office)
    sealed = sign(store, office)
    store.close()
    again = open_store(data_dir)
    try:
        with again.read() as s:
            row = s.get(SignOffRow, sealed.id)
            assert row is not None and row.sealed_entry_ids == sealed.sealed_entry_ids
        record = signoff.sealed_record(again, office.incident_number)
        assert record is not None and record.intact and record.sign_off == sealed
    finally:
        again.close()


def test_a_void_the_sign_off_sealed_is_stored_after_it(store: Store, office: Office) -> None:
    """A download may bring a signed incident's sign-off before a void the client signed
    with it: the store takes that void (it is part of what was signed), and still
    refuses one made after the signature."""
    ids = do_the_work(store, office)
    void.void_entry(store, ids["action"], "wrong node", now=T0 + timedelta(minutes=80))
    sign(store, office)
    detail = queries.incident_detail(store, office.incident_id)
    make_incident(store, office, number="INC-KEEPS-THE-CONTRACT")  # what it refers to stays
    with store.write() as s:
        drop_incidents(s, [office.incident_id])
    sign_offs = [e for e in detail.entries if isinstance(e, SignOff)]
    others = [e for e in detail.entries if not isinstance(e, SignOff | Void)]
    voids = [e for e in detail.entries if isinstance(e, Void)]
    with store.write() as s:
        s.add(IncidentRow(**mapping.incident_values(detail.incident), updated_at=T0))
        s.flush()
        for group in (others, sign_offs, voids):  # the sign-off before the void it seals
            s.add_all(mapping.entry_row(e) for e in group)
            s.flush()
    record = signoff.sealed_record(store, office.incident_id)
    assert record is not None and record.intact
    with pytest.raises(Refused):
        void.void_entry(store, ids["note"], "after the signature")
    late = uuid.uuid4().hex  # the database itself refuses it too, whoever writes
    con = cipher.connect(store.data_dir / DB_NAME, cipher.store_key(store.data_dir), "")
    try:
        with pytest.raises(sqlcipher3.IntegrityError, match="sealed entry cannot be voided"), con:
            con.execute(
                "INSERT INTO entries (id, incident_id, kind, recorded_at) "
                "VALUES (?, ?, 'void', '2026-03-02 12:00:00.000000')",
                (late, office.incident_id.hex),
            )
            con.execute(
                "INSERT INTO void_entries (id, voided_id, reason) VALUES (?, ?, 'late')",
                (late, ids["note"].hex),
            )
    finally:
        con.close()
