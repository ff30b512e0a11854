"""The demo office's reference data: its technicians, letterhead, clients with their
agreements and Annex 1 systems, and the spare-part catalogue with the van's stock."""

from __future__ import annotations

from dataclasses import dataclass

from domain.records import (
    DEFAULT_EXCLUSIONS,
    ActionKind,
    Priority,
    SystemCategory,
)

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
class ClientSpec:
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


CLIENTS: tuple[ClientSpec, ...] = (
    ClientSpec(
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
    ClientSpec(
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
    ClientSpec(
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
    ClientSpec(
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
    ClientSpec(
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
    ClientSpec(
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
    ClientSpec(
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
class PartSpec:
    part_number: str
    description: str
    kind: str  # dimm, disk, ssd, psu, sfp, fan, battery, cable
    serial: str  # pattern: # digit, @ letter, % hex digit, ? letter or digit; "" none


PARTS: tuple[PartSpec, ...] = (
    PartSpec("M393A4K40DB3-CWE", "Samsung 32GB DDR4-3200 RDIMM", "dimm", "%%%%%%%%"),
    PartSpec("HMA84GR7CJR4N-XN", "SK hynix 32GB DDR4-3200 RDIMM", "dimm", "%%%%%%%%"),
    PartSpec("P06033-B21", "HPE 32GB 2Rx8 DDR4-3200 Smart Memory", "dimm", "@@@###@###"),
    PartSpec("ST2400MM0129", 'Seagate Exos 2.4TB 10K SAS 12Gb/s 2.5"', "disk", "WBN?????"),
    PartSpec("400-ATJL", 'Dell 1.2TB 10K SAS 12Gb/s 2.5" 硬盘', "disk", "????????"),
    PartSpec("02351LWK", "华为 OceanStor 1.92TB SAS SSD", "ssd", "2102351LWK10M#######"),
    PartSpec("MZ7L3960HCJR-00A07", "Samsung PM893 960GB SATA SSD", "ssd", "S6??NE0R######"),
    PartSpec("450-AIYX", "Dell 1100W 热插拔电源 (Platinum)", "psu", "CN-0?????-?????-###-####"),
    PartSpec("865414-B21", "HPE 800W Flex Slot Platinum PSU", "psu", "5WBX@#####@###"),
    PartSpec("PAC1000S56-CB", "华为 CE 交换机 1000W 交流电源模块", "psu", "2102###@###@######"),
    PartSpec("SFP-10G-SR", "Cisco 10GBASE-SR SFP+ 多模光模块", "sfp", "FNS####????"),
    PartSpec("SFP-10G-LR", "Cisco 10GBASE-LR SFP+ single-mode module", "sfp", "FNS####????"),
    PartSpec("OMXD30000", "华为 10GE SFP+ 850nm 多模光模块", "sfp", "EA##########"),
    PartSpec("QSFP-40G-SR4", "Cisco 40GBASE-SR4 QSFP+ module", "sfp", "AVM####????"),
    PartSpec("FAN-R750-HPR", "Dell PowerEdge R750 高性能风扇", "fan", "CN-0?????-?????"),
    PartSpec("FAN-12C-A", "华为 CE12800 风扇框", "fan", "2102###@###@######"),
    PartSpec("405-AAXV", "Dell PERC H755 RAID 卡电池", "battery", "CN0?????????"),
    PartSpec("P01366-B21", "HPE 96W Smart Storage Battery", "battery", "6EZ@@#####"),
    PartSpec("CAB-LC-LC-OM4-3M", "LC-LC OM4 多模光纤跳线 3 m", "cable", ""),
    PartSpec("CAB-CAT6A-2M", "Cat6A patch cable 2 m", "cable", ""),
    PartSpec("CAB-MSAS-HD-1M", "Mini-SAS HD (SFF-8644) cable 1 m", "cable", ""),
)

# Van stock fixed by part number (the rest is drawn): one part out, one part down to its last.
FIXED_STOCK = {"PAC1000S56-CB": 0, "QSFP-40G-SR4": 1, "02351LWK": 4, "CAB-LC-LC-OM4-3M": 12}

# Which spares a fault on each kind of system may need.
SWAP_KINDS: dict[SystemCategory, tuple[str, ...]] = {
    _S.SERVER: ("dimm", "psu", "fan", "battery", "disk"),
    _S.STORAGE: ("disk", "ssd", "battery", "sfp"),
    _S.NETWORK: ("sfp", "psu", "fan"),
    _S.DATABASE: ("dimm", "disk", "ssd", "psu"),
    _S.OPERATING_SYSTEM: ("dimm", "disk", "psu"),
    _S.MIDDLEWARE: ("dimm", "psu"),
    _S.APPLICATION: ("dimm", "disk", "psu"),
}
SWAP_CHANCE: dict[SystemCategory, float] = {
    _S.SERVER: 0.35,
    _S.STORAGE: 0.35,
    _S.NETWORK: 0.3,
    _S.DATABASE: 0.12,
    _S.OPERATING_SYSTEM: 0.1,
    _S.MIDDLEWARE: 0.05,
    _S.APPLICATION: 0.05,
}
SLOTS: dict[str, tuple[str, ...]] = {
    "dimm": ("DIMM A4", "DIMM B2", "DIMM B4", "CPU2 DIMM 7"),
    "disk": ("Bay 3", "Bay 7", "Slot 0:1:5", "CTE0.12"),
    "ssd": ("CTE0.5", "CTE0.12", "Bay 1"),
    "psu": ("PSU 2", "PSU 1", "PWR2"),
    "sfp": ("Ethernet1/12", "10GE1/0/24", "Ethernet2/3", "Te1/0/48"),
    "fan": ("FAN 4", "FAN3", "风扇框 2"),
    "battery": ("PERC 电池仓", "Smart Storage Battery bay"),
}
