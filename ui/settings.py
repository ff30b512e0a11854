"""The laptop's settings, declared once (:data:`SETTINGS`), and the Settings dialog.

Each :class:`Setting` is a QSettings key with its type, its default and its meaning; the
window reads and writes them only through these, never by a key string. A value stored
with the wrong type (or outside its choices) reads as the default. The store carries a
version (:data:`VERSION`); :func:`upgrade` brings an older one up, step by step
(:data:`UPGRADES`), when the window opens.

The dialog: language (follows the system unless chosen), where the data and log are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QEvent, QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from ui.context import AppContext

log = logging.getLogger("fieldbook.ui")

T = TypeVar("T", str, bool, QByteArray)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One QSettings key: what type its value has, what it is when unset, what it means."""

    key: str
    type: type[T]
    default: T
    meaning: str
    # The values it may take (empty: any of its type).
    choices: tuple[T, ...] = ()

    def get(self, settings: QSettings) -> T:
        """The stored value, or the default when unset or not a value of this setting."""
        value = self._typed(settings.value(self.key))
        if value is None or (self.choices and value not in self.choices):
            return self.default
        return value

    def set(self, settings: QSettings, value: T) -> None:
        if not isinstance(value, self.type):
            raise TypeError(f"{self.key}: {type(value).__name__}, not {self.type.__name__}")
        settings.setValue(self.key, value)

    def _typed(self, raw: object) -> T | None:
        # An INI file gives back every plain value as text: true/false for a bool.
        if isinstance(raw, self.type):
            return raw
        if self.type is bool and isinstance(raw, str) and raw.lower() in ("true", "false"):
            return self.type(raw.lower() == "true")
        return None


LANGUAGE = Setting(
    "ui/language",
    str,
    "system",
    "The window's language: the system's, or one chosen in Settings.",
    choices=("system", "en", "zh_CN"),
)
SERVER_URL = Setting("sync/server_url", str, "", "The office service last signed in to.")
USERNAME = Setting("sync/username", str, "", "The user name last signed in with.")
SIGN_IN_OFFERED = Setting(
    "sync/sign_in_offered",
    bool,
    False,
    "The first start offered a sign-in; later starts ask only when the office refuses.",
)
WINDOW_GEOMETRY = Setting(
    "main/geometry", QByteArray, QByteArray(), "The main window's size and place."
)
WINDOW_STATE = Setting(
    "main/state", QByteArray, QByteArray(), "The main window's toolbars and docks."
)
WORKSPACE_SPLIT = Setting(
    "workspace/splitter", QByteArray, QByteArray(), "Where the workspace's two panes divide."
)

# Every setting of the laptop.
SETTINGS: tuple[Setting[str] | Setting[bool] | Setting[QByteArray], ...] = (
    LANGUAGE,
    SERVER_URL,
    USERNAME,
    SIGN_IN_OFFERED,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    WORKSPACE_SPLIT,
)

VERSION_KEY = "settings/version"
# The settings' layout version. 1: before it was written down (no version key).
VERSION = 2


def _rename(old: str, new: str) -> Callable[[QSettings], None]:
    def step(settings: QSettings) -> None:
        if settings.contains(old):
            if not settings.contains(new):
                settings.setValue(new, settings.value(old))
            settings.remove(old)

    return step


# From version N to N + 1.
UPGRADES: dict[int, Callable[[QSettings], None]] = {
    # "sync/asked" did not say what had been asked.
    1: _rename("sync/asked", SIGN_IN_OFFERED.key),
}


def stored_version(settings: QSettings) -> int:
    """The layout ``settings`` was written in: 1 when it has keys but no version, the
    current one when it is empty (nothing to upgrade)."""
    raw = settings.value(VERSION_KEY)
    if raw is None:
        return 1 if settings.allKeys() else VERSION
    try:
        return int(raw)
    except (TypeError, ValueError):
        log.warning("settings version %r is not a number: taken as 1", raw)
        return 1


def upgrade(settings: QSettings) -> None:
    """Bring ``settings`` to :data:`VERSION`. A newer layout (a newer Fieldbook wrote it)
    is left as it is: the settings known here read as usual, the rest stay for it."""
    version = stored_version(settings)
    if version > VERSION:
        log.info("settings version %d is newer than %d: left as they are", version, VERSION)
        return
    while version < VERSION:
        UPGRADES[version](settings)
        version += 1
        log.info("settings upgraded to version %d", version)
    settings.setValue(VERSION_KEY, VERSION)


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.language = QComboBox()
        self.language.addItem("", "system")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        current = LANGUAGE.get(ctx.settings)
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.currentIndexChanged.connect(self._apply_language)
        self.data_dir = QLabel(str(ctx.store.data_dir))
        self.log_file = QLabel(str(ctx.log_path))
        for label in (self.data_dir, self.log_file):
            label.setProperty("muted", True)
            label.setWordWrap(True)
        self.labels = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout(self)
        form.addRow(self.labels[0], self.language)
        form.addRow(self.labels[1], self.data_dir)
        form.addRow(self.labels[2], self.log_file)
        self.labels[0].setBuddy(self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.language.setItemText(0, self.tr("Same as the system"))
        self.labels[0].setText(self.tr("&Language"))
        self.labels[1].setText(self.tr("Data folder"))
        self.labels[2].setText(self.tr("Log file"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _apply_language(self) -> None:
        choice = str(self.language.currentData())
        LANGUAGE.set(self.ctx.settings, choice)
        language = self.ctx.translators.use(None if choice == "system" else choice)
        self.ctx.hub.language_changed.emit(language)
