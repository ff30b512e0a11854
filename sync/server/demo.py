"""A demo office worth looking at: months of history and today's queue.

Clients in Shanghai, Shenzhen, Singapore and London with their contracts (each in its
client's time zone), Annex 1 systems, spare parts and van stock; six technicians and a
dispatcher. Then ``incidents`` finished incidents spread over the last four months and
a queue of open ones today whose clocks are in every state (running, about to breach,
breached, paused while waiting for the client, stopped and met).

The office records the calls (:meth:`Office.add_incident`) and dispatch's decisions
(:meth:`Office.assign`, :meth:`Office.change_priority`, :meth:`Office.cancel`); the
technicians' work arrives as a synced laptop's would: each technician's mutations are
pushed through :func:`sync.server.push.push`, judged by the same rulebook, sealed with
the same seal, their signatures and photos uploaded as blobs. Nothing is written to the
tables directly, so the demo holds only what the service itself would accept, and a
laptop signing in as one of the technicians pulls exactly that technician's share.

Logins (password ``demo``): technicians ``demo`` (王磊 Wang Lei), ``li.na``,
``zhang.wei``, ``chen.jing``, ``tom.baker``, ``priya.nair``; dispatcher ``dispatch``.
"""

from __future__ import annotations

import hashlib
import io
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import func, select

from domain import rules
from domain.ids import new_id
from domain.records import (
    Action,
    ActionKind,
    ActionResult,
    Attachment,
    Channel,
    ClockPause,
    ClockResume,
    DiagnosticNote,
    Entry,
    HardwareSwap,
    Incident,
    PartUsage,
    Priority,
    Refusal,
    Resolution,
    SignOff,
    SignOffOutcome,
    Status,
    StatusChange,
    Stroke,
    SystemCategory,
    TimeEntry,
    TimeKind,
    Void,
)
from domain.seal import SEAL_FORMAT, seal_hash
from domain.signature import synthetic_signature
from report.signature import render_signature_png
from sync.protocol.messages import MutationStatus, PushRequest, Role
from sync.protocol.records import MutationName, entry_to_plain
from sync.server import blobs, push, records
from sync.server.auth import Caller
from sync.server.models import IncidentRow, UserRow
from sync.server.office import Office

PASSWORD = "demo"
WAITING_REASON = (
    "等待客户提供机房门禁与变更审批 / waiting for the client's access and change approval"
)
#: Finished incidents a demo office holds unless told otherwise (``--incidents``).
DEFAULT_HISTORY = 360
HISTORY_DAYS = 120

STANDARD_TARGETS = {
    Priority.P1: (5, 240),
    Priority.P2: (15, 480),
    Priority.P3: (60, 1440),
    Priority.P4: (240, 4320),
}

TECHNICIANS = (
    ("demo", "王磊 Wang Lei"),
    ("li.na", "李娜 Li Na"),
    ("zhang.wei", "张伟 Zhang Wei"),
    ("chen.jing", "陈静 Chen Jing"),
    ("tom.baker", "Tom Baker"),
    ("priya.nair", "Priya Nair"),
)


@dataclass(frozen=True, slots=True)
class _Client:
    name: str
    language: str
    address: str
    zone: str
    contract: str
    pause_allowed: bool
    targets: Mapping[Priority, tuple[int | None, int | None]]
    systems: tuple[tuple[str, SystemCategory, str], ...]
    technicians: tuple[str, ...]  # who usually goes there


