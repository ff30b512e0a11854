"""The main window: the incident list, the van stock, and a tab per open incident."""

from __future__ import annotations

import gc
import logging
import uuid
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QSystemTrayIcon,
    QTabBar,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.syncing import usecases as sync_usecases
from desktop.syncing.wipe import erase_folder
from desktop.usecases import parts, queries, watch
from desktop.usecases.common import Changed
from desktop.usecases.parts import StockLine
from desktop.usecases.queries import IndexRow, TemporarySwap
from domain.messages import DomainError
from ui import format as fmt
from ui.alerts import Alert, Level, SlaAlerts, level
from ui.context import AppContext
from ui.errors import CrashReporter, show_refusal
from ui.forms import draft_typed
from ui.models.incidents import IdRole, IncidentListModel, QuickFilter
from ui.models.tables import RecordTableModel, TableColumn
from ui.refused import RefusedChangesDialog
from ui.resources import icon
from ui.settings import WINDOW_GEOMETRY, WINDOW_STATE
from ui.sign_in import SignInDialog
from ui.sync_status import SyncStatusWidget
from ui.syncing import SyncController

log = logging.getLogger("fieldbook.ui")

#: How often the window looks for what another process recorded in its data folder.
WATCH_MS = 2_000
#: Every how many seconds the SLA alerts are checked (the clocks move by the minute).
ALERT_EVERY = 5
#: A tab's close button, in Qt's own catalogue (qtbase_*.qm), not ours.
QT_CLOSE_TAB = ("CloseButton", "Close Tab")


