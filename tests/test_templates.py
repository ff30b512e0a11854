"""Action templates: saved once, listed, replaced by name, refused when wrong, deleted."""

from __future__ import annotations

import pytest

from desktop.store.db import Store
from desktop.usecases import templates
from desktop.usecases.errors import EmptyValue, InvalidValue, Refusals, UnknownRecord
from domain.records import ActionKind, ActionResult
from tests.conftest import T0


def test_save_list_replace_and_delete(store: Store) -> None:
    templates.save_template(
        store,
        name="重启监听",
        kind="service_stop_start",
        description="lsnrctl stop; lsnrctl start",
        result="succeeded",
        now=T0,
    )
    templates.save_template(store, name="Failover", kind="workaround", description="switch")
    assert [t.name for t in templates.list_templates(store)] == ["Failover", "重启监听"]
    replaced = templates.save_template(
        store, name="failover ", kind="workaround", description="srvctl relocate", result=None
    )
    assert [t.name for t in templates.list_templates(store)] == ["failover", "重启监听"]
    assert replaced.description == "srvctl relocate" and replaced.result is None
    found = templates.find_template(store, "重启监听")
    assert (found.action_kind, found.result) == (
        ActionKind.SERVICE_STOP_START,
        ActionResult.SUCCEEDED,
    )
    templates.delete_template(store, "FAILOVER")
    assert [t.name for t in templates.list_templates(store)] == ["重启监听"]


def test_every_bad_input_is_refused_at_once(store: Store) -> None:
    with pytest.raises(Refusals) as err:
        templates.save_template(store, name=" ", kind="reboot", description="")
    assert [e.field for e in err.value.errors] == ["name", "kind", "description"]
    assert templates.list_templates(store) == []


def test_a_name_too_long_and_an_unknown_result(store: Store) -> None:
    with pytest.raises(Refusals) as err:
        templates.save_template(
            store, name="x" * 81, kind="restart", description="d", result="great"
        )
    assert [e.field for e in err.value.errors] == ["name", "result"]


def test_unknown_and_empty_names(store: Store) -> None:
    with pytest.raises(UnknownRecord):
        templates.find_template(store, "nothing")
    with pytest.raises(UnknownRecord):
        templates.delete_template(store, "nothing")
    with pytest.raises(EmptyValue):
        templates.find_template(store, "  ")
    with pytest.raises(InvalidValue):
        templates.save_template(store, name="ok", kind="restart", description=42)  # type: ignore[arg-type]
