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

import copy
import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from reportlab import rl_config
from reportlab.lib.boxstuff import aspectRatioFix
from reportlab.lib.utils import ImageReader, _digester  # type: ignore[attr-defined]
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image


class DecodedPicture(ImageReader):
    """reportlab's reader of an encoded picture, its pixels (and alpha) decoded at once
    and then only read, so one serves every document, in any thread; a JPEG is handed
    to each document through a handle of its own (embedded as is, as reportlab does)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._encoded = data
        self._xobjects: dict[tuple[str, int], pdfdoc.PDFImageXObject] = {}
        self.getSize()
        self.pixels = len(self.getRGBData())  # type: ignore[no-untyped-call]
        alpha = getattr(self, "_dataA", None)  # reportlab keeps the alpha as a reader
        if alpha is not None:
            self.pixels += len(alpha.getRGBData())

    def _jpeg_fh(self) -> io.BytesIO:  # reportlab's name
        return io.BytesIO(self._encoded)

    def xobject(self, mask: Any) -> Any:
        """The image object reportlab's ``Canvas.drawImage`` makes of this picture for a
        document (named by a digest of its pixels and mask, its pixels compressed), made
        once per mask: a copy for each document."""
        key = (repr(mask), rl_config.useA85)
        made = self._xobjects.get(key)
        if made is None:
            # as drawImage names it
            smask = self._dataA  # type: ignore[attr-defined]
            mdata = smask.getRGBData() if mask == "auto" and smask else str(mask).encode("utf8")
            name = _digester(self.getRGBData() + mdata)  # type: ignore[no-untyped-call]
            made = pdfdoc.PDFImageXObject(name, self, mask=mask)
            made.name = name
            self._xobjects[key] = made
        twin: Any = copy.copy(made)
        smask = getattr(made, "_smask", None)
        if smask is not None:
            twin._smask = copy.copy(smask)
        return twin


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
    reader, with the image object made once (:meth:`DecodedPicture.xobject`), instead of
    decoding, digesting and compressing its pixels again."""

    def __init__(self, picture: Prepared, **options: Any) -> None:
        self._img = picture.reader  # before reportlab's setup, which reads its size
        self._picture = picture.reader
        super().__init__(
            io.BytesIO(picture.data), width=picture.width, height=picture.height, **options
        )

    def draw(self) -> None:
        draw_picture(
            self.canv,
            self._picture,
            getattr(self, "_offs_x", 0),
            getattr(self, "_offs_y", 0),
            self.drawWidth,
            self.drawHeight,
            self._mask,  # type: ignore[attr-defined]
        )


def draw_picture(
    canvas: Canvas,
    picture: DecodedPicture,
    x: float,
    y: float,
    width: float,
    height: float,
    mask: Any,
) -> None:
    """What ``canvas.drawImage(picture, x, y, width, height, mask=mask)`` does, with the
    picture's image object made once."""
    c: Any = canvas  # reportlab's private parts, as drawImage uses them
    c._currentPageHasImages = 1
    doc = c._doc
    made = picture.xobject(mask)
    name = made.name
    reg_name = doc.getXObjectName(name)
    image: Any = doc.idToObject.get(reg_name, None)
    if not image:
        image = made
        c._setXObjects(image)
        doc.Reference(image, reg_name)
        doc.addForm(name, image)
        smask = getattr(image, "_smask", None)
        if smask:
            mask_name = doc.getXObjectName(smask.name)
            if not doc.idToObject.get(mask_name, None):
                c._setXObjects(smask)
                image.smask = doc.Reference(smask, mask_name)
            else:
                image.smask = pdfdoc.PDFObjectReference(mask_name)
            del image._smask
    x, y, width, height, _ = aspectRatioFix(
        False, "c", x, y, width, height, image.width, image.height
    )
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    c._code.append(f"/{reg_name} Do")
    canvas.restoreState()
    c._formsinuse.append(name)


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
