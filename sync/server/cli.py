"""``fieldbook-server``: run the central service and manage the office from a shell.

    fieldbook-server [--db URL] [--settings FILE] serve [--host H] [--port P] [--workers N]
    fieldbook-server [--settings FILE] settings      (each setting, its value and source)
    fieldbook-server [--db URL] demo [--if-empty]
    fieldbook-server [--db URL] add-technician USER [--name NAME]   (password: prompt,
                                                   or FIELDBOOK_PASSWORD)
    fieldbook-server [--db URL] add-contract CLIENT NUMBER --target P1=5/240 … [--time-zone Z]
    fieldbook-server [--db URL] devices [USER] [--all]     (one JSON object a line)
    fieldbook-server [--db URL] revoke-device ID | mark-lost ID | deactivate USER
    fieldbook-server [--db URL] statement CLIENT [--month 2026-11] --out F.pdf|F.csv
    …

The database is ``--db``, else ``$FIELDBOOK_SERVER_DB``, else ``server_db`` in the settings
file, else ``fieldbook-server.db`` in the current folder (SQLite). PostgreSQL:
``postgresql+psycopg://user@host/db``. Every setting is read that way (sync.server.config):
the command line, the environment, the settings file (``--settings FILE`` or
``$FIELDBOOK_SETTINGS_FILE``, TOML), the default; ``fieldbook-server settings`` shows them.
Migrations are applied by every command before it runs. Commands that create something
print its id as JSON.
"""

from __future__ import annotations

import argparse
import gc
import getpass
import json
import logging
import os
import socket
import sys
from collections.abc import Callable, Sequence
from functools import partial
from types import FrameType
from typing import Any

from fastapi import FastAPI

from domain.records import DEFAULT_EXCLUSIONS, ActionKind, Channel, Priority, SystemCategory
from domain.zones import DEFAULT_ZONE
from sync.protocol.messages import Role
from sync.server import demo
from sync.server.config import ServiceConfig, SettingsError, describe, read_config
from sync.server.db import Database, UnsupportedDatabase
from sync.server.office import Office, OfficeError, Targets

log = logging.getLogger("fieldbook.server")

DEFAULT_PORT = 8470
#: Database connections of a command other than ``serve``.
COMMAND_POOL_SIZE = 5


class UsageError(ValueError):
    pass


def _print(value: dict[str, Any]) -> None:
    print(json.dumps(value, ensure_ascii=False, default=str))


def _password(args: argparse.Namespace) -> str:
    from_env = os.environ.get("FIELDBOOK_PASSWORD")
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\n")
        if line:
            return line
        raise UsageError("no password: set FIELDBOOK_PASSWORD or type it at the prompt")
    first = getpass.getpass(f"Password for {args.username}: ")
    if first != getpass.getpass("Again: "):
        raise UsageError("the two passwords differ")
    return first


def _targets(values: Sequence[str]) -> Targets:
    """``P1=5/240``: respond in 5 min, resolve in 240 min; ``P4=-/-``: no targets."""
    found: dict[Priority, tuple[int | None, int | None]] = {}
    for value in values:
        try:
            name, spec = value.split("=", 1)
            respond, resolve = spec.split("/", 1)
            found[Priority(name.strip().upper())] = (
                None if respond.strip() == "-" else int(respond),
                None if resolve.strip() == "-" else int(resolve),
            )
        except ValueError:
            raise UsageError(
                f"--target {value!r}: write it as P1=5/240 (minutes, '-' for none)"
            ) from None
    return found or dict(demo.STANDARD_TARGETS)


def _worker_app(config: ServiceConfig) -> FastAPI:
    """For ``--workers``: each uvicorn worker process builds its app from the settings the
    command read (handed to it pickled, with this function)."""
    from sync.server.app import create_app

    app = create_app(Database(config.server_db, pool_size=config.pool_size), config=config)
    _settle()
    return app


def _settle() -> None:
    """Freeze what the service made to start (modules, the app, its routes, models and
    compiled statements live as long as the process) out of the cyclic collector's
    sight. Without it every full collection walked all of them: about 70 ms each, one
    every few pushes of a thousand mutations (which leave that many objects alive long
    enough to be promoted), a quarter of such a push's CPU. What requests make is
    collected as before."""
    gc.collect()
    gc.freeze()