CLIENTS = (
    _Client(
        "上海华东医疗集团",
        "zh",
        "上海市浦东新区张江路 88 号",
        "Asia/Shanghai",
        "EMA-2026-001",
        True,
        STANDARD_TARGETS,
        (
            ("Oracle RAC 19c 生产库", SystemCategory.DATABASE, "A栋3楼机房 B07"),
            ("Huawei CE12808 核心交换机", SystemCategory.NETWORK, "A栋3楼机房 A01"),
            ("HIS 医院信息系统", SystemCategory.APPLICATION, "A栋3楼机房"),
            ("PACS 影像存储 Dell PowerScale", SystemCategory.STORAGE, "B栋1楼机房"),
            ("VMware vSphere 虚拟化集群", SystemCategory.SERVER, "A栋3楼机房 C03"),
        ),
        ("demo", "zhang.wei", "chen.jing"),
    ),
    _Client(
        "深圳前海联合银行数据中心",
        "zh",
        "深圳市南山区前海大道 1 号",
        "Asia/Shanghai",
        "EMA-2026-007",
        False,
        {Priority.P1: (5, 120), Priority.P2: (15, 360), Priority.P3: (60, 1440)},
        (
            ("核心账务 DB2 数据库", SystemCategory.DATABASE, "2号楼 DC-2 R12"),
            ("F5 BIG-IP 负载均衡", SystemCategory.NETWORK, "2号楼 DC-2 R03"),
            ("IBM MQ 消息中间件", SystemCategory.MIDDLEWARE, "2号楼 DC-2 R08"),
            ("RHEL 8 批处理服务器", SystemCategory.OPERATING_SYSTEM, "2号楼 DC-2 R10"),
        ),
        ("li.na", "chen.jing", "zhang.wei"),
    ),
    _Client(
        "Harbour Freight Pte Ltd",
        "en",
        "10 Pasir Panjang Road, Singapore 117438",
        "Asia/Singapore",
        "EMA-2026-011",
        True,
        STANDARD_TARGETS,
        (
            ("Cisco Nexus 9300 fabric", SystemCategory.NETWORK, "Tampines DC, hall 2"),
            ("SAP S/4HANA application servers", SystemCategory.APPLICATION, "Tampines DC"),
            ("Pure Storage FlashArray//X", SystemCategory.STORAGE, "Tampines DC, row C"),
        ),
        ("priya.nair", "tom.baker", "li.na"),
    ),
    _Client(
        "Northwind Logistics Ltd",
        "en",
        "12 Canary Wharf, London E14",
        "Europe/London",
        "EMA-2026-014",
        False,
        {Priority.P1: (5, 240), Priority.P2: (15, 480), Priority.P3: (120, 2880)},
        (
            ("NetApp AFF A400 storage", SystemCategory.STORAGE, "DC2 Row 4"),
            ("SAP ERP (ECC 6.0)", SystemCategory.APPLICATION, "DC2"),
            ("Windows Server 2022 AD domain controllers", SystemCategory.OPERATING_SYSTEM, "DC1"),
            ("WebLogic 14c order service", SystemCategory.MIDDLEWARE, "DC2 Row 2"),
        ),
        ("tom.baker", "priya.nair"),
    ),
)

PARTS = {
    "DIMM-32G-DDR4": "32 GB DDR4 RDIMM 内存条",
    "PSU-1100W": "1100 W power supply 电源模块",
    "SFP-10G-SR": "10G SR optical transceiver 光模块",
    "HDD-2.4T-SAS": "2.4 TB 10k SAS disk 硬盘",
    "SSD-3.84T-NVME": "3.84 TB NVMe SSD 固态盘",
    "FAN-2U-HOT": "2U hot-swap fan 风扇模块",
    "RAID-BBU": "RAID controller battery 阵列卡电池",
}

