"""The entry forms of the workspace: one per kind of work, all usable from the keyboard.

Every form keeps a draft of what is typed (saved off the GUI thread a moment after each
change) and gets it back when the incident is opened again, even after a crash. Ctrl+Enter
records; a refusal appears beside the field it concerns.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QDateTime,
    QEvent,
    QIODevice,
    QMimeData,
    QObject,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.usecases import clock, notes, parts, templates, timelog, work
from desktop.usecases.common import Changed
from desktop.usecases.errors import UseCaseError
from desktop.usecases.parts import CatalogueItem, StockLine
from desktop.usecases.templates import ActionTemplate
from domain.detail import IncidentDetail
from domain.messages import DomainError, Message, Term
from domain.records import ActionKind, ActionResult, Status, TimeKind
from domain.serials import SERIAL_MAX, SERIAL_MIN, clean_serial, serial_problem
from domain.status import SEALED_STATES
from ui import format as fmt
from ui.context import AppContext
from ui.i18n import error_text, message_text
from ui.timeline import action_kind_label, result_label, time_kind_label

log = logging.getLogger("fieldbook.ui")


class EntryForm(QWidget):
    """A form that records one kind of entry on one incident."""

    form_name = "entry"
    recorded = Signal(object)  # Changed
    failed = Signal(object)  # unexpected errors, for the crash reporter

    def __init__(self, ctx: AppContext, incident_id: uuid.UUID) -> None:
        super().__init__()
        self.ctx = ctx
        self.incident_id = incident_id
        self.detail: IncidentDetail | None = None
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general_error = QLabel()
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.setTextFormat(Qt.TextFormat.PlainText)
        self.general_error.hide()
        self.draft_note = QLabel()
        self.draft_note.setProperty("muted", True)
        self.draft_note.hide()
        self.submit_button = QPushButton()
        self.submit_button.setProperty("primary", True)
        self.submit_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.draft_note, 1)
        buttons.addWidget(self.submit_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 14, 14, 14)
        outer.setSpacing(10)
        outer.addLayout(self.form)
        outer.addWidget(self.general_error)
        outer.addStretch(1)
        outer.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(400)
        self._draft_timer.timeout.connect(self.save_draft)
        self._restoring = False
        self._busy = False

    # --- to be provided by each form ---------------------------------------------------

    def fields(self) -> dict[str, Any]:
        raise NotImplementedError

    def restore(self, fields: dict[str, Any]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def use_case(self) -> Callable[[], Changed]:
        raise NotImplementedError

    def retranslate(self) -> None:
        self.draft_note.setText(self.tr("Draft kept"))

    def first_input(self) -> QWidget | None:
        """Where the keyboard goes when the form is shown: its first field that takes it."""
        return next(
            (
                w
                for w in self.inputs.values()
                if w.isEnabled() and w.focusPolicy() != Qt.FocusPolicy.NoFocus
            ),
            None,
        )

    @classmethod
    def typed(cls, fields: dict[str, Any]) -> bool:
        """Do ``fields`` hold something the technician typed (not just the defaults)?

        Only then is a draft worth keeping: choosing a kind in a list, or the part a
        list starts on, is not work that a crash could lose.
        """
        return any(isinstance(v, str) and v.strip() for v in fields.values())

    # --- shared behaviour ----------------------------------------------------------------

    def add_row(self, field: str, label: QLabel, widget: QWidget) -> None:
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed: "<x>"
        error.hide()
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(3)
        inner.addWidget(widget)
        inner.addWidget(error)
        label.setBuddy(widget)
        self.form.addRow(label, box)
        self.errors[field] = error
        self.inputs[field] = widget

    def watch(self, *signals: Any) -> None:
        """Keep a draft whenever one of ``signals`` fires."""
        for signal in signals:
            signal.connect(self._changed)

    def _changed(self, *_: Any) -> None:
        if not self._restoring:
            self.clear_errors()
            self._draft_timer.start()

    def set_detail(self, detail: IncidentDetail) -> None:
        self.detail = detail

    def load_draft(self) -> None:
        store, incident_id, name = self.ctx.drafts, self.incident_id, self.form_name
        self.ctx.read(lambda: store.load(incident_id, name), self._draft_loaded, log.warning)

    def _draft_loaded(self, draft: Any) -> None:
        if draft is None:
            return
        if not self.typed(draft.fields):  # defaults only (kept by older versions)
            drafts, incident_id, name = self.ctx.drafts, self.incident_id, self.form_name
            self.ctx.tasks.write(lambda: drafts.discard(incident_id, name), None, log.warning)
            return
        self._restoring = True
        try:
            self.restore(draft.fields)
        finally:
            self._restoring = False
        self.draft_note.setText(
            self.tr("Draft from {time} restored").format(
                time=draft.saved_at.astimezone().strftime("%H:%M")
            )
        )
        self.draft_note.show()

    def save_draft(self) -> None:
        fields = self.fields()
        drafts, incident_id, name = self.ctx.drafts, self.incident_id, self.form_name
        if not self.typed(fields):
            self.ctx.tasks.write(lambda: drafts.discard(incident_id, name), None, log.warning)
            return
        self.ctx.tasks.write(lambda: drafts.save(incident_id, name, fields), None, log.warning)

    def submit(self) -> None:
        if self._busy:
            return
        self.clear_errors()
        try:
            work = self.use_case()
        except UseCaseError as error:  # refused before it reached the store
            self.show_error(error)
            return
        self._busy = True
        self.submit_button.setEnabled(False)
        self._draft_timer.stop()
        self.ctx.write(work, self._done, self._refused)

    def _done(self, changed: Changed) -> None:
        self._busy = False
        self.submit_button.setEnabled(True)
        self._restoring = True
        try:
            self.clear()
        finally:
            self._restoring = False
        drafts, incident_id, name = self.ctx.drafts, self.incident_id, self.form_name
        self.ctx.tasks.write(lambda: drafts.discard(incident_id, name), None, log.warning)
        self.draft_note.hide()
        self.recorded.emit(changed)

    def _refused(self, error: BaseException) -> None:
        self._busy = False
        self.submit_button.setEnabled(True)
        self.save_draft()  # what was typed survives a refusal, too
        if isinstance(error, DomainError):
            self.show_error(error)
        else:
            self.failed.emit(error)

    def show_error(self, error: DomainError) -> None:
        """Each refusal beside its field (all of them at once), the rest below the form;
        the keyboard goes to the first field refused."""
        first: QWidget | None = None
        general: list[str] = []
        for each in getattr(error, "errors", None) or (error,):
            field = getattr(each, "field", None)
            label = self.errors.get(field) if field else None
            if label is None:
                general.append(error_text(each))
                continue
            self.mark_invalid(field, error_text(each))  # type: ignore[arg-type]
            first = first or self.inputs[field]  # type: ignore[index]
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        if first is not None:
            first.setFocus()

    def mark_invalid(self, field: str, text: str) -> None:
        label = self.errors[field]
        label.setText(text)
        label.show()
        widget = self.inputs[field]
        widget.setProperty("invalid", True)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def clear_errors(self) -> None:
        self.general_error.hide()
        for field in self.errors:
            self.clear_error(field)

    def clear_error(self, field: str) -> None:
        label = self.errors[field]
        if not label.isHidden():
            label.hide()
            widget = self.inputs[field]
            widget.setProperty("invalid", False)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class NoteForm(EntryForm):
    """A diagnostic note: text or a pasted log, with files, screenshots and photos."""

    form_name = "note"

    def __init__(self, ctx: AppContext, incident_id: uuid.UUID) -> None:
        super().__init__(ctx, incident_id)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(140)
        self.text.installEventFilter(self)
        self.log_box = QCheckBox()
        self.log_box.toggled.connect(self._monospace)
        self.files = QListWidget()
        self.files.setMaximumHeight(90)
        self.add_files = QPushButton()
        self.add_files.clicked.connect(self._pick_files)
        self.paste_image = QPushButton()
        self.paste_image.clicked.connect(self.paste_screenshot)
        self.remove_file = QPushButton()
        self.remove_file.clicked.connect(self._remove_selected)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.add_files)
        file_buttons.addWidget(self.paste_image)
        file_buttons.addWidget(self.remove_file)
        file_buttons.addStretch(1)
        files_box = QWidget()
        files_layout = QVBoxLayout(files_box)
        files_layout.setContentsMargins(0, 0, 0, 0)
        files_layout.addWidget(self.files)
        files_layout.addLayout(file_buttons)
        self.text_label, self.files_label = QLabel(), QLabel()
        self.add_row("text", self.text_label, self.text)
        self.form.addRow("", self.log_box)
        self.add_row("files", self.files_label, files_box)
        self.setAcceptDrops(True)
        self.watch(self.text.textChanged, self.log_box.toggled)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.text_label.setText(self.tr("&What did you find?"))
        self.text.setPlaceholderText(
            self.tr("Symptoms, error messages, what you checked. Paste logs here.")
        )
        self.log_box.setText(self.tr("&Log or command output (keep it monospace)"))
        self.files_label.setText(self.tr("Files"))
        self.add_files.setText(self.tr("Add &files…"))
        self.paste_image.setText(self.tr("Paste &screenshot"))
        self.remove_file.setText(self.tr("Remove"))
        self.submit_button.setText(self.tr("Add note  (Ctrl+Enter)"))

    def _monospace(self, on: bool) -> None:
        font = self.text.font()
        font.setFamily("DejaVu Sans Mono" if on else self.font().family())
        font.setStyleHint(font.StyleHint.Monospace if on else font.StyleHint.AnyStyle)
        self.text.setFont(font)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.text and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Paste):
                mime = QGuiApplication.clipboard().mimeData()
                if mime is not None and mime.hasImage() and not mime.hasText():
                    self.paste_screenshot()
                    return True
                if mime is not None and mime.hasText() and mime.text().count("\n") >= 2:
                    self.log_box.setChecked(True)  # a pasted log stays monospace
        return super().eventFilter(watched, event)

    def paste_screenshot(self) -> bool:
        """Attach the clipboard's image as a PNG file; False when there is none."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasImage():
            self.errors["files"].setText(self.tr("The clipboard holds no image."))
            self.errors["files"].show()
            return False
        image = QGuiApplication.clipboard().image()
        # PNG bytes in memory (the format as str: PySide6 6.11 refuses b"PNG"), kept sealed
        # in the data folder's pasted/ until the note is saved: never a plain file on disk.
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        saved = not image.isNull() and image.save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        if not saved:
            log.warning("the clipboard's image could not be saved as PNG")
            self.errors["files"].setText(self.tr("The clipboard's image could not be saved."))
            self.errors["files"].show()
            return False
        self.add_paths([self.ctx.store.blobs.keep_pasted(bytes(data.data()))])
        return True

    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            if not self.files.findItems(str(path), Qt.MatchFlag.MatchExactly):
                self.files.addItem(str(path))
        self._changed()

    def _pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        self.add_paths([Path(n) for n in names])

    def _remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._changed()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if _local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = _local_files(event.mimeData())
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def _done(self, changed: Changed) -> None:
        # The pasted pictures are among the attachments now: their sealed copies go.
        pasted = [p for p in self.paths() if p.parent == self.ctx.store.blobs.pasted]
        super()._done(changed)
        for path in pasted:
            path.unlink(missing_ok=True)

    def fields(self) -> dict[str, Any]:
        return {
            "text": self.text.toPlainText(),
            "log": self.log_box.isChecked(),
            "files": [str(p) for p in self.paths()],
        }

    def restore(self, fields: dict[str, Any]) -> None:
        self.text.setPlainText(str(fields.get("text", "")))
        self.log_box.setChecked(bool(fields.get("log", False)))
        self.files.clear()
        for name in fields.get("files", []):
            self.files.addItem(str(name))

    def clear(self) -> None:
        self.text.clear()
        self.log_box.setChecked(False)
        self.files.clear()

    @classmethod
    def typed(cls, fields: dict[str, Any]) -> bool:
        return bool(str(fields.get("text", "")).strip() or fields.get("files"))

    def use_case(self) -> Callable[[], Changed]:
        store, incident = self.ctx.store, self.incident_id
        text, log_, paths = self.text.toPlainText(), self.log_box.isChecked(), self.paths()
        return lambda: notes.add_note(store, incident, text, preformatted=log_, attachments=paths)


