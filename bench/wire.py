"""The wire reader: ``sync.protocol.records`` against pydantic's strict ``TypeAdapter``.

    .venv/bin/python bench/wire.py [--changes 10000] [--runs 5]

Two shapes, as the two ends meet them:

* a pull page of ``--changes`` entries (notes, actions, time entries, status changes,
  part usages, as the service sends them), read by the laptop: the page with
  ``PullResponse.model_validate_json`` and each change's ``data`` with
  :func:`~sync.protocol.records.entry_from_plain` (ours), against the same bytes read by
  one ``TypeAdapter`` of the page whose ``data`` is a strict, tagged union of the entry
  dataclasses (``validate_json``, strict mode);
* push bodies (1,000 notes each, the most a push carries), read by the service:
  ``PushRequest`` then ``entry_from_plain`` per payload, against one strict
  ``TypeAdapter`` of the body.

Then the edge cases: each value below is refused by our reader; the table says whether
strict pydantic refuses it too. Prints medians of ``--runs`` runs and the ratio
ours / pydantic (above 1: pydantic is faster).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
import types
import typing
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.ids import new_id  # noqa: E402
from domain.records import (  # noqa: E402
    ENTRY_TYPES,
    Action,
    ActionKind,
    ActionResult,
    DiagnosticNote,
    Entry,
    PartUsage,
    Status,
    StatusChange,
    TimeEntry,
    TimeKind,
)
from sync.protocol.messages import PullResponse, PushRequest  # noqa: E402
from sync.protocol.records import (  # noqa: E402
    MAX_TEXT,
    InvalidRecord,
    MutationName,
    entry_from_plain,
    entry_to_plain,
)

STRICT = ConfigDict(strict=True, extra="forbid")


_S = Annotated[str, StringConstraints(max_length=MAX_TEXT, pattern=r"^[^\x00]*$")]
_I = Annotated[int, Field(ge=-(2**53), le=2**53)]
_D = Annotated[AwareDatetime, AfterValidator(lambda d: d.astimezone(UTC))]
_TD = Annotated[int, AfterValidator(lambda n: timedelta(seconds=n))]
_MAPPED: dict[Any, Any] = {str: _S, int: _I, datetime: _D, timedelta: _TD}


def _keep_refusals(tp: Any) -> Any:
    """``tp`` with our reader's refusals added (text length and NUL, 2^53, time zone)."""
    if tp in _MAPPED:
        return _MAPPED[tp]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(_keep_refusals(a) for a in args)]  # noqa: UP007
    if origin is tuple:
        return tuple[tuple(_keep_refusals(a) if a is not Ellipsis else a for a in args)]  # type: ignore[misc]
    return tp


def _strict_entries(keep_refusals: bool) -> Any:
    """The entry dataclasses, strict and closed, as one union tagged by ``kind``.

    The domain's dataclasses carry no pydantic config (the domain is standard library
    only), and ``kind`` is a class constant, not a field: each type is read through a
    strict copy made here with a ``kind`` literal added. ``keep_refusals``: the copy's
    fields also refuse what our reader refuses and pydantic's strict mode lets through.
    """
    tagged = []
    for kind, cls in ENTRY_TYPES.items():
        fields: list[tuple[str, Any, Any]] = [("kind", Literal[kind], dataclasses.field())]
        for f in dataclasses.fields(cls):
            default: Any = dataclasses.field()
            if f.default is not dataclasses.MISSING:
                default = dataclasses.field(default=f.default)
            hint = typing.get_type_hints(cls)[f.name]
            fields.append((f.name, _keep_refusals(hint) if keep_refusals else hint, default))
        copy = dataclasses.make_dataclass(f"Wire{cls.__name__}", fields, kw_only=True)
        copy.__pydantic_config__ = STRICT  # type: ignore[attr-defined]
        tagged.append(copy)
    union: Any = typing.Union[tuple(tagged)]  # noqa: UP007 - built at run time
    return Annotated[union, Field(discriminator="kind")]


def to_domain(value: Any) -> Entry:
    """A validated copy as the domain's entry (what our reader hands back)."""
    cls = ENTRY_TYPES[value.kind]
    return cls(**{f.name: getattr(value, f.name) for f in dataclasses.fields(cls)})