#: What happened, by kind of system: (title en, title zh, note, action, log).
PROBLEMS: dict[SystemCategory, tuple[tuple[str, str, str, str, str], ...]] = {
    SystemCategory.DATABASE: (
        (
            "Primary node down, instance evicted",
            "数据库主节点宕机，实例被驱逐",
            "Node 1 evicted by CSS after a network heartbeat timeout; node 2 carries the load.",
            "Restarted the interconnect switch port and the clusterware on node 1",
            "ORA-29740: evicted by instance number 2, group incarnation 14\n"
            "CRS-1618: Node node1 is not responding to heartbeat.\n"
            "CRS-1632: Node node1 is being removed from the cluster",
        ),
        (
            "Archive log destination full, database hung",
            "归档日志目录已满，数据库挂起",
            "FRA at 100 %, archiver stuck; transactions waiting on log switch.",
            "Backed up and deleted archived logs with RMAN, raised the FRA quota",
            "ORA-00257: Archiver error. Connect AS SYSDBA only until resolved.\n"
            "ORA-19815: WARNING: db_recovery_file_dest_size of 500 GB is 100.00% used",
        ),
    ),
    SystemCategory.NETWORK: (
        (
            "Core switch ports flapping",
            "核心交换机端口频繁翻转",
            "Uplink 1/0/49 flapping every few minutes; CRC errors rising.",
            "Replaced the SFP on 1/0/49 and cleaned the fibre",
            "%LINK-3-UPDOWN: Interface Ethernet1/49, changed state to down\n"
            "%LINK-3-UPDOWN: Interface Ethernet1/49, changed state to up\n"
            "CRC errors: 18342 (+2211 in 5 min)",
        ),
        (
            "Load balancer pool members marked down",
            "负载均衡池成员被标记为故障",
            "Health monitor timing out after the certificate renewal.",
            "Re-imported the certificate chain and reset the monitor",
            "Pool /Common/app_pool member 10.2.8.21:443 monitor status down\n"
            "SSL handshake failed: certificate verify failed",
        ),
    ),
    SystemCategory.STORAGE: (
        (
            "Storage array losing paths on node 2",
            "存储阵列节点 2 路径丢失",
            "Half the FC paths to controller B drop under load.",
            "Replaced the HBA transceiver and rescanned the paths",
            "sd 3:0:1:12: rejecting I/O to offline device\n"
            "multipathd: mpatha: remaining active paths: 2",
        ),
        (
            "Disk failed, RAID group degraded",
            "硬盘故障，RAID 组降级",
            "Disk in shelf 2 bay 7 failed; rebuild did not start (no spare).",
            "Hot-swapped the failed disk, rebuild started",
            "RAID group rg0 is degraded: disk 2.7 failed\nNo suitable spare found",
        ),
    ),
    SystemCategory.APPLICATION: (
        (
            "Batch jobs failing since the kernel patch",
            "内核补丁后批处理作业失败",
            "Jobs abort at start; work processes cannot attach shared memory.",
            "Raised kernel.shmmax and restarted the application servers",
            "ERROR => ShmCreate: shmget(4001) failed: Invalid argument\n"
            "*** ERROR => DpEmInit: EmInit (1) [dpxxdisp.c 9661]",
        ),
        (
            "Outpatient registration very slow",
            "门诊挂号极慢",
            "Response times of 20 s at the counters since 08:00.",
            "Killed a runaway report query and added the missing index",
            "slow query: 18.4 s SELECT ... FROM registration r JOIN patient p ...\n"
            "rows examined: 41 882 310",
        ),
    ),
    SystemCategory.SERVER: (
        (
            "Hypervisor host purple screen",
            "虚拟化主机紫屏",
            "Host esx-07 crashed; HA restarted 23 VMs on other hosts.",
            "Replaced the failed DIMM and updated the BIOS",
            "#PF Exception 14 in world 2098227:vmm0 IP 0x41802a3c\n"
            "Machine Check Exception: memory error on DIMM B2",
        ),
    ),
    SystemCategory.OPERATING_SYSTEM: (
        (
            "File system read-only after SAN blip",
            "SAN 抖动后文件系统变为只读",
            "/data remounted read-only after I/O errors at 02:13.",
            "Ran fsck, remounted read-write and restarted the batch services",
            "EXT4-fs error (device dm-3): ext4_journal_check_start: Detected aborted journal\n"
            "EXT4-fs (dm-3): Remounting filesystem read-only",
        ),
    ),
    SystemCategory.MIDDLEWARE: (
        (
            "Queue manager channels stuck in retry",
            "队列管理器通道卡在重试状态",
            "Sender channels to the settlement system in RETRYING since 06:40.",
            "Reset the channel sequence numbers and restarted the channels",
            "AMQ9526E: Message sequence number error for channel 'TO.SETTLE'.\n"
            "AMQ9999E: Channel 'TO.SETTLE' to host '10.8.2.14(1414)' ended abnormally.",
        ),
    ),
}

CALLERS = {
    "zh": (
        ("张主任", "+86 138 1234 5678"),
        ("刘工", "+86 139 8765 4321"),
        ("王经理", "+86 21 5080 1234"),
    ),
    "en": (
        ("Mr Tan", "+65 9123 4567"),
        ("Sarah Jones", "+44 20 7946 0018"),
        ("Duty manager", "+44 20 7946 0999"),
    ),
}


def is_empty(office: Office) -> bool:
    with office.db.read() as s:
        return (s.scalar(select(func.count()).select_from(UserRow)) or 0) == 0


@dataclass
class _World:
    office: Office
    now: datetime
    rng: random.Random
    users: dict[str, uuid.UUID] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    contracts: dict[str, uuid.UUID] = field(default_factory=dict)
    systems: dict[str, list[tuple[uuid.UUID, str, SystemCategory]]] = field(default_factory=dict)
    parts: list[uuid.UUID] = field(default_factory=list)
    laptops: dict[str, _Laptop] = field(default_factory=dict)
    #: A few clients' signatures, drawn once (drawing one takes a moment).
    signatures: list[tuple[tuple[Stroke, ...], bytes]] = field(default_factory=list)
    dispatcher: uuid.UUID | None = None
    numbers: int = 0

    def number(self, at: datetime) -> str:
        self.numbers += 1
        return f"INC-{at.year}-{3000 + self.numbers:06d}"


