"""The page around the sections: the running header and footer, "page x of y", and the
PDF's document information with Fieldbook's own keys (the seal and its manifest).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame

from report import fonts
from report.context import Context
from report.theme import ACCENT, MARGIN_X, MUTED, PAGE, RULE


class DocumentInfo(PDFInfo):
    """reportlab's document information plus Fieldbook's own keys."""

    def __init__(self, base: PDFInfo, extra: dict[str, str]) -> None:
        super().__init__()
        self.__dict__.update(base.__dict__)
        self.extra = extra

    def format(self, document: Any) -> bytes:
        entries: dict[str, Any] = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Producer": PDFString(self.producer),
            "Creator": PDFString(self.creator),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Trapped": PDFName(self.trapped),
        }
        entries["ModDate"] = entries["CreationDate"] = PDFDate(
            ts=document._timeStamp, dateFormatter=getattr(self, "_dateFormatter", None)
        )
        for key, value in self.extra.items():
            entries[key] = PDFString(value)
        result: bytes = PDFDictionary(entries).format(document)
        return result


_ATOMS = (int, float, str, bool, type(None))


class BodyFrame(Frame):
    """reportlab's frame, copied cheaply.

    To measure a block kept together (each timeline entry is one), platypus deep-copies
    the current frame; the generic deep copy walks its two dozen numbers one by one, a
    twentieth of a report's time. The frame's state is numbers and strings, which a
    deep copy shares anyway, and a few lists, which are still copied deeply: the same
    copy, made directly.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> BodyFrame:
        twin = self.__class__.__new__(self.__class__)
        memo[id(self)] = twin
        twin.__dict__.update(
            (key, value if type(value) in _ATOMS else copy.deepcopy(value, memo))
            for key, value in self.__dict__.items()
        )
        return twin


class PagedCanvas(Canvas):
    """Holds pages back until the end, so that each can say "page x of y": ``decorate``
    draws a page's header and footer once the count is known (the report, the statement)."""

    def __init__(
        self, *args: Any, decorate: Callable[[Canvas, int, int], None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(self, self.getPageNumber(), total)
            super().showPage()
        super().save()


class ReportCanvas(PagedCanvas):
    """The service report's pages, with its seal in the document's metadata."""

    def __init__(self, *args: Any, decorate: Decoration, **kwargs: Any) -> None:
        super().__init__(*args, decorate=decorate.draw, **kwargs)
        doc = self._doc  # type: ignore[attr-defined]  # reportlab's document object
        doc.info = DocumentInfo(doc.info, decorate.info)


class Decoration:
    """Header and footer of every page, drawn once the page count is known."""

    def __init__(self, c: Context, info: dict[str, str], digest: str, sealed: bool) -> None:
        self.c = c
        self.info = info
        self.digest = digest
        self.sealed = sealed

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        c = self.c
        top = PAGE[1] - 13 * mm
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        company = c.data.company.name or c.t("report.title")
        fonts.draw_runs(canvas, MARGIN_X, top, company, 9, bold=True)
        canvas.setFillColor(MUTED)
        fonts.draw_runs(
            canvas,
            PAGE[0] - MARGIN_X,
            top,
            f"{c.t('report.title')} · {c.incident.number}",
            8,
            right=True,
        )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 3 * mm, PAGE[0] - MARGIN_X, top - 3 * mm)
        bottom = 11 * mm
        canvas.line(MARGIN_X, bottom + 4 * mm, PAGE[0] - MARGIN_X, bottom + 4 * mm)
        canvas.setFillColor(MUTED)
        left = c.t("report.generated", when=c.when(c.data.generated_at))
        left += f"  ·  {c.t('footer.seal' if self.sealed else 'footer.draft')} {self.digest[:16]}…"
        fonts.draw_runs(canvas, MARGIN_X, bottom, left, 7)
        fonts.draw_runs(
            canvas,
            PAGE[0] - MARGIN_X,
            bottom,
            c.t("report.page", page=page, pages=pages),
            7.5,
            right=True,
        )
        canvas.restoreState()