if typing.TYPE_CHECKING:
    WireEntry = Any
    KeptEntry = Any
else:
    WireEntry = _strict_entries(False)
    KeptEntry = _strict_entries(True)


class StrictChange(BaseModel):
    model_config = STRICT
    kind: str
    op: str
    id: uuid.UUID
    data: WireEntry | None = None
    order: int | None = None
    received_at: datetime | None = None


class StrictPage(BaseModel):
    model_config = STRICT
    reset: bool
    changes: list[StrictChange]
    cursor: str
    has_more: bool
    server_time: datetime
    retention_days: int | None = None


class KeptChange(BaseModel):
    model_config = STRICT
    kind: str
    op: str
    id: uuid.UUID
    data: KeptEntry | None = None
    order: int | None = None
    received_at: datetime | None = None


class KeptPage(BaseModel):
    model_config = STRICT
    reset: bool
    changes: list[KeptChange]
    cursor: str
    has_more: bool
    server_time: datetime
    retention_days: int | None = None


class StrictMutation(BaseModel):
    model_config = STRICT
    seq: int
    name: str
    payload: WireEntry


class StrictPush(BaseModel):
    model_config = STRICT
    client_id: uuid.UUID
    mutations: list[StrictMutation]


def entries(n: int) -> list[Entry]:
    now = datetime.now(UTC)
    incident = new_id()
    made: list[Entry] = []
    for i in range(n):
        base: dict[str, Any] = {
            "id": new_id(),
            "incident_id": incident,
            "recorded_at": now,
            "author_id": None,
        }
        k = i % 20
        if k < 12:
            made.append(DiagnosticNote(**base, text=f"check {i}: nvme0 I/O timeout 检查 " * 3))
        elif k < 16:
            made.append(
                Action(
                    **base,
                    action_kind=ActionKind.RESTART,
                    description="restarted the listener",
                    result=ActionResult.SUCCEEDED,
                )
            )
        elif k < 18:
            made.append(
                TimeEntry(
                    **base,
                    time_kind=TimeKind.ON_SITE,
                    started_at=now - timedelta(hours=1),
                    ended_at=now,
                )
            )
        elif k < 19:
            made.append(StatusChange(**base, from_status=Status.NEW, to_status=Status.RESPONDED))
        else:
            made.append(PartUsage(**base, part_id=new_id(), quantity=2))
    return made


def page_bytes(made: list[Entry]) -> bytes:
    now = datetime.now(UTC).isoformat()
    changes = [
        {
            "kind": "entry",
            "op": "put",
            "id": str(e.id),
            "data": entry_to_plain(e),
            "order": i,
            "received_at": now,
        }
        for i, e in enumerate(made)
    ]
    page = {"reset": False, "changes": changes, "cursor": "x", "has_more": False}
    return json.dumps({**page, "server_time": now}, ensure_ascii=False).encode()


def push_bodies(made: list[Entry]) -> list[bytes]:
    notes = [e for e in made if isinstance(e, DiagnosticNote)]
    client = str(uuid.uuid4())
    return [
        json.dumps(
            {
                "client_id": client,
                "mutations": [
                    {"seq": i + k + 1, "name": MutationName.ENTRY_ADD, "payload": entry_to_plain(e)}
                    for k, e in enumerate(notes[i : i + 1000])
                ],
            },
            ensure_ascii=False,
        ).encode()
        for i in range(0, len(notes), 1000)
    ]


def ours_page(raw: bytes) -> int:
    page = PullResponse.model_validate_json(raw)
    return len([entry_from_plain(c.data) for c in page.changes])


def envelope(raw: bytes) -> int:
    """The page alone, ``data`` left as JSON objects (what ours reads after it)."""
    return len(PullResponse.model_validate_json(raw).changes)


PAGE = TypeAdapter(StrictPage)
PUSH = TypeAdapter(StrictPush)


def pydantic_page(raw: bytes) -> int:
    return len(PAGE.validate_json(raw, strict=True).changes)


KEPT = TypeAdapter(KeptPage)
KEPT_ENTRY = TypeAdapter(KeptEntry)


def kept_page(raw: bytes) -> int:
    """Strict pydantic with our refusals kept, each entry made a domain record."""
    page = KEPT.validate_json(raw, strict=True)
    return len([to_domain(c.data) for c in page.changes])


