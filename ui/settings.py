"""Settings: language (follows the system unless chosen), where the data and log are."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from ui.context import AppContext

LANGUAGE_KEY = "ui/language"


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.language = QComboBox()
        self.language.addItem("", "system")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        current = str(ctx.settings.value(LANGUAGE_KEY, "system"))
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
        self.ctx.settings.setValue(LANGUAGE_KEY, choice)
        language = self.ctx.translators.use(None if choice == "system" else choice)
        self.ctx.hub.language_changed.emit(language)
