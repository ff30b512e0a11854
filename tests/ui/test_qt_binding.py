"""The Qt binding itself: a known-bad PySide6 release must never come back unnoticed."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_do_not_leak_references_to_none(qtbot) -> None:
    """PySide6-Essentials 6.12.0 on Python 3.11 dropped a reference to None on every call
    returning nothing; the SLA clocks' second-by-second updates then crashed the app
    ("deallocating None") within minutes. pyproject.toml pins it out."""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(5000):
        label.setText("x")
    assert sys.getrefcount(None) >= before - 50
