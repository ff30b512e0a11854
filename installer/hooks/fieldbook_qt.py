"""Which of Qt's plugins and translations the bundle carries (used by the hooks here).

PyInstaller's own hooks for PySide6 collect every plugin of every kind a Qt module may
use, and then every system library those plugins link to: the gtk3 platform theme alone
brings a copy of the system's whole GTK stack. The hooks in this folder take the place
of PyInstaller's for the Qt modules Fieldbook imports and drop the rest *before* the
dependency analysis, so what a dropped plugin links to stays out too.
"""

from __future__ import annotations

from pathlib import PurePath

# platforms: the desktops' (xcb, wayland, windows, cocoa), offscreen for the self-test
# and screenshots, minimal for tools; imageformats: what icons and attachments come in;
# iconengines: SVG icons; platforminputcontexts: input methods (Chinese is typed through
# ibus or fcitx); platformthemes: native file dialogs through the XDG portal, not gtk3;
# printsupport: printing reports; networkinformation: "online?" for the sync; wayland-*:
# what the wayland platform needs for a raster (non-OpenGL) window. Fusion, the style,
# is built into QtWidgets. None: every plugin of that kind.
KEEP_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"qxcb", "qoffscreen", "qminimal", "qwayland", "qwindows", "qcocoa"},
    "imageformats": {"qsvg", "qjpeg", "qgif", "qico", "qtiff", "qwebp"},
    "iconengines": None,
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "platformthemes": {"qxdgdesktopportal"},
    "printsupport": None,
    "networkinformation": None,
    "xcbglintegrations": {"qxcb-glx-integration"},
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
    "wayland-shell-integration": {"xdg-shell"},
    "styles": None,
}
#: Qt's own messages (dialog buttons and the like) in Chinese; English is built in.
KEEP_QT_TRANSLATIONS = {"qtbase_zh_CN.qm", "qt_zh_CN.qm"}


def keep(dest: str) -> bool:
    """Whether a file PyInstaller would put at ``dest`` (inside the bundle) goes in."""
    parts = PurePath(dest).parts
    if not parts or parts[0] != "PySide6":
        return True
    if "plugins" in parts:
        at = parts.index("plugins")
        kind = parts[at + 1] if len(parts) > at + 1 else ""
        if kind not in KEEP_PLUGINS:
            return False
        wanted = KEEP_PLUGINS[kind]
        stem = PurePath(dest).stem.removeprefix("lib")
        return wanted is None or stem in wanted
    if "translations" in parts:
        return PurePath(dest).name in KEEP_QT_TRANSLATIONS
    return True


def kept(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Hook entries ``(source, destination folder)`` without the dropped plugins."""
    return [(src, dest) for src, dest in entries if keep(str(PurePath(dest) / PurePath(src).name))]