class _Laptop:
    """One technician's laptop: its own client id and numbered mutations, pushed with
    the time the work reached the office as the service's clock."""

    def __init__(self, world: _World, username: str) -> None:
        self.world = world
        user_id = world.users[username]
        self.caller = Caller(user_id, username, world.names[username], Role.TECHNICIAN)
        self.client_id = uuid.uuid5(uuid.NAMESPACE_URL, f"fieldbook-demo-laptop:{username}")
        self.seq = 0

    @property
    def user_id(self) -> uuid.UUID:
        return self.caller.user_id

    def push(self, entries: Sequence[Entry], received_at: datetime) -> None:
        mutations = []
        for entry in entries:
            self.seq += 1
            name = (
                MutationName.INCIDENT_STATUS
                if isinstance(entry, StatusChange)
                else MutationName.ENTRY_ADD
            )
            mutations.append({"seq": self.seq, "name": name, "payload": entry_to_plain(entry)})
        request = PushRequest.model_validate({"client_id": self.client_id, "mutations": mutations})
        answer = push.push(self.world.office.db, self.caller, request, lambda: received_at)
        refused = [r for r in answer.results if r.status is MutationStatus.REJECTED]
        if refused:
            raise RuntimeError(f"the demo's work was refused: {refused[0].message}")


def _blob(world: _World, data: bytes, at: datetime) -> str:
    sha = hashlib.sha256(data).hexdigest()
    blobs.put(world.office.db, sha, data, None, lambda: at)
    return sha


def _photo(rng: random.Random, label: str) -> bytes:
    """A small picture of a rack with a red fault light (drawn, so the demo ships none)."""
    image = Image.new("RGB", (480, 320), (38, 44, 52))
    draw = ImageDraw.Draw(image)
    for row in range(8):
        y = 20 + row * 36
        draw.rectangle((60, y, 420, y + 28), fill=(70, 78, 90), outline=(20, 24, 28))
        for led in range(6):
            colour = (60, 200, 90) if rng.random() > 0.08 else (230, 50, 40)
            draw.ellipse((380 - led * 14, y + 10, 388 - led * 14, y + 18), fill=colour)
    draw.rectangle((60, 165, 420, 193), fill=(90, 40, 40), outline=(230, 50, 40), width=3)
    draw.text((70, 172), label[:40], fill=(255, 235, 235))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def seed(
    office: Office, *, incidents: int = DEFAULT_HISTORY, seed_value: int = 13
) -> dict[str, str]:
    """Fill an empty database; return the demo log-ins."""
    world = _World(office=office, now=office.clock(), rng=random.Random(seed_value))
    for n in range(8):
        strokes = synthetic_signature(seed_value * 100 + n, letters=5 + n % 4)
        world.signatures.append((strokes, render_signature_png(strokes)))
    _people(world)
    _reference(world)
    _history(world, max(0, incidents))
    _today(world)
    return {
        "technician": "demo / demo",
        "technician_2": "li.na / demo",
        "dispatcher": "dispatch / demo",
    }


def _people(world: _World) -> None:
    office = world.office
    for username, name in TECHNICIANS:
        world.users[username] = office.add_user(username, name, PASSWORD)
        world.names[username] = name
    world.dispatcher = office.add_user(
        "dispatch", "调度台 Dispatch desk", PASSWORD, Role.DISPATCHER
    )
    for username in world.users:
        world.laptops[username] = _Laptop(world, username)


def _reference(world: _World) -> None:
    office = world.office
    for client in CLIENTS:
        client_id = office.add_client(client.name, language=client.language, address=client.address)
        contract = office.add_contract(
            client_id,
            client.contract,
            client.targets,
            pause_allowed=client.pause_allowed,
            time_zone=client.zone,
        )
        world.contracts[client.contract] = contract
        world.systems[client.contract] = [
            (office.add_system(contract, name, category, location=location), name, category)
            for name, category, location in client.systems
        ]
    for number, text in PARTS.items():
        world.parts.append(office.add_part(number, text))
    for username in world.users:
        for part in world.rng.sample(world.parts, 4):
            office.set_stock(username, part, world.rng.randint(1, 6))


