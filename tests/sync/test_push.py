"""Push: exactly once, rejections that never block, numbers in order, the domain rules."""

from __future__ import annotations

import json
import socket
import time
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from domain.ids import new_id
from domain.records import (
    Attachment,
    Channel,
    ClockPause,
    Incident,
    PartUsage,
    Priority,
    Resolution,
    SignaturePoint,
    SignOff,
    SignOffOutcome,
    Status,
    TimeEntry,
    TimeKind,
    Void,
)
from domain.seal import SEAL_FORMAT, seal_hash
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, MutationName
from sync.protocol.records import from_plain, to_plain
from sync.server.models import ClientStreamRow, EntryRow, VanStockRow
from tests.sync.conftest import T0, Api, World, note, status_change


def _count_entries(world: World, incident_id: uuid.UUID) -> int:
    with world.backend.db.read() as s:
        return int(s.scalar(select(func.count()).where(EntryRow.incident_id == incident_id)) or 0)


def _statuses(body: dict[str, Any]) -> list[str]:
    return [r["status"] for r in body["results"]]


def test_the_same_push_twice_applies_once(world: World) -> None:
    batch = [world.a.entry(note(world.incident_a, f"note {i}")) for i in range(5)]
    first = world.a.push_ok(batch)
    assert _statuses(first) == ["applied"] * 5
    assert first["last_applied"] == 5
    again = world.a.push_ok(batch)
    assert _statuses(again) == ["already_applied"] * 5
    assert again["last_applied"] == 5
    assert _count_entries(world, world.incident_a) == 5


def _raw_push(url: str, token: str, body: dict[str, Any]) -> socket.socket:
    """Send a push on a bare socket and return it without reading the answer."""
    host, port = url.removeprefix("http://").split(":")
    data = json.dumps(body).encode()
    head = (
        f"POST /push HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\nAuthorization: Bearer {token}\r\n"
        f"{PROTOCOL_HEADER}: {PROTOCOL_VERSION}\r\nConnection: close\r\n\r\n"
    ).encode()
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(head + data)
    return sock


def _last_seq(world: World, client_id: uuid.UUID) -> int:
    with world.backend.db.read() as s:
        return int(
            s.scalar(select(ClientStreamRow.last_seq).where(ClientStreamRow.client_id == client_id))
            or 0
        )


def test_a_reply_lost_after_the_commit_does_not_duplicate(world: World) -> None:
    api = world.a
    batch = [api.entry(note(world.incident_a, f"lost reply {i}")) for i in range(3)]
    assert api.token
    sock = _raw_push(api.url, api.token, {"client_id": str(api.client_id), "mutations": batch})
    deadline = time.monotonic() + 20
    while _last_seq(world, api.client_id) < 3:  # the server committed…
        assert time.monotonic() < deadline, "the push was never applied"
        time.sleep(0.02)
    sock.close()  # …and the laptop never read the answer
    retry = api.push_ok(batch)
    assert _statuses(retry) == ["already_applied"] * 3
    assert _count_entries(world, world.incident_a) == 3


def test_a_connection_cut_right_after_the_request_then_a_retry_applies_once(world: World) -> None:
    api = world.a
    batch = [api.entry(note(world.incident_a, f"cut {i}")) for i in range(4)]
    assert api.token
    sock = _raw_push(api.url, api.token, {"client_id": str(api.client_id), "mutations": batch})
    sock.close()  # whether or not the server got to it, the retry must make it exactly once
    retry = api.push_ok(batch)
    assert set(_statuses(retry)) <= {"applied", "already_applied"}
    assert retry["last_applied"] == 4
    assert _count_entries(world, world.incident_a) == 4


