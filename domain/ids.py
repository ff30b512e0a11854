"""Record ids made on the laptop: UUID version 7 (RFC 9562), time-ordered and unique.

Offline records never clash because nobody but the laptop hands out their ids. The
timestamp part only keeps ids of one laptop roughly in creation order (good for indexes);
nothing decides anything by it, since laptop clocks are often wrong.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_seq = 0


def new_id() -> uuid.UUID:
    """Return a new UUIDv7; ids from one process are strictly increasing."""
    global _last_ms, _seq
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            # Same millisecond or a clock that stepped back: keep order with a counter.
            _seq += 1
            if _seq > 0xFFF:
                _last_ms += 1
                _seq = 0
            ms = _last_ms
        else:
            _seq = int.from_bytes(os.urandom(2), "big") & 0x7FF  # room to count up
            _last_ms = ms
        seq = _seq
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | seq << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)


def id_time_ms(value: uuid.UUID) -> int:
    """The Unix time in milliseconds written into a UUIDv7."""
    return value.int >> 80