def _serve(args: argparse.Namespace, db: Database, config: ServiceConfig) -> int:
    import uvicorn

    from sync.server.app import create_app

    log.info("serving %s on http://%s:%d", _safe_url(db.url), args.host, args.port)
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_level": "warning",
        "access_log": False,
        "timeout_keep_alive": 15,
        "timeout_graceful_shutdown": 10,
    }
    if args.workers > 1:
        db.dispose()
        from uvicorn.supervisors import Multiprocess

        workers = uvicorn.Config(
            partial(_worker_app, config), factory=True, workers=args.workers, **options
        )
        sock = workers.bind_socket()
        # The workers rebuild the listening socket from its descriptor, and asyncio then
        # leaves Nagle on for the connections it accepts: a keep-alive client would wait
        # 40 ms (delayed ACK) for every answer. Linux hands TCP_NODELAY down to them.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        Multiprocess(workers, sockets=[sock]).run()
        return 0
    app = create_app(db, config=config)

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            _settle()  # once the app and uvicorn's own parts are made

        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            # The console's event streams never end by themselves: end them now, or the
            # graceful shutdown would wait its whole timeout for them.
            db.changes.hub.close()
            super().handle_exit(sig, frame)

    Server(uvicorn.Config(app, **options)).run()
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="fieldbook-server", description="The Fieldbook central service."
    )
    p.add_argument("--db", help="database URL (the setting server_db)")
    p.add_argument(
        "--settings",
        metavar="FILE",
        help="the settings file (TOML; default: $FIELDBOOK_SETTINGS_FILE, else none)",
    )
    p.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the HTTP service")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=DEFAULT_PORT)
    s.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL)")
    s.add_argument("--token-days", type=float, help="device tokens expire after (token_days)")
    s.add_argument("--pool-size", type=int, help="database connections per process (pool_size)")
    s.add_argument("--threads", type=int, help="request threads per process (threads)")

    sub.add_parser("settings", help="show every setting: its value, where it came from, meaning")

    sub.add_parser("migrate", help="apply the database migrations and stop")
    d = sub.add_parser("demo", help="seed a demo office (technician demo / password demo)")
    d.add_argument("--if-empty", action="store_true", help="do nothing if users exist")
    d.add_argument(
        "--incidents",
        type=int,
        default=demo.DEFAULT_HISTORY,
        help="finished incidents of the last months (today's open queue comes on top)",
    )

    for role in ("technician", "dispatcher"):
        u = sub.add_parser(
            f"add-{role}", help=f"add a {role} (password from FIELDBOOK_PASSWORD or a prompt)"
        )
        u.add_argument("username")
        u.add_argument("--name", default="")
        u.set_defaults(role=Role(role))
    pw = sub.add_parser(
        "set-password", help="set a user's password (signs every device of theirs out)"
    )
    pw.add_argument("username")
    dv = sub.add_parser("devices", help="list the devices signed in, with their last contact")
    dv.add_argument("username", nargs="?", help="only this user's")
    dv.add_argument("--all", action="store_true", help="the ended ones too")
    rv = sub.add_parser("revoke-device", help="sign a device out (see devices for its id)")
    rv.add_argument("device", help="device id")
    ml = sub.add_parser(
        "mark-lost", help="mark a device lost: it is signed out, its next contact erases it"
    )
    ml.add_argument("device", help="device id")
    de = sub.add_parser("deactivate", help="refuse a user's sign-ins and end every device")
    de.add_argument("username")
    ac = sub.add_parser("activate", help="let a deactivated user sign in again")
    ac.add_argument("username")

    c = sub.add_parser("add-client", help="add a client")
    c.add_argument("name")
    c.add_argument("--language", default="en", choices=["en", "zh"], help="of its reports")
    c.add_argument("--address", default="")
    c.add_argument("--email", default="", help="the contact its service reports go to")

    m = sub.add_parser("set-client-email", help="set where a client's service reports are e-mailed")
    m.add_argument("client", help="client id or name")
    m.add_argument("email", help='the contact\'s address ("" for none)')

    k = sub.add_parser("add-contract", help="add an emergency maintenance contract")
    k.add_argument("client", help="client id or name")
    k.add_argument("number")
    k.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="P1=5/240",
        help="minutes to respond/resolve",
    )
    k.add_argument(
        "--pause-allowed",
        action="store_true",
        help="the SLA clock stops while waiting for the client",
    )
    k.add_argument(
        "--exclude", action="append", choices=[a.value for a in ActionKind], help="work not covered"
    )
    k.add_argument(
        "--time-zone", default=DEFAULT_ZONE, help="the client's IANA zone, e.g. Asia/Shanghai"
    )

    z = sub.add_parser("set-time-zone", help="set a contract's time zone (an IANA name)")
    z.add_argument("contract", help="contract id or number")
    z.add_argument("time_zone", metavar="ZONE", help="e.g. Asia/Shanghai, Europe/London")

    y = sub.add_parser("add-system", help="add a covered system to a contract's Annex 1")
    y.add_argument("contract", help="contract id or number")
    y.add_argument("name")
    y.add_argument("--category", required=True, choices=[c.value for c in SystemCategory])
    y.add_argument("--location", default="")

    a = sub.add_parser("add-part", help="add a spare part to the catalogue")
    a.add_argument("part_number")
    a.add_argument("description")

    v = sub.add_parser("set-stock", help="count a part in a technician's van")
    v.add_argument("technician")
    v.add_argument("part", help="part id or number")
    v.add_argument("quantity", type=int)

    i = sub.add_parser("add-incident", help="record a client's emergency")
    i.add_argument("contract", help="contract id or number")
    i.add_argument("number")
    i.add_argument("title")
    i.add_argument("--priority", required=True, choices=[p.value for p in Priority])
    i.add_argument("--system", help="covered system id")
    i.add_argument("--system-name", default="", help="a system outside Annex 1")
    i.add_argument("--description", default="")
    i.add_argument("--channel", default=Channel.PHONE.value, choices=[c.value for c in Channel])
    i.add_argument("--assign", metavar="TECHNICIAN")

    g = sub.add_parser("assign", help="assign an incident (dispatch's decision wins)")
    g.add_argument("incident", help="incident id or number")
    g.add_argument("technician", nargs="?", help="user name; leave out to unassign")
    g.add_argument("--reason", default="", help="why (kept in the incident's history)")

    r = sub.add_parser("set-priority", help="change an incident's priority, saying why")
    r.add_argument("incident", help="incident id or number")
    r.add_argument("priority", choices=[p.value for p in Priority])
    r.add_argument("--reason", required=True, help="why (kept in the incident's history)")

    c = sub.add_parser("cancel", help="cancel an incident, saying why")
    c.add_argument("incident", help="incident id or number")
    c.add_argument("--reason", required=True, help="why (kept in the incident's history)")

    sub.add_parser("new-epoch", help="after restoring a backup: every laptop downloads again")

    t = sub.add_parser(
        "statement", help="a client's SLA statement for a month or days, as PDF or CSV"
    )
    t.add_argument("client", help="client name or id")
    t.add_argument("--contract", help="contract number (when the client has several)")
    t.add_argument("--month", help="YYYY-MM in the contract's time zone (default: this month)")
    t.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help="first day (with --to)")
    t.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help="last day, included")
    t.add_argument("--out", required=True, help="F.pdf or F.csv (the extension decides)")
    t.add_argument("--language", choices=["en", "zh"], help="default: the client's language")
    return p


