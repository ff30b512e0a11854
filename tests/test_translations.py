"""Every user-visible string is extracted and translated (English plurals, Chinese all)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

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
        for folder in ("domain", "desktop", "ui")
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
