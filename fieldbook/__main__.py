"""``python -m fieldbook``: the command line and the window (the bundle starts here)."""

from fieldbook import run

run()
