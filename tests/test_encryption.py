"""The laptop's store encrypted at rest: the key in the real OS keyring, or derived from
a passphrase where no keyring works; an older Fieldbook's plain folder converted."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from alembic import command
from keyring.backends import fail
from sqlalchemy import select

from desktop.drafts import DraftStore
from desktop.store import cipher, sealed
from desktop.store.db import DB_NAME, Store, alembic_config, create_sqlite_engine, open_store
from desktop.store.errors import StoreError
from desktop.store.models import MetaRow
from desktop.usecases import notes, queries
from domain.ids import new_id
from domain.records import Attachment
from tests.conftest import Office

NOTE_SECRET = "sa-password=Kx9!vQ2#mZ7"
FILE_SECRET = "snmp-community=Fj3$wL8@pR5"


def _everything(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _readable(folder: Path, *secrets: str) -> list[str]:
    """The files of ``folder`` in which any of ``secrets`` can be read in plain text."""
    return [
        str(p.relative_to(folder))
        for p in sorted(folder.rglob("*"))
        if p.is_file() and any(s.encode() in p.read_bytes() for s in secrets)
    ]


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A machine where no keyring works (a fresh headless server, a bare CI box)."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(before)


def test_a_new_folder_keeps_a_random_key_in_the_real_keyring(data_dir: Path) -> None:
    from tests.sync.laptops import require_keyring

    require_keyring()
    store = open_store(data_dir)
    try:
        info = json.loads((data_dir / cipher.KEY_FILE).read_text())
        assert info["kind"] == "keyring" and "salt" not in info and "key" not in info
        kept = keyring.get_password(cipher.KEYRING_SERVICE, info["folder_id"])
        assert store.key is not None and kept == store.key.hex() and len(store.key) == 32
        assert store.key.hex() not in (data_dir / cipher.KEY_FILE).read_text()
        assert not cipher.is_plain(data_dir / DB_NAME)
    finally:
        store.close()
    # Opened again from the keyring (no passphrase needed, none used).
    os.environ.pop(cipher.ENV_PASSPHRASE, None)
    try:
        again = open_store(data_dir)
        again.close()
    finally:
        os.environ[cipher.ENV_PASSPHRASE] = "test passphrase, not secret"


def test_without_a_keyring_the_key_comes_from_a_passphrase(
    no_keyring: None, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "correct horse battery staple")
    store = open_store(data_dir)
    with store.write() as s:
        s.add(MetaRow(key="probe", value=NOTE_SECRET))
    key = store.key
    store.close()
    info = json.loads((data_dir / cipher.KEY_FILE).read_text())
    assert info["kind"] == "passphrase" and info["kdf"] == "scrypt" and len(info["salt"]) == 32
    assert _readable(data_dir, NOTE_SECRET, "correct horse") == []
    # The prompt is asked when no variable is set: for a new folder it is told so.
    monkeypatch.delenv(cipher.ENV_PASSPHRASE)
    asked: list[tuple[bool, Path]] = []

    def prompt(new: bool, folder: Path) -> str:
        asked.append((new, folder))
        return "correct horse battery staple"

    store = open_store(data_dir, prompt=prompt)
    try:
        assert asked == [(False, data_dir)] and store.key == key
        assert store.get_meta("probe") == NOTE_SECRET
    finally:
        store.close()
    other = data_dir.parent / "other"
    open_store(other, prompt=prompt).close()
    assert asked[-1] == (True, other)


def test_a_wrong_passphrase_is_a_clear_error_and_destroys_nothing(
    no_keyring: None, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "the right passphrase")
    store = open_store(data_dir)
    with store.write() as s:
        s.add(MetaRow(key="probe", value="kept"))
    store.close()
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "a wrong passphrase")
    with pytest.raises(cipher.WrongKey) as err:
        open_store(data_dir)
    assert "does not open the data folder" in str(err.value)
    assert "Nothing was changed" in str(err.value)
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before
    # Nothing given at all: it says how to give it.
    monkeypatch.delenv(cipher.ENV_PASSPHRASE)
    with pytest.raises(cipher.NeedPassphrase) as need:
        open_store(data_dir)
    assert "FIELDBOOK_PASSPHRASE" in str(need.value)
    # A new folder refuses a passphrase too short to be one.
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "short")
    with pytest.raises(StoreError, match="at least 8"):
        open_store(data_dir.parent / "new")
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "the right passphrase")
    store = open_store(data_dir)
    try:
        assert store.get_meta("probe") == "kept"
    finally:
        store.close()


def test_the_command_line_says_a_wrong_passphrase_in_one_line(
    no_keyring: None, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from desktop import cli
    from desktop.logs import close_logging

    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "the right passphrase")
    open_store(data_dir).close()
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "a wrong passphrase")
    try:
        assert cli.main(["--data-dir", str(data_dir), "status"]) == 1
    finally:
        close_logging()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not open the data folder" in err


def _plain_folder(data: Path) -> Store:
    """A data folder as an older Fieldbook left it: a plain database, plain files."""
    data.mkdir(parents=True)
    engine = create_sqlite_engine(data / DB_NAME)  # no key: plain
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    store = Store(data, engine)
    with store.write() as s:
        s.add(MetaRow(key="client_id", value=str(new_id())))
    return store


def test_a_plain_folder_with_unsynced_work_is_encrypted_in_place(
    tmp_path: Path, data_dir: Path
) -> None:
    from desktop.demo import seed_demo

    old = _plain_folder(data_dir)
    seed_demo(old, incidents=4)
    incident = queries.list_incidents(old, open_only=True)[0].incident
    config = tmp_path / "core-switch.cfg"
    config.write_text(f"hostname core-1\n{FILE_SECRET}\n")
    notes.add_note(old, incident.id, f"found {NOTE_SECRET} in the script", attachments=[config])
    DraftStore(data_dir).save(incident.id, "note", {"text": f"draft {NOTE_SECRET}"})
    pending = queries.status_summary(old)["outbox"]["pending"]
    assert pending >= 2
    (data_dir / "backups").mkdir()
    old.close()
    import shutil  # an old migration backup, plain too

    shutil.copy(data_dir / DB_NAME, data_dir / "backups" / "fieldbook-x-rev-0006.db")
    assert _readable(data_dir, NOTE_SECRET, FILE_SECRET)  # what an older Fieldbook left

    store = open_store(data_dir)
    try:
        assert not cipher.is_plain(data_dir / DB_NAME)
        assert not (data_dir / cipher.PLAIN_BACKUP).exists()
        assert queries.status_summary(store)["outbox"]["pending"] == pending
        detail = queries.incident_detail(store, incident.id)
        texts = [getattr(e, "text", "") for e in detail.entries]
        assert any(NOTE_SECRET in t for t in texts)
        [attachment] = [e for e in detail.entries if isinstance(e, Attachment)]
        assert FILE_SECRET.encode() in store.blobs.read(attachment.sha256)
        [draft] = DraftStore(data_dir, store.key).all()
        assert NOTE_SECRET in draft.fields["text"]
        assert all(sealed.is_sealed(p) for p in (data_dir / "blobs").glob("??/*"))
        assert not any(cipher.is_plain(p) for p in (data_dir / "backups").iterdir())
        assert _readable(data_dir, NOTE_SECRET, FILE_SECRET) == []
    finally:
        store.close()
    assert _readable(data_dir, NOTE_SECRET, FILE_SECRET) == []


def test_a_conversion_cut_short_is_finished_at_the_next_start(data_dir: Path) -> None:
    """A crash after the encrypted copy took the database's place but before the plain
    backup was removed: the next start removes it (the copy was checked before)."""
    old = _plain_folder(data_dir)
    with old.write() as s:
        s.add(MetaRow(key="probe", value=NOTE_SECRET))
    old.close()
    key = cipher.store_key(data_dir)
    real_shred = cipher.shred

    def crash(path: Path) -> None:
        if path.name == cipher.PLAIN_BACKUP:
            raise KeyboardInterrupt  # the power went
        real_shred(path)

    cipher.shred = crash
    try:
        with pytest.raises(KeyboardInterrupt):
            cipher.convert_plain(data_dir, key, lambda: None)
    finally:
        cipher.shred = real_shred
    assert (data_dir / cipher.PLAIN_BACKUP).exists()
    store = open_store(data_dir)
    try:
        assert store.get_meta("probe") == NOTE_SECRET
    finally:
        store.close()
    assert not (data_dir / cipher.PLAIN_BACKUP).exists()
    assert _readable(data_dir, NOTE_SECRET) == []


def test_blobs_and_drafts_are_sealed_and_read_back(
    store: Store, office: Office, tmp_path: Path
) -> None:
    config = tmp_path / "router.cfg"
    big = (FILE_SECRET + "\n").encode() * 100_000  # 2.7 MB: three chunks
    config.write_bytes(big)
    notes.add_note(store, office.incident_id, "see the config", attachments=[config])
    [sha] = store.blobs.shas()
    assert store.blobs.read(sha) == big and store.blobs.size(sha) == len(big)
    with store.blobs.open(sha) as source:
        source.seek(len(big) - 10)
        assert source.read() == big[-10:]
    drafts = DraftStore(store.data_dir, store.key)
    drafts.save(office.incident_id, "note", {"text": NOTE_SECRET})
    draft = drafts.load(office.incident_id, "note")
    assert draft is not None and draft.fields == {"text": NOTE_SECRET}
    pasted = store.blobs.keep_pasted(b"\x89PNG pasted " + FILE_SECRET.encode())
    notes.attach(store, office.incident_id, [pasted])
    assert _readable(store.data_dir, NOTE_SECRET, FILE_SECRET) == []
    # A sealed file swapped for another's, or cut short, does not read.
    other = store.blobs.path(sha).read_bytes()
    damaged = store.blobs.path(sha)
    damaged.write_bytes(other[: len(other) // 2])
    with pytest.raises(sealed.Damaged):
        store.blobs.read(sha)
    assert uuid.UUID(str(office.incident_id))
    with store.read() as s:
        assert s.scalars(select(MetaRow.key)).all()


def test_a_download_under_way_is_sealed_and_resumes_after_a_torn_write(store: Store) -> None:
    import hashlib

    data = (FILE_SECRET + "\n").encode() * 2000
    sha = hashlib.sha256(data).hexdigest()
    with store.blobs.append_partial(sha) as out:
        out.write(data[:1000])
        out.write(data[1000:5000])
    partial = store.blobs.root / f".download-{sha}"
    assert FILE_SECRET.encode() not in partial.read_bytes()
    with partial.open("ab") as torn:  # the power went mid-write
        torn.write(b"\x00\x00\x10\x00" + b"x" * 20)
    assert store.blobs.partial_size(sha) == 5000
    with store.blobs.append_partial(sha) as out:
        out.write(data[5000:])
    assert store.blobs.finish_partial(sha)
    assert store.blobs.read(sha) == data and not partial.exists()
    # Bytes that do not hash to the name are dropped, to be fetched again.
    wrong = "0" * 64
    with store.blobs.append_partial(wrong) as out:
        out.write(b"not it")
    assert not store.blobs.finish_partial(wrong) and not store.blobs.has(wrong)
    assert _readable(store.data_dir, FILE_SECRET) == []
