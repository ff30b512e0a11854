"""Syncing the laptop with the central service (no Qt): the engine, the device token in
the OS keyring, and the use cases the window and the command line call.

Public API (``desktop.syncing.usecases``): :func:`login`, :func:`logout`, :func:`sync_now`,
:func:`sync_status`, :func:`rejected_changes`, :func:`retry_rejected`,
:func:`discard_rejected`; their refusals are in :mod:`desktop.syncing.errors`.
"""
