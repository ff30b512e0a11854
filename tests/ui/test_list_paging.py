"""The incident list's paged path: the compact index read from the store, the shown columns
fetched a page at a time, changes made elsewhere, and the filter over 100,000 rows giving
what the list of whole rows gave (the model before the index)."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop.cli import main as cli
from desktop.demo import seed_demo
from desktop.list_index import IndexRow, ListIndex
from desktop.store.db import Store
from desktop.store.models import IncidentRow
from desktop.usecases import queries
from domain.records import Priority, SlaPolicy, SlaTarget, Status
from domain.sla import Pause
from tests.conftest import Office
from tests.ui.test_day import clock as clock  # the window fixture and its clock
from tests.ui.test_day import fresh
from tests.ui.test_day import window as window
from ui.i18n import status_label
from ui.models.incidents import Column, IdRole, IncidentListModel, QuickFilter, matches, urgency

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ToolTipRole,
    IdRole,
)


def cells(model: IncidentListModel) -> list[list[object]]:
    """Everything the view can ask of every row handed to it."""
    return [
        [model.data(model.index(r, c), role) for c in range(len(Column)) for role in ROLES]
        for r in range(model.rowCount())
    ]


def scroll_to_end(model: IncidentListModel) -> None:
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))


@pytest.fixture
def demo_store(store: Store) -> Store:
    seed_demo(store, incidents=700, now=NOW)
    return store


def test_scrolling_to_the_end_shows_the_rows_of_whole_records(
    qapp: object, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every cell of every row, fetched a page at a time through a cache smaller than the
    list, is what the model shows from whole rows held in memory; the order is the
    domain's urgency over whole rows."""
    monkeypatch.setattr(ListIndex, "CACHE", 150)
    index = queries.incident_index(demo_store)
    fetched: list[int] = []
    fetch = index._fetch
    assert fetch is not None
    index._fetch = lambda ids: fetched.append(len(ids)) or fetch(ids)  # type: ignore[func-returns-value]
    whole = queries.incident_index(demo_store, [row.id for row in index])
    assert len(whole) == len(index) == 700
    paged, held = IncidentListModel(clock=lambda: NOW), IncidentListModel(clock=lambda: NOW)
    paged.set_rows(index)
    held.set_rows(whole)
    for model in (paged, held):
        model.set_filter(quick=QuickFilter.ALL)
        scroll_to_end(model)
    assert paged.rowCount() == 700
    expected = [r.id for r in sorted(whole, key=lambda r: urgency(r, NOW))]
    assert [paged.row_at(r).id for r in range(700)] == expected
    assert cells(paged) == cells(held)
    # Page by page, each page once while it stays cached; the last rows are the last page.
    assert max(fetched) == IncidentListModel.FETCH and sum(fetched) >= 700
    last = paged.row_at(699)
    by_id = {r.id: r for r in whole}[last.id]
    assert paged.data(paged.index(699, Column.TITLE)) == by_id.title
    assert (last.client, last.system, last.title) == (by_id.client, by_id.system, by_id.title)
    # rows() reads like the whole rows, in the same order.
    assert [
        (r.id, r.number, r.status, r.priority, r.covered, r.notified_at, r.responded_at)
        for r in paged.rows()
    ] == [
        (r.id, r.number, r.status, r.priority, r.covered, r.notified_at, r.responded_at)
        for r in sorted(whole, key=lambda r: urgency(r, NOW))
    ]
    for quick in QuickFilter:
        paged.set_filter(quick=quick, text="")
        held.set_filter(quick=quick, text="")
        scroll_to_end(paged)
        scroll_to_end(held)
        assert cells(paged) == cells(held)


def test_a_changed_row_shows_its_new_values(qapp: object, demo_store: Store) -> None:
    """What the window does on a change (the rows of the ids, put in the model): the cached
    columns of the row are fetched again."""
    model = IncidentListModel(clock=lambda: NOW)
    model.set_rows(queries.incident_index(demo_store))
    model.set_filter(quick=QuickFilter.ALL)
    row = 3
    iid = model.row_at(row).id
    assert model.data(model.index(row, Column.TITLE)) != "标题已改 / title changed"
    with demo_store.write() as s:
        incident = s.get(IncidentRow, iid)
        assert incident is not None
        incident.title = "标题已改 / title changed"
    model.update_rows(queries.incident_index(demo_store, [iid]))
    at = model.row_of(iid)
    assert at is not None
    assert model.data(model.index(at, Column.TITLE)) == "标题已改 / title changed"
    model.set_filter(text="title changed")
    assert model.matching() == 1 and model.row_at(0).id == iid


def test_the_window_shows_a_row_another_process_changed(
    qtbot, window, store: Store, office: Office, data_dir
) -> None:
    iid = fresh(store, office, "INC-ELSEWHERE", status=Status.NEW)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.reload()
    model = window.model
    at = model.row_of(iid)
    assert at is not None
    assert model.data(model.index(at, Column.STATUS)) == status_label(Status.NEW)
    assert model.data(model.index(at, Column.TITLE))  # painted: its page is cached
    with store.write() as s:
        incident = s.get(IncidentRow, iid)
        assert incident is not None
        incident.title = "另一个进程改的 / changed elsewhere"
    assert cli(["--data-dir", str(data_dir), "respond", "INC-ELSEWHERE"]) == 0

    def shown() -> tuple[object, object]:
        row = model.row_of(iid)
        if row is None:
            return None, None
        return (
            model.data(model.index(row, Column.STATUS)),
            model.data(model.index(row, Column.TITLE)),
        )

    qtbot.waitUntil(
        lambda: shown() == (status_label(Status.RESPONDED), "另一个进程改的 / changed elsewhere"),
        timeout=15_000,
    )


