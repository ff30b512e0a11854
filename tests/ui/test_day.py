"""A technician's day without friction (issue 15): each defect found walking a P1 through
the real window, as a test on real widgets over a real store."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from desktop.cli import main as cli
from desktop.store.db import Store
from desktop.usecases import incidents, notes, parts, queries
from domain.records import Channel, Priority, Status
from tests.conftest import Office, make_incident
from tests.ui.test_workflow import CTRL_ENTER, reactivate, record, type_text
from ui import format as fmt
from ui.app import build
from ui.forms import ActionForm, ClockForm, NoteForm, SwapForm, TemplateNameDialog
from ui.main_window import MainWindow
from ui.workspace import IncidentWorkspace, WaitDialog

NOW = datetime.now(UTC).replace(microsecond=0)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class Clock:
    """The time of day as the window sees it, moved by the test."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def window(
    qapp: QApplication,
    qtbot,
    store: Store,
    office: Office,
    data_dir: Path,
    settings: QSettings,
    clock: Clock,
) -> Iterator[MainWindow]:
    w = build(data_dir, qapp, settings, install_hooks=False, start_sync=False, clock=clock)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.list_loaded, timeout=10_000):
        w.show()
    yield w
    w.ctx.translators.use("en")
    w.ctx.tasks.wait()
    w.ctx.store.close()


def open_page(qtbot, window: MainWindow, incident_id: uuid.UUID) -> IncidentWorkspace:
    window.open_incident(incident_id)
    page = window.workspace(incident_id)
    assert isinstance(page, IncidentWorkspace)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    return page


def fresh(store: Store, office: Office, number: str, **kw: object) -> uuid.UUID:
    """An incident notified a few minutes ago (its clocks running), on site unless told."""
    kw.setdefault("notified_at", NOW - timedelta(minutes=2))
    return make_incident(store, office, number=number, **kw)  # type: ignore[arg-type]


# --- 1. the workspace keeps its place -----------------------------------------------


def test_the_newest_entry_is_in_view_after_every_record(qtbot, window, office) -> None:
    page = open_page(qtbot, window, office.incident_id)
    page.show_form(0)
    note = page.forms[0]
    assert isinstance(note, NoteForm)
    for n in range(14):  # enough to scroll
        note.text.insertPlainText(f"check {n}: multipath -ll shows 2 paths active\nall ok")
        record(qtbot, page, note.text)
        bar = page.timeline.verticalScrollBar()
        qtbot.waitUntil(page.timeline_at_end, timeout=10_000)
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    # The technician scrolls up to read; a change from elsewhere keeps their place.
    bar.triggerAction(bar.SliderAction.SliderToMinimum)
    assert bar.value() == 0
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.ctx.write(
            lambda: notes.add_note(window.ctx.store, office.incident_id, "from the office")
        )
    assert bar.value() == 0


def test_focus_is_back_in_the_form_after_a_status_change(qtbot, window, store, office) -> None:
    iid = fresh(store, office, "INC-F", status=Status.RESPONDED)
    page = open_page(qtbot, window, iid)
    page.show_form(1)
    travel = page.status_buttons[Status.TRAVELLING]
    travel.setFocus()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        travel.click()
    action = page.forms[1]
    assert isinstance(action, ActionForm)
    qtbot.waitUntil(
        lambda: action.isAncestorOf(QApplication.focusWidget() or window), timeout=10_000
    )
    # The keyboard works at once: Ctrl+1 goes to the note's text.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert page.forms[0].text.hasFocus()  # type: ignore[attr-defined]


