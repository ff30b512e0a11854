"""Taking calls, dispatching, people: every wrong input gets its message and loses nothing."""

from __future__ import annotations

import html
import re
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlalchemy import func, select

from domain.records import Priority, Status
from sync.server.models import EntryRow, IncidentRow, UserRow
from tests.console.conftest import Desk, Office
from tests.sync.conftest import Api, held


def _count(office: Office) -> int:
    with office.backend.db.read() as s:
        return s.scalar(select(func.count()).select_from(IncidentRow)) or 0


def _call(office: Office, **change: str) -> dict[str, str]:
    call = {
        "client": office.client_name,
        "contract": str(office.world.contract_id),
        "system": str(office.world.system_id),
        "system_name": "",
        "priority": "P1",
        "channel": "phone",
        "caller": "张主任",
        "phone": "+86 138 1234 5678",
        "title": "数据库主节点宕机 / primary node down",
        "description": "Since 09:10 nothing connects.",
        "notified_at": "",
        "assign": str(office.world.a_id),
        "separate": "yes",  # the world's incidents are open on this system already
    }
    call.update(change)
    return call


def _post_call(office: Office, **change: str) -> requests.Response:
    return office.desk.form("/office/calls", _call(office, **change), page="/office/calls/new")


def test_a_call_becomes_an_assigned_incident_the_laptop_receives(office: Office) -> None:
    answer = _post_call(office)
    assert answer.status_code == 303, answer.text[:2000]
    incident_id = uuid.UUID(answer.headers["location"].split("/")[-1].split("?")[0])
    with office.backend.db.read() as s:
        row = s.get(IncidentRow, incident_id)
        assert row is not None
        assert row.assigned_to == office.world.a_id and row.priority is Priority.P1
        assert row.number.startswith(f"INC-{datetime.now(UTC).year}-")
        assert "张主任" in row.description and "+86 138 1234 5678" in row.description
        assert row.system_id == office.world.system_id
        assert abs(row.notified_at - datetime.now(UTC)) < timedelta(minutes=1)
    page = office.desk.get(answer.headers["location"])
    assert page.status_code == 200 and row.number in page.text
    changes, _, _ = office.world.a.pull_all()
    assert str(incident_id) in held(changes, "incident")


def test_the_first_notice_is_read_in_the_contracts_zone(office: Office) -> None:
    office.backend.office.set_time_zone(office.world.contract_id, "Asia/Shanghai")
    local = datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(minutes=30)
    answer = _post_call(office, notified_at=local.strftime("%Y-%m-%dT%H:%M"), assign="")
    assert answer.status_code == 303, answer.text[:2000]
    incident_id = uuid.UUID(answer.headers["location"].split("/")[-1].split("?")[0])
    with office.backend.db.read() as s:
        row = s.get(IncidentRow, incident_id)
        assert row is not None and row.assigned_to is None
        expected = local.replace(second=0, microsecond=0)
        assert row.notified_at == expected.astimezone(UTC)
    page = office.desk.get(f"/office/incidents/{incident_id}")
    assert "Asia/Shanghai (UTC+08:00)" in page.text
    assert expected.strftime("%Y-%m-%d %H:%M") in page.text


WRONG = [
    ({"client": ""}, "client", "Fill this in."),
    ({"client": "Nobody Ltd"}, "client", "No client by that name"),
    ({"client": "x" * 201}, "client", "At most 200 characters."),
    ({"title": ""}, "title", "Fill this in."),
    ({"title": "t" * 201}, "title", "At most 200 characters."),
    ({"description": "d" * 5001}, "description", "At most 5000 characters."),
    ({"priority": ""}, "priority", "Choose the priority."),
    ({"priority": "P9"}, "priority", "Choose the priority."),
    ({"channel": "pigeon"}, "channel", "Choose how the call came in."),
    ({"phone": "call me maybe"}, "phone", "digits, spaces"),
    ({"system": ""}, "system", "Choose the system"),
    ({"system": str(uuid.uuid4())}, "system", "not in this contract's Annex 1"),
    ({"system": "not-a-uuid"}, "system", "not in this contract's Annex 1"),
    ({"system": "outside", "system_name": ""}, "system_name", "Fill this in."),
    ({"contract": str(uuid.uuid4())}, "contract", "Choose the contract."),
    ({"notified_at": "yesterday"}, "notified_at", "2026-03-02 14:05"),
    ({"notified_at": "2999-01-01T10:00"}, "notified_at", "cannot be in the future"),
    ({"notified_at": "2020-01-01T10:00"}, "notified_at", "more than a month ago"),
    ({"assign": str(uuid.uuid4())}, "assign", "Choose an active technician"),
    ({"assign": "nobody"}, "assign", "Choose an active technician"),
    ({"separate": ""}, "separate", "already has an open incident"),
]


