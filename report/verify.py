"""Reading a report's seal back from the PDF, to compare it with a record.

The seal, the incident's id and a manifest of per-item digests travel in the PDF's
document information (:mod:`report.pdf`). They are read here with the standard
library alone: the Info dictionary of a report Fieldbook wrote is plain text in the
file; a PDF re-saved by another program may have moved it into a compressed object
stream, which is searched too.

A PDF edited after Fieldbook wrote it in the usual way (an incremental update appended
to the file) is caught by its extra end-of-file marker. The report is not signed with a
key, so a forger who rewrites the whole file consistently is caught only by the record:
the seal must match what the data folder holds.
"""

from __future__ import annotations

import json
import re
import uuid
import zlib
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from domain.seal import Difference
from report.pdf import (
    INFO_FORMAT,
    INFO_INCIDENT,
    INFO_KIND,
    INFO_MANIFEST,
    INFO_NUMBER,
    INFO_SEAL,
)

_KEYS = (INFO_INCIDENT, INFO_NUMBER, INFO_SEAL, INFO_KIND, INFO_FORMAT, INFO_MANIFEST)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_HEX = re.compile(r"^[0-9a-f]{64}$")


class Verdict(IntEnum):
    """The answer of ``fieldbook verify``, as its exit status."""

    MATCHES = 0
    DOES_NOT_MATCH = 1
    UNKNOWN_INCIDENT = 2


@dataclass(frozen=True, slots=True)
class SealInfo:
    incident_id: uuid.UUID
    number: str
    seal: str
    sealed: bool
    seal_format: str
    manifest: dict[str, str] | None


@dataclass(frozen=True, slots=True)
class Verification:
    verdict: Verdict
    reasons: tuple[str, ...]
    differences: tuple[Difference, ...] = ()
    info: SealInfo | None = None

    def lines(self) -> list[str]:
        """In plain English, for the command line."""
        head = {
            Verdict.MATCHES: "matches",
            Verdict.DOES_NOT_MATCH: "does not match",
            Verdict.UNKNOWN_INCIDENT: "unknown incident",
        }[self.verdict]
        if self.info is not None:
            kind = "sealed" if self.info.sealed else "draft (not sealed)"
            head += f": {self.info.number} ({kind}, seal {self.info.seal})"
        out = [head]
        out += [f"  {r}" for r in self.reasons]
        for d in self.differences:
            noun = f"incident field {d.key}" if d.what == "incident" else f"entry {d.key}"
            verb = {
                "changed": "differs",
                "missing": "is missing from the record",
                "added": "was added",
            }
            out.append(f"  {noun} {verb.get(d.change, d.change)}")
        return out


class NotAReport(Exception):
    """The file is not a PDF, or carries no Fieldbook seal."""


def _unescape(raw: bytes) -> bytes:
    """A PDF literal string's body (between the parentheses) without its escapes."""
    out = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i]
        if c != 0x5C:  # backslash
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= len(raw):
            break
        e = raw[i]
        simple = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
        if e in simple:
            out.append(simple[e])
            i += 1
        elif 0x30 <= e <= 0x37:
            digits = re.match(rb"[0-7]{1,3}", raw[i : i + 3])
            assert digits is not None
            out.append(int(digits.group(), 8) & 0xFF)
            i += len(digits.group())
        elif e in (10, 13):  # a line continuation
            i += 2 if raw[i : i + 2] == b"\r\n" else 1
        else:
            out.append(e)
            i += 1
    return bytes(out)


def _literal(data: bytes, start: int) -> tuple[bytes, int]:
    """The literal string starting at ``data[start] == '('``, and the index after it."""
    depth, i = 0, start
    while i < len(data):
        c = data[i]
        if c == 0x5C:
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return _unescape(data[start + 1 : i]), i + 1
        i += 1
    raise NotAReport("a damaged string in the PDF's document information")


def _decode(value: bytes) -> str:
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be")
    return value.decode("latin-1")


def _values(data: bytes) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key in _KEYS:
        for match in re.finditer(rb"/" + key.encode() + rb"\s*\(", data):
            value, _ = _literal(data, match.end() - 1)
            found.setdefault(key, []).append(_decode(value))
    return found


def read_seal(path: Path) -> tuple[SealInfo, list[str]]:
    """The seal a report carries, and any signs that the file was edited afterwards."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotAReport(f"cannot read {path}: {error.strerror or error}") from error
    if not data.startswith(b"%PDF-"):
        raise NotAReport(f"{path} is not a PDF")
    values = _values(data)
    if INFO_SEAL not in values:
        for stream in _STREAM.finditer(data):
            try:
                inflated = zlib.decompress(stream.group(1))
            except zlib.error:
                continue
            for key, items in _values(inflated).items():
                values.setdefault(key, []).extend(items)
    if INFO_SEAL not in values or INFO_INCIDENT not in values:
        raise NotAReport(f"{path} carries no Fieldbook seal (not a Fieldbook report?)")
    warnings = []
    if data.count(b"%%EOF") > 1:
        warnings.append("the PDF was changed after Fieldbook wrote it (an update was appended)")
    for key, items in values.items():
        if len(set(items)) > 1:
            warnings.append(f"the PDF holds {len(set(items))} different values of {key}")
    seal = values[INFO_SEAL][-1]
    if not _HEX.match(seal):
        warnings.append(f"the seal in the PDF is not a SHA-256: {seal!r}")
    try:
        incident_id = uuid.UUID(values[INFO_INCIDENT][-1])
    except ValueError as error:
        raise NotAReport("the incident id in the PDF is damaged") from error
    manifest: dict[str, str] | None = None
    if INFO_MANIFEST in values:
        try:
            loaded = json.loads(values[INFO_MANIFEST][-1])
        except ValueError:
            warnings.append("the manifest in the PDF is damaged")
        else:
            if isinstance(loaded, dict):
                manifest = {str(k): str(v) for k, v in loaded.items()}
    info = SealInfo(
        incident_id=incident_id,
        number=values.get(INFO_NUMBER, [""])[-1],
        seal=seal,
        sealed=values.get(INFO_KIND, ["sealed"])[-1] != "draft",
        seal_format=values.get(INFO_FORMAT, [""])[-1],
        manifest=manifest,
    )
    return info, warnings
