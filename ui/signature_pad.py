"""The signature pad: the client signs with a mouse, a finger or a pen.

Strokes are kept as vectors (:class:`~domain.records.SignaturePoint`: position
in tenths of a logical pixel, milliseconds since the first point, pen pressure when the
device reports it) and drawn with the ink model of :mod:`domain.signature`
(smooth curves through midpoints, thinner when the pen moves fast), the same model that
draws the PNG stored with the sign-off. Whether a signature is enough is decided there
too; the pad only shows the answer.
"""

from __future__ import annotations

import ctypes
import functools
import math
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QElapsedTimer,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from domain.messages import Message
from domain.records import SignaturePoint, Stroke
from domain.signature import (
    UNITS_PER_PX,
    InkModel,
    InkSegment,
    ink,
    sample_steps,
    signature_problem,
)
from ui.i18n import message_text

F = TypeVar("F", bound=Callable[..., Any])

# PySide6 6.12.0 on Python 3.11 returns None (and True/False) from its methods without
# taking a reference, so each such call leaves the singleton one reference short; once a
# count reaches zero the interpreter aborts ("deallocating None"). The pad makes several
# such calls per pen sample, enough to bring the app down during one long signature.
# Until PySide6 is pinned to a release without the bug, the pad's drawing methods give
# back the references they cost: the increments PySide6 left out, made with the C API.
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None
_SINGLETONS = (None, True, False)


def _counts() -> tuple[int, int, int]:
    return (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))


def _repay(before: tuple[int, int, int], held: int = -1) -> None:
    """Give None, True and False back the references lost since ``before``.

    ``held``: the index of a singleton the caller holds now and did not then (a result).
    Nested calls settle up correctly: what an inner call repaid is already back in the
    count an outer call reads. Never decremented again, as the missing increments would
    not have been, so the interpreter's shutdown finds the counts whole.
    """
    now = _counts()
    for index, (then, current) in enumerate(zip(before, now, strict=True)):
        for _ in range(then + (index == held) - current):
            _incref(_SINGLETONS[index])


def _repays_none(method: F) -> F:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        before = _counts()
        try:
            result = method(*args, **kwargs)
        except BaseException:
            _repay(before)
            raise
        held = next((i for i, v in enumerate(_SINGLETONS) if v is result), -1)
        _repay(before, held)
        return result

    return wrapper  # type: ignore[return-value]


INK = QColor(20, 40, 110)
PAPER = QColor(255, 255, 255)
GUIDE = QColor(150, 160, 175)


def _outline(piece: InkSegment, scale: float) -> QPolygonF:
    """The filled outline of one piece of ink: its width varies along the curve."""
    samples = piece.sample(sample_steps(piece, scale))
    left: list[QPointF] = []
    right: list[QPointF] = []
    for i, (x, y, w) in enumerate(samples):
        ax, ay, _ = samples[max(i - 1, 0)]
        bx, by, _ = samples[min(i + 1, len(samples) - 1)]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / norm * w / 2, dx / norm * w / 2
        left.append(QPointF(x + nx, y + ny))
        right.append(QPointF(x - nx, y - ny))
    return QPolygonF(left + right[::-1])


