"""A year's SLA statement for a client with 5,000 incidents: the page and the PDF.

    .venv/bin/python bench/statement.py [--incidents 5000] [--runs 3]

Seeds one client's contract (pauses allowed) with ``--incidents`` incidents spread over
2025, each worked through: status changes to "closed" with a sign-off whose seal is
computed over its entries, some pauses with reasons, time, parts, temporary swaps, a few
priority changes, reopenings and cancellations (about eleven entries each, written
straight into a temporary SQLite database: the statement reads the record, how it got
there is the sync benchmarks' matter). Then, in this process, for the year:

* **read**: :func:`sync.server.statement.load` (the queries and the domain's judging);
* **page**: rendering the console's statement page from it (English);
* **PDF**: :func:`report.statement.build_statement_pdf` (Chinese, the client's language);
* **CSV**: :func:`report.statement.statement_csv`.

Baseline in the same run: the same four for one month of that client (about a twelfth
of the incidents); the ratio year ÷ month says whether the cost grows with the number
of incidents (≈ 12) or worse. Medians of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from domain.ids import new_id  # noqa: E402
from domain.records import (  # noqa: E402
    Channel,
    ClockPause,
    ClockResume,
    Entry,
    HardwareSwap,
    Incident,
    PartUsage,
    Priority,
    PriorityChange,
    Refusal,
    Resolution,
    SignOff,
    SignOffOutcome,
    Status,
    StatusChange,
    SystemCategory,
    TimeEntry,
    TimeKind,
)
from domain.rules import apply_entry  # noqa: E402
from domain.seal import SEAL_FORMAT, seal_hash  # noqa: E402
from domain.statement import active_time, days, month  # noqa: E402
from report.data import Company  # noqa: E402
from report.statement import build_statement_pdf, statement_csv  # noqa: E402
from sync.server import records, statement  # noqa: E402
from sync.server.console.fmt import Fmt  # noqa: E402
from sync.server.console.i18n import Words  # noqa: E402
from sync.server.console.statements import fmt_share  # noqa: E402
from sync.server.console.web import Pages  # noqa: E402
from sync.server.db import Database  # noqa: E402
from sync.server.models import ORDER_SPAN, EntryRow, IncidentRow  # noqa: E402
from sync.server.office import Office  # noqa: E402

TARGETS = {
    Priority.P1: (5, 240),
    Priority.P2: (15, 480),
    Priority.P3: (60, 1440),
    Priority.P4: (240, 4320),
}
YEAR = datetime(2025, 1, 1, tzinfo=UTC)
COMPANY = Company(name="Fieldbook IT Services", address="1 Harbour Road", phone="+65 6000 0000")


def seed(db: Database, count: int) -> uuid.UUID:
    office = Office(db)
    rng = random.Random(7)
    tech = office.add_user("tech", "张伟", "pw")
    client = office.add_client("上海华东医疗集团", language="zh")
    contract = office.add_contract(
        client, "EMA-BENCH", TARGETS, pause_allowed=True, time_zone="Asia/Shanghai"
    )
    systems = [
        office.add_system(contract, name, SystemCategory.SERVER)
        for name in ("Oracle RAC 19c", "VMware vSphere", "Core switch", "PACS storage")
    ]
    part = office.add_part("SSD-3.84T", "3.84 TB NVMe SSD")
    incidents: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    position = 1
    for n in range(count):
        notified = YEAR + timedelta(minutes=rng.randrange(365 * 24 * 60))
        priority = rng.choice(list(Priority))
        covered = rng.random() > 0.03
        value = Incident(
            id=new_id(),
            number=f"INC-B-{n:05d}",
            client_id=client,
            contract_id=contract,
            system_id=rng.choice(systems) if covered else None,
            system_name="Oracle RAC 19c" if covered else "Printer fleet",
            priority=priority,
            channel=rng.choice(list(Channel)),
            title=rng.choice(["数据库主节点宕机 / primary node down", "Core switch flapping"]),
            description="",
            notified_at=notified,
            status=Status.NEW,
            assigned_to=tech,
        )
        value, made, at = _work(rng, value, tech, part, n, priority)
        incidents.append(
            {**records.incident_columns(value), "created_at": notified, "updated_at": at}
        )
        for k, entry in enumerate(made):
            entries.append(
                {
                    "id": entry.id,
                    "incident_id": value.id,
                    "kind": entry.kind,
                    "author_id": tech,
                    "recorded_at": entry.recorded_at,
                    "received_at": entry.recorded_at,
                    "position": position,
                    "server_order": position * ORDER_SPAN + k,
                    "client_id": None,
                    "client_seq": None,
                    "voided_id": None,
                    "sha256": None,
                    "seal_verified": True if isinstance(entry, SignOff) else None,
                    "body": records.entry_body(entry),
                }
            )
        position += 1
    with db.write() as s:
        s.execute(insert(IncidentRow), incidents)
        for i in range(0, len(entries), 5000):
            s.execute(insert(EntryRow), entries[i : i + 5000])
    print(f"seeded {count:,} incidents, {len(entries):,} entries")
    return contract


def _work(
    rng: random.Random,
    value: Incident,
    tech: uuid.UUID,
    part: uuid.UUID,
    n: int,
    priority: Priority,
) -> tuple[Incident, list[Entry], datetime]:
    """One incident worked through, as the technician's laptop would record it."""
    made: list[Entry] = []
    at = value.notified_at

    def add(entry: Entry) -> None:
        nonlocal value
        made.append(entry)
        value = apply_entry(value, entry)

    def base(minutes: float) -> dict[str, Any]:
        nonlocal at
        at = at + timedelta(minutes=minutes)
        return {"id": new_id(), "incident_id": value.id, "recorded_at": at, "author_id": tech}

    def move(to: Status, minutes: float, **kw: Any) -> None:
        add(StatusChange(**base(minutes), from_status=value.status, to_status=to, **kw))

    if rng.random() < 0.03:
        move(Status.CANCELLED, rng.uniform(1, 30), reason="duplicate call")
    else:
        if rng.random() < 0.05:
            to = Priority.P1 if priority is not Priority.P1 else Priority.P2
            add(
                PriorityChange(
                    **base(1), from_priority=priority, to_priority=to, reason="re-assessed"
                )
            )
        move(Status.RESPONDED, rng.uniform(1, 25))
        move(Status.TRAVELLING, rng.uniform(1, 10))
        move(Status.ON_SITE, rng.uniform(20, 60))
        if rng.random() < 0.3:
            move(Status.WAITING_FOR_CLIENT, rng.uniform(10, 40))
            add(ClockPause(**base(0), reason="waiting for the client's change approval"))
            move(Status.ON_SITE, rng.uniform(10, 90))
            add(ClockResume(**base(0)))
        add(
            TimeEntry(
                **base(1),
                time_kind=TimeKind.ON_SITE,
                started_at=at,
                ended_at=at + timedelta(hours=1),
            )
        )
        if rng.random() < 0.3:
            add(PartUsage(**base(5), part_id=part, quantity=1))
        if rng.random() < 0.1:
            add(
                HardwareSwap(
                    **base(5),
                    removed_part="SSD-3.84T",
                    removed_serial=f"S{n}",
                    installed_part="SSD-3.84T (loan)",
                    installed_serial=f"L{n}",
                    temporary=True,
                )
            )
        move(Status.RESOLVED, rng.uniform(20, 300), resolution=Resolution.FIXED)
        if rng.random() < 0.04:
            move(Status.ON_SITE, rng.uniform(30, 90), reason="the fix did not hold")
            move(Status.RESOLVED, rng.uniform(20, 120), resolution=Resolution.WORKAROUND)
        sealed = list(made)
        as_signed = value
        add(
            SignOff(
                **base(5),
                outcome=SignOffOutcome.RESOLVED,
                refusal=None if rng.random() > 0.02 else Refusal.NOT_AVAILABLE,
                signer_name="王主任",
                seal=seal_hash(as_signed, sealed),
                seal_format=SEAL_FORMAT,
                sealed_entry_ids=tuple(e.id for e in sealed),
            )
        )
        move(Status.SIGNED_OFF, 0)
        move(Status.CLOSED, rng.uniform(60, 1440))
    return value, made, at


