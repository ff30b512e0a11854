"""Incidents with everything a report shows, for the report tests and for looking at pages.

No pytest here: ``python -m tests.report_scenarios OUT_DIR`` writes every variant as PDF
(brief/detailed × en/zh, refused, addenda, images) for a person to look at.
"""

from __future__ import annotations

import io
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw
from sqlalchemy import select

from desktop.store.db import Store
from desktop.store.models import MetaRow, VanStockRow
from desktop.usecases import clock, incidents, notes, parts, signoff, timelog, void, work
from domain.records import Refusal, SignOffOutcome, Status
from domain.signature import synthetic_signature

LOG = """Nov 24 09:12:01 db01 kernel: [812345.120] sd 2:0:0:1: [sdc] tag#41 FAILED Result: \
hostbyte=DID_ERROR driverbyte=DRIVER_OK
Nov 24 09:12:01 db01 kernel: [812345.121] blk_update_request: I/O error, dev sdc, sector 19535\
25128 op 0x0:(READ)
Nov 24 09:12:02 db01 multipathd: mpatha: sdc - path offline
    ORA-00600: internal error code, arguments: [kcratr_nab_less_than_odr], [1], [5849], [12345]
    ORA-27072: File I/O error   数据文件 /u01/oradata/PROD/system01.dbf 读取失败
Nov 24 09:12:05 db01 crsd[2231]: CRS-2765: Resource 'ora.prod.db' has failed on server 'db01'"""

LONG_ZH = (
    "现场检查发现主节点存储多路径中的一条路径反复离线，光纤交换机端口 7 的 CRC 错误计数持续增长。"
    "更换光纤跳线后错误计数停止增长，但为确保业务连续性，临时将数据库实例切换到备节点运行，"
    "并与客户DBA共同确认了归档日志的完整性。"
    "后续建议在维护窗口内更换 HBA 卡并进行全面的存储健康检查。"
)