def _draw(painter: QPainter, pieces: list[InkSegment], scale: float = 1.0) -> None:
    """Fill ink ``pieces`` (in logical pixels), ``scale`` device pixels per logical pixel.

    One call per piece, plus round ends: PySide6 6.12 on Python 3.11 leaks a reference to
    None on every call of a method returning nothing, so the pad keeps such calls few.
    """
    if not pieces:
        return
    # A cushion while drawing many pieces at once, then what the calls cost is repaid.
    before = _counts()
    cushion = [None] * (len(pieces) + 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(INK)
    first, last = pieces[0], pieces[-1]
    painter.drawEllipse(QPointF(first.x0, first.y0), first.w0 / 2, first.w0 / 2)
    for piece in pieces:
        if piece.length > 0:
            painter.drawPolygon(_outline(piece, scale), Qt.FillRule.WindingFill)
    painter.drawEllipse(QPointF(last.x1, last.y1), last.w1 / 2, last.w1 / 2)
    del cushion
    _repay(before)


class _Canvas(QWidget):
    """Where the pen writes. Finished ink is kept in a pixmap; only new pieces are drawn."""

    stroke_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setMinimumSize(QSize(360, 150))
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.strokes: list[list[SignaturePoint]] = []
        self._current: list[SignaturePoint] | None = None
        self._model = InkModel()
        self._clock = QElapsedTimer()
        self._ink = QPixmap()
        self.hint = ""

    # the record

    def _time(self) -> int:
        if not self._clock.isValid():
            self._clock.start()
        return int(self._clock.elapsed())

    @_repays_none
    def begin(self, pos: QPointF, pressure: int | None) -> None:
        self._current = []
        self.strokes.append(self._current)
        self._model.begin()
        self.extend(pos, pressure)

    @_repays_none
    def extend(self, pos: QPointF, pressure: int | None) -> None:
        if self._current is None:
            return
        point = SignaturePoint(
            round(pos.x() * UNITS_PER_PX), round(pos.y() * UNITS_PER_PX), self._time(), pressure
        )
        if self._current and self._current[-1][:2] == point[:2]:
            return
        self._current.append(point)
        self._paint_pieces(self._model.add(point))

    @_repays_none
    def finish(self) -> None:
        if self._current is None:
            return
        self._paint_pieces(self._model.end())
        if not self._current:
            self.strokes.pop()
        self._current = None
        self.stroke_finished.emit()

    @_repays_none
    def reset(self, strokes: list[list[SignaturePoint]]) -> None:
        self.strokes = strokes
        self._current = None
        if not strokes:
            self._clock.invalidate()
        self._repaint_all()

    # painting

    def _fresh_pixmap(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        return pixmap

    def _repaint_all(self) -> None:
        self._ink = self._fresh_pixmap()
        painter = QPainter(self._ink)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for pieces in ink(tuple(tuple(s) for s in self.strokes)):
            _draw(painter, pieces, self.devicePixelRatioF())
        painter.end()
        self.update()

    def _paint_pieces(self, pieces: list[InkSegment]) -> None:
        if not pieces:
            return
        if self._ink.isNull():
            self._ink = self._fresh_pixmap()
        painter = QPainter(self._ink)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _draw(painter, pieces, self.devicePixelRatioF())
        painter.end()
        self.update()

    @_repays_none
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._repaint_all()

    @_repays_none
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), PAPER)
        baseline = self.height() - 36
        painter.setPen(QPen(GUIDE, 1, Qt.PenStyle.DashLine))
        painter.drawLine(24, baseline, self.width() - 24, baseline)
        painter.setPen(GUIDE)
        painter.drawText(QPointF(24, baseline - 6), "×")
        if not self.strokes and self.hint:
            painter.drawText(
                QRectF(0, baseline + 4, self.width(), 28), Qt.AlignmentFlag.AlignCenter, self.hint
            )
        painter.drawPixmap(0, 0, self._ink)
        painter.setPen(QPen(GUIDE, 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    # input: mouse, pen, finger

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin(event.position(), None)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._current is not None:
            self.extend(event.position(), None)
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self._current is not None:
            self.extend(event.position(), None)
            self.finish()
            event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802 - Qt's name
        # Accepting it stops Qt from making mouse events of the pen as well.
        pressure = max(0, min(1000, round(event.pressure() * 1000)))
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self.begin(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove:
            self.extend(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease:
            self.extend(event.position(), pressure)
            self.finish()
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:
                pos = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self.begin(pos, None)
                elif kind == QEvent.Type.TouchUpdate:
                    self.extend(pos, None)
                else:
                    self.extend(pos, None)
                    self.finish()
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            self.finish()
            event.accept()
            return True
        return super().event(event)


class SignaturePad(QWidget):
    """A place to sign, with "Undo" and "Clear", saying when a signature is not enough.

    :meth:`strokes` is what :func:`desktop.usecases.signoff.sign_off` takes.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = _Canvas(self)
        self.undo_button = QPushButton(self)
        self.clear_button = QPushButton(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("signatureMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(buttons)
        self.undo_button.clicked.connect(self.undo)
        self.clear_button.clicked.connect(self.clear)
        self.canvas.stroke_finished.connect(self._on_stroke)
        self.retranslate()
        self._update_buttons()

    @_repays_none
    def retranslate(self) -> None:
        self.undo_button.setText(self.tr("Undo stroke"))
        self.undo_button.setToolTip(self.tr("Take back the last stroke"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Start the signature again"))
        self.canvas.hint = self.tr("Sign above the line")
        self.canvas.setAccessibleName(self.tr("Signature"))
        self.canvas.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # what the sign-off needs

    def strokes(self) -> tuple[Stroke, ...]:
        """The signature as vectors: strokes of (x, y, t, pressure) whole numbers."""
        return tuple(tuple(s) for s in self.canvas.strokes if s)

    def is_empty(self) -> bool:
        return not any(self.canvas.strokes)

    def problem(self) -> Message | None:
        """Why this is not (yet) a signature, or ``None``."""
        return signature_problem(self.strokes())

    def check(self) -> bool:
        """Is the signature enough? If not, say why under the pad."""
        problem = self.problem()
        self.message.setText("" if problem is None else message_text(problem))
        return problem is None

    @_repays_none
    def render_png(self, scale: float = 2.0) -> bytes:
        """The signature on a transparent background, the pad's size times ``scale``."""
        size = self.canvas.size()
        image = QImage(
            max(1, round(size.width() * scale)),
            max(1, round(size.height() * scale)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        for pieces in ink(self.strokes()):
            _draw(painter, pieces, scale)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes
        buffer.close()
        return bytes(data.data())

    # editing

    def undo(self) -> None:
        if self.canvas.strokes:
            self.canvas.reset(self.canvas.strokes[:-1])
            self._after_change()

    def clear(self) -> None:
        if self.canvas.strokes:
            self.canvas.reset([])
            self._after_change()

    def _on_stroke(self) -> None:
        self._after_change()

    @_repays_none
    def _after_change(self) -> None:
        self.message.setText("")
        self._update_buttons()
        self.changed.emit()

    def _update_buttons(self) -> None:
        has_ink = not self.is_empty()
        self.undo_button.setEnabled(has_ink)
        self.clear_button.setEnabled(has_ink)
