"""The signature as a PNG, drawn from its strokes with the pad's ink model (Pillow, no Qt)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from PIL import Image, ImageDraw

from domain.records import Stroke
from domain.signature import UNITS_PER_PX, ink, sample_steps

INK = (20, 40, 110, 255)  # dark blue, like a pen
MARGIN_PX = 8.0
MAX_SIDE = 2400  # device pixels: a large pad at scale 3 still makes a modest file
_SUPERSAMPLE = 3


def render_signature_png(strokes: Sequence[Stroke], *, scale: float = 3.0) -> bytes:
    """The signature cropped to its ink (plus a margin), ``scale`` device pixels per logical
    pixel, transparent background; the same strokes always give the same bytes."""
    points = [p for s in strokes for p in s]
    if not points:
        raise ValueError("no strokes to draw")
    left = min(p.x for p in points) / UNITS_PER_PX - MARGIN_PX
    top = min(p.y for p in points) / UNITS_PER_PX - MARGIN_PX
    width = max(p.x for p in points) / UNITS_PER_PX + MARGIN_PX - left
    height = max(p.y for p in points) / UNITS_PER_PX + MARGIN_PX - top
    scale = min(scale, MAX_SIDE / max(width, height))
    ss = scale * _SUPERSAMPLE
    size = (max(1, math.ceil(width * ss)), max(1, math.ceil(height * ss)))
    # Draw large in one channel, then shrink: the shrink is the anti-aliasing.
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    for pieces in ink(strokes):
        for piece in pieces:
            for x, y, w in piece.sample(sample_steps(piece, ss)):
                r = max(w * ss / 2, 0.5)
                cx, cy = (x - left) * ss, (y - top) * ss
                draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
    final = (max(1, round(size[0] / _SUPERSAMPLE)), max(1, round(size[1] / _SUPERSAMPLE)))
    alpha = mask.resize(final, Image.Resampling.LANCZOS)
    image = Image.new("RGBA", final, INK)
    image.putalpha(alpha)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
