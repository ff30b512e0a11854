"""Reading what a push's mutations refer to, in a few queries, before any is judged.

:func:`preload` gathers the ids, numbers and hashes the payloads name and fills the
:class:`~sync.server.batch.Batch` with the rows: the incidents (locked ``FOR NO KEY
UPDATE`` in id order, so two pushes on one incident queue and never deadlock), their
sign-offs and voids, the entries named, parts, contracts, systems, taken numbers, and
the blobs complete here and held by the caller.
"""

from __future__ import annotations

import contextlib
import typing
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, Table, Text, bindparam, func, select

from domain.records import Entry, PartUsage, SignOff, Status
from domain.status import SEALED_STATES
from sync.protocol.records import InvalidRecord, MutationName, entry_from_plain
from sync.server import records
from sync.server.batch import SHA256, Batch, Known
from sync.server.models import (
    BlobHolderRow,
    BlobRow,
    ContractRow,
    CoveredSystemRow,
    EntryRow,
    IncidentRow,
    SparePartRow,
)

#: Statuses in which an incident can have a sign-off (or be about to get one).
_SIGNABLE = frozenset({Status.RESOLVED, *SEALED_STATES})


def _ids() -> BindParameter[Any]:
    return bindparam("ids", expanding=True)


# Built once: every push runs them (a statement built anew is compiled and keyed anew).
# Locked in id order: two pushes touching the same incidents cannot deadlock. FOR NO KEY
# UPDATE: pushes on one incident queue up, yet inserting an entry elsewhere (its foreign
# key takes KEY SHARE) is never blocked.
_INCIDENTS = (
    select(IncidentRow)
    .where(IncidentRow.id.in_(_ids()))
    .order_by(IncidentRow.id)
    .with_for_update(key_share=True)
)
_E = typing.cast(Table, EntryRow.__table__)


def _entry_statements(
    among: Callable[[ColumnElement[Any]], ColumnElement[bool]],
) -> tuple[Select[Any], Select[Any]]:
    """The entries with the ids asked about, and the voids of any of them."""
    return (
        select(_E.c.id, _E.c.incident_id, _E.c.kind, _E.c.body, _E.c.author_id).where(
            among(_E.c.id)
        ),
        select(_E.c.voided_id, _E.c.id).where(among(_E.c.voided_id)),
    )


#: A push of a thousand entries asks about a thousand ids. On SQLite they go as one
#: parameter, a JSON array of the ids as stored, read back by ``json_each``: a list of
#: a thousand parameters was rendered into the statement (and each converted) every
#: push, 5 times the time of the queries. Elsewhere a list (``IN``, expanded).
_JSON_IDS = func.json_each(bindparam("ids", type_=Text)).table_valued("value")
_ENTRIES_JSON, _VOIDS_JSON = _entry_statements(lambda c: c.in_(select(_JSON_IDS.c.value)))
_ENTRIES, _VOIDS = _entry_statements(lambda c: c.in_(_ids()))
_PARTS = select(SparePartRow.id).where(SparePartRow.id.in_(_ids()))
_CONTRACTS = select(ContractRow).where(ContractRow.id.in_(_ids()))
_SYSTEMS = select(CoveredSystemRow).where(CoveredSystemRow.id.in_(_ids()))


