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
#: Random bytes from the OS, read a page at a time (a demo office makes a million ids,
#: one read each was a fifth of their cost) and used once each.
_random = b""
_used = 0
_RANDOM_READ = 4096


def _forget_random() -> None:
    """In a forked child: bytes the parent also holds must never make a second id."""
    global _random, _used
    _random, _used = b"", 0


os.register_at_fork(after_in_child=_forget_random)


def new_id() -> uuid.UUID:
    """Return a new UUIDv7; ids from one process are strictly increasing."""
    global _last_ms, _seq, _random, _used
    with _lock:
        if _used + 10 > len(_random):
            _random, _used = os.urandom(_RANDOM_READ), 0
        random = int.from_bytes(_random[_used : _used + 10], "big")
        _used += 10
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            # Same millisecond or a clock that stepped back: keep order with a counter.
            _seq += 1
            if _seq > 0xFFF:
                _last_ms += 1
                _seq = 0
            ms = _last_ms
        else:
            _seq = (random >> 64) & 0x7FF  # room to count up
            _last_ms = ms
        seq = _seq
    rand_b = random & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | seq << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)


def id_time_ms(value: uuid.UUID) -> int:
    """The Unix time in milliseconds written into a UUIDv7."""
    return value.int >> 80
