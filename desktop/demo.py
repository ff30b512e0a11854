"""A demo office: reference data, months of incident history and a few open call-outs.

:func:`seed_demo` fills an *empty* data folder with what a technician of a Chinese IT
services firm would see on their laptop: clients in Shanghai, Shenzhen, Hangzhou, Beijing
and Hong Kong, one emergency agreement each (different SLA targets, Annex 1 systems,
exclusions), a spare-part catalogue with the van's stock, and incidents in every status.

History is written as the central service would have sent it (no outbox rows), in one
write transaction with SQLAlchemy Core ``executemany`` so that a hundred thousand
incidents take seconds, not minutes. Every incident's entries follow the status graph:
one status entry per transition, time logged when a timed state is left, clock pauses
only under contracts that allow them and only while waiting for the client. Signed-off
and closed incidents carry the client's sign-off, sealed as the sign-off use case seals
(:func:`domain.seal.new_sign_off`), a few of them refused or with nobody
there to sign; the service provider's letterhead is in the meta table. Then the
signed-in technician does some work through the real use cases, so the outbox holds what
a laptop would push at the next sync.

Given the same ``seed`` and ``now`` the records are the same (ids excepted: they are
UUIDv7 made at seeding time).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import random
import string
import struct
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Insert, String, Table, TypeDecorator, bindparam, func, insert, select
from sqlalchemy.orm import Session

from desktop.store.db import Store
from desktop.store.models import (
    ActionRow,
    AttachmentRow,
    Base,
    ClientRow,
    ClockPauseRow,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    MetaRow,
    NoteRow,
    OutboxRow,
    OutboxState,
    PartUsageRow,
    SignOffRow,
    SlaTargetRow,
    SparePartRow,
    StatusRow,
    SwapRow,
    TechnicianRow,
    TimeRow,
    VanStockRow,
    VoidRow,
)
from desktop.usecases import clock, incidents, notes, parts, signoff, void, work
from desktop.usecases.common import aware, utcnow
from desktop.usecases.errors import InvalidValue, UseCaseError
from domain import seal
from domain.ids import new_id
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import (
    DEFAULT_EXCLUSIONS,
    ENTRY_TYPES,
    ActionKind,
    ActionResult,
    Channel,
    Entry,
    Incident,
    Priority,
    Refusal,
    Resolution,
    SignOff,
    SignOffOutcome,
    Status,
    Stroke,
    SystemCategory,
    TimeKind,
)
from domain.signature import synthetic_signature

log = logging.getLogger("fieldbook.demo")

T = TypeVar("T")

MAX_INCIDENTS = 1_000_000
_CHUNK = 20_000  # entries per executemany batch
_CST = timezone(timedelta(hours=8), "CST")  # the office's clock, for text and log lines
_MIN = 60.0
_DAY = 86400.0
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class DemoRefused(UseCaseError):
    """The data folder already holds records: a demo never mixes with real work."""

    def __init__(self, incidents: int, clients: int) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UseCaseError",
                "The data folder is not empty ({incidents} incidents, {clients} clients).",
            ),
            None,
            incidents=incidents,
            clients=clients,
        )


@dataclass(frozen=True, slots=True)
class DemoSummary:
    clients: int
    contracts: int
    systems: int
    parts: int
    technicians: int
    incidents: int
    entries: int
    pending_outbox: int
    busy_incident: str  # number of the open P1 on site with every kind of entry


# --- reference data -----------------------------------------------------------------

_S = SystemCategory
_P = Priority

# (name, username); the first one is the technician signed in on this laptop.
TECHNICIANS: tuple[tuple[str, str], ...] = (
    ("王磊 Wang Lei", "demo"),
    ("陈静 Chen Jing", "chenjing"),
    ("李强 Li Qiang", "liqiang"),
    ("张伟 Zhang Wei", "zhangwei"),
    ("何志明 Michael Ho", "mho"),
    ("刘洋 Liu Yang", "liuyang"),
)


# The service provider this laptop belongs to: the letterhead of its service reports.
COMPANY: dict[str, str] = {
    "company_name": "华信智联信息技术服务有限公司 Huaxin Zhilian IT Services Co., Ltd.",
    "company_address": "上海市浦东新区碧波路 690 号 3 号楼 5 层 "
    "(5/F, Building 3, 690 Bibo Road, Pudong, Shanghai 201203)",
    "company_phone": "+86 21 5080 6600 · 7×24 400-820-6600",
}


@dataclass(frozen=True, slots=True)
class _ClientSpec:
    name: str
    language: str
    address: str
    code: str  # host name prefix
    db: str  # name of the production database, as its logs print it
    contract: str
    # (respond, resolve) minutes for P1..P4; None: no target.
    targets: tuple[tuple[int | None, int | None], ...]
    pause_allowed: bool
    exclusions: frozenset[ActionKind]
    contacts: tuple[str, ...]
    signers: tuple[tuple[str, str], ...]  # who signs the service report: name, role
    systems: tuple[tuple[str, SystemCategory, str], ...]  # Annex 1: name, category, location
    weight: float  # share of the office's incidents


CLIENTS: tuple[_ClientSpec, ...] = (
    _ClientSpec(
        name="上海华东医疗集团",
        language="zh",
        address="上海市徐汇区漕溪北路 398 号 信息中心",
        code="hdyl",
        db="hisprod",
        contract="EMA-2026-014",
        targets=((5, 240), (15, 480), (60, 1440), (240, 4320)),
        pause_allowed=True,
        exclusions=DEFAULT_EXCLUSIONS,
        contacts=("信息科 刘主任", "信息科 周工", "机房值班 孙师傅"),
        signers=(
            ("刘建国", "信息科主任"),
            ("张伟", "信息科运维主管"),
            ("周敏", "信息科运维工程师"),
        ),
        systems=(
            ("Oracle RAC 19c 生产库 (HIS)", _S.DATABASE, "A栋3楼机房 机柜 B07"),
            ("HIS 应用服务器集群", _S.APPLICATION, "A栋3楼机房 机柜 B09"),
            ("Huawei CE12808 核心交换机", _S.NETWORK, "A栋3楼机房 机柜 A01"),
            ("华为 OceanStor 5310 存储阵列", _S.STORAGE, "A栋3楼机房 机柜 C02"),
            ("PACS 影像归档服务器", _S.SERVER, "B栋1楼机房 机柜 03"),
            ("RHEL 8 虚拟化宿主机 ×6", _S.OPERATING_SYSTEM, "A栋3楼机房 机柜 B11–B13"),
            ("WebLogic 14c 中间件集群", _S.MIDDLEWARE, "A栋3楼机房 机柜 B09"),
            ("FortiGate 1800F 边界防火墙", _S.NETWORK, "A栋3楼机房 机柜 A03"),
        ),
        weight=1.6,
    ),
    _ClientSpec(
        name="深圳前海物流有限公司",
        language="zh",
        address="深圳市南山区前海深港合作区前湾一路 35 号 前海商务秘书大楼",
        code="qhwl",
        db="hanaprd",
        contract="EMA-2026-021",
        targets=((10, 360), (30, 720), (120, 2880), (None, None)),
        pause_allowed=False,
        exclusions=DEFAULT_EXCLUSIONS,
        contacts=("IT 部 黄经理", "运维值班 吴工"),
        signers=(("黄志强", "IT 部经理"), ("吴晓东", "运维值班工程师")),
        systems=(
            ("SAP ERP 应用服务器 ×4", _S.APPLICATION, "前海机房 2F 机柜 R05"),
            ("SAP HANA 2.0 数据库", _S.DATABASE, "前海机房 2F 机柜 R06"),
            ("Cisco Nexus 9508 核心交换机", _S.NETWORK, "前海机房 2F 机柜 R01"),
            ("Dell PowerStore 5200", _S.STORAGE, "前海机房 2F 机柜 R07"),
            ("Kafka 消息集群 (3 节点)", _S.MIDDLEWARE, "前海机房 2F 机柜 R05"),
            ("WMS 仓储管理系统", _S.APPLICATION, "盐田仓 1F 弱电间"),
        ),
        weight=1.3,
    ),
    _ClientSpec(
        name="Northwind Trading Ltd.",
        language="en",
        address="Unit 1203, 12/F, Tower 2, Times Square, 1 Matheson Street, Causeway Bay, "
        "Hong Kong",
        code="nwt",
        db="nwtsql",
        contract="EMA-2025-087",
        targets=((5, 240), (15, 480), (60, 1440), (480, None)),
        pause_allowed=True,
        exclusions=DEFAULT_EXCLUSIONS,
        contacts=("Ms. Karen Leung, IT Operations", "Mr. Tommy Wong, Service Desk"),
        signers=(("Karen Leung", "IT Operations Manager"), ("Tommy Wong", "Service Desk Lead")),
        systems=(
            ("Microsoft SQL Server 2019 Always On", _S.DATABASE, "DC2 Row 4 Rack 12"),
            ("Dell PowerEdge R750 ESXi hosts ×4", _S.SERVER, "DC2 Row 4 Rack 10–11"),
            ("Cisco Catalyst 9500 core switch", _S.NETWORK, "DC2 Row 4 Rack 01"),
            ("NetApp AFF A400", _S.STORAGE, "DC2 Row 4 Rack 13"),
            ("Windows Server 2022 domain controllers", _S.OPERATING_SYSTEM, "DC2 Row 4 Rack 10"),
            ("Palo Alto PA-3220 firewall pair", _S.NETWORK, "DC2 Row 4 Rack 02"),
        ),
        weight=1.0,
    ),
    _ClientSpec(
        name="Harbour Bank Hong Kong",
        language="en",
        address="88 Des Voeux Road Central, Central, Hong Kong",
        code="hbhk",
        db="cbsprod",
        contract="EMA-2026-003",
        targets=((5, 240), (15, 480), (30, 960), (120, 2880)),
        pause_allowed=False,
        # The bank's agreement covers preventive work on site as well.
        exclusions=DEFAULT_EXCLUSIONS - {ActionKind.PREVENTIVE_WORK},
        contacts=("Mr. David Chan, Infrastructure Lead", "Ms. Winnie Lau, Data Centre Ops"),
        signers=(
            ("David Chan", "Infrastructure Lead"),
            ("Winnie Lau", "Data Centre Operations Manager"),
        ),
        systems=(
            ("Oracle Exadata X8M core banking DB", _S.DATABASE, "Kwun Tong DC, Hall B, Rack 07"),
            ("IBM MQ 9.3 cluster", _S.MIDDLEWARE, "Kwun Tong DC, Hall B, Rack 09"),
            ("Cisco Nexus 9508 data-centre core", _S.NETWORK, "Kwun Tong DC, Hall B, Rack 01"),
            ("Dell PowerMax 2000", _S.STORAGE, "Kwun Tong DC, Hall B, Rack 11"),
            ("Temenos T24 application servers (RHEL 8)", _S.APPLICATION, "Kwun Tong DC, B-08"),
            ("Check Point 6700 firewall cluster", _S.NETWORK, "Kwun Tong DC, Hall B, Rack 02"),
            ("HPE ProLiant DL380 Gen10 batch servers", _S.SERVER, "Kwun Tong DC, B-10"),
        ),
        weight=1.2,
    ),
    _ClientSpec(
        name="杭州西湖数字科技股份有限公司",
        language="zh",
        address="浙江省杭州市西湖区文三路 259 号 昌地火炬大厦 1 号楼 7 层",
        code="xhsz",
        db="pgprod",
        contract="EMA-2026-032",
        targets=((5, 240), (15, 480), (90, 1440), (None, None)),
        pause_allowed=True,
        exclusions=DEFAULT_EXCLUSIONS,
        contacts=("运维部 郑工", "平台组 钱经理"),
        signers=(("郑浩", "运维部工程师"), ("钱立新", "平台组经理")),
        systems=(
            ("PostgreSQL 14 主备集群", _S.DATABASE, "IDC 滨江 3 楼 机柜 F12"),
            ("Kubernetes 生产集群 (RKE2)", _S.MIDDLEWARE, "IDC 滨江 3 楼 机柜 F10–F11"),
            ("Kafka 消息队列集群", _S.MIDDLEWARE, "IDC 滨江 3 楼 机柜 F13"),
            ("H3C S12508 核心交换机", _S.NETWORK, "IDC 滨江 3 楼 机柜 F01"),
            ("华为 OceanStor Dorado 5000", _S.STORAGE, "IDC 滨江 3 楼 机柜 F14"),
        ),
        weight=0.9,
    ),
    _ClientSpec(
        name="北京京西制药有限公司",
        language="zh",
        address="北京市大兴区经济技术开发区科创十三街 18 号",
        code="jxzy",
        db="erpprd",
        contract="EMA-2025-119",
        targets=((10, 360), (30, 600), (120, 2880), (480, None)),
        pause_allowed=True,
        exclusions=DEFAULT_EXCLUSIONS,
        contacts=("信息部 马主管", "生产部 赵工"),
        signers=(("马文军", "信息部主管"), ("赵磊", "生产部设备工程师")),
        systems=(
            ("SAP ERP 应用服务器 ×4", _S.APPLICATION, "主楼 B1 机房 机柜 05"),
            ("Oracle RAC 19c 生产库", _S.DATABASE, "主楼 B1 机房 机柜 06"),
            ("MES 制造执行系统服务器", _S.SERVER, "二车间 弱电间 机柜 01"),
            ("华为 OceanStor 5310", _S.STORAGE, "主楼 B1 机房 机柜 07"),
            ("Huawei CE6881 汇聚交换机", _S.NETWORK, "主楼 B1 机房 机柜 02"),
            ("VMware vSphere 7 宿主机", _S.OPERATING_SYSTEM, "主楼 B1 机房 机柜 08"),
        ),
        weight=1.0,
    ),
    _ClientSpec(
        name="Pacific Rim Logistics (Shanghai) Co., Ltd.",
        language="en",
        address="25/F, No. 1000 Lujiazui Ring Road, Pudong New Area, Shanghai",
        code="prl",
        db="ebsprod",
        contract="EMA-2026-045",
        targets=((5, 240), (15, 480), (60, 1440), (240, None)),
        pause_allowed=False,
        exclusions=DEFAULT_EXCLUSIONS,
        contacts=("Mr. Jason Xu, IT Manager", "Ms. Amy Shen, ERP Support"),
        signers=(("Jason Xu", "IT Manager"), ("Amy Shen", "ERP Support Lead")),
        systems=(
            ("Oracle E-Business Suite R12 app tier", _S.APPLICATION, "Pudong DC Rack 21"),
            ("PostgreSQL 14 primary/standby", _S.DATABASE, "Pudong DC Rack 22"),
            ("Cisco Nexus 9336C leaf pair", _S.NETWORK, "Pudong DC Rack 20"),
            ("HPE Nimble HF40", _S.STORAGE, "Pudong DC Rack 23"),
            ("WebLogic 12c / Tomcat middleware", _S.MIDDLEWARE, "Pudong DC Rack 21"),
            ("RHEL 8 KVM hosts", _S.OPERATING_SYSTEM, "Pudong DC Rack 24"),
            ("FortiGate 600E firewall", _S.NETWORK, "Pudong DC Rack 20"),
        ),
        weight=0.8,
    ),
)

# Systems clients call about that their agreement does not list.
OFF_ANNEX: dict[str, tuple[tuple[str, SystemCategory], ...]] = {
    "zh": (
        ("财务部打印服务器", _S.SERVER),
        ("OA 办公系统测试服务器", _S.APPLICATION),
        ("门禁系统服务器", _S.SERVER),
        ("会议室 NAS (Synology DS920+)", _S.STORAGE),
    ),
    "en": (
        ("Marketing team NAS (Synology DS920+)", _S.STORAGE),
        ("Developer Jenkins build server", _S.SERVER),
        ("Reception badge printer PC", _S.OPERATING_SYSTEM),
        ("Legacy fax server", _S.APPLICATION),
    ),
}


@dataclass(frozen=True, slots=True)
class _PartSpec:
    part_number: str
    description: str
    kind: str  # dimm, disk, ssd, psu, sfp, fan, battery, cable
    serial: str  # pattern: # digit, @ letter, % hex digit, ? letter or digit; "" none


PARTS: tuple[_PartSpec, ...] = (
    _PartSpec("M393A4K40DB3-CWE", "Samsung 32GB DDR4-3200 RDIMM", "dimm", "%%%%%%%%"),
    _PartSpec("HMA84GR7CJR4N-XN", "SK hynix 32GB DDR4-3200 RDIMM", "dimm", "%%%%%%%%"),
    _PartSpec("P06033-B21", "HPE 32GB 2Rx8 DDR4-3200 Smart Memory", "dimm", "@@@###@###"),
    _PartSpec("ST2400MM0129", 'Seagate Exos 2.4TB 10K SAS 12Gb/s 2.5"', "disk", "WBN?????"),
    _PartSpec("400-ATJL", 'Dell 1.2TB 10K SAS 12Gb/s 2.5" 硬盘', "disk", "????????"),
    _PartSpec("02351LWK", "华为 OceanStor 1.92TB SAS SSD", "ssd", "2102351LWK10M#######"),
    _PartSpec("MZ7L3960HCJR-00A07", "Samsung PM893 960GB SATA SSD", "ssd", "S6??NE0R######"),
    _PartSpec("450-AIYX", "Dell 1100W 热插拔电源 (Platinum)", "psu", "CN-0?????-?????-###-####"),
    _PartSpec("865414-B21", "HPE 800W Flex Slot Platinum PSU", "psu", "5WBX@#####@###"),
    _PartSpec("PAC1000S56-CB", "华为 CE 交换机 1000W 交流电源模块", "psu", "2102###@###@######"),
    _PartSpec("SFP-10G-SR", "Cisco 10GBASE-SR SFP+ 多模光模块", "sfp", "FNS####????"),
    _PartSpec("SFP-10G-LR", "Cisco 10GBASE-LR SFP+ single-mode module", "sfp", "FNS####????"),
    _PartSpec("OMXD30000", "华为 10GE SFP+ 850nm 多模光模块", "sfp", "EA##########"),
    _PartSpec("QSFP-40G-SR4", "Cisco 40GBASE-SR4 QSFP+ module", "sfp", "AVM####????"),
    _PartSpec("FAN-R750-HPR", "Dell PowerEdge R750 高性能风扇", "fan", "CN-0?????-?????"),
    _PartSpec("FAN-12C-A", "华为 CE12800 风扇框", "fan", "2102###@###@######"),
    _PartSpec("405-AAXV", "Dell PERC H755 RAID 卡电池", "battery", "CN0?????????"),
    _PartSpec("P01366-B21", "HPE 96W Smart Storage Battery", "battery", "6EZ@@#####"),
    _PartSpec("CAB-LC-LC-OM4-3M", "LC-LC OM4 多模光纤跳线 3 m", "cable", ""),
    _PartSpec("CAB-CAT6A-2M", "Cat6A patch cable 2 m", "cable", ""),
    _PartSpec("CAB-MSAS-HD-1M", "Mini-SAS HD (SFF-8644) cable 1 m", "cable", ""),
)

# Van stock fixed by part number (the rest is drawn): one part out, one part down to its last.
_FIXED_STOCK = {"PAC1000S56-CB": 0, "QSFP-40G-SR4": 1, "02351LWK": 4, "CAB-LC-LC-OM4-3M": 12}

# Which spares a fault on each kind of system may need.
_SWAP_KINDS: dict[SystemCategory, tuple[str, ...]] = {
    _S.SERVER: ("dimm", "psu", "fan", "battery", "disk"),
    _S.STORAGE: ("disk", "ssd", "battery", "sfp"),
    _S.NETWORK: ("sfp", "psu", "fan"),
    _S.DATABASE: ("dimm", "disk", "ssd", "psu"),
    _S.OPERATING_SYSTEM: ("dimm", "disk", "psu"),
    _S.MIDDLEWARE: ("dimm", "psu"),
    _S.APPLICATION: ("dimm", "disk", "psu"),
}
_SWAP_CHANCE: dict[SystemCategory, float] = {
    _S.SERVER: 0.35,
    _S.STORAGE: 0.35,
    _S.NETWORK: 0.3,
    _S.DATABASE: 0.12,
    _S.OPERATING_SYSTEM: 0.1,
    _S.MIDDLEWARE: 0.05,
    _S.APPLICATION: 0.05,
}
_SLOTS: dict[str, tuple[str, ...]] = {
    "dimm": ("DIMM A4", "DIMM B2", "DIMM B4", "CPU2 DIMM 7"),
    "disk": ("Bay 3", "Bay 7", "Slot 0:1:5", "CTE0.12"),
    "ssd": ("CTE0.5", "CTE0.12", "Bay 1"),
    "psu": ("PSU 2", "PSU 1", "PWR2"),
    "sfp": ("Ethernet1/12", "10GE1/0/24", "Ethernet2/3", "Te1/0/48"),
    "fan": ("FAN 4", "FAN3", "风扇框 2"),
    "battery": ("PERC 电池仓", "Smart Storage Battery bay"),
}

# --- text ---------------------------------------------------------------------------

# Titles may name the system ({system}); they avoid naming a product it may not be.
TITLES: dict[SystemCategory, dict[str, tuple[str, ...]]] = {
    _S.DATABASE: {
        "zh": (
            "{system} 实例宕机，业务查询缓慢",
            "生产数据库报内部错误，批处理作业失败",
            "数据库连接数耗尽，应用大量报错",
            "归档/日志空间满，数据库挂起",
        ),
        "en": (
            "{system}: instance down, queries slow",
            "Internal error on the production database, batch jobs failing",
            "Database connection slots exhausted, application errors",
            "Archive/log space full, database hung",
        ),
    },
    _S.NETWORK: {
        "zh": (
            "{system} 板卡故障，部分网段断网",
            "上联端口频繁 up/down，间歇性丢包",
            "{system} 主备切换后业务中断",
        ),
        "en": (
            "{system}: module failure, some subnets offline",
            "Uplink flapping, intermittent packet loss",
            "Traffic down after an HA failover on {system}",
        ),
    },
    _S.STORAGE: {
        "zh": (
            "存储控制器 A 离线，多路径降级",
            "存储硬盘故障，RAID 重构中性能下降",
            "LUN 延迟超过 200 ms，虚拟机卡顿",
        ),
        "en": (
            "Storage controller A offline, multipath degraded",
            "Disk failure on the array, performance down while rebuilding",
            "LUN latency above 200 ms, virtual machines freezing",
        ),
    },
    _S.SERVER: {
        "zh": (
            "服务器电源模块故障告警，冗余丢失",
            "内存不可纠正错误，主机自动重启",
            "RAID 卡电池故障，写缓存被禁用",
        ),
        "en": (
            "Power supply failure, redundancy lost",
            "Uncorrectable memory errors, host rebooted itself",
            "RAID controller battery failed, write cache disabled",
        ),
    },
    _S.OPERATING_SYSTEM: {
        "zh": (
            "{system} 文件系统只读，服务无法启动",
            "根分区 100% 满，服务无法写日志",
            "主机内存耗尽，进程被 OOM 杀掉",
        ),
        "en": (
            "{system}: file system read-only, services cannot start",
            "Root file system 100% full, services cannot write logs",
            "Host out of memory, processes killed by the OOM killer",
        ),
    },
    _S.MIDDLEWARE: {
        "zh": (
            "{system} 节点宕机，业务请求积压",
            "中间件线程卡死，应用无响应",
            "{system} 内存溢出，服务反复重启",
        ),
        "en": (
            "{system}: node down, requests piling up",
            "Middleware threads stuck, application not responding",
            "{system} out of memory, service restarting in a loop",
        ),
    },
    _S.APPLICATION: {
        "zh": (
            "{system} 登录缓慢，业务无法办理",
            "应用报错，前台业务中断",
            "夜间批处理未完成，影响早班业务",
        ),
        "en": (
            "{system}: logins slow, users cannot work",
            "Application errors, front-office work stopped",
            "Overnight batch did not finish, morning shift blocked",
        ),
    },
}
OFF_ANNEX_TITLE = {"zh": "{system} 无法访问", "en": "{system} not reachable"}
DESCRIPTIONS = {
    "zh": "{contact}（{channel}）报障：{title}。影响约 {users} 名用户。",
    "en": "Reported by {contact} ({channel}): {title}. About {users} users affected.",
}
CHANNEL_WORDS = {
    "zh": {
        Channel.PHONE: "电话",
        Channel.EMAIL: "邮件",
        Channel.PORTAL: "服务台工单",
        Channel.WALK_UP: "现场",
        Channel.OTHER: "微信群",
    },
    "en": {
        Channel.PHONE: "phone",
        Channel.EMAIL: "e-mail",
        Channel.PORTAL: "service portal",
        Channel.WALK_UP: "walk-up",
        Channel.OTHER: "WeChat group",
    },
}

NOTES_REMOTE = {
    "zh": (
        "远程登录堡垒机查看监控：CPU 正常，存储延迟 {n} ms，明显偏高。",
        "已电话联系 {contact}，确认故障从 {hhmm} 开始，正在安排出发。",
        "远程查看 {host} 告警：{hhmm} 起大量 I/O 超时，需要现场处理。",
    ),
    "en": (
        "Remote check through the jump host: CPU normal, storage latency {n} ms, far too high.",
        "Called {contact}: the fault started at {hhmm}. Leaving for the site now.",
        "Remote look at {host}: I/O timeouts since {hhmm}; needs hands on site.",
    ),
}
NOTES_ON_SITE = {
    "zh": (
        "到达现场，{contact} 陪同进入机房。{system} 前面板告警灯橙色常亮。",
        "客户反馈 {hhmm} 起业务异常，约 {n} 名用户受影响，已在监控上确认告警。",
        "检查 {host} 系统日志，{hhmm} 前后有大量 I/O 超时报错。",
        "与客户运维电话确认：故障期间设备已自动重启 2 次。",
        "已报原厂 400 热线，报修单号 {case}，备件预计 4 小时内到达。",
        "根据现场情况判断为硬件故障，先做临时处理，等待原厂备件。",
        "客户要求暂不重启生产系统，等到 {hhmm} 业务低峰期再处理。",
        "收集 sosreport 和存储 supportsave 日志，已上传原厂工单 {case}。",
    ),
    "en": (
        "Arrived on site; {contact} escorted me to the server room. Amber fault LED on {system}.",
        "Users report errors since {hhmm}; about {n} affected. Alarms confirmed in monitoring.",
        "System log on {host}: I/O timeouts from about {hhmm} onwards.",
        "Opened vendor case {case}; the spare part should arrive within 4 hours.",
        "Looks like a hardware fault. Temporary fix first, then the vendor's part.",
        "Client asked not to restart production before {hhmm} (end of the business peak).",
        "Collected sosreport and array support bundle, uploaded to vendor case {case}.",
    ),
}
NOTES_BY_CATEGORY: dict[SystemCategory, dict[str, tuple[str, ...]]] = {
    _S.NETWORK: {
        "zh": ("光模块收光功率偏低（-{rx} dBm），怀疑尾纤弯折或端面污染，已清洁端面。",),
        "en": (
            "Optical RX power low (-{rx} dBm) on the uplink: bent patch cord or dirty connector?",
        ),
    },
    _S.DATABASE: {
        "zh": ("与客户 DBA 电话确认：实例已自动重启 2 次，归档正常。",),
        "en": (
            "Checked with the client's DBA: the instance restarted twice by itself; archiving OK.",
        ),
    },
}
NOTES_DONE = {
    "zh": (
        "业务已恢复，{contact} 确认功能正常，继续观察 30 分钟无异常。",
        "故障已排除，监控告警全部清除，已向客户说明原因和后续建议。",
    ),
    "en": (
        "Service restored; {contact} confirmed users can work. Watched 30 minutes, all quiet.",
        "Fault cleared, all alarms gone; explained the cause and next steps to the client.",
    ),
}
NOTES_WAITING = {
    "zh": (
        "等待客户提供 root 密码和变更审批。",
        "客户机房门禁需要物业授权，等待开门。",
        "等待客户业务部门确认可以停机。",
    ),
    "en": (
        "Waiting for the client's change approval and the root password.",
        "Waiting for building security to let us into the data hall.",
        "Waiting for the business owner to agree to a short outage.",
    ),
}
NOTES_CANCEL = {
    "zh": ("客户来电：已自行重启恢复，取消派单。", "重复报障，与上一单为同一故障，调度取消。"),
    "en": (
        "Client called back: service came back after their own reboot; call-out cancelled.",
        "Duplicate of an earlier report; cancelled by dispatch.",
    ),
}
PAUSE_REASONS = {
    "zh": (
        "等待客户信息科授权进入机房",
        "等待客户 DBA 提供 sys 账号密码",
        "客户要求等业务低峰期再操作",
        "等待客户网络组确认变更窗口",
    ),
    "en": (
        "Waiting for the client's change approval",
        "Waiting for data-centre access for the vendor engineer",
        "Client's DBA not available until after the business peak",
    ),
}
VOID_REASONS = {
    "zh": ("记错了设备，实际是同机柜另一台主机。", "重复录入。", "时间写错，重新记录。"),
    "en": (
        "Wrong server: it was the node in the next rack.",
        "Duplicate entry.",
        "Wrong incident.",
    ),
}

# (kind, Chinese, English); excluded kinds are recorded out of scope.
_A = ActionKind
ACTIONS_COMMON: tuple[tuple[ActionKind, str, str], ...] = (
    (_A.RESTART, "重启 {host} 上的应用节点", "Restarted the application node on {host}"),
    (_A.SERVICE_STOP_START, "停止并重新启动相关服务", "Stopped and restarted the affected service"),
    (_A.PATCH, "安装厂商紧急补丁 {patch}", "Applied the vendor's emergency patch {patch}"),
    (_A.WORKAROUND, "将业务切换到备用节点，绕过故障主机", "Failed over to the standby node"),
    (
        _A.TEST,
        "执行连通性和读写测试 (ping / dd / 业务登录)",
        "Ran connectivity and read/write tests",
    ),
    (_A.OTHER, "与原厂二线工程师电话会议，收集诊断日志", "Call with the vendor's L2 engineer"),
)
ACTIONS_BY_CATEGORY: dict[SystemCategory, tuple[tuple[ActionKind, str, str], ...]] = {
    _S.DATABASE: (
        (_A.SERVICE_STOP_START, "重启故障节点上的数据库实例", "Restarted the database instance"),
        (
            _A.CONFIGURATION_CHANGE,
            "清理归档/WAL 目录并调整保留策略",
            "Cleared the archive/WAL destination and fixed the retention policy",
        ),
        (
            _A.WORKAROUND,
            "临时调大最大连接数并重启连接池",
            "Raised max connections and restarted the connection pool as a stop-gap",
        ),
    ),
    _S.NETWORK: (
        (
            _A.CONFIGURATION_CHANGE,
            "端口 {port} shutdown / undo shutdown，清除计数器",
            "shut / no shut on {port}, cleared the counters",
        ),
        (_A.WORKAROUND, "将上行流量切换到备用链路", "Moved the uplink traffic to the standby link"),
        (_A.RESTART, "重新插拔并重启故障板卡", "Reseated and rebooted the faulty module"),
    ),
    _S.STORAGE: (
        (
            _A.SERVICE_STOP_START,
            "重新扫描 FC 链路 (rescan-scsi-bus.sh) 并重载 multipathd",
            "Rescanned the FC paths (rescan-scsi-bus.sh) and reloaded multipathd",
        ),
        (
            _A.CONFIGURATION_CHANGE,
            "multipath.conf 中 no_path_retry 改为 queue",
            "Set no_path_retry to queue in multipath.conf",
        ),
    ),
    _S.SERVER: (
        (_A.RESTART, "通过 BMC 冷启动主机", "Cold-booted the host from the BMC"),
        (_A.TEST, "运行厂商硬件诊断 (ePSA / IML)", "Ran the vendor's hardware diagnostics"),
    ),
    _S.OPERATING_SYSTEM: (
        (
            _A.CONFIGURATION_CHANGE,
            "清理 /var/log 旧日志并配置 logrotate",
            "Cleaned old logs under /var/log and fixed logrotate",
        ),
        (_A.RESTART, "救援模式修复文件系统后重启", "Repaired the file system in rescue mode"),
    ),
    _S.MIDDLEWARE: (
        (_A.SERVICE_STOP_START, "重启故障节点上的中间件服务", "Restarted the middleware service"),
        (
            _A.CONFIGURATION_CHANGE,
            "调大 JVM 堆内存并调整线程超时",
            "Raised the JVM heap and the stuck-thread timeout",
        ),
    ),
    _S.APPLICATION: (
        (_A.RESTART, "重启应用实例", "Restarted the application instance"),
        (_A.WORKAROUND, "手工重跑失败的批处理作业", "Re-ran the failed batch job by hand"),
    ),
}
ACTIONS_EXCLUDED: tuple[tuple[ActionKind, str, str], ...] = (
    (
        _A.ROUTINE_UPGRADE,
        "应客户要求顺便升级 BMC 固件到最新版本",
        "At the client's request, upgraded the BMC firmware to the current release",
    ),
    (
        _A.OPTIMISATION,
        "应客户要求调整数据库参数，优化月结报表性能",
        "Tuned database parameters for the month-end reports at the client's request",
    ),
    (
        _A.PREVENTIVE_WORK,
        "顺便清洁机柜防尘网并检查风扇",
        "Cleaned the rack dust filters and checked the fans while on site",
    ),
    (
        _A.PLANNED_CHANGE,
        "按客户要求新增 VLAN 230（财务新网段）",
        "Added VLAN 230 for the new finance subnet at the client's request",
    ),
)
RESULT_DETAILS: dict[ActionResult, dict[str, tuple[str, ...]]] = {
    ActionResult.SUCCEEDED: {
        "zh": ("操作成功，告警消除。", "服务恢复正常，用户确认可以登录。", ""),
        "en": ("Done; the alarm cleared.", "Service back; users confirmed they can log in.", ""),
    },
    ActionResult.PARTIAL: {
        "zh": ("部分恢复，性能仍偏低，继续排查。",),
        "en": ("Partly better; latency still high, investigating further.",),
    },
    ActionResult.FAILED: {
        "zh": ("无效，故障依旧。", "操作失败：设备无响应，需原厂支持。"),
        "en": ("No effect; same fault.", "Failed: the device stopped responding; vendor needed."),
    },
}
SWAP_NOTES = {
    "zh": ("槽位 {slot}，原厂备件到货后再换回。", "槽位 {slot}，更换后告警消除。"),
    "en": ("{slot}; to be swapped back when the vendor's part arrives.", "{slot}; alarm cleared."),
}

SIGN_OFF_COMMENTS: dict[SignOffOutcome, dict[str, tuple[str, ...]]] = {
    SignOffOutcome.RESOLVED: {
        "zh": (
            "感谢工程师及时到场处理。",
            "处理及时，业务已恢复正常。",
            "请在三个工作日内提供故障分析报告。",
        ),
        "en": (
            "Thanks for the quick response.",
            "Service back to normal, thank you.",
            "Please send the root-cause report within three working days.",
        ),
    },
    SignOffOutcome.WORKAROUND: {
        "zh": ("临时方案可以接受，请尽快安排原厂备件彻底修复。", "请在下次维护窗口完成永久修复。"),
        "en": (
            "Workaround accepted; please schedule the permanent fix with the vendor.",
            "Permanent fix to be done in the next maintenance window.",
        ),
    },
}
REFUSAL_REASONS: dict[Refusal, dict[str, tuple[str, ...]]] = {
    Refusal.REFUSED: {
        "zh": (
            "客户认为故障未彻底解决，拒绝签字，要求原厂工程师到场复核。",
            "客户对现场工时有异议，暂不签字，待核对机房门禁记录。",
        ),
        "en": (
            "The client says the fault is not fully fixed and will not sign before the "
            "vendor's engineer has checked.",
            "The client disputes the time on site; will not sign before checking the "
            "data-centre access log.",
        ),
    },
    Refusal.NOT_AVAILABLE: {
        "zh": (
            "夜间处理完成，客户值班人员无签字权限，报告已邮件发送信息部门。",
            "客户联系人已离开现场，无人签字，报告已发至客户服务台邮箱。",
        ),
        "en": (
            "Fixed after hours; nobody from the client with authority to sign. Report "
            "e-mailed to their service desk.",
            "The client's contact had left the site; report sent to their service desk mailbox.",
        ),
    },
}
_REFUSAL_SHARE = 0.03  # sign-offs without a signature: refused, or nobody there to sign
_COMMENT_SHARE = 0.3  # signatures with a word from the client

# Pasted command output and logs (always English, as the machines print them).
LOGS: dict[str, str] = {
    "oracle_alert": """{ts_iso}
