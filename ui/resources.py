"""Files under resources/: the style sheet and the icons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QIcon

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
#: Only a bundle has it (installer/build.py copies the fonts in); from source Qt uses the
#: system's fonts.
FONTS = RESOURCES / "fonts"
_loaded_fonts: dict[str, list[str]] | None = None


def icon(name: str) -> QIcon:
    return QIcon(str(RESOURCES / "icons" / f"{name}.svg"))


def style_sheet() -> str:
    """The style sheet, its ``url(icons/…)`` made absolute (Qt resolves them against the
    working directory otherwise)."""
    text = (RESOURCES / "style.qss").read_text(encoding="utf-8")
    return text.replace("url(icons/", f"url({(RESOURCES / 'icons').as_posix()}/")


def bundled_fonts() -> dict[str, list[str]]:
    """Load the bundle's fonts into Qt (once); font file name → the families it holds.

    Qt then finds Chinese and Latin text in the bundle's own copies, whatever the system
    has installed (an application font is searched like a system one, fontconfig or not).
    """
    global _loaded_fonts
    if _loaded_fonts is None:
        _loaded_fonts = {}
        for path in sorted(FONTS.glob("*.tt[fc]")) if FONTS.is_dir() else []:
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            _loaded_fonts[path.name] = list(families)
    return _loaded_fonts