def ours_push(bodies: list[bytes]) -> int:
    n = 0
    for raw in bodies:
        request = PushRequest.model_validate_json(raw)
        n += len([entry_from_plain(m.payload) for m in request.mutations])
    return n


def pydantic_push(bodies: list[bytes]) -> int:
    return sum(len(PUSH.validate_json(raw, strict=True).mutations) for raw in bodies)


def timed(fn: Callable[[], int], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


#: Values our reader refuses in a note, and why: does strict pydantic refuse them too?
def edge_cases() -> dict[str, dict[str, Any]]:
    note = entry_to_plain(
        DiagnosticNote(
            id=new_id(),
            incident_id=new_id(),
            recorded_at=datetime.now(UTC),
            author_id=None,
            text="x",
        )
    )
    swap_time = entry_to_plain(
        TimeEntry(
            id=new_id(),
            incident_id=new_id(),
            recorded_at=datetime.now(UTC),
            author_id=None,
            time_kind=TimeKind.TRAVEL,
            started_at=datetime.now(UTC),
            ended_at=datetime.now(UTC),
        )
    )
    usage = entry_to_plain(
        PartUsage(
            id=new_id(),
            incident_id=new_id(),
            recorded_at=datetime.now(UTC),
            author_id=None,
            part_id=new_id(),
            quantity=1,
        )
    )
    cases = {
        "naive time": {**note, "recorded_at": "2026-01-01T10:00:00"},
        "NUL in text": {**note, "text": "a\x00b"},
        "lone surrogate": {**note, "text": "\ud800"},
        "text over 200,000 chars": {**note, "text": "x" * 200_001},
        "integer above 2^53": {**usage, "quantity": 2**53 + 1},
        "unknown field": {**note, "colour": "red"},
        "number as text": {**usage, "quantity": "1"},
        "time as a number": {**swap_time, "started_at": 1_700_000_000},
    }
    out = {}
    for name, value in cases.items():
        try:
            entry_from_plain(value)
            ours = "accepted"
        except InvalidRecord:
            ours = "refused"
        raw = json.dumps(value).encode("utf-8", "surrogatepass")
        try:
            TypeAdapter(WireEntry).validate_json(raw, strict=True)
            theirs = "accepted"
        except ValidationError:
            theirs = "refused"
        try:
            KEPT_ENTRY.validate_json(raw, strict=True)
            kept = "accepted"
        except ValidationError:
            kept = "refused"
        out[name] = {"ours": ours, "pydantic_strict": theirs, "pydantic_kept": kept}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    made = entries(args.changes)
    raw = page_bytes(made)
    bodies = push_bodies(made)
    assert ours_page(raw) == pydantic_page(raw) == kept_page(raw) == args.changes
    assert ours_push(bodies) == pydantic_push(bodies)
    page_ours = timed(lambda: ours_page(raw), args.runs)
    page_pyd = timed(lambda: pydantic_page(raw), args.runs)
    page_envelope = timed(lambda: envelope(raw), args.runs)
    page_kept = timed(lambda: kept_page(raw), args.runs)
    push_ours = timed(lambda: ours_push(bodies), args.runs)
    push_pyd = timed(lambda: pydantic_push(bodies), args.runs)
    notes = sum(1 for e in made if isinstance(e, DiagnosticNote))
    result = {
        "changes": args.changes,
        "page_mb": round(len(raw) / 1e6, 2),
        "page_ours_ms": round(page_ours * 1000, 1),
        "page_pydantic_ms": round(page_pyd * 1000, 1),
        "page_ratio": round(page_ours / page_pyd, 2),
        "page_kept_ms": round(page_kept * 1000, 1),
        "page_kept_ratio": round(page_ours / page_kept, 2),
        "page_envelope_ms": round(page_envelope * 1000, 1),
        "reader_alone_ms": round((page_ours - page_envelope) * 1000, 1),
        "page_ours_per_s": round(args.changes / page_ours),
        "push_mutations": notes,
        "push_ours_ms": round(push_ours * 1000, 1),
        "push_pydantic_ms": round(push_pyd * 1000, 1),
        "push_ratio": round(push_ours / push_pyd, 2),
        "edge_cases": edge_cases(),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
