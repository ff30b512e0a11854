"""Pictures prepared once per content (report.pictures): the same bytes embedded as
when each report prepared its own, and an unreadable picture tried again each time."""

from __future__ import annotations

import io

import pytest
from PIL import Image as PILImage
from reportlab.platypus import Flowable, Image

from domain.signature import synthetic_signature
from report import signoff, timeline
from report.pictures import PICTURES, Prepared, PreparedPictures
from report.signature import render_signature_png
from tests.report_scenarios import photo


def test_made_once_per_content_and_purpose() -> None:
    kept = PreparedPictures(size=2)
    calls: list[bytes] = []

    def make(data: bytes) -> Prepared:
        calls.append(data)
        return Prepared(data[::-1], len(data), 1.0)

    first = kept.get(b"abc", "a", make)
    assert kept.get(bytes(bytearray(b"abc")), "a", make) is first  # same content, new object
    assert kept.get(b"abc", "b", make) is not first  # another purpose
    kept.get(b"xyz", "a", make)  # pushes the oldest out
    kept.get(b"abc", "a", make)
    assert calls == [b"abc", b"abc", b"xyz", b"abc"]


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
    data: bytes = flowable._img.fp.getvalue()  # type: ignore[attr-defined]
    return data, flowable.drawWidth, flowable.drawHeight


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
