"""The laptop's settings registry: typed reads with defaults, one declaration per key,
and an older settings file brought up to the current layout when the window opens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QApplication

from desktop.store.db import Store
from ui.app import build
from ui.settings import (
    LANGUAGE,
    SETTINGS,
    SIGN_IN_OFFERED,
    UPGRADES,
    VERSION,
    VERSION_KEY,
    WINDOW_GEOMETRY,
    stored_version,
    upgrade,
)

UI = Path(__file__).resolve().parents[2] / "ui"


def _ini(path: Path, text: str) -> QSettings:
    path.write_text(text, encoding="utf-8")
    return QSettings(str(path), QSettings.Format.IniFormat)


def test_each_setting_is_declared_once_with_a_meaning() -> None:
    keys = [s.key for s in SETTINGS]
    assert len(keys) == len(set(keys))
    assert VERSION_KEY not in keys
    for setting in SETTINGS:
        assert setting.meaning and isinstance(setting.default, setting.type), setting.key
    assert set(UPGRADES) == set(range(1, VERSION))  # a step from every older version


def test_no_ui_module_names_a_settings_key_itself() -> None:
    """Every read and write goes through the registry (ui/settings.py)."""
    literal = re.compile(r"""settings\.(value|setValue|contains|remove)\(\s*["']""")
    for path in UI.rglob("*.py"):
        if path.name != "settings.py":
            assert not literal.search(path.read_text(encoding="utf-8")), path


def test_a_value_of_the_wrong_type_reads_as_the_default(tmp_path: Path) -> None:
    settings = _ini(
        tmp_path / "settings.ini",
        "[ui]\nlanguage=klingon\n[sync]\nsign_in_offered=banana\nserver_url=@ByteArray(https://office)\n"
        "[main]\ngeometry=not bytes\n",
    )
    assert LANGUAGE.get(settings) == "system"  # outside its choices
    assert SIGN_IN_OFFERED.get(settings) is False
    assert WINDOW_GEOMETRY.get(settings) == QByteArray()
    for setting in SETTINGS:
        assert setting.get(settings) == setting.default, setting.key

    good = _ini(
        tmp_path / "good.ini",
        "[ui]\nlanguage=zh_CN\n[sync]\nsign_in_offered=true\nserver_url=https://office\n",
    )
    assert LANGUAGE.get(good) == "zh_CN"
    assert SIGN_IN_OFFERED.get(good) is True
    SIGN_IN_OFFERED.set(good, False)
    good.sync()
    assert (
        SIGN_IN_OFFERED.get(QSettings(str(tmp_path / "good.ini"), QSettings.Format.IniFormat))
        is False
    )


def test_writing_a_value_of_the_wrong_type_is_refused(settings: QSettings) -> None:
    with pytest.raises(TypeError):
        SIGN_IN_OFFERED.set(settings, "yes")  # type: ignore[arg-type]
    assert not settings.contains(SIGN_IN_OFFERED.key)


def test_an_old_settings_file_is_upgraded_when_the_window_opens(
    qapp: QApplication, qtbot, store: Store, data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "old.ini"
    # As Fieldbook wrote it before the settings had a version.
    old = _ini(path, "[ui]\nlanguage=en\n[sync]\nasked=true\nserver_url=https://office\n")
    assert stored_version(old) == 1
    window = build(data_dir, qapp, old, install_hooks=False, start_sync=False)
    qtbot.addWidget(window)
    old.sync()
    again = QSettings(str(path), QSettings.Format.IniFormat)
    assert stored_version(again) == VERSION
    assert not again.contains("sync/asked")
    written = path.read_text(encoding="utf-8")
    assert f"version={VERSION}" in written and "asked" not in written
    assert SIGN_IN_OFFERED.get(again) is True  # renamed, its value kept
    assert LANGUAGE.get(again) == "en"
    upgrade(again)  # twice: nothing more
    assert SIGN_IN_OFFERED.get(again) is True and stored_version(again) == VERSION


def test_a_new_or_newer_settings_file_is_left_as_it_is(tmp_path: Path) -> None:
    fresh = _ini(tmp_path / "fresh.ini", "")
    upgrade(fresh)
    assert fresh.allKeys() == [VERSION_KEY]
    newer = _ini(tmp_path / "newer.ini", f"[settings]\nversion={VERSION + 1}\n[sync]\nasked=true\n")
    upgrade(newer)
    assert stored_version(newer) == VERSION + 1 and newer.contains("sync/asked")
