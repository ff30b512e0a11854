"""A demo office: reference data, months of incident history and a few open call-outs.

:func:`seed_demo` fills an *empty* data folder with what a technician of a Chinese IT
services firm would see on their laptop: clients in Shanghai, Shenzhen, Hangzhou, Beijing
and Hong Kong, one emergency agreement each (different SLA targets, Annex 1 systems,
exclusions), a spare-part catalogue with the van's stock, and incidents in every status.

History is written as the central service would have sent it (no outbox rows), in one
write transaction with one ``executemany`` per table and batch (:mod:`~desktop.demo.bulk`)
so that a hundred thousand incidents take a minute or two. Every incident's entries
follow the status graph: one status entry per transition, time logged when a timed state
is left, clock pauses only under contracts that allow them and only while waiting for the
client. Signed-off and closed incidents carry the client's sign-off, sealed as the
sign-off use case seals (:func:`domain.seal.new_sign_off`), a few of them refused or with
nobody there to sign; the service provider's letterhead is in the meta table. Then the
signed-in technician does some work through the real use cases, so the outbox holds what
a laptop would push at the next sync.

Given the same ``seed`` and ``now`` the records are the same (ids excepted: they are
UUIDv7 made at seeding time).

The parts, by what each is: :mod:`~desktop.demo.reference` (technicians, letterhead,
clients, parts), :mod:`~desktop.demo.phrases` (the phrase and log tables),
:mod:`~desktop.demo.text` (filling them for one incident), :mod:`~desktop.demo.plan`
(what each incident is and when things happened), :mod:`~desktop.demo.history` (one
incident's rows, sealed as the use case seals), :mod:`~desktop.demo.bulk` (writing rows in
batches), :mod:`~desktop.demo.pictures` (attachments and signatures) and
:mod:`~desktop.demo.local` (the last half hour, through the use cases). This module is
the entry point.
"""

from __future__ import annotations

import gc
import logging
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.demo.bulk import (
    CHUNK,
    Rows,
    insert_contracts,
    insert_parts,
    insert_technicians,
    roomy_cache,
    shrink_wal,
    table_of,
)
from desktop.demo.history import emit_incident
from desktop.demo.local import local_work
from desktop.demo.pictures import Signatures, demo_files, put_blob
from desktop.demo.plan import Profile, plan_incidents, profile_of
from desktop.demo.reference import CLIENTS, COMPANY
from desktop.store.db import Store
from desktop.store.models import (
    Base,
    ClientRow,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    MetaRow,
    OutboxRow,
    OutboxState,
    SparePartRow,
    TechnicianRow,
)
from desktop.usecases.common import aware, utcnow
from desktop.usecases.errors import InvalidValue, UseCaseError
from domain.messages import QT_TRANSLATE_NOOP

__all__ = ["CLIENTS", "COMPANY", "MAX_INCIDENTS", "DemoRefused", "DemoSummary", "seed_demo"]

log = logging.getLogger("fieldbook.demo")

MAX_INCIDENTS = 1_000_000


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
        files = demo_files(Path(tmp))
        blobs = [put_blob(store, *file) for file in files[:-1]]
        with store.write() as session, roomy_cache(session), _no_cycle_collector():
            _refuse_unless_empty(session)
            me, techs = insert_technicians(session)
            contracts = insert_contracts(session)
            spares = insert_parts(session, rng, now)
            plans = plan_incidents(rng, incidents, now, contracts, me, techs)
            busy = next(p for p in plans if p.busy)
            profiles: dict[str, Profile] = {}
            signing = Signatures(store)
            rows = Rows()
            for plan in plans:
                profile = profiles.get(plan.system_name)
                if profile is None:
                    profile = profile_of(plan.system_name, plan.category, spares, blobs)
                    profiles[plan.system_name] = profile
                emit_incident(rows, rng, plan, now, spares, profile, signing)
                if len(rows.entries) >= CHUNK:
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
        local_work(store, rng, [p for p in plans if p.local], spares, files[-1][0], now)
    shrink_wal(store)
    summary = _summary(store, busy.number)
    log.info("demo office ready in %.1f s: %s", time.perf_counter() - started, summary)
    return summary


@contextmanager
def _no_cycle_collector() -> Iterator[None]:
    """Python's cycle collector off while the history is made, then as it was.

    The history is millions of short-lived dicts, ids and times in no reference cycle
    (reference counting frees them), and the collector's full passes over every object
    alive took a tenth of the demo's time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _refuse_unless_empty(session: Session) -> None:
    n_incidents = session.scalar(select(func.count()).select_from(IncidentRow)) or 0
    n_clients = session.scalar(select(func.count()).select_from(ClientRow)) or 0
    if n_incidents or n_clients:
        raise DemoRefused(n_incidents, n_clients)


def _summary(store: Store, busy: str) -> DemoSummary:
    def count(session: Session, cls: type[Base]) -> int:
        return session.scalar(select(func.count()).select_from(table_of(cls))) or 0

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
