"""A pull page with its entries' stored JSON spliced in (``Page.json``) reads as the
page built as a model (``Page.response``: every entry parsed, then serialised): the same
answer for the same rows, at every page size, the sizes' cut and the references
included; and what the service sends over HTTP is that answer."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from domain.ids import new_id
from domain.records import (
    Action,
    ActionKind,
    ActionResult,
    Attachment,
    PartUsage,
    Status,
    TimeEntry,
    TimeKind,
    Void,
)
from sync.protocol import PullResponse, Role
from sync.server import pull
from sync.server.auth import Caller
from tests.sync.conftest import T0, World, note, status_change


def _work(world: World) -> None:
    iid = world.incident_a
    text = 'ORA-00600 "kcbzib" \\ 机房 \u2028 \x01\t\n\x7f é 🚒'
    first = note(iid, text)
    action = Action(
        id=new_id(),
        incident_id=iid,
        recorded_at=T0 + timedelta(microseconds=1),
        author_id=None,
        action_kind=ActionKind.RESTART,
        description="restarted the listener",
        result=ActionResult.SUCCEEDED,
    )
    entries = [
        first,
        status_change(iid, Status.NEW, Status.RESPONDED),
        action,
        Attachment(
            id=new_id(),
            incident_id=iid,
            recorded_at=T0,
            author_id=None,
            note_id=first.id,
            sha256="ab" * 32,
            filename="alert.log",
            media_type="text/plain",
            size=12,
        ),
        PartUsage(
            id=new_id(),
            incident_id=iid,
            recorded_at=T0,
            author_id=None,
            part_id=world.part_id,
            quantity=1,
        ),
        TimeEntry(
            id=new_id(),
            incident_id=iid,
            recorded_at=T0,
            author_id=None,
            time_kind=TimeKind.ON_SITE,
            started_at=T0,
            ended_at=T0 + timedelta(hours=1, microseconds=7),
        ),
        Void(
            id=new_id(),
            incident_id=iid,
            recorded_at=T0,
            author_id=None,
            voided_id=action.id,
            reason="wrong incident",
        ),
    ]
    entries += [note(iid, f"note {i}") for i in range(20)]
    answer = world.a.push_ok([world.a.entry(e) for e in entries])
    assert [
        (r["status"], r["message"]) for r in answer["results"] if r["status"] != "applied"
    ] == []


def _pages(world: World, limit: int) -> list[pull.Page]:
    caller = Caller(world.a_id, "a", "A", Role.TECHNICIAN)
    fixed = datetime(2026, 12, 7, 23, 59, 59, tzinfo=UTC)
    pages: list[pull.Page] = []
    cursor: str | None = None
    for _ in range(100):
        page = pull.pull(world.backend.db, caller, cursor, limit, lambda: fixed)
        pages.append(page)
        cursor = page.cursor
        if not page.has_more:
            return pages
    raise AssertionError("the pull never ended")


def test_a_spliced_page_reads_as_the_built_one(world: World) -> None:
    _work(world)
    for limit in (1, 3, 500):
        pages = _pages(world, limit)
        spliced = [p for p in pages if any(isinstance(c, pull.SplicedEntry) for c in p.changes)]
        assert spliced, "no entry was spliced"
        for page in pages:
            for retention in (None, 90):
                sent = page.json(retention)
                built = page.response(retention).model_dump_json()
                assert json.loads(sent) == json.loads(built)
                assert PullResponse.model_validate_json(sent) == PullResponse.model_validate_json(
                    built
                )


def test_the_service_sends_the_spliced_page(world: World) -> None:
    _work(world)
    changes, _, _ = world.a.pull_all(limit=4)
    entries = {c["id"]: c for c in changes if c["kind"] == "entry"}
    assert len(entries) == 27
    assert any(c["kind"] == "part" and c["id"] == str(world.part_id) for c in changes)
    for change in entries.values():
        assert isinstance(change["order"], int)
        received = datetime.fromisoformat(change["received_at"])
        assert received.tzinfo is not None
        assert change["data"]["id"] == change["id"]
        uuid.UUID(change["id"])


def test_wire_times_are_written_as_pydantic_writes_them() -> None:
    for moment in (
        datetime(2026, 12, 7, 23, 1, 2, tzinfo=UTC),
        datetime(2026, 12, 7, 23, 1, 2, 120, tzinfo=UTC),
        datetime(1999, 1, 1, tzinfo=UTC),
    ):
        expected = json.loads(
            PullResponse(
                reset=False, changes=[], cursor="", has_more=False, server_time=moment
            ).model_dump_json()
        )["server_time"]
        stored = moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        assert pull._wire_time(stored) == expected  # SQLite's text
        assert pull._wire_time(moment) == expected  # PostgreSQL's datetime
        assert pull._wire_time(moment.replace(tzinfo=None)) == expected
