"""Sealing: a canonical serialisation of an incident with its entries, and its SHA-256.

The client's signature seals what was signed. The report prints the hash, so anyone can
later check a report against the record. The bytes must therefore be the same on every
run and platform:

* JSON, keys sorted, no insignificant whitespace, UTF-8 (not ``\\u`` escapes);
* text normalised to Unicode NFC (the same name typed on macOS and Windows hashes alike);
* times in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; naive times are refused;
* ids as lowercase hyphenated UUIDs, enums as their values, durations as whole seconds;
* no floating-point numbers at all;
* entries ordered by (recorded time, id), each tagged with its kind.

Changing any of this changes every hash: bump :data:`SEAL_FORMAT` when you must, and keep
every older format verifiable (a signed report lives for years). The formats:

* ``fieldbook-seal/1``: the incident with every field, the entries with the fields they
  had then (no ``reason`` on a status change; no priority or assignment entries).
* ``fieldbook-seal/2`` (now): the incident *without* ``assigned_to``. Who works on an
  incident is dispatch's decision, not something the client signed: a signed incident
  may go to another technician (to collect a temporary part, say) and its seal still
  holds on the new holder's laptop. A version-1 seal covers the assignee, so the
  service refuses to reassign an incident sealed that way (:mod:`domain.rules`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import keyword
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

from domain.ids import new_id
from domain.records import (
    SEALABLE_ENTRY_TYPES,
    Entry,
    Incident,
    PriorityChange,
    Reassignment,
    Refusal,
    SignOff,
    SignOffOutcome,
    Status,
    StatusChange,
    Stroke,
)

SEAL_FORMAT_V1 = "fieldbook-seal/1"
SEAL_FORMAT_V2 = "fieldbook-seal/2"
#: The format new seals are made in.
SEAL_FORMAT = SEAL_FORMAT_V2
#: Every format this code can rebuild (and so verify).
SEAL_FORMATS = frozenset({SEAL_FORMAT_V1, SEAL_FORMAT_V2})
#: Incident fields a format leaves out of what it seals.
_INCIDENT_LEFT_OUT = {SEAL_FORMAT_V1: (), SEAL_FORMAT_V2: ("assigned_to",)}
#: Entry fields added after format 1, by entry kind; a version-1 seal never covers them.
_ADDED_AFTER_V1 = {"status": ("reason",)}
#: Entry kinds that did not exist in format 1.
_KINDS_AFTER_V1 = frozenset({"priority", "assignment"})


def _canonical_value(value: Any) -> Any:
    # What a value becomes depends only on its type: the conversion of each type is looked
    # up once (in the order below, which decides for types that are several things at
    # once, such as an enum of strings) and kept. Sealing a hundred thousand incidents
    # spends most of its time here.
    convert = _CONVERTERS.get(type(value))
    if convert is None:
        convert = _CONVERTERS[type(value)] = _converter(type(value))
    return convert(value)


def _converter(kind: type) -> Callable[[Any], Any]:
    """The conversion of values of type ``kind``."""
    if kind is type(None) or issubclass(kind, bool | int):
        return _same
    if issubclass(kind, Enum):
        return _enum
    if issubclass(kind, str):
        return _text
    if issubclass(kind, uuid.UUID):
        return str
    if issubclass(kind, datetime):
        return _time
    if issubclass(kind, timedelta):
        return _duration
    if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        return _record(tuple(f.name for f in dataclasses.fields(kind)))
    if issubclass(kind, Mapping):
        return _mapping
    if issubclass(kind, frozenset | set):
        return _set
    if issubclass(kind, list | tuple):
        return _sequence
    return _refuse


_CONVERTERS: dict[type, Callable[[Any], Any]] = {}


def _same(value: Any) -> Any:
    return value


def _enum(value: Enum) -> Any:
    return _canonical_value(value.value)


def _text(value: str) -> str:
    # ASCII text is NFC already (and checking is cheaper than normalising).
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def _time(value: datetime) -> str:
    if value.tzinfo is UTC:  # most times: the same text without converting first
        return value.isoformat(timespec="microseconds")[:-6] + "Z"  # "+00:00" → "Z"
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"cannot seal a time without a time zone: {value!r}")
    # isoformat, not strftime: strftime("%Y") leaves years before 1000 unpadded on some
    # platforms and Python versions, and the bytes must not depend on either.
    utc = value.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"


def _duration(value: timedelta) -> int:
    if value % _SECOND:
        raise ValueError(f"cannot seal a duration with a fraction of a second: {value}")
    return value // _SECOND


_SECOND = timedelta(seconds=1)


def _record(names: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    # One dict display per record type, made once (as dataclasses makes its __init__):
    # a third of the time of a loop over the names with getattr.
    items = ", ".join(f"{name!r}: convert(value.{name})" for name in _identifiers(names))
    return _compiled(f"def record(value):\n    return {{{items}}}", convert=_canonical_value)


def _identifiers(names: Iterable[str]) -> list[str]:
    """``names``, checked to be attribute names (they go into generated source)."""
    checked = list(names)
    for name in checked:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"not a field name: {name!r}")
    return checked


def _compiled(source: str, **names: Any) -> Callable[..., Any]:
    """The one function defined by ``source``, which sees only ``names``."""
    scope: dict[str, Any] = dict(names)
    exec(source, scope)  # source made above from checked field names
    (function,) = (v for k, v in scope.items() if k not in names and k != "__builtins__")
    return function  # type: ignore[no-any-return]


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(_canonical_value(k)): _canonical_value(v) for k, v in value.items()}


def _set(value: frozenset[Any] | set[Any]) -> list[Any]:
    return sorted(_canonical_value(v) for v in value)


def _sequence(value: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [_canonical_value(v) for v in value]


def _refuse(value: Any) -> Any:
    raise TypeError(f"cannot seal a value of type {type(value).__name__}")


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data, exactly as it is sealed (also used on the wire)."""
    return _canonical_value(value)


