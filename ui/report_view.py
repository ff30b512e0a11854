"""The service report: built off the GUI thread with progress, previewed page by page,
saved, opened in the system's viewer or printed."""

from __future__ import annotations

import logging
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QEvent, QRect, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.usecases import delivery
from desktop.usecases.common import Changed
from desktop.usecases.report import load_report_data
from domain.mail import MAX_ADDRESS, BadAddress, check_address
from domain.messages import DomainError
from report.pdf import ReportOptions, ReportResult, write_report
from ui.context import AppContext
from ui.errors import CrashReporter
from ui.i18n import error_text

log = logging.getLogger("fieldbook.ui")

PREVIEW_SCALE = 1.35  # points to pixels on screen


@dataclass(frozen=True)
class BuiltReport:
    result: ReportResult
    path: Path
    pages: list[QImage]


def render_pages(path: Path, scale: float) -> list[QImage]:
    """Every page of the PDF at ``path`` as an image (any thread)."""
    document = pdfium.PdfDocument(str(path))
    images = []
    try:
        for index in range(len(document)):
            bitmap = document[index].render(scale=scale, rev_byteorder=True)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            )
            images.append(image.copy())  # own the pixels; the bitmap goes away
    finally:
        document.close()
    return images


class SendReportDialog(QDialog):
    """The address to e-mail the report to: the client's contact, checked as typed."""

    def __init__(self, parent: QWidget, address: str, number: str) -> None:
        super().__init__(parent)
        self.setObjectName("send-report-dialog")
        self.setWindowTitle(self.tr("Send to the client"))
        intro = QLabel(
            self.tr(
                "The office e-mails the report of {number} to this address, rendered from "
                "its record, when this laptop syncs."
            ).format(number=number)
        )
        intro.setWordWrap(True)
        self.address = QLineEdit(address)
        self.address.setMaxLength(MAX_ADDRESS)
        self.address.setPlaceholderText("it@client.example.com")
        self.problem = QLabel()
        self.problem.setProperty("error", True)
        self.problem.setWordWrap(True)
        self.offline = QLabel(self.tr("Offline? It will be sent when you are online."))
        self.offline.setProperty("muted", True)
        self.offline.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        ok.setText(self.tr("&Send"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&E-mail address"), self.address)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.offline)
        layout.addWidget(self.buttons)
        self.address.textChanged.connect(self._check)
        self._check()
        self.resize(460, self.sizeHint().height())

    def _check(self, *_: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        try:
            check_address(self.address.text())
        except BadAddress as error:
            typed = bool(self.address.text().strip())
            self.problem.setText(error_text(error) if typed else "")
            ok.setEnabled(False)
        else:
            self.problem.setText("")
            ok.setEnabled(True)
        self.problem.setVisible(bool(self.problem.text()))


class ReportDialog(QDialog):
    pages_shown = Signal()
    sent = Signal(str)  # a request to e-mail the report was queued (the address)

    def __init__(
        self, ctx: AppContext, incident_id: uuid.UUID, crash: CrashReporter, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.incident_id = incident_id
        self.crash = crash
        self.built: BuiltReport | None = None
        self._folder = Path(tempfile.mkdtemp(prefix="fieldbook-report-"))
        self._generation = 0

        self.detailed = QRadioButton()
        self.brief = QRadioButton()
        self.detailed.setChecked(True)
        kind = QButtonGroup(self)
        kind.addButton(self.detailed)
        kind.addButton(self.brief)
        self.language = QComboBox()
        self.language.addItem("", None)
        self.language.addItem("English", "en")
        self.language.addItem("中文", "zh")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.state = QLabel()
        self.state.setProperty("muted", True)
        self.state.setWordWrap(True)
        options = QHBoxLayout()
        options.addWidget(self.detailed)
        options.addWidget(self.brief)
        options.addSpacing(24)
        options.addWidget(self.language)
        options.addStretch(1)

        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setSpacing(16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        scroll.setStyleSheet("QScrollArea { background: #e2e8f0; }")
        self.pages.setStyleSheet("background: #e2e8f0;")

        self.save_button = QPushButton()
        self.send_button = QPushButton()
        self.send_button.setObjectName("send-report")
        self.send_button.clicked.connect(self.send_to_client)
        self.open_button = QPushButton()
        self.print_button = QPushButton()
        self.close_button = QPushButton()
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_in_viewer)
        self.print_button.clicked.connect(self.print_report)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        for button in (
            self.send_button,
            self.print_button,
            self.open_button,
            self.save_button,
            self.close_button,
        ):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(self.progress)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.detailed.toggled.connect(self.build)
        self.language.currentIndexChanged.connect(self.build)
        self.resize(980, 900)
        self.retranslate()
        self.build()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Service report"))
        self.detailed.setText(self.tr("&Detailed"))
        self.brief.setText(self.tr("&Brief"))
        self.language.setItemText(0, self.tr("The client's language"))
        self.save_button.setText(self.tr("&Save as…"))
        self.send_button.setText(self.tr("Send to the &client…"))
        self.send_button.setToolTip(
            self.tr("The office e-mails this report to the client when this laptop syncs")
        )
        self.open_button.setText(self.tr("&Open in viewer"))
        self.print_button.setText(self.tr("&Print…"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.built is not None:
                self._say_built(self.built.result)
        super().changeEvent(event)

    # --- building -----------------------------------------------------------------------

    def build(self, *_: object) -> None:
        """(Re)build the PDF for the chosen options, off the GUI thread."""
        self._generation += 1
        generation = self._generation
        options = ReportOptions(brief=self.brief.isChecked(), language=self.language.currentData())
        store, incident_id = self.ctx.store, self.incident_id
        path = self._folder / f"report-{generation}.pdf"
        self._set_busy(True)

        def work(report: Callable[[float], None]) -> BuiltReport:
            data = load_report_data(store, incident_id)
            result = write_report(data, path, options, progress=lambda f: report(0.9 * f))
            pages = render_pages(path, PREVIEW_SCALE)
            report(1.0)
            return BuiltReport(result, path, pages)

        self.ctx.tasks.read_with_progress(
            work,
            lambda fraction: self.progress.setValue(int(fraction * 100)),
            lambda built: self._built(generation, built),
            self._failed,
        )

    def _built(self, generation: int, built: BuiltReport) -> None:
        if generation != self._generation:
            return  # the options changed while it was building
        self.built = built
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for image in built.pages:
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setStyleSheet("background: white; border: 1px solid #cbd5e1;")
            self.pages_layout.addWidget(page, 0)
        self.pages_layout.addStretch(1)
        self._say_built(built.result)
        self._set_busy(False)
        self.pages_shown.emit()

    def _say_built(self, result: ReportResult) -> None:
        if result.sealed:
            self.state.setText(
                self.tr("%n page(s) · sealed {seal}…", "", result.pages).format(
                    seal=result.seal[:16]
                )
            )
        else:
            self.state.setText(
                self.tr("%n page(s) · draft: the client has not signed yet", "", result.pages)
            )

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, DomainError):
            self.state.setText(error_text(error))
        else:
            self.state.setText(self.tr("The report could not be made."))
            self.crash.report(error)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setValue(0)
            self.state.setText(self.tr("Building the report…"))
        for button in (self.save_button, self.open_button, self.print_button, self.send_button):
            button.setEnabled(not busy and self.built is not None)

    # --- handing it over ----------------------------------------------------------------

    def suggested_name(self) -> str:
        if self.built is None:
            return "report.pdf"
        kind = "brief" if self.brief.isChecked() else "detailed"
        return f"{self.built.result.number}-{kind}-{self.built.result.language}.pdf"

    def save_as(self) -> None:
        if self.built is None:
            return
        start = str(Path.home() / self.suggested_name())
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"), start, "PDF (*.pdf)")
        if name:
            self.save_to(Path(name))

    def save_to(self, target: Path) -> None:
        assert self.built is not None
        source = self.built.path
        self.ctx.tasks.write(
            lambda: shutil.copyfile(source, target),
            lambda _: self.state.setText(self.tr("Saved to {path}").format(path=str(target))),
            self._failed,
        )

    def send_to_client(self) -> None:
        """Ask for the address (the client's contact, prefilled) and queue the request."""
        if self.built is None:
            return
        store, incident_id = self.ctx.store, self.incident_id
        self.ctx.read(
            lambda: delivery.client_address(store, incident_id),
            self._ask_address,
            self._failed,
        )

    def _ask_address(self, address: str) -> None:
        assert self.built is not None
        dialog = SendReportDialog(self, address, self.built.result.number)
        self.send_dialog = dialog
        dialog.accepted.connect(lambda: self.queue_send(dialog.address.text()))
        dialog.open()

    def queue_send(self, address: str) -> None:
        """Queue the report as this window shows it (kind, language) to ``address``."""
        assert self.built is not None
        store, incident_id = self.ctx.store, self.incident_id
        language, brief = self.built.result.language, self.brief.isChecked()
        queued: list[delivery.Delivery] = []

        def work() -> Changed:
            queued.append(
                delivery.send_report(store, incident_id, address, language=language, brief=brief)
            )
            return Changed(incident_ids=frozenset({incident_id}))

        self.ctx.write(work, lambda _: self._queued(queued[0]), self._send_refused)

    def _queued(self, item: delivery.Delivery) -> None:
        self.state.setText(
            self.tr("Queued for {address}: it will be sent when you are online.").format(
                address=item.address
            )
        )
        self.sent.emit(item.address)

    def _send_refused(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self.state.setText(error_text(error))
        else:
            self._failed(error)

    def open_in_viewer(self) -> None:
        if self.built is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.built.path)))

    def print_report(self) -> None:
        if self.built is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path, dpi = self.built.path, printer.resolution()
        self._set_busy(True)
        self.ctx.read(
            lambda: render_pages(path, dpi / 72.0),
            lambda pages: self._print_pages(printer, pages),
            self._failed,
        )

    def _print_pages(self, printer: QPrinter, pages: list[QImage]) -> None:
        painter = QPainter(printer)
        try:
            for index, image in enumerate(pages):
                if index:
                    printer.newPage()
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), size), image)
        finally:
            painter.end()
        self._set_busy(False)
        self.state.setText(self.tr("Sent to the printer."))

    def done(self, result: int) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)
        super().done(result)