@pytest.mark.parametrize(("change", "field", "message"), WRONG)
def test_a_wrong_call_is_refused_field_by_field_and_keeps_what_was_typed(
    office: Office, change: dict[str, str], field: str, message: str
) -> None:
    before = _count(office)
    answer = _post_call(office, **change)
    assert answer.status_code == 422
    page = html.unescape(answer.text)
    assert message in page
    assert "Not recorded yet" in page
    # What was typed comes back (the title, or what replaced it).
    typed = change.get("title", "数据库主节点宕机 / primary node down")
    assert typed in page
    assert _count(office) == before


def test_a_duplicate_is_pointed_out_as_the_system_is_chosen(office: Office) -> None:
    answer = office.desk.get(
        "/office/calls/duplicates",
        params={
            "client": office.client_name,
            "contract": str(office.world.contract_id),
            "system": str(office.world.system_id),
        },
    )
    assert answer.status_code == 200
    with office.backend.db.read() as s:
        number = s.scalar(
            select(IncidentRow.number).where(IncidentRow.id == office.world.incident_a)
        )
    assert number is not None and number in answer.text
    assert "A separate emergency" in answer.text


def test_the_contract_part_follows_the_client_with_its_targets(office: Office) -> None:
    answer = office.desk.get("/office/calls/contract", params={"client": office.client_name})
    assert answer.status_code == 200
    assert f"EMA-{office.world.tag}" in answer.text
    assert "respond 5 min · resolve 4 h" in answer.text  # the contract's P1
    assert "Oracle RAC 19c" in answer.text
    assert "outside Annex 1" in answer.text


def test_a_call_for_a_system_outside_annex_1(office: Office) -> None:
    answer = _post_call(office, system="outside", system_name="Printer on floor 3", assign="")
    assert answer.status_code == 303, answer.text[:1000]
    incident_id = uuid.UUID(answer.headers["location"].split("/")[-1].split("?")[0])
    page = office.desk.get(f"/office/incidents/{incident_id}")
    assert "outside Annex 1" in page.text and "Printer on floor 3" in page.text


# --- dispatch's actions ---------------------------------------------------------------


def _entries(office: Office, incident_id: uuid.UUID, kind: str) -> list[str]:
    with office.backend.db.read() as s:
        return list(
            s.scalars(
                select(EntryRow.body).where(
                    EntryRow.incident_id == incident_id, EntryRow.kind == kind
                )
            )
        )


def test_reassigning_moves_the_incident_between_laptops(office: Office) -> None:
    w = office.world
    page = f"/office/incidents/{w.incident_a}"
    _, cursor_a, _ = w.a.pull_all()
    answer = office.desk.form(
        f"{page}/assign", {"technician": str(w.b_id), "reason": "A is stuck"}, page=page
    )
    assert answer.status_code == 303
    [body] = _entries(office, w.incident_a, "assignment")
    assert "A is stuck" in body and str(office.dispatcher_id) in body
    changes, _, _ = w.a.pull_all(cursor_a)
    assert held(changes, "incident")[str(w.incident_a)] is None  # A drops it
    changes, _, _ = w.b.pull_all()
    assert held(changes, "incident")[str(w.incident_a)] is not None
    # Back to the queue: nobody holds it.
    answer = office.desk.form(f"{page}/assign", {"technician": "", "reason": ""}, page=page)
    assert answer.status_code == 303
    with office.backend.db.read() as s:
        row = s.get(IncidentRow, w.incident_a)
        assert row is not None and row.assigned_to is None


def test_a_priority_change_needs_a_reason_and_is_logged(office: Office) -> None:
    w = office.world
    page = f"/office/incidents/{w.incident_a}"
    for data, message in (
        ({"priority": "P3", "reason": ""}, "Say why the priority changes."),
        ({"priority": "P3", "reason": "r" * 501}, "At most 500 characters."),
        ({"priority": "P7", "reason": "typo"}, "Choose the priority."),
    ):
        answer = office.desk.form(f"{page}/priority", data, page=page)
        assert answer.status_code == 422 and message in html.unescape(answer.text)
    assert _entries(office, w.incident_a, "priority") == []
    answer = office.desk.form(
        f"{page}/priority", {"priority": "P3", "reason": "only one ward affected"}, page=page
    )
    assert answer.status_code == 303
    [body] = _entries(office, w.incident_a, "priority")
    assert "only one ward affected" in body
    changes, _, _ = w.a.pull_all()
    assert held(changes, "incident")[str(w.incident_a)]["priority"] == "P3"  # type: ignore[index]


