"""The console's words in English and Simplified Chinese: one gettext catalogue.

Why gettext (``locale/zh_CN/LC_MESSAGES/console.po``), read through Babel: the laptop's
Qt ``.ts`` catalogue cannot be loaded by the service (there is no Qt on it); gettext is
what Jinja2's i18n extension speaks, plural forms included; translators' tools read
``.po``; and Babel both extracts the strings from the templates and this package
(``scripts/translations``) and reads the catalogue when the service starts, so no
compiled ``.mo`` is kept in the repository. English is the source language: its
"translation" is the text itself. ``tests/console/test_catalogue.py`` fails on any
string missing from the catalogue, untranslated, fuzzy, or with different placeholders.

Strings in Python are marked with :func:`N_` (extracted, translated when shown) or
translated at once with a request's :class:`Words`.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "console"
#: Where each language's catalogue lives (English is the source: it has none).
CATALOGUES: Mapping[str, Path] = {
    "zh": LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.po",
}
#: What each language calls itself, for the switch in the page header.
NATIVE_NAMES: Mapping[str, str] = {"en": "English", "zh": "中文"}
#: The ``lang`` attribute of the pages.
HTML_LANG: Mapping[str, str] = {"en": "en", "zh": "zh-Hans"}


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark ``message`` for the catalogue; it is translated where it is shown."""
    return message


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``, read once per process."""
    path = CATALOGUES.get(lang)
    if path is None:
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale="zh_CN", domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@dataclass(frozen=True, slots=True)
class Words:
    """One request's language."""

    lang: str

    def __call__(self, message: str, **params: object) -> str:
        text = translations(self.lang).gettext(message)
        return text % params if params else text

    def plural(self, singular: str, plural: str, n: int, **params: object) -> str:
        text = translations(self.lang).ngettext(singular, plural, n)
        return text % {"num": n, **params}


def choose(cookie: str | None, accept_language: str | None) -> str:
    """The language of a request: the one chosen in the console, else the browser's."""
    if cookie in LANGUAGES:
        return cookie
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE
