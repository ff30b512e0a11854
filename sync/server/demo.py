"""A demo office: clients in Shanghai and London, contracts, parts, and incidents.

Technician ``demo`` / password ``demo`` (王磊 Wang Lei) has most of the incidents;
``li.na`` / ``demo`` has one; dispatcher ``dispatch`` / ``demo`` assigns them.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from domain.records import Channel, Priority, SystemCategory
from sync.protocol.messages import Role
from sync.server.models import UserRow
from sync.server.office import Office

STANDARD_TARGETS = {
    Priority.P1: (5, 240),
    Priority.P2: (15, 480),
    Priority.P3: (60, 1440),
    Priority.P4: (240, 4320),
}


def is_empty(office: Office) -> bool:
    with office.db.read() as s:
        return (s.scalar(select(func.count()).select_from(UserRow)) or 0) == 0


def seed(office: Office) -> dict[str, str]:
    """Fill an empty database; return the demo log-ins."""
    now = office.clock()
    demo = office.add_user("demo", "王磊 Wang Lei", "demo")
    li = office.add_user("li.na", "李娜 Li Na", "demo")
    office.add_user("dispatch", "调度台 Dispatch desk", "demo", Role.DISPATCHER)

    hospital = office.add_client(
        "上海华东医疗集团", language="zh", address="上海市浦东新区张江路 88 号"
    )
    northwind = office.add_client(
        "Northwind Logistics Ltd", language="en", address="12 Canary Wharf, London E14"
    )
    c1 = office.add_contract(hospital, "EMA-2026-001", STANDARD_TARGETS, pause_allowed=True)
    c2 = office.add_contract(
        northwind,
        "EMA-2026-014",
        {Priority.P1: (5, 240), Priority.P2: (15, 480), Priority.P3: (120, 2880)},
    )
    oracle = office.add_system(
        c1, "Oracle RAC 19c 生产库", SystemCategory.DATABASE, location="A栋3楼机房 B07"
    )
    core = office.add_system(
        c1, "Huawei CE12808 核心交换机", SystemCategory.NETWORK, location="A栋3楼机房 A01"
    )
    his = office.add_system(c1, "HIS 医院信息系统", SystemCategory.APPLICATION)
    netapp = office.add_system(
        c2, "NetApp AFF A400 storage", SystemCategory.STORAGE, location="DC2 Row 4"
    )
    sap = office.add_system(c2, "SAP ERP (ECC 6.0)", SystemCategory.APPLICATION)

    parts = {
        "DIMM-32G-DDR4": "32 GB DDR4 RDIMM 内存条",
        "PSU-1100W": "1100 W power supply 电源模块",
        "SFP-10G-SR": "10G SR optical transceiver 光模块",
        "HDD-2.4T-SAS": "2.4 TB 10k SAS disk 硬盘",
    }
    part_ids = {number: office.add_part(number, text) for number, text in parts.items()}
    for number, count in (("DIMM-32G-DDR4", 4), ("PSU-1100W", 1), ("SFP-10G-SR", 6)):
        office.set_stock(demo, part_ids[number], count)
    office.set_stock(li, part_ids["HDD-2.4T-SAS"], 3)

    incidents = [
        (
            "INC-2026-004217",
            c1,
            oracle,
            Priority.P1,
            "数据库集群主节点宕机 / primary DB node down",
            demo,
            20,
        ),
        (
            "INC-2026-004219",
            c1,
            core,
            Priority.P2,
            "核心交换机端口频繁翻转 / core switch ports flapping",
            demo,
            50,
        ),
        (
            "INC-2026-004220",
            c1,
            his,
            Priority.P3,
            "HIS 门诊挂号缓慢 / outpatient registration slow",
            demo,
            180,
        ),
        (
            "INC-2026-004221",
            c2,
            netapp,
            Priority.P1,
            "Storage array losing paths on node 2",
            demo,
            8,
        ),
        (
            "INC-2026-004222",
            c2,
            sap,
            Priority.P2,
            "SAP batch jobs failing since the kernel patch",
            li,
            30,
        ),
        ("INC-2026-004223", c2, sap, Priority.P3, "SAP printing queue stuck (unassigned)", None, 5),
    ]
    for number, contract, system, priority, title, who, minutes_ago in incidents:
        office.add_incident(
            contract=contract,
            number=number,
            title=title,
            priority=priority,
            system=system,
            channel=Channel.PHONE,
            notified_at=now - timedelta(minutes=minutes_ago),
            assign_to=who,
        )
    return {
        "technician": "demo / demo",
        "technician_2": "li.na / demo",
        "dispatcher": "dispatch / demo",
    }
