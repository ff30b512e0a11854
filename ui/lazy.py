"""Modules the window's frame names but does not use until it has data (issue 16).

The frame paints before the store is open; the domain's records and clocks and the list's
index are only read once rows come (and the reader thread has imported them by then).
A module that needs one of them at run time but must not import it for the frame names
it through :func:`module`, imported for real under ``TYPE_CHECKING`` so that its types
stay checked::

    if TYPE_CHECKING:
        from domain import sla
    else:
        sla = ui.lazy.module("domain.sla")

``sla.urgency`` then imports :mod:`domain.sla` the first time it is read.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class _Module:
    """Stands for a module until an attribute is read; then gives the module's."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<{self._name}, imported at first use>"


def module(name: str) -> Any:
    """``name``, imported when one of its attributes is first read."""
    return _Module(name)
