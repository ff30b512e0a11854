"""The technician's last half hour, done through the real use cases so that the outbox
holds what a laptop would push at the next sync."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from desktop.demo.phrases import LOGS
from desktop.demo.plan import Part, Plan
from desktop.demo.text import serial_number
from desktop.store.db import Store
from desktop.usecases import clock, incidents, notes, parts, void, work
from domain.records import (
    ActionKind,
    ActionResult,
    Status,
)

# --- local work through the use cases -----------------------------------------------


def local_work(
    store: Store,
    rng: random.Random,
    plans: list[Plan],
    spares: list[Part],
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
                removed_serial=serial_number(rng, ssd.spec.serial),
                installed_part=ssd.spec.description,
                installed_serial=serial_number(rng, ssd.spec.serial),
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