def _local_files(mime: QMimeData | None) -> list[Path]:
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class ActionForm(EntryForm):
    """An action taken and its result; excluded kinds are marked out of scope. Common
    actions are saved as templates and recorded again in one step."""

    form_name = "action"
    templates_loaded = Signal()

    def __init__(self, ctx: AppContext, incident_id: uuid.UUID) -> None:
        super().__init__(ctx, incident_id)
        self.template = QComboBox()
        self.template.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.template.setMinimumContentsLength(16)
        self.template.activated.connect(self._use_template)
        self.save_template = QPushButton()
        self.save_template.clicked.connect(self.ask_template_name)
        self.delete_template = QPushButton()
        self.delete_template.clicked.connect(self._delete_template)
        template_box = QWidget()
        template_row = QHBoxLayout(template_box)
        template_row.setContentsMargins(0, 0, 0, 0)
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.save_template)
        template_row.addWidget(self.delete_template)
        self.kind = QComboBox()
        for kind in ActionKind:
            self.kind.addItem("", kind.value)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(110)
        self.result = QComboBox()
        for result in ActionResult:
            self.result.addItem("", result.value)
        self.detail_edit = QLineEdit()
        self.scope_warning = QLabel()
        self.scope_warning.setWordWrap(True)
        self.scope_warning.setStyleSheet("color: #b25e00; font-weight: 600;")
        self.labels = [QLabel() for _ in range(5)]
        self.add_row("template", self.labels[4], template_box)
        self.add_row("kind", self.labels[0], self.kind)
        self.form.addRow("", self.scope_warning)
        self.add_row("description", self.labels[1], self.description)
        self.add_row("result", self.labels[2], self.result)
        self.add_row("result_detail", self.labels[3], self.detail_edit)
        self.kind.currentIndexChanged.connect(self._update_scope)
        self.watch(
            self.kind.currentIndexChanged,
            self.description.textChanged,
            self.result.currentIndexChanged,
            self.detail_edit.textChanged,
        )
        self.templates: list[ActionTemplate] = []
        ctx.hub.templates_changed.connect(self.load_templates)
        self.retranslate()
        self.load_templates()

    def retranslate(self) -> None:
        super().retranslate()
        for i, kind in enumerate(ActionKind):
            self.kind.setItemText(i, action_kind_label(kind))
        for i, result in enumerate(ActionResult):
            self.result.setItemText(i, result_label(result))
        for label, text in zip(
            self.labels,
            (
                self.tr("&Kind"),
                self.tr("&What was done"),
                self.tr("&Result"),
                self.tr("Result &details"),
                self.tr("Te&mplate"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.description.setPlaceholderText(self.tr("e.g. Restarted the listener on node 2"))
        self.submit_button.setText(self.tr("Record action  (Ctrl+Enter)"))
        self.save_template.setText(self.tr("Save as template…"))
        self.save_template.setToolTip(
            self.tr("Keep this action (kind, what was done, result) to record it again")
        )
        self.delete_template.setText(self.tr("Delete"))
        self.delete_template.setToolTip(self.tr("Forget the chosen template"))
        self._fill_templates()
        self._update_scope()

    # templates

    def load_templates(self) -> None:
        store = self.ctx.store
        self.ctx.read(lambda: templates.list_templates(store), self._templates_loaded, log.warning)

    def _templates_loaded(self, loaded: list[ActionTemplate]) -> None:
        self.templates = loaded
        self._fill_templates()
        self.templates_loaded.emit()

    def _fill_templates(self) -> None:
        chosen = self.template.currentData()
        self.template.clear()
        if not self.templates:
            self.template.addItem(self.tr("No templates yet: fill in an action, then save it"))
        else:
            self.template.addItem(self.tr("Choose a template…"))
        for template in self.templates:
            self.template.addItem(template.name, str(template.id))
        self.template.setCurrentIndex(max(0, self.template.findData(chosen)))
        self.delete_template.setEnabled(self.template.currentIndex() > 0)

    def _chosen_template(self) -> ActionTemplate | None:
        value = self.template.currentData()
        return next((t for t in self.templates if str(t.id) == value), None)

    def _use_template(self, _: int = 0) -> None:
        template = self._chosen_template()
        self.delete_template.setEnabled(template is not None)
        if template is None:
            return
        self.kind.setCurrentIndex(max(0, self.kind.findData(template.action_kind.value)))
        self.description.setPlainText(template.description)
        if template.result is not None:
            self.result.setCurrentIndex(max(0, self.result.findData(template.result.value)))
        self.detail_edit.setText(template.result_detail)
        # What is left to say: the result, unless the template says it.
        (self.detail_edit if template.result is not None else self.result).setFocus()

    def ask_template_name(self) -> None:
        dialog = TemplateNameDialog(self._chosen_template(), self)
        dialog.accepted.connect(lambda: self._save_template(dialog))
        dialog.open()

    def _save_template(self, dialog: TemplateNameDialog) -> None:
        store, f, name = self.ctx.store, self.fields(), dialog.name.text()

        def saved(template: ActionTemplate) -> None:
            self.template.blockSignals(True)
            self.templates = [t for t in self.templates if t.id != template.id] + [template]
            self._fill_templates()
            self.template.setCurrentIndex(max(0, self.template.findData(str(template.id))))
            self.template.blockSignals(False)
            self.delete_template.setEnabled(True)
            self.ctx.hub.templates_changed.emit()

        def refused(error: BaseException) -> None:
            if not isinstance(error, DomainError):
                self.failed.emit(error)
                return
            if getattr(error, "field", None) == "name":
                dialog.show_error(error_text(error))
                dialog.open()
            else:
                self.show_error(error)  # beside the action's own fields

        self.clear_errors()
        self.ctx.tasks.write(
            lambda: templates.save_template(
                store,
                name=name,
                kind=f["kind"],
                description=f["description"],
                result=f["result"],
                result_detail=f["result_detail"],
            ),
            saved,
            refused,
        )

    def _delete_template(self) -> None:
        template = self._chosen_template()
        if template is None:
            return
        store = self.ctx.store
        self.ctx.tasks.write(
            lambda: templates.delete_template(store, template.name),
            lambda _: self.ctx.hub.templates_changed.emit(),
            lambda error: self.failed.emit(error),
        )

    # the form

    def first_input(self) -> QWidget | None:
        return self.kind  # the templates' row is above it, one Shift+Tab away

    def set_detail(self, detail: IncidentDetail) -> None:
        super().set_detail(detail)
        self._update_scope()

    def _update_scope(self, *_: Any) -> None:
        kind = ActionKind(self.kind.currentData())
        detail = self.detail
        if detail is not None and not detail.covered:
            self.scope_warning.setText(
                self.tr("This system is not in the contract's Annex 1: billable separately.")
            )
            self.scope_warning.show()
        elif detail is not None and kind in detail.contract.exclusions:
            self.scope_warning.setText(
                self.tr(
                    "Out of scope: the contract excludes this kind of work (billable separately)."
                )
            )
            self.scope_warning.show()
        else:
            self.scope_warning.hide()

    def fields(self) -> dict[str, Any]:
        return {
            "kind": self.kind.currentData(),
            "description": self.description.toPlainText(),
            "result": self.result.currentData(),
            "result_detail": self.detail_edit.text(),
        }

    @classmethod
    def typed(cls, fields: dict[str, Any]) -> bool:
        return bool(
            str(fields.get("description", "")).strip()
            or str(fields.get("result_detail", "")).strip()
        )

    def restore(self, fields: dict[str, Any]) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(fields.get("kind"))))
        self.description.setPlainText(str(fields.get("description", "")))
        self.result.setCurrentIndex(max(0, self.result.findData(fields.get("result"))))
        self.detail_edit.setText(str(fields.get("result_detail", "")))

    def clear(self) -> None:
        self.description.clear()
        self.detail_edit.clear()
        self.result.setCurrentIndex(0)
        self.template.setCurrentIndex(0)

    def use_case(self) -> Callable[[], Changed]:
        store, incident, f = self.ctx.store, self.incident_id, self.fields()
        return lambda: work.record_action(
            store,
            incident,
            kind=f["kind"],
            description=f["description"],
            result=f["result"],
            result_detail=f["result_detail"],
        )


class TemplateNameDialog(QDialog):
    """The name to save an action template under (an existing name replaces it)."""

    def __init__(self, current: ActionTemplate | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.name = QLineEdit(current.name if current is not None else "")
        self.name.selectAll()
        self.label = QLabel()
        self.label.setBuddy(self.name)
        self.hint = QLabel()
        self.hint.setProperty("muted", True)
        self.hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.label, self.name)
        form.addRow(self.hint)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.name.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Save as template"))
        self.label.setText(self.tr("&Name"))
        self.name.setPlaceholderText(self.tr("e.g. Restart the TNS listener"))
        self.hint.setText(
            self.tr(
                "Saving under a name that exists replaces that template. Templates stay "
                "on this laptop."
            )
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class SerialEdit(QLineEdit):
    """A serial-number field: a USB barcode scanner types the serial and presses Enter
    (or Tab), which moves on to the next field instead of recording half a swap. What a
    scanner or a paste adds around the serial is dropped when the field is left
    (:func:`domain.serials.clean_serial`)."""

    def __init__(self) -> None:
        super().__init__()
        self.setMaxLength(SERIAL_MAX * 2)  # room to see what is wrong before it is cleaned
        self.editingFinished.connect(self._clean)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._clean()
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def _clean(self) -> None:
        cleaned = clean_serial(self.text())
        if cleaned != self.text():
            self.setText(cleaned)


#: The serial fields' names as the use case says them (marked in desktop.usecases.work).
SERIAL_LABELS = {
    "removed_serial": "The removed serial number",
    "installed_serial": "The installed serial number",
}


class SwapForm(EntryForm):
    """A part removed and a part installed, with serial numbers; the installed part can
    come from the van stock in the same step. Part names are found in the catalogue as
    one types; serials are checked as each field is left."""

    form_name = "swap"

    def __init__(self, ctx: AppContext, incident_id: uuid.UUID) -> None:
        super().__init__(ctx, incident_id)
        self.removed_part = QLineEdit()
        self.removed_serial = SerialEdit()
        self.from_van = QComboBox()
        self.installed_part = QLineEdit()
        self.installed_serial = SerialEdit()
        self.names = QStringListModel(self)
        for edit in (self.removed_part, self.installed_part):
            completer = QCompleter(self.names, edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)
        self.temporary = QRadioButton()
        self.permanent = QRadioButton()
        self.permanent.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.temporary)
        group.addButton(self.permanent)
        kind_box = QWidget()
        kind_row = QHBoxLayout(kind_box)
        kind_row.setContentsMargins(0, 0, 0, 0)
        kind_row.addWidget(self.permanent)
        kind_row.addWidget(self.temporary)
        kind_row.addStretch(1)
        self.note = QLineEdit()
        self.serial_rule = QLabel()
        self.serial_rule.setProperty("muted", True)
        self.serial_rule.setWordWrap(True)
        self.labels = [QLabel() for _ in range(7)]
        self.add_row("removed_part", self.labels[0], self.removed_part)
        self.add_row("removed_serial", self.labels[1], self.removed_serial)
        self.add_row("installed_part", self.labels[2], self.installed_part)
        self.add_row("from_van", self.labels[6], self.from_van)
        self.add_row("installed_serial", self.labels[3], self.installed_serial)
        self.form.addRow("", self.serial_rule)
        self.add_row("temporary", self.labels[4], kind_box)
        self.add_row("note", self.labels[5], self.note)
        self.from_van.currentIndexChanged.connect(self._van_part_chosen)
        for field, edit in (
            ("removed_serial", self.removed_serial),
            ("installed_serial", self.installed_serial),
        ):
            edit.editingFinished.connect(lambda f=field, e=edit: self._check_serial(f, e))
        self.watch(
            self.removed_part.textChanged,
            self.removed_serial.textChanged,
            self.from_van.currentIndexChanged,
            self.installed_part.textChanged,
            self.installed_serial.textChanged,
            self.temporary.toggled,
            self.note.textChanged,
        )
        self.stock: list[StockLine] = []
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        texts = (
            self.tr("Part &removed"),
            self.tr("Removed &serial"),
            self.tr("Part &installed"),
            self.tr("Installed s&erial"),
            self.tr("Replacement"),
            self.tr("&Note"),
            self.tr("From the &van"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.removed_part.setPlaceholderText(self.tr("Type to find it in the catalogue"))
        self.installed_part.setPlaceholderText(self.tr("Type to find it in the catalogue"))
        self.removed_serial.setPlaceholderText(self.tr("Type or scan"))
        self.installed_serial.setPlaceholderText(self.tr("Type or scan"))
        self.serial_rule.setText(
            self.tr(
                "Serial numbers: {low} to {high} characters, letters A–Z, digits 0–9 and "
                "- . / _ : only. A scanner's Enter or Tab moves to the next field."
            ).format(low=SERIAL_MIN, high=SERIAL_MAX)
        )
        self.permanent.setText(self.tr("&Permanent"))
        self.temporary.setText(self.tr("&Temporary (from spares, to be replaced)"))
        self.submit_button.setText(self.tr("Record swap  (Ctrl+Enter)"))
        self._fill_van()

    def set_stock(self, lines: list[StockLine]) -> None:
        self.stock = lines
        self._fill_van()

    def set_catalogue(self, items: list[CatalogueItem]) -> None:
        self.names.setStringList([item.name for item in items])

    def _fill_van(self) -> None:
        chosen = self.from_van.currentData()
        self._restoring = True
        try:
            self.from_van.clear()
            self.from_van.addItem(self.tr("No: a part of my own, or the client's"), None)
            for line in self.stock:
                if line.available > 0:
                    self.from_van.addItem(
                        self.tr("{part} — {description} ({n} in the van)").format(
                            part=line.part_number, description=line.description, n=line.available
                        ),
                        str(line.part_id),
                    )
            self.from_van.setCurrentIndex(max(0, self.from_van.findData(chosen)))
        finally:
            self._restoring = False

    def _van_part_chosen(self, *_: Any) -> None:
        line = next((x for x in self.stock if str(x.part_id) == self.from_van.currentData()), None)
        if line is not None and not self._restoring:
            self.installed_part.setText(f"{line.part_number} {line.description}".strip())

    def _check_serial(self, field: str, edit: SerialEdit) -> None:
        """The serial rule as soon as a serial field is left (the same rule the use case
        applies on recording)."""
        value = edit.text()
        problem = serial_problem(value) if value else None
        if problem is None:
            self.clear_error(field)
            return
        label = Term("UseCaseError", SERIAL_LABELS[field])  # the use case's words
        self.mark_invalid(
            field,
            message_text(
                Message(problem.context, problem.template, {**problem.params, "label": label})
            ),
        )

    def fields(self) -> dict[str, Any]:
        return {
            "removed_part": self.removed_part.text(),
            "removed_serial": self.removed_serial.text(),
            "from_van": self.from_van.currentData(),
            "installed_part": self.installed_part.text(),
            "installed_serial": self.installed_serial.text(),
            "temporary": self.temporary.isChecked(),
            "note": self.note.text(),
        }

    def restore(self, fields: dict[str, Any]) -> None:
        for name in (
            "removed_part",
            "removed_serial",
            "installed_part",
            "installed_serial",
            "note",
        ):
            widget = getattr(self, name)
            widget.setText(str(fields.get(name, "")))
        self.from_van.setCurrentIndex(max(0, self.from_van.findData(fields.get("from_van"))))
        (self.temporary if fields.get("temporary") else self.permanent).setChecked(True)

    def clear(self) -> None:
        self.restore({})

    def use_case(self) -> Callable[[], Changed]:
        store, incident, f = self.ctx.store, self.incident_id, self.fields()
        return lambda: work.record_swap(store, incident, **f)


class PartsForm(EntryForm):
    """Spare parts from the van, found by typing part of their number or description;
    more than the van holds is refused beside the quantity."""

    form_name = "parts"

    def __init__(self, ctx: AppContext, incident_id: uuid.UUID) -> None:
        super().__init__(ctx, incident_id)
        self.part = QComboBox()
        self.part.setEditable(True)
        self.part.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.part.completer()
        assert completer is not None  # an editable combo box has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 1000)
        self.available = QLabel()
        self.available.setProperty("muted", True)
        self.labels = [QLabel(), QLabel()]
        self.add_row("part", self.labels[0], self.part)
        self.add_row("quantity", self.labels[1], self.quantity)
        self.form.addRow("", self.available)
        self.part.currentIndexChanged.connect(self._show_available)
        self.watch(self.part.currentIndexChanged, self.quantity.valueChanged)
        self.lines: list[StockLine] = []
        self.retranslate()

    def set_stock(self, lines: list[StockLine]) -> None:
        current = self.part.currentData()
        self.lines = lines
        self._restoring = True
        try:
            self.part.clear()
            for line in lines:
                self.part.addItem(f"{line.part_number} — {line.description}", str(line.part_id))
            index = self.part.findData(current)
            self.part.setCurrentIndex(max(0, index))
        finally:
            self._restoring = False
        self._show_available()

    def _show_available(self, *_: Any) -> None:
        line = next((x for x in self.lines if str(x.part_id) == self.part.currentData()), None)
        if line is None:
            self.available.setText(self.tr("The van stock is empty."))
            return
        self.available.setText(self.tr("%n available in the van", "", line.available))

    def retranslate(self) -> None:
        super().retranslate()
        self.labels[0].setText(self.tr("&Part"))
        self.labels[1].setText(self.tr("&Quantity"))
        line = self.part.lineEdit()
        assert line is not None  # editable
        line.setPlaceholderText(self.tr("Type part of its number or name"))
        self.submit_button.setText(self.tr("Use parts  (Ctrl+Enter)"))
        self._show_available()

    def fields(self) -> dict[str, Any]:
        return {"part": self.part.currentData(), "quantity": self.quantity.value()}

    @classmethod
    def typed(cls, fields: dict[str, Any]) -> bool:
        return int(fields.get("quantity", 1) or 1) != 1

    def restore(self, fields: dict[str, Any]) -> None:
        self.part.setCurrentIndex(max(0, self.part.findData(fields.get("part"))))
        self.quantity.setValue(int(fields.get("quantity", 1) or 1))

    def clear(self) -> None:
        self.quantity.setValue(1)

    def _chosen_part(self) -> str:
        """The part picked, or what was typed when it names no line of the list (the use
        case finds a part number, or says there is no such part)."""
        typed = self.part.currentText().strip()
        index = self.part.currentIndex()
        if index >= 0 and self.part.itemText(index) == self.part.currentText():
            return str(self.part.itemData(index))
        return typed.split(" — ")[0]

    def use_case(self) -> Callable[[], Changed]:
        store, incident = self.ctx.store, self.incident_id
        part, quantity = self._chosen_part(), self.quantity.value()
        return lambda: parts.use_parts(store, incident, part, quantity)


class TimeForm(EntryForm):
    """Time logged by hand (status changes log travel, on-site and waiting time themselves)."""

    form_name = "time"

    def __init__(self, ctx: AppContext, incident_id: uuid.UUID) -> None:
        super().__init__(ctx, incident_id)
        self.kind = QComboBox()
        for kind in TimeKind:
            self.kind.addItem("", kind.value)
        self.started = QDateTimeEdit()
        self.ended = QDateTimeEdit()
        for edit in (self.started, self.ended):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.hint = QLabel()
        self.hint.setProperty("muted", True)
        self.hint.setWordWrap(True)
        self.labels = [QLabel() for _ in range(3)]
        self.add_row("kind", self.labels[0], self.kind)
        self.add_row("started_at", self.labels[1], self.started)
        self.add_row("ended_at", self.labels[2], self.ended)
        self.form.addRow("", self.hint)
        self.watch(self.kind.currentIndexChanged)
        self.clear()
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        for i, kind in enumerate(TimeKind):
            self.kind.setItemText(i, time_kind_label(kind))
        self.labels[0].setText(self.tr("&Kind"))
        self.labels[1].setText(self.tr("&From"))
        self.labels[2].setText(self.tr("&Until"))
        self.hint.setText(
            self.tr(
                "Start travel, Arrived and the other status buttons log time by themselves; "
                "use this only for time they did not see."
            )
        )
        self.submit_button.setText(self.tr("Log time  (Ctrl+Enter)"))

    def fields(self) -> dict[str, Any]:
        return {"kind": self.kind.currentData()}

    @classmethod
    def typed(cls, fields: dict[str, Any]) -> bool:
        return False  # the kind alone; the times start from now again

    def restore(self, fields: dict[str, Any]) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(fields.get("kind"))))

    def clear(self) -> None:
        now = QDateTime.currentDateTime()
        self.ended.setDateTime(now)
        self.started.setDateTime(now.addSecs(-30 * 60))

    def use_case(self) -> Callable[[], Changed]:
        store, incident = self.ctx.store, self.incident_id
        kind = self.kind.currentData()
        start = _aware(self.started.dateTime())
        end = _aware(self.ended.dateTime())
        return lambda: timelog.log_time(store, incident, kind=kind, started_at=start, ended_at=end)


def _aware(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), tz=UTC)


