"""A paragraph that lines itself up once per width.

Platypus measures many paragraphs twice at the same width: a heading kept with the next
paragraph is measured with it to see whether both fit, then each again when placed;
a table measures its cells to size its rows, then again to draw them. Breaking a
paragraph into lines is most of what a report costs, and the result depends on the width
alone (the paragraph, its style and its fragments do not change once made), so
:class:`Paragraph` keeps the last result and answers a second measure at the same width
from it. Everything else is reportlab's own: same lines, same drawing.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph as _Paragraph


class Paragraph(_Paragraph):
    """reportlab's paragraph, measured once per available width."""

    _measured: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> Any:  # noqa: N803 - reportlab's names
        measured = self._measured
        # (splitting drops the lines it made when the rest goes to the next frame)
        if measured is not None and measured[0] == availWidth and "blPara" in self.__dict__:
            self.width, self.height = measured[1]
            return measured[1]
        size = super().wrap(availWidth, availHeight)
        self._measured = (availWidth, (size[0], size[1]))
        return size
