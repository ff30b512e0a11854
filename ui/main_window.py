"""The main window: it assembles the incident list pane (:mod:`ui.incident_list`), the
van stock pane (:mod:`ui.stock_page`) and a tab per open incident, with the drafts banner
(:mod:`ui.drafts_banner`), the notices and tray (:mod:`ui.sla_notices`), sign-in and
sign-out (:mod:`ui.account`) and the watch on other processes (:mod:`ui.store_watch`);
it owns the menus, the tabs, the loading of the data and the window's lifetime."""

from __future__ import annotations

import gc
import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.messages import DomainError
from ui.context import AppContext, utcnow
from ui.drafts_banner import DraftsBanner
from ui.errors import CrashReporter, show_refusal
from ui.incident_list import IncidentListPage
from ui.lazy import after_first_paint
from ui.models.incidents import IncidentListModel
from ui.resources import icon
from ui.settings import WINDOW_GEOMETRY, WINDOW_STATE
from ui.sla_notices import SlaNotices
from ui.stock_page import StockPage

if TYPE_CHECKING:  # the store's modules load after the window paints (issue 16)
    from desktop.drafts import Draft
    from desktop.usecases.common import Changed
    from desktop.usecases.parts import StockLine
    from desktop.usecases.queries import IndexRow, TemporarySwap
    from ui.account import Account
    from ui.store_watch import StoreWatch
    from ui.sync_status import SyncStatusWidget
    from ui.syncing import SyncController

log = logging.getLogger("fieldbook.ui")

#: Every how many seconds the SLA alerts are checked (the clocks move by the minute).
ALERT_EVERY = 5
#: A tab's close button, in Qt's own catalogue (qtbase_*.qm), not ours.
QT_CLOSE_TAB = ("CloseButton", "Close Tab")