def test_cancelling_needs_a_reason_and_the_laptop_gets_it(office: Office) -> None:
    w = office.world
    page = f"/office/incidents/{w.incident_a}"
    answer = office.desk.form(f"{page}/cancel", {"reason": "   "}, page=page)
    assert answer.status_code == 422 and "Say why the incident is cancelled." in answer.text
    answer = office.desk.form(f"{page}/cancel", {"reason": "duplicate of INC-1"}, page=page)
    assert answer.status_code == 303
    with office.backend.db.read() as s:
        row = s.get(IncidentRow, w.incident_a)
        assert row is not None and row.status is Status.CANCELLED
    # Cancelled twice: the rulebook refuses, and says so on the page.
    answer = office.desk.form(f"{page}/cancel", {"reason": "again"}, page=page)
    assert answer.status_code == 409
    changes, _, _ = w.a.pull_all()
    assert held(changes, "incident")[str(w.incident_a)]["status"] == "cancelled"  # type: ignore[index]


def test_an_unknown_incident_is_404(office: Office) -> None:
    assert office.desk.get(f"/office/incidents/{uuid.uuid4()}").status_code == 404
    assert office.desk.get("/office/incidents/INC-NOPE").status_code == 404
    answer = office.desk.form(f"/office/incidents/{uuid.uuid4()}/cancel", {"reason": "x"})
    assert answer.status_code == 404
    assert (
        office.desk.get(
            f"/office/incidents/{office.world.incident_a}/report.pdf?kind=huge"
        ).status_code
        == 404
    )


# --- people ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "", "password": "long enough", "role": "technician"}, "Fill this in."),
        ({"username": "two words", "password": "long enough", "role": "technician"}, "One word"),
        ({"username": "u" * 151, "password": "long enough", "role": "technician"}, "One word"),
        ({"username": "__taken__", "password": "long enough", "role": "technician"}, "taken"),
        ({"username": "__new__", "password": "short", "role": "technician"}, "At least 8"),
        ({"username": "__new__", "password": "long enough", "role": "boss"}, "Choose the role."),
    ],
)
def test_adding_a_person_wrongly_is_refused(
    office: Office, data: dict[str, str], message: str
) -> None:
    data = dict(data)
    if data["username"] == "__taken__":
        data["username"] = f"a-{office.world.tag}"
    if data["username"] == "__new__":
        data["username"] = f"new-{office.world.tag}"
    with office.backend.db.read() as s:
        before = s.scalar(select(func.count()).select_from(UserRow))
    answer = office.desk.form("/office/people", data, page="/office/people")
    assert answer.status_code == 422 and message in html.unescape(answer.text)
    assert "long enough" not in answer.text  # a password is never sent back
    with office.backend.db.read() as s:
        assert s.scalar(select(func.count()).select_from(UserRow)) == before


def test_add_reset_and_deactivate_a_technician(office: Office) -> None:
    name = f"new-{office.world.tag}"
    answer = office.desk.form(
        "/office/people",
        {"username": name, "name": "新人 New", "password": "first password", "role": "technician"},
        page="/office/people",
    )
    assert answer.status_code == 303
    user_id = office.backend.office.user_id(name)
    api = Api.login(office.backend.url, name, "first password")
    short = office.desk.form(
        f"/office/people/{user_id}/password", {"password": "short"}, page="/office/people"
    )
    assert short.status_code == 422
    answer = office.desk.form(
        f"/office/people/{user_id}/password", {"password": "second password"}, page="/office/people"
    )
    assert answer.status_code == 303
    Api.login(office.backend.url, name, "second password")
    answer = office.desk.form(
        f"/office/people/{user_id}/active", {"active": "no"}, page="/office/people"
    )
    assert answer.status_code == 303
    assert api.get("/me").status_code == 401  # their laptop is signed out
    page = office.desk.get("/office/people")
    assert "deactivated" in page.text
    # A dispatcher cannot lock themselves out.
    answer = office.desk.form(
        f"/office/people/{office.dispatcher_id}/active", {"active": "no"}, page="/office/people"
    )
    assert answer.status_code == 409 and "cannot deactivate yourself" in html.unescape(answer.text)