def _check_format(seal_format: str) -> None:
    if seal_format not in SEAL_FORMATS:
        raise ValueError(f"unknown seal format {seal_format!r}")


def _incident_document(incident: Incident, seal_format: str) -> dict[str, Any]:
    document: dict[str, Any] = _canonical_value(incident)
    for name in _INCIDENT_LEFT_OUT[seal_format]:
        del document[name]
    return document


def _entry_document(entry: Entry, seal_format: str) -> dict[str, Any]:
    document: dict[str, Any] = {"kind": entry.kind, **_canonical_value(entry)}
    if seal_format == SEAL_FORMAT_V1:
        if entry.kind in _KINDS_AFTER_V1:
            raise ValueError(f"a {entry.kind} entry cannot be sealed as {seal_format}")
        for name in _ADDED_AFTER_V1.get(entry.kind, ()):
            if document.pop(name, "") not in ("", None):
                raise ValueError(f"{entry.kind}.{name} cannot be sealed as {seal_format}")
    return document


def canonical_bytes(
    incident: Incident, entries: Iterable[Entry], seal_format: str = SEAL_FORMAT
) -> bytes:
    """The exact bytes that are hashed to seal ``incident`` with ``entries``."""
    _check_format(seal_format)
    ordered = sorted(entries, key=lambda e: (e.recorded_at.astimezone(UTC), e.id))
    for entry in ordered:
        if entry.incident_id != incident.id:
            raise ValueError(f"entry {entry.id} belongs to another incident")
        if entry.kind not in SEALABLE_ENTRY_TYPES:
            raise ValueError(f"a {entry.kind} entry is never part of what a seal covers")
    text = _written(incident, ordered, seal_format) if seal_format != SEAL_FORMAT_V1 else None
    if text is not None:
        return text.encode("utf-8")
    document = {
        "format": seal_format,
        "incident": _incident_document(incident, seal_format),
        "entries": [_entry_document(e, seal_format) for e in ordered],
    }
    return _dumps(document).encode("utf-8")


