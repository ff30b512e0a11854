"""The item models: qtmodeltester, lazy paging, filters and SLA colours."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.modeltest import ModelTester

from desktop.usecases.queries import IndexRow
from domain.records import Priority, SlaPolicy, SlaTarget, Status
from domain.sla import Pause
from ui import format as fmt
from ui.models.incidents import Column, IncidentListModel, QuickFilter
from ui.models.tables import RecordTableModel, TableColumn

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
POLICY = SlaPolicy(
    targets={
        Priority.P1: SlaTarget(respond=timedelta(minutes=5), resolve=timedelta(hours=4)),
        Priority.P2: SlaTarget(respond=timedelta(minutes=15), resolve=timedelta(hours=8)),
    },
    pause_allowed=True,
)


def row(
    n: int,
    *,
    priority: Priority = Priority.P2,
    status: Status = Status.ON_SITE,
    notified: timedelta = timedelta(hours=1),
    pauses: tuple[Pause, ...] = (),
    client: str = "Northwind Trading",
    title: str = "Core switch down",
) -> IndexRow:
    notified_at = NOW - notified
    return IndexRow(
        id=uuid.UUID(int=n),
        number=f"INC-{n:06d}",
        priority=priority,
        status=status,
        client=client,
        system="Cisco Nexus 9508",
        title=title,
        covered=n % 7 != 0,
        notified_at=notified_at,
        responded_at=notified_at + timedelta(minutes=3) if status is not Status.NEW else None,
        resolved_at=notified_at + timedelta(hours=1)
        if status in (Status.RESOLVED, Status.CLOSED)
        else None,
        policy=POLICY,
        pauses=pauses,
        search=f"inc-{n:06d} {client} cisco nexus 9508 {title}".casefold(),
    )


@pytest.fixture
def model(qapp: object) -> IncidentListModel:
    return IncidentListModel(clock=lambda: NOW)


def test_incident_model_passes_the_model_tester(qtmodeltester: ModelTester, model) -> None:
    model.set_rows([row(i, notified=timedelta(minutes=10 * i)) for i in range(1, 1200)])
    model.set_filter(quick=QuickFilter.ALL)
    qtmodeltester.check(model, force_py=True)
    model.set_filter(text="INC-0001")
    qtmodeltester.check(model, force_py=True)


def test_rows_come_a_page_at_a_time(model) -> None:
    model.set_rows([row(i) for i in range(1, 1001)])
    assert model.rowCount() == model.PAGE and model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 1000 and not model.canFetchMore(model.index(-1, -1))


def test_most_urgent_first_and_closed_last(model) -> None:
    model.set_rows(
        [
            row(1, notified=timedelta(hours=1)),
            row(2, notified=timedelta(hours=7)),  # P2: 1 h left
            row(3, status=Status.CLOSED),
            row(4, priority=Priority.P1, notified=timedelta(hours=5)),  # breached
        ]
    )
    model.set_filter(quick=QuickFilter.ALL)
    numbers = [model.data(model.index(r, Column.NUMBER)) for r in range(model.rowCount())]
    assert numbers == ["INC-000004", "INC-000002", "INC-000001", "INC-000003"]


def test_quick_filters(model) -> None:
    model.set_rows(
        [
            row(1, notified=timedelta(hours=1)),  # P2 on track
            row(2, notified=timedelta(hours=7)),  # P2 under 25 % left
            row(3, status=Status.CLOSED),
            row(4, priority=Priority.P1, notified=timedelta(hours=5)),  # breached
        ]
    )

    def shown(quick: QuickFilter) -> set[str]:
        model.set_filter(quick=quick)
        return {model.data(model.index(r, 0)) for r in range(model.rowCount())}

    assert shown(QuickFilter.OPEN) == {"INC-000001", "INC-000002", "INC-000004"}
    assert shown(QuickFilter.P1) == {"INC-000004"}
    assert shown(QuickFilter.BREACHED) == {"INC-000004"}
    assert shown(QuickFilter.ABOUT_TO_BREACH) == {"INC-000002"}
    assert len(shown(QuickFilter.ALL)) == 4


def test_text_filter_is_case_and_space_insensitive(model) -> None:
    model.set_rows([row(1, client="上海华东医疗集团"), row(2, title="ERP login slow")])
    model.set_filter(text="  erp   LOGIN ", quick=QuickFilter.ALL)
    assert model.matching() == 1 and model.data(model.index(0, 0)) == "INC-000002"
    model.set_filter(text="华东")
    assert model.data(model.index(0, 0)) == "INC-000001"
    model.set_filter(text="nothing like this")
    assert model.rowCount() == 0


def test_sla_column_colours_and_ticks(model, qtbot) -> None:
    model.set_rows(
        [
            row(1, notified=timedelta(hours=1)),
            row(2, notified=timedelta(hours=7)),
            row(4, priority=Priority.P1, notified=timedelta(hours=5)),
            row(5, pauses=(Pause(NOW - timedelta(minutes=20), None),)),
        ]
    )
    colours = {
        model.data(model.index(r, 0)): model.data(model.index(r, Column.SLA), 9)  # Foreground
        for r in range(model.rowCount())
    }
    assert colours["INC-000001"] == fmt.ON_TRACK
    assert colours["INC-000002"] == fmt.WARNING
    assert colours["INC-000004"] == fmt.BREACHED
    assert colours["INC-000005"] == fmt.PAUSED
    assert "breached" in model.data(model.index(0, Column.SLA))
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.tick()
    assert blocker.args[0].column() == Column.SLA


def test_uncovered_system_is_marked(model) -> None:
    model.set_rows([row(7)])
    assert "(not covered)" in model.data(model.index(0, Column.SYSTEM))


def test_record_table_passes_the_model_tester(qtmodeltester: ModelTester, qapp) -> None:
    model: RecordTableModel[tuple[str, int]] = RecordTableModel(
        [
            TableColumn(lambda: "Part", lambda r: r[0]),
            TableColumn(lambda: "On hand", lambda r: r[1], align_right=True),
        ]
    )
    model.set_records([("DIMM", 3), ("PSU", 0)])
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(1, 1)) == "0"


def test_typing_on_narrows_and_backspace_widens_again(model) -> None:
    rows = [row(i, title=t) for i, t in enumerate(("ERP slow", "ERROR 500", "disk", "erp down"), 1)]
    model.set_rows(rows)
    model.set_filter(quick=QuickFilter.ALL)

    def numbers() -> set[str]:
        return {model.data(model.index(r, 0)) for r in range(model.rowCount())}

    typed: list[set[str]] = []
    for text in ("e", "er", "erp", "erp ", "erp d", "erp", "er", ""):
        model.set_filter(text=text)
        typed.append(numbers())
    assert typed[2] == {"INC-000001", "INC-000004"}
    assert typed[4] == {"INC-000004"}
    assert typed[6] == {"INC-000001", "INC-000002", "INC-000004"}  # widened again
    assert typed[7] == {f"INC-00000{i}" for i in range(1, 5)}
    # A changed row is found by the filter in force.
    model.set_filter(text="erp d")
    model.update_rows([row(3, title="ERP DOWN too")])
    assert numbers() == {"INC-000003", "INC-000004"}
