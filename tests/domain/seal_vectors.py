"""A fixed incident with one entry of every kind: the test vector for sealing.

Kept in its own module (no pytest imports) so that a subprocess can import it and seal
the same record under another hash seed and time zone.

Every optional field is filled in, so that a test can change each field and watch the hash
change. Do not edit these values: the expected hash in ``test_seal.py`` is pinned to them.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

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
    PriorityChange,
    Reassignment,
    Resolution,
    Status,
    StatusChange,
    TimeEntry,
    TimeKind,
    Void,
)

NOTIFIED_AT = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

INCIDENT_ID = uuid.UUID("01954f6a-0000-7000-8000-000000000001")
CLIENT_ID = uuid.UUID("01954f6a-0000-7000-8000-0000000000c1")
CONTRACT_ID = uuid.UUID("01954f6a-0000-7000-8000-0000000000c2")
SYSTEM_ID = uuid.UUID("01954f6a-0000-7000-8000-0000000000c3")
TECHNICIAN_ID = uuid.UUID("01954f6a-0000-7000-8000-0000000000a1")
PART_ID = uuid.UUID("01954f6a-0000-7000-8000-0000000000b1")
DISPATCHER_ID = uuid.UUID("01954f6a-0000-7000-8000-0000000000d1")
OTHER_TECHNICIAN_ID = uuid.UUID("01954f6a-0000-7000-8000-0000000000a2")


def _entry_id(n: int) -> uuid.UUID:
    return uuid.UUID(f"01954f6a-1000-7000-8000-{n:012x}")


def _at(minutes: int, seconds: int = 0) -> datetime:
    return NOTIFIED_AT + timedelta(minutes=minutes, seconds=seconds)


NOTE_ID = _entry_id(1)
PAUSE_ID = _entry_id(7)


def build_incident() -> Incident:
    return Incident(
        id=INCIDENT_ID,
        number="INC-2026-0042",
        client_id=CLIENT_ID,
        contract_id=CONTRACT_ID,
        system_id=SYSTEM_ID,
        system_name="核心交换机 / Core switch SW-01",
        priority=Priority.P1,
        channel=Channel.PHONE,
        title="Core switch down",
        description="数据库集群主节点宕机",
        notified_at=NOTIFIED_AT,
        status=Status.SIGNED_OFF,
        responded_at=_at(3),
        resolved_at=_at(200),
        resolution=Resolution.WORKAROUND,
        assigned_to=TECHNICIAN_ID,
    )


def build_entries() -> list[Entry]:
    """One entry of every kind in ``SEALABLE_ENTRY_TYPES``, in recorded order (format 2)."""
    v1 = build_entries_v1()
    status = next(i for i, e in enumerate(v1) if isinstance(e, StatusChange))
    change = v1[status]
    assert isinstance(change, StatusChange)
    v1[status] = dataclasses.replace(change, reason="临时方案 / workaround in place")
    return [
        Reassignment(
            id=_entry_id(11),
            recorded_at=_at(1),
            from_technician=OTHER_TECHNICIAN_ID,
            to_technician=TECHNICIAN_ID,
            reason="值班 / on duty",
            incident_id=INCIDENT_ID,
            author_id=DISPATCHER_ID,
        ),
        PriorityChange(
            id=_entry_id(12),
            recorded_at=_at(10),
            from_priority=Priority.P2,
            to_priority=Priority.P1,
            reason="整个交易大厅断网 / the whole trading floor is off",
            incident_id=INCIDENT_ID,
            author_id=DISPATCHER_ID,
        ),
        *v1,
    ]


def build_entries_v1() -> list[Entry]:
    """One entry of every kind format 1 knew, in recorded order. Pinned: do not edit."""
    return [
        DiagnosticNote(
            id=NOTE_ID,
            recorded_at=_at(15),
            text="数据库集群主节点宕机; Core switch down",
            preformatted=True,
            incident_id=INCIDENT_ID,
            author_id=TECHNICIAN_ID,
        ),
        Attachment(
            id=_entry_id(2),
            recorded_at=_at(16),
            note_id=NOTE_ID,
            sha256="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            filename="交换机日志.txt",
            media_type="text/plain",
            size=1234,
            incident_id=INCIDENT_ID,
            author_id=TECHNICIAN_ID,
        ),
        Action(
            id=_entry_id(3),
            recorded_at=_at(30),
            action_kind=ActionKind.RESTART,
            description="重启主节点 / restarted the primary node",
            result=ActionResult.PARTIAL,
            result_detail="came back, slow",
            out_of_scope=False,
            incident_id=INCIDENT_ID,
            author_id=TECHNICIAN_ID,
        ),
        HardwareSwap(
            id=_entry_id(4),
            recorded_at=_at(60),
            removed_part="PSU 750W",
            removed_serial="SN-OLD-0001",
            installed_part="PSU 750W",
            installed_serial="SN-NEW-0002",
            temporary=True,
            note="备件 from van stock",
            incident_id=INCIDENT_ID,
            author_id=TECHNICIAN_ID,
        ),
        PartUsage(
            id=_entry_id(5),
            recorded_at=_at(61),
            part_id=PART_ID,
            quantity=2,
            incident_id=INCIDENT_ID,
            author_id=TECHNICIAN_ID,
        ),
        TimeEntry(
            id=_entry_id(6),
            recorded_at=_at(62),
            time_kind=TimeKind.ON_SITE,
            started_at=_at(40),
            ended_at=_at(62, 30),
            incident_id=INCIDENT_ID,
            author_id=TECHNICIAN_ID,
        ),
        ClockPause(
            id=PAUSE_ID,
            recorded_at=_at(90),
            reason="等待客户提供机房门禁 / waiting for server room access",
            incident_id=INCIDENT_ID,
            author_id=TECHNICIAN_ID,
        ),
        ClockResume(
            id=_entry_id(8),
            recorded_at=_at(120),
            incident_id=INCIDENT_ID,
            author_id=TECHNICIAN_ID,
        ),
        StatusChange(
            id=_entry_id(9),
            recorded_at=_at(200),
            from_status=Status.ON_SITE,
            to_status=Status.RESOLVED,
            resolution=Resolution.WORKAROUND,
            incident_id=INCIDENT_ID,
            author_id=TECHNICIAN_ID,
        ),
        Void(
            id=_entry_id(10),
            recorded_at=_at(201),
            voided_id=PAUSE_ID,
            reason="误操作 / recorded by mistake",
            incident_id=INCIDENT_ID,
            author_id=TECHNICIAN_ID,
        ),
    ]
