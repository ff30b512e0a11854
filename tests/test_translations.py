"""Every user-visible string is extracted and translated (English plurals, Chinese all)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")
FIELDS = re.compile(r"\{[^{}]*\}")


def _refreshed(tmp_path: Path) -> dict[str, ET.Element]:
    """The .ts files as lupdate would leave them for the code as it is now."""
    copies = {}
    for name in ("fieldbook_zh_CN.ts", "fieldbook_en.ts"):
        shutil.copy(TRANSLATIONS / name, tmp_path / name)
        copies[name] = tmp_path / name
    sources = sorted(
        str(p.relative_to(ROOT))
        for folder in ("domain", "desktop", "report", "ui")
        for p in (ROOT / folder).rglob("*.py")
        if "migrations" not in p.parts
    )
    subprocess.run(
        [
            str(LUPDATE),
            "-no-obsolete",
            "-locations",
            "none",
            *sources,
            "-ts",
            *map(str, copies.values()),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return {name: ET.parse(path).getroot() for name, path in copies.items()}


def _messages(root: ET.Element) -> list[tuple[str, ET.Element]]:
    return [
        (context.findtext("name") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_every_string_has_a_chinese_translation(tmp_path: Path) -> None:
    root = _refreshed(tmp_path)["fieldbook_zh_CN.ts"]
    missing, broken = [], []
    messages = _messages(root)
    assert len(messages) > 250
    for context, message in messages:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        if translation.get("type") == "unfinished" or not all(forms):
            missing.append(f"[{context}] {source}")
            continue
        for form in forms:
            if set(FIELDS.findall(form)) != set(FIELDS.findall(source)):
                broken.append(f"[{context}] {source!r} -> {form!r}")
    assert missing == [], "run scripts/translations and translate these"
    assert broken == []


def test_english_plurals_are_written_out(tmp_path: Path) -> None:
    root = _refreshed(tmp_path)["fieldbook_en.ts"]
    numerus = [(c, m) for c, m in _messages(root) if m.get("numerus") == "yes"]
    assert numerus
    for context, message in numerus:
        forms = [f.text or "" for f in message.iter("numerusform")]
        assert len(forms) == 2 and all(forms), (context, message.findtext("source"))


def test_the_reports_words_are_finished_in_the_one_catalogue() -> None:
    """The report and the SLA statement read their words from the window's .ts: each
    phrase they use has its Chinese there, and each counted one its English forms."""
    from report import catalogue, statement_text, strings

    phrases = [*strings.PHRASES.values(), *statement_text.PHRASES.values()]
    counted = list(strings.COUNTED.values())
    zh, en = catalogue.entries("zh"), catalogue.entries("en")
    key = lambda p: (p.context, p.source, p.comment)  # noqa: E731
    assert [p for p in phrases if not isinstance(zh.get(key(p)), str)] == []
    assert [p for p in counted if not isinstance(zh.get(key(p)), tuple)] == []
    assert all(len(en[key(p)]) == 2 for p in counted)
    # Labels the window has already are its entries, not copies.
    assert strings.PHRASES["status.on_site"] == catalogue.Phrase("Status", "on site")
    assert strings.PHRASES["duration.m"].context == "Format"
    assert statement_text.PHRASES["col.status"] is strings.PHRASES["field.status"]


def test_the_report_reads_the_catalogue_without_qt() -> None:
    """The service has no PySide6: the report's words come from the .ts as XML."""
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "from report import strings, statement_text\n"
        "print(strings.text('zh', 'report.title'), strings.plural('en', 'count.lines', 1234),"
        " strings.plural('zh', 'count.actions', 2), statement_text.text('zh', 'title'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["紧急服务报告", "1,234", "lines", "2", "项操作", "SLA", "服务水平报表"]


def test_an_unfinished_translation_falls_back_to_the_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from report import catalogue

    (tmp_path / "fieldbook_zh_CN.ts").write_text(
        '<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="zh_CN">'
        "<context><name>Report</name>"
        "<message><source>Done</source><translation>完成</translation></message>"
        '<message><source>Later</source><translation type="unfinished">稍后</translation>'
        "</message></context></TS>",
        encoding="utf-8",
    )
    monkeypatch.setenv("FIELDBOOK_TRANSLATIONS", str(tmp_path))
    catalogue.entries.cache_clear()
    try:
        assert catalogue.lookup("zh", catalogue.QT_TRANSLATE_NOOP("Report", "Done")) == "完成"
        assert catalogue.lookup("zh", catalogue.QT_TRANSLATE_NOOP("Report", "Later")) == "Later"
    finally:
        monkeypatch.delenv("FIELDBOOK_TRANSLATIONS")
        catalogue.entries.cache_clear()