def test_devices_signed_out_and_marked_lost_from_the_people_page(office: Office) -> None:
    tech = f"a-{office.world.tag}"
    laptop = office.world.a
    [device] = [d for d in office.backend.office.devices(tech)]
    page = office.desk.get("/office/people")
    assert f"/devices/{device.id}/lost" in page.text and "last contact" in page.text
    action = f"/office/people/{office.world.a_id}/devices/{device.id}"
    # Another user's device under this one's name, or no such action: nothing happens.
    other = office.backend.office.devices(f"b-{office.world.tag}")[0]
    wrong = office.desk.form(
        f"/office/people/{office.world.a_id}/devices/{other.id}/lost", {}, page="/office/people"
    )
    assert wrong.status_code == 404
    assert office.desk.form(f"{action}/wipe", {}, page="/office/people").status_code == 404
    assert office.world.b.get("/me").status_code == 200
    # Without the page's CSRF token: refused.
    assert office.desk.post(f"{action}/lost", {"csrf": "forged"}).status_code == 403
    answer = office.desk.form(f"{action}/lost", {}, page="/office/people")
    assert answer.status_code == 303
    r = laptop.get("/me")
    assert r.status_code == 401 and r.json()["code"] == "device_lost"
    page = office.desk.get("/office/people")
    assert "erase sent" in page.text
    second = Api.login(office.backend.url, tech)
    [live] = office.backend.office.devices(tech)[:1]
    assert live.state == "active"
    answer = office.desk.form(
        f"/office/people/{office.world.a_id}/devices/{live.id}/revoke", {}, page="/office/people"
    )
    assert answer.status_code == 303 and "done=revoked" in answer.headers["location"]
    r = second.get("/me")
    assert r.status_code == 401 and r.json()["code"] == "device_revoked"


def test_the_language_switch_and_the_chinese_pages(office: Office) -> None:
    desk: Desk = office.desk
    answer = desk.get("/office/lang/zh", params={"next": "/office/board"})
    assert answer.status_code == 303 and answer.headers["location"] == "/office/board"
    page = desk.get("/office/board")
    assert "未结事件" in page.text and 'lang="zh-Hans"' in page.text
    incident = desk.get(f"/office/incidents/{office.world.incident_a}")
    assert "时间线" in incident.text and "调度" in incident.text
    # Somewhere else entirely is not a place to be sent back to.
    answer = desk.get("/office/lang/en", params={"next": "https://evil.example/"})
    assert answer.headers["location"] == "/office/board"


# --- the board's pages and patches ----------------------------------------------------


def test_a_patch_sends_changed_rows_with_their_place_and_names_the_gone(office: Office) -> None:
    w = office.world
    mine = {"technician": str(w.a_id)}  # a filter: only A's incidents (one, new)
    extra = w.incident(w.a_id)
    answer = office.desk.get(
        "/office/board/patch", params={**mine, "ids": f"{w.incident_a},{extra}", "upto": "150"}
    )
    assert answer.status_code == 200
    rows = re.findall(r'<tr id="i-([0-9a-f-]+)"[^>]*data-after="([^"]*)"', answer.text)
    assert {r[0] for r in rows} == {str(w.incident_a), str(extra)}
    first = [r for r in rows if r[1] == ""]
    assert len(first) == 1  # the most urgent goes first, the other follows it
    page = f"/office/incidents/{extra}"
    office.desk.form(f"{page}/cancel", {"reason": "duplicate"}, page=page)
    answer = office.desk.get(
        "/office/board/patch",
        params={**mine, "ids": f"{extra},{w.incident_b},not-an-id", "upto": "150"},
    )
    gone = re.findall(r"<li>([0-9a-f-]+)</li>", answer.text)
    assert set(gone) == {str(extra), str(w.incident_b)}  # cancelled; B's is filtered out
    assert 'id="board-summary"' in answer.text


def test_the_board_comes_in_pages_as_the_dispatcher_scrolls(office: Office) -> None:
    from sync.server.console.app import BOARD_PAGE

    w = office.world
    name = f"many-{w.tag}"
    many = office.backend.office.add_user(name, "Many", "pw")
    made = {str(w.incident(many)) for _ in range(BOARD_PAGE + 5)}
    first = office.desk.get("/office/board", params={"technician": str(many)})
    shown = set(re.findall(r'<tr id="i-([0-9a-f-]+)"', first.text))
    assert len(shown) == BOARD_PAGE and 'class="more"' in first.text
    rest = office.desk.get(
        "/office/board/more", params={"technician": str(many), "offset": str(BOARD_PAGE)}
    )
    more = set(re.findall(r'<tr id="i-([0-9a-f-]+)"', rest.text))
    assert shown | more == made and not shown & more and 'class="more"' not in rest.text


def test_the_incident_page_reads_its_changing_part_again(office: Office) -> None:
    from tests.sync.conftest import note

    w = office.world
    w.a.push_ok([w.a.entry(note(w.incident_a, "RAID controller battery failed", author=w.a_id))])
    answer = office.desk.get(f"/office/incidents/{w.incident_a}/live")
    assert answer.status_code == 200
    assert "RAID controller battery failed" in answer.text and "<html" not in answer.text
    assert office.desk.get(f"/office/incidents/{uuid.uuid4()}/live").status_code == 404
