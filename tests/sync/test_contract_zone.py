"""The contract's time zone: set by the office, checked, and delivered to laptops (a
version-2 laptop, whose reader refuses unknown fields, gets contracts without it)."""

from __future__ import annotations

import pytest

from sync.protocol import PROTOCOL_HEADER
from sync.server.office import OfficeError
from tests.sync.conftest import Backend, held, make_world


def test_the_zone_reaches_the_laptop_and_a_change_comes_again(sqlite_backend: Backend) -> None:
    w = make_world(sqlite_backend)
    changes, cursor, _ = w.a.pull_all()
    [contract] = [d for d in held(changes, "contract").values() if d is not None]
    assert contract["time_zone"] == "UTC"  # not set when the contract was made
    sqlite_backend.office.set_time_zone(w.contract_id, "Asia/Shanghai")
    changes, _, _ = w.a.pull_all(cursor)
    [contract] = [d for d in held(changes, "contract").values() if d is not None]
    assert contract["time_zone"] == "Asia/Shanghai"


def test_a_version_2_laptop_gets_contracts_without_the_zone(sqlite_backend: Backend) -> None:
    w = make_world(sqlite_backend)
    sqlite_backend.office.set_time_zone(w.contract_id, "Europe/London")
    w.a.http.headers[PROTOCOL_HEADER] = "2"
    changes, _, _ = w.a.pull_all()
    [contract] = [d for d in held(changes, "contract").values() if d is not None]
    assert "time_zone" not in contract and contract["number"] == f"EMA-{w.tag}"


@pytest.mark.parametrize("zone", ["", "Asia/Beijing", "Europe/" + "x" * 70, "+08:00"])
def test_a_zone_that_is_not_one_is_refused_and_nothing_changes(
    sqlite_backend: Backend, zone: str
) -> None:
    w = make_world(sqlite_backend)
    office = sqlite_backend.office
    with pytest.raises(OfficeError, match="time zone"):
        office.set_time_zone(w.contract_id, zone)
    with pytest.raises(OfficeError, match="time zone"):
        office.add_contract(w.client_id, f"EMA-bad-{w.tag}-{len(zone)}", {}, time_zone=zone)
    changes, _, _ = w.a.pull_all()
    [contract] = [d for d in held(changes, "contract").values() if d is not None]
    assert contract["time_zone"] == "UTC"


def test_the_clients_email_reaches_version_4_laptops_only(sqlite_backend: Backend) -> None:
    w = make_world(sqlite_backend)
    sqlite_backend.office.set_client_email(w.client_id, "IT@Client.example.cn")
    changes, _, _ = w.a.pull_all()
    [client] = [d for d in held(changes, "client").values() if d is not None]
    assert client["email"] == "IT@client.example.cn"
    w.a.http.headers[PROTOCOL_HEADER] = "3"  # its reader refuses unknown fields
    changes, _, _ = w.a.pull_all()
    [client] = [d for d in held(changes, "client").values() if d is not None]
    assert "email" not in client
    with pytest.raises(OfficeError, match="not an e-mail address"):
        sqlite_backend.office.set_client_email(w.client_id, "it at client")