def _run(args: argparse.Namespace, db: Database, config: ServiceConfig) -> int:
    office = Office(db)
    commands: dict[str, Callable[[], Any]] = {
        "demo": lambda: _demo(office, args.if_empty, args.incidents),
        "add-technician": lambda: {
            "id": office.add_user(args.username, args.name, _password(args), args.role)
        },
        "add-dispatcher": lambda: {
            "id": office.add_user(args.username, args.name, _password(args), args.role)
        },
        "set-password": lambda: office.set_password(args.username, _password(args)),
        "devices": lambda: _devices(office, args.username, args.all),
        "revoke-device": lambda: office.revoke_device(args.device).plain(),
        "mark-lost": lambda: office.mark_lost(args.device).plain(),
        "deactivate": lambda: office.set_active(args.username, False),
        "activate": lambda: office.set_active(args.username, True),
        "add-client": lambda: {
            "id": office.add_client(
                args.name, language=args.language, address=args.address, email=args.email
            )
        },
        "add-contract": lambda: {
            "id": office.add_contract(
                args.client,
                args.number,
                _targets(args.target),
                pause_allowed=args.pause_allowed,
                time_zone=args.time_zone,
                exclusions=frozenset(ActionKind(x) for x in args.exclude)
                if args.exclude
                else DEFAULT_EXCLUSIONS,
            )
        },
        "set-time-zone": lambda: office.set_time_zone(args.contract, args.time_zone),
        "set-client-email": lambda: office.set_client_email(args.client, args.email),
        "add-system": lambda: {
            "id": office.add_system(
                args.contract, args.name, SystemCategory(args.category), location=args.location
            )
        },
        "add-part": lambda: {"id": office.add_part(args.part_number, args.description)},
        "set-stock": lambda: office.set_stock(args.technician, args.part, args.quantity),
        "add-incident": lambda: {
            "id": office.add_incident(
                contract=args.contract,
                number=args.number,
                title=args.title,
                priority=Priority(args.priority),
                system=_uuid(args.system),
                system_name=args.system_name,
                description=args.description,
                channel=Channel(args.channel),
                assign_to=args.assign,
            )
        },
        "assign": lambda: office.assign(args.incident, args.technician, reason=args.reason),
        "set-priority": lambda: office.change_priority(
            args.incident, Priority(args.priority), args.reason
        ),
        "cancel": lambda: office.cancel(args.incident, args.reason),
        "new-epoch": lambda: {"epoch": office.new_epoch()},
        "migrate": lambda: {"revision": db.revision()},
        "statement": lambda: _statement(db, args, config),
    }
    result = commands[args.command]()
    if isinstance(result, dict):
        _print(result)
    return 0