def test_a_shortcut_takes_the_next_step(qtbot, window, store, office) -> None:
    iid = fresh(store, office, "INC-N", status=Status.NEW)
    page = open_page(qtbot, window, iid)
    assert "Ctrl+Shift+Return" in page.status_buttons[Status.RESPONDED].text()
    assert page.status_buttons[Status.RESPONDED].property("primary") is True
    for status in (Status.RESPONDED, Status.TRAVELLING, Status.ON_SITE):
        with qtbot.waitSignal(page.loaded, timeout=10_000):
            qtbot.keyClick(page.forms[0].text, Qt.Key.Key_Return, CTRL_SHIFT)  # type: ignore[attr-defined]
        assert page.detail is not None and page.detail.incident.status is status
    # On site, the step forward is "resolved": fixed or workaround, chosen by keys.
    qtbot.keyClick(page.forms[0].text, Qt.Key.Key_Return, CTRL_SHIFT)  # type: ignore[attr-defined]
    menu = page.status_buttons[Status.RESOLVED].menu()
    assert menu is not None
    qtbot.waitUntil(menu.isVisible, timeout=10_000)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert page.detail is not None and page.detail.incident.status is Status.RESOLVED


def test_the_header_has_what_the_client_reported_and_where(qtbot, window, store, office):
    with store.write() as s:
        from desktop.store.models import IncidentRow

        row = s.get(IncidentRow, office.incident_id)
        assert row is not None
        row.description = "信息科 刘主任（电话 138 0000 1234）报障：HIS 挂号查询超时。"
    page = open_page(qtbot, window, office.incident_id)
    assert "刘主任" in page.reported.text() and "138 0000 1234" in page.reported.text()
    assert page.fact_values[5].text() == "上海市 · A栋3楼机房 B07"  # client address · rack
    page.copy_reported.click()
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None and "138 0000 1234" in clipboard.text()
    page.copy_site.click()
    assert clipboard.text() == "上海市 · A栋3楼机房 B07"


def test_a_long_log_is_collapsed_with_show_all(qtbot, window, store, office) -> None:
    log = "\n".join(f"{n:05d} sd 2:0:0:1: [sdc] I/O error" for n in range(3000))
    notes.add_note(store, office.incident_id, log, preformatted=True)
    page = open_page(qtbot, window, office.incident_id)
    shown = page.timeline.toPlainText()
    assert "00000 sd" in shown and "02999 sd" in shown and "01500 sd" not in shown
    assert "Show all" in shown and "2940 lines" in shown
    note_id = next(e.id for e in page.detail.entries if e.kind == "note")  # type: ignore[union-attr]
    page.timeline.anchorClicked.emit(QUrl(f"expand:{note_id}"))
    assert "01500 sd" in page.timeline.toPlainText()
    page.timeline.anchorClicked.emit(QUrl(f"collapse:{note_id}"))
    assert "01500 sd" not in page.timeline.toPlainText()


# --- 2. alerts that mean something --------------------------------------------------


