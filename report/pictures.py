"""Pictures made ready for the page once per content, not once per report.

A picture on a report (the client's signature, a photo attached to an entry) is decoded,
scaled to its printed size and encoded again before reportlab embeds it; reportlab then
decodes that again to name the image in the PDF (a digest of its pixels). That is the
same work, with the same result, every time the same bytes are printed, and a report of
the same incident is often built again (brief and detailed, each language, the preview
then the file, the service's copy). :class:`PreparedPictures` keeps the last few results
by the SHA-256 of the bytes and what they were prepared for, with their pixels decoded
once (:class:`DecodedPicture`); the report embeds exactly what it embedded before. A
picture that cannot be read is not kept: it is tried (and its warning logged) again
each time. What is kept is bounded by count and by bytes (pixels included).
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image


class DecodedPicture(ImageReader):
    """reportlab's reader of an encoded picture, its pixels (and alpha) decoded at once
    and then only read, so one serves every document, in any thread; a JPEG is handed
    to each document through a handle of its own (embedded as is, as reportlab does)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._encoded = data
        self.getSize()
        self.pixels = len(self.getRGBData())  # type: ignore[no-untyped-call]
        alpha = getattr(self, "_dataA", None)  # reportlab keeps the alpha as a reader
        if alpha is not None:
            self.pixels += len(alpha.getRGBData())

    def _jpeg_fh(self) -> io.BytesIO:  # reportlab's name
        return io.BytesIO(self._encoded)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A picture as the page embeds it: encoded bytes, and its printed size in points."""

    data: bytes
    width: float
    height: float
    reader: DecodedPicture = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "reader", DecodedPicture(self.data))

    @property
    def size(self) -> int:
        """Bytes kept: the encoded picture and its decoded pixels."""
        return len(self.data) + self.reader.pixels


class Picture(Image):
    """reportlab's image flowable for a prepared picture: draws it from its decoded
    reader instead of decoding its bytes again."""

    def __init__(self, picture: Prepared, **options: Any) -> None:
        self._img = picture.reader  # before reportlab's setup, which reads its size
        super().__init__(
            io.BytesIO(picture.data), width=picture.width, height=picture.height, **options
        )


class PreparedPictures:
    """The last prepared pictures, by content and purpose, at most ``count`` of them and
    ``budget`` bytes (one larger picture is still kept alone); safe across threads."""

    def __init__(self, count: int = 32, budget: int = 48 * 1024 * 1024) -> None:
        self._count = count
        self._budget = budget
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
            while len(self._kept) > 1 and (
                len(self._kept) > self._count
                or sum(p.size for p in self._kept.values()) > self._budget
            ):
                self._kept.popitem(last=False)
        return made

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


#: The report's pictures (signatures, attached photos).
PICTURES = PreparedPictures()
