"""Files under resources/: the style sheet and the icons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def icon(name: str) -> QIcon:
    return QIcon(str(RESOURCES / "icons" / f"{name}.svg"))


def style_sheet() -> str:
    """The style sheet, its ``url(icons/…)`` made absolute (Qt resolves them against the
    working directory otherwise)."""
    text = (RESOURCES / "style.qss").read_text(encoding="utf-8")
    return text.replace("url(icons/", f"url({(RESOURCES / 'icons').as_posix()}/")
