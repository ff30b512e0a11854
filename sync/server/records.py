"""Server rows as domain values (and so as wire JSON through ``plain``)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from domain.records import (
    ActionKind,
    Client,
    Contract,
    CoveredSystem,
    Entry,
    Incident,
    SlaPolicy,
    SlaTarget,
    SparePart,
    Technician,
)
from sync.protocol.records import ReportDelivery, VanStock, entry_to_plain
from sync.server.models import (
    ClientRow,
    ContractRow,
    CoveredSystemRow,
    DeliveryRow,
    IncidentRow,
    SlaTargetRow,
    SparePartRow,
    UserRow,
    VanStockRow,
)


def technician(row: UserRow) -> Technician:
    return Technician(id=row.id, name=row.name, username=row.username)


def client(row: ClientRow) -> Client:
    return Client(
        id=row.id, name=row.name, language=row.language, address=row.address, email=row.email
    )


def delivery(row: DeliveryRow) -> ReportDelivery:
    return ReportDelivery(
        id=row.id,
        incident_id=row.incident_id,
        address=row.address,
        requested_at=row.requested_at,
        sent_at=row.sent_at,
        attempts=row.attempts,
        last_error=row.last_error,
    )


def _minutes(value: int | None) -> timedelta | None:
    return None if value is None else timedelta(minutes=value)


def contract(row: ContractRow, targets: Iterable[SlaTargetRow]) -> Contract:
    policy = SlaPolicy(
        targets={
            t.priority: SlaTarget(
                respond=_minutes(t.respond_minutes), resolve=_minutes(t.resolve_minutes)
            )
            for t in targets
        },
        pause_allowed=row.pause_allowed,
    )
    return Contract(
        id=row.id,
        client_id=row.client_id,
        number=row.number,
        policy=policy,
        exclusions=frozenset(ActionKind(k) for k in row.exclusions),
        time_zone=row.time_zone,
    )


def system(row: CoveredSystemRow) -> CoveredSystem:
    return CoveredSystem(
        id=row.id,
        contract_id=row.contract_id,
        name=row.name,
        category=row.category,
        location=row.location,
    )


def part(row: SparePartRow) -> SparePart:
    return SparePart(id=row.id, part_number=row.part_number, description=row.description)


def van_stock(row: VanStockRow) -> VanStock:
    return VanStock(part_id=row.part_id, on_hand=row.on_hand, as_of=row.as_of)


#: The incident's fields, which its row's columns share by name (the one mapping).
_INCIDENT_FIELDS = tuple(f.name for f in dataclasses.fields(Incident))


def incident(row: IncidentRow) -> Incident:
    return Incident(**{name: getattr(row, name) for name in _INCIDENT_FIELDS})


def incident_columns(value: Incident) -> dict[str, Any]:
    """The row's columns for ``value`` (all but the server's own times)."""
    return {name: getattr(value, name) for name in _INCIDENT_FIELDS}


def update_incident(row: IncidentRow, value: Incident) -> None:
    """Make ``row`` hold ``value``, touching only the columns that differ."""
    for name in _INCIDENT_FIELDS:
        new = getattr(value, name)
        if getattr(row, name) != new:
            setattr(row, name, new)


def entry_body(entry: Entry) -> str:
    """The text kept in ``entries.body``: canonical JSON, as the seal writes it."""
    return canonical_json(entry_to_plain(entry))


def _canonical_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``,
    its C encoder made once instead of an encoder object a call (a push writes a
    thousand of these: 2.6 times faster). The same text: ``JSONEncoder.encode`` makes
    this very encoder, with a fresh table of containers it is inside to refuse a circular
    value; JSON read from the wire or made by ``plain`` never is."""
    encoder = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the C accelerator
        return encoder.encode
    one_shot = make(
        None,
        encoder.default,
        json.encoder.encode_basestring,
        None,
        encoder.key_separator,
        encoder.item_separator,
        encoder.sort_keys,
        encoder.skipkeys,
        encoder.allow_nan,
    )

    def canonical(value: Any) -> str:
        return "".join(one_shot(value, 0))

    return canonical


_canonical = _canonical_encoder()


def canonical_json(value: dict[str, Any]) -> str:
    """Wire JSON as kept in ``entries.body``: keys sorted, compact, UTF-8 text."""
    return _canonical(value)


def entry_json(body: str) -> dict[str, Any]:
    value = json.loads(body)
    assert isinstance(value, dict)
    return value