def _devices(office: Office, username: str | None, ended: bool) -> None:
    """One JSON object a line, most recently heard from first."""
    for device in office.devices(username, ended=ended):
        _print(device.plain())


def _uuid(value: str | None) -> Any:
    import uuid

    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise UsageError(f"{value!r} is not an id") from None


def _statement(db: Database, args: argparse.Namespace, config: ServiceConfig) -> dict[str, Any]:
    from datetime import UTC, datetime
    from pathlib import Path

    from domain.statement import BadPeriod
    from report.statement import build_statement_pdf, statement_csv
    from sync.server import statement

    out = Path(args.out)
    kind = out.suffix.lower()
    if kind not in (".pdf", ".csv"):
        raise UsageError("--out: name a .pdf or a .csv file")
    now = datetime.now(UTC)
    try:
        with db.read() as session:
            row = statement.find_contract(session, args.client, args.contract)
            contract_id, tz = row.id, statement.contract_zone(row)
        period = statement.period_of(
            tz, month_text=args.month, first=args.first, last=args.last, now=now
        )
        data = statement.load(db, contract_id, period, config.company, now)
    except (statement.StatementError, BadPeriod) as error:
        raise UsageError(str(error)) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    if kind == ".csv":
        tmp.write_bytes(statement_csv(data))
        language = ""
    else:
        with tmp.open("wb") as f:
            language = build_statement_pdf(data, f, args.language).language
    tmp.replace(out)
    return {
        "out": str(out),
        "contract": data.statement.contract.number,
        "period": period.label,
        "incidents": len(data.statement.lines),
        "breaches": len(data.statement.breaches),
        **({"language": language} if language else {}),
    }


def _demo(office: Office, if_empty: bool, incidents: int) -> dict[str, Any]:
    if not demo.is_empty(office):
        if if_empty:
            return {"seeded": False}
        raise UsageError("the database has users already; the demo needs an empty one")
    if incidents < 0:
        raise UsageError("--incidents: a number of incidents, 0 or more")
    return {"seeded": True, "logins": demo.seed(office, incidents=incidents)}


def _given(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the command line gave (``None``: not given)."""
    return {
        "server_db": args.db,
        "token_days": getattr(args, "token_days", None),
        "pool_size": getattr(args, "pool_size", None),
        "threads": getattr(args, "threads", None),
    }


def _settings(config: ServiceConfig, args: argparse.Namespace) -> int:
    """Each setting as a settings file would say it, its meaning above it and where the
    value came from beside it (secrets masked)."""
    shown = describe(config, args.settings, **_given(args))
    width = max(len(f"{s.name} = {s.value}") for s in shown)
    for s in shown:
        print(f"# {s.meaning}")
        print(f"{f'{s.name} = {s.value}':<{width}}  # {s.source}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, args.log_level),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    db: Database | None = None
    try:
        config = read_config(args.settings, **_given(args))
        if args.command == "settings":
            return _settings(config, args)
        pool = config.pool_size if args.command == "serve" else COMMAND_POOL_SIZE
        db = Database(config.server_db, pool_size=pool)
        db.migrate()
        if args.command == "serve":
            return _serve(args, db, config)
        return _run(args, db, config)
    except (UsageError, OfficeError, UnsupportedDatabase, SettingsError) as error:
        print(f"fieldbook-server: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        if db is not None:
            db.dispose()
