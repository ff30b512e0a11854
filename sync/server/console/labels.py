"""What the console calls the domain's values (marked for the catalogue, shown translated).

Data, not code: each table maps a value of :mod:`domain.records` to its English name;
the request's :class:`~sync.server.console.i18n.Words` translates it when shown.
"""

from __future__ import annotations

from collections.abc import Mapping

from domain.records import (
    ActionKind,
    ActionResult,
    Channel,
    Refusal,
    Resolution,
    SignOffOutcome,
    Status,
    SystemCategory,
    TimeKind,
)
from sync.protocol.messages import Role
from sync.server.console.i18n import N_

STATUS: Mapping[str, str] = {
    Status.NEW: N_("new"),
    Status.RESPONDED: N_("responded"),
    Status.TRAVELLING: N_("travelling"),
    Status.ON_SITE: N_("on site"),
    Status.WAITING_FOR_CLIENT: N_("waiting for client"),
    Status.RESOLVED: N_("resolved"),
    Status.SIGNED_OFF: N_("signed off"),
    Status.CLOSED: N_("closed"),
    Status.CANCELLED: N_("cancelled"),
}

ENTRY: Mapping[str, str] = {
    "note": N_("Note"),
    "attachment": N_("File"),
    "action": N_("Action"),
    "swap": N_("Hardware swap"),
    "part_usage": N_("Part used"),
    "time": N_("Time"),
    "clock_pause": N_("Clock paused"),
    "clock_resume": N_("Clock resumed"),
    "status": N_("Status"),
    "priority": N_("Priority"),
    "assignment": N_("Assignment"),
    "void": N_("Void"),
    "sign_off": N_("Sign-off"),
}

ACTION: Mapping[str, str] = {
    ActionKind.RESTART: N_("restart"),
    ActionKind.SERVICE_STOP_START: N_("service stop/start"),
    ActionKind.CONFIGURATION_CHANGE: N_("configuration change"),
    ActionKind.PATCH: N_("patch"),
    ActionKind.TEMPORARY_HARDWARE: N_("temporary hardware"),
    ActionKind.WORKAROUND: N_("workaround"),
    ActionKind.TEST: N_("test"),
    ActionKind.OTHER: N_("other"),
    ActionKind.PLANNED_CHANGE: N_("planned change"),
    ActionKind.OPTIMISATION: N_("optimisation"),
    ActionKind.PREVENTIVE_WORK: N_("preventive work"),
    ActionKind.ROUTINE_UPGRADE: N_("routine upgrade"),
}

RESULT: Mapping[str, str] = {
    ActionResult.SUCCEEDED: N_("succeeded"),
    ActionResult.PARTIAL: N_("partly"),
    ActionResult.FAILED: N_("failed"),
}

TIME: Mapping[str, str] = {
    TimeKind.TRAVEL: N_("travel"),
    TimeKind.ON_SITE: N_("on site"),
    TimeKind.WAITING: N_("waiting"),
}

OUTCOME: Mapping[str, str] = {
    SignOffOutcome.RESOLVED: N_("resolved"),
    SignOffOutcome.WORKAROUND: N_("workaround in place"),
    SignOffOutcome.NOT_RESOLVED: N_("not resolved"),
}

REFUSAL: Mapping[str, str] = {
    Refusal.REFUSED: N_("the client refused to sign"),
    Refusal.NOT_AVAILABLE: N_("nobody could sign"),
}

CATEGORY: Mapping[str, str] = {
    SystemCategory.SERVER: N_("server"),
    SystemCategory.NETWORK: N_("network"),
    SystemCategory.STORAGE: N_("storage"),
    SystemCategory.OPERATING_SYSTEM: N_("operating system"),
    SystemCategory.DATABASE: N_("database"),
    SystemCategory.MIDDLEWARE: N_("middleware"),
    SystemCategory.APPLICATION: N_("application"),
}

CHANNEL: Mapping[str, str] = {
    Channel.PHONE: N_("phone"),
    Channel.EMAIL: N_("e-mail"),
    Channel.PORTAL: N_("portal"),
    Channel.WALK_UP: N_("walk-up"),
    Channel.OTHER: N_("other channel"),
}

RESOLUTION: Mapping[str, str] = {
    Resolution.FIXED: N_("fixed"),
    Resolution.WORKAROUND: N_("workaround"),
}

ROLE: Mapping[str, str] = {
    Role.TECHNICIAN: N_("technician"),
    Role.DISPATCHER: N_("dispatcher"),
}

ALL: Mapping[str, Mapping[str, str]] = {
    "status": STATUS,
    "entry": ENTRY,
    "action": ACTION,
    "result": RESULT,
    "time": TIME,
    "outcome": OUTCOME,
    "refusal": REFUSAL,
    "category": CATEGORY,
    "role": ROLE,
    "channel": CHANNEL,
    "resolution": RESOLUTION,
}
