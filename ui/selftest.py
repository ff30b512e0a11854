"""The window's share of ``fieldbook --self-test`` (see :mod:`desktop.selftest`).

Starts Qt (offscreen unless ``QT_QPA_PLATFORM`` says otherwise), checks what a bundle must
carry for the window (the platform plugins, SVG icons, the bundled fonts, Fieldbook's and
Qt's Chinese translations), then builds the main window in Chinese over the self-test's
data folder and waits for its incident list. Any problem raises
:class:`~desktop.selftest.SelfTestFailed` with one line saying what.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QLibraryInfo,
    QSettings,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QGuiApplication, QImageReader
from PySide6.QtWidgets import QStyleFactory

from desktop.selftest import SelfTestFailed, require_in_bundle
from ui.app import build, make_application
from ui.i18n import TRANSLATIONS
from ui.resources import RESOURCES, bundled_fonts, icon
from ui.settings import LANGUAGE

#: Platform plugins a bundle must carry, by platform (the offscreen one runs this test).
PLATFORM_PLUGINS = {
    "linux": ("xcb", "offscreen"),
    "win32": ("windows", "offscreen"),
    "darwin": ("cocoa", "offscreen"),
}
LIST_TIMEOUT_MS = 30_000


def check_window(data_dir: Path) -> str:
    """Start Qt, check its plugins, fonts and translations, build the window; say what ran."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_application()
    plugins = _check_plugins()
    fonts = _check_fonts()
    _check_translations()
    settings = QSettings(str(data_dir / "self-test-settings.ini"), QSettings.Format.IniFormat)
    LANGUAGE.set(settings, "zh_CN")
    window = build(data_dir, app, settings, install_hooks=False, start_sync=False)
    try:
        window.resize(1280, 800)
        window.show()
        loop = QEventLoop()
        window.list_loaded.connect(loop.quit)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(LIST_TIMEOUT_MS)
        loop.exec()
        if not timer.isActive():
            raise SelfTestFailed(f"the incident list did not load in {LIST_TIMEOUT_MS} ms")
        timer.stop()
        incidents = window.model.total()
        if not incidents:
            raise SelfTestFailed("the window lists no incidents")
        if window.grab().isNull():
            raise SelfTestFailed("the window cannot be drawn")
    finally:
        window.ctx.tasks.wait()
        window.close()
        window.deleteLater()
        window.ctx.store.close()
        QCoreApplication.processEvents()
    return (
        f"Qt {QLibraryInfo.version().toString()} on {QGuiApplication.platformName()}, "
        f"main window in Chinese over {incidents} incidents; {plugins}; {fonts}"
    )


def _check_plugins() -> str:
    """The platform plugins, SVG for the icons, and the Fusion style are all there."""
    folders = [Path(p) / "platforms" for p in QCoreApplication.libraryPaths()]
    folder = next((f for f in folders if f.is_dir()), None)
    if folder is None:
        raise SelfTestFailed(f"no Qt platform plugins in {QCoreApplication.libraryPaths()}")
    require_in_bundle("Qt's plugins", folder)
    present = {p.name for p in folder.iterdir()}
    for name in PLATFORM_PLUGINS.get(sys.platform, ("offscreen",)):
        if not any(f"q{name}." in file for file in present):
            raise SelfTestFailed(f"Qt's {name} platform plugin is missing from {folder}")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"svg", "png", "jpeg"} - formats
    if missing:
        raise SelfTestFailed(f"Qt cannot read {', '.join(sorted(missing))} images")
    if icon("fieldbook").pixmap(64, 64).isNull():
        raise SelfTestFailed("the app icon (SVG) does not draw")
    styles = QStyleFactory.keys()  # Fusion is built into QtWidgets; no plugin needed
    if "Fusion" not in styles:
        raise SelfTestFailed(f"Qt has no Fusion style (only {', '.join(styles)})")
    return f"plugins in {folder.parent}"


def _check_fonts() -> str:
    """A bundle's own fonts are loaded into Qt; from source Qt uses the system's."""
    folder = RESOURCES / "fonts"
    if not folder.is_dir():
        return "system fonts (no bundled fonts folder)"
    loaded = bundled_fonts()
    families = {family for names in loaded.values() for family in names}
    for wanted in ("WenQuanYi Micro Hei", "DejaVu Sans"):
        if wanted not in families:
            raise SelfTestFailed(f"the bundled font {wanted} did not load into Qt ({loaded})")
    return f"fonts {', '.join(sorted(families))} from {folder}"


def _check_translations() -> None:
    """Fieldbook's compiled translations and Qt's own Chinese are where the app looks."""
    for language in ("en", "zh_CN"):
        own = QTranslator()
        if not own.load(f"fieldbook_{language}", str(TRANSLATIONS)) or own.isEmpty():
            raise SelfTestFailed(f"no compiled translation fieldbook_{language} in {TRANSLATIONS}")
    require_in_bundle("the translations", TRANSLATIONS)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator()
    if not qt.load("qtbase_zh_CN", qt_dir):
        raise SelfTestFailed(f"Qt's own Chinese translation (qtbase_zh_CN) is missing in {qt_dir}")
