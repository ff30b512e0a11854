"""``python -m desktop`` runs the command line without the window (``fieldbook`` has both)."""

from desktop.cli import run

run()
