"""The whole job from a terminal: status verbs, work, show, templates, completion.

Through :func:`desktop.cli.main` in this process (the commands' output captured), and a
few real ``fieldbook`` processes where a terminal matters.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import build_parser, main
from desktop.cli_job import STEP_HELP
from desktop.store.db import Store
from desktop.usecases import notes, parts, queries
from desktop.usecases.steps import VERBS
from domain.records import HardwareSwap, PartUsage, Status
from tests.conftest import T0, Office, make_incident

ROOT = Path(__file__).resolve().parents[1]


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def run_json(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> dict[str, Any]:
    capsys.readouterr()
    code = run(data_dir, *args, "--json")
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert document["ok"] is (code == 0)
    return document


def test_a_whole_incident_from_the_terminal(
    store: Store, office: Office, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notified = datetime.now(UTC) - timedelta(minutes=2)  # the clocks are running
    iid = make_incident(store, office, number="INC-77", status=Status.NEW, notified_at=notified)
    for verb in ("respond", "travel", "arrive"):
        assert run(data_dir, verb, "INC-77") == 0
    assert queries.incident_detail(store, iid).incident.status is Status.ON_SITE
    assert run(data_dir, "note", "INC-77", "ORA-00600 on node 2") == 0
    out = run_json(
        capsys,
        data_dir,
        "action",
        "INC-77",
        "Restarted the listener",
        "--kind",
        "service_stop_start",
        "--result",
        "partial",
        "--detail",
        "node 2 only",
    )
    [recorded] = out["incidents"][0]["recorded"]
    assert recorded["kind"] == "action" and recorded["result"] == "partial"
    out = run_json(
        capsys,
        data_dir,
        "swap",
        "INC-77",
        "--removed",
        "32GB DIMM",
        "--removed-serial",
        "S1AB23\t",
        "--from-van",
        "DIMM-32G-DDR4",
        "--installed-serial",
        "s9zz99",
        "--temporary",
    )
    assert out["stock_changed"] is True
    assert sorted(e["kind"] for e in out["incidents"][0]["recorded"]) == ["part_usage", "swap"]
    assert run(data_dir, "part", "INC-77", "dimm-32g-ddr4", "--quantity", "2") == 0
    assert run(data_dir, "time", "INC-77", "on_site", "--minutes", "40") == 0
    out = run_json(capsys, data_dir, "wait", "INC-77", "--pause", "DBA 未到场")
    assert out["incidents"][0]["status"] == "waiting_for_client"
    assert out["incidents"][0]["sla"]["resolution"]["outcome"] == "paused"
    assert run(data_dir, "back", "INC-77") == 0
    assert run(data_dir, "pause", "INC-77", "机房门禁卡") == 0
    assert run(data_dir, "resume", "INC-77") == 0
    assert run(data_dir, "resolve", "INC-77", "--workaround") == 0
    detail = queries.incident_detail(store, iid)
    assert detail.incident.status is Status.RESOLVED
    kinds = [e.kind for e in detail.entries]
    for kind in ("status", "note", "action", "swap", "part_usage", "time", "clock_pause"):
        assert kind in kinds
    [swap] = [e for e in detail.entries if isinstance(e, HardwareSwap)]
    assert (swap.removed_serial, swap.installed_serial) == ("S1AB23", "s9zz99")
    assert sum(e.quantity for e in detail.entries if isinstance(e, PartUsage)) == 3
    [line] = [x for x in parts.stock(store) if x.part_id == office.part_id]
    assert line.available == 0


def test_show_is_the_workspace_as_text_and_void_takes_its_short_ids(
    store: Store, office: Office, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = notes.add_note(store, office.incident_id, "wrong node", now=T0)
    log = "\n".join(f"{n:05d} path check ok" for n in range(500))
    notes.add_note(store, office.incident_id, log, preformatted=True, now=T0)
    capsys.readouterr()
    assert run(data_dir, "show", office.incident_number) == 0
    text = capsys.readouterr().out
    short = changed.entry_ids[0].hex[-8:]
    assert f"#{short}" in text and "wrong node" in text
    assert "上海华东医疗集团" in text and "A栋3楼机房 B07" in text  # client and site
    assert f"fieldbook wait {office.incident_number} [--pause REASON]" in text
    assert f"fieldbook resolve {office.incident_number} --fixed|--workaround" in text
    assert "00000 path check" in text and "00499 path check" in text
    assert "00250 path check" not in text and "left out; --full" in text
    assert run(data_dir, "show", office.incident_number, "--full") == 0
    assert "00250 path check" in capsys.readouterr().out
    assert run(data_dir, "void", office.incident_number, short, "wrong incident") == 0
    assert changed.entry_ids[0] in queries.incident_detail(store, office.incident_id).voided
    capsys.readouterr()
    assert run(data_dir, "show", office.incident_number, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert [s["verb"] for s in shown["next_steps"]] == ["wait", "resolve", "cancel"]
    reading = queries.incident_detail(store, office.incident_id).sla.resolution
    assert shown["sla"]["resolution"]["outcome"] == reading.outcome.value


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("travel", "INC-2026-000001"), "“travel” is not a next step (possible: wait, resolve"),
        (("resolve", "INC-404", "--fixed"), "No incident “INC-404”"),
        (("pause", "INC-2026-000001", "  "), "The reason cannot be empty"),
        (("part", "INC-2026-000001", "PSU-1100W"), "Only 0 of PSU-1100W left in the van"),
        (("time", "INC-2026-000001", "travel", "--from", "9h30"), "give HH:MM"),
        (("time", "INC-2026-000001", "travel"), "say when"),
        (("action", "INC-2026-000001", "x", "--kind", "restart"), "say --result"),
        (("action", "INC-2026-000001", "x", "--template", "nope"), "No action template"),
        (("void", "INC-2026-000001", "ffffffff", "why"), "no entry #ffffffff"),
        (("cancel", "INC-2026-000001"), "add --yes"),
    ],
)
def test_bad_input_is_refused_in_plain_words_and_nothing_is_recorded(
    store: Store,
    office: Office,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    words: str,
) -> None:
    capsys.readouterr()
    assert run(data_dir, *args) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    detail = queries.incident_detail(store, office.incident_id)
    assert detail.entries == [] and detail.incident.status is Status.ON_SITE


def test_every_refused_field_at_once_as_json(
    store: Store, office: Office, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run_json(
        capsys,
        data_dir,
        "swap",
        office.incident_number,
        "--removed",
        " ",
        "--removed-serial",
        "<S1>",
        "--installed",
        "DIMM",
        "--installed-serial",
        "✓",
        "--permanent",
    )
    assert [e["field"] for e in out["errors"]] == [
        "removed_part",
        "removed_serial",
        "installed_serial",
    ]
    assert queries.incident_detail(store, office.incident_id).entries == []


def test_templates_from_the_terminal(
    store: Store, office: Office, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            data_dir,
            "template",
            "save",
            "listener restart",
            "lsnrctl stop; lsnrctl start",
            "--kind",
            "service_stop_start",
            "--result",
            "succeeded",
        )
        == 0
    )
    capsys.readouterr()
    assert run(data_dir, "template", "list", "--json") == 0
    [saved] = json.loads(capsys.readouterr().out)
    assert saved["name"] == "listener restart" and saved["result"] == "succeeded"
    assert run(data_dir, "action", office.incident_number, "--template", "Listener Restart") == 0
    [action] = queries.incident_detail(store, office.incident_id).entries
    assert action.description == "lsnrctl stop; lsnrctl start"  # type: ignore[attr-defined]
    assert run(data_dir, "template", "delete", "listener restart") == 0
    assert run(data_dir, "template", "delete", "listener restart") == 1


def test_every_status_step_is_a_command_in_the_order_of_the_job() -> None:
    """The parser lists the steps from its own table (the steps' module imports the
    store, which the window's start must not wait for): the table is the steps'."""
    assert tuple(STEP_HELP) == VERBS
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    names = list(sub.choices)
    assert [n for n in names if n in VERBS] == list(VERBS)


def test_every_command_has_help_with_examples() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name in (
        "respond",
        "travel",
        "arrive",
        "wait",
        "back",
        "resolve",
        "cancel",
        "action",
        "swap",
        "part",
        "time",
        "pause",
        "resume",
        "void",
        "show",
        "template",
        "completion",
    ):
        text = sub.choices[name].format_help()
        assert "examples:" in text and f"fieldbook {name}" in text, name


def completion_script(shell: str, data_dir: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "fieldbook", "completion", shell],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return result.stdout


@pytest.fixture
def on_path(tmp_path: Path) -> dict[str, str]:
    """A PATH where `fieldbook` is this checkout's program (the scripts call it)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "fieldbook"
    launcher.write_text(f'#!/bin/sh\ncd {ROOT} && exec {sys.executable} -m fieldbook "$@"\n')
    launcher.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


def bash_complete(script: str, env: dict[str, str], *words: str) -> list[str]:
    code = (
        f"{script}\n"
        'COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _fieldbook\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        ["bash", "-c", code, "bash", *words],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return result.stdout.split()


def test_bash_completes_commands_options_choices_and_open_incidents(
    store: Store, office: Office, data_dir: Path, on_path: dict[str, str]
) -> None:
    make_incident(store, office, number="INC-2026-000002", status=Status.CLOSED)
    script = completion_script("bash", data_dir)
    assert bash_complete(script, on_path, "fieldbook", "res") == ["respond", "resolve", "resume"]
    assert bash_complete(
        script, on_path, "fieldbook", "--data-dir", str(data_dir), "respond", "INC-2026"
    ) == [office.incident_number]  # open ones only
    assert bash_complete(script, on_path, "fieldbook", "action", "X", "--kind", "rest") == [
        "restart"
    ]
    assert "--from-van" in bash_complete(script, on_path, "fieldbook", "swap", "X", "--")
    assert bash_complete(script, on_path, "fieldbook", "template", "d") == ["delete"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh (scripts/apt-packages.txt)")
def test_zsh_script_loads_and_describes_the_same_commands(
    store: Store, office: Office, data_dir: Path, on_path: dict[str, str]
) -> None:
    script = completion_script("zsh", data_dir)
    # zsh's completion functions are stood in for by ones that print what they are given.
    code = (
        "compdef() { :; }\n"
        '_arguments() { print -rl -- ARGS "$@" }\n'
        "compadd() { shift; print -rl -- ADD ${(P)1} }\n"
        f"{script}\n"
        "_fieldbook_action\n"
        "_fieldbook_swap\n"
        f"_fieldbook_dd='--data-dir {data_dir}'\n"
        "_fieldbook_incidents\n"
    )
    result = subprocess.run(
        ["zsh", "-f", "-c", code], capture_output=True, text=True, env=on_path, timeout=60
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert "1:incident:_fieldbook_incidents" in out
    kind = next(line for line in out if line.startswith("--kind["))
    assert kind.endswith(
        ":kind:(restart service_stop_start configuration_change patch "
        "temporary_hardware workaround test other planned_change optimisation "
        "preventive_work routine_upgrade)"
    )
    assert any(line.startswith("--from-van[take the part from the van]") for line in out)
    assert out[out.index("ADD") + 1] == office.incident_number
