"""Pictures prepared once per content (report.pictures): the same bytes embedded as
when each report prepared its own, and an unreadable picture tried again each time."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image as PILImage
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image

from domain.signature import synthetic_signature
from report import signoff, timeline
from report.pictures import PICTURES, Picture, Prepared, PreparedPictures
from report.signature import render_signature_png
from tests.report_scenarios import photo


def _png(side: int) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (side, side), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_made_once_per_content_and_purpose() -> None:
    kept = PreparedPictures(count=2)
    calls: list[bytes] = []

    def make(data: bytes) -> Prepared:
        calls.append(data)
        return Prepared(_png(4), len(data), 1.0)

    first = kept.get(b"abc", "a", make)
    assert kept.get(bytes(bytearray(b"abc")), "a", make) is first  # same content, new object
    assert kept.get(b"abc", "b", make) is not first  # another purpose
    kept.get(b"xyz", "a", make)  # pushes the oldest out
    kept.get(b"abc", "a", make)
    assert calls == [b"abc", b"abc", b"xyz", b"abc"]


def test_what_is_kept_stays_within_its_budget() -> None:
    big = Prepared(_png(100), 1.0, 1.0)  # 30,000 bytes of pixels
    assert big.size > 30_000
    kept = PreparedPictures(budget=2 * big.size + 10)
    for name in (b"1", b"2", b"3"):
        kept.get(name, "a", lambda _: Prepared(_png(100), 1.0, 1.0))
    made: list[bytes] = []

    def make(data: bytes) -> Prepared:
        made.append(data)
        return big

    kept.get(b"1", "a", make)  # the oldest went
    kept.get(b"3", "a", make)  # the newest stayed
    assert made == [b"1"]
    alone = PreparedPictures(budget=10)  # a picture larger than the budget is still kept
    first = alone.get(b"x", "a", lambda _: big)
    assert alone.get(b"x", "a", lambda _: Prepared(_png(4), 1.0, 1.0)) is first


def test_a_picture_that_fails_is_not_kept() -> None:
    kept = PreparedPictures()
    tries: list[int] = []

    def broken(data: bytes) -> Prepared:
        tries.append(1)
        raise OSError("cannot identify image file")

    for _ in range(2):
        with pytest.raises(OSError):
            kept.get(b"not a picture", "a", broken)
    assert len(tries) == 2


def _embedded(flowable: Flowable | None) -> tuple[bytes, float, float]:
    """What an image flowable hands reportlab: the encoded picture, its printed size."""
    assert isinstance(flowable, Image)
    data: bytes = flowable._file.getvalue()  # type: ignore[attr-defined]
    return data, flowable.drawWidth, flowable.drawHeight


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_kept_picture_embeds_as_a_fresh_one_in_every_document(kind: str) -> None:
    """The same image object in the PDF, byte for byte, as reportlab makes from the
    encoded bytes; twice in a row (a JPEG's handle is each document's own)."""
    out = io.BytesIO()
    if kind == "PNG":
        image = PILImage.new("RGBA", (60, 20), (20, 40, 110, 255))
        image.putalpha(PILImage.linear_gradient("L").resize((60, 20)))
    else:
        image = PILImage.open(io.BytesIO(photo(2))).convert("RGB")
    image.save(out, format=kind)
    prepared = Prepared(out.getvalue(), 60.0, 20.0)

    def pdf(flowable: Image) -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=True, pageCompression=0)
        flowable.drawOn(canvas, 10, 10)
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    fresh = pdf(Image(io.BytesIO(prepared.data), width=60.0, height=20.0, mask="auto"))
    assert pdf(Picture(prepared, mask="auto")) == fresh
    assert pdf(Picture(prepared, mask="auto")) == fresh


@pytest.mark.parametrize("brief", [False, True])
def test_the_signature_embedded_is_what_preparing_it_anew_gives(brief: bool) -> None:
    PICTURES.clear()
    png = render_signature_png(synthetic_signature(4))
    height = (20 if brief else 26) * 72 / 25.4
    fresh = signoff._signature_picture(png, height)
    for _ in range(2):  # prepared, then kept
        image = signoff._signature_image(png, height)
        assert _embedded(image) == (fresh.data, fresh.width, fresh.height)
    with PILImage.open(io.BytesIO(fresh.data)) as img:
        assert img.mode == "RGBA" and img.size[1] <= round(height * 300 / 72)


def test_an_attachment_embedded_is_what_preparing_it_anew_gives() -> None:
    PICTURES.clear()
    data = photo(3)
    fresh = timeline._picture(data)
    for _ in range(2):
        assert _embedded(timeline._image(data)) == (fresh.data, fresh.width, fresh.height)
    assert timeline._image(b"not a picture") is None
    assert signoff._signature_image(b"not a picture") is None


def test_pictures_drawn_again_and_side_by_side_embed_as_reportlab_embeds_them() -> None:
    """Each picture's image object made once (Picture.draw): the same document, byte for
    byte, as reportlab's own image flowables make, with a picture drawn twice, two
    pictures sharing an alpha mask, a mask given or not, over two pages; twice."""
    encoded = []
    for kind, seed in (("PNG", 1), ("JPEG", 2), ("PNG", 3)):
        out = io.BytesIO()
        image = PILImage.open(io.BytesIO(photo(seed))).convert("RGB").resize((60, 20))
        if kind == "PNG":
            image = image.convert("RGBA")
            image.putalpha(PILImage.linear_gradient("L").resize((60, 20)))
        image.save(out, format=kind)
        encoded.append(out.getvalue())
    kept = [Prepared(data, 60.0, 20.0) for data in encoded]

    def pdf(make: Callable[[int, str | None], Image]) -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=True, pageCompression=0)
        for page in ([0, 1, 0], [2, 0]):
            for i, index in enumerate(page):
                make(index, "auto" if i != 2 else None).drawOn(canvas, 10, 10 + 30 * i)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    def reportlabs(i: int, mask: str | None) -> Image:
        return Image(io.BytesIO(encoded[i]), width=60.0, height=20.0, mask=mask)  # type: ignore[arg-type]

    fresh = pdf(reportlabs)
    for _ in range(2):
        assert pdf(lambda i, mask: Picture(kept[i], mask=mask)) == fresh