class ClockForm(EntryForm):
    """Pause the SLA clock while the client cannot give access or information; resume it."""

    form_name = "clock"

    def __init__(self, ctx: AppContext, incident_id: uuid.UUID) -> None:
        super().__init__(ctx, incident_id)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.reason = QLineEdit()
        self.labels = [QLabel()]
        self.form.addRow(self.state)
        self.add_row("reason", self.labels[0], self.reason)
        self.watch(self.reason.textChanged)
        self.paused = False
        self.retranslate()

    def set_detail(self, detail: IncidentDetail) -> None:
        super().set_detail(detail)
        self.paused = detail.sla.resolution.is_paused
        self.retranslate()

    def stopped_text(self) -> str | None:
        """Why the clock cannot pause or resume any more, or None while it runs."""
        detail = self.detail
        if detail is None:
            return None
        status, clock_ = detail.incident.status, detail.sla.resolution
        stopped = fmt.local_time(clock_.stopped_at)
        if status in SEALED_STATES:
            return self.tr(
                "Signed off: the SLA clock stopped for good at {time} ({outcome})."
            ).format(time=stopped, outcome=fmt.sla_left(clock_))
        if status is Status.CANCELLED:
            return self.tr("Cancelled: the SLA clock no longer counts.")
        if clock_.stopped_at is not None:
            return self.tr(
                "Resolved: the SLA clock stopped at {time} ({outcome}). Reopening the incident "
                "lets it run again."
            ).format(time=stopped, outcome=fmt.sla_left(clock_))
        return None

    def retranslate(self) -> None:
        super().retranslate()
        self.labels[0].setText(self.tr("&Reason"))
        self.reason.setPlaceholderText(self.tr("e.g. The client's DBA is not on site yet"))
        detail = self.detail
        allowed = detail is None or detail.contract.policy.pause_allowed
        stopped = self.stopped_text()
        self.reason.setEnabled(allowed and not self.paused and stopped is None)
        self.submit_button.setEnabled(allowed and stopped is None)
        if stopped is not None:
            self.state.setText(stopped)
        elif not allowed:
            self.state.setText(
                self.tr("This contract does not let the SLA clock stop while you wait.")
            )
        elif self.paused:
            self.state.setText(self.tr("The SLA clock is paused."))
        else:
            self.state.setText(
                self.tr(
                    "The SLA clock is running. Pause it while the client cannot give "
                    "you access or information."
                )
            )
        self.submit_button.setText(
            self.tr("Resume clock  (Ctrl+Enter)")
            if self.paused
            else self.tr("Pause clock  (Ctrl+Enter)")
        )

    def fields(self) -> dict[str, Any]:
        return {"reason": self.reason.text()}

    def restore(self, fields: dict[str, Any]) -> None:
        self.reason.setText(str(fields.get("reason", "")))

    def clear(self) -> None:
        self.reason.clear()

    def use_case(self) -> Callable[[], Changed]:
        store, incident = self.ctx.store, self.incident_id
        if self.paused:
            return lambda: clock.resume_clock(store, incident)
        reason = self.reason.text()
        return lambda: clock.pause_clock(store, incident, reason)


def draft_typed(form: str, fields: dict[str, Any]) -> bool:
    """Does a draft of ``form`` hold typed text? (Older versions kept defaults too.)"""
    for kind in (NoteForm, ActionForm, SwapForm, PartsForm, TimeForm, ClockForm):
        if kind.form_name == form:
            return kind.typed(fields)
    return False
