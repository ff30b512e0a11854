"""Pull: only what concerns the technician, pages closed under references, reset."""

from __future__ import annotations

import uuid
from typing import Any

from domain.records import Resolution, Status
from sync.server.pull import Cursor
from tests.sync.conftest import Api, World, held, note, status_change


def test_a_technician_pulls_only_what_concerns_them(world: World) -> None:
    changes, _, reset = world.a.pull_all()
    assert not reset
    incidents = held(changes, "incident")
    assert str(world.incident_a) in incidents
    assert str(world.incident_b) not in incidents
    assert set(held(changes, "client")) == {str(world.client_id)}
    assert set(held(changes, "contract")) == {str(world.contract_id)}
    assert set(held(changes, "system")) == {str(world.system_id)}
    assert set(held(changes, "technician")) == {str(world.a_id)}
    assert held(changes, "van_stock")[str(world.part_id)] == {
        "part_id": str(world.part_id),
        "on_hand": 3,
        "as_of": held(changes, "van_stock")[str(world.part_id)]["as_of"],  # type: ignore[index]
    }
    contract = held(changes, "contract")[str(world.contract_id)]
    assert contract is not None
    assert contract["policy"]["targets"]["P1"] == {"respond": 300, "resolve": 14400}
    b_changes, _, _ = world.b.pull_all()
    assert set(held(b_changes, "incident")) == {str(world.incident_b)}
    assert held(b_changes, "van_stock") == {}


def test_incremental_pulls_bring_only_what_changed(world: World) -> None:
    _, cursor, _ = world.a.pull_all()
    nothing, cursor, _ = world.a.pull_all(cursor)
    assert nothing == []
    n = note(world.incident_a, "new")
    world.a.push_ok([world.a.entry(n)])
    changes, cursor, reset = world.a.pull_all(cursor)
    assert not reset
    assert [(c["kind"], c["id"]) for c in changes] == [("entry", str(n.id))]
    assert changes[0]["data"]["text"] == "new"


def _apply_checking_references(changes: list[dict[str, Any]], have: set[tuple[str, str]]) -> None:
    """A laptop applying one page with its foreign keys on."""
    refs = {
        "incident": [
            ("client_id", "client"),
            ("contract_id", "contract"),
            ("system_id", "system"),
            ("assigned_to", "technician"),
        ],
        "contract": [("client_id", "client")],
        "system": [("contract_id", "contract")],
        "van_stock": [("part_id", "part")],
        "entry": [
            ("incident_id", "incident"),
            ("author_id", "technician"),
            ("part_id", "part"),
            ("note_id", "entry"),
            ("voided_id", "entry"),
        ],
    }
    page = {(c["kind"], c["id"]) for c in changes if c["op"] == "put"}
    for c in changes:
        if c["op"] != "put":
            continue
        for key, kind in refs.get(c["kind"], []):
            value = c["data"].get(key)
            if value is not None:
                assert (kind, value) in have | page, (
                    f"{c['kind']} {c['id']} refers to {kind} {value} not sent yet"
                )
    have |= page


def test_pages_have_more_and_each_is_closed_under_references(world: World) -> None:
    api, iid = world.a, world.incident_a
    api.push_ok([api.entry(note(iid, f"note {i}")) for i in range(30)])
    # The incident moves on after its entries: its position is now later than theirs.
    api.push_ok(
        [
            api.entry(status_change(iid, Status.NEW, Status.RESPONDED)),
            api.entry(status_change(iid, Status.RESPONDED, Status.ON_SITE)),
            api.entry(
                status_change(iid, Status.ON_SITE, Status.RESOLVED, resolution=Resolution.FIXED)
            ),
        ]
    )
    have: set[tuple[str, str]] = set()
    cursor: str | None = None
    pages = 0
    everything: list[dict[str, Any]] = []
    while True:
        params: dict[str, Any] = {"limit": 7}
        if cursor:
            params["cursor"] = cursor
        page = api.get("/pull", params=params).json()
        pages += 1
        _apply_checking_references(page["changes"], have)
        everything.extend(page["changes"])
        cursor = page["cursor"]
        if not page["has_more"]:
            break
        assert pages < 100
    assert pages >= 5
    entries = held(everything, "entry")
    assert len(entries) == 33
    assert held(everything, "incident")[str(iid)]["status"] == "resolved"  # type: ignore[index]
    # The same download in one page says the same.
    one, _, _ = api.pull_all(limit=2000)
    assert held(one, "entry") == entries


