"""The report's frame copies itself as the generic deep copy would, only faster."""

from __future__ import annotations

import copy

from reportlab.platypus import Frame

from report.pages import BodyFrame


def _generic(frame: Frame) -> Frame:
    """What copy.deepcopy makes of a frame without its own __deepcopy__."""
    twin = Frame.__new__(Frame)
    twin.__dict__.update(copy.deepcopy(frame.__dict__))
    return twin


def test_the_copy_equals_the_generic_one_and_shares_no_list() -> None:
    frame = BodyFrame(10, 20, 300, 400, id="body")
    frame._frameBGs = [[1, 2, "blue"]]  # type: ignore[attr-defined]  # as a build sets it
    frame._generated_content = [object()]  # type: ignore[attr-defined]
    frame._y -= 123.5  # type: ignore[attr-defined]
    twin = copy.deepcopy(frame)
    assert type(twin) is BodyFrame and twin is not frame
    generic = _generic(frame)
    assert twin.__dict__.keys() == generic.__dict__.keys()
    for key, value in twin.__dict__.items():
        if key != "_generated_content":  # objects without equality: copied, not shared
            assert value == generic.__dict__[key], key
    assert twin._frameBGs is not frame._frameBGs  # type: ignore[attr-defined]
    assert twin._frameBGs[0] is not frame._frameBGs[0]  # type: ignore[attr-defined]
    assert twin._generated_content[0] is not frame._generated_content[0]  # type: ignore[attr-defined]
    twin._frameBGs.append("more")  # type: ignore[attr-defined]
    assert len(frame._frameBGs) == 1  # type: ignore[attr-defined]