def test_alerts_once_per_clock_as_it_crosses_75_percent_and_as_it_breaches(
    qtbot, qapp, store, office, data_dir, settings, clock
) -> None:
    # Before the window opens: one breached long ago, one paused, one resolved, one fresh.
    fresh(store, office, "INC-OLD", priority=Priority.P2, notified_at=NOW - timedelta(hours=11))
    paused = fresh(store, office, "INC-PAUSED", notified_at=NOW - timedelta(hours=3, minutes=50))
    from desktop.usecases import clock as sla_clock

    sla_clock.pause_clock(store, paused, "DBA not on site", now=NOW - timedelta(hours=3))
    done = fresh(store, office, "INC-DONE", notified_at=NOW - timedelta(hours=5))
    incidents.change_status(store, done, Status.RESOLVED, resolution="fixed", now=NOW)
    fresh(store, office, "INC-NEW", status=Status.NEW, notified_at=NOW - timedelta(minutes=1))
    window = build(data_dir, qapp, settings, install_hooks=False, start_sync=False, clock=clock)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.list_loaded, timeout=10_000):
            window.show()
        # One notice for what already stood, not one per clock; paused and stopped ones
        # are not in it. (The conftest's incident, notified long ago, is breached too.)
        assert len(window.notifications) == 1
        assert window.notifications[0].startswith("2 SLA clocks need attention")
        # The status bar says how many; it does not repeat the most urgent beside itself.
        assert window.statusBar().currentMessage() == "2 SLA clocks need attention"
        assert "INC-PAUSED" not in window.notifications[0]
        # The most urgent stays in the status bar: the P1 breached (weighted 30 min)
        # ranks before the P2 breached long ago (60).
        assert window.urgent.isVisible()
        assert window.urgent.text().startswith(
            "Most urgent: INC-2026-000001 (P1): resolution target of 4 h missed"
        )
        # INC-NEW (P1, respond in 5 min, notified 1 min before NOW) crosses 75 % at 3¾ min.
        clock.now = NOW + timedelta(minutes=2)
        window.check_alerts()
        assert len(window.notifications) == 1
        clock.now = NOW + timedelta(minutes=3)
        window.check_alerts()
        due = fmt.short_time(NOW + timedelta(minutes=4))
        assert window.notifications[1:] == [
            f"SLA about to breach: INC-NEW (P1): response due in 1 min, at {due}"
        ]
        window.check_alerts()
        assert len(window.notifications) == 2  # once, not at every check
        clock.now = NOW + timedelta(minutes=6)
        window.check_alerts()
        assert window.notifications[2:] == [
            "SLA breached: INC-NEW (P1): response target of 5 min missed 2 min ago"
        ]
        window.check_alerts()
        assert len(window.notifications) == 3
        assert not any("ago left" in n for n in window.notifications)
        # Clicking the status bar's most urgent clock opens its incident.
        window.urgent.click()
        page = window.tabs.currentWidget()
        assert isinstance(page, IncidentWorkspace)
        qtbot.waitUntil(lambda: page.number.text() == "INC-2026-000001", timeout=10_000)
    finally:
        window.ctx.tasks.wait()
        window.ctx.store.close()


def test_the_list_ranks_by_weighted_time_and_names_its_clock(qtbot, window, store, office):
    fresh(store, office, "INC-P2-LATE", priority=Priority.P2, notified_at=NOW - timedelta(hours=11))
    fresh(store, office, "INC-P1-SOON", status=Status.NEW, notified_at=NOW - timedelta(minutes=4))
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.reload()
    numbers = [window.model.row_at(i).number for i in range(window.model.rowCount())]
    assert numbers.index("INC-P1-SOON") < numbers.index("INC-P2-LATE")
    sla = window.model.index(numbers.index("INC-P1-SOON"), 3).data()
    assert sla == "response: 1 min"
    assert window.model.headerData(3, Qt.Orientation.Horizontal) == "SLA clock: time left"


def test_down_and_enter_in_the_filter_reach_the_list(qtbot, window, store, office) -> None:
    fresh(store, office, "INC-2026-000077")
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.reload()
    box = window.list_page.filter_box
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, "000077")
    qtbot.keyClick(box, Qt.Key.Key_Down)
    table = window.list_page.table
    assert table.hasFocus() and table.currentIndex().row() == 0
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    page = window.tabs.currentWidget()
    assert isinstance(page, IncidentWorkspace)
    qtbot.waitUntil(lambda: page.number.text() == "INC-2026-000077", timeout=10_000)


# --- 3. forms that think with the technician -----------------------------------------


