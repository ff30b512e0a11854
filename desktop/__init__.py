"""Fieldbook, the technician's side: domain rules, local store, use cases, command line.

Nothing in this package imports Qt widgets; `ui/` builds on it.
"""

__version__ = "0.1.0"