def preload(batch: Batch, payloads: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Fill ``batch`` with what the ``(name, payload)`` mutations refer to."""
    incident_ids: set[uuid.UUID] = set()
    signing: set[uuid.UUID] = set()
    entry_ids: set[uuid.UUID] = set()
    part_ids: set[uuid.UUID] = set()
    contract_ids: set[uuid.UUID] = set()
    system_ids: set[uuid.UUID] = set()
    numbers: set[str] = set()
    shas: set[str] = set()
    for name, payload in payloads:
        if name == MutationName.INCIDENT_CREATE:
            _add_id(incident_ids, payload.get("id"))
            _add_id(contract_ids, payload.get("contract_id"))
            _add_id(system_ids, payload.get("system_id"))
            if isinstance(payload.get("number"), str):
                numbers.add(payload["number"])
            continue
        entry = _entry(batch, name, payload)
        if entry is not None:  # its ids read already (the same as the texts' below)
            incident_ids.add(entry.incident_id)
            if entry.kind == SignOff.kind:
                signing.add(entry.incident_id)
            entry_ids.add(entry.id)
        else:
            _add_id(incident_ids, payload.get("incident_id"))
            if payload.get("kind") == SignOff.kind:
                _add_id(signing, payload.get("incident_id"))
            _add_id(entry_ids, payload.get("id"))
        for key in ("voided_id", "note_id"):
            _add_id(entry_ids, payload.get(key))
        _add_id(part_ids, payload.get("part_id"))
        sealed = payload.get("sealed_entry_ids")
        if isinstance(sealed, list):
            for value in sealed[:10_000]:
                _add_id(entry_ids, value)
        for key in ("sha256", "signature_sha256"):
            sha = payload.get(key)
            if isinstance(sha, str) and SHA256.match(sha):
                shas.add(sha)
    s = batch.session
    if incident_ids:
        _load_incidents(batch, incident_ids, signing)
    if entry_ids:
        _load_entries(batch, entry_ids)
    if part_ids:
        batch.parts = set(s.scalars(_PARTS, {"ids": list(part_ids)}))
    contract_ids |= {row.contract_id for row in batch.incidents.values()}
    if contract_ids:
        rows_c = s.scalars(_CONTRACTS, {"ids": list(contract_ids)})
        batch.contracts = {r.id: r for r in rows_c}
        batch.pausable = {r.id: r.pause_allowed for r in batch.contracts.values()}
    if system_ids:
        rows_s = s.scalars(_SYSTEMS, {"ids": list(system_ids)})
        batch.systems = {r.id: r for r in rows_s}
    if numbers:
        batch.numbers = set(
            s.scalars(select(IncidentRow.number).where(IncidentRow.number.in_(numbers)))
        )
    if shas:
        batch.blobs = dict(
            s.execute(
                select(BlobRow.sha256, BlobRow.size).where(
                    BlobRow.sha256.in_(shas), BlobRow.complete
                )
            ).all()
        )
        batch.held = set(
            s.scalars(
                select(BlobHolderRow.sha256).where(
                    BlobHolderRow.sha256.in_(shas),
                    BlobHolderRow.user_id == batch.caller.user_id,
                )
            )
        )


def _load_incidents(batch: Batch, incident_ids: set[uuid.UUID], signing: set[uuid.UUID]) -> None:
    s = batch.session
    # Locked in id order: two pushes touching the same incidents cannot deadlock.
    rows = s.scalars(_INCIDENTS, {"ids": sorted(incident_ids)})
    batch.incidents = {r.id: r for r in rows}
    signable = [i for i, r in batch.incidents.items() if r.status in _SIGNABLE]
    if signable:
        for incident_id, body in s.execute(
            select(EntryRow.incident_id, EntryRow.body).where(
                EntryRow.incident_id.in_(signable), EntryRow.kind == SignOff.kind
            )
        ):
            value = entry_from_plain(records.entry_json(body))
            assert isinstance(value, SignOff)
            batch.sign_offs[incident_id] = value
    signing = {i for i in signing if i in batch.incidents}
    if signing:
        for incident_id, voided_id, void_id in s.execute(
            select(EntryRow.incident_id, EntryRow.voided_id, EntryRow.id).where(
                EntryRow.incident_id.in_(signing), EntryRow.voided_id.is_not(None)
            )
        ):
            if voided_id is not None:
                batch.incident_voids.setdefault(incident_id, {})[voided_id] = void_id


def _load_entries(batch: Batch, entry_ids: set[uuid.UUID]) -> None:
    s = batch.session
    entries, voids = _ENTRIES, _VOIDS
    ids: dict[str, Any] = {"ids": list(entry_ids)}
    dialect = s.get_bind().dialect
    if dialect.name == "sqlite":
        entries, voids = _ENTRIES_JSON, _VOIDS_JSON
        stored = _E.c.id.type.dialect_impl(dialect).bind_processor(dialect)
        assert stored is not None  # SQLite keeps a UUID as its 32 hex digits
        # A JSON array of texts that need no escaping (hex digits, perhaps dashes).
        ids["ids"] = '["' + '","'.join([stored(i) for i in entry_ids]) + '"]'
    for row in s.execute(entries, ids):
        known = Known(row.incident_id, row.kind, row.body, row.author_id)
        if row.kind == PartUsage.kind:
            body = records.entry_json(row.body)
            known.part_id, known.quantity = uuid.UUID(body["part_id"]), body["quantity"]
        batch.known[row.id] = known
    for voided_id, void_id in s.execute(voids, ids):
        if voided_id is not None:
            batch.voided[voided_id] = void_id


def _entry(batch: Batch, name: str, payload: dict[str, Any]) -> Entry | None:
    """The entry an entry's or a status change's payload reads as (kept for the judge),
    or None: what does not read is refused by the judge, before it asks about anything."""
    if name not in (MutationName.ENTRY_ADD, MutationName.INCIDENT_STATUS):
        return None
    try:
        return batch.read_entry(payload)
    except InvalidRecord:
        return None


def _add_id(into: set[uuid.UUID], value: object) -> None:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            into.add(uuid.UUID(value))
