"""The SLA statement's words in English and Simplified Chinese (PDF and CSV).

Kept apart from the service report's phrases (:mod:`report.strings`) but in the same
shape: every key has both languages, placeholders alike (tests/test_statement_pdf.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TEXT: Mapping[str, tuple[str, str]] = {
    "title": ("SLA statement", "SLA 服务水平报表"),
    "subtitle": (
        "{client} · contract {contract} · {period}",
        "{client} · 合同 {contract} · {period}",
    ),
    "as_of": (
        "Figures as of {when}; times are {zone}. Open clocks are read at that moment.",
        "数据截至 {when}；时间均为 {zone}。未停止的时钟按该时刻计算。",
    ),
    "page": ("Page {page} of {pages}", "第 {page} 页，共 {pages} 页"),
    "generated": ("Generated {when}", "生成于 {when}"),
    "rule": (
        "Each clock runs from the client's first notice and is judged against the target of "
        "the incident's latest priority; waiting for the client pauses the resolution clock "
        "where the contract allows. Cancelled incidents and incidents on systems outside "
        "Annex 1 are listed but not counted. Every line carries its report's seal, so it can "
        "be checked against the signed report.",
        "各时钟自客户首次通知起计时，按事件最新优先级的目标考核；合同允许时，等待客户期间暂停解决时钟。"
        "已取消的事件及附件一以外系统的事件列出但不计入统计。每行均印有对应服务报告的封印，可与已签字的报告核对。",
    ),
    # summary
    "section.summary": ("Service level by priority", "按优先级的服务水平"),
    "col.priority": ("Priority", "优先级"),
    "col.incidents": ("Incidents", "事件数"),
    "col.clock": ("Clock", "时钟"),
    "col.target": ("Target", "目标"),
    "col.met": ("Met", "达成"),
    "col.missed": ("Missed", "未达成"),
    "col.open": ("Open", "进行中"),
    "col.share": ("Share met", "达成率"),
    "col.median": ("Median", "中位数"),
    "col.worst": ("Worst", "最长"),
    "clock.response": ("Response", "响应"),
    "clock.resolution": ("Resolution", "解决"),
    "none": ("None.", "无。"),
    "no_target": ("not set", "未设定"),
    # incidents
    "section.incidents": ("Incidents", "事件明细"),
    "col.number": ("Incident", "事件编号"),
    "col.notified": ("First notice", "首次通知"),
    "col.channel": ("Channel", "渠道"),
    "col.responded": ("Responded", "响应时间"),
    "col.resolved": ("Resolved", "解决时间"),
    "col.paused": ("Paused", "暂停"),
    "col.status": ("Status", "状态"),
    "col.response": ("Response", "响应"),
    "col.resolution": ("Resolution", "解决"),
    "seal": ("Seal {seal}", "封印 {seal}"),
    "seal.label": ("Report seal", "报告封印"),
    "resolution.fixed": ("fixed", "已修复"),
    "resolution.workaround": ("workaround in place", "已采取临时解决方案"),
    "seal.unverified": ("(did not match the record when it arrived)", "（到达时与记录不符）"),
    "not_signed": ("Not signed off", "客户未签字确认"),
    "reopened": ("reopened {n}×", "重新处理 {n} 次"),
    "priority_steps": ("priority {steps}", "优先级 {steps}"),
    "after_breach": ("lowered after a breach", "超时后降级"),
    "cancelled": ("cancelled: {reason}", "已取消：{reason}"),
    "outside_annex": ("outside Annex 1: billable", "附件一以外：另行收费"),
    "paused_for": ("paused {time}: {reasons}", "暂停 {time}：{reasons}"),
    "outcome.met": ("met", "达成"),
    "outcome.missed": ("missed", "未达成"),
    "outcome.running": ("running", "计时中"),
    "outcome.paused": ("paused", "已暂停"),
    "outcome.no_target": ("no target", "无目标"),
    # breaches
    "section.breaches": ("Breaches and what the record says", "超时事件及记录经过"),
    "breach.head": (
        "{number} · {priority} · {clock}: {actual} against {target} ({over} over)",
        "{number} · {priority} · {clock}：用时 {actual}，目标 {target}（超出 {over}）",
    ),
    "breach.running": ("still running", "仍在计时"),
    "event.notified": ("First notice by {channel}", "客户首次通知（{channel}）"),
    "event.status": ("{status}", "{status}"),
    "event.paused": ("Clock paused: {reason}", "时钟暂停：{reason}"),
    "event.resumed": ("Clock resumed", "时钟恢复"),
    "event.priority": ("Priority {detail}", "优先级 {detail}"),
    "event.reopened": ("Reopened (back on site): {detail}", "重新处理（返回现场）：{detail}"),
    "event.signed": ("Signed off by the client", "客户签字确认"),
    # excluded and out of scope
    "section.cancelled": ("Cancelled (not counted)", "已取消（不计入）"),
    "col.reason": ("Reason", "原因"),
    "section.scope": (
        "Work outside the agreement (billable separately)",
        "协议范围外的工作（另行收费）",
    ),
    "scope.incident": (
        "Emergency on {system}, outside Annex 1",
        "{system} 的紧急事件，不在附件一范围内",
    ),
    "col.what": ("What", "内容"),
    "col.when": ("When", "时间"),
    "col.time": ("Time logged", "记录工时"),
    "scope.per_visit": ("logged per visit", "按上门记录"),
    # parts
    "section.parts": ("Spare parts used", "使用的备件"),
    "col.part": ("Part", "备件"),
    "col.description": ("Description", "说明"),
    "col.quantity": ("Qty", "数量"),
    "section.temporary": (
        "Temporary parts still installed at the client",
        "仍安装在客户处的临时备件",
    ),
    "col.installed": ("Installed (serial)", "安装件（序列号）"),
    "col.removed": ("Replaced (serial)", "替换下的部件（序列号）"),
    "col.since": ("Since", "安装时间"),
    # durations
    "duration.d_h": ("{d} d {h} h", "{d} 天 {h} 小时"),
    "duration.d": ("{d} d", "{d} 天"),
    "duration.h": ("{h} h", "{h} 小时"),
    "duration.h_m": ("{h} h {m} min", "{h} 小时 {m} 分"),
    "duration.m": ("{m} min", "{m} 分"),
    # labels
    "channel.phone": ("phone", "电话"),
    "channel.email": ("e-mail", "电子邮件"),
    "channel.portal": ("portal", "门户"),
    "channel.walk_up": ("walk-up", "现场报告"),
    "channel.other": ("other", "其他"),
    "status.new": ("new", "新建"),
    "status.responded": ("responded", "已响应"),
    "status.travelling": ("travelling", "在途"),
    "status.on_site": ("on site", "现场处理"),
    "status.waiting_for_client": ("waiting for client", "等待客户"),
    "status.resolved": ("resolved", "已解决"),
    "status.signed_off": ("signed off", "已签字确认"),
    "status.closed": ("closed", "已关闭"),
    "status.cancelled": ("cancelled", "已取消"),
    "action.planned_change": ("Planned change", "计划变更"),
    "action.optimisation": ("Optimisation", "优化"),
    "action.preventive_work": ("Preventive work", "预防性维护"),
    "action.routine_upgrade": ("Routine upgrade", "例行升级"),
    "action.restart": ("Restart", "重启"),
    "action.service_stop_start": ("Service stop/start", "服务停止/启动"),
    "action.configuration_change": ("Configuration change", "配置变更"),
    "action.patch": ("Patch", "补丁"),
    "action.temporary_hardware": ("Temporary hardware", "临时硬件"),
    "action.workaround": ("Workaround", "临时解决方案"),
    "action.test": ("Test", "测试"),
    "action.other": ("Other", "其他"),
}


def text(lang: str, key: str, **params: Any) -> str:
    en, zh = TEXT[key]
    template = zh if lang == "zh" else en
    return template.format(**params) if params else template
