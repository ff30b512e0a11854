"""Who may use the console, and what it refuses: sessions, roles, CSRF, headers."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sync.server.models import IncidentRow, TokenRow
from tests.console.conftest import Desk, Office
from tests.sync.conftest import Api

PAGES = (
    "/office/board",
    "/office/board/body",
    "/office/board/more",
    "/office/board/patch",
    "/office/calls/new",
    "/office/calls/contract",
    "/office/calls/duplicates",
    "/office/people",
)


def _tokens(office: Office, username: str) -> int:
    with office.backend.db.read() as s:
        user_id = office.backend.office.user_id(username)
        return s.scalar(select(func.count()).where(TokenRow.user_id == user_id)) or 0


def test_every_page_sends_a_stranger_to_sign_in(office: Office) -> None:
    stranger = Desk(office.backend.url)
    incident = f"/office/incidents/{office.world.incident_a}"
    for path in (*PAGES, incident, f"{incident}/report.pdf", "/office/events"):
        answer = stranger.get(path)
        assert answer.status_code in (303, 401), path
        if answer.status_code == 303:
            assert answer.headers["location"].startswith("/office/login?next=")


def test_a_technicians_login_is_refused_and_leaves_no_session(office: Office) -> None:
    tech = f"a-{office.world.tag}"
    before = _tokens(office, tech)
    desk = Desk(office.backend.url)
    answer = desk.sign_in(tech)
    assert answer.status_code == 401
    assert "Technicians use the laptop" in answer.text
    assert "fieldbook_console" not in desk.http.cookies
    assert _tokens(office, tech) == before  # the token was rolled back


def test_a_technicians_device_token_opens_no_page(office: Office) -> None:
    """Every page checks the role, not only the sign-in form."""
    desk = Desk(office.backend.url)
    desk.http.cookies.set("fieldbook_console", office.world.a.token or "", path="/office")
    for path in (*PAGES, f"/office/incidents/{office.world.incident_a}"):
        answer = desk.get(path)
        assert answer.status_code == 403, path
        assert "Technicians use the laptop" in answer.text


@pytest.mark.parametrize(
    ("username", "password"),
    [("", "pw"), ("nobody-here", "pw"), ("__dispatcher__", "wrong"), ("__dispatcher__", "")],
)
def test_wrong_credentials_are_refused(office: Office, username: str, password: str) -> None:
    name = office.dispatcher if username == "__dispatcher__" else username
    answer = Desk(office.backend.url).sign_in(name, password)
    assert answer.status_code == 401
    assert "fieldbook_console=" not in answer.headers.get("set-cookie", "")


def test_the_sign_in_form_needs_its_nonce(office: Office) -> None:
    desk = Desk(office.backend.url)
    desk.get("/office/login")  # the cookie half, without the form half
    answer = desk.post(
        "/office/login", {"username": office.dispatcher, "password": "pw", "next": "/office/board"}
    )
    assert answer.status_code == 403
    assert "expired" in answer.text


def test_the_session_cookie_is_httponly_and_strict(office: Office) -> None:
    desk = Desk(office.backend.url)
    answer = desk.sign_in(office.dispatcher)
    cookie = answer.headers["set-cookie"]
    assert "fieldbook_console=" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/office" in cookie
    assert "Secure" not in cookie  # plain HTTP here; over TLS it is Secure (test_web.py)


def test_a_form_without_its_csrf_token_changes_nothing(office: Office) -> None:
    desk = office.desk
    with office.backend.db.read() as s:
        before = s.scalar(select(func.count()).select_from(IncidentRow))
    call = {
        "client": office.client_name,
        "system": str(office.world.system_id),
        "priority": "P1",
        "title": "Database down",
        "assign": "",
    }
    for token in ({}, {"csrf": "0" * 64}, {"csrf": ""}):
        answer = desk.post("/office/calls", {**call, **token})
        assert answer.status_code == 403, token
        assert "Nothing was changed" in answer.text
    incident = f"/office/incidents/{office.world.incident_a}"
    answer = desk.post(f"{incident}/cancel", {"reason": "csrf test"})
    assert answer.status_code == 403
    with office.backend.db.read() as s:
        assert s.scalar(select(func.count()).select_from(IncidentRow)) == before
        row = s.get(IncidentRow, office.world.incident_a)
        assert row is not None and row.status.value == "new"


def test_a_form_from_another_site_is_refused(office: Office) -> None:
    token = office.desk.csrf()
    answer = office.desk.post(
        f"/office/incidents/{office.world.incident_a}/cancel",
        {"csrf": token, "reason": "cross-site"},
        headers={"Origin": "http://evil.example"},
    )
    assert answer.status_code == 403
    assert "another site" in answer.text


def test_a_form_must_be_urlencoded(office: Office) -> None:
    token = office.desk.csrf()
    answer = office.desk.http.post(
        office.backend.url + f"/office/incidents/{office.world.incident_a}/cancel",
        json={"csrf": token, "reason": "json"},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 415


def test_pages_forbid_framing_and_load_nothing_from_elsewhere(office: Office) -> None:
    answer = office.desk.get("/office/board")
    assert answer.status_code == 200
    csp = answer.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"
    # Every script, style and picture the page names is the service's own.
    for url in __import__("re").findall(r'(?:src|href)="([^"#]+)"', answer.text):
        assert url.startswith("/office/"), url


def test_signing_out_ends_the_session_everywhere(office: Office) -> None:
    desk = Desk(office.backend.url)
    desk.sign_in(office.dispatcher)
    cookie = desk.http.cookies.get("fieldbook_console")
    answer = desk.form("/office/logout", {})
    assert answer.status_code == 303
    thief = Desk(office.backend.url)
    thief.http.cookies.set("fieldbook_console", cookie or "", path="/office")
    assert thief.get("/office/board").status_code == 303


def test_a_deactivated_dispatchers_session_ends(office: Office) -> None:
    from tests.console.conftest import new_dispatcher

    name = new_dispatcher(office.backend)
    desk = Desk(office.backend.url)
    assert desk.sign_in(name).status_code == 303
    assert desk.get("/office/board").status_code == 200
    office.backend.office.set_active(name, False)
    assert desk.get("/office/board").status_code == 303


def test_the_api_still_wants_its_protocol_header(office: Office) -> None:
    """The console is exempt from the protocol header; the API is not."""
    import requests

    answer = requests.get(office.backend.url + "/me", timeout=10)
    assert answer.status_code == 400
    api = Api(office.backend.url, office.world.dispatch.token)
    assert api.get("/me").status_code == 200
