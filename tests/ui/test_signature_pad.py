"""The signature pad, driven with synthetic mouse and pen events (offscreen)."""

from __future__ import annotations

import itertools
import math
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication

from desktop.store.db import Store
from desktop.usecases import incidents, signoff
from domain.records import SignOffOutcome, Status
from tests.conftest import T0, Office
from ui.signature_pad import SignaturePad


@pytest.fixture
def pad(qtbot) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(520, 240)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def draw(qtbot, pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    canvas = pad.canvas
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(canvas, left, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(canvas, QPoint(x, y))
    qtbot.mouseRelease(canvas, left, pos=QPoint(*points[-1]))


def wave(x0: int = 40, y0: int = 120, n: int = 40) -> list[tuple[int, int]]:
    return [(x0 + i * 9, round(y0 + 40 * math.sin(i / 3))) for i in range(n)]


def test_a_signature_drawn_with_the_mouse(qtbot, pad: SignaturePad) -> None:
    with qtbot.waitSignal(pad.changed, timeout=2000):
        draw(qtbot, pad, wave())
    strokes = pad.strokes()
    assert len(strokes) == 1
    stroke = strokes[0]
    assert len(stroke) >= 30
    # Tenths of a logical pixel, times that never go back, no pressure from a mouse.
    assert (stroke[0].x, stroke[0].y) == (400, 1200)
    assert all(b.t >= a.t for a, b in itertools.pairwise(stroke))
    assert all(p.pressure is None for p in stroke)
    assert pad.check() and pad.message.text() == ""
    assert pad.undo_button.isEnabled()
    # The ink is on the screen.
    shot = pad.canvas.grab().toImage()
    inked = sum(
        1
        for x in range(0, shot.width(), 2)
        for y in range(0, shot.height(), 2)
        if shot.pixelColor(x, y).blue() > shot.pixelColor(x, y).red() + 40
    )
    assert inked > 50


def test_the_same_strokes_sign_off_an_incident(
    qtbot, pad: SignaturePad, store: Store, office: Office
) -> None:
    draw(qtbot, pad, wave())
    draw(qtbot, pad, wave(y0=150, n=20))
    incidents.change_status(
        store, office.incident_id, Status.RESOLVED, resolution="fixed", now=T0 + timedelta(hours=1)
    )
    signoff.sign_off(
        store,
        office.incident_id,
        signer_name="Li Na",
        signer_role="IT",
        outcome=SignOffOutcome.RESOLVED,
        strokes=pad.strokes(),
    )
    record = signoff.sealed_record(store, office.incident_id)
    assert record is not None and record.sign_off.strokes == pad.strokes()


def test_an_empty_pad_is_refused_with_a_message(pad: SignaturePad) -> None:
    assert pad.is_empty()
    assert not pad.check()
    assert "empty" in pad.message.text()
    assert not pad.undo_button.isEnabled() and not pad.clear_button.isEnabled()


def test_a_tick_is_refused(qtbot, pad: SignaturePad) -> None:
    draw(qtbot, pad, [(100, 100), (104, 104), (108, 100)])
    assert not pad.is_empty()
    assert not pad.check()
    assert "too short" in pad.message.text()


def test_undo_and_clear(qtbot, pad: SignaturePad) -> None:
    draw(qtbot, pad, wave())
    draw(qtbot, pad, wave(y0=160, n=15))
    assert len(pad.strokes()) == 2
    first = pad.strokes()[0]
    with qtbot.waitSignal(pad.changed, timeout=2000):
        pad.undo()
    assert pad.strokes() == (first,)
    with qtbot.waitSignal(pad.changed, timeout=2000):
        pad.clear()
    assert pad.strokes() == () and pad.is_empty()
    assert not pad.clear_button.isEnabled()
    qtbot.mouseClick(pad.undo_button, Qt.MouseButton.LeftButton)  # disabled: nothing happens
    assert pad.strokes() == ()


def test_render_png(qtbot, pad: SignaturePad) -> None:
    draw(qtbot, pad, wave())
    data = pad.render_png(scale=2.0)
    assert data.startswith(b"\x89PNG")
    image = QImage.fromData(data)
    assert (image.width(), image.height()) == (pad.canvas.width() * 2, pad.canvas.height() * 2)
    assert image.pixelColor(2, 2).alpha() == 0  # transparent paper
    assert any(
        image.pixelColor(x, 240).alpha() > 0 for x in range(80, image.width() - 80)
    )  # ink across the middle


def test_pen_pressure_is_recorded(qtbot, pad: SignaturePad) -> None:
    canvas = pad.canvas
    device = QPointingDevice.primaryPointingDevice()

    def send(kind, x: float, y: float, pressure: float) -> None:
        pos = QPointF(x, y)
        global_pos = QPointF(canvas.mapToGlobal(pos.toPoint()))
        buttons = (
            Qt.MouseButton.NoButton
            if kind == QTabletEvent.Type.TabletRelease
            else Qt.MouseButton.LeftButton
        )
        event = QTabletEvent(
            kind,
            device,
            pos,
            global_pos,
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            buttons,
        )
        QApplication.sendEvent(canvas, event)

    points = wave()
    send(QTabletEvent.Type.TabletPress, *points[0], 0.2)
    for i, (x, y) in enumerate(points[1:-1]):
        send(QTabletEvent.Type.TabletMove, x, y, 0.2 + i / 100)
    send(QTabletEvent.Type.TabletRelease, *points[-1], 0.5)
    [stroke] = pad.strokes()
    assert stroke[0].pressure == 200
    assert all(p.pressure is not None for p in stroke)
    assert max(p.pressure or 0 for p in stroke) > 400
    assert pad.check()
