"""Where a data folder is when none is given."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "FIELDBOOK_DATA_DIR"


def default_data_dir() -> Path:
    """``$FIELDBOOK_DATA_DIR``, else the platform's user data folder for Fieldbook."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("Fieldbook", appauthor=False))
