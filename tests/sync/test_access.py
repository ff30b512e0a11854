"""Who may do what, tokens, the protocol version, and garbage that must answer 4xx."""

from __future__ import annotations

import hashlib
import json

import requests

from domain.ids import new_id
from domain.records import Attachment
from sync.protocol import MIN_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION, MutationName
from tests.sync.conftest import T0, Api, World, expire_tokens, note


def test_the_access_matrix(world: World) -> None:
    a, b, d = world.a, world.b, world.dispatch
    data = b"photo of the failed PSU"
    sha = hashlib.sha256(data).hexdigest()
    attachment = Attachment(
        id=new_id(),
        incident_id=world.incident_a,
        recorded_at=T0,
        author_id=None,
        note_id=None,
        sha256=sha,
        filename="psu.jpg",
        media_type="image/jpeg",
        size=len(data),
    )
    a.push_ok([a.entry(attachment)])
    assert a.put(f"/blobs/{sha}", data=data).status_code == 200
    view = f"/dispatch/incidents/{world.incident_a}"
    assign = f"/dispatch/incidents/{world.incident_a}/assign"
    expected = {
        # (technician A, technician B, dispatcher)
        ("GET", "/pull"): (200, 200, 403),
        ("POST", "/push"): (200, 200, 403),
        ("GET", f"/blobs/{sha}"): (200, 404, 200),  # to B, it does not exist
        ("GET", view): (403, 403, 200),
        ("POST", assign): (403, 403, 200),
        ("GET", "/dispatch/technicians"): (403, 403, 200),
        ("GET", "/me"): (200, 200, 200),
    }
    for (method, path), codes in expected.items():
        for api, code in zip((a, b, d), codes, strict=True):
            if method == "GET":
                r = api.get(path)
            elif path == "/push":
                r = api.push([])
            else:
                r = api.post(path, json={"technician_id": str(world.a_id)})
            assert r.status_code == code, (method, path, api is a, api is b, r.text)
            if code == 403:
                assert r.json()["code"] in ("forbidden", "client_mismatch")
            if code == 404:
                assert r.json()["code"] == "not_found"
    # B can neither read nor write A's incident through a push.
    body = b.push_ok([b.entry(note(world.incident_a, "B on A's incident"))])
    assert body["results"][0]["code"] == "forbidden"


def test_no_token_or_an_unknown_one_is_401(world: World) -> None:
    anon = Api(world.a.url)
    r = anon.get("/pull")
    assert r.status_code == 401
    assert r.json()["code"] == "unauthenticated"
    assert "Bearer" in r.headers["WWW-Authenticate"]
    anon.token = "not-a-token"
    assert anon.get("/pull").json()["code"] == "unauthenticated"


def test_login_failures_are_401_bad_credentials(world: World) -> None:
    api = Api(world.a.url)
    for user, password in ((f"a-{world.tag}", "wrong"), ("nobody-here", "pw")):
        r = api.post("/login", json={"username": user, "password": password, "device_name": "x"})
        assert r.status_code == 401
        assert r.json()["code"] == "bad_credentials"


def test_an_expired_token_is_401_token_expired_and_the_numbers_go_on(world: World) -> None:
    api = world.a
    api.push_ok([api.entry(note(world.incident_a, "before expiry"))])
    expire_tokens(world.backend, world.a_id)
    pending = [api.entry(note(world.incident_a, "written while expired"))]
    r = api.push(pending)
    assert r.status_code == 401
    assert r.json()["code"] == "token_expired"
    fresh = Api.login(api.url, f"a-{world.tag}")
    api.token = fresh.token  # the laptop logs in again and keeps its outbox and client id
    body = api.push_ok(pending)
    assert [x["status"] for x in body["results"]] == ["applied"]
    assert body["last_applied"] == 2


def test_logout_ends_the_token(world: World) -> None:
    r = world.b.post("/logout")
    assert r.status_code == 204
    assert world.b.get("/pull").json()["code"] == "unauthenticated"


def test_the_protocol_version_is_checked_on_every_request(world: World) -> None:
    url = world.a.url
    headers = {"Authorization": f"Bearer {world.a.token}"}
    r = requests.get(f"{url}/pull", headers=headers, timeout=10)
    assert r.status_code == 400
    assert r.json()["code"] == "protocol_missing"
    r = requests.get(f"{url}/pull", headers={**headers, PROTOCOL_HEADER: "one"}, timeout=10)
    assert r.json()["code"] == "protocol_invalid"
    # A version-1 laptop pairs pauses by its own clock: it is told to update.
    r = requests.post(f"{url}/login", headers={PROTOCOL_HEADER: "1"}, json={}, timeout=10)
    assert r.status_code == 426
    assert r.json()["code"] == "upgrade_required"
    assert "update" in r.json()["message"].lower()
    assert r.json()["min_protocol"] == MIN_PROTOCOL_VERSION == 2
    assert r.headers[PROTOCOL_HEADER] == str(PROTOCOL_VERSION)
    r = requests.get(f"{url}/pull", headers={**headers, PROTOCOL_HEADER: "99"}, timeout=10)
    assert r.status_code == 400
    assert r.json()["code"] == "protocol_unsupported"
    r = requests.get(f"{url}/health", timeout=10)
    assert r.status_code == 200
    assert r.json()["protocol"] == PROTOCOL_VERSION
    assert world.a.get("/pull").headers[PROTOCOL_HEADER] == str(PROTOCOL_VERSION)


