"""Every word of the console is in its Chinese catalogue, translated, with the same
placeholders; the language follows the visitor's choice, then the browser's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from sync.server.console import i18n

CONSOLE = Path(i18n.__file__).parent
KEYWORDS = {"_": None, "N_": None, "words": None, "w": None, "plural": (1, 2), "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _extracted() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(CONSOLE), method_map, options, keywords=KEYWORDS
    ):
        if isinstance(message, tuple):
            found.add((message[0], message[1]))
        else:
            found.add(message)
    return found


def _catalogue() -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    with i18n.CATALOGUES["zh"].open("rb") as source:
        catalog = read_po(source, locale="zh_CN")
    out: dict[str | tuple[str, str], str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        key: str | tuple[str, str]
        if isinstance(message.id, str):
            key = message.id
        else:
            key = (str(message.id[0]), str(message.id[1]))
        value = message.string
        out[key] = value if isinstance(value, str) else tuple(str(v) for v in value or ())
    return out


def test_every_string_is_in_the_catalogue_and_translated() -> None:
    extracted = _extracted()
    catalogue = _catalogue()
    missing = sorted(str(m) for m in extracted - set(catalogue))
    assert not missing, f"run scripts/translations and translate: {missing}"
    stale = sorted(str(m) for m in set(catalogue) - extracted)
    assert not stale, f"no longer used (run scripts/translations): {stale}"
    for source, translated in catalogue.items():
        texts = translated if isinstance(translated, tuple) else (translated,)
        assert all(texts), f"untranslated: {source!r}"
        wanted = set(PLACEHOLDER.findall(source if isinstance(source, str) else source[0]))
        for text in texts:
            assert set(PLACEHOLDER.findall(text)) == wanted, f"placeholders differ: {source!r}"


def test_the_chinese_catalogue_is_what_the_pages_get() -> None:
    words = i18n.Words("zh")
    assert words("Board") == "看板"
    assert words("%(n)s min ago", n=5) == "5 分钟前"
    assert words.plural("%(num)d open incident", "%(num)d open incidents", 3) == "3 个未结事件"
    english = i18n.Words("en")
    assert english.plural("%(num)d open incident", "%(num)d open incidents", 1) == "1 open incident"


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"),
    [
        ("zh", "en-GB,en;q=0.9", "zh"),
        ("en", "zh-CN,zh;q=0.9", "en"),
        (None, "zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        (None, "zh-Hans", "zh"),
        (None, "fr-FR,fr;q=0.9,en;q=0.5", "en"),
        (None, None, "en"),
        ("klingon", "", "en"),
    ],
)
def test_the_language_of_a_request(cookie: str | None, accept: str | None, expected: str) -> None:
    assert i18n.choose(cookie, accept) == expected
