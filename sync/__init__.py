"""Synchronisation between the technicians' laptops and the central service.

``sync.protocol`` is the versioned wire format both ends share; ``sync.server`` is the
central service (``fieldbook-server``). The protocol is described in ``sync/README.md``.
Neither package imports Qt; the server imports only the pure rules of ``domain``.
"""
