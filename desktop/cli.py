"""The command line: ``fieldbook [--data-dir DIR] COMMAND``.

Bad input prints one plain line to stderr and exits non-zero, never a traceback; an
unexpected error prints one line with the log file's path, where the traceback goes.

The window is not imported here: the program above (:mod:`fieldbook`) passes a
:class:`Gui` in, and without one the commands that need the window say so.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from desktop import __version__, agent, cli_job
from desktop.logs import LOG_NAME, log_dir, setup_logging
from desktop.paths import ENV_DATA_DIR, default_data_dir
from domain.messages import DomainError

if TYPE_CHECKING:
    from desktop.store.db import Store
    from domain.sla import ClockReading

log = logging.getLogger("fieldbook.cli")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 70, 130


class CliError(Exception):
    """A problem with what was asked on the command line (not a use-case refusal)."""


class NotServed(Exception):
    """Raised by :func:`main` for the command agent: not a command it answers."""


class Gui(Protocol):
    """What the command line needs of the window, provided by the program above it."""

    def run(self, data_dir: Path) -> int:
        """Open the technician's window on ``data_dir``; its exit status."""
        ...

    def screenshots(self, data_dir: Path, out: Path) -> int:
        """Render the main screens into ``out``; how many."""
        ...

    def self_test(self, data_dir: Path) -> str:
        """Open the window offscreen on ``data_dir`` and check it; what was checked."""
        ...


class _NoWindow:
    """A :class:`Gui` for an installation without the window (``python -m desktop``)."""

    def _missing(self) -> CliError:
        return CliError("the window is not part of this installation; use a command")

    def run(self, data_dir: Path) -> int:
        raise self._missing()

    def screenshots(self, data_dir: Path, out: Path) -> int:
        raise self._missing()

    def self_test(self, data_dir: Path) -> str:
        raise self._missing()


def _options(**kw: Any) -> argparse.ArgumentParser:
    """The parser of the options that come before any command."""
    parser = argparse.ArgumentParser(
        prog="fieldbook",
        description="Fieldbook: record on-site emergency work against an SLA, offline.",
        **kw,
    )
    parser.add_argument("--version", action="version", version=f"fieldbook {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"data folder (default: ${ENV_DATA_DIR} or {default_data_dir()})",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation in a temporary data folder, then exit (0: it works)",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _options()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="fill an empty data folder with a demo office")
    demo.add_argument("--incidents", type=_positive, default=60, help="how many (default 60)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    demo.add_argument(
        "--if-empty", action="store_true", help="do nothing if the folder holds incidents"
    )
    demo.set_defaults(run=_cmd_demo)

    lst = sub.add_parser("list", help="incidents, the ones closest to an SLA breach first")
    lst.add_argument("--json", action="store_true", help="JSON instead of a table")
    lst.add_argument("--open", action="store_true", help="open incidents only")
    lst.set_defaults(run=_cmd_list)

    status = sub.add_parser("status", help="data folder, schema, counts and outbox as JSON")
    status.set_defaults(run=_cmd_status)

    export = sub.add_parser("export", help="one incident with all its entries as JSON")
    export.add_argument("incident", help="incident id or number")
    export.set_defaults(run=_cmd_export)

    note = sub.add_parser(
        "note",
        help="add a diagnostic note ('-' reads it from standard input)",
        description="Add a diagnostic note. With '-' the note is read from standard input "
        "and kept monospace, e.g.: dmesg | fieldbook note INC-2026-000123 -",
    )
    note.add_argument("incident", help="incident id or number")
    note.add_argument("text", help="the note, or '-' to read standard input")
    fmt = note.add_mutually_exclusive_group()
    fmt.add_argument(
        "--log",
        dest="preformatted",
        action="store_true",
        default=None,
        help="keep it monospace (default when reading standard input)",
    )
    fmt.add_argument(
        "--plain",
        dest="preformatted",
        action="store_false",
        help="plain text (default for a note given as an argument)",
    )
    note.set_defaults(run=_cmd_note)

    shots = sub.add_parser(
        "screenshot", help="render the main screens with demo data (offscreen), both languages"
    )
    shots.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    shots.set_defaults(run=_cmd_screenshot)

    attach = sub.add_parser("attach", help="attach files (logs, screenshots, photos)")
    attach.add_argument("incident", help="incident id or number")
    attach.add_argument("files", nargs="+", type=Path, metavar="FILE")
    attach.set_defaults(run=_cmd_attach)

    report = sub.add_parser("report", help="write an incident's service report as a PDF")
    report.add_argument("incident", help="incident id or number")
    report.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="the PDF")
    report.add_argument("--brief", action="store_true", help="outcome and summary only")
    report.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="language (default: the client's)"
    )
    report.set_defaults(run=_cmd_report)

    send = sub.add_parser(
        "send-report",
        help="have the office e-mail an incident's report to the client",
        description="Queue the report to be e-mailed to the client. The office renders it "
        "from its record and sends it when this laptop syncs; until then it waits here.",
    )
    send.add_argument("incident", help="incident id or number")
    send.add_argument(
        "--to", metavar="ADDRESS", default=None, help="the address (default: the client's contact)"
    )
    send.add_argument("--brief", action="store_true", help="outcome and summary only")
    send.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="language (default: the client's)"
    )
    send.set_defaults(run=_cmd_send_report)

    verify = sub.add_parser(
        "verify",
        help="check a report's seal against the record",
        description="Check the seal a report carries against the record in the data folder. "
        "FILE is the PDF, a PDF re-rendered or printed by another program (the seal is read "
        "from the page's text or QR code), or a scan or photo of the paper report (its QR "
        "code). Exit 0: matches; 1: does not match (what differs is listed); 2: cannot tell "
        "(an unknown incident, or no seal found).",
    )
    verify.add_argument("pdf", type=Path, metavar="FILE")
    verify.set_defaults(run=_cmd_verify)

    login = sub.add_parser(
        "login",
        help="sign in to the central service (the token goes to the OS keyring)",
        description="Sign in. The password is asked for, or read from $FIELDBOOK_PASSWORD.",
    )
    login.add_argument("--server", required=True, metavar="URL", help="the service's address")
    login.add_argument("--user", required=True, metavar="NAME", help="your user name")
    login.add_argument("--device", default=None, help="this laptop's name (default: hostname)")
    login.set_defaults(run=_cmd_login)

    sync = sub.add_parser(
        "sync",
        help="push local work, upload files, pull what changed (exit 0: all went through)",
    )
    sync.set_defaults(run=_cmd_sync)

    logout = sub.add_parser("logout", help="sign out (refused with unsynced work)")
    logout.add_argument(
        "--force", action="store_true", help="sign out anyway; unsynced work is kept"
    )
    logout.set_defaults(run=_cmd_logout)

    cli_job.add_commands(sub)

    completion = sub.add_parser(
        "completion",
        help='shell completion: eval "$(fieldbook completion bash)" (or zsh)',
        description="Print a completion script for bash or zsh: commands, options, their "
        "choices, and the numbers of open incidents.",
        epilog="examples:\n"
        "  echo 'eval \"$(fieldbook completion bash)\"' >> ~/.bashrc\n"
        "  echo 'eval \"$(fieldbook completion zsh)\"' >> ~/.zshrc",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion.add_argument("shell", choices=("bash", "zsh"))
    completion.set_defaults(run_bare=_cmd_completion)
    # For the completion scripts: open incidents' numbers, one a line (not in --help).
    incidents = sub.add_parser("_incidents")
    incidents.set_defaults(run=_cmd_incidents)
    # The command agent (desktop.agent), started in the background by a plain command.
    agent = sub.add_parser("_agent")
    agent.add_argument("folder", type=Path)
    agent.set_defaults(run_bare=_cmd_agent)
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


# --- commands -----------------------------------------------------------------------


def _cmd_demo(store: Store, args: argparse.Namespace) -> int:
    from desktop.demo import seed_demo
    from desktop.usecases.queries import status_summary

    if args.if_empty and status_summary(store)["counts"]["incidents"]:
        return EXIT_OK
    summary = seed_demo(store, incidents=args.incidents, seed=args.seed)
    print(
        f"Demo office created in {store.data_dir}: {summary.incidents} incidents, "
        f"{summary.entries} entries, {summary.clients} clients. "
        f"Busy P1 incident: {summary.busy_incident}.",
        file=sys.stderr,
    )
    return EXIT_OK


def _cmd_list(store: Store, args: argparse.Namespace) -> int:
    from desktop.show import clock_left
    from desktop.usecases.queries import list_incidents

    rows = list_incidents(store, open_only=args.open)
    if args.json:
        json.dump(
            [
                {
                    "id": str(s.incident.id),
                    "number": s.incident.number,
                    "priority": s.incident.priority.value,
                    "status": s.incident.status.value,
                    "client": s.client_name,
                    "system": s.incident.system_name,
                    "title": s.incident.title,
                    "sla": _clock_json(s.sla.current),
                }
                for s in rows
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
        return EXIT_OK
    header = ("NUMBER", "PRIO", "STATUS", "SLA CLOCK: LEFT", "CLIENT", "TITLE")
    table = [header] + [
        (
            s.incident.number,
            s.incident.priority.value,
            s.incident.status.label,
            f"{s.sla.current.kind.value} {clock_left(s.sla.current)}",
            s.client_name,
            s.incident.title,
        )
        for s in rows
    ]
    widths = [max(_width(r[i]) for r in table) for i in range(len(header) - 1)]
    for r in table:
        cells = [c + " " * (w - _width(c)) for c, w in zip(r[:-1], widths, strict=True)]
        print("  ".join([*cells, r[-1]]))
    return EXIT_OK


def _cmd_status(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.queries import status_summary

    json.dump(status_summary(store), sys.stdout, ensure_ascii=False, indent=1)
    print()
    return EXIT_OK


def _cmd_export(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.queries import export_incident

    json.dump(export_incident(store, args.incident), sys.stdout, ensure_ascii=False, indent=1)
    print()
    return EXIT_OK


def _cmd_note(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.notes import add_note

    from_stdin = args.text == "-"
    if from_stdin:
        if sys.stdin is None or sys.stdin.isatty():
            raise CliError("'-' reads the note from standard input; pipe something in")
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    else:
        text = args.text
    preformatted = from_stdin if args.preformatted is None else args.preformatted
    changed = add_note(store, args.incident, text, preformatted=preformatted)
    print(f"Note {changed.entry_ids[0]} added.", file=sys.stderr)
    return EXIT_OK


def _cmd_attach(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.notes import attach

    changed = attach(store, args.incident, args.files)
    print(f"{len(changed.entry_ids)} file(s) attached.", file=sys.stderr)
    return EXIT_OK


def _cmd_report(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.report import load_report_data
    from report.pdf import ReportOptions, write_report

    data = load_report_data(store, args.incident, images=not args.brief)
    result = write_report(data, args.out, ReportOptions(brief=args.brief, language=args.lang))
    kind = "sealed" if result.sealed else "draft, not signed off yet"
    print(
        f"{args.out}: {result.number}, {result.pages} page(s), {result.language}, {kind}, "
        f"seal {result.seal}",
        file=sys.stderr,
    )
    return EXIT_OK


def _cmd_send_report(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.delivery import send_report

    queued = send_report(store, args.incident, args.to, language=args.lang, brief=args.brief)
    kind = "brief" if queued.brief else "detailed"
    print(
        f"queued: the {kind} report ({queued.language}) to {queued.address}; the office "
        "e-mails it when this laptop syncs (will be sent when you are online)",
        file=sys.stderr,
    )
    return EXIT_OK


def _cmd_verify(store: Store, args: argparse.Namespace) -> int:
    from desktop.usecases.report import verify_report

    result = verify_report(store, args.pdf)
    for line in result.lines():
        print(line)
    return int(result.verdict)


def _cmd_login(store: Store, args: argparse.Namespace) -> int:
    from desktop.syncing.usecases import login

    password = os.environ.get("FIELDBOOK_PASSWORD")
    if password is None:
        if sys.stdin is None or not sys.stdin.isatty():
            raise CliError("no password: type it at the prompt or set FIELDBOOK_PASSWORD")
        import getpass

        password = getpass.getpass(f"Password for {args.user}: ")
    who = login(store, args.server, args.user, password, args.device)
    print(f"Signed in as {who.name} ({who.username}) at {who.server_url}.", file=sys.stderr)
    return EXIT_OK


def _cmd_sync(store: Store, args: argparse.Namespace) -> int:
    from desktop.syncing.usecases import sync_now

    def progress(stage: str, done: int, total: int | None) -> None:
        print(f"{stage}: {done}" + (f"/{total}" if total is not None else ""), file=sys.stderr)

    report = sync_now(store, progress=progress)
    print(
        f"Pushed {report.applied + report.already_applied} change(s), "
        f"{report.rejected} refused; uploaded {report.blobs_uploaded} file(s); "
        f"pulled {report.changes} change(s) in {report.pages} page(s)"
        + (", downloaded everything again" if report.reset else "")
        + (f", removed {report.removed} incident(s)" if report.removed else "")
        + (f", purged {report.purged} closed incident(s)" if report.purged else "")
        + ".",
        file=sys.stderr,
    )
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.complete:
        return EXIT_OK
    reasons = []
    if report.pending_left:
        reasons.append(f"{report.pending_left} change(s) still pending")
    if report.rejected_total:
        reasons.append(f"{report.rejected_total} change(s) refused by the office (see the app)")
    if report.blobs_waiting:
        reasons.append(f"{len(report.blobs_waiting)} file(s) missing on this laptop")
    return _fail("not everything went through: " + "; ".join(reasons))


def _cmd_logout(store: Store, args: argparse.Namespace) -> int:
    from desktop.syncing.usecases import logout, sync_status

    pending = sync_status(store).pending
    logout(store, force=args.force)
    kept = f"; {pending} unsynced change(s) kept" if pending else ""
    print(f"Signed out{kept}.", file=sys.stderr)
    return EXIT_OK


def _cmd_completion(args: argparse.Namespace) -> int:
    from desktop.completion import script

    sys.stdout.write(script(args.shell, build_parser()))
    return EXIT_OK


def _cmd_incidents(store: Store, args: argparse.Namespace) -> int:
    for number in cli_job.open_incident_numbers(store):
        print(number)
    return EXIT_OK


def _cmd_agent(args: argparse.Namespace) -> int:
    return agent.serve(args.folder)


def _cmd_screenshot(store: Store, args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data_dir = store.data_dir
    store.close()  # the window opens the folder itself
    count = args.gui.screenshots(data_dir, args.out)
    print(f"{count} screenshots in {args.out}", file=sys.stderr)
    return EXIT_OK


def _terminal_passphrase(new: bool, folder: Path) -> str | None:
    """The data folder's passphrase, typed at the terminal (None without one: the store
    then says to set FIELDBOOK_PASSPHRASE)."""
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    try:
        return _ask_passphrase(new, folder)
    except EOFError:  # the terminal closed mid-way: as if nothing was typed
        return None


def _ask_passphrase(new: bool, folder: Path) -> str:
    import getpass

    if not new:
        return getpass.getpass(f"Passphrase of the data folder {folder}: ")
    print(
        f"No keyring on this computer keeps the key of the data folder {folder}: choose a "
        "passphrase (at least 8 characters). The client data here is encrypted with it; "
        "without it the data cannot be read.",
        file=sys.stderr,
    )
    first = getpass.getpass("New passphrase: ")
    if getpass.getpass("Again: ") != first:
        raise CliError("the two passphrases differ; nothing was created")
    return first


# --- formatting ---------------------------------------------------------------------


def _width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clock_json(clock: ClockReading) -> dict[str, Any]:
    from domain.seal import plain

    return {
        "clock": clock.kind.value,
        "due_at": plain(clock.due_at),
        "time_left_seconds": None
        if clock.time_left is None
        else int(clock.time_left.total_seconds()),
        "paused": clock.is_paused,
        "outcome": clock.outcome.value,
    }


# --- entry point --------------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None,
    gui: Gui | None = None,
    *,
    store: Store | None = None,
    served: frozenset[str] | None = None,
) -> int:
    """Run the command ``argv``; its exit code.

    The command agent (:mod:`desktop.agent`) passes its open ``store`` (used, not closed)
    and the commands it answers (``served``: others raise :class:`NotServed` before
    anything is done).
    """
    args = _parse(argv)
    if served is not None and args.command not in served:
        raise NotServed(args.command)
    window = gui or _NoWindow()
    args.gui = window
    if args.self_test:
        from desktop.selftest import run_self_test

        return run_self_test(gui=window.self_test)
    data_dir: Path = (args.data_dir or default_data_dir()).expanduser()
    log_path: Path | None = None
    if store is not None:
        # The agent's store, whose folder's log is set up already: only its own folder.
        if store.data_dir.absolute() != data_dir.absolute():
            raise NotServed(str(data_dir))
        log_path = log_dir(data_dir) / LOG_NAME
    else:
        try:
            # The window rotates its log from its first paint on (desktop.logs.rotate_log).
            log_path = setup_logging(data_dir, rotate=args.command is not None)
        except OSError as error:
            return _fail(f"cannot use the data folder {data_dir}: {error.strerror or error}")
    # The command's name only: its arguments may be a note's text or a client's name.
    log.info("fieldbook %s: %s", __version__, args.command or "window")
    run: Callable[[Store, argparse.Namespace], int] | None = getattr(args, "run", None)
    own_store = store is None
    try:
        if args.command is None:
            return window.run(data_dir)
        bare: Callable[[argparse.Namespace], int] | None = getattr(args, "run_bare", None)
        if bare is not None:
            return bare(args)  # needs no data folder
        assert run is not None
        if store is None:
            # Imported here, not above: the window (no command) opens the store itself,
            # behind its first paint (issue 16).
            from desktop.store.db import open_store

            store = open_store(data_dir, prompt=_terminal_passphrase)
        else:
            store.forget_cached()  # another process may have synced since the last command
        code = run(store, args)
        sys.stdout.flush()  # a reader that left (`| head`) is caught below, not at exit
        if own_store and args.command in agent.SERVED:
            agent.start(data_dir)  # the next command is answered at once
        return code
    except (DomainError, CliError, cli_job.CommandError) as error:
        log.info("refused: %s", type(error).__name__)
        return _refused(
            error,
            as_json=getattr(args, "json", False),
            code=getattr(error, "exit_code", EXIT_ERROR),
        )
    except NotServed:
        raise
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `fieldbook list | head`: the reader left; not an error. Point stdout at
        # /dev/null so the interpreter's last flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception:
        log.exception("unexpected error")
        return _fail(f"unexpected error; the details are in {log_path}", EXIT_BUG)
    finally:
        if own_store and store is not None:
            store.close()


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """``argv`` read. With no command (the window) only the options before a command are
    read: the window's first paint does not wait for the parsers of some forty commands
    (issue 16). Anything else, help and mistakes included, goes to the whole parser."""
    given = sys.argv[1:] if argv is None else list(argv)
    try:
        args, rest = _options(add_help=False, exit_on_error=False).parse_known_args(given)
    except argparse.ArgumentError:
        rest = given
    if rest:
        return build_parser().parse_args(given)
    args.command = None
    return args


def _refused(error: Exception, *, as_json: bool, code: int = EXIT_ERROR) -> int:
    """A refusal: one line per problem on stderr (and, with --json, as JSON on stdout)."""
    errors = getattr(error, "errors", None) or (error,)
    if as_json:
        json.dump(
            {
                "ok": False,
                "errors": [{"field": getattr(e, "field", None), "message": str(e)} for e in errors],
            },
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
    for each in errors:
        print(f"fieldbook: {each}", file=sys.stderr)
    return code


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"fieldbook: {message}", file=sys.stderr)
    return code


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
