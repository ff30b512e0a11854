"""The demo's phrase tables, in Chinese and English: titles, notes, actions, results,
sign-off comments and refusals, and the log lines technicians paste (with what fits
which system)."""

from __future__ import annotations

from domain.records import (
    ActionKind,
    ActionResult,
    Channel,
    Refusal,
    SignOffOutcome,
    SystemCategory,
)

# --- text ---------------------------------------------------------------------------

_S = SystemCategory

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
REFUSAL_SHARE = 0.03  # sign-offs without a signature: refused, or nobody there to sign
COMMENT_SHARE = 0.3  # signatures with a word from the client

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


def log_names(system: str, category: SystemCategory) -> tuple[str, ...]:
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


def vendor_of(text: str) -> str | None:
    low = text.casefold()
    return next((vendor for token, vendor in _VENDORS if token in low), None)


HOST_PART = {
    _S.DATABASE: "db",
    _S.STORAGE: "stor",
    _S.NETWORK: "core",
    _S.SERVER: "srv",
    _S.OPERATING_SYSTEM: "kvm",
    _S.MIDDLEWARE: "mw",
    _S.APPLICATION: "app",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