Errors in file /u01/app/oracle/diag/rdbms/{db}/{db}{inst}/trace/{db}{inst}_lgwr_{pid}.trc:
ORA-00345: redo log write error block {block} count 2048
ORA-00312: online log 4 thread {inst}: '+DATA/{DB}/ONLINELOG/group_4.263.1098765433'
ORA-15080: synchronous I/O operation failed to write block {block2} of disk 12 in disk group DATA
ORA-27072: File I/O error
Linux-x86_64 Error: 5: Input/output error
{ts_iso2}
LGWR (ospid: {pid}): terminating the instance due to ORA error 345
Instance terminated by LGWR, pid = {pid}""",
    "oracle_600": """{ts_iso}
Errors in file /u01/app/oracle/diag/rdbms/{db}/{db}{inst}/trace/{db}{inst}_ora_{pid}.trc  \
(incident={inc}):
ORA-00600: internal error code, arguments: [kcbzpbuf_1], [4], [1], [], [], [], [], [], \
[], [], [], []
Incident details in: /u01/app/oracle/diag/rdbms/{db}/{db}{inst}/incident/incdir_{inc}/
{ts_iso2}
ORA-04031: unable to allocate 4160 bytes of shared memory ("shared pool","unknown object",\
"sga heap(1,0)","kglsim object batch")""",
    "postgres": """{date} {time}.{ms} CST [{pid}] FATAL:  remaining connection slots are reserved \
