"""What the window's first paint does not wait for (issue 16): modules the frame names but
does not use until it has data, and work done once the window is on screen.

The frame paints before the store is open; the domain's records and clocks and the list's
index are only read once rows come (and the reader thread has imported them by then).
A module that needs one of them at run time but must not import it for the frame names
it through :func:`module`, imported for real under ``TYPE_CHECKING`` so that its types
stay checked::

    if TYPE_CHECKING:
        from domain import sla
    else:
        sla = ui.lazy.module("domain.sla")

``sla.urgency`` then imports :mod:`domain.sla` the first time it is read. Work the first
sight of the window does not need waits for it with :func:`after_first_paint`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _Module:
    """Stands for a module until an attribute is read; then gives the module's, kept
    after the first read (the list reads some for every row: a plain attribute then).
    Meant for what a module defines once (classes, functions, constants), not for a
    global it rebinds later."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        value = getattr(module, attr)
        setattr(self, attr, value)
        return value

    def __repr__(self) -> str:
        return f"<{self._name}, imported at first use>"


def module(name: str) -> Any:
    """``name``, imported when one of its attributes is first read."""
    return _Module(name)


class _FirstPaint(QObject):
    """Runs ``then`` on the event loop's turn after ``widget`` first paints."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            # After the whole window's paint (its children paint in the same pass); not
            # at all if the widget is gone by then (this filter goes with it).
            QTimer.singleShot(0, self, then)
        return False


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Do ``then`` once ``widget`` has painted: what the first sight of the window does
    not need waits until it is there."""
    _FirstPaint(widget, then)