class IncidentListPage(QWidget):
    """Filter box, quick filters and the incident table."""

    open_incident = Signal(uuid.UUID)

    def __init__(self, model: IncidentListModel) -> None:
        super().__init__()
        self.model = model
        self.filter_box = QLineEdit()
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_box.textChanged.connect(lambda text: self.model.set_filter(text=text))
        self.filter_box.installEventFilter(self)
        self.quick_group = QButtonGroup(self)
        self.quick_group.setExclusive(True)
        self.quick_buttons: dict[QuickFilter, QPushButton] = {}
        quick_row = QHBoxLayout()
        quick_row.setSpacing(6)
        for quick in QuickFilter:
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("quick", True)
            button.setChecked(quick is model.quick_filter)
            button.clicked.connect(lambda _=False, q=quick: self.model.set_filter(quick=q))
            self.quick_group.addButton(button)
            self.quick_buttons[quick] = button
            quick_row.addWidget(button)
        quick_row.addStretch(1)
        self.count = QLabel()
        self.count.setProperty("muted", True)
        quick_row.addWidget(self.count)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column, width in ((0, 170), (1, 74), (2, 150), (3, 330), (4, 200), (5, 220)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(self._activated)
        self.loading = QLabel()
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setProperty("muted", True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.filter_box)
        layout.addLayout(quick_row)
        layout.addWidget(self.loading)
        layout.addWidget(self.table, 1)
        model.modelReset.connect(self._update_count)
        model.rowsInserted.connect(self._update_count)
        self.retranslate()

    def _activated(self, index: QModelIndex) -> None:
        value = self.model.data(index, IdRole)
        if value:
            self.open_incident.emit(uuid.UUID(value))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """From the filter box, Down goes to the list and Enter opens the incident the
        list has selected (the first one when none is), without taking a hand off the keys."""
        if watched is self.filter_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self._select(self.table.currentIndex().row() if key == Qt.Key.Key_PageDown else 0)
                self.table.setFocus()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.rowCount():
                current = self.table.currentIndex()
                self._activated(current if current.isValid() else self.model.index(0, 0))
                return True
        return super().eventFilter(watched, event)

    def _select(self, row: int) -> None:
        index = self.model.index(max(row, 0), 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def set_loading(self, loading: bool) -> None:
        self.loading.setVisible(loading)

    def _update_count(self, *_: Any) -> None:
        self.count.setText(
            self.tr("{shown} of %n incident(s)", "", self.model.total()).format(
                shown=f"{self.model.matching():,}"
            )
        )

    def retranslate(self) -> None:
        self.filter_box.setPlaceholderText(
            self.tr("Filter by number, client, system or text  (Ctrl+F)")
        )
        labels = {
            QuickFilter.OPEN: self.tr("Open"),
            QuickFilter.P1: self.tr("P1"),
            QuickFilter.ABOUT_TO_BREACH: self.tr("About to breach"),
            QuickFilter.BREACHED: self.tr("Breached"),
            QuickFilter.ALL: self.tr("All"),
        }
        for quick, button in self.quick_buttons.items():
            button.setText(labels[quick])
        self.loading.setText(self.tr("Loading incidents…"))
        self._update_count()


class StockPage(QWidget):
    """What is in the van, and the temporary parts still at clients."""

    def __init__(self) -> None:
        super().__init__()
        self.stock_model: RecordTableModel[StockLine] = RecordTableModel(
            [
                TableColumn(lambda: self.tr("Part"), lambda s: s.part_number),
                TableColumn(lambda: self.tr("Description"), lambda s: s.description),
                TableColumn(lambda: self.tr("On hand"), lambda s: s.on_hand, align_right=True),
                TableColumn(
                    lambda: self.tr("Used, not synced"),
                    lambda s: s.unsynced or "",
                    align_right=True,
                ),
                TableColumn(
                    lambda: self.tr("Available"),
                    lambda s: s.available,
                    colour=lambda s: fmt.BREACHED if s.available <= 0 else None,
                    align_right=True,
                ),
            ]
        )
        self.swap_model: RecordTableModel[TemporarySwap] = RecordTableModel(
            [
                TableColumn(lambda: self.tr("Incident"), lambda s: s.incident_number),
                TableColumn(lambda: self.tr("Client"), lambda s: s.client),
                TableColumn(lambda: self.tr("System"), lambda s: s.system),
                TableColumn(
                    lambda: self.tr("Temporary part in place"),
                    lambda s: f"{s.installed_part} · {s.installed_serial}",
                ),
                TableColumn(
                    lambda: self.tr("Original part (removed)"),
                    lambda s: f"{s.removed_part} · {s.removed_serial}",
                ),
                TableColumn(lambda: self.tr("Since"), lambda s: fmt.local_time(s.recorded_at)),
            ]
        )
        self.stock_title = QLabel()
        self.stock_title.setObjectName("sectionTitle")
        self.swap_title = QLabel()
        self.swap_title.setObjectName("sectionTitle")
        self.stock_view = self._table(self.stock_model)
        self.swap_view = self._table(self.swap_model)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, view in ((self.stock_title, self.stock_view), (self.swap_title, self.swap_view)):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(title)
            inner.addWidget(view)
            splitter.addWidget(box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)
        self.retranslate()

    @staticmethod
    def _table(model: RecordTableModel[Any]) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.verticalHeader().hide()
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(90)
        return view

    def retranslate(self) -> None:
        self.stock_title.setText(self.tr("Van stock"))
        self.swap_title.setText(self.tr("Temporary replacements still in place at clients"))
        self.stock_model.retranslate()
        self.swap_model.retranslate()


class MainWindow(QMainWindow):
    list_loaded = Signal()
    stock_loaded = Signal()
    brought_to_front = Signal()  # a second start asked for this window

    def __init__(self, ctx: AppContext, crash: CrashReporter) -> None:
        super().__init__()
        self.ctx = ctx
        self.crash = crash
        self.setWindowIcon(icon("fieldbook"))
        self.model = IncidentListModel(ctx.clock)
        self.list_page = IncidentListPage(self.model)
        self.list_page.open_incident.connect(self.open_incident)
        self.stock_page = StockPage()
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
        self.drafts_banner = QFrame()
        self.drafts_banner.setObjectName("banner")
        banner_row = QHBoxLayout(self.drafts_banner)
        self.drafts_label = QLabel()
        self.drafts_button = QPushButton()
        self.drafts_button.clicked.connect(self._open_drafts)
        banner_row.addWidget(self.drafts_label, 1)
        banner_row.addWidget(self.drafts_button)
        self.drafts_banner.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.drafts_banner)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self._build_actions()
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        # The most urgent running clock stays in view (a passing message would not).
        self.urgent = QPushButton()
        self.urgent.setObjectName("urgent")
        self.urgent.setFlat(True)
        self.urgent.hide()
        self.urgent.clicked.connect(self._open_urgent)
        self.statusBar().insertPermanentWidget(0, self.urgent)
        self.alerts = SlaAlerts()
        self.urgent_alert: Alert | None = None
        self._list_ready = False
        self.sync = SyncController(ctx, crash)
        self.sync_status = SyncStatusWidget(self.sync)
        self.sync_status.refused_clicked.connect(self.show_refused)
        # Permanent, so that a passing notification in the status bar never hides it.
        self.statusBar().insertPermanentWidget(0, self.sync_status)
        self.sync.sign_in_needed.connect(self._sign_in_needed)
        self.sync.wiped.connect(self._wiped)
        self.erased = False  # the office marked this computer lost; its data is gone
        self.erased_message: QMessageBox | None = None
        self.prompt_first_sign_in = False
        self.notifications: list[str] = []  # what was notified, newest last
        self._known_ids: set[uuid.UUID] | None = None
        # Drafts left by an earlier run (not those this window writes as one types).
        self.leftover_drafts = [d for d in ctx.drafts.all() if draft_typed(d.form, d.fields)]
        # What another process (the command line) records in this folder shows here too.
        self._mark: watch.Mark | None = None
        self._own_entries: set[uuid.UUID] = set()
        self._own_incidents: set[uuid.UUID] = set()
        self._watching = False
        self.store_watch = QTimer(self)
        self.store_watch.setInterval(WATCH_MS)
        self.store_watch.timeout.connect(self._look_for_changes)
        self.tray = QSystemTrayIcon(icon("fieldbook"), self)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()
        self._ticks = 0
        ctx.hub.changed.connect(self._on_changed)
        self.retranslate()
        self.resize(1400, 900)
        store = ctx.store
        ctx.read(lambda: watch.mark(store), self._marked, log.warning)

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
        self.drafts_button.setText(self.tr("Open them"))
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
        self.show_drafts_banner()
        if self.urgent_alert is not None:
            self._show_urgent()  # its words now, not at the next tick

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- data -------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the whole list and the stock again, off the GUI thread."""
        self.list_page.set_loading(self.model.total() == 0)
        store = self.ctx.store
        self.ctx.read(lambda: queries.incident_index(store), self._index_loaded, self._failed)
        self.reload_stock()

    def reload_stock(self) -> None:
        store = self.ctx.store
        self.ctx.read(
            lambda: (parts.stock(store), queries.temporary_swaps(store)),
            self._stock_loaded,
            self._failed,
        )

    def _index_loaded(self, rows: list[IndexRow]) -> None:
        self._notify_new(rows)
        self.model.set_rows(rows)
        self._list_ready = True
        self.check_alerts()
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
        self._own_entries.update(changed.entry_ids)
        self._own_incidents.update(changed.incident_ids)
        if changed.incident_ids:
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
            self.check_alerts()
        else:
            self._show_urgent()

    # --- what another process recorded -------------------------------------------------

    def _marked(self, mark: watch.Mark) -> None:
        self._mark = mark
        self.store_watch.start()

    def _look_for_changes(self) -> None:
        mark = self._mark
        if mark is None or self._watching:
            return
        self._watching = True
        store = self.ctx.store
        self.ctx.read(lambda: watch.changes_since(store, mark), self._changes_seen, self._unseen)

    def _unseen(self, error: BaseException) -> None:
        self._watching = False
        log.warning("could not look for changes made elsewhere: %s", error)

    def _changes_seen(self, since: watch.Since) -> None:
        self._watching = False
        self._mark = since.mark
        if since.everything:
            log.info("the data folder changed elsewhere (a sync): reloading")
            self.ctx.hub.changed.emit(Changed(stock=True, everything=True, from_office=True))
            return
        foreign = {
            incident
            for incident, entry in since.changes
            if incident is not None
            and not (entry in self._own_entries if entry else incident in self._own_incidents)
        }
        self._own_entries.difference_update(since.entry_ids)
        if foreign:
            log.info("%d incident(s) changed elsewhere (the command line?)", len(foreign))
            self.ctx.hub.changed.emit(Changed(incident_ids=frozenset(foreign), stock=True))

    def _update_status(self) -> None:
        self.status_label.setText(
            self.tr("Data folder: {path}").format(path=str(self.ctx.store.data_dir))
        )

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

    def _sign_in_needed(self, why: str) -> None:
        status = self.sync.status
        if (status is not None and status.server_url) or self.prompt_first_sign_in:
            self.prompt_first_sign_in = False
            self.sign_in(why)

    def _wiped(self, text: str) -> None:
        """The office marked this computer lost and Fieldbook erased its data folder: say
        so, touch nothing more, and close."""
        self.erased = True
        self.store_watch.stop()
        self.sync.stop()
        self.setEnabled(False)  # no typing into a draft that would be written again
        self.ctx.tasks.wait(30_000)
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

    def sign_in(self, why: str | None) -> None:
        if self.findChild(SignInDialog) is not None:
            return
        dialog = SignInDialog(self.ctx, why, self)
        dialog.signed_in.connect(lambda _: self.sync.sync_now())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def sign_out(self) -> None:
        status = self.sync.status
        pending = status.pending if status is not None else 0
        if pending:
            answer = QMessageBox.question(
                self,
                self.tr("Sign out"),
                self.tr(
                    "%n change(s) have not reached the office yet. They stay on this laptop "
                    "and are sent after the next sign-in. Sign out anyway?",
                    "",
                    pending,
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        store = self.ctx.store
        self.ctx.tasks.write(
            lambda: sync_usecases.logout(store, force=True),
            lambda _: self.sync.refresh_status(),
            self._failed,
        )

    def show_refused(self) -> None:
        RefusedChangesDialog(self.ctx, self).open()

    def notify(self, title: str, text: str) -> None:
        """A desktop notification (tray), and a line in the status bar."""
        self.notifications.append(f"{title}: {text}")
        log.info("notified")
        if self.tray.isVisible():
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        self.statusBar().showMessage(f"{title}: {text}", 15_000)

    def _notify_new(self, rows: list[IndexRow]) -> None:
        ids = {r.id for r in rows if r.is_open}
        if self._known_ids is not None:
            for row in rows:
                if row.id in ids - self._known_ids:
                    self.notify(
                        self.tr("New incident assigned"),
                        f"{row.number} · {row.priority.value} · {row.client} · {row.title}",
                    )
        self._known_ids = ids

    def check_alerts(self) -> None:
        """Alert the clocks that crossed 75 % or breached; keep the most urgent in view."""
        if not self._list_ready:
            return  # the first look must see the whole list, not an empty one
        now = self.ctx.clock()
        rows = self.model.rows()
        first = not self.alerts.started
        due = self.alerts.check(rows, now)
        if first:
            standing = self.alerts.at_start
            if standing:
                _, text = self.describe(standing[0])
                self.notify(
                    self.tr("%n SLA clock(s) need attention", "", len(standing)),
                    self.tr("Most urgent: {alert}").format(alert=text),
                )
        for alert in reversed(due):  # the most urgent last: it stays on top
            self.notify(*self.describe(alert))
        self.urgent_alert = SlaAlerts.most_urgent(rows, now)
        self._show_urgent()

    def describe(self, alert: Alert) -> tuple[str, str]:
        """An alert's title and text, in words: which incident, which clock, how late."""
        clock = alert.clock
        name = fmt.clock_name(clock)
        if alert.level is Level.BREACHED:
            assert clock.time_left is not None
            return self.tr("SLA breached"), self.tr(
                "{number} ({priority}): {clock} target of {target} missed {ago} ago"
            ).format(
                number=alert.number,
                priority=alert.priority.value,
                clock=name,
                target=fmt.duration(clock.target) if clock.target else "—",
                ago=fmt.duration(-clock.time_left),
            )
        assert clock.time_left is not None
        return self.tr("SLA about to breach"), self.tr(
            "{number} ({priority}): {clock} due in {left}, at {time}"
        ).format(
            number=alert.number,
            priority=alert.priority.value,
            clock=name,
            left=fmt.duration(clock.time_left),
            time=fmt.short_time(clock.due_at),
        )

    def _show_urgent(self) -> None:
        alert = self.urgent_alert
        if alert is not None:
            # Read again every second: the words follow the clock.
            row = next((r for r in self.model.rows() if r.id == alert.incident_id), None)
            clock = row.sla(self.ctx.clock()).current if row is not None else None
            fresh = level(clock) if clock is not None else None
            if row is None or clock is None or fresh is None or fresh is Level.ON_TRACK:
                alert = None
            else:
                alert = Alert(alert.incident_id, alert.number, alert.priority, fresh, clock)
        self.urgent_alert = alert
        if alert is None:
            self.urgent.hide()
            return
        _, text = self.describe(alert)
        self.urgent.setText(self.tr("Most urgent: {alert}").format(alert=text))
        colour = fmt.BREACHED if alert.level is Level.BREACHED else fmt.WARNING
        self.urgent.setStyleSheet(f"color: {colour.name()}; font-weight: 600;")
        self.urgent.setToolTip(self.tr("Open this incident"))
        self.urgent.show()

    def _open_urgent(self) -> None:
        if self.urgent_alert is not None:
            self.open_incident(self.urgent_alert.incident_id)

    # --- drafts -----------------------------------------------------------------------

    def show_drafts_banner(self) -> None:
        """Unsaved entries from an earlier run, if any (never this run's own drafts)."""
        drafts = self.leftover_drafts
        if not drafts:
            self.drafts_banner.hide()
            return
        incidents = len({d.incident_id for d in drafts})
        self.drafts_label.setText(
            self.tr(
                "Unsaved entries from your last session are waiting in %n incident(s).",
                "",
                incidents,
            )
        )
        self.drafts_banner.show()

    def _open_drafts(self) -> None:
        for incident_id in dict.fromkeys(d.incident_id for d in self.leftover_drafts):
            self.open_incident(incident_id)
        self.leftover_drafts = []
        self.drafts_banner.hide()

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
        self.store_watch.stop()
        self.sync.stop()
        WINDOW_GEOMETRY.set(self.ctx.settings, self.saveGeometry())
        WINDOW_STATE.set(self.ctx.settings, self.saveState())
        # Whatever was asked to be saved is saved before the window goes: never a question
        # whose wrong answer loses work. Writes take milliseconds; the wait is bounded.
        if not self.ctx.tasks.wait(30_000):
            log.warning("background work still running after 30 s at close")
        if self.erased:
            self.ctx.store.close()
            erase_folder(self.ctx.store.data_dir)
        super().closeEvent(event)

    def restore_layout(self) -> None:
        geometry = WINDOW_GEOMETRY.get(self.ctx.settings)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = WINDOW_STATE.get(self.ctx.settings)
        if not state.isEmpty():
            self.restoreState(state)
