"""The PDF service report: its facts in both languages, pagination, and verifying it."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from datetime import UTC, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import update

from desktop.cli import main
from desktop.store import cipher
from desktop.store.db import DB_NAME, Store
from desktop.store.models import ContractRow
from desktop.usecases import incidents, notes, queries, signoff, void
from desktop.usecases.report import load_report_data, verify_report
from domain.records import Attachment, Status
from report import strings
from report.pdf import ReportOptions, write_report
from report.verify import Verdict, read_seal
from tests.conftest import T0, Office
from tests.report_scenarios import addenda, refuse, set_company, sign, work_on

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils (scripts/apt-packages.txt)"
)

SHANGHAI = timezone(timedelta(hours=8))
SIGNED = T0 + timedelta(hours=3)
LATER = T0 + timedelta(hours=6)


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout", "-enc", "UTF-8"]
    if first is not None:
        args += ["-f", str(first), "-l", str(last or first)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, check=True, timeout=60)
    return out.stdout.decode("utf-8")


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, timeout=60)
    found = re.search(rb"Pages:\s+(\d+)", info.stdout)
    assert found is not None
    return int(found.group(1))


def flat(value: str) -> str:
    return re.sub(r"\s+", "", value)


def report(store: Store, ref: object, path: Path, **options: object) -> Path:
    data = load_report_data(store, ref, now=LATER)  # type: ignore[arg-type]
    write_report(data, path, ReportOptions(tz=SHANGHAI, **options))  # type: ignore[arg-type]
    return path


@pytest.fixture
def signed(store: Store, office: Office, tmp_path: Path) -> dict[str, uuid.UUID]:
    set_company(store)
    ids = work_on(store, office.incident_id, office.part_id, T0, tmp=tmp_path)
    sign(store, office.incident_id, SIGNED)
    return ids


# --- what the report says -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_detailed_report_holds_the_key_facts(
    store: Store, office: Office, signed, tmp_path: Path, lang: str
) -> None:
    path = report(store, office.incident_id, tmp_path / "r.pdf", language=lang)
    text = pdf_text(path)
    record = signoff.sealed_record(store, office.incident_id)
    assert record is not None
    seal = record.sign_off.seal
    facts = [
        "INC-2026-000001",
        "华信运维服务有限公司",
        "上海华东医疗集团",
        "EMA-2026-001",
        "Oracle RAC 19c 生产库",
        "A栋3楼机房 B07",
        "2026-03-02 16:00",  # notified 08:00 UTC, shown in UTC+08:00
        "FC-7731-0042",
        "FC-9910-1187",
        "DIMM-32G-DDR4",
        "李娜 Li Na",
        "信息中心主任",
        "ORA-00600",  # the log, in monospace
        "replaced the FC patch cable",
        "CRC errors stopped",
        "LAST ENTRY",
        "rack.jpg",
        "等待客户提供机房门禁卡",  # the pause's reason
    ]
    for fact in facts:
        assert flat(fact) in flat(text), fact
    assert seal[:16] in flat(text) and seal[48:] in flat(text)
    words = {
        "en": [
            "Emergency service report",
            "Detailed report",
            "Service level",
            "Response",
            "Met",
            "Hardware replaced",
            "TEMPORARY",
            "permanent",
            "Spare parts used",
            "Travel",
            "50 min",
            "Billable separately",
            "Client sign-off",
            "Page 1 of",
            "Voided",
        ],
        "zh": [
            "紧急服务报告",
            "详细报告",
            "服务级别",
            "达标",
            "硬件更换",
            "临时",
            "永久",
            "使用的备件",
            "路途",
            "50 分钟",
            "另行收费",
            "客户签字确认",
            "第 1 页",
            "已作废",
        ],
    }[lang]
    for word in words:
        assert flat(word) in flat(text), word
    other = "紧急服务报告" if lang == "en" else "Emergency service report"
    assert other not in text


def test_brief_report_has_the_outcome_not_the_timeline(
    store: Store, office: Office, signed, tmp_path: Path
) -> None:
    brief = pdf_text(report(store, office.incident_id, tmp_path / "b.pdf", brief=True))
    detailed = pdf_text(report(store, office.incident_id, tmp_path / "d.pdf"))
    # Client language is Chinese.
    assert "简要报告" in brief and "详细报告" in detailed
    for both in ("已修复", "FC-9910-1187", "李娜", "处理结果与摘要"):
        assert both in brief and both in detailed
    assert "处理过程" not in brief and "处理过程" in detailed
    assert "ORA-00600" not in brief and "ORA-00600" in detailed
    assert pages(tmp_path / "b.pdf") < pages(tmp_path / "d.pdf")


def test_image_attachments_are_embedded(store: Store, office: Office, signed, tmp_path: Path):
    path = report(store, office.incident_id, tmp_path / "d.pdf")
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    kinds = [line.split()[2] for line in listing.splitlines()[2:] if line.strip()]
    # The photo and the signature (the signature's transparency travels as a soft mask).
    assert sorted(kinds) == ["image", "image", "smask"]
    brief = report(store, office.incident_id, tmp_path / "b.pdf", brief=True)
    listing = subprocess.run(
        ["pdfimages", "-list", str(brief)], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    kinds = [line.split()[2] for line in listing.splitlines()[2:] if line.strip()]
    assert sorted(kinds) == ["image", "smask"]  # the signature only


def test_refusal_and_addenda_are_shown_as_such(
    store: Store, office: Office, tmp_path: Path
) -> None:
    work_on(store, office.incident_id, office.part_id, T0, tmp=tmp_path, images=False)
    refuse(store, office.incident_id, SIGNED)
    addenda(store, office.incident_id, SIGNED + timedelta(hours=1))
    text = pdf_text(report(store, office.incident_id, tmp_path / "r.pdf", language="en"))
    assert "The client refused to sign" in text
    assert flat("disputes the temporary HBA") in flat(text)
    assert "Addenda after the sign-off" in text
    assert flat("not covered by the signature") in flat(text)
    after = text.index("Addenda after the sign-off")
    assert text.index("client called, all stable") > after
    assert text.index("Remote check of the alert log") > after
    assert text.index("LAST ENTRY") < after


def test_a_draft_says_it_is_not_signed(store: Store, office: Office, tmp_path: Path) -> None:
    path = report(store, office.incident_id, tmp_path / "d.pdf", language="en")
    text = pdf_text(path)
    assert "Draft: not yet signed off by the client" in text
    assert "Not signed yet" in text
    info, warnings = read_seal(path)
    assert not info.sealed and warnings == []


def test_language_follows_the_client_unless_overridden(
    store: Store, office: Office, tmp_path: Path
) -> None:
    assert "紧急服务报告" in pdf_text(report(store, office.incident_id, tmp_path / "a.pdf"))
    en = pdf_text(report(store, office.incident_id, tmp_path / "b.pdf", language="en"))
    assert "Emergency service report" in en and "紧急服务报告" not in en


def test_every_phrase_has_both_languages_with_the_same_fields() -> None:
    fields = re.compile(r"\{[^{}]*\}")
    for key in strings.all_keys():
        en, zh = strings.both(key)
        assert en and zh, key
        assert sorted(fields.findall(en)) == sorted(fields.findall(zh)), key


# --- long reports -------------------------------------------------------------------


def test_300_entries_with_long_chinese_notes_paginate_cleanly(
    store: Store, office: Office, tmp_path: Path
) -> None:
    set_company(store)
    work_on(
        store,
        office.incident_id,
        office.part_id,
        T0,
        tmp=tmp_path,
        images=False,
        extra_entries=300,
        long_notes=True,
    )
    huge = "\n".join(f"{n:05d} 存储路径检查 path check line, all ok" for n in range(3000))
    notes.add_note(store, office.incident_id, huge, preformatted=True, now=T0 + timedelta(hours=9))
    incidents.change_status(store, office.incident_id, Status.ON_SITE, now=T0 + timedelta(hours=9))
    incidents.change_status(
        store, office.incident_id, Status.RESOLVED, resolution="fixed", now=T0 + timedelta(hours=9)
    )
    sign(store, office.incident_id, T0 + timedelta(hours=10))
    path = report(store, office.incident_id, tmp_path / "long.pdf")
    total = pages(path)
    assert total > 20
    text = pdf_text(path)
    assert f"第 {total} 页，共 {total} 页" in text
    assert "LAST ENTRY" in text and "02999 存储路径检查" in text
    assert "第 299 条记录" in text or "299:" in text or "检查 #298" in text
    # The signature block is whole on one page: heading, signer and seal together.
    last = pdf_text(path, total)
    seal = signoff.sealed_record(store, office.incident_id)
    assert seal is not None
    holder = next(n for n in range(total, 0, -1) if "客户签字确认" in pdf_text(path, n))
    page = pdf_text(path, holder)
    assert "李娜" in page and seal.sign_off.seal[:16] in page
    assert last.strip()


# --- verify -------------------------------------------------------------------------


def run_cli(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_cli_report_then_verify_matches(
    store: Store, office: Office, signed, data_dir: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "out" / "report.pdf"
    assert run_cli(data_dir, "report", office.incident_number, "--out", str(out)) == 0
    assert (
        run_cli(
            data_dir,
            "report",
            office.incident_number,
            "--out",
            str(tmp_path / "b.pdf"),
            "--brief",
            "--lang",
            "en",
        )
        == 0
    )
    assert "Brief report" in pdf_text(tmp_path / "b.pdf")
    capsys.readouterr()
    assert run_cli(data_dir, "verify", str(out)) == 0
    said = capsys.readouterr().out
    assert said.startswith("matches: INC-2026-000001 (sealed")


def test_verify_catches_a_record_tampered_after_the_report(
    store: Store, office: Office, signed, data_dir: Path, tmp_path: Path, capsys
) -> None:
    out = report(store, office.incident_id, tmp_path / "r.pdf")
    con = cipher.connect(data_dir / DB_NAME, cipher.store_key(data_dir), "")
    with con:
        con.execute("DROP TRIGGER swap_entries_no_update")
        con.execute(
            "UPDATE swap_entries SET installed_serial = 'FC-FAKE-0000' WHERE id = ?",
            (signed["swap"].hex,),
        )
    con.close()
    capsys.readouterr()
    assert run_cli(data_dir, "verify", str(out)) == 1
    said = capsys.readouterr().out
    assert said.startswith("does not match")
    assert f"entry {signed['swap']} differs" in said
    result = verify_report(store, out)
    assert result.verdict is Verdict.DOES_NOT_MATCH
    assert [(d.what, d.key, d.change) for d in result.differences] == [
        ("entry", str(signed["swap"]), "changed")
    ]


def test_verify_catches_a_deleted_entry_and_a_changed_incident(
    store: Store, office: Office, signed, data_dir: Path, tmp_path: Path
) -> None:
    out = report(store, office.incident_id, tmp_path / "r.pdf")
    con = cipher.connect(data_dir / DB_NAME, cipher.store_key(data_dir), "")
    with con:
        con.execute("DROP TRIGGER incidents_sealed_no_update")
        con.execute("UPDATE incidents SET title = 'nothing happened'")
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute("DROP TRIGGER note_entries_no_delete")
        con.execute("DELETE FROM note_entries WHERE id = ?", (signed["note"].hex,))
        con.execute("DROP TRIGGER entries_no_delete")
        con.execute("DELETE FROM entries WHERE id = ?", (signed["note"].hex,))
    con.close()
    result = verify_report(store, out)
    assert result.verdict is Verdict.DOES_NOT_MATCH
    found = {(d.what, d.key, d.change) for d in result.differences}
    assert ("incident", "title", "changed") in found
    assert ("entry", str(signed["note"]), "missing") in found
    assert any("missing" in r for r in result.reasons)


def test_verify_catches_a_hand_edited_pdf(
    store: Store, office: Office, signed, tmp_path: Path
) -> None:
    out = report(store, office.incident_id, tmp_path / "r.pdf")
    info, _ = read_seal(out)
    data = out.read_bytes()
    # Another seal typed into the document information.
    forged = "0" * 64
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(data.replace(info.seal.encode(), forged.encode()))
    result = verify_report(store, edited)
    assert result.verdict is Verdict.DOES_NOT_MATCH
    assert any("not the seal stored with the sign-off" in r for r in result.reasons)
    # An incremental update appended, as PDF editors save.
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(data + b"\n1 0 obj\n<< /Title (edited) >>\nendobj\n%%EOF\n")
    result = verify_report(store, appended)
    assert result.verdict is Verdict.DOES_NOT_MATCH
    assert any("changed after Fieldbook wrote it" in r for r in result.reasons)
    # Not a report at all.
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert verify_report(store, junk).verdict is Verdict.CANNOT_TELL
    # The untouched file still matches.
    assert verify_report(store, out).verdict is Verdict.MATCHES


def test_verify_an_unknown_incident(
    store: Store, office: Office, signed, tmp_path: Path, capsys
) -> None:
    out = report(store, office.incident_id, tmp_path / "r.pdf")
    elsewhere = tmp_path / "other-data"
    capsys.readouterr()
    assert run_cli(elsewhere, "verify", str(out)) == 2
    assert capsys.readouterr().out.startswith("unknown incident")


def test_verify_a_draft_after_more_work(store: Store, office: Office, tmp_path: Path) -> None:
    out = report(store, office.incident_id, tmp_path / "draft.pdf")
    assert verify_report(store, out).verdict is Verdict.MATCHES
    late = notes.add_note(store, office.incident_id, "one more thing", now=LATER)
    result = verify_report(store, out)
    assert result.verdict is Verdict.DOES_NOT_MATCH
    assert [(d.key, d.change) for d in result.differences] == [(str(late.entry_ids[0]), "added")]


def test_pdf_metadata_carries_the_seal(store: Store, office: Office, signed, tmp_path: Path):
    out = report(store, office.incident_id, tmp_path / "r.pdf")
    record = signoff.sealed_record(store, office.incident_id)
    assert record is not None
    info, warnings = read_seal(out)
    assert warnings == []
    assert info.seal == record.sign_off.seal and info.sealed
    assert info.incident_id == office.incident_id and info.number == office.incident_number
    assert info.manifest is not None and len(info.manifest) > len(record.entries)
    meta = subprocess.run(["pdfinfo", str(out)], capture_output=True, check=True).stdout.decode()
    assert record.sign_off.seal in meta  # Keywords, for any PDF reader


def test_report_times_default_to_utc_when_asked(store: Store, office: Office, tmp_path: Path):
    data = load_report_data(store, office.incident_id, now=LATER)
    path = tmp_path / "utc.pdf"
    write_report(data, path, ReportOptions(language="en", tz=UTC))
    text = pdf_text(path)
    assert "2026-03-02 08:00" in text and "UTC+00:00" in text


# --- reading right (issue 15) -------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_brief_report_of_a_typical_incident_is_one_page(
    store: Store, office: Office, signed, tmp_path: Path, lang: str
) -> None:
    path = report(store, office.incident_id, tmp_path / "b.pdf", brief=True, language=lang)
    assert pages(path) == 1
    text = pdf_text(path)
    # Still all a client needs: outcome, SLA, serials, parts, time, signer and seal.
    record = signoff.sealed_record(store, office.incident_id)
    assert record is not None
    for fact in ("FC-9910-1187", "DIMM-32G-DDR4", "李娜", record.sign_off.seal[:16]):
        assert fact in text
    assert flat("Billable separately" if lang == "en" else "另行收费") in flat(text)


def test_counts_read_right_in_english(store: Store, office: Office, tmp_path: Path) -> None:
    notes.add_note(store, office.incident_id, "one note", now=T0)
    text = flat(pdf_text(report(store, office.incident_id, tmp_path / "r.pdf", language="en")))
    assert flat("0 actions (0 succeeded, 0 partly, 0 failed), 1 diagnostic note,") in text
    assert flat("0 attachments, 0 hardware replacements, 0 spare parts used.") in text
    notes.add_note(store, office.incident_id, "another", now=T0 + timedelta(minutes=1))
    text = flat(pdf_text(report(store, office.incident_id, tmp_path / "r.pdf", language="en")))
    assert flat("2 diagnostic notes,") in text and "1 diagnostic note," not in text


def test_plural_phrases_have_their_forms_and_fields() -> None:
    for key in strings.plural_keys():
        one, many = strings.plural("en", key, 1), strings.plural("en", key, 2)
        assert one.startswith("1 ") and many.startswith("2 ") and one[1:] != many[1:], key
        assert "2" in strings.plural("zh", key, 2) and "%n" not in strings.plural("zh", key, 2)
    assert strings.plural("en", "count.actions", 1) == "1 action"
    assert strings.plural("en", "count.actions", 2) == "2 actions"
    assert strings.plural("en", "count.lines", 1234) == "1,234 lines"
    assert strings.plural("zh", "count.actions", 1) == "1 项操作"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_long_log_is_cut_to_head_and_tail_with_the_full_log_attached(
    store: Store, office: Office, tmp_path: Path, lang: str
) -> None:
    log = "\n".join(
        f"{n:06d} kernel: sd 2:0:0:1: [sdc] I/O error, sector {n * 8}" for n in range(3000)
    )
    assert len(log) > 150_000
    changed = notes.add_note(store, office.incident_id, log, preformatted=True, now=T0)
    detail = queries.incident_detail(store, office.incident_id)
    [full] = [e for e in detail.entries if isinstance(e, Attachment)]
    assert full.note_id == changed.entry_ids[0]
    assert store.blobs.read(full.sha256).decode("utf-8") == log  # every character kept
    assert full.filename.endswith(".log") and full.media_type == "text/plain"
    path = report(store, office.incident_id, tmp_path / "r.pdf", language=lang)
    assert pages(path) <= 3  # 150,000 characters were 25 pages
    text = pdf_text(path)
    assert "000000 kernel" in text and "000039 kernel" in text  # the head
    assert "002999 kernel" in text and "002980 kernel" in text  # the tail
    assert "001500 kernel" not in text
    if lang == "en":
        assert flat("2,940 lines") in flat(text) and "left out here" in text
        assert flat(f"The full text is in the attached file {full.filename}") in flat(text)
    else:
        assert "此处省略" in text and flat(f"完整内容见附件 {full.filename}") in flat(text)


def test_a_long_plain_note_without_its_file_says_the_record_keeps_it(
    store: Store, office: Office, tmp_path: Path
) -> None:
    text = "诊断记录。" * 4000  # one 20,000-character paragraph
    notes.add_note(store, office.incident_id, text, now=T0)
    # An older laptop (or the office) may send such a note without the full-text file.
    detail = queries.incident_detail(store, office.incident_id)
    [full] = [e for e in detail.entries if isinstance(e, Attachment)]
    void.void_entry(store, full.id, "file not needed", now=T0 + timedelta(minutes=1))
    out = flat(pdf_text(report(store, office.incident_id, tmp_path / "r.pdf", language="en")))
    assert flat("The full text is kept in the record.") in out
    assert flat("characters) left out here") in out


def test_a_short_log_is_printed_whole_and_gets_no_file(
    store: Store, office: Office, tmp_path: Path
) -> None:
    log = "\n".join(f"line {n}" for n in range(60))
    notes.add_note(store, office.incident_id, log, preformatted=True, now=T0)
    detail = queries.incident_detail(store, office.incident_id)
    assert [e.kind for e in detail.entries] == ["note"]
    text = pdf_text(report(store, office.incident_id, tmp_path / "r.pdf", language="en"))
    assert "line 0" in text and "line 30" in text and "line 59" in text
    assert "left out" not in text


def test_report_times_are_in_the_contracts_zone_and_say_so(
    store: Store, office: Office, tmp_path: Path
):
    """A client in New York reads New York time, named, whatever zone this computer has."""
    with store.write() as session:
        session.execute(update(ContractRow).values(time_zone="America/New_York"))
    data = load_report_data(store, office.incident_id, now=LATER)
    assert data.detail.contract.time_zone == "America/New_York"
    path = tmp_path / "ny.pdf"
    write_report(data, path, ReportOptions(language="en"))
    text = pdf_text(path)
    # Notified 2026-03-02 08:00 UTC: 03:00 in New York (EST, before the March change).
    assert "2026-03-02 03:00" in text
    assert "America/New_York, UTC-05:00" in text


def test_an_unknown_or_unset_zone_falls_back_to_this_computers(
    store: Store, office: Office, tmp_path: Path
):
    with store.write() as session:
        session.execute(update(ContractRow).values(time_zone="Mars/Olympus_Mons"))
    data = load_report_data(store, office.incident_id, now=LATER)
    path = tmp_path / "mars.pdf"
    write_report(data, path, ReportOptions(language="en", tz=UTC))
    text = pdf_text(path)
    assert "Mars" not in text and "UTC+00:00" in text


@pytest.mark.parametrize(
    "value",
    ["Restarted the listener", "  spaces   inside  ", "09:41  ·  Log  ·  王磊 Wang Lei — 5×2 →"],
)
@pytest.mark.parametrize("bold", [False, True])
def test_prepared_paragraphs_are_the_parsers_fragments_without_parsing(
    value: str, bold: bool
) -> None:
    """report.pieces.prepared skips the markup parser for plain text: the same fragments."""
    from reportlab.platypus import Paragraph

    from report import fonts, pieces
    from report.theme import styles

    fonts.register()
    for style in styles().values():
        made = pieces.prepared(value, style, bold=bold)
        assert made is not None
        parsed = Paragraph(fonts.markup(value, bold=bold), style)
        assert [vars(f) for f in made.frags] == [vars(f) for f in parsed.frags]
        assert made.text == parsed.text


@pytest.mark.parametrize("value", ["a & b", "two\nlines", "", "tab\there", "no\xa0break"])
def test_text_that_needs_markup_goes_through_the_parser(value: str) -> None:
    from report import fonts, pieces
    from report.theme import styles

    fonts.register()
    assert pieces.prepared(value, styles()["body"]) is None


def test_the_report_names_every_part_of_the_catalogue(store: Store, office: Office) -> None:
    from sqlalchemy import select

    from desktop.store.models import SparePartRow

    with store.read() as session:
        catalogue = {
            row.id: (row.part_number, row.description)
            for row in session.scalars(select(SparePartRow))
        }
    assert catalogue and load_report_data(store, office.incident_id).parts == catalogue
