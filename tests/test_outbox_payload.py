"""A mutation's payload is stored as compact UTF-8 JSON and spliced into a push as
stored: a Chinese note travels in its UTF-8 bytes, not in ``\\uXXXX`` escapes (twice
the bytes); rows an older version stored escaped still read and push the same."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select, text

from desktop.store.db import Store
from desktop.store.models import OutboxRow
from desktop.syncing.push import Outgoing, push_body
from desktop.usecases import notes
from tests.conftest import Office

NOTE = "RAID 卡电池故障，已更换 \u2014 “quoted”"


def test_a_chinese_note_is_stored_and_pushed_in_utf8(store: Store, office: Office) -> None:
    notes.add_note(store, office.incident_id, NOTE)
    with store.read() as session:
        raw = session.execute(text("SELECT payload FROM outbox ORDER BY seq DESC")).scalar()
        row = session.scalars(select(OutboxRow).order_by(OutboxRow.seq.desc())).first()
    assert isinstance(raw, str) and row is not None
    assert NOTE in raw and "\\u" not in raw and '", "' not in raw
    assert json.loads(raw) == row.payload and row.payload["text"] == NOTE

    # A push reads the stored text and splices it (desktop.syncing.push.Outgoing).
    stored = Outgoing(row.seq, None, row.state, row.name, raw, row.incident_id)
    body, count = push_body(uuid.uuid4(), [stored])
    assert count == 1 and NOTE.encode() in body and b"\\u" not in body
    [sent] = json.loads(body)["mutations"]
    assert sent["payload"] == row.payload


def test_a_payload_stored_escaped_reads_and_pushes_the_same(store: Store, office: Office) -> None:
    notes.add_note(store, office.incident_id, NOTE)
    with store.write() as session:
        seq, payload = session.execute(select(OutboxRow.seq, OutboxRow.payload)).one()
        escaped = json.dumps(payload)  # as the plain JSON type wrote it before
        assert "\\u" in escaped
        session.execute(
            text("UPDATE outbox SET payload = :p WHERE seq = :s"), {"p": escaped, "s": seq}
        )
    with store.read() as session:
        row = session.get_one(OutboxRow, seq)
        assert row.payload == payload
        body, _ = push_body(uuid.uuid4(), [row])
    assert json.loads(body)["mutations"][0]["payload"] == payload
