"""What every window needs, passed in (no globals): the store, background work, drafts,
translators, settings, and the broadcast of what changed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal

from ui.i18n import Translators
from ui.tasks import Failed, Tasks

if TYPE_CHECKING:  # the store's modules load after the window paints (ui.app)
    from desktop.drafts import DraftStore
    from desktop.store.db import Store
    from desktop.usecases.common import Changed

log = logging.getLogger("fieldbook.ui")


class Hub(QObject):
    """Windows refresh from this one broadcast instead of calling each other."""

    changed = Signal(object)  # desktop.usecases.common.Changed
    language_changed = Signal(str)
    templates_changed = Signal()  # action templates saved or deleted


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppContext:
    store: Store
    tasks: Tasks
    drafts: DraftStore
    translators: Translators
    settings: QSettings
    hub: Hub
    log_path: Path
    clock: Callable[[], datetime] = utcnow

    def write(
        self,
        work: Callable[[], Changed],
        on_done: Callable[[Changed], None] | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Run a use case on the writer thread; broadcast what it changed."""

        def done(changed: Any) -> None:
            if on_done is not None:
                on_done(changed)
            self.hub.changed.emit(changed)

        self.tasks.write(work, done, on_error)

    def read(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Failed | None = None,
    ) -> None:
        self.tasks.read(work, on_done, on_error)
