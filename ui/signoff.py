"""The client's sign-off: a plain summary of what was done, then a signature (or the
reason there is none). Signing seals the incident; work after it is an addendum."""

from __future__ import annotations

import html
import uuid
from collections.abc import Mapping
from datetime import timedelta

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.usecases import signoff
from desktop.usecases.common import Changed
from domain.detail import IncidentDetail
from domain.messages import DomainError
from domain.records import (
    Action,
    HardwareSwap,
    PartUsage,
    Refusal,
    Resolution,
    SignOffOutcome,
    TimeEntry,
    TimeKind,
)
from domain.sla import ClockReading
from ui import format as fmt
from ui.context import AppContext
from ui.errors import CrashReporter
from ui.i18n import error_text
from ui.signature_pad import SignaturePad
from ui.timeline import action_kind_label, result_label, time_kind_label


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


class SummaryView(QTextBrowser):
    """What the client is asked to confirm, in plain words."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange and self.shown is not None:
            self.show_detail(*self.shown)
        super().changeEvent(event)

    shown: tuple[IncidentDetail, Mapping[uuid.UUID, str]] | None = None

    def show_detail(self, detail: IncidentDetail, parts: Mapping[uuid.UUID, str]) -> None:
        self.shown = (detail, parts)
        live = [e for e in detail.entries if e.id not in detail.voided]
        actions = [e for e in live if isinstance(e, Action)]
        swaps = [e for e in live if isinstance(e, HardwareSwap)]
        used = [e for e in live if isinstance(e, PartUsage)]
        times = [e for e in live if isinstance(e, TimeEntry)]
        done_title = self.tr("What was done")
        nothing = self.tr("No action recorded.")
        billable = self.tr("out of scope, billable separately")
        swaps_title = self.tr("Hardware replaced")
        parts_title = self.tr("Spare parts used")
        time_title = self.tr("Time")
        sla_title = self.tr("Service level")
        chunks = [
            f"<h3>{_esc(detail.incident.number)} — {_esc(detail.incident.title)}</h3>",
            f"<p>{_esc(detail.client.name)} · {_esc(detail.incident.system_name)}</p>",
            f"<h4>{_esc(done_title)}</h4>",
        ]
        if actions:
            items = []
            for a in actions:
                line = (
                    f"<b>{_esc(action_kind_label(a.action_kind))}</b>: {_esc(a.description)} — "
                    f"{_esc(result_label(a.result))}"
                )
                if a.out_of_scope:
                    line += f" <span style='color:#b25e00'>({_esc(billable)})</span>"
                items.append(f"<li>{line}</li>")
            chunks.append("<ul>" + "".join(items) + "</ul>")
        else:
            chunks.append(f"<p>{_esc(nothing)}</p>")
        if swaps:
            chunks.append(f"<h4>{_esc(swaps_title)}</h4><ul>")
            for s in swaps:
                kind = self.tr("temporary") if s.temporary else self.tr("permanent")
                chunks.append(
                    f"<li>{_esc(s.removed_part)} <code>{_esc(s.removed_serial)}</code> → "
                    f"{_esc(s.installed_part)} <code>{_esc(s.installed_serial)}</code> "
                    f"({_esc(kind)})</li>"
                )
            chunks.append("</ul>")
        if used:
            chunks.append(f"<h4>{_esc(parts_title)}</h4><ul>")
            for u in used:
                part = parts.get(u.part_id, str(u.part_id))
                chunks.append(f"<li>{u.quantity} × {_esc(part)}</li>")
            chunks.append("</ul>")
        if times:
            chunks.append(f"<h4>{_esc(time_title)}</h4><ul>")
            for kind_ in TimeKind:
                spans = [t.duration for t in times if t.time_kind is kind_]
                if spans:
                    total = sum(spans, start=timedelta(0))
                    chunks.append(
                        f"<li>{_esc(time_kind_label(kind_))}: {_esc(fmt.duration(total))}</li>"
                    )
            chunks.append("</ul>")
        chunks.append(f"<h4>{_esc(sla_title)}</h4><ul>")
        for name, clock in (
            (self.tr("Response"), detail.sla.response),
            (self.tr("Resolution"), detail.sla.resolution),
        ):
            chunks.append(f"<li>{_esc(name)}: {_esc(self._clock(clock))}</li>")
        chunks.append("</ul>")
        self.setHtml("".join(chunks))

    def _clock(self, clock: ClockReading) -> str:
        if clock.target is None:
            return self.tr("no target in the contract")
        state = fmt.sla_left(clock)
        return self.tr("target {target}, {state}").format(
            target=fmt.duration(clock.target), state=state
        )


class RefusalDialog(QDialog):
    """No signature: the client refuses, or nobody is there to sign."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.addItem("", Refusal.REFUSED.value)
        self.kind.addItem("", Refusal.NOT_AVAILABLE.value)
        self.reason = QLineEdit()
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.kind_label, self.reason_label = QLabel(), QLabel()
        self.kind_label.setBuddy(self.kind)
        self.reason_label.setBuddy(self.reason)
        form = QFormLayout(self)
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.error)
        form.addRow(buttons)
        self.setMinimumWidth(480)
        self.retranslate()

    def retranslate(self) -> None:
        self.kind.setItemText(0, self.tr("The client refuses to sign"))
        self.kind.setItemText(1, self.tr("Nobody is available to sign"))
        self.reason.setPlaceholderText(self.tr("What happened, in a few words"))
        self.ok.setText(self.tr("Seal without signature"))
        self.kind_label.setText(self.tr("&Why"))
        self.reason_label.setText(self.tr("&Reason"))
        self.setWindowTitle(self.tr("No signature"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class SignOffDialog(QDialog):
    signed = Signal(object)  # Changed

    def __init__(
        self,
        ctx: AppContext,
        detail: IncidentDetail,
        parts: Mapping[uuid.UUID, str],
        crash: CrashReporter,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.crash = crash
        self.summary = SummaryView()
        self.summary.show_detail(detail, parts)
        self.name = QLineEdit()
        self.role = QLineEdit()
        self.outcome = QComboBox()
        for outcome in SignOffOutcome:
            self.outcome.addItem("", outcome.value)
        if detail.incident.resolution is Resolution.WORKAROUND:
            self.outcome.setCurrentIndex(1)
        self.comment = QLineEdit()
        self.pad = SignaturePad()
        self.pad.setMinimumHeight(220)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        self.sign_button = QPushButton()
        self.sign_button.setProperty("primary", True)
        self.sign_button.clicked.connect(self.sign)
        self.refuse_button = QPushButton()
        self.refuse_button.clicked.connect(self.refuse)
        self.cancel_button = cancel = QPushButton()
        cancel.clicked.connect(self.reject)

        form = QFormLayout()
        self.name_label = QLabel()
        self.role_label = QLabel()
        self.outcome_label = QLabel()
        self.comment_label = QLabel()
        for label, widget in (
            (self.name_label, self.name),
            (self.role_label, self.role),
            (self.outcome_label, self.outcome),
            (self.comment_label, self.comment),
        ):
            label.setBuddy(widget)
            form.addRow(label, widget)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(form)
        right_layout.addWidget(self.pad, 1)
        right_layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refuse_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.sign_button)
        right_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.summary)
        splitter.addWidget(right)
        splitter.setSizes([480, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.resize(1120, 720)
        self.retranslate()

    def retranslate(self) -> None:
        labels = {
            SignOffOutcome.RESOLVED: self.tr("Resolved"),
            SignOffOutcome.WORKAROUND: self.tr("Workaround in place"),
            SignOffOutcome.NOT_RESOLVED: self.tr("Not resolved"),
        }
        for i, outcome in enumerate(SignOffOutcome):
            self.outcome.setItemText(i, labels[outcome])
        self.sign_button.setText(self.tr("Sign and seal"))
        self.refuse_button.setText(self.tr("Client refuses or is not available…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.name_label.setText(self.tr("Signer's &name"))
        self.role_label.setText(self.tr("&Role"))
        self.outcome_label.setText(self.tr("&Outcome"))
        self.comment_label.setText(self.tr("&Comment"))
        self.name.setPlaceholderText(self.tr("e.g. 张伟"))
        self.role.setPlaceholderText(self.tr("e.g. IT operations manager"))
        self.setWindowTitle(
            self.tr("Client sign-off — {number}").format(number=self.detail.incident.number)
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def sign(self) -> None:
        self.error.hide()
        if not self.pad.check():
            return
        store, incident_id = self.ctx.store, self.detail.incident.id
        values = {
            "signer_name": self.name.text(),
            "signer_role": self.role.text(),
            "outcome": self.outcome.currentData(),
            "strokes": self.pad.strokes(),
            "comment": self.comment.text(),
        }
        self._busy(True)
        self.ctx.write(
            lambda: signoff.sign_off(store, incident_id, **values), self._done, self._refused
        )

    def refuse(self) -> None:
        dialog = RefusalDialog(self)
        dialog.accepted.connect(lambda: self._record_refusal(dialog))
        dialog.open()

    def _record_refusal(self, dialog: RefusalDialog) -> None:
        store, incident_id = self.ctx.store, self.detail.incident.id
        refusal, reason = dialog.kind.currentData(), dialog.reason.text()
        name, role = self.name.text(), self.role.text()
        self._busy(True)
        self.ctx.write(
            lambda: signoff.record_refusal(
                store,
                incident_id,
                refusal=refusal,
                reason=reason,
                signer_name=name,
                signer_role=role,
            ),
            self._done,
            self._refused,
        )

    def _done(self, changed: Changed) -> None:
        self._busy(False)
        self.signed.emit(changed)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._busy(False)
        if not isinstance(error, DomainError):
            self.crash.report(error)
            return
        self.error.setText(error_text(error))
        self.error.show()

    def _busy(self, busy: bool) -> None:
        self.sign_button.setEnabled(not busy)
        self.refuse_button.setEnabled(not busy)
