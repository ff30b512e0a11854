"""Fieldbook, the technician's side: local store, use cases, sync engine, command line.

Nothing in this package imports Qt widgets: :mod:`ui` builds on it, and the program
(:mod:`fieldbook`) sits above both. The rules it applies live in :mod:`domain`.
"""

__version__ = "0.1.0"