def test_waiting_for_the_client_offers_to_pause_the_clock(qtbot, window, store, office):
    iid = fresh(store, office, "INC-W")
    page = open_page(qtbot, window, iid)
    page.status_buttons[Status.WAITING_FOR_CLIENT].click()
    dialog = page.findChild(WaitDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.pause_button.click()  # no reason: asked again, nothing recorded
    assert dialog.isVisible() and "Say why" in dialog.error.text()
    type_text(qtbot, dialog.reason, "客户 DBA 未到场")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog.pause_button.click()
    assert page.detail is not None
    assert page.detail.incident.status is Status.WAITING_FOR_CLIENT
    assert page.detail.sla.resolution.is_paused
    assert "客户 DBA 未到场" in page.timeline.toPlainText()
    # A contract that does not allow it: no question, the status changes.
    strict = fresh(
        store,
        office,
        "INC-STRICT",
        contract_id=office.strict_contract_id,
        system_id=office.other_system_id,
    )
    other = open_page(qtbot, window, strict)
    with qtbot.waitSignal(other.loaded, timeout=10_000):
        other.status_buttons[Status.WAITING_FOR_CLIENT].click()
    assert other.findChild(WaitDialog) is None
    assert other.detail is not None
    assert other.detail.incident.status is Status.WAITING_FOR_CLIENT


def test_the_clock_tab_shows_a_stopped_clock_as_stopped(qtbot, window, store, office) -> None:
    iid = fresh(store, office, "INC-R")
    page = open_page(qtbot, window, iid)
    form = page.forms[5]
    assert isinstance(form, ClockForm)
    assert "running" in form.state.text() and form.submit_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.ctx.write(
            lambda: incidents.change_status(store, iid, Status.RESOLVED, resolution="fixed")
        )
    assert form.state.text().startswith("Resolved: the SLA clock stopped at")
    assert "running" not in form.state.text()
    assert not form.submit_button.isEnabled() and not form.reason.isEnabled()


def test_a_swap_takes_its_part_from_the_van_in_one_step(qtbot, window, store, office):
    page = open_page(qtbot, window, office.incident_id)
    page.show_form(2)
    swap = page.forms[2]
    assert isinstance(swap, SwapForm)
    before = next(x for x in parts.stock(store) if x.part_id == office.part_id).available
    type_text(qtbot, swap.removed_part, "32GB DIMM (failed)")
    type_text(qtbot, swap.removed_serial, "S1AB23")
    swap.from_van.setCurrentIndex(swap.from_van.findData(str(office.part_id)))
    assert swap.installed_part.text() == "DIMM-32G-DDR4 32 GB RDIMM"
    type_text(qtbot, swap.installed_serial, "S9ZZ99")
    record(qtbot, page, swap.installed_serial)
    detail = queries.incident_detail(store, office.incident_id)
    assert sorted(e.kind for e in detail.entries) == ["part_usage", "swap"]
    after = next(x for x in parts.stock(store) if x.part_id == office.part_id).available
    assert after == before - 1
    # The van no longer offers what it has not got (the empty PSU was never offered).
    assert swap.from_van.findData(str(office.empty_part_id)) == -1


def test_part_names_are_found_in_the_catalogue_as_one_types(qtbot, window, office) -> None:
    page = open_page(qtbot, window, office.incident_id)
    swap = page.forms[2]
    assert isinstance(swap, SwapForm)
    completer = swap.installed_part.completer()
    assert completer is not None
    completer.setCompletionPrefix("rdimm")  # any part of the name, any case
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "DIMM-32G-DDR4 32 GB RDIMM"
    parts_form = page.forms[3]
    chooser = parts_form.part.completer()  # type: ignore[attr-defined]
    chooser.setCompletionPrefix("1100")
    assert chooser.currentCompletion() == "PSU-1100W — 1100 W PSU"


def test_serials_are_checked_and_every_bad_field_shows_at_once(qtbot, window, store, office):
    page = open_page(qtbot, window, office.incident_id)
    page.show_form(2)
    swap = page.forms[2]
    assert isinstance(swap, SwapForm)
    # A scanner's trailing Tab and spaces are dropped as the field is left.
    swap.removed_serial.setFocus()
    swap.removed_serial.insert("  S1AB23 ")
    qtbot.keyClick(swap.removed_serial, Qt.Key.Key_Return)
    assert swap.removed_serial.text() == "S1AB23" and swap.installed_part.hasFocus()
    # A bad serial is said as soon as the field is left.
    swap.installed_serial.setFocus()
    swap.installed_serial.insert("<S9✓>")
    qtbot.keyClick(swap.installed_serial, Qt.Key.Key_Return)
    error = swap.errors["installed_serial"]
    assert not error.isHidden() and "“<” “✓” “>”" in error.text()
    assert "A–Z, digits 0–9 and - . / _ :" in swap.serial_rule.text()
    # Recording shows every problem at once, beside each field; nothing is recorded.
    swap.removed_serial.setText("S1")
    qtbot.keyClick(swap.note, Qt.Key.Key_Return, CTRL_ENTER)
    for field in ("removed_part", "removed_serial", "installed_part", "installed_serial"):
        qtbot.waitUntil(lambda f=field: not swap.errors[f].isHidden(), timeout=10_000)
    assert "3 to 64 characters long (it has 2)" in swap.errors["removed_serial"].text()
    assert swap.removed_part.hasFocus()  # the first field refused
    assert queries.incident_detail(store, office.incident_id).entries == []


def test_an_action_saved_as_a_template_is_recorded_again_in_one_step(
    qtbot, window, store, office
) -> None:
    page = open_page(qtbot, window, office.incident_id)
    page.show_form(1)
    action = page.forms[1]
    assert isinstance(action, ActionForm)
    action.kind.setCurrentIndex(action.kind.findData("service_stop_start"))
    type_text(qtbot, action.description, "lsnrctl stop; lsnrctl start")
    action.result.setCurrentIndex(action.result.findData("succeeded"))
    action.ask_template_name()
    dialog = action.findChild(TemplateNameDialog)
    assert dialog is not None
    type_text(qtbot, dialog.name, "重启监听")
    with qtbot.waitSignal(window.ctx.hub.templates_changed, timeout=10_000):
        dialog.accept()
    # Another incident's action form offers it.
    other = open_page(qtbot, window, fresh(store, office, "INC-T"))
    other_action = other.forms[1]
    assert isinstance(other_action, ActionForm)
    qtbot.waitUntil(lambda: other_action.template.findText("重启监听") > 0, timeout=10_000)
    other_action.template.setCurrentIndex(other_action.template.findText("重启监听"))
    other_action.template.activated.emit(other_action.template.currentIndex())
    assert other_action.description.toPlainText() == "lsnrctl stop; lsnrctl start"
    assert other_action.kind.currentData() == "service_stop_start"
    reactivate(qtbot, window)  # offscreen leaves the closed dialog the active window
    other.show_form(1)
    record(qtbot, other, other_action.detail_edit)
    assert "lsnrctl stop; lsnrctl start" in other.timeline.toPlainText()
    # A template without a name is refused in its dialog.
    other_action.ask_template_name()
    nameless = [d for d in other_action.findChildren(TemplateNameDialog) if d.isVisible()][-1]
    nameless.name.clear()
    nameless.accept()
    qtbot.waitUntil(lambda: not nameless.error.isHidden(), timeout=10_000)
    assert "cannot be empty" in nameless.error.text()


def test_paste_screenshot_saves_a_real_png(qtbot, window, office, data_dir) -> None:
    """Issue 12: image.save(..., b"PNG") raised ValueError on PySide6 6.11, leaving 0 bytes."""
    page = open_page(qtbot, window, office.incident_id)
    note = page.forms[0]
    assert isinstance(note, NoteForm)
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None
    clipboard.setImage(image)
    assert note.paste_screenshot() is True
    [path] = note.paths()
    assert path.parent == data_dir / "pasted" and path.suffix == ".png"
    # Kept sealed on disk (issue 12, at rest): a real PNG once read through the store.
    assert not path.read_bytes().startswith(b"\x89PNG")
    blobs = window.ctx.store.blobs
    with blobs._source(path) as source:
        data = source.read()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 100
    assert QImage.fromData(data).size() == image.size()
    clipboard.clear()
    assert note.paste_screenshot() is False
    assert note.paths() == [path]  # nothing added, nothing lost
    # Recorded: the picture is an attachment (sealed among the blobs), the pasted copy goes.
    type_text(qtbot, note.text, "the error dialog")
    record(qtbot, page, note.text)
    assert not path.exists()
    [shot] = [
        e
        for e in queries.incident_detail(window.ctx.store, office.incident_id).entries
        if e.kind == "attachment"
    ]
    assert window.ctx.store.blobs.read(shot.sha256) == data  # type: ignore[attr-defined]


# --- 5. drafts only for what was typed; one window per data folder -------------------


def test_drafts_only_for_typed_text_and_no_false_banner(
    qtbot, qapp, window, store, office, data_dir, settings
) -> None:
    page = open_page(qtbot, window, office.incident_id)
    action = page.forms[1]
    assert isinstance(action, ActionForm)
    drafts = window.ctx.drafts
    action.kind.setCurrentIndex(action.kind.findData("patch"))  # a choice, not typing
    action.save_draft()
    window.ctx.tasks.wait()
    assert drafts.load(office.incident_id, "action") is None
    type_text(qtbot, action.description, "half-typed: patch 19.21")
    action.save_draft()
    window.ctx.tasks.wait()
    assert drafts.load(office.incident_id, "action") is not None
    # This run's own draft never raises "from your last session", a language switch neither.
    assert not window.drafts_banner.isVisibleTo(window)
    window.ctx.translators.use("zh_CN")
    assert not window.drafts_banner.isVisibleTo(window)
    window.ctx.translators.use("en")
    # A draft of defaults only, as older versions left them, is no leftover either.
    drafts.save(office.incident_id, "parts", {"part": str(office.part_id), "quantity": 1})
    second = build(data_dir, qapp, settings, install_hooks=False, start_sync=False)
    qtbot.addWidget(second)
    try:
        with qtbot.waitSignal(second.list_loaded, timeout=10_000):
            second.show()
        assert second.drafts_banner.isVisibleTo(second)
        assert [d.form for d in second.leftover_drafts] == ["action"]
    finally:
        second.ctx.tasks.wait()
        second.ctx.store.close()


def test_the_window_shows_what_the_command_line_recorded(qtbot, window, store, office, data_dir):
    page = open_page(qtbot, window, office.incident_id)
    assert (
        cli(["--data-dir", str(data_dir), "note", office.incident_number, "来自命令行的记录"]) == 0
    )
    qtbot.waitUntil(lambda: "来自命令行的记录" in page.timeline.toPlainText(), timeout=15_000)
    iid = fresh(store, office, "INC-CLI", status=Status.NEW)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.reload()
    assert cli(["--data-dir", str(data_dir), "respond", "INC-CLI"]) == 0
    row = lambda: next(r for r in window.model.rows() if r.id == iid)  # noqa: E731
    qtbot.waitUntil(lambda: row().status is Status.RESPONDED, timeout=15_000)


def test_a_second_start_brings_the_running_window_to_the_front(
    qtbot, window, data_dir, tmp_path
) -> None:
    import os
    import subprocess
    import sys

    from ui.single import SingleWindow

    holder = SingleWindow(data_dir)
    assert holder.acquire()
    holder.show_requested.connect(window.bring_to_front)
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        root = Path(__file__).resolve().parents[2]
        with qtbot.waitSignal(window.brought_to_front, timeout=30_000):
            second = subprocess.Popen(
                [sys.executable, "-m", "fieldbook", "--data-dir", str(data_dir)],
                cwd=root,
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
        _, err = second.communicate(timeout=60)
        assert second.returncode == 0
        assert "already open" in err
        assert not any(
            w.isVisible()
            for w in QApplication.topLevelWidgets()
            if w is not window and isinstance(w, MainWindow)
        )
    finally:
        holder.release()
    # Released: the folder can be held again.
    again = SingleWindow(data_dir)
    assert again.acquire()
    again.release()


def test_channel_names_in_the_header(qtbot, window, store, office) -> None:
    page = open_page(qtbot, window, office.incident_id)
    assert page.detail is not None and page.detail.incident.channel is Channel.PHONE
    assert page.fact_values[3].text() == "Phone"