class MainWindow(QMainWindow):
    list_loaded = Signal()
    stock_loaded = Signal()
    brought_to_front = Signal()  # a second start asked for this window

    def __init__(
        self,
        crash: CrashReporter,
        data_dir: Path,
        settings: QSettings,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        """The window's frame, ready to paint before the store is open: menus, tabs, the
        empty list with its columns sized, the status bar. :meth:`attach` brings the data."""
        super().__init__()
        self.crash = crash
        self.data_dir = data_dir
        self.settings = settings
        self.ctx: AppContext  # set by attach(), with the rest of what needs the store
        self.sync: SyncController
        self.account: Account
        self.sync_status: SyncStatusWidget
        self.store_watch: StoreWatch
        self.attached = False
        self.setWindowIcon(icon("fieldbook"))
        self.model = IncidentListModel(clock)
        self.list_page = IncidentListPage(self.model)
        self.list_page.open_incident.connect(self.open_incident)
        self.list_page.set_loading(True)
        self.stock_page = StockPage()  # its tables after the first paint (behind its tab)
        after_first_paint(self, self.stock_page.build)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.tabs.addTab(self.list_page, icon("list"), "")
        self.tabs.addTab(self.stock_page, icon("stock"), "")
        for fixed in (0, 1):  # the list and the stock stay: no close button
            for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
                button = self.tabs.tabBar().tabButton(fixed, side)
                if button is not None:
                    self.tabs.tabBar().setTabButton(fixed, side, None)
                    button.deleteLater()  # Qt only hides what it is no longer given
        self.drafts_banner = DraftsBanner()
        self.drafts_banner.open_incidents.connect(self._open_all)
        self.drafts_button = self.drafts_banner.button
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.drafts_banner)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self.notices = SlaNotices(self.model.rows, clock, self.statusBar(), self)
        self.notices.open_incident.connect(self.open_incident)
        self.urgent = self.notices.urgent
        self.notifications = self.notices.notifications  # what was notified, newest last
        self._build_actions()
        self._needs_store = [
            self.new_action,
            self.refresh_action,
            self.sign_in_action,
            self.sign_out_action,
            self.sync_action,
            self.refused_action,
            self.settings_action,
            self.log_action,
        ]
        for action in self._needs_store:
            action.setEnabled(False)
        self.erased = False  # the office marked this computer lost; its data is gone
        self.erased_message: QMessageBox | None = None
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self._ticks = 0
        self.retranslate()
        self.resize(1400, 900)

    def attach(self, ctx: AppContext) -> None:
        """The store is open: sync, sign-in, drafts, the watch on other processes; then
        the window loads its data (off the GUI thread)."""
        from ui.account import Account
        from ui.forms import draft_typed
        from ui.store_watch import StoreWatch
        from ui.sync_status import SyncStatusWidget
        from ui.syncing import SyncController

        self.ctx = ctx
        self.attached = True
        # Drafts left by an earlier run (not those this window writes as one types).
        self.drafts_banner.leftover = [d for d in ctx.drafts.all() if draft_typed(d.form, d.fields)]
        self.drafts_banner.refresh()
        self.sync = SyncController(ctx, self.crash)
        self.account = Account(ctx, self.sync, self._failed, self)
        self.sync_status = SyncStatusWidget(self.sync)
        self.sync_status.refused_clicked.connect(self.show_refused)
        # Permanent, so that a passing notification in the status bar never hides it.
        self.statusBar().insertPermanentWidget(0, self.sync_status)
        self.sync.wiped.connect(self._wiped)
        # What another process (the command line) records in this folder shows here too.
        self.store_watch = StoreWatch(ctx, self)
        for action in self._needs_store:
            action.setEnabled(True)
        ctx.hub.changed.connect(self._on_changed)
        self.ticker.start()
        self.store_watch.start()
        self.reload()

    # --- menus and shortcuts ----------------------------------------------------------

    def _build_actions(self) -> None:
        self.new_action = QAction(icon("new-incident"), "", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_incident)
        self.find_action = QAction(icon("search"), "", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_filter)
        self.refresh_action = QAction("", self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.reload)
        self.stock_action = QAction(icon("stock"), "", self)
        self.stock_action.setShortcut(QKeySequence("Ctrl+K"))
        self.stock_action.triggered.connect(lambda: self.tabs.setCurrentWidget(self.stock_page))
        self.list_action = QAction(icon("list"), "", self)
        self.list_action.setShortcut(QKeySequence("Ctrl+L"))
        self.list_action.triggered.connect(lambda: self.tabs.setCurrentWidget(self.list_page))
        self.settings_action = QAction(icon("settings"), "", self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        self.close_tab_action = QAction("", self)
        self.close_tab_action.setShortcut(QKeySequence.StandardKey.Close)
        self.close_tab_action.triggered.connect(lambda: self._close_tab(self.tabs.currentIndex()))
        self.quit_action = QAction("", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.sign_in_action = QAction("", self)
        self.sign_in_action.triggered.connect(lambda: self.sign_in(None))
        self.sign_out_action = QAction("", self)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.sync_action = QAction("", self)
        self.sync_action.setShortcut(QKeySequence("F9"))
        self.sync_action.triggered.connect(lambda: self.sync.sync_now())
        self.refused_action = QAction("", self)
        self.refused_action.triggered.connect(self.show_refused)
        self.log_action = QAction("", self)
        self.log_action.triggered.connect(
            lambda: QDesktopServices.openUrl(self.ctx.log_path.parent.as_uri())
        )
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addActions([self.new_action, self.settings_action])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.sync_action, self.sign_in_action, self.sign_out_action])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.close_tab_action, self.quit_action])
        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.addActions(
            [
                self.find_action,
                self.list_action,
                self.stock_action,
                self.refresh_action,
                self.refused_action,
            ]
        )
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(self.log_action)
        toolbar = self.addToolBar("main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.new_action, self.list_action, self.stock_action])
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding,
            spacer.sizePolicy().verticalPolicy().Preferred,
        )
        toolbar.addWidget(spacer)
        toolbar.addAction(self.settings_action)
        self.toolbar = toolbar

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Fieldbook"))
        self.tabs.setTabText(0, self.tr("Incidents"))
        self.tabs.setTabText(1, self.tr("Van stock"))
        actions = (
            (self.new_action, self.tr("New incident on site…")),
            (self.find_action, self.tr("Find incident")),
            (self.refresh_action, self.tr("Refresh")),
            (self.stock_action, self.tr("Van stock")),
            (self.list_action, self.tr("Incidents")),
            (self.settings_action, self.tr("Settings…")),
            (self.close_tab_action, self.tr("Close tab")),
            (self.quit_action, self.tr("Quit")),
            (self.log_action, self.tr("Open log folder")),
            (self.sign_in_action, self.tr("Sign in to the office…")),
            (self.sign_out_action, self.tr("Sign out…")),
            (self.sync_action, self.tr("Sync now")),
            (self.refused_action, self.tr("Changes the office refused…")),
        )
        for action, text in actions:
            action.setText(text)
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text} ({shortcut})" if shortcut else text)
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))
        self.file_menu.setTitle(self.tr("&File"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        # Qt's own words (the tabs' close buttons) come from Qt's translations; Qt sets them
        # when a tab opens, so the tabs already open are told again.
        bar = self.tabs.tabBar()
        for i in range(2, self.tabs.count()):
            for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
                button = bar.tabButton(i, side)
                if button is not None:
                    button.setToolTip(QCoreApplication.translate(*QT_CLOSE_TAB))
        self.list_page.retranslate()
        self.stock_page.retranslate()
        self.model.retranslate()
        self._update_status()
        self.drafts_banner.retranslate()
        self.notices.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- data -------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the whole list and the stock again, off the GUI thread."""
        self.list_page.set_loading(self.model.total() == 0)
        from desktop.usecases import queries

        store = self.ctx.store
        self.ctx.read(lambda: queries.incident_index(store), self._index_loaded, self._failed)
        self.reload_stock()

    def reload_stock(self) -> None:
        from desktop.usecases import parts, queries

        store = self.ctx.store
        self.ctx.read(
            lambda: (parts.stock(store), queries.temporary_swaps(store)),
            self._stock_loaded,
            self._failed,
        )

    def _index_loaded(self, rows: list[IndexRow]) -> None:
        self.notices.new_rows(rows)
        self.model.set_rows(rows)
        self.notices.list_ready = True
        self.notices.check()
        # A big list is a million long-lived objects: move them out of the cyclic
        # garbage collector's sight, or its full passes stall typing for half a second.
        gc.freeze()
        self.list_page.set_loading(False)
        self._update_status()
        self.list_loaded.emit()

    def _stock_loaded(self, result: tuple[list[StockLine], list[TemporarySwap]]) -> None:
        self.stock_page.stock_model.set_records(result[0])
        self.stock_page.swap_model.set_records(result[1])
        self.stock_loaded.emit()

    def _on_changed(self, changed: Changed) -> None:
        if changed.everything:  # a sync: any incident may have come, gone or moved
            self.reload()
            return
        self.store_watch.own(changed)
        if changed.incident_ids:
            from desktop.usecases import queries

            store, ids = self.ctx.store, list(changed.incident_ids)
            self.ctx.read(
                lambda: queries.incident_index(store, ids), self.model.update_rows, self._failed
            )
        self.reload_stock()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            show_refusal(self, error)
        else:
            self.crash.report(error)

    def _tick(self) -> None:
        self.model.tick()
        self._ticks += 1
        if self._ticks % 60 == 0:
            self.model.resort()
        if self._ticks % ALERT_EVERY == 0:
            self.notices.check()
        else:
            self.notices.show_urgent()

    def _update_status(self) -> None:
        self.status_label.setText(self.tr("Data folder: {path}").format(path=str(self.data_dir)))

    # --- incidents --------------------------------------------------------------------

    def focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.list_page)
        self.list_page.filter_box.setFocus()
        self.list_page.filter_box.selectAll()

    def workspace(self, incident_id: uuid.UUID) -> QWidget | None:
        for i in range(2, self.tabs.count()):
            widget = self.tabs.widget(i)
            if getattr(widget, "incident_id", None) == incident_id:
                return widget
        return None

    def open_incident(self, incident_id: uuid.UUID) -> None:
        from ui.workspace import IncidentWorkspace

        existing = self.workspace(incident_id)
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
            return
        page = IncidentWorkspace(self.ctx, incident_id, self.crash)
        page.title_changed.connect(lambda text, p=page: self._retitle(p, text))
        index = self.tabs.addTab(page, "…")
        self.tabs.setCurrentIndex(index)

    def _retitle(self, page: QWidget, text: str) -> None:
        index = self.tabs.indexOf(page)
        if index >= 0:
            self.tabs.setTabText(index, text)

    def _close_tab(self, index: int) -> None:
        if index < 2:
            return
        widget = self.tabs.widget(index)
        self.tabs.removeTab(index)
        if widget is not None:
            widget.deleteLater()

    def new_incident(self) -> None:
        from ui.new_incident import NewIncidentDialog

        dialog = NewIncidentDialog(self.ctx, self)
        dialog.created.connect(self.open_incident)
        dialog.open()

    def open_settings(self) -> None:
        from ui.settings import SettingsDialog

        SettingsDialog(self.ctx, self).open()

    # --- sync -----------------------------------------------------------------------------

    def _wiped(self, text: str) -> None:
        """The office marked this computer lost and Fieldbook erased its data folder: say
        so, touch nothing more, and close."""
        self.erased = True
        self.store_watch.stop()
        self.sync.stop()
        self.setEnabled(False)  # no typing into a draft that would be written again
        self.ctx.tasks.wait(30_000)
        from desktop.syncing.wipe import erase_folder

        erase_folder(self.ctx.store.data_dir)  # whatever was written since the erase
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("This computer was marked lost"),
            text,
            QMessageBox.StandardButton.Ok,
        )
        box.setObjectName("erasedMessage")
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.finished.connect(self.close)
        self.erased_message = box  # kept alive until it is answered
        box.open()

    def show_refused(self) -> None:
        from ui.refused import RefusedChangesDialog

        RefusedChangesDialog(self.ctx, self).open()

    def sign_in(self, why: str | None) -> None:
        self.account.sign_in(why)

    def sign_out(self) -> None:
        self.account.sign_out()

    @property
    def prompt_first_sign_in(self) -> bool:
        """Ask for a sign-in at the first start (see :class:`ui.account.Account`)."""
        return self.account.prompt_first_sign_in

    @prompt_first_sign_in.setter
    def prompt_first_sign_in(self, value: bool) -> None:
        self.account.prompt_first_sign_in = value

    # --- notices ----------------------------------------------------------------------

    def notify(self, title: str, text: str) -> None:
        """A desktop notification (tray), and a line in the status bar."""
        self.notices.notify(title, text)

    def check_alerts(self) -> None:
        """Alert the clocks that crossed 75 % or breached; keep the most urgent in view."""
        self.notices.check()

    # --- drafts -----------------------------------------------------------------------

    @property
    def leftover_drafts(self) -> list[Draft]:
        """Drafts from an earlier run still offered by the banner."""
        return self.drafts_banner.leftover

    def _open_all(self, incident_ids: list[uuid.UUID]) -> None:
        for incident_id in incident_ids:
            self.open_incident(incident_id)

    # --- lifetime ---------------------------------------------------------------------

    def bring_to_front(self) -> None:
        """Another start on this data folder asked for this window."""
        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        self.show()
        self.raise_()
        self.activateWindow()
        self.brought_to_front.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        WINDOW_GEOMETRY.set(self.settings, self.saveGeometry())
        WINDOW_STATE.set(self.settings, self.saveState())
        if self.attached:
            self.store_watch.stop()
            self.sync.stop()
            # Whatever was asked to be saved is saved before the window goes: never a
            # question whose wrong answer loses work. Writes take milliseconds; the wait
            # is bounded.
            if not self.ctx.tasks.wait(30_000):
                log.warning("background work still running after 30 s at close")
            if self.erased:
                from desktop.syncing.wipe import erase_folder

                self.ctx.store.close()
                erase_folder(self.ctx.store.data_dir)
        super().closeEvent(event)

    def restore_layout(self) -> None:
        geometry = WINDOW_GEOMETRY.get(self.settings)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = WINDOW_STATE.get(self.settings)
        if not state.isEmpty():
            self.restoreState(state)
