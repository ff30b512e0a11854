"""Verifying a report that lost its document information, was re-saved by another PDF
tool, or is only a picture: the seal is read from the page's text or its QR code."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter

from desktop.cli import main
from desktop.store import cipher
from desktop.store.db import DB_NAME, Store
from desktop.usecases import notes, signoff
from desktop.usecases.report import verify_report
from report.pdf import QR_PREFIX
from report.verify import NotAReport, Source, Verdict, decode_qr, read_bytes, read_seal
from tests.conftest import T0, Office
from tests.report_scenarios import set_company, sign, work_on
from tests.test_report import SIGNED, report

pytestmark = pytest.mark.skipif(
    shutil.which("pdftocairo") is None or shutil.which("qpdf") is None,
    reason="needs poppler-utils and qpdf (scripts/apt-packages.txt)",
)

SERVICE = "https://fieldbook.example.cn"


@pytest.fixture
def signed(store: Store, office: Office, tmp_path: Path) -> dict[str, uuid.UUID]:
    set_company(store)
    ids = work_on(store, office.incident_id, office.part_id, T0, tmp=tmp_path)
    sign(store, office.incident_id, SIGNED)
    return ids


def run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=120)


def cli(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def cairo(path: Path, out: Path) -> Path:
    """The report re-rendered: its text and drawings kept, its document information lost."""
    run("pdftocairo", "-pdf", str(path), str(out))
    assert b"FieldbookSeal" not in out.read_bytes()
    return out


def last_page_png(path: Path, out: Path, dpi: int = 150) -> Path:
    """The last page (the sign-off and its QR code) as a scanner would give it."""
    last = str(len(pdfium.PdfDocument(path)))
    stem = str(out.with_suffix(""))
    run("pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", last, "-l", last, str(path), stem)
    return out


def seal_of(store: Store, office: Office) -> str:
    record = signoff.sealed_record(store, office.incident_id)
    assert record is not None
    return record.sign_off.seal


def test_a_report_resaved_by_qpdf_reads_like_the_original(
    store: Store, office: Office, signed, tmp_path: Path
) -> None:
    out = report(store, office.incident_id, tmp_path / "r.pdf")
    original, _ = read_seal(out)
    for flags in (["--object-streams=generate"], ["--linearize"], ["--qdf"]):
        resaved = tmp_path / f"qpdf{len(flags[0])}.pdf"
        run("qpdf", *flags, str(out), str(resaved))
        info, warnings = read_seal(resaved)
        assert info == original and info.source is Source.METADATA
        assert warnings == []
        assert verify_report(store, resaved).verdict is Verdict.MATCHES


def test_hex_string_metadata_is_read(store: Store, office: Office, signed, tmp_path: Path):
    """A PDF tool may write the document information as hex strings."""
    out = report(store, office.incident_id, tmp_path / "r.pdf")
    seal = seal_of(store, office)
    data = out.read_bytes()
    assert data.count(f"/FieldbookSeal ({seal})".encode()) == 1
    # Written as a hex string (the cross-reference offsets are now off: PDFium, like
    # every reader, finds the objects again).
    hexed = tmp_path / "hex.pdf"
    hexed.write_bytes(
        data.replace(
            f"/FieldbookSeal ({seal})".encode(),
            f"/FieldbookSeal <{seal.encode().hex()}>".encode(),
        )
    )
    info, _ = read_seal(hexed)
    assert info.seal == seal and info.source is Source.METADATA


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdftocairo_output_is_verified_from_the_page_text(
    store: Store, office: Office, signed, data_dir: Path, tmp_path: Path, capsys, lang: str
) -> None:
    out = report(store, office.incident_id, tmp_path / "r.pdf", language=lang)
    flat = cairo(out, tmp_path / "cairo.pdf")
    info, _ = read_seal(flat)
    assert info.source is Source.TEXT and info.incident_id is None
    assert info.seal == seal_of(store, office) and info.sealed is True
    assert info.number == office.incident_number
    capsys.readouterr()
    assert cli(data_dir, "verify", str(flat)) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"matches: {office.incident_number} (sealed")
    assert "read from the text printed on the page" in said
    assert "carries no" not in said


def test_pdftocairo_output_of_a_tampered_record_does_not_match(
    store: Store, office: Office, signed, data_dir: Path, tmp_path: Path, capsys
) -> None:
    flat = cairo(report(store, office.incident_id, tmp_path / "r.pdf"), tmp_path / "c.pdf")
    con = cipher.connect(data_dir / DB_NAME, cipher.store_key(data_dir), "")
    with con:
        con.execute("DROP TRIGGER swap_entries_no_update")
        con.execute(
            "UPDATE swap_entries SET installed_serial = 'FC-FAKE-0000' WHERE id = ?",
            (signed["swap"].hex,),
        )
    con.close()
    capsys.readouterr()
    assert cli(data_dir, "verify", str(flat)) == 1
    said = capsys.readouterr().out
    assert said.startswith("does not match")
    assert "no longer hashes" in said


def test_a_draft_rerendered_is_checked_as_a_draft(
    store: Store, office: Office, tmp_path: Path
) -> None:
    flat = cairo(report(store, office.incident_id, tmp_path / "d.pdf"), tmp_path / "c.pdf")
    info, _ = read_seal(flat)
    assert info.sealed is False
    assert verify_report(store, flat).verdict is Verdict.MATCHES


def test_a_scan_of_the_paper_report(
    store: Store, office: Office, signed, data_dir: Path, tmp_path: Path, capsys
) -> None:
    with store.write() as session:
        store.set_meta(session, "server_url", SERVICE)  # signed in there
    out = report(store, office.incident_id, tmp_path / "r.pdf")
    seal = seal_of(store, office)
    png = last_page_png(out, tmp_path / "scan.png")
    with Image.open(png) as page:
        assert decode_qr(page.convert("L")) == [f"{SERVICE}/verify/{seal}"]
        # A scan saved as a PDF of pictures: no text to read.
        page.convert("RGB").save(tmp_path / "scan.pdf", resolution=150)
    # A phone's photo: turned a little, blurred, greyish light, as JPEG.
    with Image.open(last_page_png(out, tmp_path / "sharp.png", dpi=300)) as sharp:
        photo = sharp.convert("RGB").rotate(4, expand=True, fillcolor=(200, 200, 190))
    photo = photo.filter(ImageFilter.GaussianBlur(1.5)).point(lambda v: 40 + v * 0.7)
    photo.thumbnail((2400, 2400))
    photo.save(tmp_path / "photo.jpg", quality=70)
    for name in ("scan.png", "photo.jpg", "scan.pdf"):
        info, _ = read_seal(tmp_path / name)
        assert info.source is Source.QR_CODE and info.seal == seal, name
        capsys.readouterr()
        assert cli(data_dir, "verify", str(tmp_path / name)) == 0, name
        said = capsys.readouterr().out
        assert said.startswith(f"matches: {office.incident_number} (sealed"), said


def test_old_reports_bare_qr_code_still_verifies(
    store: Store, office: Office, signed, tmp_path: Path
) -> None:
    out = report(store, office.incident_id, tmp_path / "r.pdf")  # no service address
    png = last_page_png(out, tmp_path / "old.png")
    with Image.open(png) as page:
        (value,) = decode_qr(page.convert("L"))
    assert value.startswith(QR_PREFIX) and value.endswith(seal_of(store, office))
    assert verify_report(store, png).verdict is Verdict.MATCHES


def test_what_cannot_be_told_exits_2(
    store: Store, office: Office, signed, data_dir: Path, tmp_path: Path, capsys
) -> None:
    cases = {
        "empty.pdf": b"",
        "junk.pdf": b"%PDF-1.4\n%%EOF\n",
        "text.txt": b"hello",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    Image.new("RGB", (300, 200), "white").save(tmp_path / "blank.png")
    for name in [*cases, "blank.png", "missing.pdf"]:
        capsys.readouterr()
        assert cli(data_dir, "verify", str(tmp_path / name)) == 2, name
        assert capsys.readouterr().out.startswith("cannot tell"), name
    # A report of an incident this laptop never held, without its document information.
    flat = cairo(report(store, office.incident_id, tmp_path / "r.pdf"), tmp_path / "c.pdf")
    capsys.readouterr()
    assert cli(tmp_path / "elsewhere", "verify", str(flat)) == 2
    assert capsys.readouterr().out.startswith("unknown incident")


def test_read_bytes_refuses_garbage_plainly() -> None:
    with pytest.raises(NotAReport, match="empty"):
        read_bytes(b"")
    with pytest.raises(NotAReport, match="neither a PDF nor a picture"):
        read_bytes(b"\x00\x01garbage")
    with pytest.raises(NotAReport, match="not a readable PDF"):
        read_bytes(b"%PDF-1.7\n garbage garbage")


def test_a_hash_quoted_in_a_note_is_not_taken_for_the_seal(
    store: Store, office: Office, tmp_path: Path
) -> None:
    quoted = "sha256sum of the patch: " + "ab12" * 16
    notes.add_note(store, office.incident_id, quoted, now=T0)
    flat = cairo(report(store, office.incident_id, tmp_path / "d.pdf"), tmp_path / "c.pdf")
    document = pdfium.PdfDocument(flat)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    document.close()
    assert "ab12" * 16 in "".join(text.split())  # the note is on the page
    info, _ = read_seal(flat)
    assert info.seal != "ab12" * 16 and info.sealed is False
    assert verify_report(store, flat).verdict is Verdict.MATCHES