@dataclass
class _Story:
    """One incident's work, as its technician's laptop records it."""

    incident: Incident
    at: datetime  # the time of the last thing recorded (the laptop's clock)
    entries: list[Entry] = field(default_factory=list)

    def add(self, make: Callable[..., Entry], after: timedelta, **fields: Any) -> Entry:
        self.at += after
        entry = make(
            id=new_id(), incident_id=self.incident.id, recorded_at=self.at, author_id=None, **fields
        )
        self.entries.append(entry)
        return entry

    def status(self, to: Status, after: timedelta, **fields: Any) -> StatusChange:
        change = self.add(
            StatusChange, after, from_status=self.incident.status, to_status=to, **fields
        )
        assert isinstance(change, StatusChange)
        self.incident = rules.apply_status(self.incident, change)
        return change


def _call(
    world: _World,
    client: _Client,
    notified_at: datetime,
    priority: Priority,
    technician: str | None,
) -> tuple[Incident, str, tuple[str, str, str, str, str]]:
    rng = world.rng
    system_id, system_name, category = rng.choice(world.systems[client.contract])
    problem = rng.choice(PROBLEMS[category])
    caller, phone = rng.choice(CALLERS[client.language])
    title = f"{problem[1]} / {problem[0]}" if client.language == "zh" else problem[0]
    incident_id = world.office.add_incident(
        contract=world.contracts[client.contract],
        number=world.number(notified_at),
        title=title,
        priority=priority,
        system=system_id,
        description=f"☎ {caller} · {phone}\n\n{problem[2]}",
        channel=rng.choice((Channel.PHONE, Channel.PHONE, Channel.PHONE, Channel.EMAIL)),
        notified_at=notified_at,
        assign_to=technician,
    )
    with world.office.db.read() as s:
        row = s.get(IncidentRow, incident_id)
        assert row is not None
        return records.incident(row), system_name, problem


def _priority(rng: random.Random) -> Priority:
    return rng.choices(list(Priority), weights=(3, 5, 4, 1))[0]


def _work(
    world: _World,
    story: _Story,
    client: _Client,
    problem: tuple[str, str, str, str, str],
    *,
    until: Status,
    late: bool = False,
) -> None:
    """The technician's work on ``story`` up to status ``until``."""
    rng = world.rng
    target = client.targets.get(story.incident.priority, (60, 1440))
    respond = timedelta(minutes=(target[0] or 60) * (rng.uniform(1.2, 3) if late else 0.5))
    story.status(Status.RESPONDED, respond)
    if until is Status.RESPONDED:
        return
    story.status(Status.TRAVELLING, timedelta(minutes=rng.randint(2, 8)))
    travel_start = story.at
    if until is Status.TRAVELLING:
        return
    story.status(Status.ON_SITE, timedelta(minutes=rng.randint(25, 70)))
    story.add(
        TimeEntry,
        timedelta(0),
        time_kind=TimeKind.TRAVEL,
        started_at=travel_start,
        ended_at=story.at,
    )
    on_site = story.at
    story.add(DiagnosticNote, timedelta(minutes=rng.randint(3, 12)), text=problem[2])
    story.add(DiagnosticNote, timedelta(minutes=2), text=problem[4], preformatted=True)
    if rng.random() < 0.15:
        wrong = story.add(
            DiagnosticNote,
            timedelta(minutes=4),
            text="Controller firmware 7.2 affected (see vendor note)",
        )
        story.add(
            Void,
            timedelta(minutes=6),
            voided_id=wrong.id,
            reason="Wrong firmware version: it is 7.4, not affected",
        )
    if until is Status.ON_SITE:
        return
    if client.pause_allowed and (until is Status.WAITING_FOR_CLIENT or rng.random() < 0.3):
        story.status(Status.WAITING_FOR_CLIENT, timedelta(minutes=rng.randint(5, 20)))
        story.add(
            ClockPause,
            timedelta(0),
            reason=WAITING_REASON,
        )
        if until is Status.WAITING_FOR_CLIENT:
            return
        story.add(ClockResume, timedelta(minutes=rng.randint(15, 50)))
        story.status(Status.ON_SITE, timedelta(0))
    kind = rng.choice(
        (
            ActionKind.RESTART,
            ActionKind.CONFIGURATION_CHANGE,
            ActionKind.SERVICE_STOP_START,
            ActionKind.PATCH,
        )
    )
    if rng.random() < 0.25:
        story.add(
            Action,
            timedelta(minutes=rng.randint(5, 15)),
            action_kind=ActionKind.RESTART,
            description="Restarted the service without changing anything",
            result=ActionResult.FAILED,
            result_detail="Same error after the restart",
        )
    story.add(
        Action,
        timedelta(minutes=rng.randint(10, 40)),
        action_kind=kind,
        description=problem[3],
        result=ActionResult.SUCCEEDED,
    )
    if rng.random() < 0.45:
        temporary = rng.random() < 0.3
        part = rng.randrange(len(PARTS))  # the same kind of part comes out and goes in
        story.add(
            HardwareSwap,
            timedelta(minutes=rng.randint(5, 20)),
            removed_part=tuple(PARTS)[part],
            removed_serial=f"SN{rng.randint(10**9, 10**10 - 1)}",
            installed_part=tuple(PARTS)[part],
            installed_serial=f"SN{rng.randint(10**9, 10**10 - 1)}",
            temporary=temporary,
            note="Loan part until the replacement arrives" if temporary else "",
        )
        story.add(PartUsage, timedelta(minutes=1), part_id=world.parts[part], quantity=1)
    if rng.random() < 0.1:
        story.add(
            Action,
            timedelta(minutes=10),
            action_kind=ActionKind.OPTIMISATION,
            description="Tuned the backup window at the client's request",
            result=ActionResult.SUCCEEDED,
            out_of_scope=True,
        )
    story.add(
        Action,
        timedelta(minutes=rng.randint(5, 15)),
        action_kind=ActionKind.TEST,
        description="Checked with the client's users: service back to normal",
        result=ActionResult.SUCCEEDED,
    )
    story.add(
        TimeEntry, timedelta(0), time_kind=TimeKind.ON_SITE, started_at=on_site, ended_at=story.at
    )
    resolution = Resolution.WORKAROUND if rng.random() < 0.2 else Resolution.FIXED
    story.status(Status.RESOLVED, timedelta(minutes=2), resolution=resolution)