def _dumps(document: Any) -> str:
    """The canonical JSON text of a document: the definition of the bytes."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# --- the same text, written directly ------------------------------------------------
#
# ``_dumps`` of the documents above defines the bytes; for the current format the text is
# written here without building the documents (sealing a hundred thousand demo
# incidents spent most of its time on them). Every key is written in sorted order, and
# each value's text is looked up by its type, like ``_canonical_value``: None, bools,
# ints, text, ids, times and enums directly, anything else through ``_canonical_value``
# and ``_dumps`` (json writes a value alone exactly as it writes it inside a larger
# document when there is no indent). tests/domain/test_seal_same_bytes.py holds both
# ways to the first implementation.


def _written(incident: Any, ordered: list[Entry], seal_format: str) -> str | None:
    """The text ``_dumps`` makes of the document of ``incident`` with ``ordered``; None
    when a record is not a dataclass (the documents say what becomes of it)."""
    if not all(map(dataclasses.is_dataclass, map(type, (incident, *ordered)))):
        return None
    kind = type(incident)
    write_incident = _RECORD_WRITERS.get((kind, seal_format))
    if write_incident is None:
        left_out = _INCIDENT_LEFT_OUT[seal_format]
        write_incident = _record_writer(kind, left_out, kind_text=None)
        _RECORD_WRITERS[(kind, seal_format)] = write_incident
    incident_text = write_incident(incident, None)  # first, as the documents are made
    # Every entry's incident_id equals incident.id (checked): the same text when both are
    # plain UUIDs, written once.
    same_id: str | None = None
    if type(incident.id) is uuid.UUID and all(type(e.incident_id) is uuid.UUID for e in ordered):
        same_id = _uuid_text(incident.id)
    texts = []
    for entry in ordered:
        write = _RECORD_WRITERS.get((type(entry), ""))
        if write is None:
            write = _record_writer(type(entry), (), kind_text=_text_json(entry.kind))
            _RECORD_WRITERS[(type(entry), "")] = write
        texts.append(write(entry, same_id))
    return (
        f'{{"entries":[{",".join(texts)}],"format":{_text_json(seal_format)},'
        f'"incident":{incident_text}}}'
    )


#: Writers of records by (type, seal format); entries under "" (all formats alike).
_RECORD_WRITERS: dict[tuple[type, str], Callable[[Any, str | None], str]] = {}


def _record_writer(
    kind: type, left_out: tuple[str, ...], kind_text: str | None
) -> Callable[[Any, str | None], str]:
    """A function writing a record of type ``kind`` as ``_dumps`` writes its document:
    its fields but ``left_out``, with ``"kind"`` set to ``kind_text`` (JSON) if given.

    Its second argument, when not None, is the text of the record's ``incident_id``.
    Every field is converted in field order, the ones left out too (as the documents
    are made: the value refused first is the same), then written in key order.
    """
    names = _identifiers(f.name for f in dataclasses.fields(kind))
    for name in left_out:
        if name not in names:
            raise KeyError(name)  # as ``del document[name]`` would
    lines = ["def record(value, incident_id):"]
    texts: dict[str, str] = {}  # key -> the expression of its JSON text
    for number, name in enumerate(names):
        if name == "incident_id":
            lines.append(f"    v{number} = incident_id or write(value.incident_id)")
        else:
            lines.append(f"    v{number} = write(value.{name})")
        if name not in left_out:
            texts[name] = f"v{number}"
    if kind_text is not None and "kind" not in texts:  # {"kind": ..., **fields}
        texts["kind"] = "kind_text"
    pieces: dict[str, str] = {}
    parts: list[str] = []
    for number, key in enumerate(sorted(texts)):
        pieces[f"k{number}"] = ("," if number else "{") + _text_json(key) + ":"
        parts.append(f"{{k{number}}}{{{texts[key]}}}")
    parts.append("}}" if texts else "{{}}")
    lines.append(f"    return f'{''.join(parts)}'")
    return _compiled("\n".join(lines), write=_json_text, kind_text=kind_text, **pieces)


def _json_text(value: Any) -> str:
    """``_dumps(_canonical_value(value))``."""
    write = _WRITERS.get(type(value))
    if write is None:
        write = _WRITERS[type(value)] = _writer(type(value))
    return write(value)


def _writer(kind: type) -> Callable[[Any], str]:
    """How a value of type ``kind`` is written; ``_by_document`` where no shortcut is sure."""
    if kind is type(None):
        return lambda _: "null"
    if kind is bool:
        return lambda value: "true" if value else "false"
    if kind is int:
        return int.__repr__  # as json writes ints (and int subclasses)
    if kind is str:
        return _text_json
    if kind is uuid.UUID:
        return _uuid_text
    if kind is datetime:
        return _time_text
    if issubclass(kind, Enum):
        return _enum_writer()
    return _by_document


def _by_document(value: Any) -> str:
    return _dumps(_canonical_value(value))


#: json's own writer of a string (ensure_ascii=False): quotes and escapes.
_quoted: Callable[[str], str] = json.encoder.encode_basestring


def _text_json(value: str) -> str:
    return _quoted(_text(value))


def _uuid_text(value: uuid.UUID) -> str:
    return '"' + str(value) + '"'


def _time_text(value: datetime) -> str:
    return '"' + _time(value) + '"'


def _enum_writer() -> Callable[[Enum], str]:
    """Enum members written once each (a member is one object for good: kept by id)."""
    written: dict[int, tuple[Enum, str]] = {}

    def write(value: Enum) -> str:
        kept = written.get(id(value))
        if kept is None or kept[0] is not value:
            kept = written[id(value)] = (value, _by_document(value))
        return kept[1]

    return write


_WRITERS: dict[type, Callable[[Any], str]] = {}


def seal_hash(incident: Incident, entries: Iterable[Entry], seal_format: str = SEAL_FORMAT) -> str:
    """SHA-256 of :func:`canonical_bytes`, as 64 lowercase hex digits."""
    return hashlib.sha256(canonical_bytes(incident, entries, seal_format)).hexdigest()


# --- checking a seal later ----------------------------------------------------------

#: Hex digits kept of each item digest in a manifest: 64 bits, enough to tell items apart.
_ITEM_DIGITS = 16


def _digest(document: Any) -> str:
    return hashlib.sha256(_dumps(document).encode("utf-8")).hexdigest()[:_ITEM_DIGITS]


def seal_manifest(
    incident: Incident, entries: Iterable[Entry], seal_format: str = SEAL_FORMAT
) -> dict[str, str]:
    """A short digest of each sealed item, to say *what* differs when a seal does not match.

    Keys are ``incident.<field>`` for every field of the incident and ``entry.<id>`` for
    each entry. The digests reveal nothing of the content (each mixes in the incident id
    and the entry's random id), so a brief report can carry the manifest of details it
    does not print.
    """
    _check_format(seal_format)
    incident_doc = _incident_document(incident, seal_format)
    manifest = {
        f"incident.{name}": _digest([incident_doc["id"], name, value])
        for name, value in incident_doc.items()
    }
    for entry in entries:
        manifest[f"entry.{entry.id}"] = _digest(_entry_document(entry, seal_format))
    return manifest


@dataclass(frozen=True, slots=True)
class Difference:
    """One item that differs between a manifest and the record."""

    what: str  # "incident" or "entry"
    key: str  # the incident's field name, or the entry's id
    change: str  # "changed", "missing" (in the record) or "added" (to the record)


def compare_manifests(sealed: Mapping[str, str], current: Mapping[str, str]) -> list[Difference]:
    """What differs between the manifest of what was sealed and that of the record now."""
    found: list[Difference] = []
    for key in sorted(sealed.keys() | current.keys()):
        what, _, name = key.partition(".")
        if key not in current:
            found.append(Difference(what, name, "missing"))
        elif key not in sealed:
            found.append(Difference(what, name, "added"))
        elif sealed[key] != current[key]:
            found.append(Difference(what, name, "changed"))
    return found


# --- signing: what a sign-off seals, and splitting a record at it ---------------


def new_sign_off(
    incident: Incident,
    entries: Sequence[Entry],
    *,
    recorded_at: datetime,
    author_id: uuid.UUID | None,
    outcome: SignOffOutcome | None,
    refusal: Refusal | None,
    signer_name: str,
    signer_role: str,
    comment: str,
    reason: str,
    strokes: tuple[Stroke, ...],
    signature_sha256: str | None,
) -> SignOff:
    """The sign-off sealing ``incident`` as signed (status "resolved") with ``entries``,
    every entry recorded on it until now. Checks nothing else: the use cases above do.
    """
    if incident.status is not Status.RESOLVED:
        raise ValueError(f"{incident.number} is {incident.status}, not resolved: cannot seal")
    return SignOff(
        id=new_id(),
        incident_id=incident.id,
        recorded_at=recorded_at,
        author_id=author_id,
        outcome=outcome,
        refusal=refusal,
        signer_name=signer_name,
        signer_role=signer_role,
        comment=comment,
        reason=reason,
        strokes=strokes,
        signature_sha256=signature_sha256,
        seal=seal_hash(incident, entries),
        seal_format=SEAL_FORMAT,
        sealed_entry_ids=tuple(e.id for e in _ordered(entries)),
    )


def _ordered(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.recorded_at, e.id))


# --- what was sealed, and checking it -----------------------------------------------


@dataclass(frozen=True, slots=True)
class SealedRecord:
    """An incident's sign-off with the record it sealed, rebuilt from the store now."""

    sign_off: SignOff
    incident: Incident  # as signed: status "resolved"
    entries: list[Entry]  # the sealed entries still found, in sealed order
    missing: tuple[uuid.UUID, ...]  # sealed entry ids no longer in the store
    addenda: list[Entry]  # recorded apart from the seal (status and dispatch entries left out)

    @property
    def verifiable(self) -> bool:
        """Can this code rebuild the seal at all (is its format known)?"""
        return self.sign_off.seal_format in SEAL_FORMATS

    def recomputed_seal(self) -> str:
        """The seal of the record as it is now, in the sign-off's own format."""
        return seal_hash(self.incident, self.entries, self.sign_off.seal_format)

    @property
    def intact(self) -> bool:
        return self.verifiable and not self.missing and self.recomputed_seal() == self.sign_off.seal


def split_sealed(incident: Incident, entries: Sequence[Entry]) -> SealedRecord | None:
    """``entries`` of ``incident`` split at its sign-off; ``None`` if it has none."""
    sign_off = next((e for e in entries if isinstance(e, SignOff)), None)
    if sign_off is None:
        return None
    by_id = {e.id: e for e in entries}
    sealed = [by_id[i] for i in sign_off.sealed_entry_ids if i in by_id]
    missing = tuple(i for i in sign_off.sealed_entry_ids if i not in by_id)
    covered = set(sign_off.sealed_entry_ids) | {sign_off.id}
    addenda = [
        e
        for e in _ordered(entries)
        if e.id not in covered and not isinstance(e, StatusChange | PriorityChange | Reassignment)
    ]
    return SealedRecord(
        sign_off=sign_off,
        incident=replace(incident, status=Status.RESOLVED),
        entries=sealed,
        missing=missing,
        addenda=addenda,
    )
