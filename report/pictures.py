"""Pictures made ready for the page once per content, not once per report.

A picture on a report (the client's signature, a photo attached to an entry) is decoded,
scaled to its printed size and encoded again before reportlab embeds it; that is the
same work, with the same result, every time the same bytes are printed, and a report of
the same incident is often built again (brief and detailed, each language, the preview
then the file, the service's copy). :class:`PreparedPictures` keeps the last few results
by the SHA-256 of the bytes and what they were prepared for; the report embeds exactly
what it embedded before. A picture that cannot be read is not kept: it is tried (and
its warning logged) again each time.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Prepared:
    """A picture as the page embeds it: encoded bytes, and its printed size in points."""

    data: bytes
    width: float
    height: float


class PreparedPictures:
    """The last ``size`` prepared pictures, by content and purpose; safe across threads."""

    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._kept: OrderedDict[tuple[bytes, Hashable], Prepared] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, data: bytes, purpose: Hashable, make: Callable[[bytes], Prepared]) -> Prepared:
        """``make(data)``, or what it gave the last time for the same bytes and purpose."""
        key = (hashlib.sha256(data).digest(), purpose)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return kept
        made = make(data)  # outside the lock: another picture need not wait for this one
        with self._lock:
            self._kept[key] = made
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return made

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


#: The report's pictures (signatures, attached photos).
PICTURES = PreparedPictures()