def _sign(world: _World, story: _Story, client: _Client, *, refuse: bool = False) -> bytes | None:
    """The client's sign-off: the seal of what the record holds, and the signature PNG."""
    rng = world.rng
    sealed = list(story.entries)
    story.at += timedelta(minutes=rng.randint(3, 12))
    seal = seal_hash(replace(story.incident, status=Status.RESOLVED), sealed, SEAL_FORMAT)
    common: dict[str, Any] = {
        "id": new_id(),
        "incident_id": story.incident.id,
        "recorded_at": story.at,
        "author_id": None,
        "seal": seal,
        "seal_format": SEAL_FORMAT,
        "sealed_entry_ids": tuple(e.id for e in sealed),
    }
    png: bytes | None = None
    if refuse:
        sign_off = SignOff(
            outcome=None,
            refusal=Refusal.NOT_AVAILABLE,
            reason="IT manager on leave; the duty officer may not sign",
            **common,
        )
    else:
        strokes, png = rng.choice(world.signatures)
        outcome = (
            SignOffOutcome.WORKAROUND
            if story.incident.resolution is Resolution.WORKAROUND
            else SignOffOutcome.RESOLVED
        )
        signer = rng.choice(("张建国", "刘芳", "Tan Wei Ming", "Sarah Jones", "陈科长"))
        sign_off = SignOff(
            outcome=outcome,
            signer_name=signer,
            signer_role="IT manager" if client.language == "en" else "信息科",
            comment="" if rng.random() < 0.6 else "Thanks for the quick response",
            strokes=strokes,
            signature_sha256=hashlib.sha256(png).hexdigest(),
            **common,
        )
    story.entries.append(sign_off)
    story.status(Status.SIGNED_OFF, timedelta(0))
    return png


