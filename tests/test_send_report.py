"""``fieldbook send-report`` and "Send to the client" queue a request in the outbox:
the address checked and prefilled from the client's contact, nothing sent from here."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from desktop.cli import main
from desktop.store.db import Store
from desktop.store.models import ClientRow, OutboxRow
from desktop.usecases import delivery
from domain.mail import BadAddress
from sync.protocol import MutationName
from tests.conftest import Office


def cli(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_send_report_queues_the_request(
    store: Store, office: Office, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = office.incident_number
    assert cli(data_dir, "send-report", number, "--to", " IT@Client.Example.cn ") == 0
    said = capsys.readouterr().err
    assert (
        "it@client.example.cn".lower() in said.lower()
        and "will be sent when you are online" in said
    )
    with store.read() as session:
        [row] = session.scalars(
            select(OutboxRow).where(OutboxRow.name == MutationName.REPORT_SEND)
        ).all()
        assert row.payload["address"] == "IT@client.example.cn"
        assert row.payload["incident_id"] == str(office.incident_id)
        assert row.payload["brief"] is False
    [queued] = delivery.deliveries(store, number)
    assert (
        queued.state is delivery.DeliveryState.QUEUED and queued.address == "IT@client.example.cn"
    )


def test_the_address_comes_from_the_client_and_is_checked(
    store: Store, office: Office, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = office.incident_number
    assert delivery.client_address(store, number) == ""
    assert cli(data_dir, "send-report", number) == 1  # no contact on record, none given
    assert "The address is empty." in capsys.readouterr().err
    for bad in ("nobody", "a@b", "a@client.cn, b@client.cn", "x" * 300 + "@client.cn"):
        assert cli(data_dir, "send-report", number, "--to", bad) == 1
        assert capsys.readouterr().err.startswith("fieldbook: ")
    assert cli(data_dir, "send-report", "INC-NOPE", "--to", "it@client.cn") == 1
    with store.write() as session:
        session.execute(update(ClientRow).values(email="ops@client.example.cn"))
    assert delivery.client_address(store, number) == "ops@client.example.cn"
    queued = delivery.send_report(store, number, language="en", brief=True)
    assert queued.address == "ops@client.example.cn" and queued.brief
    with pytest.raises(BadAddress):
        delivery.send_report(store, number, "it at client")
    assert len(delivery.deliveries(store, number)) == 1