def test_a_rejected_mutation_uses_its_number_and_never_blocks(world: World) -> None:
    api = world.a
    good1 = api.entry(note(world.incident_a, "before"))
    bad = api.mutation(MutationName.ENTRY_ADD, {"kind": "note", "id": "not-a-uuid"})
    good2 = api.entry(note(world.incident_a, "after"))
    body = api.push_ok([good1, bad, good2])
    assert _statuses(body) == ["applied", "rejected", "applied"]
    assert body["results"][1]["code"] == "invalid"
    assert "id" in body["results"][1]["message"]
    assert body["last_applied"] == 3
    # A mutation that is always rejected stays rejected, and the queue goes on.
    # Sent again (a lost reply), each gets its first answer, the refusal included.
    again = api.push_ok([good1, bad, good2])
    assert _statuses(again) == ["already_applied", "rejected", "already_applied"]
    assert again["results"][1]["code"] == "invalid"
    assert again["results"][1]["message"] == body["results"][1]["message"]
    nxt = api.push_ok([api.entry(note(world.incident_a, "later"))])
    assert _statuses(nxt) == ["applied"]


def test_unknown_mutations_are_rejected_not_fatal(world: World) -> None:
    api = world.a
    body = api.push_ok([api.mutation("incident.teleport", {}), api.entry(note(world.incident_a))])
    assert _statuses(body) == ["rejected", "applied"]
    assert body["results"][0]["code"] == "unknown_mutation"


def test_a_gap_in_the_numbers_is_refused_with_the_number_expected(world: World) -> None:
    api = world.a
    api.push_ok([api.entry(note(world.incident_a))])  # 1
    api.seq += 1  # 2 is lost on the way
    r = api.push([api.entry(note(world.incident_a))])  # 3
    assert r.status_code == 409
    assert r.json()["code"] == "sequence_gap"
    assert r.json()["expected_seq"] == 2
    assert _count_entries(world, world.incident_a) == 1


def test_numbers_out_of_order_in_one_push_are_refused(world: World) -> None:
    api = world.a
    m1, m2 = api.entry(note(world.incident_a)), api.entry(note(world.incident_a))
    r = api.push([m2, m1])
    assert r.status_code == 409
    assert r.json()["code"] == "sequence_gap"
    assert r.json()["expected_seq"] == 1
    r = api.push([m1, m1])
    assert r.status_code == 409
    assert _count_entries(world, world.incident_a) == 0


def test_a_new_client_starts_at_one(world: World) -> None:
    r = world.a.push(
        [{"seq": 7, "name": MutationName.ENTRY_ADD, "payload": {}}], client_id=uuid.uuid4()
    )
    assert r.status_code == 409
    assert r.json()["expected_seq"] == 1


def test_an_empty_push_tells_the_last_number(world: World) -> None:
    api = world.a
    api.push_ok([api.entry(note(world.incident_a)), api.entry(note(world.incident_a))])
    body = api.push_ok([])
    assert body["last_applied"] == 2
    assert body["results"] == []


def test_a_client_id_belongs_to_one_technician(world: World) -> None:
    world.a.push_ok([world.a.entry(note(world.incident_a))])
    r = world.b.push([world.b.entry(note(world.incident_b))], client_id=world.a.client_id)
    assert r.status_code == 403
    assert r.json()["code"] == "client_mismatch"


def test_status_changes_follow_the_graph(world: World) -> None:
    api, iid = world.a, world.incident_a
    body = api.push_ok(
        [
            api.entry(status_change(iid, Status.NEW, Status.RESPONDED)),
            api.entry(status_change(iid, Status.RESPONDED, Status.RESOLVED)),  # no such edge
            api.entry(status_change(iid, Status.RESPONDED, Status.ON_SITE)),
            api.entry(status_change(iid, Status.ON_SITE, Status.RESOLVED)),  # fixed or workaround?
            api.entry(
                status_change(
                    iid, Status.ON_SITE, Status.RESOLVED, resolution=Resolution.WORKAROUND
                )
            ),
        ]
    )
    assert _statuses(body) == ["applied", "rejected", "applied", "rejected", "applied"]
    assert body["results"][1]["code"] == "invalid_transition"
    assert body["results"][3]["code"] == "invalid"
    view = world.dispatch.get(f"/dispatch/incidents/{iid}").json()
    assert view["incident"]["status"] == "resolved"
    assert view["incident"]["resolution"] == "workaround"
    assert view["incident"]["responded_at"] is not None


