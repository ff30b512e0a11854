"""The console's web plumbing on its own: where a sign-in may send you, when the cookie
is Secure, what a CSRF token is."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from sync.server.config import ServiceConfig
from sync.server.console import web


def _request(scheme: str) -> Request:
    return Request(
        {
            "type": "http",
            "scheme": scheme,
            "method": "GET",
            "path": "/office/board",
            "headers": [],
            "query_string": b"",
            "server": ("office.example", 443),
        }
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/office/incidents/INC-1", "/office/incidents/INC-1"),
        ("/office/board?show=breached", "/office/board?show=breached"),
        ("", "/office/board"),
        ("https://evil.example/office/", "/office/board"),
        ("//evil.example/office/", "/office/board"),
        ("/api/push", "/office/board"),
        ("/office/\\evil", "/office/board"),
    ],
)
def test_after_signing_in_only_the_console_is_a_destination(value: str, expected: str) -> None:
    assert web.safe_next(value) == expected


def test_the_cookie_is_secure_over_tls_or_when_the_setting_says() -> None:
    assert web.is_tls(_request("https"), None)
    assert not web.is_tls(_request("http"), None)
    assert web.is_tls(_request("http"), True)  # behind a proxy that ends TLS
    assert not web.is_tls(_request("https"), False)


def test_settings_are_read_once_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDBOOK_COOKIE_SECURE", "true")
    monkeypatch.setenv("FIELDBOOK_STALE_AFTER_MINUTES", "45")
    monkeypatch.setenv("FIELDBOOK_COMPANY_NAME", "华信智联")
    config = ServiceConfig()
    assert config.cookie_secure is True and config.stale_after.total_seconds() == 45 * 60
    assert config.company.name == "华信智联"
    monkeypatch.setenv("FIELDBOOK_STALE_AFTER_MINUTES", "0")
    with pytest.raises(ValueError, match="stale_after_minutes"):
        ServiceConfig()


def test_a_csrf_token_belongs_to_its_session() -> None:
    one, two = web.csrf_for("session-one"), web.csrf_for("session-two")
    assert one != two and len(one) == 64 and one == web.csrf_for("session-one")
