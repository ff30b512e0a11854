"""Languages: English and Simplified Chinese, following the system unless chosen.

``.ts`` sources live in resources/translations; scripts/setup compiles them to ``.qm``
next to them (the report reads the same ``.ts``, see report/catalogue.py). Messages from
desktop/ and the domain (use-case refusals, status names) are marked with
``QT_TRANSLATE_NOOP`` there and translated here, at display time; a parameter that is
marked text itself is a :class:`~domain.messages.Term` and names its own context.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from domain.messages import DomainError, Message, Term

if TYPE_CHECKING:
    from domain.records import Status

log = logging.getLogger("fieldbook.ui")

TRANSLATIONS = Path(__file__).resolve().parents[1] / "resources" / "translations"
LANGUAGES = ("en", "zh_CN")


def system_language() -> str:
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


class Translators:
    """Installs the app's and Qt's own translators for one language at a time."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.language = "en"
        self._installed: list[QTranslator] = []

    def use(self, language: str | None) -> str:
        """Switch to ``language`` ("en", "zh_CN", or None for the system's); returns it."""
        wanted = language if language in LANGUAGES else system_language()
        for translator in self._installed:
            self.app.removeTranslator(translator)
        self._installed = []
        own = QTranslator(self.app)
        # English loads too: it holds the plural forms ("%n incident" / "%n incidents").
        if own.load(f"fieldbook_{wanted}", str(TRANSLATIONS)):
            self._installed.append(own)
        else:
            log.warning("no compiled translation fieldbook_%s in %s", wanted, TRANSLATIONS)
        if wanted != "en":
            qt = QTranslator(self.app)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt.load(f"qtbase_{wanted}", qt_dir):
                self._installed.append(qt)
        for translator in self._installed:
            self.app.installTranslator(translator)
        self.language = wanted
        QLocale.setDefault(
            QLocale(QLocale.Language.Chinese if wanted == "zh_CN" else QLocale.Language.English)
        )
        return wanted


def message_text(message: Message) -> str:
    """``message`` in the current language, its :class:`Term` parameters translated too
    (each in its own context); the others (what was typed, numbers) shown as they are."""
    template = QCoreApplication.translate(message.context, message.template)
    params = {
        key: QCoreApplication.translate(value.context, value.text)
        if isinstance(value, Term)
        else value
        for key, value in message.params.items()
    }
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        log.warning("translation of %r does not fit its parameters", message.template)
        return str(message)


def error_text(error: DomainError) -> str:
    return message_text(error.message)


def status_label(status: Status) -> str:
    return QCoreApplication.translate("Status", status.label)