def test_a_stale_from_status_is_a_conflict_naming_the_current_status(world: World) -> None:
    """Two laptops of one technician both move the incident on from `new`."""
    iid = world.incident_a
    laptop2 = Api.login(world.a.url, f"a-{world.tag}")
    first = world.a.push_ok([world.a.entry(status_change(iid, Status.NEW, Status.RESPONDED))])
    assert _statuses(first) == ["applied"]
    second = laptop2.push_ok(
        [
            laptop2.entry(status_change(iid, Status.NEW, Status.CANCELLED)),
            laptop2.entry(note(iid, "still recorded: entries never conflict")),
        ]
    )
    assert _statuses(second) == ["rejected", "applied"]
    result = second["results"][0]
    assert result["code"] == "conflict"
    assert result["current_status"] == "responded"
    assert "responded" in result["message"]


def test_status_changes_in_one_push_each_see_the_one_before(world: World) -> None:
    """The service judges every entry of a push against the incident as the push's
    earlier entries left it (it keeps the incident as a record once per push)."""
    api, iid = world.a, world.incident_a
    body = api.push_ok(
        [
            api.entry(status_change(iid, Status.NEW, Status.RESPONDED)),
            api.entry(note(iid, "on the phone with the client")),
            api.entry(status_change(iid, Status.RESPONDED, Status.TRAVELLING)),
            api.entry(status_change(iid, Status.RESPONDED, Status.CANCELLED)),  # stale now
            api.entry(status_change(iid, Status.TRAVELLING, Status.ON_SITE)),
        ]
    )
    assert _statuses(body) == ["applied", "applied", "applied", "rejected", "applied"]
    assert body["results"][3]["current_status"] == "travelling"


def test_clock_skew_of_days_changes_nothing_about_order(world: World) -> None:
    """A laptop whose clock is days behind: the server orders by its own order."""
    api, iid = world.a, world.incident_a
    late = note(iid, "sent first, clock 3 days behind", at=T0 - timedelta(days=3))
    early = note(iid, "sent second, clock 5 days ahead", at=T0 + timedelta(days=5))
    api.push_ok([api.entry(late)])
    api.push_ok(
        [api.entry(status_change(iid, Status.NEW, Status.RESPONDED, at=T0 - timedelta(days=9)))]
    )
    api.push_ok([api.entry(early)])
    view = world.dispatch.get(f"/dispatch/incidents/{iid}").json()
    texts = [e["entry"].get("text") or e["entry"]["kind"] for e in view["entries"]]
    assert texts == ["sent first, clock 3 days behind", "status", "sent second, clock 5 days ahead"]
    orders = [e["server_order"] for e in view["entries"]]
    assert orders == sorted(orders)
    # The laptop's times are kept as they were written, for display.
    assert view["entries"][0]["entry"]["recorded_at"].startswith("2026-02-27")


def _resolve(world: World, iid: uuid.UUID) -> list[Any]:
    """Work on ``iid`` up to resolved; return the entries the laptop recorded."""
    api = world.a
    work: list[Any] = [
        note(iid, "signed for"),
        status_change(iid, Status.NEW, Status.RESPONDED),
        status_change(iid, Status.RESPONDED, Status.ON_SITE),
        status_change(iid, Status.ON_SITE, Status.RESOLVED, resolution=Resolution.FIXED),
    ]
    assert set(_statuses(api.push_ok([api.entry(e) for e in work]))) == {"applied"}
    return work


def _sign_off(
    world: World, iid: uuid.UUID, sealed: list[Any], *, seal: str | None = None
) -> SignOff:
    changes, _, _ = world.a.pull_all()
    incident = from_plain(Incident, next(c["data"] for c in changes if c["id"] == str(iid)))
    return SignOff(
        id=new_id(),
        incident_id=iid,
        recorded_at=T0 + timedelta(hours=2),
        author_id=None,
        outcome=SignOffOutcome.RESOLVED,
        signer_name="张主任",
        signer_role="IT 主管",
        strokes=((SignaturePoint(0, 0, 0), SignaturePoint(120, 40, 16, 500)),),
        signature_sha256=None,
        seal=seal or seal_hash(incident, sealed),
        seal_format=SEAL_FORMAT,
        sealed_entry_ids=tuple(e.id for e in sealed),
    )