for non-replication superuser connections
{date} {time}.{ms2} CST [{pid2}] FATAL:  sorry, too many clients already
{date} {time2}.{ms} CST [{pid3}] LOG:  checkpoints are occurring too frequently (9 seconds apart)
{date} {time2}.{ms} CST [{pid3}] HINT:  Consider increasing the configuration parameter \
"max_wal_size".
{date} {time2}.{ms2} CST [{pid2}] ERROR:  canceling statement due to statement timeout
{date} {time2}.{ms2} CST [{pid2}] STATEMENT:  UPDATE stock SET qty = qty - $1 WHERE sku = $2""",
    "dmesg_disk": """\
[{up}.553104] sd {h}:0:0:{lun}: [{dev}] tag#412 FAILED Result: hostbyte=DID_OK \
driverbyte=DRIVER_SENSE cmd_age=30s
[{up}.553111] sd {h}:0:0:{lun}: [{dev}] tag#412 Sense Key : Medium Error [current]
[{up}.553115] sd {h}:0:0:{lun}: [{dev}] tag#412 Add. Sense: Unrecovered read error
[{up}.553120] sd {h}:0:0:{lun}: [{dev}] tag#412 CDB: Read(16) 88 00 00 00 00 00 1a 2b 3c 40 00 00
[{up}.553124] blk_update_request: critical medium error, dev {dev}, sector {sector} op 0x0:(READ)
[{up2}.118802] XFS ({dev}1): metadata I/O error in "xfs_imap_to_bp+0x5c/0xb0 [xfs]" \
at daddr 0x{hexa} len 32 error 5
[{up2}.118930] XFS ({dev}1): Corruption of in-memory data detected.  Shutting down filesystem
[{up2}.118931] XFS ({dev}1): Please unmount the filesystem and rectify the problem(s)""",
    "dmesg_edac": """\
