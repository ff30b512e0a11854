"""The report's words, read from the window's own Qt Linguist catalogue without Qt.

There is one catalogue of translations: ``resources/translations/fieldbook_*.ts``. The
window reads it compiled (``.qm``, through ``QTranslator``); the report reads the same
``.ts`` sources here, with the standard library. Why not Qt at run time: the report is
drawn on the laptop *and* by the service (the office console, report delivery), and the
service installs without PySide6 (pyproject's ``server`` extra); reading a ``.qm`` needs
Qt or a parser of its binary format, while a ``.ts`` is plain XML that ``xml.etree``
reads in a few milliseconds. Why not gettext for both: the window, its plural forms and
the translators' tool (Qt Linguist) are already on ``.ts``, and only the office console's
web pages, which never run beside Qt, keep a gettext catalogue of their own.

How a phrase gets there: the report marks it with :func:`QT_TRANSLATE_NOOP` (a counted
phrase with :func:`translate` and a count argument, the form ``pyside6-lupdate`` takes
as numerus), names ``pyside6-lupdate`` recognises in any Python file, so
``scripts/translations`` extracts report/ into the same ``.ts`` as the window, and
tests/test_translations.py fails while one of them lacks its Chinese. Labels the window
already has (status names, durations) are looked up under the window's context, so they
are translated once.

At run time :func:`lookup` finds ``(context, source, disambiguation)`` in the language's
``.ts`` (parsed once per process); an unfinished or missing translation falls back to the English
source, as Qt does. Counted phrases pick their form by the language's rule (English: one
or many; Chinese: one form) and write the count with thousands separators in place of
``%n``.

Where the ``.ts`` files are: ``resources/translations`` beside the packages (a checkout,
an editable install, the PyInstaller bundle, whose spec ships them), else
``<prefix>/share/fieldbook/translations`` (pyproject's data-files, for ``pip install
.[server]``), or ``FIELDBOOK_TRANSLATIONS`` when set.
"""

from __future__ import annotations

import logging
import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

log = logging.getLogger("fieldbook.report")

#: The report's languages ("en", "zh") and the catalogue each one reads.
FILES: Mapping[str, str] = {"en": "fieldbook_en.ts", "zh": "fieldbook_zh_CN.ts"}

_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Phrase:
    """A marked phrase: its catalogue context, English source and disambiguation."""

    context: str
    source: str
    comment: str | None = None
    counted: bool = False


def QT_TRANSLATE_NOOP(context: str, source: str) -> Phrase:  # noqa: N802 - the name lupdate knows
    """Mark ``source`` for extraction under ``context`` (lupdate reads the call)."""
    return Phrase(context, source)


def translate(
    context: str, source: str, disambiguation: str | None = None, n: int | None = None
) -> Phrase:
    """Mark a phrase whose English says two things (``disambiguation``, lupdate's third
    argument), or a counted one (``%n``): lupdate takes a fourth argument as numerus."""
    return Phrase(context, source, disambiguation, counted=n is not None)


def folders() -> list[Path]:
    """Where the ``.ts`` files are looked for, in order."""
    found = []
    if env := os.environ.get("FIELDBOOK_TRANSLATIONS"):
        found.append(Path(env))
    found.append(_ROOT / "resources" / "translations")
    found.append(Path(sys.prefix) / "share" / "fieldbook" / "translations")
    return found


class CatalogueMissing(RuntimeError):
    """No ``.ts`` catalogue where the report looks for it (see :func:`folders`)."""


@cache
def entries(lang: str) -> Mapping[tuple[str, str, str | None], str | tuple[str, ...]]:
    """The finished translations of ``lang``: (context, source, disambiguation) → text, or
    the numerus forms."""
    name = FILES[lang]
    for folder in folders():
        path = folder / name
        if path.is_file():
            break
    else:
        raise CatalogueMissing(f"{name} is in none of {', '.join(map(str, folders()))}")
    table: dict[tuple[str, str, str | None], str | tuple[str, ...]] = {}
    for context in ET.parse(path).getroot().iter("context"):
        context_name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") is not None:
                continue  # unfinished, vanished or obsolete: the source stands
            key = (context_name, message.findtext("source") or "", message.findtext("comment"))
            if message.get("numerus") == "yes":
                forms = tuple(f.text or "" for f in translation.iter("numerusform"))
                if forms and all(forms):
                    table[key] = forms
            elif translation.text:
                table[key] = translation.text
    return table


def _form(lang: str, forms: tuple[str, ...], n: int) -> str:
    """The numerus form for ``n``: Chinese has one; English one (n = 1) or many."""
    if lang == "en" and len(forms) > 1 and n != 1:
        return forms[1]
    return forms[0]


def lookup(lang: str, phrase: Phrase, n: int | None = None) -> str:
    """``phrase`` in ``lang``; a counted phrase needs ``n`` and has it written in."""
    found = entries(lang).get((phrase.context, phrase.source, phrase.comment))
    if phrase.counted:
        count = 0 if n is None else n
        template = _form(lang, found, count) if isinstance(found, tuple) else phrase.source
        return template.replace("%n", f"{count:,}")
    return found if isinstance(found, str) else phrase.source
