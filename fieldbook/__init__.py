"""The ``fieldbook`` program: the command line and, with no command, the window.

It sits above both halves of the laptop app and is the one place that knows about both:
:mod:`desktop` (store, use cases, command line; no widgets) and :mod:`ui` (the Qt
window). It hands the command line a :class:`desktop.cli.Gui` whose methods import the
window only when a command needs it, so ``fieldbook note …`` never loads Qt.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from desktop import agent

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


class _Window:
    """:class:`desktop.cli.Gui`, backed by :mod:`ui`."""

    def run(self, data_dir: Path) -> int:
        from ui.app import run_gui

        return run_gui(data_dir)

    def screenshots(self, data_dir: Path, out: Path) -> int:
        from ui.screenshots import take

        return len(take(data_dir, out))

    def self_test(self, data_dir: Path) -> str:
        from ui.selftest import check_window

        return check_window(data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``argv`` (the program's arguments by default): through the data folder's
    command agent when one answers (:mod:`desktop.agent`), else in this process."""
    args = sys.argv[1:] if argv is None else list(argv)
    code = agent.relay(args)
    if code is not None:
        return code
    from desktop import cli

    return cli.main(args, gui=_Window())


def run() -> None:
    sys.exit(main())