def test_a_signed_off_incident_keeps_what_was_sealed(world: World) -> None:
    api, iid = world.a, world.incident_a
    work = _resolve(world, iid)
    signed = _sign_off(world, iid, work)
    body = api.push_ok(
        [api.entry(signed), api.entry(status_change(iid, Status.RESOLVED, Status.SIGNED_OFF))]
    )
    assert _statuses(body) == ["applied", "applied"]
    view = world.dispatch.get(f"/dispatch/incidents/{iid}").json()
    assert [e["seal_verified"] for e in view["entries"] if e["entry"]["kind"] == "sign_off"] == [
        True
    ]
    addendum = note(iid, "addendum: client called back, all fine")

    def void(target: uuid.UUID) -> Void:
        return Void(
            id=new_id(),
            incident_id=iid,
            recorded_at=T0,
            author_id=None,
            voided_id=target,
            reason="x",
        )

    pause = ClockPause(
        id=new_id(), incident_id=iid, recorded_at=T0, author_id=None, reason="waiting"
    )
    again = _sign_off(world, iid, work)
    body = api.push_ok(
        [
            api.entry(void(work[0].id)),  # sealed
            api.entry(void(signed.id)),  # the sign-off itself
            api.entry(pause),  # the clock stopped for good
            api.entry(again),  # one sign-off per incident
            api.entry(status_change(iid, Status.SIGNED_OFF, Status.ON_SITE)),
            api.entry(addendum),  # work after the signature is an addendum
            api.entry(void(addendum.id)),  # an addendum is not sealed
            api.entry(status_change(iid, Status.SIGNED_OFF, Status.CLOSED)),
            api.entry(note(iid, "after closing")),
        ]
    )
    assert [r["status"] for r in body["results"]] == ["rejected"] * 5 + ["applied"] * 3 + [
        "rejected"
    ]
    assert {r["code"] for r in body["results"] if r["status"] == "rejected"} == {"sealed"}
    assert _count_entries(world, iid) == len(work) + 2 + 3


def test_signed_off_only_through_a_sign_off(world: World) -> None:
    api, iid = world.a, world.incident_a
    work = _resolve(world, iid)
    body = api.push_ok([api.entry(status_change(iid, Status.RESOLVED, Status.SIGNED_OFF))])
    assert body["results"][0]["code"] == "invalid"
    # A seal the server cannot rebuild (the laptop saw other data) cannot stand: every
    # copy of the record would show it broken. Refused, and the status stays resolved.
    forged = _sign_off(world, iid, work, seal="0" * 64)
    body = api.push_ok(
        [api.entry(forged), api.entry(status_change(iid, Status.RESOLVED, Status.SIGNED_OFF))]
    )
    assert _statuses(body) == ["rejected", "rejected"]
    assert [r["code"] for r in body["results"]] == ["conflict", "invalid"]
    assert "differs from the office's record" in body["results"][0]["message"]
    assert body["results"][0]["explanation"]["context"] == "Rules"
    honest = _sign_off(world, iid, work)
    body = api.push_ok(
        [api.entry(honest), api.entry(status_change(iid, Status.RESOLVED, Status.SIGNED_OFF))]
    )
    assert _statuses(body) == ["applied", "applied"]
    view = world.dispatch.get(f"/dispatch/incidents/{iid}").json()
    assert [e["seal_verified"] for e in view["entries"] if e["entry"]["kind"] == "sign_off"] == [
        True
    ]
    # Not resolved: no sign-off.
    other = world.incident(world.a_id)
    early = _sign_off(world, other, [])
    assert api.push_ok([api.entry(early)])["results"][0]["code"] == "conflict"


