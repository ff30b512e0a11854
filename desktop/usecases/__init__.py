"""What the technician can do, one module per group; the UI and the command line call these.

Every function validates its input, changes the store in one transaction together with
its outbox rows, and returns a :class:`~desktop.usecases.common.Changed` saying what
changed, so windows refresh from that instead of polling. Refusals are
:class:`~desktop.usecases.errors.UseCaseError` subclasses with a message for a technician.
"""
