"""The texts of one incident: phrase templates filled with its names, random figures and
the times of its fault; spare-part serial numbers."""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from desktop.demo.phrases import (
    ACTIONS_BY_CATEGORY,
    ACTIONS_COMMON,
    ACTIONS_EXCLUDED,
    CHANNEL_WORDS,
    DESCRIPTIONS,
    HOST_PART,
    LOGS,
    MONTHS,
    NOTES_ON_SITE,
    OFF_ANNEX_TITLE,
    RESULT_DETAILS,
    TITLES,
)
from desktop.demo.plan import CST, EPOCH, Plan, Profile
from domain.ids import new_id
from domain.records import (
    ActionKind,
    ActionResult,
)


def _template_fields(template: str) -> tuple[str, ...]:
    """The replacement fields of ``template``, in order, each once (cached)."""
    names = _FIELDS.get(template)
    if names is None:
        parsed = string.Formatter().parse(template)
        names = tuple(dict.fromkeys(name for _, name, _, _ in parsed if name))
        _FIELDS[template] = names
    return names


_FIELDS: dict[str, tuple[str, ...]] = {}

# Fields filled with a random value each time a template uses them.
_RANDOM_FIELDS: dict[str, Callable[[random.Random], object]] = {
    "hhmm": lambda r: f"{r.randint(0, 23):02d}:{r.choice((0, 10, 15, 20, 30, 40, 50)):02d}",
    "n": lambda r: r.randint(12, 480),
    "rx": lambda r: f"{r.uniform(11.5, 16.0):.2f}",
    "case": lambda r: f"{r.choice(('SR', 'CASE-', '2026'))}{r.randint(10_000_000, 99_999_999)}",
    "port": lambda r: f"1/{r.randint(1, 48)}",
    "patch": lambda r: f"HF-{r.randint(2024, 2026)}-{r.randint(100, 999)}",
    "ms": lambda r: r.randint(100, 999),
    "ms2": lambda r: r.randint(100, 999),
    "inst": lambda r: r.randint(1, 2),
    "pid": lambda r: r.randint(2000, 65000),
    "pid2": lambda r: r.randint(2000, 65000),
    "pid3": lambda r: r.randint(2000, 65000),
    "block": lambda r: r.randint(10_000, 999_999),
    "block2": lambda r: r.randint(100_000, 9_999_999),
    "inc": lambda r: r.randint(100_000, 999_999),
    "up": lambda r: r.randint(100_000, 9_999_999),
    "up2": lambda r: r.randint(10_000_000, 19_999_999),
    "h": lambda r: r.randint(1, 4),
    "lun": lambda r: r.randint(1, 24),
    "dev": lambda r: "sd" + r.choice("bcdefgh"),
    "sector": lambda r: r.randint(10_000_000, 900_000_000),
    "hexa": lambda r: f"{r.getrandbits(28):07x}",
    "flapmin": lambda r: r.randint(0, 9),
    "flapsec": lambda r: f"{r.randint(0, 59):02d}",
    "flaps": lambda r: r.randint(12, 480),
    "crc": lambda r: r.randint(1_000, 250_000),
    "wwid": lambda r: f"{r.getrandbits(124):031x}",
    "secs": lambda r: r.randint(620, 1800),
}
# Fields of log lines that print the time of the fault (a first line and a later one).
_TIME_FIELDS: dict[str, Callable[[datetime, datetime], object]] = {
    "ts_iso": lambda t, _: t.isoformat(timespec="microseconds"),
    "ts_iso2": lambda _, t: t.isoformat(timespec="microseconds"),
    "date": lambda t, _: t.strftime("%Y-%m-%d"),
    "date_us": lambda t, _: t.strftime("%m/%d/%Y"),
    "time": lambda t, _: t.strftime("%H:%M:%S"),
    "time2": lambda _, t: t.strftime("%H:%M:%S"),
    "year": lambda t, _: t.year,
    "mon": lambda t, _: MONTHS[t.month - 1],
    "day": lambda t, _: t.day,
}
_RESULTS = tuple(ActionResult)
_RESULT_CUM = (70.0, 85.0, 100.0)