def test_technicians_write_only_on_their_own_incidents(world: World) -> None:
    body = world.a.push_ok(
        [
            world.a.entry(note(world.incident_b, "not mine")),
            world.a.entry(status_change(world.incident_b, Status.NEW, Status.RESPONDED)),
            world.a.entry(note(new_id(), "no such incident")),
            world.a.entry(note(world.incident_a, "as someone else", author=world.b_id)),
        ]
    )
    assert [r["code"] for r in body["results"]] == [
        "forbidden",
        "forbidden",
        "not_found",
        "forbidden",
    ]
    assert _count_entries(world, world.incident_b) == 0


def test_dispatch_assignment_wins(world: World) -> None:
    iid = world.incident_a
    world.a.push_ok([world.a.entry(note(iid, "before the reassignment"))])
    r = world.dispatch.post(
        f"/dispatch/incidents/{iid}/assign", json={"technician_id": str(world.b_id)}
    )
    assert r.status_code == 200, r.text
    refused = world.a.push_ok([world.a.entry(note(iid, "offline, after it moved to B"))])
    assert refused["results"][0]["code"] == "forbidden"
    accepted = world.b.push_ok([world.b.entry(note(iid, "B carries on"))])
    assert _statuses(accepted) == ["applied"]
    # A technician cannot assign: an incident created with someone else's name is refused.
    payload = _walk_up(world, assigned_to=world.b_id)
    body = world.a.push_ok([world.a.mutation(MutationName.INCIDENT_CREATE, payload)])
    assert body["results"][0]["code"] == "forbidden"
    r = world.a.post(f"/dispatch/incidents/{iid}/assign", json={"technician_id": str(world.a_id)})
    assert r.status_code == 403


def _walk_up(world: World, **changes: Any) -> dict[str, Any]:
    incident = Incident(
        id=new_id(),
        number=f"W-{world.tag}-{new_id().hex[-4:]}",
        client_id=world.client_id,
        contract_id=world.contract_id,
        system_id=world.system_id,
        system_name="Oracle RAC 19c",
        priority=Priority.P2,
        channel=Channel.WALK_UP,
        title="请求协助 / asked on site",
        description="",
        notified_at=T0,
        status=Status.NEW,
        assigned_to=world.a_id,
    )
    payload: dict[str, Any] = to_plain(incident)
    payload.update({k: (str(v) if isinstance(v, uuid.UUID) else v) for k, v in changes.items()})
    return payload


def test_an_incident_opened_on_site_syncs_with_its_work(world: World) -> None:
    api = world.a
    payload = _walk_up(world, assigned_to=None)
    iid = uuid.UUID(payload["id"])
    batch = [
        api.mutation(MutationName.INCIDENT_CREATE, payload),
        api.entry(status_change(iid, Status.NEW, Status.RESPONDED)),
        api.entry(status_change(iid, Status.RESPONDED, Status.ON_SITE)),
        api.entry(note(iid, "opened on site")),
    ]
    body = api.push_ok(batch)
    assert _statuses(body) == ["applied"] * 4
    # The same incident again under a new number is harmless; a taken number is not.
    again = api.push_ok([api.mutation(MutationName.INCIDENT_CREATE, payload)])
    assert _statuses(again) == ["already_applied"]
    clash = _walk_up(world)
    clash["number"] = payload["number"]
    dup = api.push_ok([api.mutation(MutationName.INCIDENT_CREATE, clash)])
    assert dup["results"][0]["code"] == "duplicate"
    bad = _walk_up(world, status="on_site")
    assert (
        api.push_ok([api.mutation(MutationName.INCIDENT_CREATE, bad)])["results"][0]["code"]
        == "invalid"
    )
    changes, _, _ = api.pull_all()
    incident = next(c for c in changes if c["kind"] == "incident" and c["id"] == str(iid))
    assert incident["data"]["status"] == "on_site"
    assert incident["data"]["assigned_to"] == str(world.a_id)