# --- the filter over 100,000 rows -----------------------------------------------------

POLICY = SlaPolicy(
    targets={
        Priority.P1: SlaTarget(respond=timedelta(minutes=5), resolve=timedelta(hours=4)),
        Priority.P2: SlaTarget(respond=timedelta(minutes=15), resolve=timedelta(hours=8)),
        Priority.P3: SlaTarget(respond=timedelta(hours=1), resolve=timedelta(hours=24)),
    },
    pause_allowed=True,
)
WORDS = (
    "Oracle RAC",
    "core switch",
    "存储阵列",
    "华东医疗",
    "ORA-00600",
    "Straße",
    "İstanbul",
    "ﬁle server",
    "ERP login slow",
    "数据库集群主节点宕机",
    "p1 x",
    "Ünïcode ÇASE",
    "emoji 🔥 outage",
)
NEEDLES = (
    "o",
    "or",
    "oracle",
    "oracle rac",
    "inc-2026-01",
    "inc-2026-0123",
    "华东",
    "存",
    "strasse",
    "straße",
    "i̇stanbul",
    "file",
    "🔥",
    "ünïcode case",
    "p1 x",
    "zzz-nothing",
    "00 o",  # across the number and the first word
)


def synthetic(count: int) -> list[IndexRow]:
    pick = random.Random(16)
    statuses = list(Status)
    priorities = [Priority.P1, Priority.P2, Priority.P3]
    rows = []
    for n in range(count):
        status = pick.choice(statuses)
        notified = NOW - timedelta(minutes=pick.randrange(1, 60 * 24 * 30))
        words = " ".join(pick.sample(WORDS, 3))
        number = f"INC-2026-{n:06d}"
        pauses = (Pause(NOW - timedelta(minutes=30), None),) if n % 97 == 0 else ()
        rows.append(
            IndexRow(
                id=uuid.UUID(int=pick.getrandbits(128)),
                number=number,
                priority=pick.choice(priorities),
                status=status,
                client="上海华东医疗集团" if n % 3 else "Northwind",
                system="Oracle RAC 19c",
                title=words,
                covered=n % 5 != 0,
                notified_at=notified,
                responded_at=notified + timedelta(minutes=pick.randrange(1, 30))
                if status is not Status.NEW
                else None,
                resolved_at=notified + timedelta(hours=2)
                if status in (Status.RESOLVED, Status.SIGNED_OFF, Status.CLOSED)
                else None,
                policy=POLICY,
                pauses=pauses,
                search=f"{number} {words}".casefold(),
            )
        )
    return rows


def test_the_filter_over_100000_rows_finds_what_whole_rows_found(qapp: object) -> None:
    rows = synthetic(100_000)
    model = IncidentListModel(clock=lambda: NOW)
    model.set_rows(rows)
    ordered = sorted(rows, key=lambda r: urgency(r, NOW))
    assert [r.id for r in model.rows()] == [r.id for r in ordered]

    def ids() -> list[uuid.UUID]:
        return [model.row_at(i).id for i in range(model.matching())]

    slot = {r.id: n for n, r in enumerate(rows)}  # the index's slots: the rows' places
    searches = [(slot[r.id], r.search, r.is_open) for r in ordered]
    for quick in (QuickFilter.ALL, QuickFilter.OPEN):
        model.set_filter(text="", quick=quick)
        typing = ("o", "or", "ora", "orac", "oracle", "oracle ", "oracle r", "orac", "")
        for typed in (*NEEDLES, *typing):  # typing on narrows; backspace widens again
            model.set_filter(text=typed)
            needle = " ".join(typed.split()).casefold()
            expected = [
                i
                for i, text, is_open in searches
                if needle in text and (is_open or quick is QuickFilter.ALL)
            ]
            assert model._visible.tolist() == expected, (quick, typed)
    few = ordered[:3000]  # the clocks' quick filters read an SLA each: fewer rows
    model.set_rows(few)
    for quick in (QuickFilter.P1, QuickFilter.ABOUT_TO_BREACH, QuickFilter.BREACHED):
        for needle in ("", "oracle", "华东"):
            model.set_filter(text=needle, quick=quick)
            assert ids() == [r.id for r in few if matches(r, needle, quick, NOW)], (quick, needle)


def test_the_selection_stays_on_its_incident_across_refreshes(qapp: object, qtbot) -> None:
    from ui.incident_list import IncidentListPage

    rows = synthetic(900)
    model = IncidentListModel(clock=lambda: NOW)
    page = IncidentListPage(model)
    qtbot.addWidget(page)
    model.set_rows(rows)
    model.set_filter(quick=QuickFilter.ALL)
    page.table.setCurrentIndex(model.index(5, 0))
    chosen = model.row_at(5).id
    changed = next(r for r in rows if r.id == model.row_at(0).id)
    # Another process closes the incident above it: the list re-sorts, the selection stays.
    model.update_rows([replace(changed, status=Status.CLOSED, resolved_at=NOW)])
    model.resort()
    current = page.table.currentIndex()
    assert current.isValid() and model.row_at(current.row()).id == chosen
    selected = page.table.selectionModel().selectedRows()
    assert [model.row_at(i.row()).id for i in selected] == [chosen]