[{up}.201877] EDAC MC0: 1 CE memory read error on CPU_SrcID#0_MC#1_Chan#0_DIMM#0 \
(channel:0 slot:0 page:0x{hexa} offset:0x0 grain:32 syndrome:0x0 - err_code:0x0000:0x009f)
[{up}.201901] EDAC MC0: 1 UE memory read error on CPU_SrcID#0_MC#1_Chan#0_DIMM#0 \
(channel:0 slot:0 page:0x{hexa} offset:0x0 grain:32 - err_code:0x0000:0x009f)
[{up}.201944] mce: [Hardware Error]: Machine check events logged
[{up2}.202013] Memory failure: 0x{hexa}: recovery action for dirty LRU page: Recovered""",
    "ipmi_sel": """[root@{host} ~]# ipmitool sel list | tail -4
 1a3 | {date_us} | {time} | Power Supply PS2 Status | Power Supply AC lost | Asserted
 1a4 | {date_us} | {time} | Power Supply PS Redundancy | Redundancy Lost | Asserted
 1a5 | {date_us} | {time2} | Fan FAN4 | Lower Critical going low | Asserted
 1a6 | {date_us} | {time2} | Temperature Inlet Temp | Upper Non-critical going high | Asserted""",
    "nxos_interface": """{host}# show interface ethernet {port}
Ethernet{port} is up
admin state is up, Dedicated Interface
  Hardware: 1000/10000 Ethernet, address: 00de.fb12.3a4c (bia 00de.fb12.3a4c)
  MTU 9216 bytes, BW 10000000 Kbit, DLY 10 usec
  reliability 251/255, txload 1/255, rxload 3/255
  full-duplex, 10 Gb/s, media type is 10G
  Last link flapped 00:0{flapmin}:{flapsec}
  {flaps} interface resets
  RX
    18236456712 unicast packets  2331 multicast packets  47 broadcast packets
    0 runts  0 giants  {crc} CRC  0 no buffer
    {crc} input error  0 short frame  0 overrun   0 underrun  0 ignored
  TX
    16548732110 unicast packets  118 multicast packets  3 broadcast packets
    0 output error  0 collision  0 deferred  0 late collision""",
    "vrp_transceiver": """<{host}>display interface 10GE1/0/{lun} transceiver verbose
 10GE1/0/{lun} transceiver information:
-------------------------------------------------------------------
  Transceiver Type                      :10GBASE_SR
  Connector Type                        :LC
  Wavelength (nm)                       :850
  Vendor Part Number                    :02318169
-------------------------------------------------------------------
  Temperature (Celsius)                 :41.36
  Voltage (V)                           :3.29
  Bias Current (mA)                     :6.12
  RX Power (dBm)                        :-{rx}
  TX Power (dBm)                        :-2.41
  RX Power Low Threshold (dBm)          :-11.10""",
    "multipath": """[root@{host} ~]# multipath -ll
