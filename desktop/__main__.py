"""``python -m desktop`` runs the command line."""

from desktop.cli import run

run()
