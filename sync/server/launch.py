"""The ``fieldbook-server`` command: says plainly when the service's extra is missing.

The laptop app installs without the service's dependencies (``pip install
fieldbook[laptop]``); running ``fieldbook-server`` there says what to install instead of
ending in an import error.
"""

from __future__ import annotations

import importlib.util
import sys

#: What only the service needs (pyproject.toml's ``server`` extra), by import name.
SERVER_MODULES = ("fastapi", "uvicorn")


def main() -> int:
    missing = [name for name in SERVER_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        print(
            "fieldbook-server: the central service is not installed here "
            f"(missing {', '.join(missing)}): pip install 'fieldbook[server]'",
            file=sys.stderr,
        )
        return 2
    from sync.server.cli import main as run

    return run()


def run() -> None:
    sys.exit(main())