mpatha (36{wwid}) dm-{h} HUAWEI,XSG1
size=2.0T features='1 queue_if_no_path' hwhandler='1 alua' wp=rw
|-+- policy='service-time 0' prio=50 status=active
| |- 1:0:0:{lun} sdb 8:16  active ready running
| `- 2:0:0:{lun} sdf 8:80  failed faulty running
`-+- policy='service-time 0' prio=10 status=enabled
  |- 1:0:1:{lun} sdc 8:32  active ready running
  `- 2:0:1:{lun} sdg 8:96  failed faulty running""",
    "storcli": """[root@{host} ~]# storcli64 /c0/cv show all
Controller = 0
Status = Success
Cachevault_Info :
--------------------
Property    Value
--------------------
Type        CVPM05
Temperature 52 C
State       Failed
--------------------
Replacement required             Yes
No space to cache offload        No""",
    "journal": """\
{mon} {day} {time} {host} kernel: EXT4-fs error (device dm-0): ext4_find_entry:1455: \
inode #2: comm systemd: reading directory lblock 0
{mon} {day} {time} {host} kernel: EXT4-fs (dm-0): Remounting filesystem read-only
{mon} {day} {time2} {host} systemd[1]: libvirtd.service: Main process exited, code=killed
{mon} {day} {time2} {host} kernel: Out of memory: Killed process {pid} (qemu-kvm) \
total-vm:67108864kB, anon-rss:62914560kB""",
    "weblogic": """####<{mon} {day}, {year} {time} AM CST> <Error> <WebLogicServer> <{host}> \
<ManagedServer2> <[ACTIVE] ExecuteThread: '12' for queue: 'weblogic.kernel.Default \
(self-tuning)'> <BEA-000337> <[STUCK] ExecuteThread: '27' for queue: 'weblogic.kernel.Default \
(self-tuning)' has been busy for "{secs}" seconds working on the request, which is more than \
the configured time (StuckThreadMaxTime) of "600" seconds.>
####<{mon} {day}, {year} {time2} AM CST> <Critical> <Health> <{host}> <ManagedServer2> \
<BEA-310003> <Free memory in the server is 2,113,552 bytes. There is danger of OutOfMemoryError>""",
    "kafka": """[{date} {time},{ms}] WARN [ReplicaFetcher replicaId=1, leaderId=2, fetcherId=0] \
Error in response for fetch request (kafka.server.ReplicaFetcherThread)
java.io.IOException: Connection to 2 was disconnected before the response was read
[{date} {time},{ms2}] INFO [Partition orders-events-7 broker=1] Shrinking ISR from 1,2,3 to 1,3. \
(kafka.cluster.Partition)
[{date} {time2},{ms}] ERROR [KafkaApi-1] Number of alive brokers '2' does not meet the required \
replication factor '3' for the offsets topic (kafka.server.KafkaApis)""",
    "sap_sm21": """{time} DIA 012 100 WMSBATCH  R4 7 RFC/CPIC error: partner '10.20.3.41:sapgw00' \
not reached
{time} DIA 012 100 WMSBATCH  R4 9 > Connect to SAP gateway failed
{time2} BTC 031 100 DDIC      AB 0 Run-time error "DBSQL_SQL_ERROR" occurred
{time2} BTC 031 100 DDIC      BY 2 Database error 1555 at FET > ORA-01555: snapshot too old""",
}


def _log_names(system: str, category: SystemCategory) -> tuple[str, ...]:
    """The pasted logs that fit ``system``: its engine's or its platform's."""
    name = system.casefold()
    if category is SystemCategory.DATABASE:
        if "oracle" in name or "exadata" in name:
            return ("oracle_alert", "oracle_600", "multipath")
        if "postgres" in name:
            return ("postgres", "multipath")
        return ("multipath", "dmesg_disk")
    if category is SystemCategory.NETWORK:
        if any(v in name for v in ("huawei", "华为", "h3c")):
            return ("vrp_transceiver",)
        if any(v in name for v in ("cisco", "nexus", "catalyst")):
            return ("nxos_interface",)
        return ()  # firewalls: notes in words only
    if category is SystemCategory.MIDDLEWARE:
        if "kafka" in name:
            return ("kafka", "journal")
        if "weblogic" in name:
            return ("weblogic", "journal")
        return ("journal",)
    if category is SystemCategory.APPLICATION:
        return ("sap_sm21", "journal") if "sap" in name else ("weblogic", "journal")
    if category is SystemCategory.STORAGE:
        return ("multipath", "dmesg_disk")
    if category is SystemCategory.SERVER:
        return ("ipmi_sel", "dmesg_edac", "storcli")
    return () if "windows" in name else ("journal", "dmesg_disk", "dmesg_edac")


# Vendor names in system names and in spare-part descriptions.
_VENDORS = (
    ("华为", "huawei"),
    ("huawei", "huawei"),
    ("oceanstor", "huawei"),
    ("dell", "dell"),
    ("poweredge", "dell"),
    ("powerstore", "dell"),
    ("powermax", "dell"),
    ("hpe", "hpe"),
    ("proliant", "hpe"),
    ("nimble", "hpe"),
    ("cisco", "cisco"),
    ("nexus", "cisco"),
    ("catalyst", "cisco"),
)


def _vendor(text: str) -> str | None:
    low = text.casefold()
    return next((vendor for token, vendor in _VENDORS if token in low), None)


def _profile(
    system: str, category: SystemCategory, spares: list[_Part], blobs: list[_Blob]
) -> _Profile:
    kinds = _SWAP_KINDS[category]
    fitting = [p for p in spares if p.spec.kind in kinds and p.spec.serial]
    vendor = _vendor(system)
    # The system's own vendor's spares, or parts any vendor's box takes (DIMMs, disks).
    same = [p for p in fitting if _vendor(p.spec.description) in (vendor, None)]
    if vendor is None:
        same = [p for p in fitting if _vendor(p.spec.description) is None] or fitting
    logs = _log_names(system, category)
    topics = {"server"}
    if category is SystemCategory.NETWORK:
        topics = {"network"}
    elif category in (SystemCategory.STORAGE, SystemCategory.OPERATING_SYSTEM):
        topics = {"server", "disk"}
    if "oracle_alert" in logs:
        topics |= {"oracle", "disk"}
    files = tuple(b for b in blobs if b.topic in topics)
    return _Profile(logs, tuple(same or fitting), files)


_HOST_PART = {
    _S.DATABASE: "db",
    _S.STORAGE: "stor",
    _S.NETWORK: "core",
    _S.SERVER: "srv",
    _S.OPERATING_SYSTEM: "kvm",
    _S.MIDDLEWARE: "mw",
    _S.APPLICATION: "app",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- runtime structures -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _System:
    id: uuid.UUID
    name: str
    category: SystemCategory


@dataclass(frozen=True, slots=True)
class _Contract:
    spec: _ClientSpec
    client_id: uuid.UUID
    id: uuid.UUID
    systems: tuple[_System, ...]

    def target(self, priority: Priority) -> tuple[int | None, int | None]:
        return self.spec.targets[int(priority.value[1]) - 1]


@dataclass(frozen=True, slots=True)
class _Part:
    id: uuid.UUID
    spec: _PartSpec
    on_hand: int


@dataclass(frozen=True, slots=True)
class _Blob:
    sha256: str
    size: int
    filename: str
    media_type: str
    topic: str  # what it shows: "oracle", "disk", "server" or "network"


@dataclass(frozen=True, slots=True)
class _Profile:
    """What fits one system: the logs it prints, the spares it takes, the files about it."""

    logs: tuple[str, ...]
    spares: tuple[_Part, ...]
    files: tuple[_Blob, ...]


@dataclass(slots=True)
class _Plan:
    """One incident before it is written: what it is, and how far its clock has run."""

    status: Status
    priority: Priority
    contract: _Contract
    system: _System | None  # None: not in the contract's Annex 1
    system_name: str
    category: SystemCategory
    channel: Channel
    assignee: uuid.UUID | None
    share: float | None = None  # open: share of the current SLA target used at ``now``
    window: tuple[float, float] = (0.0, 0.0)  # history: notified (days before now)
    local: bool = False  # the technician adds work through the use cases afterwards
    busy: bool = False
    path: list[Status] = field(default_factory=list)
    offsets: list[float] = field(default_factory=list)  # seconds after notified_at
    notified_at: datetime = _EPOCH
    number: str = ""


@dataclass(slots=True)
class _Rows:
    """Rows waiting for the next executemany, in foreign-key order."""

    incidents: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    kinds: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {kind: [] for kind in _KIND_TABLES}
    )
    written: int = 0

    def flush(self, session: Session) -> None:
        if self.incidents:
            session.execute(insert(_table(IncidentRow)), self.incidents)
        if self.entries:
            session.execute(insert(_table(EntryRow)), self.entries)
        for kind, rows in self.kinds.items():
            if rows:
                session.execute(_insert(kind), rows)
                rows.clear()
        self.written += len(self.entries)
        self.incidents.clear()
        self.entries.clear()


def _insert(kind: str) -> Insert:
    statement = insert(_KIND_TABLES[kind])
    if kind == "sign_off":
        # The JSON columns come as text, made by their own types (see _Signing).
        statement = statement.values(
            strokes=bindparam("strokes_json", type_=String()),
            sealed_entry_ids=bindparam("sealed_json", type_=String()),
        )
    return statement


def _table(cls: type[Base]) -> Table:
    table = cls.__table__
    assert isinstance(table, Table)
    return table


# Subclass tables in insertion order (attachments after notes, then voids, sign-offs last).
_KIND_TABLES: dict[str, Table] = {
    "note": _table(NoteRow),
    "attachment": _table(AttachmentRow),
    "action": _table(ActionRow),
    "swap": _table(SwapRow),
    "part_usage": _table(PartUsageRow),
    "time": _table(TimeRow),
    "clock_pause": _table(ClockPauseRow),
    "status": _table(StatusRow),
    "void": _table(VoidRow),
    # Sign-offs after the voids: the database refuses a void of an entry already sealed.
    "sign_off": _table(SignOffRow),
}


# --- the entry point ----------------------------------------------------------------


def seed_demo(
    store: Store, *, incidents: int = 60, seed: int = 2026, now: datetime | None = None
) -> DemoSummary:
    """Fill the empty data folder of ``store`` with a demo office; see the module doc."""
    if isinstance(incidents, bool) or not isinstance(incidents, int):
        raise InvalidValue(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "The number of demo incidents must be a whole number."
            ),
            "incidents",
        )
    if not 1 <= incidents <= MAX_INCIDENTS:
        raise InvalidValue(
            QT_TRANSLATE_NOOP(
                "UseCaseError", "The number of demo incidents must be between 1 and {limit}."
            ),
            "incidents",
            limit=MAX_INCIDENTS,
        )
    now = aware(now, "now") if now is not None else utcnow()
    started = time.perf_counter()
    with store.read() as session:
        _refuse_unless_empty(session)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="fieldbook-demo-") as tmp:
        files = _demo_files(Path(tmp))
        blobs = [_put_blob(store, *file) for file in files[:-1]]
        with store.write() as session:
            _refuse_unless_empty(session)
            me, techs = _insert_technicians(session)
            contracts = _insert_contracts(session)
            spares = _insert_parts(session, rng, now)
            plans = _plan(rng, incidents, now, contracts, me, techs)
            busy = next(p for p in plans if p.busy)
            profiles: dict[str, _Profile] = {}
            signing = _Signing(store)
            rows = _Rows()
            for plan in plans:
                profile = profiles.get(plan.system_name)
                if profile is None:
                    profile = _profile(plan.system_name, plan.category, spares, blobs)
                    profiles[plan.system_name] = profile
                _emit(rows, rng, plan, now, spares, profile, signing)
                if len(rows.entries) >= _CHUNK:
                    rows.flush(session)
            rows.flush(session)
            session.merge(MetaRow(key="technician_id", value=str(me)))
            # Made up: the first sign-in to a real office clears it (desktop.syncing).
            session.merge(MetaRow(key="demo_office", value="1"))
            for key, value in COMPANY.items():
                session.merge(MetaRow(key=key, value=value))
        log.info(
            "demo history: %d incidents, %d entries in %.1f s",
            len(plans),
            rows.written,
            time.perf_counter() - started,
        )
        _local_work(store, rng, [p for p in plans if p.local], spares, files[-1][0], now)
    _shrink_wal(store)
    summary = _summary(store, busy.number)
    log.info("demo office ready in %.1f s: %s", time.perf_counter() - started, summary)
    return summary


def _shrink_wal(store: Store) -> None:
    """Give back the disk space the big transaction took in the write-ahead log."""
    raw = store.engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()


def _refuse_unless_empty(session: Session) -> None:
    n_incidents = session.scalar(select(func.count()).select_from(IncidentRow)) or 0
    n_clients = session.scalar(select(func.count()).select_from(ClientRow)) or 0
    if n_incidents or n_clients:
        raise DemoRefused(n_incidents, n_clients)


def _summary(store: Store, busy: str) -> DemoSummary:
    def count(session: Session, cls: type[Base]) -> int:
        return session.scalar(select(func.count()).select_from(_table(cls))) or 0

    with store.read() as session:
        pending = session.scalar(
            select(func.count())
            .select_from(OutboxRow)
            .where(OutboxRow.state == OutboxState.PENDING)
        )
        return DemoSummary(
            clients=count(session, ClientRow),
            contracts=count(session, ContractRow),
            systems=count(session, CoveredSystemRow),
            parts=count(session, SparePartRow),
            technicians=count(session, TechnicianRow),
            incidents=count(session, IncidentRow),
            entries=count(session, EntryRow),
            pending_outbox=pending or 0,
            busy_incident=busy,
        )


# --- reference data rows ------------------------------------------------------------


def _insert_technicians(session: Session) -> tuple[uuid.UUID, list[uuid.UUID]]:
    ids = [new_id() for _ in TECHNICIANS]
    session.execute(
        insert(_table(TechnicianRow)),
        [
            {"id": i, "name": name, "username": user}
            for i, (name, user) in zip(ids, TECHNICIANS, strict=True)
        ],
    )
    return ids[0], ids


def _insert_contracts(session: Session) -> list[_Contract]:
    contracts: list[_Contract] = []
    client_rows, contract_rows, target_rows, system_rows = [], [], [], []
    for spec in CLIENTS:
        client_id, contract_id = new_id(), new_id()
        client_rows.append(
            {"id": client_id, "name": spec.name, "language": spec.language, "address": spec.address}
        )
        contract_rows.append(
            {
                "id": contract_id,
                "client_id": client_id,
                "number": spec.contract,
                "pause_allowed": spec.pause_allowed,
                "exclusions": sorted(k.value for k in spec.exclusions),
            }
        )
        for priority, (respond, resolve) in zip(Priority, spec.targets, strict=True):
            target_rows.append(
                {
                    "contract_id": contract_id,
                    "priority": priority,
                    "respond_minutes": respond,
                    "resolve_minutes": resolve,
                }
            )
        systems = tuple(_System(new_id(), name, cat) for name, cat, _ in spec.systems)
        for system, (_, _, location) in zip(systems, spec.systems, strict=True):
            system_rows.append(
                {
                    "id": system.id,
                    "contract_id": contract_id,
                    "name": system.name,
                    "category": system.category,
                    "location": location,
                }
            )
        contracts.append(_Contract(spec, client_id, contract_id, systems))
    session.execute(insert(_table(ClientRow)), client_rows)
    session.execute(insert(_table(ContractRow)), contract_rows)
    session.execute(insert(_table(SlaTargetRow)), target_rows)
    session.execute(insert(_table(CoveredSystemRow)), system_rows)
    return contracts


def _insert_parts(session: Session, rng: random.Random, now: datetime) -> list[_Part]:
    spares = []
    for spec in PARTS:
        on_hand = _FIXED_STOCK.get(spec.part_number, rng.randint(2, 12))
        spares.append(_Part(new_id(), spec, on_hand))
    as_of = now - timedelta(hours=rng.uniform(2.0, 7.0))
    session.execute(
        insert(_table(SparePartRow)),
        [
            {"id": p.id, "part_number": p.spec.part_number, "description": p.spec.description}
            for p in spares
        ],
    )
    session.execute(
        insert(_table(VanStockRow)),
        [{"part_id": p.id, "on_hand": p.on_hand, "as_of": as_of} for p in spares],
    )
    return spares


# --- planning incidents -------------------------------------------------------------

_OPEN_WEIGHTS: tuple[tuple[Status, float], ...] = (
    (Status.ON_SITE, 3.0),
    (Status.RESOLVED, 2.0),
    (Status.WAITING_FOR_CLIENT, 1.6),
    (Status.NEW, 1.2),
    (Status.TRAVELLING, 1.2),
    (Status.RESPONDED, 1.0),
)
_HISTORY_WEIGHTS: tuple[tuple[Status, float], ...] = (
    (Status.CLOSED, 86.0),
    (Status.CANCELLED, 10.0),
    (Status.SIGNED_OFF, 4.0),
)
_PRIORITIES = tuple(Priority)
_HISTORY_PRIORITY = tuple(itertools.accumulate((7.0, 25.0, 43.0, 25.0)))  # cumulative
_OPEN_PRIORITY = tuple(itertools.accumulate((20.0, 40.0, 30.0, 10.0)))
_CHANNELS = tuple(Channel)
_CHANNEL_CUM = tuple(itertools.accumulate((45.0, 20.0, 25.0, 5.0, 5.0)))
_RUNNING = (Status.RESPONDED, Status.TRAVELLING, Status.ON_SITE)
# How far the current clock has run at ``now``: on track, under 25 % left, breached.
# Resolved incidents: their clock stopped within the target (met) or after it (missed).
_SHARES = {
    "on_track": (0.2, 0.6),
    "at_risk": (0.8, 0.95),
    "breached": (1.1, 1.3),
    "met": (0.3, 0.9),
    "missed": (1.05, 1.3),
}
_OPEN_MAX_ACTIVE = 8 * 3600.0  # open call-outs are hours old, not days
_TRAVEL_MAX = 150 * 60.0


def _quota(total: int, weights: Sequence[tuple[T, float]]) -> list[T]:
    """``total`` items spread by weight (largest remainder), each at least once if possible."""
    if total <= len(weights):
        return [key for key, _ in weights[:total]]
    rest = total - len(weights)
    wsum = sum(w for _, w in weights)
    raw = [rest * w / wsum for _, w in weights]
    counts = [1 + int(r) for r in raw]
    left = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: int(raw[i]) - raw[i])
    for i in order[:left]:
        counts[i] += 1
    return [key for (key, _), n in zip(weights, counts, strict=True) for _ in range(n)]


def _plan(
    rng: random.Random,
    total: int,
    now: datetime,
    contracts: list[_Contract],
    me: uuid.UUID,
    techs: list[uuid.UUID],
) -> list[_Plan]:
    n_open = min(total, max(9, round(total * 0.12)), 80)
    if total >= 12:
        n_open = min(n_open, total - 3)
    span_days = float(min(730, max(90, total // 20)))
    ccum = list(itertools.accumulate(c.spec.weight for c in contracts))
    colleagues = techs[1:]

    def new_plan(status: Status, pcum: Sequence[float], assignee: uuid.UUID | None) -> _Plan:
        contract = rng.choices(contracts, cum_weights=ccum)[0]
        priority = rng.choices(_PRIORITIES, cum_weights=pcum)[0]
        if rng.random() < 0.03:
            name, category = rng.choice(OFF_ANNEX[contract.spec.language])
            system = None
        else:
            system = rng.choice(contract.systems)
            name, category = system.name, system.category
        channel = rng.choices(_CHANNELS, cum_weights=_CHANNEL_CUM)[0]
        return _Plan(status, priority, contract, system, name, category, channel, assignee)

    # Open call-outs: the first is the busy P1 on site, then every open state.
    open_states = _quota(n_open, _OPEN_WEIGHTS)
    rng.shuffle(open_states)
    if Status.ON_SITE in open_states:
        open_states.remove(Status.ON_SITE)
        open_states.insert(0, Status.ON_SITE)
    plans: list[_Plan] = []
    forced = ["breached", "at_risk", "on_track"]
    travelling_local = worksite_local = False
    for i, status in enumerate(open_states):
        assignee = me if rng.random() < 0.8 else rng.choice(colleagues)
        plan = new_plan(status, _OPEN_PRIORITY, assignee)
        free = True  # may take local work without spoiling a clock set on purpose
        if i == 0:
            plan = _busy_plan(rng, contracts, me)
        elif status in _RUNNING and forced:
            # Make sure the list shows a breach, one about to breach and one on track.
            plan.priority = rng.choice((Priority.P1, Priority.P2))
            _set_clock(rng, plan, forced.pop())
            free = False
        elif status is Status.RESOLVED:
            _set_clock(rng, plan, "met" if rng.random() < 0.8 else "missed")
        else:
            kind = rng.choices(("on_track", "at_risk", "breached"), (55.0, 22.0, 23.0))[0]
            _set_clock(rng, plan, kind)
        if free and not plan.busy and plan.system is not None:
            if status is Status.TRAVELLING and not travelling_local:
                plan.local = travelling_local = True
            elif status in (Status.ON_SITE, Status.WAITING_FOR_CLIENT) and not worksite_local:
                plan.local = worksite_local = True
            if plan.local:
                plan.assignee = me
        plans.append(plan)

    # History: mostly closed, some cancelled, the last weeks' signed off but not closed yet.
    history = _quota(total - n_open, _HISTORY_WEIGHTS)
    rng.shuffle(history)
    windows = {
        Status.CLOSED: (span_days, 6.0),
        Status.SIGNED_OFF: (21.0, 2.0),
        Status.CANCELLED: (span_days, 1.0),
    }
    for i, status in enumerate(history):
        assignee = me if rng.random() < 0.6 else rng.choice(colleagues)
        plan = new_plan(status, _HISTORY_PRIORITY, assignee)
        if i < len(_PRIORITIES):
            plan.priority = _PRIORITIES[i]  # every priority at least once
        elif i == len(_PRIORITIES) and plan.system is not None:
            # At least one call about a system the agreement does not list.
            plan.system_name, plan.category = rng.choice(OFF_ANNEX[plan.contract.spec.language])
            plan.system = None
        plan.window = windows[status]
        plans.append(plan)

    for plan in plans:
        _timeline(rng, plan, now)
    plans.sort(key=lambda p: p.notified_at)
    first = rng.randint(1200, 4800)
    for i, plan in enumerate(plans):
        year = plan.notified_at.astimezone(_CST).year
        plan.number = f"INC-{year}-{first + i:06d}"
    return plans


def _set_clock(rng: random.Random, plan: _Plan, kind: str) -> None:
    """Choose how much of its SLA target the open ``plan`` has used at ``now``."""
    if kind not in ("on_track", "met"):
        # A breach within hours needs a short target: P1, or a P2 of at most 8 hours.
        p2 = plan.contract.target(Priority.P2)[1]
        if plan.priority not in (Priority.P1, Priority.P2) or (p2 or 0) > 480:
            plan.priority = Priority.P1
    respond, resolve = plan.contract.target(plan.priority)
    target = respond if plan.status is Status.NEW else resolve
    if target is None:
        return  # no clock to set: the incident runs without a target
    share = rng.uniform(*_SHARES[kind])
    if kind in ("on_track", "met") and share * target * _MIN > _OPEN_MAX_ACTIVE:
        share = rng.uniform(0.15, 1.0) * _OPEN_MAX_ACTIVE / (target * _MIN)
    plan.share = share


def _busy_plan(rng: random.Random, contracts: list[_Contract], me: uuid.UUID) -> _Plan:
    """The P1 on site that screenshots show: an Oracle RAC under a pausable contract."""
    contract = next(c for c in contracts if c.spec.pause_allowed and c.spec.language == "zh")
    system = next(s for s in contract.systems if s.category is SystemCategory.DATABASE)
    plan = _Plan(
        Status.ON_SITE,
        Priority.P1,
        contract,
        system,
        system.name,
        system.category,
        Channel.PHONE,
        me,
        local=True,
        busy=True,
    )
    plan.path = [Status.NEW, Status.RESPONDED, Status.TRAVELLING, Status.ON_SITE]
    # Responded after ~3 min, 9 min to leave, ~40 min on the road, on site 95 min so far.
    plan.offsets = [0.0, rng.uniform(150, 230), 0.0, 0.0]
    plan.offsets[2] = plan.offsets[1] + 9 * _MIN
    plan.offsets[3] = plan.offsets[2] + rng.uniform(36, 44) * _MIN
    return plan


def _path(rng: random.Random, final: Status) -> list[Status]:
    """A walk through the status graph from new to ``final``."""
    s = Status
    if final is s.CANCELLED:
        stops = rng.choices((1, 2, 3, 4), (30.0, 35.0, 20.0, 15.0))[0]
        return [*(s.NEW, s.RESPONDED, s.TRAVELLING, s.ON_SITE)[:stops], s.CANCELLED]
    path = [s.NEW]
    if final is s.NEW:
        return path
    path.append(s.RESPONDED)
    if final is s.RESPONDED:
        return path
    if final is s.TRAVELLING or rng.random() < 0.85:
        path.append(s.TRAVELLING)
    if final is s.TRAVELLING:
        return path
    path.append(s.ON_SITE)
    if rng.random() < 0.25:
        path += [s.WAITING_FOR_CLIENT, s.ON_SITE]
    if final is s.ON_SITE:
        return path
    if final is s.WAITING_FOR_CLIENT:
        return [*path, s.WAITING_FOR_CLIENT]
    if rng.random() < 0.1:
        path.append(s.WAITING_FOR_CLIENT)  # resolved straight from waiting
    path.append(s.RESOLVED)
    if rng.random() < 0.05:
        path += [s.ON_SITE, s.RESOLVED]  # the fix did not hold before the client signed
    if final is s.RESOLVED:
        return path
    path.append(s.SIGNED_OFF)
    if final is s.CLOSED:
        path.append(s.CLOSED)
    return path


def _dwell(rng: random.Random, frm: Status, to: Status, respond: int | None) -> float:
    """Seconds spent in ``frm`` before moving to ``to``."""
    s = Status
    u = rng.uniform
    if frm is s.NEW and to is s.RESPONDED:
        if respond is None:
            return u(3, 40) * _MIN
        late = rng.random() < 0.06
        return respond * _MIN * (u(1.1, 3.0) if late else u(0.15, 0.95))
    if to is s.CANCELLED:
        return u(5, 90) * _MIN
    if frm is s.RESPONDED:
        return u(3, 20) * _MIN if to is s.TRAVELLING else u(2, 10) * _MIN
    if frm is s.TRAVELLING:
        return u(20, 100) * _MIN
    if frm is s.ON_SITE:
        return (
            u(15, 90) * _MIN if to is s.WAITING_FOR_CLIENT else rng.triangular(30, 240, 75) * _MIN
        )
    if frm is s.WAITING_FOR_CLIENT:
        return u(10, 120) * _MIN if to is s.ON_SITE else u(10, 60) * _MIN
    if frm is s.RESOLVED:
        return u(20, 120) * _MIN if to is s.ON_SITE else u(5, 30) * _MIN
    return u(1, 6) * _DAY  # signed off → closed


_CURRENT_DWELL: dict[Status, tuple[float, float]] = {
    Status.NEW: (1, 30),
    Status.RESPONDED: (2, 20),
    Status.TRAVELLING: (10, 60),
    Status.ON_SITE: (15, 180),
    Status.WAITING_FOR_CLIENT: (10, 90),
    Status.RESOLVED: (10, 120),
}
_LOCAL_ROOM = 40 * _MIN  # local work happens in the last half hour before ``now``


def _timeline(rng: random.Random, plan: _Plan, now: datetime) -> None:
    """Set ``plan.path``, ``plan.offsets`` (when each status was entered) and notified_at."""
    respond, resolve = plan.contract.target(plan.priority)
    if plan.busy:
        current = 95 * _MIN
    else:
        plan.path = _path(rng, plan.status)
        dwell = [_dwell(rng, a, b, respond) for a, b in zip(plan.path, plan.path[1:], strict=False)]
        if plan.status in _CURRENT_DWELL:
            current = rng.uniform(*_CURRENT_DWELL[plan.status]) * _MIN
        else:
            current = 0.0
        if plan.share is not None:
            pausable = plan.contract.spec.pause_allowed
            current = _fit(plan.path, dwell, current, plan.share, respond, resolve, pausable)
        elif plan.status in _CURRENT_DWELL:
            # An open call-out without a target to fit: still hours old, not days.
            total = sum(dwell) + current
            if total > _OPEN_MAX_ACTIVE:
                k = rng.uniform(0.3, 1.0) * _OPEN_MAX_ACTIVE / total
                dwell = [d * k for d in dwell]
                current *= k
        if plan.local:
            current = max(current, _LOCAL_ROOM + rng.uniform(5, 30) * _MIN)
        plan.offsets = [0.0]
        for d in dwell:
            plan.offsets.append(plan.offsets[-1] + max(d, 45.0))
    if plan.status in _CURRENT_DWELL:
        plan.notified_at = now - timedelta(seconds=plan.offsets[-1] + current)
        return
    oldest, newest = plan.window
    notified = now - timedelta(days=rng.uniform(newest, oldest))
    end = notified + timedelta(seconds=plan.offsets[-1])
    latest = now - timedelta(hours=1)
    if end > latest:
        notified -= end - latest
    plan.notified_at = notified


def _fit(
    path: list[Status],
    dwell: list[float],
    current: float,
    share: float,
    respond: int | None,
    resolve: int | None,
    pausable: bool,
) -> float:
    """Scale ``dwell`` in place so the current clock has used ``share`` of its target at now.

    Returns the time spent so far in the current status.
    """
    last = path[-1]
    if last is Status.NEW:
        return share * respond * _MIN if respond is not None else current
    if resolve is None:
        return current
    active = share * resolve * _MIN
    dwell[0] = min(dwell[0], 0.25 * active)  # responded within its target, mostly
    counted = [
        i for i in range(1, len(dwell)) if not (pausable and path[i] is Status.WAITING_FOR_CLIENT)
    ]
    current_counts = last is not Status.RESOLVED and not (
        pausable and last is Status.WAITING_FOR_CLIENT
    )
    budget = active - dwell[0]
    flexible = sum(dwell[i] for i in counted) + (current if current_counts else 0.0)
    if flexible <= 0:
        return budget if current_counts else current
    k = budget / flexible
    for i in counted:
        dwell[i] *= k
    if current_counts:
        current *= k
    # Nobody drives for five hours: long waits go to the time before leaving, or on site.
    travel = [i for i in counted if path[i] is Status.TRAVELLING]
    others = [i for i in counted if path[i] is not Status.TRAVELLING]
    excess = sum(max(0.0, dwell[i] - _TRAVEL_MAX) for i in travel)
    if current_counts and last is Status.TRAVELLING:
        excess += max(0.0, current - _TRAVEL_MAX)
    spare_room = sum(dwell[i] for i in others) + (
        current if current_counts and last is not Status.TRAVELLING else 0.0
    )
    if excess > 0 and spare_room > 0:
        grow = 1.0 + excess / spare_room
        for i in travel:
            dwell[i] = min(dwell[i], _TRAVEL_MAX)
        for i in others:
            dwell[i] *= grow
        if current_counts:
            current = min(current, _TRAVEL_MAX) if last is Status.TRAVELLING else current * grow
    return current


# --- writing one incident -----------------------------------------------------------


def _emit(
    rows: _Rows,
    rng: random.Random,
    plan: _Plan,
    now: datetime,
    spares: list[_Part],
    profile: _Profile,
    signing: _Signing,
) -> None:
    """Add the incident row of ``plan`` and its entries to ``rows``."""
    iid = new_id()
    base = plan.notified_at
    spec = plan.contract.spec
    lang = spec.language
    pausable = spec.pause_allowed
    author = plan.assignee
    now_off = (now - base).total_seconds()
    covered = plan.system is not None
    text = _Text(rng, plan, lang, profile)
    # (offset, kind, entry id, row for the kind's table or None)
    events: list[tuple[float, str, uuid.UUID, dict[str, Any] | None]] = []
    path, offs = plan.path, plan.offsets
    resolution: Resolution | None = None
    swapped_temporary = False
    voidable: list[uuid.UUID] = []  # notes and actions written so far
    voided: set[uuid.UUID] = set()

    for i, status in enumerate(path):
        start = offs[i]
        end = offs[i + 1] if i + 1 < len(path) else now_off
        is_current = i + 1 == len(path)
        if i > 0:
            prev = path[i - 1]
            at = start
            if prev in _TIMED:
                eid = new_id()
                span = {
                    "id": eid,
                    "time_kind": _TIMED[prev],
                    "started_at": base + timedelta(seconds=offs[i - 1] + 0.002),
                    "ended_at": base + timedelta(seconds=at),
                }
                events.append((at, "time", eid, span))
                if prev is Status.WAITING_FOR_CLIENT and pausable:
                    events.append((at + 0.001, "clock_resume", new_id(), None))
            how = None
            if status is Status.RESOLVED:
                weights = (40.0, 60.0) if swapped_temporary else (78.0, 22.0)
                how = rng.choices((Resolution.FIXED, Resolution.WORKAROUND), weights)[0]
                resolution = how
            if status is Status.SIGNED_OFF:
                # The client signs, then the sign-off moves the incident on, as in the use
                # case (which writes both at one time; here 2 ms apart, like all history).
                sign_off = _sign_off_fields(rng, spec, resolution, signing)
                events.append((at, "sign_off", new_id(), sign_off))
            eid = new_id()
            change = {"id": eid, "from_status": prev, "to_status": status, "resolution": how}
            events.append((at + 0.002, "status", eid, change))
            start = at + 0.002
        if is_current and status not in _CURRENT_DWELL:
            break  # history: nothing happens after the final status
        if is_current and plan.local:
            end = min(end, now_off - _LOCAL_ROOM + 5 * _MIN)
        # Work during this status.
        items: list[tuple[str, uuid.UUID, dict[str, Any] | None]] = []
        if status is Status.RESPONDED and rng.random() < 0.4:
            items.append(text.note(NOTES_REMOTE))
        elif status is Status.ON_SITE:
            swapped_temporary |= _on_site_work(items, rng, plan, text, spares, covered)
            if i + 1 < len(path) and path[i + 1] is Status.RESOLVED:
                items.append(text.note(NOTES_DONE))
        elif status is Status.WAITING_FOR_CLIENT:
            if pausable:
                reason = rng.choice(PAUSE_REASONS[text.pick_lang()])
                items.append(("clock_pause", new_id(), {"reason": reason}))
            if rng.random() < 0.6:
                items.append(text.note(NOTES_WAITING))
        if i + 1 < len(path) and path[i + 1] is Status.CANCELLED:
            items.append(text.note(NOTES_CANCEL))
        # A correction voids a note or an action written before it (placed or in this stay).
        mine = [eid for kind, eid, _ in items if kind in ("note", "action")]
        candidates = [eid for eid in (*voidable, *mine) if eid not in voided]
        if candidates and status is Status.ON_SITE and rng.random() < (1.0 if plan.busy else 0.03):
            target = rng.choice(candidates)
            reason = rng.choice(VOID_REASONS[text.pick_lang()])
            items.append(("void", new_id(), {"voided_id": target, "reason": reason}))
            voided.add(target)
        if _place(events, rng, items, start, end):
            voidable.extend(mine)
        else:
            voided.difference_update(mine)

    events.sort(key=lambda e: e[0])
    last = -1.0
    responded_at = resolved_at = None
    entries = rows.entries
    kinds = rows.kinds
    sealing = plan.status in _SIGNED_STATES
    signed: tuple[datetime, dict[str, Any]] | None = None
    before: list[Entry] = []  # what the sign-off seals
    for off, kind, eid, sub in events:
        if off <= last:
            off = last + 0.001
        last = off
        when = base + timedelta(seconds=off)
        entries.append(
            {"id": eid, "incident_id": iid, "kind": kind, "recorded_at": when, "author_id": author}
        )
        if sub is not None:
            sub["id"] = eid
            kinds[kind].append(sub)
            if kind == "status":
                to = sub["to_status"]
                if to is Status.RESPONDED:
                    responded_at = when
                elif to is Status.RESOLVED:
                    resolved_at = when
            elif kind == "sign_off":
                signed = (when, sub)
        if sealing and signed is None:
            # As the store gives it back: the row's columns are the entry's fields.
            fields = sub if sub is not None else {"id": eid}
            before.append(
                ENTRY_TYPES[kind](incident_id=iid, recorded_at=when, author_id=author, **fields)
            )
    if plan.status not in (Status.RESOLVED, Status.SIGNED_OFF, Status.CLOSED):
        resolved_at, resolution = None, None
    title = text.title()
    rows.incidents.append(
        {
            "id": iid,
            "number": plan.number,
            "client_id": plan.contract.client_id,
            "contract_id": plan.contract.id,
            "system_id": plan.system.id if plan.system is not None else None,
            "system_name": plan.system_name,
            "priority": plan.priority,
            "channel": plan.channel,
            "title": title,
            "description": text.description(title),
            "notified_at": base,
            "status": plan.status,
            "responded_at": responded_at,
            "resolved_at": resolved_at,
            "resolution": resolution,
            "assigned_to": plan.assignee,
            "updated_at": base + timedelta(seconds=last) if events else base,
        }
    )
    if signed is not None:
        _seal(signing, rows.incidents[-1], before, author, *signed)


_SIGNED_STATES = (Status.SIGNED_OFF, Status.CLOSED)
_INCIDENT_FIELDS = tuple(f.name for f in dataclasses.fields(Incident))
# What the sign-off row takes from the SignOff (the rest is in its entries row).
_ENTRY_BASE = frozenset(f.name for f in dataclasses.fields(Entry))
_SIGN_OFF_FIELDS = tuple(f.name for f in dataclasses.fields(SignOff) if f.name not in _ENTRY_BASE)
# What the sign-off screen collects (the use case seals the rest).
_SIGN_OFF_GIVEN = (
    "outcome",
    "refusal",
    "signer_name",
    "signer_role",
    "comment",
    "reason",
    "strokes",
    "signature_sha256",
)


def _seal(
    signing: _Signing,
    incident: Mapping[str, Any],
    before: list[Entry],
    author: uuid.UUID | None,
    at: datetime,
    row: dict[str, Any],
) -> None:
    """Complete the sign-off ``row`` made at ``at`` as :func:`signoff.sign_off` would: the
    seal of ``incident`` as signed (resolved) with every entry ``before`` the sign-off."""
    snapshot = Incident(
        **{name: incident[name] for name in _INCIDENT_FIELDS if name != "status"},
        status=Status.RESOLVED,
    )
    given = {name: row[name] for name in _SIGN_OFF_GIVEN}
    sign_off = seal.new_sign_off(snapshot, before, recorded_at=at, author_id=author, **given)
    row.update({name: getattr(sign_off, name) for name in _SIGN_OFF_FIELDS})
    # The two JSON columns go in as text (see _insert).
    del row["strokes"], row["sealed_entry_ids"]
    row["sealed_json"] = signing.ids_json(sign_off.sealed_entry_ids)


def _sign_off_fields(
    rng: random.Random,
    spec: _ClientSpec,
    resolution: Resolution | None,
    signing: _Signing,
) -> dict[str, Any]:
    """The client's sign-off as the sign-off screen collects it (the seal comes later)."""
    lang = spec.language
    if rng.random() < _REFUSAL_SHARE:
        refusal = Refusal.REFUSED if rng.random() < 0.5 else Refusal.NOT_AVAILABLE
        name, role = rng.choice(spec.signers) if refusal is Refusal.REFUSED else ("", "")
        signature = signing.none
        outcome = None
        comment, reason = "", rng.choice(REFUSAL_REASONS[refusal][lang])
    else:
        refusal = None
        name, role = rng.choice(spec.signers)
        signature = signing.of(name)
        outcome = (
            SignOffOutcome.WORKAROUND
            if resolution is Resolution.WORKAROUND
            else SignOffOutcome.RESOLVED
        )
        comment = (
            rng.choice(SIGN_OFF_COMMENTS[outcome][lang]) if rng.random() < _COMMENT_SHARE else ""
        )
        reason = ""
    return {
        "outcome": outcome,
        "refusal": refusal,
        "signer_name": name,
        "signer_role": role,
        "comment": comment,
        "reason": reason,
        "strokes": signature.strokes,
        "strokes_json": signature.json,
        "signature_sha256": signature.sha256,
    }


_N_SIGNATURES = 8
# Each signer always signs alike; a few signatures, drawn once each, serve them all.
_SIGNATURE_OF: dict[str, int] = {
    name: i % _N_SIGNATURES
    for i, name in enumerate(dict.fromkeys(name for c in CLIENTS for name, _ in c.signers))
}


@dataclass(frozen=True, slots=True)
class _Signature:
    strokes: tuple[Stroke, ...]
    json: str  # the strokes as their column stores them
    sha256: str | None  # its PNG among the blobs; None: no signature (a refusal)


class _Signing:
    """The demo's few signatures, each drawn and stored once, on first use; and the text
    of the sign-off's JSON columns.

    That text is what the columns' own types make, but made here: the strokes once per
    signature rather than once per sign-off, the sealed ids from the ids in hand (for
    100,000 incidents, 6.5 s and 2.5 s less; see docs/benchmarks.md).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        dialect = store.engine.dialect
        columns = _table(SignOffRow).c
        self._strokes = columns.strokes.type.bind_processor(dialect)
        # UuidListJSON stores each id's hex: its JSON underneath takes them as they are.
        ids_type = columns.sealed_entry_ids.type
        assert isinstance(ids_type, TypeDecorator)
        self._hex_list = ids_type.impl_instance.bind_processor(dialect)
        self._made: dict[int, _Signature] = {}
        self.none = _Signature((), self._json(self._strokes, ()), None)

    @staticmethod
    def _json(processor: Callable[[Any], Any] | None, value: object) -> str:
        text = processor(value) if processor is not None else value
        assert isinstance(text, str)
        return text

    def ids_json(self, ids: Sequence[uuid.UUID]) -> str:
        return self._json(self._hex_list, [i.hex for i in ids])

    def of(self, signer: str) -> _Signature:
        """``signer``'s signature."""
        slot = _SIGNATURE_OF[signer]
        made = self._made.get(slot)
        if made is None:
            strokes = synthetic_signature(101 + slot, letters=5 + slot % 3)
            sha = signoff.store_signature_png(self._store, strokes)
            made = self._made[slot] = _Signature(strokes, self._json(self._strokes, strokes), sha)
        return made


_TIMED = {
    Status.TRAVELLING: TimeKind.TRAVEL,
    Status.ON_SITE: TimeKind.ON_SITE,
    Status.WAITING_FOR_CLIENT: TimeKind.WAITING,
}


def _place(
    events: list[tuple[float, str, uuid.UUID, dict[str, Any] | None]],
    rng: random.Random,
    items: list[tuple[str, uuid.UUID, dict[str, Any] | None]],
    start: float,
    end: float,
) -> bool:
    """Spread ``items`` in order over (start, end), leaving a margin at both ends."""
    if not items:
        return True
    lo, hi = start + 20.0, end - 20.0
    if hi - lo < 5.0 * len(items):
        return False  # too short to have done anything worth writing down
    times = sorted(rng.uniform(lo, hi) for _ in items)
    for at, (kind, eid, sub) in zip(times, items, strict=True):
        events.append((at, kind, eid, sub))
    return True


def _on_site_work(
    items: list[tuple[str, uuid.UUID, dict[str, Any] | None]],
    rng: random.Random,
    plan: _Plan,
    text: _Text,
    spares: list[_Part],
    covered: bool,
) -> bool:
    """Notes, actions, swaps and part usages of one stay on site; True if a swap is temporary."""
    rich = plan.busy
    n_notes = (3 if rich else 1) + (rng.random() < 0.4)
    for j in range(n_notes):
        if j == 0 and rich:
            items.append(text.log_note("oracle_alert"))
        elif rng.random() < 0.35:
            items.append(text.log_note(None))
        elif plan.category in NOTES_BY_CATEGORY and rng.random() < 0.3:
            items.append(text.note(NOTES_BY_CATEGORY[plan.category]))
        else:
            items.append(text.note(NOTES_ON_SITE))
        if text.profile.files and rng.random() < (0.7 if rich else 0.08):
            note_id = items[-1][1]
            blob = rng.choice(text.profile.files)
            attachment = {
                "note_id": note_id if rng.random() < 0.8 else None,
                "sha256": blob.sha256,
                "filename": blob.filename,
                "media_type": blob.media_type,
                "size": blob.size,
            }
            items.append(("attachment", new_id(), attachment))
    temporary = False
    if rich or rng.random() < _SWAP_CHANCE[plan.category]:
        part = rng.choice(text.profile.spares)
        if rich:
            part = next(p for p in spares if p.spec.part_number == "02351LWK")
        temporary = rng.random() < 0.35
        slot = rng.choice(_SLOTS[part.spec.kind])
        removed = _serial(rng, part.spec.serial)
        installed = _serial(rng, part.spec.serial)
        swap = {
            "removed_part": part.spec.description,
            "removed_serial": removed,
            "installed_part": part.spec.description,
            "installed_serial": installed if installed != removed else installed + "A",
            "temporary": temporary,
            "note": rng.choice(SWAP_NOTES[text.pick_lang()]).format(slot=slot),
        }
        items.append(text.action(covered, ActionKind.TEMPORARY_HARDWARE if temporary else None))
        items.append(("swap", new_id(), swap))
        if rich or rng.random() < 0.7:
            items.append(("part_usage", new_id(), {"part_id": part.id, "quantity": 1}))
    elif plan.category in (SystemCategory.NETWORK, SystemCategory.STORAGE) and rng.random() < 0.1:
        cable = rng.choice([p for p in spares if p.spec.kind == "cable"])
        items.append(("part_usage", new_id(), {"part_id": cable.id, "quantity": rng.randint(1, 2)}))
    n_actions = (3 if rich else 1) + (rng.random() < 0.45)
    for _ in range(n_actions):
        items.append(text.action(covered, None))
    return temporary


def _template_fields(template: str) -> tuple[str, ...]:
    """The replacement fields of ``template``, in order, each once (cached)."""
    names = _FIELDS.get(template)
    if names is None:
        parsed = string.Formatter().parse(template)
        names = tuple(dict.fromkeys(name for _, name, _, _ in parsed if name))
        _FIELDS[template] = names
    return names


_FIELDS: dict[str, tuple[str, ...]] = {}

# Fields filled with a random value each time a template uses them.
_RANDOM_FIELDS: dict[str, Callable[[random.Random], object]] = {
    "hhmm": lambda r: f"{r.randint(0, 23):02d}:{r.choice((0, 10, 15, 20, 30, 40, 50)):02d}",
    "n": lambda r: r.randint(12, 480),
    "rx": lambda r: f"{r.uniform(11.5, 16.0):.2f}",
    "case": lambda r: f"{r.choice(('SR', 'CASE-', '2026'))}{r.randint(10_000_000, 99_999_999)}",
    "port": lambda r: f"1/{r.randint(1, 48)}",
    "patch": lambda r: f"HF-{r.randint(2024, 2026)}-{r.randint(100, 999)}",
    "ms": lambda r: r.randint(100, 999),
    "ms2": lambda r: r.randint(100, 999),
    "inst": lambda r: r.randint(1, 2),
    "pid": lambda r: r.randint(2000, 65000),
    "pid2": lambda r: r.randint(2000, 65000),
    "pid3": lambda r: r.randint(2000, 65000),
    "block": lambda r: r.randint(10_000, 999_999),
    "block2": lambda r: r.randint(100_000, 9_999_999),
    "inc": lambda r: r.randint(100_000, 999_999),
    "up": lambda r: r.randint(100_000, 9_999_999),
    "up2": lambda r: r.randint(10_000_000, 19_999_999),
    "h": lambda r: r.randint(1, 4),
    "lun": lambda r: r.randint(1, 24),
    "dev": lambda r: "sd" + r.choice("bcdefgh"),
    "sector": lambda r: r.randint(10_000_000, 900_000_000),
    "hexa": lambda r: f"{r.getrandbits(28):07x}",
    "flapmin": lambda r: r.randint(0, 9),
    "flapsec": lambda r: f"{r.randint(0, 59):02d}",
    "flaps": lambda r: r.randint(12, 480),
    "crc": lambda r: r.randint(1_000, 250_000),
    "wwid": lambda r: f"{r.getrandbits(124):031x}",
    "secs": lambda r: r.randint(620, 1800),
}
# Fields of log lines that print the time of the fault (a first line and a later one).
_TIME_FIELDS: dict[str, Callable[[datetime, datetime], object]] = {
    "ts_iso": lambda t, _: t.isoformat(timespec="microseconds"),
    "ts_iso2": lambda _, t: t.isoformat(timespec="microseconds"),
    "date": lambda t, _: t.strftime("%Y-%m-%d"),
    "date_us": lambda t, _: t.strftime("%m/%d/%Y"),
    "time": lambda t, _: t.strftime("%H:%M:%S"),
    "time2": lambda _, t: t.strftime("%H:%M:%S"),
    "year": lambda t, _: t.year,
    "mon": lambda t, _: _MONTHS[t.month - 1],
    "day": lambda t, _: t.day,
}
_RESULTS = tuple(ActionResult)
_RESULT_CUM = (70.0, 85.0, 100.0)


class _Text:
    """Texts for one incident in its client's language (now and then the other one)."""

    __slots__ = ("category", "context", "lang", "plan", "profile", "rng")

    def __init__(self, rng: random.Random, plan: _Plan, lang: str, profile: _Profile) -> None:
        self.rng = rng
        self.profile = profile
        self.plan = plan
        self.lang = lang
        self.category = plan.category
        spec = plan.contract.spec
        db = spec.db
        self.context: dict[str, object] = {
            "contact": rng.choice(spec.contacts),
            "system": plan.system_name,
            "host": f"{spec.code}-{_HOST_PART[plan.category]}{rng.randint(1, 4):02d}",
            "db": db,
            "DB": db.upper(),
        }

    def pick_lang(self) -> str:
        if self.rng.random() < 0.85:
            return self.lang
        return "en" if self.lang == "zh" else "zh"

    def fill(self, template: str) -> str:
        """``template`` with its fields filled: this incident's names, random figures, times."""
        r = self.rng
        values: dict[str, object] = {}
        first: datetime | None = None
        later = _EPOCH
        for name in _template_fields(template):
            maker = _RANDOM_FIELDS.get(name)
            if maker is not None:
                values[name] = maker(r)
            elif name in _TIME_FIELDS:
                if first is None:
                    # Log lines from shortly before the client called.
                    first = self.plan.notified_at - timedelta(minutes=r.uniform(1, 20))
                    first = first.astimezone(_CST)
                    later = first + timedelta(seconds=r.uniform(1, 50))
                values[name] = _TIME_FIELDS[name](first, later)
            else:
                values[name] = self.context[name]
        return template.format_map(values)

    def note(
        self, pool: Mapping[str, tuple[str, ...]]
    ) -> tuple[str, uuid.UUID, dict[str, Any] | None]:
        template = self.rng.choice(pool[self.pick_lang()])
        return ("note", new_id(), {"text": self.fill(template), "preformatted": False})

    def log_note(self, name: str | None) -> tuple[str, uuid.UUID, dict[str, Any] | None]:
        if name is None:
            if not self.profile.logs:
                return self.note(NOTES_ON_SITE)
            name = self.rng.choice(self.profile.logs)
        return ("note", new_id(), {"text": self.fill(LOGS[name]), "preformatted": True})

    def action(
        self, covered: bool, kind: ActionKind | None
    ) -> tuple[str, uuid.UUID, dict[str, Any] | None]:
        r = self.rng
        if kind is ActionKind.TEMPORARY_HARDWARE:
            choice: tuple[ActionKind, str, str] = (
                kind,
                "用车载备件临时替换故障部件",
                "Temporary replacement from van stock",
            )
        elif r.random() < 0.05:
            choice = r.choice(ACTIONS_EXCLUDED)
        elif r.random() < 0.6:
            choice = r.choice(ACTIONS_BY_CATEGORY[self.category])
        else:
            choice = r.choice(ACTIONS_COMMON)
        action_kind, zh, en = choice
        lang = self.pick_lang()
        result = r.choices(_RESULTS, cum_weights=_RESULT_CUM)[0]
        detail = r.choice(RESULT_DETAILS[result][lang])
        row = {
            "action_kind": action_kind,
            "description": self.fill(zh if lang == "zh" else en),
            "result": result,
            "result_detail": detail,
            # As desktop.usecases.work.in_scope: covered system and a kind not excluded.
            "out_of_scope": not (covered and action_kind not in self.plan.contract.spec.exclusions),
        }
        return ("action", new_id(), row)

    def title(self) -> str:
        lang = self.lang
        if self.plan.system is None:
            return OFF_ANNEX_TITLE[lang].format(system=self.plan.system_name)
        return self.rng.choice(TITLES[self.category][lang]).format(system=self.plan.system_name)

    def description(self, title: str) -> str:
        channel = CHANNEL_WORDS[self.lang][self.plan.channel]
        return DESCRIPTIONS[self.lang].format(
            contact=self.context["contact"],
            channel=channel,
            title=title,
            users=self.rng.randint(5, 800),
        )


_SERIAL_CHARS = {
    "#": "0123456789",
    "@": "ABCDEFGHJKLMNPQRSTUVWXYZ",
    "%": "0123456789ABCDEF",
    "?": "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ",
}


def _serial(rng: random.Random, pattern: str) -> str:
    return "".join(rng.choice(_SERIAL_CHARS[c]) if c in _SERIAL_CHARS else c for c in pattern)


# --- local work through the use cases -----------------------------------------------


def _local_work(
    store: Store,
    rng: random.Random,
    plans: list[_Plan],
    spares: list[_Part],
    photo: Path,
    now: datetime,
) -> None:
    """What the technician did in the last half hour, still in the outbox."""

    def at(minutes: float) -> datetime:
        return now - timedelta(minutes=minutes)

    log_dir = photo.parent
    for plan in plans:
        ref = plan.number
        zh = plan.contract.spec.language == "zh"
        if plan.busy:
            db = plan.contract.spec.db
            alert = log_dir / "alert_hisprod2.log"
            notes.add_note(
                store,
                ref,
                LOGS["multipath"].format(
                    host=f"{plan.contract.spec.code}-db02",
                    wwid=f"{rng.getrandbits(124):031x}",
                    h=3,
                    lun=1,
                ),
                preformatted=True,
                attachments=[photo, alert],
                now=at(34),
            )
            work.record_action(
                store,
                ref,
                kind=ActionKind.SERVICE_STOP_START,
                description=f"srvctl stop instance -d {db} -i {db}2，检查 ASM 磁盘组状态",
                result=ActionResult.PARTIAL,
                result_detail="实例 2 已停止，DATA 磁盘组 1 块盘 OFFLINE，需要更换。",
                now=at(31),
            )
            incidents.change_status(store, ref, Status.WAITING_FOR_CLIENT, now=at(28))
            clock.pause_clock(store, ref, "等待客户信息科授权进入存储机房", now=at(27))
            incidents.change_status(store, ref, Status.ON_SITE, now=at(19))
            ssd = next(p for p in spares if p.spec.part_number == "02351LWK")
            work.record_swap(
                store,
                ref,
                removed_part=ssd.spec.description,
                removed_serial=_serial(rng, ssd.spec.serial),
                installed_part=ssd.spec.description,
                installed_serial=_serial(rng, ssd.spec.serial),
                temporary=True,
                note="槽位 CTE0.12，临时使用车载备件，原厂备件到货后再换回。",
                now=at(16),
            )
            parts.use_parts(store, ref, ssd.id, 1, now=at(15))
            work.record_action(
                store,
                ref,
                kind=ActionKind.TEST,
                description="ASM 磁盘组 rebalance 完成，srvctl start instance 启动实例 2",
                result=ActionResult.SUCCEEDED,
                result_detail="两个实例均 OPEN，HIS 挂号查询 1 秒内返回。",
                now=at(11),
            )
            work.record_action(
                store,
                ref,
                kind=ActionKind.ROUTINE_UPGRADE,
                description="应客户要求顺便升级存储控制器 iBMC 固件",
                result=ActionResult.SUCCEEDED,
                now=at(8),
            )
            done = "实例 2 已恢复，挂号和收费业务正常，继续观察 30 分钟。"
            notes.add_note(store, ref, done, now=at(6))
            twice = notes.add_note(store, ref, done, now=at(5))
            void.void_entry(store, twice.entry_ids[0], "重复录入。", now=at(4))
        elif plan.status is Status.TRAVELLING:
            text = (
                f"已出发前往{plan.contract.spec.name}，预计 {rng.randint(20, 50)} 分钟到达。"
                if zh
                else f"On the way to {plan.contract.spec.name}, about "
                f"{rng.randint(20, 50)} minutes out."
            )
            notes.add_note(store, ref, text, now=at(12))
        else:
            work.record_action(
                store,
                ref,
                kind=ActionKind.TEST,
                description="复测业务连通性" if zh else "Re-tested connectivity end to end",
                result=ActionResult.SUCCEEDED,
                now=at(20),
            )
            cable = next(p for p in spares if p.spec.part_number == "CAB-LC-LC-OM4-3M")
            parts.use_parts(store, ref, cable.id, 2, now=at(18))
            text = (
                "更换两根光纤跳线后端口 CRC 计数不再增长。"
                if zh
                else "CRC counters stopped growing after replacing both patch cords."
            )
            notes.add_note(store, ref, text, now=at(10))


# --- attachment files ---------------------------------------------------------------


def _demo_files(folder: Path) -> list[tuple[Path, str, str]]:
    """Files to attach (path, media type, topic); the last one is kept for the local note."""
    files: list[tuple[Path, str, str]] = []
    alert = folder / "alert_hisprod2.log"
    alert.write_text(
        LOGS["oracle_alert"].format(
            ts_iso="2026-11-20T09:41:07.512394+08:00",
            ts_iso2="2026-11-20T09:41:08.001122+08:00",
            db="hisprod",
            DB="HISPROD",
            inst=2,
            pid=48213,
            block=81920,
            block2=1234567,
        )
        + "\n",
        encoding="utf-8",
    )
    files.append((alert, "text/plain", "oracle"))
    dmesg = folder / "dmesg-sdd.txt"
    dmesg.write_text(
        LOGS["dmesg_disk"].format(
            up=1843212,
            up2=1843215,
            h=2,
            lun=3,
            dev="sdd",
            sector=439041088,
            hexa="1a2b3c4",
        )
        + "\n",
        encoding="utf-8",
    )
    files.append((dmesg, "text/plain", "disk"))
    rack = folder / "机柜B07前面板.png"
    rack.write_bytes(_rack_png(amber=(5,)))
    files.append((rack, "image/png", "server"))
    switch = folder / "switch-port-leds.png"
    switch.write_bytes(_rack_png(amber=(2, 9)))
    files.append((switch, "image/png", "network"))
    photo = folder / "现场照片-存储控制器.png"
    photo.write_bytes(_rack_png(amber=(0, 11)))
    files.append((photo, "image/png", "server"))
    return files


def _put_blob(store: Store, path: Path, media_type: str, topic: str) -> _Blob:
    sha, size = store.blobs.put_file(path)
    return _Blob(sha, size, path.name, media_type, topic)


def _rack_png(amber: tuple[int, ...], width: int = 240, height: int = 160) -> bytes:
    """A small picture of a server front panel: twelve drive bays, green and amber LEDs."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            colour = (38, 40, 46)
            bay, bx = divmod(x - 12, 18)
            if 0 <= bay < 12 and 0 <= bx < 15 and 30 <= y < 130:
                colour = (70, 74, 82)
                if 114 <= y < 120 and 5 <= bx < 10:
                    colour = (240, 150, 20) if bay in amber else (40, 200, 90)
            elif 140 <= y < 150 and 12 <= x < 228:
                colour = (55, 58, 64)
            rows += bytes(colour)

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )
