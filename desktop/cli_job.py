"""The whole job from a terminal: status steps as verbs, every kind of work, ``show``.

Every command records through the same use cases as the window, so input is checked the
same way and refused with the same words. Each takes ``--json``: what was recorded (or
what was refused, with the field concerned) as JSON on standard output. Confirmations go
to standard error, so that output can be piped.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Imported where used: ``fieldbook`` with no command opens the window without building
    # the commands' parsers, and the store is the window's reader thread's to import,
    # behind its first paint (issue 16).
    from desktop.store.db import Store
    from desktop.usecases.common import Changed

Command = Callable[["Store", argparse.Namespace], int]

EXIT_OK = 0
#: Entries are named by the last characters of their id (the first ones are a timestamp,
#: the same for everything recorded within a minute).
SHORT_ID = 8

_RAW = argparse.RawDescriptionHelpFormatter


class CommandError(Exception):
    """Asked wrongly on the command line (not a use-case refusal): exit 1 with the text."""


def add_commands(sub: Any) -> None:
    """Add the job's commands to the ``fieldbook`` parser's subparsers ``sub``."""
    _status_commands(sub)
    _work_commands(sub)
    _show_command(sub)
    _template_command(sub)


def _parser(sub: Any, name: str, help_: str, description: str, examples: str) -> Any:
    parser = sub.add_parser(
        name,
        help=help_,
        description=description,
        epilog="examples:\n" + examples,
        formatter_class=_RAW,
    )
    parser.add_argument("--json", action="store_true", help="print what was recorded as JSON")
    return parser


def _incident_arg(parser: Any) -> None:
    parser.add_argument("incident", metavar="INCIDENT", help="incident number or id")


# --- status steps -------------------------------------------------------------------


#: The status steps' commands, in the order of desktop.usecases.steps.VERBS (a test keeps
#: them in step: that module imports the store, which the parser must not wait for).
STEP_HELP = {
    "respond": (
        "first contact with the client: stops the response clock",
        "respond INC-2026-004411",
    ),
    "travel": ("leaving for the site (travel time is logged on arrival)", "travel INC-2026-004411"),
    "arrive": ("arrived on site (or already there when the call came)", "arrive INC-2026-004411"),
    "wait": (
        "waiting for the client; --pause also stops the SLA clock where the contract allows",
        "wait INC-2026-004411 --pause 'the DBA is not on site yet'",
    ),
    "back": (
        "the client is back: on site again (a paused clock runs again)",
        "back INC-2026-004411",
    ),
    "resolve": (
        "fixed, or a workaround is in place: stops the resolution clock",
        "resolve INC-2026-004411 --fixed\n  fieldbook resolve INC-2026-004411 --workaround",
    ),
    "reopen": ("resolved, but the fix did not hold: on site again", "reopen INC-2026-004411"),
    "close": ("close a signed-off incident", "close INC-2026-004411"),
    "cancel": (
        "cancel the incident: nothing more can be recorded on it (asks, or --yes)",
        "cancel INC-2026-004411 --yes",
    ),
}


def _status_commands(sub: Any) -> None:
    from domain.records import Resolution

    for verb, (what, example) in STEP_HELP.items():
        parser = _parser(
            sub,
            verb,
            what,
            f"Status step “{verb}”: {what}. Time travelling, on site and waiting is logged by "
            "itself when the incident leaves those states. `fieldbook show INCIDENT` lists the "
            "steps possible now.",
            f"  fieldbook {example}",
        )
        _incident_arg(parser)
        if verb == "wait":
            parser.add_argument(
                "--pause", metavar="REASON", help="also pause the SLA clock, saying why"
            )
        if verb == "resolve":
            how = parser.add_mutually_exclusive_group(required=True)
            how.add_argument(
                "--fixed", dest="resolution", action="store_const", const=Resolution.FIXED.value
            )
            how.add_argument(
                "--workaround",
                dest="resolution",
                action="store_const",
                const=Resolution.WORKAROUND.value,
            )
        if verb == "cancel":
            parser.add_argument("--yes", action="store_true", help="do not ask")
        parser.set_defaults(run=_cmd_step, verb=verb)


def _cmd_step(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.steps import take_step

    if args.verb == "cancel" and not args.yes:
        _confirm(f"Cancel {args.incident}? Nothing more can be recorded on it afterwards.")
    changed = take_step(
        store,
        args.incident,
        args.verb,
        resolution=getattr(args, "resolution", None),
        pause_reason=getattr(args, "pause", None),
    )
    return _recorded(store, args, changed, f"{args.incident}: {args.verb}")


def _confirm(question: str) -> None:
    if sys.stdin is None or not sys.stdin.isatty():
        raise CommandError("not confirmed: add --yes to cancel from a script")
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    if sys.stdin.readline().strip().lower() not in ("y", "yes"):
        raise CommandError("not cancelled")


# --- work -------------------------------------------------------------------------------


def _work_commands(sub: Any) -> None:
    from domain.records import ActionKind, ActionResult, TimeKind

    action = _parser(
        sub,
        "action",
        "record an action and its result (kinds the contract excludes are marked billable)",
        "Record an action taken and its result. A saved template (`fieldbook template`) "
        "fills in what is not given.",
        "  fieldbook action INC-2026-004409 --kind restart --result failed \\\n"
        "      'Restarted the listener on node 2' --detail 'ORA-12514 again'\n"
        "  fieldbook action INC-2026-004409 --template 'listener restart'",
    )
    _incident_arg(action)
    action.add_argument("description", nargs="?", help="what was done")
    action.add_argument("--kind", choices=[k.value for k in ActionKind])
    action.add_argument("--result", choices=[r.value for r in ActionResult])
    action.add_argument("--detail", default=None, help="what the result was, in words")
    action.add_argument("--template", metavar="NAME", help="start from a saved template")
    action.set_defaults(run=_cmd_action)

    swap = _parser(
        sub,
        "swap",
        "record a hardware swap (removed and installed part, serials)",
        "Record a part taken out and the one put in. Serials: 3 to 64 of A-Z, 0-9 and - . / _ : "
        "(a scanner's Enter or Tab and spaces around are dropped). With --from-van the "
        "installed part comes from the van stock in the same step.",
        "  fieldbook swap INC-2026-004409 --removed '32GB DIMM' --removed-serial S1AB23 \\\n"
        "      --installed '32GB DIMM' --installed-serial S9ZZ99 --temporary\n"
        "  fieldbook swap INC-2026-004409 --removed 'PSU 1100W' --removed-serial PSU0042 \\\n"
        "      --from-van PSU-1100W --installed-serial PSU7781 --permanent",
    )
    _incident_arg(swap)
    swap.add_argument("--removed", required=True, metavar="PART", help="the part taken out")
    swap.add_argument("--removed-serial", required=True, metavar="SERIAL")
    swap.add_argument("--installed", default="", metavar="PART", help="the part put in")
    swap.add_argument("--installed-serial", required=True, metavar="SERIAL")
    kind = swap.add_mutually_exclusive_group(required=True)
    kind.add_argument("--temporary", dest="temporary", action="store_true")
    kind.add_argument("--permanent", dest="temporary", action="store_false")
    swap.add_argument("--from-van", metavar="PART_NUMBER", help="take the part from the van")
    swap.add_argument("--note", default="")
    swap.set_defaults(run=_cmd_swap)

    part = _parser(
        sub,
        "part",
        "use spare parts from the van",
        "Take spare parts from the van stock for an incident (more than the van holds is refused).",
        "  fieldbook part INC-2026-004409 DIMM-32G-DDR4\n"
        "  fieldbook part INC-2026-004409 02351LWK --quantity 2",
    )
    _incident_arg(part)
    part.add_argument("part", metavar="PART", help="part number (or id)")
    part.add_argument("--quantity", type=int, default=1)
    part.set_defaults(run=_cmd_part)

    time = _parser(
        sub,
        "time",
        "log travel, on-site or waiting time the status steps did not see",
        "Log a span of time. Times are local, HH:MM today or YYYY-MM-DD HH:MM; --minutes "
        "counts back from --until (default: now).",
        "  fieldbook time INC-2026-004409 on_site --from 09:30 --until 11:05\n"
        "  fieldbook time INC-2026-004409 travel --minutes 45",
    )
    _incident_arg(time)
    time.add_argument("kind", choices=[k.value for k in TimeKind])
    time.add_argument("--from", dest="start", metavar="TIME")
    time.add_argument("--until", dest="end", metavar="TIME")
    time.add_argument("--minutes", type=int)
    time.set_defaults(run=_cmd_time)

    pause = _parser(
        sub,
        "pause",
        "pause the SLA clock while the client cannot give access or information",
        "Pause the resolution clock, where the contract allows it, saying why.",
        "  fieldbook pause INC-2026-004409 'waiting for the server room key'",
    )
    _incident_arg(pause)
    pause.add_argument("reason")
    pause.set_defaults(run=_cmd_pause)

    resume = _parser(
        sub,
        "resume",
        "let the SLA clock run again",
        "Let a paused SLA clock run again.",
        "  fieldbook resume INC-2026-004409",
    )
    _incident_arg(resume)
    resume.set_defaults(run=_cmd_resume)

    void = _parser(
        sub,
        "void",
        "void an entry (a mistake stays in the history, struck through, with the reason)",
        "Void one entry of an incident. ENTRY is its id, or the last characters of its id "
        "as `fieldbook show` prints them (#1a2b3c4d).",
        "  fieldbook void INC-2026-004409 1a2b3c4d 'recorded on the wrong incident'",
    )
    _incident_arg(void)
    void.add_argument("entry", metavar="ENTRY")
    void.add_argument("reason")
    void.set_defaults(run=_cmd_void)


def _cmd_action(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.templates import find_template
    from desktop.usecases.work import record_action

    kind, description, result, detail = args.kind, args.description, args.result, args.detail
    if args.template is not None:
        template = find_template(store, args.template)
        kind = kind or template.action_kind.value
        description = description or template.description
        result = result or (template.result.value if template.result else None)
        detail = template.result_detail if detail is None else detail
    if kind is None or result is None:
        missing = " and ".join(f"--{n}" for n, v in (("kind", kind), ("result", result)) if not v)
        raise CommandError(f"say {missing} (or use a --template that has it)")
    changed = record_action(
        store,
        args.incident,
        kind=kind,
        description=description or "",
        result=result,
        result_detail=detail or "",
    )
    return _recorded(store, args, changed, f"{args.incident}: action recorded")


def _cmd_swap(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.work import record_swap

    changed = record_swap(
        store,
        args.incident,
        removed_part=args.removed,
        removed_serial=args.removed_serial,
        installed_part=args.installed,
        installed_serial=args.installed_serial,
        temporary=args.temporary,
        note=args.note,
        from_van=args.from_van,
    )
    return _recorded(store, args, changed, f"{args.incident}: swap recorded")


def _cmd_part(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.parts import use_parts

    changed = use_parts(store, args.incident, args.part, args.quantity)
    return _recorded(store, args, changed, f"{args.incident}: {args.quantity} × {args.part} used")


def _cmd_time(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.timelog import log_time

    end = _when(args.end, "--until") if args.end else datetime.now().astimezone()
    if args.minutes is not None:
        if args.start:
            raise CommandError("give --from or --minutes, not both")
        if args.minutes < 1:
            raise CommandError("--minutes must be at least 1")
        start = end - timedelta(minutes=args.minutes)
    elif args.start:
        start = _when(args.start, "--from")
    else:
        raise CommandError("say when: --from TIME (and --until TIME), or --minutes N")
    changed = log_time(store, args.incident, kind=args.kind, started_at=start, ended_at=end)
    return _recorded(store, args, changed, f"{args.incident}: {args.kind} time logged")


def _when(value: str, flag: str) -> datetime:
    """``HH:MM`` today or ``YYYY-MM-DD HH:MM`` (or ISO), local unless it says its zone."""
    text = value.strip()
    try:
        if len(text) <= 5 and ":" in text:
            hours, minutes = (int(x) for x in text.split(":"))
            moment = datetime.now().replace(hour=hours, minute=minutes, second=0, microsecond=0)
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{flag} {value!r}: give HH:MM (today) or YYYY-MM-DD HH:MM") from None
    return moment if moment.tzinfo is not None else moment.astimezone()


def _cmd_pause(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.clock import pause_clock

    changed = pause_clock(store, args.incident, args.reason)
    return _recorded(store, args, changed, f"{args.incident}: SLA clock paused")


def _cmd_resume(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.clock import resume_clock

    changed = resume_clock(store, args.incident)
    return _recorded(store, args, changed, f"{args.incident}: SLA clock running again")


def _cmd_void(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.queries import incident_detail
    from desktop.usecases.void import void_entry

    detail = incident_detail(store, args.incident)
    entry_id = _entry_ref(args.entry, [e.id for e in detail.entries])
    changed = void_entry(store, entry_id, args.reason)
    return _recorded(store, args, changed, f"{args.incident}: entry #{_short(entry_id)} voided")


def _entry_ref(ref: str, ids: Sequence[uuid.UUID]) -> uuid.UUID:
    key = ref.strip().lstrip("#").lower().replace("-", "")
    if len(key) < 4:
        raise CommandError(f"entry {ref!r}: give at least 4 characters of its id")
    found = [i for i in ids if i.hex == key or i.hex.endswith(key)]
    if not found:
        raise CommandError(f"no entry #{key} on this incident (see: fieldbook show)")
    if len(found) > 1:
        raise CommandError(f"#{key} names {len(found)} entries; give more characters")
    return found[0]


def _short(entry_id: uuid.UUID) -> str:
    return entry_id.hex[-SHORT_ID:]


def _recorded(store: Store, args: argparse.Namespace, changed: Changed, said: str) -> int:
    """Say what was recorded: a line on stderr, or the new entries as JSON on stdout."""
    if not args.json:
        ids = " ".join(f"#{_short(i)}" for i in changed.entry_ids)
        print(f"{said}" + (f" ({ids})" if ids else "") + ".", file=sys.stderr)
        return EXIT_OK
    from desktop.usecases.queries import export_incident

    documents = [export_incident(store, i) for i in sorted(changed.incident_ids)]
    wanted = set(map(str, changed.entry_ids))
    out = [
        {
            "incident": doc["incident"]["number"],
            "status": doc["incident"]["status"],
            "sla": doc["sla"],
            "recorded": [e for e in doc["entries"] if e["id"] in wanted],
        }
        for doc in documents
    ]
    _dump({"ok": True, "incidents": out, "stock_changed": changed.stock})
    return EXIT_OK


def _dump(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    print()


# --- show ----------------------------------------------------------------------------


def _show_command(sub: Any) -> None:
    show = _parser(
        sub,
        "show",
        "one incident as the workspace shows it: facts, SLA clocks, next steps, timeline",
        "Print one incident: what the client reported, where, both SLA clocks, the steps "
        "possible now (as commands), and the timeline with each entry's short id (for "
        "`fieldbook void`). Long logs are cut to their head and tail unless --full.",
        "  fieldbook show INC-2026-004409\n  fieldbook show INC-2026-004409 --json | jq .sla",
    )
    _incident_arg(show)
    show.add_argument("--full", action="store_true", help="print long notes whole")
    show.set_defaults(run=_cmd_show)


def _cmd_show(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.queries import export_incident, incident_detail
    from desktop.usecases.steps import steps_from

    detail = incident_detail(store, args.incident)
    incident = detail.incident
    if args.json:
        document = export_incident(store, incident.id)
        document["next_steps"] = [
            {"verb": s.verb, "to": s.target.value} for s in steps_from(incident.status)
        ]
        _dump(document)
        return EXIT_OK
    from desktop.show import render
    from desktop.usecases.delivery import deliveries
    from desktop.usecases.parts import catalogue

    names = {item.part_id: item.part_number for item in catalogue(store)}
    sent = deliveries(store, incident.id)
    sys.stdout.write(render(detail, names, full=args.full, deliveries=sent))
    return EXIT_OK


# --- templates -------------------------------------------------------------------------


def _template_command(sub: Any) -> None:
    from domain.records import ActionKind, ActionResult

    template = sub.add_parser(
        "template",
        help="action templates: list, save, delete",
        description="Common actions saved once and recorded again in one step (in the window, "
        "or with `fieldbook action INCIDENT --template NAME`).",
        epilog="examples:\n"
        "  fieldbook template save 'listener restart' --kind service_stop_start \\\n"
        "      --result succeeded 'lsnrctl stop; lsnrctl start'\n"
        "  fieldbook template list\n"
        "  fieldbook template delete 'listener restart'",
        formatter_class=_RAW,
    )
    inner = template.add_subparsers(dest="template_command", metavar="ACTION", required=True)
    listing = inner.add_parser("list", help="the saved templates")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=_cmd_template_list)
    save = inner.add_parser("save", help="save (or replace) a template")
    save.add_argument("name")
    save.add_argument("description")
    save.add_argument("--kind", required=True, choices=[k.value for k in ActionKind])
    save.add_argument("--result", choices=[r.value for r in ActionResult])
    save.add_argument("--detail", default="")
    save.add_argument("--json", action="store_true")
    save.set_defaults(run=_cmd_template_save)
    delete = inner.add_parser("delete", help="forget a template")
    delete.add_argument("name")
    delete.add_argument("--json", action="store_true")
    delete.set_defaults(run=_cmd_template_delete)


def _template_json(template: Any) -> dict[str, Any]:
    return {
        "name": template.name,
        "kind": template.action_kind.value,
        "description": template.description,
        "result": template.result.value if template.result else None,
        "detail": template.result_detail,
    }


def _cmd_template_list(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.templates import list_templates

    templates = list_templates(store)
    if args.json:
        _dump([_template_json(t) for t in templates])
        return EXIT_OK
    for t in templates:
        result = t.result.value if t.result else "-"
        print(f"{t.name}\t{t.action_kind.value}\t{result}\t{t.description}")
    return EXIT_OK


def _cmd_template_save(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.templates import save_template

    saved = save_template(
        store,
        name=args.name,
        kind=args.kind,
        description=args.description,
        result=args.result,
        result_detail=args.detail,
    )
    if args.json:
        _dump({"ok": True, "template": _template_json(saved)})
    else:
        print(f"Template “{saved.name}” saved.", file=sys.stderr)
    return EXIT_OK


def _cmd_template_delete(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.templates import delete_template

    delete_template(store, args.name)
    if args.json:
        _dump({"ok": True})
    else:
        print(f"Template “{args.name}” deleted.", file=sys.stderr)
    return EXIT_OK


def open_incident_numbers(store: Store) -> list[str]:
    """Open incidents' numbers, most urgent first (for shell completion)."""
    from desktop.usecases.queries import list_incidents

    return [s.incident.number for s in list_incidents(store, open_only=True)]