def test_voids_and_part_usage_keep_the_van_count(world: World) -> None:
    api, iid = world.a, world.incident_a
    use = PartUsage(
        id=new_id(),
        incident_id=iid,
        recorded_at=T0,
        author_id=None,
        part_id=world.part_id,
        quantity=2,
    )
    body = api.push_ok([api.entry(use)])
    assert _statuses(body) == ["applied"]

    def on_hand() -> int:
        with world.backend.db.read() as s:
            row = s.get(VanStockRow, (world.a_id, world.part_id))
            assert row is not None
            return row.on_hand

    assert on_hand() == 1
    void = Void(
        id=new_id(),
        incident_id=iid,
        recorded_at=T0,
        author_id=None,
        voided_id=use.id,
        reason="wrong part",
    )
    twice = Void(
        id=new_id(),
        incident_id=iid,
        recorded_at=T0,
        author_id=None,
        voided_id=use.id,
        reason="again",
    )
    body = api.push_ok([api.entry(void), api.entry(twice)])
    assert _statuses(body) == ["applied", "rejected"]
    assert body["results"][1]["code"] == "conflict"
    assert on_hand() == 3
    unknown = PartUsage(
        id=new_id(), incident_id=iid, recorded_at=T0, author_id=None, part_id=new_id(), quantity=1
    )
    assert api.push_ok([api.entry(unknown)])["results"][0]["code"] == "not_found"
    changes, _, _ = api.pull_all()
    stock = [c for c in changes if c["kind"] == "van_stock" and c["id"] == str(world.part_id)]
    assert stock[-1]["data"]["on_hand"] == 3


def test_entry_rules(world: World) -> None:
    api, iid = world.a, world.incident_a
    backwards = TimeEntry(
        id=new_id(),
        incident_id=iid,
        recorded_at=T0,
        author_id=None,
        time_kind=TimeKind.ON_SITE,
        started_at=T0,
        ended_at=T0 - timedelta(hours=1),
    )
    n = note(iid)
    body = api.push_ok(
        [
            api.entry(backwards),
            api.mutation(
                MutationName.ENTRY_ADD,
                {**json.loads(json.dumps(to_plain(n))), "kind": "note", "extra": 1},
            ),
            api.mutation(
                MutationName.ENTRY_ADD,
                {"kind": "status", **to_plain(status_change(iid, Status.NEW, Status.RESPONDED))},
            ),
            api.entry(n),
            api.mutation(
                MutationName.ENTRY_ADD,
                {"kind": "note", **to_plain(n), "text": "same id, other text"},
            ),
        ]
    )
    assert [r["status"] for r in body["results"]] == [
        "rejected",
        "rejected",
        "rejected",
        "applied",
        "rejected",
    ]
    assert [r["code"] for r in body["results"]] == [
        "invalid",
        "invalid",
        "invalid",
        None,
        "duplicate",
    ]


def test_an_attachment_before_its_bytes_is_kept_as_pending(world: World) -> None:
    import hashlib

    data = b"dmesg output\n" * 100
    sha = hashlib.sha256(data).hexdigest()
    api, iid = world.a, world.incident_a
    parent = note(iid, "see attached")
    attachment = Attachment(
        id=new_id(),
        incident_id=iid,
        recorded_at=T0,
        author_id=None,
        note_id=parent.id,
        sha256=sha,
        filename="dmesg.txt",
        media_type="text/plain",
        size=len(data),
    )
    body = api.push_ok([api.entry(parent), api.entry(attachment)])
    assert _statuses(body) == ["applied", "applied"]
    assert body["results"][1]["missing_blob"] == sha
    assert body["missing_blobs"] == [sha]
    view = world.dispatch.get(f"/dispatch/incidents/{iid}").json()
    assert [e["blob_pending"] for e in view["entries"]] == [False, True]
    assert api.put(f"/blobs/{sha}", data=data).status_code == 200
    view = world.dispatch.get(f"/dispatch/incidents/{iid}").json()
    assert [e["blob_pending"] for e in view["entries"]] == [False, False]
