"""Schema upgrades: a laptop with unsynced work survives every one of them."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
import sqlcipher3
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from desktop.store import cipher
from desktop.store.db import (
    DB_NAME,
    alembic_config,
    create_sqlite_engine,
    head_revision,
    open_store,
)
from desktop.store.errors import StoreError
from desktop.store.models import Base
from desktop.usecases import queries

ORDERED = list(reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions())))
FIRST = ORDERED[0].revision


def _hex(value: uuid.UUID) -> str:
    return value.hex  # how sqlalchemy.Uuid stores ids on SQLite


def _fill_first_revision(db: Path) -> dict[str, uuid.UUID]:
    """Rows written with plain SQL against the *first* schema, as an old app wrote them."""
    ids = {
        k: uuid.uuid4()
        for k in ("tech", "client", "contract", "system", "incident", "note", "part", "usage")
    }
    t = "2026-03-02 08:00:00.000000"
    con = sqlite3.connect(db)
    with con:
        con.execute("INSERT INTO meta VALUES ('client_id', ?)", (str(uuid.uuid4()),))
        con.execute("INSERT INTO meta VALUES ('technician_id', ?)", (str(ids["tech"]),))
        con.execute("INSERT INTO technicians VALUES (?, '王磊', 'demo')", (_hex(ids["tech"]),))
        con.execute(
            "INSERT INTO clients VALUES (?, '华东医疗', 'zh', '上海')", (_hex(ids["client"]),)
        )
        con.execute(
            "INSERT INTO contracts VALUES (?, ?, 'EMA-1', 1, '[\"planned_change\"]')",
            (_hex(ids["contract"]), _hex(ids["client"])),
        )
        con.execute("INSERT INTO sla_targets VALUES (?, 'P1', 5, 240)", (_hex(ids["contract"]),))
        con.execute(
            "INSERT INTO covered_systems VALUES (?, ?, 'Oracle RAC', 'database', 'B07')",
            (_hex(ids["system"]), _hex(ids["contract"])),
        )
        con.execute("INSERT INTO spare_parts VALUES (?, 'DIMM-32G', '32 GB')", (_hex(ids["part"]),))
        con.execute("INSERT INTO van_stock VALUES (?, 4, ?)", (_hex(ids["part"]), t))
        con.execute(
            "INSERT INTO incidents (id, number, client_id, contract_id, system_id, system_name,"
            " priority, channel, title, description, notified_at, status, responded_at,"
            " assigned_to, updated_at) VALUES (?, 'INC-1', ?, ?, ?, 'Oracle RAC', 'P1', 'phone',"
            " '主库宕机', '', ?, 'on_site', ?, ?, ?)",
            (
                _hex(ids["incident"]),
                _hex(ids["client"]),
                _hex(ids["contract"]),
                _hex(ids["system"]),
                t,
                t,
                _hex(ids["tech"]),
                t,
            ),
        )
        for kind, key in (("note", "note"), ("part_usage", "usage")):
            con.execute(
                "INSERT INTO entries VALUES (?, ?, ?, ?, ?)",
                (_hex(ids[key]), _hex(ids["incident"]), kind, t, _hex(ids["tech"])),
            )
        con.execute(
            "INSERT INTO note_entries VALUES (?, 'ORA-00600 on node 2', 1)", (_hex(ids["note"]),)
        )
        con.execute(
            "INSERT INTO part_usage_entries VALUES (?, ?, 1)",
            (_hex(ids["usage"]), _hex(ids["part"])),
        )
        for key in ("note", "usage"):
            con.execute(
                "INSERT INTO outbox (name, incident_id, entry_id, payload, created_at, state)"
                " VALUES ('entry.add', ?, ?, '{}', ?, 'pending')",
                (_hex(ids["incident"]), _hex(ids[key]), t),
            )
    con.close()
    return ids


def test_database_from_the_first_revision_upgrades_with_everything(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    engine = create_sqlite_engine(data / DB_NAME)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), FIRST)
    engine.dispose()
    ids = _fill_first_revision(data / DB_NAME)

    store = open_store(data)  # upgrades to head
    try:
        assert store.revision() == head_revision()
        detail = queries.incident_detail(store, "INC-1")
        assert detail.incident.id == ids["incident"] and detail.covered
        assert sorted(e.kind for e in detail.entries) == ["note", "part_usage"]
        summary = queries.status_summary(store)
        assert summary["outbox"]["pending"] == 2  # the unsynced work survived
        from desktop.usecases.parts import stock

        [line] = stock(store)
        assert line.available == 3
    finally:
        store.close()


def test_head_schema_matches_the_models(tmp_path: Path) -> None:
    """A model change without its migration fails here."""
    store = open_store(tmp_path / "data")
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        store.close()


def test_migrations_run_down_and_up_again(tmp_path: Path) -> None:
    engine = create_sqlite_engine(tmp_path / DB_NAME)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    with engine.begin() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is None
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
    engine.dispose()


def test_a_folder_from_a_newer_fieldbook_is_refused_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_store(data)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00dfeed'")
    store.close()
    before = (data / DB_NAME).read_bytes()
    with pytest.raises(StoreError) as err:
        open_store(data)
    assert "newer Fieldbook" in str(err.value) and "f00dfeed" in str(err.value)
    assert (data / DB_NAME).read_bytes() == before


def test_the_fast_path_knows_the_head() -> None:
    """open_store skips Alembic when a folder is at SCHEMA_HEAD: it must be the real head."""
    from desktop.store.db import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD


def test_unsynced_work_at_0001_survives_0002_and_can_be_signed_off(tmp_path: Path) -> None:
    """0002 (sign-off, seal triggers) on a laptop whose 0001 store holds unsynced work."""
    from desktop.usecases import incidents, signoff
    from domain.records import SignOffOutcome, Status
    from domain.signature import synthetic_signature

    data = tmp_path / "data"
    data.mkdir()
    engine = create_sqlite_engine(data / DB_NAME)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
    engine.dispose()
    ids = _fill_first_revision(data / DB_NAME)

    store = open_store(data)
    try:
        assert store.revision() == head_revision()
        backups = sorted((data / "backups").glob("fieldbook-*-rev-0001.db"))
        assert len(backups) == 1
        assert store.key is not None  # the backup is encrypted as the store is
        con = cipher.connect(backups[0], store.key)
        try:
            assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert con.execute("SELECT count(*) FROM outbox").fetchone() == (2,)
        finally:
            con.close()
        detail = queries.incident_detail(store, "INC-1")
        assert sorted(e.kind for e in detail.entries) == ["note", "part_usage"]
        assert queries.status_summary(store)["outbox"]["pending"] == 2

        # The old incident goes on under the new schema, up to a sealed sign-off.
        incidents.change_status(store, "INC-1", Status.RESOLVED, resolution="fixed")
        signoff.sign_off(
            store,
            "INC-1",
            signer_name="李娜",
            signer_role="IT",
            outcome=SignOffOutcome.RESOLVED,
            strokes=synthetic_signature(2),
        )
        record = signoff.sealed_record(store, ids["incident"])
        assert record is not None and record.intact
        assert {ids["note"], ids["usage"]} <= set(record.sign_off.sealed_entry_ids)
        # + resolved, + the sign-off and its status change; the old two still pending.
        assert queries.status_summary(store)["outbox"]["pending"] == 2 + 3
    finally:
        store.close()


def test_unsynced_outbox_at_0002_survives_0003_with_its_numbers(tmp_path: Path) -> None:
    """0003 (sync bookkeeping) on a laptop whose 0002 store holds pending and rejected rows."""
    from desktop.store.models import OutboxState
    from desktop.syncing import usecases as sync_usecases

    data = tmp_path / "data"
    data.mkdir()
    engine = create_sqlite_engine(data / DB_NAME)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0002")
    engine.dispose()
    ids = _fill_first_revision(data / DB_NAME)
    con = sqlite3.connect(data / DB_NAME)
    with con:
        con.execute(
            "INSERT INTO outbox (name, incident_id, entry_id, payload, created_at, state, reason)"
            " VALUES ('entry.add', ?, NULL, '{\"kind\": \"note\"}', '2026-03-02 08:00:00.000000',"
            " 'rejected', 'not yours')",
            (_hex(ids["incident"]),),
        )
        con.execute("UPDATE outbox SET state = 'applied' WHERE seq = 1")
        before = con.execute("SELECT seq, name, state, payload FROM outbox ORDER BY seq").fetchall()
    con.close()

    store = open_store(data)
    try:
        assert store.revision() == head_revision()
        assert len(sorted((data / "backups").glob("fieldbook-*-rev-0002.db"))) == 1
        with store.engine.connect() as conn:
            after = conn.exec_driver_sql(
                "SELECT seq, name, state, payload FROM outbox ORDER BY seq"
            ).all()
            assert [tuple(r) for r in after] == before
            # AUTOINCREMENT's counter survived: a new row does not reuse a number.
            assert (
                conn.exec_driver_sql(
                    "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"
                ).scalar()
                == 3
            )
        status = sync_usecases.sync_status(store)
        assert status.pending == 1 and status.rejected == 1
        [rejected] = sync_usecases.rejected_changes(store)
        assert rejected.seq == 3 and rejected.message == "not yours"
        sync_usecases.discard_rejected(store, 3)
        with store.read() as session:
            from desktop.store.models import OutboxRow

            row = session.get(OutboxRow, 3)
            assert row is not None and row.state is OutboxState.DISCARDED
    finally:
        store.close()


def test_a_signed_incident_at_0003_keeps_its_format_1_seal_through_0004(tmp_path: Path) -> None:
    """0004 (the rulebook) on a laptop holding unsynced work and an incident its client
    signed under seal format 1: the seal still verifies (in its own format), dispatch may
    now give the incident to someone else, and new work goes on."""
    import json
    from datetime import UTC, datetime

    from desktop.usecases import clock, incidents, signoff
    from domain.records import (
        Channel,
        DiagnosticNote,
        Incident,
        PartUsage,
        Priority,
        Resolution,
        Status,
        StatusChange,
    )
    from domain.seal import SEAL_FORMAT_V1, seal_hash

    data = tmp_path / "data"
    data.mkdir()
    engine = create_sqlite_engine(data / DB_NAME)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0003")
    engine.dispose()
    ids = _fill_first_revision(data / DB_NAME)
    t = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    resolved = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    change_id, sign_id = uuid.uuid4(), uuid.uuid4()
    incident = Incident(
        id=ids["incident"],
        number="INC-1",
        client_id=ids["client"],
        contract_id=ids["contract"],
        system_id=ids["system"],
        system_name="Oracle RAC",
        priority=Priority.P1,
        channel=Channel.PHONE,
        title="主库宕机",
        description="",
        notified_at=t,
        status=Status.RESOLVED,
        responded_at=t,
        resolved_at=resolved,
        resolution=Resolution.FIXED,
        assigned_to=ids["tech"],
    )
    sealed = [
        DiagnosticNote(
            id=ids["note"],
            incident_id=incident.id,
            recorded_at=t,
            author_id=ids["tech"],
            text="ORA-00600 on node 2",
            preformatted=True,
        ),
        PartUsage(
            id=ids["usage"],
            incident_id=incident.id,
            recorded_at=t,
            author_id=ids["tech"],
            part_id=ids["part"],
            quantity=1,
        ),
        StatusChange(
            id=change_id,
            incident_id=incident.id,
            recorded_at=resolved,
            author_id=ids["tech"],
            from_status=Status.ON_SITE,
            to_status=Status.RESOLVED,
            resolution=Resolution.FIXED,
        ),
    ]
    seal = seal_hash(incident, sealed, SEAL_FORMAT_V1)
    at = "2026-03-02 09:00:00.000000"
    con = sqlite3.connect(data / DB_NAME)
    with con:
        con.execute(
            "UPDATE incidents SET status = 'resolved', resolved_at = ?, resolution = 'fixed'",
            (at,),
        )
        for entry_id, kind in ((change_id, "status"), (sign_id, "sign_off")):
            con.execute(
                "INSERT INTO entries VALUES (?, ?, ?, ?, ?)",
                (_hex(entry_id), _hex(incident.id), kind, at, _hex(ids["tech"])),
            )
        con.execute(
            "INSERT INTO status_entries VALUES (?, 'on_site', 'resolved', 'fixed')",
            (_hex(change_id),),
        )
        con.execute(
            "INSERT INTO sign_off_entries VALUES (?, 'resolved', NULL, '李娜', 'IT', '', '',"
            " '[]', NULL, ?, ?, ?)",
            (
                _hex(sign_id),
                seal,
                SEAL_FORMAT_V1,
                json.dumps([e.id.hex for e in sealed]),
            ),
        )
        con.execute("UPDATE incidents SET status = 'signed_off'")
    con.close()

    store = open_store(data)
    try:
        assert store.revision() == head_revision()
        assert queries.status_summary(store)["outbox"]["pending"] == 2  # still unsynced
        record = signoff.sealed_record(store, "INC-1")
        assert record is not None and record.sign_off.seal_format == SEAL_FORMAT_V1
        assert record.intact  # format 1, checked as format 1
        change = next(e for e in record.entries if isinstance(e, StatusChange))
        assert change.reason == ""
        assert store.key is not None
        con = cipher.connect(data / DB_NAME, store.key)
        try:
            con.execute("UPDATE incidents SET assigned_to = NULL")  # dispatch may reassign…
            with pytest.raises(sqlcipher3.IntegrityError):  # …but what was signed stays
                con.execute("UPDATE incidents SET title = 'changed'")
        finally:
            con.close()
        incidents.change_status(store, "INC-1", Status.CLOSED)
        other = queries.incident_detail(store, "INC-1")
        assert other.incident.status is Status.CLOSED
        with pytest.raises(Exception, match="closed"):
            clock.pause_clock(store, "INC-1", "too late")
    finally:
        store.close()


def test_contracts_at_0004_keep_everything_and_an_unset_zone(tmp_path: Path) -> None:
    """0005 adds the contract's time zone; a store of 0004 with unsynced work upgrades
    with its outbox kept and its contracts' zone unset (the laptop's own, as before)."""
    data = tmp_path / "data"
    data.mkdir()
    engine = create_sqlite_engine(data / DB_NAME)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0004")
    engine.dispose()
    _fill_first_revision(data / DB_NAME)
    con = sqlite3.connect(data / DB_NAME)
    with con:
        before = con.execute("SELECT seq, name, state, payload FROM outbox ORDER BY seq").fetchall()
    con.close()

    store = open_store(data)
    try:
        assert store.revision() == head_revision()  # 0005, or a later head
        with store.engine.connect() as conn:
            after = conn.exec_driver_sql(
                "SELECT seq, name, state, payload FROM outbox ORDER BY seq"
            ).all()
            assert [tuple(r) for r in after] == before and len(before) == 2
        detail = queries.incident_detail(store, "INC-1")
        assert detail.contract.time_zone == ""
    finally:
        store.close()


def test_unsynced_work_at_0005_survives_0006_and_templates_work(tmp_path: Path) -> None:
    """0006_action_templates (a new local table) on a laptop whose 0005 store holds
    pending work: the outbox, its numbers and the entries are kept; templates can be saved."""
    from desktop.usecases import templates

    data = tmp_path / "data"
    data.mkdir()
    engine = create_sqlite_engine(data / DB_NAME)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0004")
    ids = _fill_first_revision(data / DB_NAME)  # rows as 0004 holds them, then 0005
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0005_contract_zone")
    engine.dispose()
    con = sqlite3.connect(data / DB_NAME)
    with con:
        before = con.execute("SELECT seq, name, state, payload FROM outbox ORDER BY seq").fetchall()
    con.close()

    store = open_store(data)
    try:
        assert store.revision() == head_revision()
        assert len(sorted((data / "backups").glob("fieldbook-*-rev-0005_contract_zone.db"))) == 1
        with store.engine.connect() as conn:
            after = conn.exec_driver_sql(
                "SELECT seq, name, state, payload FROM outbox ORDER BY seq"
            ).all()
        assert [tuple(r) for r in after] == before
        assert queries.status_summary(store)["outbox"]["pending"] == 2
        detail = queries.incident_detail(store, "INC-1")
        assert detail.incident.id == ids["incident"]
        assert sorted(e.kind for e in detail.entries) == ["note", "part_usage"]
        saved = templates.save_template(
            store, name="Listener", kind="restart", description="lsnrctl stop/start"
        )
        assert [t.name for t in templates.list_templates(store)] == [saved.name]
        # A template is not work on an incident: nothing new to sync.
        assert queries.status_summary(store)["outbox"]["pending"] == 2
    finally:
        store.close()


def test_unsynced_work_at_0006_survives_0007_and_clients_get_an_email(tmp_path: Path) -> None:
    """0007_client_email (a column) and 0008_report_deliveries (a table) on a laptop whose
    0006 store holds pending work: the outbox and the entries are kept, the clients
    already here have no address yet, and a report can be queued to send."""
    from desktop.usecases import delivery

    data = tmp_path / "data"
    data.mkdir()
    engine = create_sqlite_engine(data / DB_NAME)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0004")
    ids = _fill_first_revision(data / DB_NAME)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0006_action_templates")
    engine.dispose()
    con = sqlite3.connect(data / DB_NAME)
    with con:
        before = con.execute("SELECT seq, name, state, payload FROM outbox ORDER BY seq").fetchall()
    con.close()

    store = open_store(data)
    try:
        assert store.revision() == head_revision()
        with store.engine.connect() as conn:
            after = conn.exec_driver_sql(
                "SELECT seq, name, state, payload FROM outbox ORDER BY seq"
            ).all()
            emails = conn.exec_driver_sql("SELECT email FROM clients").scalars().all()
        assert [tuple(r) for r in after] == before
        assert emails and set(emails) == {""}
        assert queries.status_summary(store)["outbox"]["pending"] == 2
        detail = queries.incident_detail(store, "INC-1")
        assert detail.incident.id == ids["incident"] and detail.client.email == ""
        queued = delivery.send_report(store, "INC-1", "it@client.example.cn")
        assert [d.id for d in delivery.deliveries(store, "INC-1")] == [queued.id]
        assert queries.status_summary(store)["outbox"]["pending"] == 3
    finally:
        store.close()


def test_unsynced_work_at_0008_survives_0009_and_only_settled_payloads_go(tmp_path: Path) -> None:
    """0009_at_rest on a laptop whose 0008 store holds pending work beside changes the
    service confirmed: pending payloads stay whole (still to send), confirmed and
    discarded ones are emptied (the rows keep their numbers), incidents get no sync time
    yet."""
    data = tmp_path / "data"
    data.mkdir()
    engine = create_sqlite_engine(data / DB_NAME)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0004")
    ids = _fill_first_revision(data / DB_NAME)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0008_report_deliveries")
    engine.dispose()
    con = sqlite3.connect(data / DB_NAME)
    with con:
        con.execute('UPDATE outbox SET payload = \'{"text": "root pw hunter2"}\'')
        con.execute(
            "INSERT INTO outbox (name, incident_id, payload, created_at, state, wire_seq)"
            " VALUES ('incident.status', ?, '{\"reason\": \"gone\"}', "
            "'2026-03-02 08:00:00.000000', 'applied', 7)",
            (_hex(ids["incident"]),),
        )
        con.execute(
            "INSERT INTO outbox (name, incident_id, payload, created_at, state, wire_seq)"
            " VALUES ('entry.add', ?, '{\"text\": \"let go\"}', "
            "'2026-03-02 08:00:00.000000', 'discarded', 8)",
            (_hex(ids["incident"]),),
        )
    con.close()

    store = open_store(data)
    try:
        assert store.revision() == head_revision()
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT state, wire_seq, payload FROM outbox ORDER BY seq"
            ).all()
            synced = conn.exec_driver_sql("SELECT synced_at FROM incidents").all()
        assert [(r[0], r[1]) for r in rows] == [
            ("pending", None),
            ("pending", None),
            ("applied", 7),
            ("discarded", 8),
        ]
        assert [r[2] for r in rows] == ['{"text": "root pw hunter2"}'] * 2 + ["{}", "{}"]
        assert synced == [(None,)]
        assert queries.status_summary(store)["outbox"]["pending"] == 2
        detail = queries.incident_detail(store, "INC-1")
        assert sorted(e.kind for e in detail.entries) == ["note", "part_usage"]
    finally:
        store.close()
