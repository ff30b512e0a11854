"""A handwritten signature as vectors: when it is enough, and how its ink is drawn.

The pad records pen samples (:class:`~domain.records.SignaturePoint`) and both the
pad and the PNG renderer draw them with the same ink model, the one the well-known
signature pads use (signature_pad.js): the pen path is smoothed with quadratic Bézier
curves through the midpoints of successive samples, and the line is thinner where the pen
moved fast, from a velocity that is filtered so the width changes gently. A pen that
reports pressure adds it to the width.

Everything is in logical pixels (1/96 inch on a normal screen); points are stored in
tenths of one.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.messages import QT_TRANSLATE_NOOP, Message
from domain.records import SignaturePoint, Stroke

#: Stored coordinates per logical pixel.
UNITS_PER_PX = 10

# The ink model (signature_pad.js's defaults).
MIN_WIDTH = 0.6
MAX_WIDTH = 2.8
VELOCITY_FILTER_WEIGHT = 0.7
MIN_DISTANCE = 1.0  # samples closer than this (px) to the last one are skipped

# What a signature needs at least: more than a dot, a tick or a stray tap.
MIN_POINTS = 10
MIN_INK_LENGTH_PX = 80.0
MIN_EXTENT_PX = 30.0

#: Strokes with more points than this, or more strokes than this, are not a signature.
MAX_POINTS = 20_000
MAX_STROKES = 200
MAX_COORD = 1_000_000


def ink_length_px(strokes: Iterable[Stroke]) -> float:
    """The length of the pen path, in logical pixels."""
    total = 0.0
    for stroke in strokes:
        for a, b in itertools.pairwise(stroke):
            total += math.hypot(b.x - a.x, b.y - a.y)
    return total / UNITS_PER_PX


def extent_px(strokes: Iterable[Stroke]) -> tuple[float, float]:
    """Width and height of the box around every point, in logical pixels."""
    xs = [p.x for s in strokes for p in s]
    ys = [p.y for s in strokes for p in s]
    if not xs:
        return 0.0, 0.0
    return (max(xs) - min(xs)) / UNITS_PER_PX, (max(ys) - min(ys)) / UNITS_PER_PX


def signature_problem(strokes: Sequence[Stroke]) -> Message | None:
    """Why ``strokes`` cannot be accepted as a signature, or ``None`` if they can."""
    points = sum(len(s) for s in strokes)
    if points == 0:
        return Message(
            "Signature",
            QT_TRANSLATE_NOOP("Signature", "The signature is empty: ask the client to sign."),
        )
    if len(strokes) > MAX_STROKES or points > MAX_POINTS:
        return Message(
            "Signature",
            QT_TRANSLATE_NOOP("Signature", "The signature is too large; clear it and sign again."),
        )
    width, height = extent_px(strokes)
    if (
        points < MIN_POINTS
        or ink_length_px(strokes) < MIN_INK_LENGTH_PX
        or max(width, height) < MIN_EXTENT_PX
    ):
        return Message(
            "Signature",
            QT_TRANSLATE_NOOP(
                "Signature",
                "The signature is too short to be a signature: ask the client to sign in full.",
            ),
        )
    return None


def normalised(strokes: Iterable[Iterable[Sequence[int | None]]]) -> tuple[Stroke, ...]:
    """``strokes`` (as points or plain ``[x, y, t, pressure]`` lists) as typed, checked points.

    Raises ``ValueError`` for anything that is not whole numbers in range.
    """
    result: list[Stroke] = []
    for stroke in strokes:
        points: list[SignaturePoint] = []
        for raw in stroke:
            values = list(raw)
            if len(values) not in (3, 4):
                raise ValueError(f"a signature point has 3 or 4 values, not {len(values)}")
            x, y, t = values[:3]
            pressure = values[3] if len(values) == 4 else None
            for v in (x, y, t):
                if not isinstance(v, int) or isinstance(v, bool) or abs(v) > MAX_COORD * 100:
                    raise ValueError(f"not a whole number in range: {v!r}")
            if pressure is not None and (
                not isinstance(pressure, int)
                or isinstance(pressure, bool)
                or not 0 <= pressure <= 1000
            ):
                raise ValueError(f"pressure must be 0–1000: {pressure!r}")
            assert isinstance(x, int) and isinstance(y, int) and isinstance(t, int)
            points.append(SignaturePoint(x, y, t, pressure))
        if points:
            result.append(tuple(points))
    return tuple(result)


# --- the ink model --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InkSegment:
    """A quadratic Bézier piece of ink, its width going from ``w0`` to ``w1`` (px)."""

    x0: float
    y0: float
    cx: float
    cy: float
    x1: float
    y1: float
    w0: float
    w1: float

    def sample(self, steps: int) -> list[tuple[float, float, float]]:
        """``steps + 1`` points (x, y, width) along the curve, both ends included."""
        out = []
        for i in range(steps + 1):
            t = i / steps
            u = 1.0 - t
            x = u * u * self.x0 + 2 * u * t * self.cx + t * t * self.x1
            y = u * u * self.y0 + 2 * u * t * self.cy + t * t * self.y1
            out.append((x, y, self.w0 + (self.w1 - self.w0) * t))
        return out

    @property
    def length(self) -> float:
        return math.hypot(self.cx - self.x0, self.cy - self.y0) + math.hypot(
            self.x1 - self.cx, self.y1 - self.cy
        )


class InkModel:
    """Turns pen samples into ink, one point at a time (the pad draws as the pen moves).

    ``add`` returns the new pieces of ink the point completes; ``end`` finishes a stroke.
    """

    def __init__(self, min_width: float = MIN_WIDTH, max_width: float = MAX_WIDTH) -> None:
        self.min_width = min_width
        self.max_width = max_width
        self._points: list[tuple[float, float, int, int | None]] = []
        self._velocity = 0.0
        self._width = (min_width + max_width) / 2
        self._last_mid: tuple[float, float] | None = None

    def begin(self) -> None:
        self._points = []
        self._velocity = 0.0
        self._width = (self.min_width + self.max_width) / 2
        self._last_mid = None

    def _target_width(self, velocity: float, pressure: int | None) -> float:
        width = max(self.max_width / (velocity + 1.0), self.min_width)
        if pressure is not None:
            share = pressure / 1000.0
            width = 0.5 * width + 0.5 * (
                self.min_width + (self.max_width - self.min_width) * share * 1.2
            )
        return min(max(width, self.min_width * 0.5), self.max_width * 1.2)

    def add(self, point: SignaturePoint) -> list[InkSegment]:
        x, y = point.x / UNITS_PER_PX, point.y / UNITS_PER_PX
        if self._points:
            px, py, pt, _ = self._points[-1]
            distance = math.hypot(x - px, y - py)
            if distance < MIN_DISTANCE:
                return []
            dt = max(point.t - pt, 1)
            velocity = (
                VELOCITY_FILTER_WEIGHT * (distance / dt)
                + (1 - VELOCITY_FILTER_WEIGHT) * self._velocity
            )
            self._velocity = velocity
        self._points.append((x, y, point.t, point.pressure))
        n = len(self._points)
        if n == 1:
            self._width = self._target_width(0.0, point.pressure)
            return []
        (ax, ay, _, _), (bx, by, _, _) = self._points[-2], self._points[-1]
        mid = ((ax + bx) / 2, (ay + by) / 2)
        start = self._last_mid if self._last_mid is not None else (ax, ay)
        control = (ax, ay)
        new_width = self._target_width(self._velocity, point.pressure)
        segment = InkSegment(
            start[0], start[1], control[0], control[1], mid[0], mid[1], self._width, new_width
        )
        self._width = new_width
        self._last_mid = mid
        return [segment]

    def end(self) -> list[InkSegment]:
        """The last piece, from the last midpoint to the pen-up point (or a dot)."""
        if not self._points:
            return []
        x, y, _, _ = self._points[-1]
        if self._last_mid is None:  # a single point: a dot
            return [InkSegment(x, y, x, y, x, y, self._width, self._width)]
        mx, my = self._last_mid
        return [InkSegment(mx, my, (mx + x) / 2, (my + y) / 2, x, y, self._width, self._width)]


def ink(strokes: Iterable[Stroke]) -> list[list[InkSegment]]:
    """The ink of every stroke, as the pad drew it."""
    model = InkModel()
    result = []
    for stroke in strokes:
        model.begin()
        pieces: list[InkSegment] = []
        for point in stroke:
            pieces += model.add(point)
        pieces += model.end()
        result.append(pieces)
    return result


def sample_steps(segment: InkSegment, scale: float = 1.0) -> int:
    """How many samples draw ``segment`` smoothly at ``scale`` device pixels per px."""
    return max(1, min(64, math.ceil(segment.length * scale / 0.75)))


def synthetic_signature(seed: int = 1, *, letters: int = 6) -> tuple[Stroke, ...]:
    """A plausible handwritten-looking signature, the same for the same ``seed``.

    For the demo office, tests and benchmarks: loops of varying height along a baseline,
    written at a human pace (a sample every 8 ms), then an underline.
    """
    import random

    rng = random.Random(seed)
    strokes: list[Stroke] = []
    t = 0
    x0, base = 40.0, 110.0
    x = x0
    for part in range(2):
        points: list[SignaturePoint] = []
        steps = letters * 18 // (part + 1)
        for i in range(steps):
            phase = i / 18 * 2 * math.pi
            radius = 14 + 9 * math.sin(i / 9 + seed + part) + rng.uniform(-0.3, 0.3)
            # A prolate cycloid: the pen loops back a little on every letter.
            px = x + i * 2.6 - radius * 0.9 * math.sin(phase)
            py = base - radius * (1 - math.cos(phase)) + 3 * math.sin(i / 13)
            points.append(SignaturePoint(round(px * UNITS_PER_PX), round(py * UNITS_PER_PX), t))
            t += 6 + round(6 * (1 + math.cos(phase))) + rng.randint(0, 3)
        strokes.append(tuple(points))
        x = points[-1].x / UNITS_PER_PX + 18
        t += 180
    underline = tuple(
        SignaturePoint(
            round((x0 - 10 + i * 9.0) * UNITS_PER_PX),
            round((base + 14 + 3 * math.sin(i / 4)) * UNITS_PER_PX),
            t + i * 6,
        )
        for i in range(letters * 5)
    )
    strokes.append(underline)
    return tuple(strokes)