def timed(work: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(
    db: Database, contract: uuid.UUID, period: Any, runs: int, pages: Pages
) -> dict[str, Any]:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    read_s, data = timed(lambda: statement.load(db, contract, period, COMPANY, now), runs)
    words = Words("en")
    s = data.statement

    def page() -> str:
        return pages.render(
            "en",
            "statement.html",
            t=words,
            fmt=Fmt(words),
            visitor=None,
            nav=(),
            path="/statements",
            request_path="/office/statements",
            choices=[],
            asked={"contract": str(contract), "month": "", "from": "", "to": ""},
            data=data,
            s=s,
            tz=UTC,
            problem="",
            query="",
            active=lambda c: active_time(c, s.as_of),
            share=fmt_share,
        )

    page_s, html = timed(page, runs)
    pdf_s, pdf = timed(lambda: _pdf(data), runs)
    csv_s, csv_bytes = timed(lambda: statement_csv(data), runs)
    return {
        "incidents": len(s.lines),
        "read": read_s,
        "page": page_s,
        "html": len(html.encode()),
        "pdf": pdf_s,
        "pdf_bytes": len(pdf[0]),
        "pdf_pages": pdf[1],
        "csv": csv_s,
        "csv_bytes": len(csv_bytes),
    }


def _pdf(data: Any) -> tuple[bytes, int]:
    out = io.BytesIO()
    result = build_statement_pdf(data, out)
    return out.getvalue(), result.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'bench.db'}", pool_size=2)
        db.migrate()
        contract = seed(db, args.incidents)
        pages = Pages({})
        from zoneinfo import ZoneInfo

        tz = ZoneInfo("Asia/Shanghai")
        year = measure(db, contract, days("2025-01-01", "2025-12-31", tz), args.runs, pages)
        base = measure(db, contract, month("2025-06", tz), args.runs, pages)
        db.dispose()
    print(
        f"medians of {args.runs} runs; year: {year['incidents']:,} incidents, "
        f"month (baseline): {base['incidents']:,}"
    )
    for key, label in (
        ("read", "read + judge"),
        ("page", "page render"),
        ("pdf", "PDF"),
        ("csv", "CSV"),
    ):
        ratio = year[key] / base[key] if base[key] else float("nan")
        print(
            f"  {label:13s} year {year[key] * 1000:8.0f} ms   month {base[key] * 1000:6.0f} ms   "
            f"ratio {ratio:5.1f}x  ({year[key] / year['incidents'] * 1000:.2f} ms per incident)"
        )
    print(
        f"  page {year['html'] / 1e6:.1f} MB of HTML; PDF {year['pdf_pages']} pages, "
        f"{year['pdf_bytes'] / 1e6:.1f} MB; CSV {year['csv_bytes'] / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