def _history(world: _World, count: int) -> None:
    rng = world.rng
    start = world.now - timedelta(days=HISTORY_DAYS)
    times = sorted(
        start + timedelta(seconds=rng.uniform(0, (HISTORY_DAYS - 1) * 86400)) for _ in range(count)
    )
    for notified_at in times:
        client = rng.choice(CLIENTS)
        username = rng.choice(client.technicians)
        priority = _priority(rng)
        if priority not in client.targets:
            priority = Priority.P2
        incident, _system, problem = _call(world, client, notified_at, priority, username)
        fate = rng.random()
        if fate < 0.05:
            world.office.cancel(
                incident.id,
                "客户来电撤销：已自行恢复 / the client called back: it recovered by itself",
                by=world.dispatcher,
            )
            continue
        laptop = world.laptops[username]
        story = _Story(incident, notified_at)
        if fate < 0.1:
            # Re-assessed on the phone: a priority change, logged with its reason.
            world.office.change_priority(
                incident.id,
                Priority.P1 if priority is not Priority.P1 else Priority.P2,
                "Impact re-assessed with the client",
                by=world.dispatcher,
            )
            with world.office.db.read() as s:
                row = s.get(IncidentRow, incident.id)
                assert row is not None
                story.incident = records.incident(row)
        _work(world, story, client, problem, until=Status.RESOLVED, late=rng.random() < 0.12)
        png = _sign(world, story, client, refuse=rng.random() < 0.04)
        if png is not None:
            _blob(world, png, story.at)
        if rng.random() < 0.2:
            photo = _photo(rng, problem[0])
            sha = _blob(world, photo, story.at)
            story.add(
                Attachment,
                timedelta(minutes=1),
                note_id=None,
                sha256=sha,
                filename="rack-photo.png",
                media_type="image/png",
                size=len(photo),
            )
        story.status(Status.CLOSED, timedelta(hours=rng.randint(2, 30)))
        laptop.push(story.entries, story.at + timedelta(minutes=rng.randint(1, 90)))


#: Today's queue: (client, priority, minutes since the first notice, status the work
#: reached, technician or None, minutes since the laptop last synced).
TODAY: tuple[tuple[int, Priority, int, Status, str | None, int], ...] = (
    (0, Priority.P1, 3, Status.NEW, None, 0),  # response about to breach, unassigned
    (3, Priority.P1, 2, Status.NEW, "tom.baker", 0),
    (1, Priority.P1, 21, Status.NEW, "li.na", 0),  # response breached
    (0, Priority.P1, 95, Status.ON_SITE, "demo", 3),
    (1, Priority.P1, 104, Status.ON_SITE, "chen.jing", 6),  # resolution about to breach
    (2, Priority.P1, 300, Status.ON_SITE, "priya.nair", 150),  # breached, laptop stale
    (0, Priority.P2, 140, Status.WAITING_FOR_CLIENT, "zhang.wei", 12),  # paused
    (2, Priority.P2, 380, Status.WAITING_FOR_CLIENT, "priya.nair", 150),
    (3, Priority.P2, 44, Status.TRAVELLING, "tom.baker", 25),
    (1, Priority.P2, 12, Status.RESPONDED, "li.na", 2),
    (0, Priority.P2, 230, Status.RESOLVED, "demo", 3),  # stopped, met, awaiting sign-off
    (3, Priority.P3, 600, Status.ON_SITE, "tom.baker", 25),
    (0, Priority.P3, 35, Status.NEW, None, 0),
    (2, Priority.P3, 170, Status.RESPONDED, "priya.nair", 150),
    (1, Priority.P3, 900, Status.RESOLVED, "chen.jing", 6),
    (3, Priority.P2, 7, Status.NEW, None, 0),
    (0, Priority.P4, 2000, Status.ON_SITE, "zhang.wei", 12),
    (2, Priority.P4, 60, Status.NEW, None, 0),
)


def _today(world: _World) -> None:
    rng = world.rng
    now = world.now
    pushes: dict[str, list[tuple[list[Entry], datetime]]] = {}
    for client_index, priority, minutes, until, username, synced in TODAY:
        client = CLIENTS[client_index]
        if priority not in client.targets:
            priority = Priority.P3
        notified_at = now - timedelta(minutes=minutes)
        incident, _system, problem = _call(world, client, notified_at, priority, username)
        if username is None or until is Status.NEW:
            continue
        story = _Story(incident, notified_at)
        _work(world, story, client, problem, until=until, late=minutes > 200)
        last_sync = now - timedelta(minutes=synced)
        kept = [e for e in story.entries if e.recorded_at <= last_sync] or story.entries[:1]
        pushes.setdefault(username, []).append((kept, last_sync))
    for username, batches in pushes.items():
        for entries, at in sorted(batches, key=lambda b: b[1]):
            world.laptops[username].push(entries, at)
    del rng