def test_an_unknown_cursor_answers_reset_and_a_full_download(world: World) -> None:
    full, _, _ = world.a.pull_all()
    for garbage in (
        "garbage",
        "",
        "YzF8eHh4",
        "🙂",
        Cursor("0" * 32, 1, "", uuid.UUID(int=0)).encode(),
    ):
        changes, _, reset = world.a.pull_all(garbage)
        assert reset, garbage
        assert held(changes, "incident") == held(full, "incident")


def test_a_cursor_ahead_of_the_server_answers_reset(world: World) -> None:
    _, cursor, _ = world.a.pull_all()
    ahead = Cursor.decode(cursor)
    assert ahead is not None
    forged = Cursor(ahead.epoch, ahead.position + 10**9, "", uuid.UUID(int=0)).encode()
    _, _, reset = world.a.pull_all(forged)
    assert reset


def test_a_new_epoch_answers_reset_once(world: World) -> None:
    _, cursor, _ = world.a.pull_all()
    world.backend.office.new_epoch()  # a backup was restored
    changes, cursor, reset = world.a.pull_all(cursor)
    assert reset
    assert str(world.incident_a) in held(changes, "incident")
    _, _, reset_again = world.a.pull_all(cursor)
    assert not reset_again


def test_reassignment_moves_the_incident_between_technicians(world: World) -> None:
    iid = world.incident_a
    n = note(iid, "A was here")
    world.a.push_ok([world.a.entry(n)])
    _, a_cursor, _ = world.a.pull_all()
    _, b_cursor, _ = world.b.pull_all()
    r = world.dispatch.post(
        f"/dispatch/incidents/{iid}/assign", json={"technician_id": str(world.b_id)}
    )
    assert r.status_code == 200
    a_changes, _, _ = world.a.pull_all(a_cursor)
    assert held(a_changes, "incident") == {str(iid): None}
    assert held(a_changes, "entry") == {str(n.id): None}
    b_changes, _, _ = world.b.pull_all(b_cursor)
    assert held(b_changes, "incident")[str(iid)]["assigned_to"] == str(world.b_id)  # type: ignore[index]
    assert held(b_changes, "entry")[str(n.id)]["text"] == "A was here"  # type: ignore[index]
    assert str(world.a_id) in held(b_changes, "technician")  # the author's name, for display


def test_an_incident_dispatched_over_http_reaches_the_technician(world: World) -> None:
    body = {
        "number": f"INC-D-{world.tag}",
        "contract_id": str(world.contract_id),
        "system_id": str(world.system_id),
        "priority": "P2",
        "title": "交换机故障 / switch down",
        "assigned_to": str(world.a_id),
    }
    r = world.dispatch.post("/dispatch/incidents", json=body)
    assert r.status_code == 201, r.text
    iid = r.json()["incident"]["id"]
    changes, _, _ = world.a.pull_all()
    assert held(changes, "incident")[iid]["number"] == f"INC-D-{world.tag}"  # type: ignore[index]
    r = world.dispatch.post("/dispatch/incidents", json=body)
    assert r.status_code == 409  # the number is taken


def test_two_laptops_of_one_technician_converge(world: World) -> None:
    """Both work offline, then sync: both end up holding the same records."""
    laptop2 = Api.login(world.a.url, f"a-{world.tag}")
    iid = world.incident_a
    world.a.push_ok(
        [
            world.a.entry(note(iid, "laptop 1")),
            world.a.entry(status_change(iid, Status.NEW, Status.RESPONDED)),
        ]
    )
    body = laptop2.push_ok(
        [
            laptop2.entry(note(iid, "laptop 2")),
            laptop2.entry(status_change(iid, Status.NEW, Status.RESPONDED)),
        ]
    )
    assert body["results"][1]["code"] == "conflict"
    one, _, _ = world.a.pull_all()
    two, _, _ = laptop2.pull_all()
    assert held(one, "entry") == held(two, "entry")
    assert held(one, "incident") == held(two, "incident")
    assert len(held(one, "entry")) == 3