def photo(seed: int = 1, size: tuple[int, int] = (1200, 800)) -> bytes:
    """A made-up photo of a server rack (a JPEG)."""
    img = Image.new("RGB", size, (40, 44, 52))
    draw = ImageDraw.Draw(img)
    w, h = size
    for i in range(12):
        y = 40 + i * (h - 80) // 12
        draw.rectangle((w // 5, y, 4 * w // 5, y + (h - 80) // 14), fill=(70 + seed * 5, 75, 85))
        for j in range(8):
            colour = (40, 200, 90) if (i + j + seed) % 5 else (230, 60, 40)
            draw.ellipse((w // 5 + 20 + j * 18, y + 10, w // 5 + 28 + j * 18, y + 18), fill=colour)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=80)
    return out.getvalue()


def set_company(store: Store) -> None:
    """The provider's letterhead, and a van full enough for many incidents."""
    with store.write() as s:
        for row in s.scalars(select(VanStockRow)):
            row.on_hand = 1000
        s.merge(MetaRow(key="company_name", value="华信运维服务有限公司 Huaxin IT Services"))
        s.merge(MetaRow(key="company_address", value="上海市浦东新区张江路 88 号"))
        s.merge(MetaRow(key="company_phone", value="+86 21 5555 0100"))


def work_on(
    store: Store,
    incident: uuid.UUID,
    part_id: uuid.UUID,
    start: datetime,
    *,
    tmp: Path,
    images: bool = True,
    extra_entries: int = 0,
    long_notes: bool = False,
) -> dict[str, uuid.UUID]:
    """A realistic morning on site, then "resolved" (fixed)."""
    at = start
    ids: dict[str, uuid.UUID] = {}

    def tick(minutes: int = 3) -> datetime:
        nonlocal at
        at += timedelta(minutes=minutes)
        return at

    timelog.log_time(
        store,
        incident,
        kind="travel",
        started_at=at - timedelta(minutes=50),
        ended_at=at,
        now=tick(),
    )
    ids["note"] = notes.add_note(
        store, incident, "数据库实例在 09:12 异常终止，告警日志显示 I/O 错误。", now=tick()
    ).entry_ids[0]
    ids["log"] = notes.add_note(store, incident, LOG, preformatted=True, now=tick()).entry_ids[0]
    if images:
        pic = tmp / "rack.jpg"
        pic.write_bytes(photo())
        ids["photo"] = notes.attach(store, incident, [pic], now=tick()).entry_ids[0]
    ids["action"] = work.record_action(
        store,
        incident,
        kind="configuration_change",
        description="更换光纤跳线，清除交换机端口 7 错误计数 / replaced the FC patch cable",
        result="succeeded",
        result_detail="CRC errors stopped",
        now=tick(10),
    ).entry_ids[0]
    ids["failed"] = work.record_action(
        store,
        incident,
        kind="restart",
        description="Restarted the database instance on db01",
        result="failed",
        result_detail="ORA-00600 again after 2 minutes",
        now=tick(),
    ).entry_ids[0]
    ids["optimise"] = work.record_action(
        store,
        incident,
        kind="optimisation",
        description="调整 SGA 参数（客户要求）/ tuned the SGA at the client's request",
        result="succeeded",
        now=tick(),
    ).entry_ids[0]
    ids["swap"] = work.record_swap(
        store,
        incident,
        removed_part="Emulex LPe32002 HBA",
        removed_serial="FC-7731-0042",
        installed_part="Emulex LPe32002 HBA",
        installed_serial="FC-9910-1187",
        temporary=True,
        note="备件临时借用，待原厂备件到货后更换",
        now=tick(),
    ).entry_ids[0]
    ids["swap2"] = work.record_swap(
        store,
        incident,
        removed_part="SFP+ 16G SW",
        removed_serial="SFP-00A1",
        installed_part="SFP+ 16G SW",
        installed_serial="SFP-00B7",
        temporary=False,
        now=tick(),
    ).entry_ids[0]
    ids["usage"] = parts.use_parts(store, incident, part_id, 2, now=tick()).entry_ids[0]
    wrong = notes.add_note(
        store, incident, "记录错误的备注 / a note on the wrong incident", now=tick()
    )
    void.void_entry(store, wrong.entry_ids[0], "记错了事件 / wrong incident", now=tick())
    clock.pause_clock(
        store, incident, "等待客户提供机房门禁卡 / waiting for server room access", now=tick()
    )
    clock.resume_clock(store, incident, now=tick(25))
    for n in range(extra_entries):
        if long_notes and n % 3 == 0:
            notes.add_note(store, incident, f"第 {n} 条记录。" + LONG_ZH * (1 + n % 4), now=tick(1))
        elif n % 3 == 1:
            work.record_action(
                store,
                incident,
                kind="test",
                description=f"检查 #{n}: multipath -ll / checked the paths",
                result="succeeded",
                now=tick(1),
            )
        else:
            notes.add_note(
                store, incident, f"{n}: " + LOG.splitlines()[n % 6], preformatted=True, now=tick(1)
            )
    ids["last"] = notes.add_note(
        store,
        incident,
        "最后一条记录：业务恢复正常 / LAST ENTRY service back to normal",
        now=tick(),
    ).entry_ids[0]
    timelog.log_time(
        store,
        incident,
        kind="on_site",
        started_at=start,
        ended_at=at + timedelta(minutes=5),
        now=tick(5),
    )
    incidents.change_status(store, incident, Status.RESOLVED, resolution="fixed", now=tick())
    return ids


def sign(store: Store, incident: uuid.UUID, at: datetime) -> None:
    signoff.sign_off(
        store,
        incident,
        signer_name="李娜 Li Na",
        signer_role="信息中心主任 / Head of IT",
        outcome=SignOffOutcome.RESOLVED,
        strokes=synthetic_signature(4),
        comment="响应及时，处理专业。",
        now=at,
    )


def refuse(store: Store, incident: uuid.UUID, at: datetime) -> None:
    signoff.record_refusal(
        store,
        incident,
        refusal=Refusal.REFUSED,
        reason="客户对临时更换的 HBA 有异议，要求原厂备件到货后再签字 / disputes the temporary HBA",
        signer_name="张伟",
        signer_role="运维经理",
        now=at,
    )


def addenda(store: Store, incident: uuid.UUID, at: datetime) -> None:
    notes.add_note(
        store, incident, "签字后：客户来电确认业务运行稳定 / client called, all stable", now=at
    )
    work.record_action(
        store,
        incident,
        kind="test",
        description="Remote check of the alert log after sign-off",
        result="succeeded",
        now=at + timedelta(minutes=5),
    )


def main(out_dir: Path) -> None:  # pragma: no cover - a tool for people
    import tempfile

    import pytest  # noqa: F401 - the fixtures below are plain functions here

    from desktop.store.db import open_store
    from desktop.usecases.report import load_report_data
    from report.pdf import ReportOptions, write_report
    from tests import conftest

    out_dir.mkdir(parents=True, exist_ok=True)
    make_office = conftest.office._get_wrapped_function()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = open_store(tmp / "data")
        office = make_office(store)
        set_company(store)
        t0 = conftest.T0
        signed = office.incident_id
        work_on(store, signed, office.part_id, t0, tmp=tmp)
        sign(store, signed, t0 + timedelta(hours=3))
        added = conftest.make_incident(store, office, number="INC-2026-000002")
        work_on(store, added, office.part_id, t0, tmp=tmp, images=False)
        sign(store, added, t0 + timedelta(hours=3))
        addenda(store, added, t0 + timedelta(hours=5))
        refused = conftest.make_incident(store, office, number="INC-2026-000003")
        work_on(store, refused, office.part_id, t0, tmp=tmp, images=False)
        refuse(store, refused, t0 + timedelta(hours=3))
        draft = conftest.make_incident(store, office, number="INC-2026-000004")
        work_on(store, draft, office.part_id, t0, tmp=tmp, images=False)
        from datetime import UTC, timezone

        zone = timezone(timedelta(hours=8))
        jobs = [
            ("signed", signed, False, "zh"),
            ("signed", signed, False, "en"),
            ("signed", signed, True, "zh"),
            ("signed", signed, True, "en"),
            ("addenda", added, False, "en"),
            ("refused", refused, True, "zh"),
            ("draft", draft, True, "en"),
        ]
        for name, iid, brief, lang in jobs:
            data = load_report_data(store, iid, now=t0 + timedelta(hours=6))
            path = out_dir / f"{name}-{'brief' if brief else 'detailed'}-{lang}.pdf"
            result = write_report(data, path, ReportOptions(brief=brief, language=lang, tz=zone))
            print(path, result.pages, "pages")
        del UTC
        store.close()


if __name__ == "__main__":  # pragma: no cover
    main(Path(sys.argv[1]))