class Text:
    """Texts for one incident in its client's language (now and then the other one)."""

    __slots__ = ("category", "context", "lang", "plan", "profile", "rng")

    def __init__(self, rng: random.Random, plan: Plan, lang: str, profile: Profile) -> None:
        self.rng = rng
        self.profile = profile
        self.plan = plan
        self.lang = lang
        self.category = plan.category
        spec = plan.contract.spec
        db = spec.db
        self.context: dict[str, object] = {
            "contact": rng.choice(spec.contacts),
            "system": plan.system_name,
            "host": f"{spec.code}-{HOST_PART[plan.category]}{rng.randint(1, 4):02d}",
            "db": db,
            "DB": db.upper(),
        }

    def pick_lang(self) -> str:
        if self.rng.random() < 0.85:
            return self.lang
        return "en" if self.lang == "zh" else "zh"

    def fill(self, template: str) -> str:
        """``template`` with its fields filled: this incident's names, random figures, times."""
        r = self.rng
        values: dict[str, object] = {}
        first: datetime | None = None
        later = EPOCH
        for name in _template_fields(template):
            maker = _RANDOM_FIELDS.get(name)
            if maker is not None:
                values[name] = maker(r)
            elif name in _TIME_FIELDS:
                if first is None:
                    # Log lines from shortly before the client called.
                    first = self.plan.notified_at - timedelta(minutes=r.uniform(1, 20))
                    first = first.astimezone(CST)
                    later = first + timedelta(seconds=r.uniform(1, 50))
                values[name] = _TIME_FIELDS[name](first, later)
            else:
                values[name] = self.context[name]
        return template.format_map(values)

    def note(
        self, pool: Mapping[str, tuple[str, ...]]
    ) -> tuple[str, uuid.UUID, dict[str, Any] | None]:
        template = self.rng.choice(pool[self.pick_lang()])
        return ("note", new_id(), {"text": self.fill(template), "preformatted": False})

    def log_note(self, name: str | None) -> tuple[str, uuid.UUID, dict[str, Any] | None]:
        if name is None:
            if not self.profile.logs:
                return self.note(NOTES_ON_SITE)
            name = self.rng.choice(self.profile.logs)
        return ("note", new_id(), {"text": self.fill(LOGS[name]), "preformatted": True})

    def action(
        self, covered: bool, kind: ActionKind | None
    ) -> tuple[str, uuid.UUID, dict[str, Any] | None]:
        r = self.rng
        if kind is ActionKind.TEMPORARY_HARDWARE:
            choice: tuple[ActionKind, str, str] = (
                kind,
                "用车载备件临时替换故障部件",
                "Temporary replacement from van stock",
            )
        elif r.random() < 0.05:
            choice = r.choice(ACTIONS_EXCLUDED)
        elif r.random() < 0.6:
            choice = r.choice(ACTIONS_BY_CATEGORY[self.category])
        else:
            choice = r.choice(ACTIONS_COMMON)
        action_kind, zh, en = choice
        lang = self.pick_lang()
        result = r.choices(_RESULTS, cum_weights=_RESULT_CUM)[0]
        detail = r.choice(RESULT_DETAILS[result][lang])
        row = {
            "action_kind": action_kind,
            "description": self.fill(zh if lang == "zh" else en),
            "result": result,
            "result_detail": detail,
            # As desktop.usecases.work.in_scope: covered system and a kind not excluded.
            "out_of_scope": not (covered and action_kind not in self.plan.contract.spec.exclusions),
        }
        return ("action", new_id(), row)

    def title(self) -> str:
        lang = self.lang
        if self.plan.system is None:
            return OFF_ANNEX_TITLE[lang].format(system=self.plan.system_name)
        return self.rng.choice(TITLES[self.category][lang]).format(system=self.plan.system_name)

    def description(self, title: str) -> str:
        channel = CHANNEL_WORDS[self.lang][self.plan.channel]
        return DESCRIPTIONS[self.lang].format(
            contact=self.context["contact"],
            channel=channel,
            title=title,
            users=self.rng.randint(5, 800),
        )


_SERIAL_CHARS = {
    "#": "0123456789",
    "@": "ABCDEFGHJKLMNPQRSTUVWXYZ",
    "%": "0123456789ABCDEF",
    "?": "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ",
}


def serial_number(rng: random.Random, pattern: str) -> str:
    return "".join(rng.choice(_SERIAL_CHARS[c]) if c in _SERIAL_CHARS else c for c in pattern)
