"""The report's words in English and Simplified Chinese.

The report is made without Qt (on the command line, in a worker), so it cannot use the
app's Qt translations; its few dozen phrases live here instead. Every key has both
languages (tests/test_report.py checks), and placeholders match.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("en", "zh")

_TEXT: Mapping[str, tuple[str, str]] = {
    # title block and facts
    "report.title": ("Emergency service report", "紧急服务报告"),
    "report.brief": ("Brief report", "简要报告"),
    "report.detailed": ("Detailed report", "详细报告"),
    "report.draft": (
        "Draft: not yet signed off by the client",
        "草稿：客户尚未签字确认",
    ),
    "report.page": ("Page {page} of {pages}", "第 {page} 页，共 {pages} 页"),
    "report.generated": ("Generated {when}", "生成于 {when}"),
    "footer.seal": ("Seal", "封印"),
    "footer.draft": ("Draft, not sealed:", "草稿，未封印："),
    "report.times_in": ("Times are {zone}.", "时间均为 {zone}。"),
    "section.incident": ("Incident", "事件信息"),
    "section.sla": ("Service level", "服务级别 (SLA)"),
    "section.outcome": ("Outcome and summary", "处理结果与摘要"),
    "section.timeline": ("Timeline", "处理过程"),
    "section.swaps": ("Hardware replaced", "硬件更换"),
    "section.parts": ("Spare parts used", "使用的备件"),
    "section.time": ("Time spent", "工时"),
    "section.scope": ("Work outside the agreement", "协议范围外的工作"),
    "section.signoff": ("Client sign-off", "客户签字确认"),
    "section.addenda": ("Addenda after the sign-off", "签字确认后的补充记录"),
    "addenda.note": (
        "Recorded after the client signed: not covered by the signature or the seal.",
        "以下内容在客户签字后记录，不在签字及封印范围内。",
    ),
    "field.provider": ("Service provider", "服务商"),
    "field.client": ("Client", "客户"),
    "field.contract": ("Contract", "合同"),
    "field.system": ("System", "系统"),
    "field.location": ("Location", "位置"),
    "field.priority": ("Priority", "优先级"),
    "field.channel": ("Reported by", "报告方式"),
    "field.notified": ("Reported", "报告时间"),
    "field.notified_by": ("{when} ({channel})", "{when}（{channel}）"),
    "field.responded": ("First response", "首次响应"),
    "field.resolved": ("Resolved", "解决时间"),
    "field.status": ("Status", "状态"),
    "field.technician": ("Engineer", "工程师"),
    "field.title": ("Problem", "故障"),
    "field.description": ("Description", "描述"),
    "system.covered": ("{name} (Annex 1, {category})", "{name}（附件一，{category}）"),
    "system.not_covered": (
        "{name} (not in Annex 1: work billable separately)",
        "{name}（不在附件一范围内：另行收费）",
    ),
    # SLA
    "sla.clock": ("Clock", "时钟"),
    "sla.target": ("Target", "目标"),
    "sla.actual": ("Actual", "实际"),
    "sla.paused": ("Paused", "暂停"),
    "sla.result": ("Result", "结果"),
    "sla.response": ("Response", "响应"),
    "sla.resolution": ("Resolution or workaround", "解决或临时方案"),
    "sla.none": ("none set", "未约定"),
    "sla.pauses": (
        "Clock pauses (client could not give access or information)",
        "时钟暂停（客户未能提供访问或信息）",
    ),
    "sla.pause_from": ("From", "开始"),
    "sla.pause_to": ("To", "结束"),
    "sla.duration": ("Duration", "时长"),
    "sla.reason": ("Reason", "原因"),
    "sla.open": ("still paused", "仍在暂停"),
    "outcome.met": ("Met", "达标"),
    "outcome.missed": ("Missed", "未达标"),
    "outcome.running": ("Running", "计时中"),
    "outcome.paused": ("Paused", "已暂停"),
    "outcome.no_target": ("No target", "无目标"),
    # outcome
    "resolution.fixed": ("Fixed", "已修复"),
    "resolution.workaround": ("Workaround in place", "已采取临时方案"),
    "resolution.none": ("Not resolved yet", "尚未解决"),
    "outcome.engineer": ("Engineer's outcome", "工程师结论"),
    "outcome.client": ("Confirmed by the client", "客户确认"),
    "signoff.resolved": ("Resolved", "已解决"),
    "signoff.workaround": ("Workaround in place", "已采取临时方案"),
    "signoff.not_resolved": ("Not resolved", "未解决"),
    "summary.counts": (
        "{actions} ({succeeded} succeeded, {partial} partly, {failed} failed), {notes}, "
        "{attachments}, {swaps}, {parts}.",
        "共 {actions}（成功 {succeeded}，部分成功 {partial}，失败 {failed}），{notes}，"
        "{attachments}，{swaps}，{parts}。",
    ),
    # timeline
    "entry.note": ("Diagnosis", "诊断"),
    "entry.log": ("Log", "日志"),
    "entry.attachment": ("Attachment", "附件"),
    "entry.action": ("Action", "操作"),
    "entry.swap": ("Hardware replaced", "更换硬件"),
    "entry.part_usage": ("Spare part", "备件"),
    "entry.time": ("Time", "工时"),
    "entry.clock_pause": ("SLA clock paused", "SLA 时钟暂停"),
    "entry.clock_resume": ("SLA clock resumed", "SLA 时钟恢复"),
    "entry.status": ("Status", "状态"),
    "entry.void": ("Correction", "更正"),
    "entry.sign_off": ("Sign-off", "签字确认"),
    "entry.voided": ("Voided: {reason}", "已作废：{reason}"),
    "entry.voids": ("Voids the entry of {when}", "作废 {when} 的记录"),
    "entry.result": ("Result: {result}", "结果：{result}"),
    "entry.out_of_scope": ("Out of scope: billable separately", "范围外：另行收费"),
    "cut.omitted": (
        "[… {lines} ({chars} characters) left out here …]",
        "[…… 此处省略 {lines}（{chars} 个字符）……]",
    ),
    "cut.attached": (
        "The full text is in the attached file {name} ({size}).",
        "完整内容见附件 {name}（{size}）。",
    ),
    "cut.in_record": (
        "The full text is kept in the record.",
        "完整内容保存在记录中。",
    ),
    "entry.image_unreadable": ("(image could not be read)", "（图片无法读取）"),
    "entry.file": ("{name} ({size})", "{name}（{size}）"),
    "entry.status_change": ("{old} → {new}", "{old} → {new}"),
    "entry.time_span": (
        "{kind}: {start} – {end} ({duration})",
        "{kind}：{start} – {end}（{duration}）",
    ),
    "result.succeeded": ("succeeded", "成功"),
    "result.partial": ("partly succeeded", "部分成功"),
    "result.failed": ("failed", "失败"),
    # swaps, parts, time
    "swap.removed": ("Removed", "拆下"),
    "swap.installed": ("Installed", "装上"),
    "swap.kind": ("Kind", "类型"),
    "swap.temporary": ("TEMPORARY", "临时"),
    "swap.permanent": ("permanent", "永久"),
    "swap.note": ("Note", "备注"),
    "swap.serial": ("S/N {serial}", "序列号 {serial}"),
    "part.number": ("Part number", "备件号"),
    "part.description": ("Description", "说明"),
    "part.quantity": ("Qty", "数量"),
    "time.travel": ("Travel", "路途"),
    "time.on_site": ("On site", "现场"),
    "time.waiting": ("Waiting for the client", "等待客户"),
    "time.total": ("Total", "合计"),
    "scope.billable": ("Billable separately", "另行收费"),
    "scope.none": ("None: all work was covered by the agreement.", "无：全部工作均在协议范围内。"),
    "scope.all_covered": ("All work was covered by the agreement.", "全部工作均在协议范围内。"),
    "none": ("None.", "无。"),
    # sign-off
    "signoff.signer": ("Signed by", "签字人"),
    "signoff.role": ("Role", "职务"),
    "signoff.time": ("Signed at", "签字时间"),
    "signoff.comment": ("Comment", "意见"),
    "signoff.refused": ("The client refused to sign", "客户拒绝签字"),
    "signoff.not_available": ("Nobody from the client was available to sign", "客户方无人可签字"),
    "signoff.reason": ("Reason", "原因"),
    "signoff.recorded_at": ("Recorded at", "记录时间"),
    "signoff.person": ("Client's representative", "客户代表"),
    "signoff.pending": (
        "Not signed yet. This draft is not sealed.",
        "尚未签字，本草稿未封印。",
    ),
    "seal.label": ("Seal (SHA-256 of the record as signed)", "封印（签字时记录的 SHA-256）"),
    "seal.draft": ("Record fingerprint (SHA-256, not sealed)", "记录指纹（SHA-256，未封印）"),
    "seal.howto": (
        "Check it against the record: fieldbook verify REPORT.pdf",
        "核对记录：fieldbook verify 报告.pdf",
    ),
    # enums shown in facts
    "status.new": ("new", "新建"),
    "status.responded": ("responded", "已响应"),
    "status.travelling": ("travelling", "在途"),
    "status.on_site": ("on site", "在现场"),
    "status.waiting_for_client": ("waiting for client", "等待客户"),
    "status.resolved": ("resolved", "已解决"),
    "status.signed_off": ("signed off", "已签字确认"),
    "status.closed": ("closed", "已关闭"),
    "status.cancelled": ("cancelled", "已取消"),
    "channel.phone": ("phone", "电话"),
    "channel.email": ("e-mail", "电子邮件"),
    "channel.portal": ("portal", "服务门户"),
    "channel.walk_up": ("on site", "现场报告"),
    "channel.other": ("other", "其他"),
    "category.server": ("server", "服务器"),
    "category.network": ("network", "网络"),
    "category.storage": ("storage", "存储"),
    "category.operating_system": ("operating system", "操作系统"),
    "category.database": ("database", "数据库"),
    "category.middleware": ("middleware", "中间件"),
    "category.application": ("application", "应用"),
    "action.restart": ("Restart", "重启"),
    "action.service_stop_start": ("Service stop/start", "服务启停"),
    "action.configuration_change": ("Configuration change", "配置变更"),
    "action.patch": ("Patch", "补丁"),
    "action.temporary_hardware": ("Temporary hardware", "临时硬件"),
    "action.workaround": ("Workaround", "临时方案"),
    "action.test": ("Test", "测试"),
    "action.other": ("Other", "其他"),
    "action.planned_change": ("Planned change", "计划变更"),
    "action.optimisation": ("Optimisation", "优化"),
    "action.preventive_work": ("Preventive work", "预防性维护"),
    "action.routine_upgrade": ("Routine upgrade", "常规升级"),
    # Said by domain.durations.spell (the same rule as the window's and the console's).
    "duration.d_h": ("{d} d {h} h", "{d} 天 {h} 小时"),
    "duration.d": ("{d} d", "{d} 天"),
    "duration.h_m": ("{h} h {m} min", "{h} 小时 {m} 分"),
    "duration.h": ("{h} h", "{h} 小时"),
    "duration.m": ("{m} min", "{m} 分钟"),
    "unknown": ("—", "—"),
    "colon": (": ", "："),
}


#: Phrases with a count: English has a singular and a plural; Chinese one form.
_PLURALS: Mapping[str, tuple[tuple[str, str], str]] = {
    "count.actions": (("{n} action", "{n} actions"), "{n} 项操作"),
    "count.notes": (("{n} diagnostic note", "{n} diagnostic notes"), "{n} 条诊断记录"),
    "count.attachments": (("{n} attachment", "{n} attachments"), "{n} 个附件"),
    "count.swaps": (
        ("{n} hardware replacement", "{n} hardware replacements"),
        "{n} 次硬件更换",
    ),
    "count.parts": (("{n} spare part used", "{n} spare parts used"), "使用备件 {n} 件"),
    "count.lines": (("{n} line", "{n} lines"), "{n} 行"),
}


def text(lang: str, key: str, **params: Any) -> str:
    """The phrase ``key`` in ``lang`` ("en" or "zh"), with ``params`` filled in."""
    en, zh = _TEXT[key]
    template = zh if lang == "zh" else en
    return template.format(**params) if params else template


def all_keys() -> list[str]:
    return sorted(_TEXT)


def both(key: str) -> tuple[str, str]:
    return _TEXT[key]


def plural(lang: str, key: str, n: int) -> str:
    """The counted phrase ``key`` for ``n`` in ``lang`` ("1 action", "2 actions", "2 项操作")."""
    (one, many), zh = _PLURALS[key]
    template = zh if lang == "zh" else (one if n == 1 else many)
    return template.format(n=f"{n:,}")


def plural_keys() -> list[str]:
    return sorted(_PLURALS)


def plural_forms(key: str) -> tuple[str, str, str]:
    """English singular, English plural, Chinese."""
    (one, many), zh = _PLURALS[key]
    return one, many, zh
