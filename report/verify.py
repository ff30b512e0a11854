"""Reading a report's seal back from a PDF, a scan or a photo, to compare it with a record.

A report carries its seal three ways (:mod:`report.pdf`): in the PDF's document
information (with the incident's id and a manifest of per-item digests), printed on the
page, and in the QR code beside it. They are read here in that order, each only when the
one before is missing:

1. the document information, read by PDFium (:mod:`pypdfium2`), so a report re-saved by
   another PDF tool (hex strings, object streams) reads like the original;
2. the page's text, when the document information was lost (printed to PDF, re-rendered
   by ``pdftocairo -pdf``): the seal, the incident number, sealed or draft;
3. the QR code, decoded with zxing-cpp from the rendered pages of a PDF without text, or
   from a picture (a scan or a photo of a paper report).

What the page and the QR code give is enough to find the record (by seal or number),
not to say which item differs: that takes the manifest. A PDF edited after Fieldbook
wrote it in the usual way (an incremental update appended) is caught by its extra
end-of-file marker. The report is not signed with a key, so a forger who rewrites the
whole file consistently is caught only by the record: the seal must match it.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

from domain.seal import Difference
from report.pdf import (
    INFO_FORMAT,
    INFO_INCIDENT,
    INFO_KIND,
    INFO_MANIFEST,
    INFO_NUMBER,
    INFO_SEAL,
    QR_PREFIX,
    VERIFY_PATH,
)
from report.strings import both

_HEX = re.compile(r"^[0-9a-f]{64}$")
#: The seal as the page prints it: four groups of 16 hex digits. Text extraction may
#: break the line between them, or space out every character of a monospaced font.
_PRINTED = re.compile(r"(?<![0-9a-f])[0-9a-f](?:\s{0,3}[0-9a-f]){63}(?![0-9a-f])")
_VERIFY_URL = re.compile(re.escape(VERIFY_PATH) + r"([0-9a-f]{64})(?:[/?#].*)?$")
#: Pages rendered to look for the QR code, from the last (where the sign-off is).
QR_PAGES = 3
QR_DPI = 200
#: Pictures larger than this are not a report (a scan of one page is far smaller).
MAX_IMAGE_BYTES = 40 * 1024 * 1024
MAX_PDF_BYTES = 200 * 1024 * 1024

PDF_MAGIC = b"%PDF-"


class Verdict(IntEnum):
    """The answer of ``fieldbook verify``, as its exit status."""

    MATCHES = 0
    DOES_NOT_MATCH = 1
    CANNOT_TELL = 2  # an unknown incident, or no seal found in the file
    UNKNOWN_INCIDENT = 2  # the same answer: this record cannot say


class Source(IntEnum):
    """Where the seal was read from, best first."""

    METADATA = 0
    TEXT = 1
    QR_CODE = 2

    @property
    def words(self) -> str:
        return {
            Source.METADATA: "the PDF's document information",
            Source.TEXT: "the text printed on the page",
            Source.QR_CODE: "the QR code",
        }[self]


@dataclass(frozen=True, slots=True)
class SealInfo:
    seal: str
    source: Source = Source.METADATA
    incident_id: uuid.UUID | None = None  # None: read from the page, find it by seal/number
    number: str = ""
    sealed: bool | None = True  # None: the page does not say (a scan's QR code, say)
    seal_format: str = ""
    manifest: dict[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Verification:
    verdict: Verdict
    reasons: tuple[str, ...]
    differences: tuple[Difference, ...] = ()
    info: SealInfo | None = None
    notes: tuple[str, ...] = field(default=())  # said, but no reason for a mismatch
    unknown_incident: bool = False

    def lines(self) -> list[str]:
        """In plain English, for the command line."""
        if self.verdict is Verdict.CANNOT_TELL:
            head = "unknown incident" if self.unknown_incident else "cannot tell"
        else:
            head = {Verdict.MATCHES: "matches", Verdict.DOES_NOT_MATCH: "does not match"}[
                self.verdict
            ]
        if self.info is not None:
            kind = {True: "sealed", False: "draft (not sealed)", None: "seal"}[self.info.sealed]
            number = self.info.number or "incident"
            head += f": {number} ({kind}, seal {self.info.seal})"
        out = [head]
        out += [f"  {r}" for r in self.reasons]
        out += [f"  {n}" for n in self.notes]
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
    """The file is neither a PDF nor a picture, or no Fieldbook seal was found in it."""


# --- what a QR code says ------------------------------------------------------------


def parse_qr(value: str) -> SealInfo | None:
    """The seal in a report's QR code: the verify page's address, or the bare form
    ``fieldbook-seal:FORMAT:NUMBER:SEAL`` (drafts, and reports made before the address)."""
    value = value.strip()
    if value.startswith(QR_PREFIX):
        parts = value[len(QR_PREFIX) :].split(":")
        if len(parts) >= 3 and _HEX.match(parts[-1]):
            return SealInfo(
                seal=parts[-1],
                source=Source.QR_CODE,
                number=":".join(parts[1:-1]),
                seal_format=parts[0],
                sealed=None,
            )
        return None
    found = _VERIFY_URL.search(value)
    if found is not None:
        # Only a sealed report's QR code leads to the verify page.
        return SealInfo(seal=found.group(1), source=Source.QR_CODE, sealed=True)
    return None


def decode_qr(image: Any) -> list[str]:
    """The texts of the QR codes in a PIL image (zxing-cpp)."""
    import zxingcpp

    found = zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return [b.text for b in found if b.valid]


def _from_qr(texts: list[str]) -> SealInfo | None:
    for value in texts:
        info = parse_qr(value)
        if info is not None:
            return info
    return None


# --- the page's text ----------------------------------------------------------------


def _printed(text: str) -> SealInfo | None:
    """The seal printed on a page, the incident number in its header, sealed or draft."""
    labels = (*both("seal.label"), *both("seal.draft"))
    found = None
    for candidate in _PRINTED.finditer(text):
        # A note may quote a SHA-256 too: the seal is the one under its label (the
        # sign-off block comes last), else the last one on the pages.
        found = candidate
        if any(
            label in text[max(0, candidate.start() - 200) : candidate.start()] for label in labels
        ):
            break
    if found is None:
        return None
    seal = re.sub(r"\s", "", found.group())
    before = text[: found.start()]
    draft_labels = both("seal.draft")
    sealed_labels = both("seal.label")
    last_draft = max(before.rfind(label) for label in draft_labels)
    last_sealed = max(before.rfind(label) for label in sealed_labels)
    sealed: bool | None = None
    if last_draft >= 0 or last_sealed >= 0:
        sealed = last_sealed > last_draft
    number = ""
    for title in both("report.title"):
        header = re.search(re.escape(title) + r"\s*·\s*(\S+)", text)
        if header is not None:
            number = header.group(1)
            break
    return SealInfo(seal=seal, source=Source.TEXT, number=number, sealed=sealed)


# --- reading a file -----------------------------------------------------------------


def _metadata(pdf: Any) -> dict[str, str]:
    import pypdfium2.raw as raw

    values: dict[str, str] = {}
    for key in (INFO_INCIDENT, INFO_NUMBER, INFO_SEAL, INFO_KIND, INFO_FORMAT, INFO_MANIFEST):
        size = raw.FPDF_GetMetaText(pdf, key.encode(), None, 0)
        if size <= 2:
            continue
        buffer = (raw.c_char * size)()
        raw.FPDF_GetMetaText(pdf, key.encode(), buffer, size)
        values[key] = bytes(buffer)[: size - 2].decode("utf-16-le")
    return values


def _from_metadata(values: dict[str, str], warnings: list[str]) -> SealInfo | None:
    if INFO_SEAL not in values or INFO_INCIDENT not in values:
        return None
    seal = values[INFO_SEAL]
    if not _HEX.match(seal):
        warnings.append(f"the seal in the PDF is not a SHA-256: {seal!r}")
    try:
        incident_id = uuid.UUID(values[INFO_INCIDENT])
    except ValueError as error:
        raise NotAReport("the incident id in the PDF is damaged") from error
    manifest: dict[str, str] | None = None
    if INFO_MANIFEST in values:
        try:
            loaded = json.loads(values[INFO_MANIFEST])
        except ValueError:
            warnings.append("the manifest in the PDF is damaged")
        else:
            if isinstance(loaded, dict):
                manifest = {str(k): str(v) for k, v in loaded.items()}
    return SealInfo(
        seal=seal,
        source=Source.METADATA,
        incident_id=incident_id,
        number=values.get(INFO_NUMBER, ""),
        sealed=values.get(INFO_KIND, "sealed") != "draft",
        seal_format=values.get(INFO_FORMAT, ""),
        manifest=manifest,
    )


def _read_pdf(data: bytes, name: str) -> tuple[SealInfo, list[str]]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise NotAReport(f"{name} is not a readable PDF ({error})") from error
    try:
        warnings: list[str] = []
        # A linearized file (a tool's "fast web view") ends its first part with one more.
        expected = 2 if b"/Linearized" in data[:2048] else 1
        if data.count(b"%%EOF") > expected:
            warnings.append("the PDF was changed after Fieldbook wrote it (an update was appended)")
        from_info = _from_metadata(_metadata(pdf.raw), warnings)
        text = ""
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text += textpage.get_text_range() + "\n"
            textpage.close()
            page.close()
        printed = _printed(text)
        if from_info is not None:
            if printed is not None and printed.seal != from_info.seal:
                warnings.append(
                    f"the seal printed on the page ({printed.seal}) is not the one in the "
                    "PDF's document information"
                )
            return from_info, warnings
        if printed is not None:
            return printed, warnings
        # No text either (a scan saved as PDF): the QR code on the rendered pages.
        for index in reversed(range(max(0, len(pdf) - QR_PAGES), len(pdf))):
            page = pdf[index]
            image = page.render(scale=QR_DPI / 72, grayscale=True).to_pil()
            page.close()
            found = _from_qr(decode_qr(image))
            if found is not None:
                return found, warnings
    finally:
        pdf.close()
    raise NotAReport(
        f"no Fieldbook seal found in {name}: not in its document information, its text or a QR code"
    )


def _read_image(data: bytes, name: str) -> tuple[SealInfo, list[str]]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            image = picture.convert("L")
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise NotAReport(f"{name} is neither a PDF nor a picture") from error
    texts = decode_qr(image)
    if not texts:
        # A photo's QR code can be small in a large picture, or large and blurred.
        for size in (2000, 1000):
            if max(image.size) > size:
                scaled = image.copy()
                scaled.thumbnail((size, size))
                texts = decode_qr(scaled)
                if texts:
                    break
    found = _from_qr(texts)
    if found is None:
        if texts:
            raise NotAReport(f"the QR code in {name} is not a Fieldbook report's")
        raise NotAReport(f"no QR code found in {name}")
    return found, []


def read_bytes(data: bytes, name: str = "the file") -> tuple[SealInfo, list[str]]:
    """The seal a report (a PDF, or a picture of a page) carries, and any signs that the
    file was edited afterwards. Raises :class:`NotAReport` when there is none to find."""
    if not data:
        raise NotAReport(f"{name} is empty")
    if data.lstrip()[:5] == PDF_MAGIC or PDF_MAGIC in data[:1024]:
        if len(data) > MAX_PDF_BYTES:
            raise NotAReport(f"{name} is too large for a report")
        return _read_pdf(data, name)
    if len(data) > MAX_IMAGE_BYTES:
        raise NotAReport(f"{name} is too large for a picture of a report")
    return _read_image(data, name)


def read_seal(path: Path) -> tuple[SealInfo, list[str]]:
    """:func:`read_bytes` of the file at ``path``."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotAReport(f"cannot read {path}: {error.strerror or error}") from error
    return read_bytes(data, str(path))
