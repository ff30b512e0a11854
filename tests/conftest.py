"""Shared fixtures: a fresh data folder per test, and a small office to work in."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.store.db import Store, open_store
from desktop.store.models import (
    ClientRow,
    ContractRow,
    CoveredSystemRow,
    IncidentRow,
    MetaRow,
    SlaTargetRow,
    SparePartRow,
    TechnicianRow,
    VanStockRow,
)
from domain.ids import new_id
from domain.records import DEFAULT_EXCLUSIONS, Channel, Priority, Status, SystemCategory

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

# The store's key lives in the OS keyring (scripts/check gives the tests a real one);
# where none works, data folders are locked with this passphrase instead (for every
# fixture, module-scoped ones too, and the processes the tests start).
os.environ.setdefault("FIELDBOOK_PASSPHRASE", "test passphrase, not secret")
# Commands leave no agent behind (desktop.agent), except in the tests of the agent.
os.environ.setdefault("FIELDBOOK_AGENT", "0")


@pytest.fixture(scope="session", autouse=True)
def _private_keyring(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A real OS keyring of this test process's own: gnome-keyring's Secret Service,
    unlocked, on a private D-Bus session bus (which the processes the tests start
    inherit). Never the developer's own keyring; and with one per process, two pytest
    workers never create items in one daemon at once (gnome-keyring 42 races on that:
    "asked to register item ..., but it's already registered")."""
    dbus_daemon = shutil.which("dbus-daemon")
    keyring_daemon = shutil.which("gnome-keyring-daemon")
    if dbus_daemon is None or keyring_daemon is None:
        # The keyring tests then skip, or fail under CI, saying why (tests/sync/laptops).
        yield
        return
    import keyring.core

    bus = subprocess.Popen(
        [dbus_daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    before = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    try:
        if not address:
            raise RuntimeError("dbus-daemon gave no address")
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        # Without --foreground the daemon's first process returns once the forked one
        # serves the Secret Service; that one exits when the bus closes.
        subprocess.run(
            [keyring_daemon, "--unlock", "--components=secrets"],
            input=b"fieldbook",
            env={**os.environ, "XDG_DATA_HOME": str(tmp_path_factory.mktemp("keyrings"))},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
            timeout=60,
        )
        keyring.core.init_backend()  # choose the backend again, with this bus
        yield
    finally:
        if before is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = before
        bus.terminate()
        bus.wait(timeout=30)
        bus.stdout.close()


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test may touch the real data or config folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("FIELDBOOK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = open_store(data_dir)
    yield s
    s.close()


@dataclass(frozen=True)
class Office:
    technician_id: uuid.UUID
    client_id: uuid.UUID
    contract_id: uuid.UUID  # pause allowed
    strict_contract_id: uuid.UUID  # pause not allowed, P4 has no target
    system_id: uuid.UUID  # in Annex 1 of contract_id
    other_system_id: uuid.UUID  # in Annex 1 of strict_contract_id
    part_id: uuid.UUID  # 3 in the van
    empty_part_id: uuid.UUID  # 0 in the van
    incident_id: uuid.UUID  # P1, on site, contract_id, covered system
    incident_number: str


def _targets(contract_id: uuid.UUID, p4: bool) -> list[SlaTargetRow]:
    rows = [
        SlaTargetRow(
            contract_id=contract_id, priority=Priority.P1, respond_minutes=5, resolve_minutes=240
        ),
        SlaTargetRow(
            contract_id=contract_id, priority=Priority.P2, respond_minutes=15, resolve_minutes=480
        ),
        SlaTargetRow(
            contract_id=contract_id, priority=Priority.P3, respond_minutes=60, resolve_minutes=1440
        ),
    ]
    if p4:
        rows.append(
            SlaTargetRow(
                contract_id=contract_id,
                priority=Priority.P4,
                respond_minutes=240,
                resolve_minutes=4320,
            )
        )
    return rows


def make_incident(
    store: Store,
    office: Office,
    *,
    number: str,
    status: Status = Status.ON_SITE,
    priority: Priority = Priority.P1,
    contract_id: uuid.UUID | None = None,
    system_id: uuid.UUID | None = None,
    notified_at: datetime = T0,
) -> uuid.UUID:
    """An incident as dispatch would send it (no entries, no outbox)."""
    iid = new_id()
    with store.write() as s:
        s.add(
            IncidentRow(
                id=iid,
                number=number,
                client_id=office.client_id,
                contract_id=contract_id or office.contract_id,
                system_id=system_id if system_id is not None else office.system_id,
                system_name="Oracle RAC 19c 生产库",
                priority=priority,
                channel=Channel.PHONE,
                title="数据库集群主节点宕机 / primary DB node down",
                description="",
                notified_at=notified_at,
                status=status,
                responded_at=notified_at + timedelta(minutes=3)
                if status is not Status.NEW
                else None,
                assigned_to=office.technician_id,
                updated_at=notified_at,
            )
        )
    return iid


@pytest.fixture
def office(store: Store) -> Office:
    tech, client, contract, strict = new_id(), new_id(), new_id(), new_id()
    system, other, part, empty = new_id(), new_id(), new_id(), new_id()
    with store.write() as s:
        s.add(TechnicianRow(id=tech, name="王磊 Wang Lei", username="demo"))
        s.add(MetaRow(key="technician_id", value=str(tech)))
        s.add(ClientRow(id=client, name="上海华东医疗集团", language="zh", address="上海市"))
        s.flush()
        s.add(
            ContractRow(
                id=contract,
                client_id=client,
                number="EMA-2026-001",
                pause_allowed=True,
                exclusions=sorted(DEFAULT_EXCLUSIONS),
            )
        )
        s.add(
            ContractRow(
                id=strict,
                client_id=client,
                number="EMA-2026-002",
                pause_allowed=False,
                exclusions=sorted(DEFAULT_EXCLUSIONS),
            )
        )
        s.flush()
        s.add_all(_targets(contract, p4=True) + _targets(strict, p4=False))
        s.add(
            CoveredSystemRow(
                id=system,
                contract_id=contract,
                name="Oracle RAC 19c 生产库",
                category=SystemCategory.DATABASE,
                location="A栋3楼机房 B07",
            )
        )
        s.add(
            CoveredSystemRow(
                id=other,
                contract_id=strict,
                name="Huawei CE12808 核心交换机",
                category=SystemCategory.NETWORK,
                location="DC2 Row 4",
            )
        )
        s.add(SparePartRow(id=part, part_number="DIMM-32G-DDR4", description="32 GB RDIMM"))
        s.add(SparePartRow(id=empty, part_number="PSU-1100W", description="1100 W PSU"))
        s.flush()
        s.add(VanStockRow(part_id=part, on_hand=3, as_of=T0))
        s.add(VanStockRow(part_id=empty, on_hand=0, as_of=T0))
    o = Office(tech, client, contract, strict, system, other, part, empty, uuid.UUID(int=0), "")
    iid = make_incident(store, o, number="INC-2026-000001")
    return Office(
        tech, client, contract, strict, system, other, part, empty, iid, "INC-2026-000001"
    )