def test_garbage_gets_a_4xx_with_a_reason_never_a_500(world: World) -> None:
    api = world.a
    json_headers = {"Content-Type": "application/json"}
    cases: list[tuple[str, str, dict[str, object]]] = [
        ("POST", "/push", {"data": b"{not json", "headers": json_headers}),
        ("POST", "/push", {"data": b"\xff\xfe\x00garbage", "headers": json_headers}),
        ("POST", "/push", {"data": b"[" * 100_000 + b"]" * 100_000, "headers": json_headers}),
        ("POST", "/push", {"json": []}),
        ("POST", "/push", {"json": {"client_id": 5, "mutations": "many"}}),
        ("POST", "/push", {"json": {"client_id": str(api.client_id), "mutations": [], "extra": 1}}),
        (
            "POST",
            "/push",
            {
                "json": {
                    "client_id": str(api.client_id),
                    "mutations": [{"seq": -1, "name": "x", "payload": {}}],
                }
            },
        ),
        (
            "POST",
            "/push",
            {
                "json": {
                    "client_id": str(api.client_id),
                    "mutations": [{"seq": 1, "name": "x", "payload": []}],
                }
            },
        ),
        (
            "POST",
            "/push",
            {
                "json": {
                    "client_id": str(api.client_id),
                    "mutations": [{"seq": 1, "name": "", "payload": {}}] * 1001,
                }
            },
        ),
        ("POST", "/push", {"data": b"x" * (9 * 1024 * 1024), "headers": json_headers}),
        (
            "POST",
            "/push",
            {"data": (b"x" * 65536 for _ in range(200)), "headers": json_headers},
        ),  # chunked, 13 MB
        (
            "POST",
            "/login",
            {"json": {"username": "x" * 10_000, "password": "p", "device_name": "d"}},
        ),
        ("POST", "/login", {"data": b"username=x&password=y"}),
        ("GET", "/pull", {"params": {"limit": "zero"}}),
        ("GET", "/pull", {"params": {"limit": 0}}),
        ("GET", "/pull", {"params": {"cursor": "x" * 10_000}}),
        ("GET", "/dispatch/incidents/not-a-uuid", {}),
        ("GET", "/no/such/path", {}),
        ("DELETE", "/push", {}),
        ("PUT", "/blobs/XYZ", {"data": b"abc"}),
        (
            "GET",
            "/blobs/" + "0" * 64 + "/status",
            {"headers": {"Authorization": "Basic Zm9vOmJhcg=="}},
        ),
    ]
    for method, path, kwargs in cases:
        r = api.http.request(
            method,
            api.url + path,
            timeout=60,
            **{"headers": {"Authorization": f"Bearer {api.token}"}, **kwargs},  # type: ignore[arg-type]
        )
        assert 400 <= r.status_code < 500, (method, path, r.status_code, r.text[:300])
        body = r.json()
        assert body["code"] and body["message"], body
    # Mutations full of garbage are rejected one by one, with reasons.
    odd = [
        {
            "kind": "note",
            "id": str(new_id()),
            "incident_id": str(world.incident_a),
            "recorded_at": "yesterday",
            "author_id": None,
            "text": "x",
        },
        {
            "kind": "note",
            "id": str(new_id()),
            "incident_id": str(world.incident_a),
            "recorded_at": "2026-01-01T00:00:00Z",
            "author_id": None,
            "text": 42,
        },
        {
            "kind": "note",
            "id": str(new_id()),
            "incident_id": str(world.incident_a),
            "recorded_at": "2026-01-01T00:00:00Z",
            "author_id": None,
            "text": "nul\x00",
        },
        {"kind": ["note"]},
        {
            "kind": "part_usage",
            "id": str(new_id()),
            "incident_id": str(world.incident_a),
            "recorded_at": "2026-01-01T00:00:00Z",
            "author_id": None,
            "part_id": str(world.part_id),
            "quantity": 10**30,
        },
        json.loads('{"kind": "note", "nested": {"deep": [1, 2, {"x": null}]}}'),
    ]
    body = api.push_ok([api.mutation(MutationName.ENTRY_ADD, p) for p in odd])
    assert [r["status"] for r in body["results"]] == ["rejected"] * len(odd)
    assert all(r["message"] for r in body["results"])
