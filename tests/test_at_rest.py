"""Nothing readable left behind on the laptop's disk: a private data folder, logs
without the client's words, payloads pruned once the service has them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop import cli
from desktop.drafts import DraftStore
from desktop.logs import close_logging, setup_logging
from desktop.store.db import DB_NAME, Store, open_store
from desktop.usecases import notes
from tests.conftest import Office

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")

SECRET = "Tr0ub4dor&3-root-password"


def _modes(folder: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def _loose(folder: Path) -> dict[str, str]:
    return {
        name: oct(mode)
        for name, mode in _modes(folder).items()
        if mode != (0o700 if (folder / name).is_dir() else 0o600)
    }


def test_the_data_folder_is_0700_and_every_file_in_it_0600(
    store: Store, office: Office, data_dir: Path, tmp_path: Path
) -> None:
    setup_logging(data_dir)
    try:
        config = tmp_path / "router.cfg"
        config.write_text(f"enable secret {SECRET}\n")
        config.chmod(0o644)
        notes.add_note(store, office.incident_id, "checked the router", attachments=[config])
        DraftStore(data_dir, store.key).save(office.incident_id, "note", {"text": "half a thought"})
        open_names = set(_modes(data_dir))  # while open: the WAL and its index are there
        assert {DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", "logs/fieldbook.log"} <= open_names
        assert _loose(data_dir) == {}
        store.close()
        open_store(data_dir).close()
    finally:
        close_logging()
    names = set(_modes(data_dir))
    assert any(n.startswith("blobs/") for n in names)
    assert any(n.startswith("drafts/") for n in names)
    assert _loose(data_dir) == {}


def test_a_folder_left_readable_by_an_older_fieldbook_is_closed_on_open(
    data_dir: Path,
) -> None:
    open_store(data_dir).close()
    (data_dir / "logs").mkdir(mode=0o755)
    (data_dir / "logs" / "fieldbook.log").write_text("old\n")
    (data_dir / "blobs" / "ab").mkdir(parents=True, mode=0o755)
    (data_dir / "blobs" / "ab" / ("ab" * 32)).write_bytes(b"x")
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert _loose(data_dir)
    open_store(data_dir).close()
    assert _loose(data_dir) == {}


def test_a_rotated_log_is_0600_too(data_dir: Path) -> None:
    import logging

    setup_logging(data_dir)
    try:
        handler = next(
            h for h in logging.getLogger("fieldbook").handlers if getattr(h, "_fieldbook", 0)
        )
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.doRollover()
        logging.getLogger("fieldbook.test").info("after the rotation")
    finally:
        close_logging()
    assert (data_dir / "logs" / "fieldbook.log.1").is_file()
    assert _loose(data_dir) == {}


def test_the_log_holds_no_client_text(
    store: Store, office: Office, data_dir: Path, tmp_path: Path
) -> None:
    """The command line logs what it did, never its arguments: a note given on the
    command line, a refused one, a file's name."""
    secret_file = tmp_path / f"{SECRET}.cfg"
    secret_file.write_text(f"password {SECRET}\n")
    store.close()
    try:
        assert cli.main(["--data-dir", str(data_dir), "note", office.incident_number, SECRET]) == 0
        assert (
            cli.main(
                ["--data-dir", str(data_dir), "attach", office.incident_number, str(secret_file)]
            )
            == 0
        )
        too_long = SECRET * 20_000  # refused: longer than a note may be
        assert (
            cli.main(["--data-dir", str(data_dir), "note", office.incident_number, too_long]) != 0
        )
        assert cli.main(["--data-dir", str(data_dir), "note", f"INC-{SECRET}", "x"]) != 0
        assert cli.main(["--data-dir", str(data_dir), "list"]) == 0
    finally:
        close_logging()
    logs = b"".join(p.read_bytes() for p in (data_dir / "logs").iterdir())
    assert b"fieldbook" in logs and b": note" in logs
    assert SECRET.encode() not in logs


def test_a_pruned_payload_is_rebuilt_byte_for_byte_for_a_service_that_forgot(
    store: Store, office: Office, tmp_path: Path
) -> None:
    """After a restore from backup the service may ask for confirmed changes again: the
    entry each recorded is still here (append-only) and gives the same payload back."""
    from datetime import timedelta

    from sqlalchemy import select, update

    from desktop.store.models import OutboxRow, OutboxState
    from desktop.store.outbox import prune_settled
    from desktop.syncing.push import _restore_payloads
    from desktop.usecases import incidents, parts, timelog, work
    from domain.records import Status

    photo = tmp_path / "rack.png"
    photo.write_bytes(b"\x89PNG fake")
    notes.add_note(store, office.incident_id, "ORA-00600 多行\n  indented", attachments=[photo])
    work.record_action(
        store, office.incident_id, kind="restart", description="重启监听", result="succeeded"
    )
    parts.use_parts(store, office.incident_id, office.part_id, 1)
    start = store.now() - timedelta(hours=1)
    timelog.log_time(
        store,
        office.incident_id,
        kind="on_site",
        started_at=start,
        ended_at=start + timedelta(minutes=42),
    )
    incidents.change_status(
        store, office.incident_id, Status.WAITING_FOR_CLIENT, reason="客户在开会"
    )
    with store.write() as s:
        sent = {r.seq: dict(r.payload) for r in s.scalars(select(OutboxRow))}
        s.execute(update(OutboxRow).values(state=OutboxState.APPLIED))
        assert prune_settled(s) == len(sent) >= 6
    with store.write() as s:
        rows = list(s.scalars(select(OutboxRow).order_by(OutboxRow.seq)))
        assert all(r.payload == {} for r in rows)
        _restore_payloads(s, rows)
        assert {r.seq: r.payload for r in rows} == sent
