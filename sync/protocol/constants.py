"""Versions, headers and limits of the protocol."""

from __future__ import annotations

#: The version this code speaks. Bump it for any change an older peer would misread.
#: 2: entries in a pull carry the service's order and clock (pauses pair in that order),
#: refusals carry their translatable message, dispatch's entries (priority, assignment).
#: 3: contracts carry their client's time zone (``time_zone``); a version-2 laptop, whose
#: reader refuses unknown fields, is sent contracts without it (CONTRACT_ZONE_VERSION).
#: 4: a pull answer says how many days a laptop keeps a closed, synced incident
#: (``retention_days``); a version-2/3 laptop is sent pages without it (RETENTION_VERSION).
#: 4: devices the office controls and login throttling: refusals ``device_revoked``,
#: ``device_lost`` (with ``wipe_proof``) and ``429 too_many_attempts``; a version-3
#: laptop is answered ``unauthenticated`` and ``bad_credentials`` instead (DEVICES_VERSION);
#: also clients carry their contact's e-mail (``email``), sent only to version-4 laptops
#: (CLIENT_EMAIL_VERSION); the ``report.send`` mutation and ``delivery`` records in a pull.
PROTOCOL_VERSION = 4
#: The oldest client version the server still serves; older ones get 426. A version-1
#: laptop would pair pauses by its own clock and could not store dispatch's entries.
MIN_PROTOCOL_VERSION = 2
#: The first version whose contracts carry ``time_zone``.
CONTRACT_ZONE_VERSION = 3
#: The first version whose pull answers carry ``retention_days``.
RETENTION_VERSION = 4
#: The first version that reads the device and throttling refusals.
DEVICES_VERSION = 4
#: The first version whose clients carry ``email``.
CLIENT_EMAIL_VERSION = 4
#: Request and response header carrying the protocol version (a whole number).
PROTOCOL_HEADER = "Fieldbook-Protocol"
#: Response header naming the oldest version the server accepts.
MIN_PROTOCOL_HEADER = "Fieldbook-Protocol-Min"

#: Most mutations in one push; the client sends more in several pushes.
MAX_PUSH_MUTATIONS = 1000
#: Most bytes in one JSON request body; the client splits pushes to stay below it.
MAX_JSON_BODY = 8 * 1024 * 1024
#: Most bytes in one blob upload request (a whole blob, or one range of a bigger one).
MAX_BLOB_CHUNK = 8 * 1024 * 1024
#: Largest blob the service keeps (the laptop refuses bigger attachments already).
MAX_BLOB_SIZE = 512 * 1024 * 1024
#: Page size of a pull when the client asks for none, and the most it may ask for.
DEFAULT_PULL_LIMIT = 500
MAX_PULL_LIMIT = 2000
#: A pull page also stops once its records reach about this many bytes (a page always
#: holds at least one record): large pasted logs must not make pages of hundreds of MB.
MAX_PULL_BYTES = 8 * 1024 * 1024
