"""The public verify page's uploads are limited, per source address and per process: a
loop of uploads (each one a PDF parsed or a scan searched for a QR code, without
signing in) gets a page that says to wait, not the service's cores.

Against a service process of its own with a low limit; source addresses are told by
``X-Forwarded-For``, which uvicorn takes from 127.0.0.1 as from a proxy in front. The
window's passing and the cap on reads at once are checked on the gate itself, with a
clock the test moves (the service's is monotonic and cannot be moved from outside).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from sync.server.config import ServiceConfig
from sync.server.errors import ApiError
from sync.server.throttle import UploadGate
from tests.sync.conftest import ServerProcess


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    tmp = tmp_path_factory.mktemp("verify-limits")
    made = ServerProcess(
        f"sqlite:///{tmp / 'server.db'}",
        tmp / "server.log",
        settings={"FIELDBOOK_VERIFY_UPLOADS_PER_MINUTE": "2"},
    )
    yield made
    made.stop()


def upload(server: ServerProcess, address: str, lang: str = "en") -> requests.Response:
    return requests.post(
        f"{server.url}/verify/?lang={lang}",
        files={"report": ("junk.pdf", b"%PDF-1.4 not a report", "application/pdf")},
        headers={"X-Forwarded-For": address},
        timeout=30,
    )


def test_an_address_past_its_uploads_is_told_to_wait_and_others_are_not(
    server: ServerProcess,
) -> None:
    first, second = upload(server, "198.51.100.7"), upload(server, "198.51.100.7")
    assert [first.status_code, second.status_code] == [422, 422]  # read: no seal in it

    third = upload(server, "198.51.100.7")
    assert third.status_code == 429
    wait = int(third.headers["Retry-After"])
    assert 1 <= wait <= 60
    assert f"Try again in {wait} seconds" in third.text
    assert "Cannot tell" not in third.text  # the file was not read
    assert third.headers["Cache-Control"] == "no-store"
    zh = upload(server, "198.51.100.7", lang="zh")
    assert zh.status_code == 429 and "秒后再试" in zh.text

    assert upload(server, "198.51.100.8").status_code == 422  # another address: read
    # Typing a seal or following a QR code is one look-up, never limited.
    typed = requests.get(
        f"{server.url}/verify/{'0' * 64}", headers={"X-Forwarded-For": "198.51.100.7"}, timeout=30
    )
    assert typed.status_code == 200 and "No sealed report with this seal" in typed.text


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def gate(per_minute: int = 3, concurrent: int = 2) -> tuple[UploadGate, Clock]:
    clock = Clock()
    config = ServiceConfig(verify_uploads_per_minute=per_minute, verify_concurrent_reads=concurrent)
    return UploadGate(config, clock=clock), clock


def test_an_upload_counts_for_sixty_seconds() -> None:
    uploads, clock = gate(per_minute=3)
    for step in (0, 10, 20):
        clock.now += step
        uploads.admit("203.0.113.5")
    with pytest.raises(ApiError) as refused:
        uploads.admit("203.0.113.5")
    assert refused.value.status == 429
    assert refused.value.headers["Retry-After"] == "30"  # the first leaves at +60
    clock.now += 29
    with pytest.raises(ApiError):
        uploads.admit("203.0.113.5")
    clock.now += 1
    uploads.admit("203.0.113.5")  # the first one left the window
    # One IPv6 host holds its /64: a new address in it is the same source.
    for n in range(3):
        uploads.admit(f"2001:db8:1:2::{n + 1}")
    with pytest.raises(ApiError):
        uploads.admit("2001:db8:1:2:ffff::9")
    uploads.admit("2001:db8:1:3::1")


def test_reads_at_once_are_capped_and_a_failed_read_frees_its_slot() -> None:
    uploads, _ = gate(concurrent=2)
    with uploads.reading(), uploads.reading():
        with pytest.raises(ApiError) as refused, uploads.reading():
            pass
        assert refused.value.status == 503 and refused.value.headers["Retry-After"] == "1"
    with pytest.raises(ValueError), uploads.reading():
        raise ValueError("the reader failed")
    with uploads.reading(), uploads.reading():
        pass  # both slots are free again


def test_the_addresses_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(UploadGate, "MAX_ADDRESSES", 3)
    uploads, clock = gate(per_minute=1)
    uploads.admit("192.0.2.1")
    clock.now += 61
    uploads.admit("192.0.2.2")
    uploads.admit("192.0.2.3")
    uploads.admit("192.0.2.4")  # full: the idle 192.0.2.1 is forgotten first
    with pytest.raises(ApiError):
        uploads.admit("192.0.2.2")  # still remembered
    uploads.admit("192.0.2.5")  # none idle: the longest-known (…2) is forgotten
    uploads.admit("192.0.2.2")
