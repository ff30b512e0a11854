"""The office console against the real service process: a dispatcher's desk over HTTP,
and Debian's headless chromium for the end-to-end tests (one browser per module).

The servers are the sync tests' own (``tests/sync/conftest.py``): one process per
backend for the whole session, each test building its own small office in it.
"""

from __future__ import annotations

import os
import re
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from sync.protocol import Role
from tests.console import browser
from tests.sync.conftest import (  # noqa: F401 - the sync tests' fixtures, shared here
    Backend,
    World,
    make_world,
    pg_backend,
    pg_url,
    sqlite_backend,
)

CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')
NONCE = re.compile(r'name="nonce" value="([^"]+)"')


class Desk:
    """A dispatcher's browser session over plain HTTP: signs in through the form."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()

    def get(self, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("allow_redirects", False)
        return self.http.get(self.url + path, timeout=30, **kw)

    def post(self, path: str, data: dict[str, str], **kw: Any) -> requests.Response:
        kw.setdefault("allow_redirects", False)
        return self.http.post(self.url + path, data=data, timeout=30, **kw)

    def sign_in(self, username: str, password: str = "pw") -> requests.Response:
        page = self.get("/office/login")
        found = NONCE.search(page.text)
        assert found, page.text[:500]
        return self.post(
            "/office/login",
            {
                "nonce": found.group(1),
                "next": "/office/board",
                "username": username,
                "password": password,
            },
        )

    def csrf(self, path: str = "/office/board") -> str:
        page = self.get(path)
        found = CSRF.search(page.text)
        assert found, f"no CSRF token on {path}: {page.status_code} {page.text[:300]}"
        return found.group(1)

    def form(
        self, path: str, data: dict[str, str], page: str = "/office/board"
    ) -> requests.Response:
        """Post ``data`` with the CSRF token of ``page``, as the browser would."""
        return self.post(path, {"csrf": self.csrf(page), **data})


@dataclass
class Office:
    """A test's own office in the shared server, with its dispatcher signed in."""

    world: World
    desk: Desk
    dispatcher: str
    dispatcher_id: uuid.UUID

    @property
    def backend(self) -> Backend:
        return self.world.backend

    @property
    def client_name(self) -> str:
        return f"客户 {self.world.tag}"


def make_office(backend: Backend) -> Office:
    world = make_world(backend)
    dispatcher = f"d-{world.tag}"
    desk = Desk(backend.url)
    answer = desk.sign_in(dispatcher)
    assert answer.status_code == 303, answer.text[:500]
    return Office(world, desk, dispatcher, backend.office.user_id(dispatcher))


@pytest.fixture
def office(sqlite_backend: Backend) -> Office:  # noqa: F811 - the shared fixture
    return make_office(sqlite_backend)


def new_dispatcher(backend: Backend) -> str:
    name = f"d2-{secrets.token_hex(4)}"
    backend.office.add_user(name, "Dispatch 2", "pw", Role.DISPATCHER)
    return name


# --- the browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = browser.unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the console's browser tests: {reason}")
        pytest.skip(reason)
    profile = tmp_path_factory.mktemp("chromium")
    driver = browser.chromium(Path(profile))
    try:
        yield driver
    finally:
        driver.quit()
