"""One incident's history as the central service would have sent it: its entries along
the planned path, the work done in each status, and the client's sealed sign-off."""

from __future__ import annotations

import dataclasses
import random
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from desktop.demo.bulk import Rows
from desktop.demo.phrases import (
    COMMENT_SHARE,
    NOTES_BY_CATEGORY,
    NOTES_CANCEL,
    NOTES_DONE,
    NOTES_ON_SITE,
    NOTES_REMOTE,
    NOTES_WAITING,
    PAUSE_REASONS,
    REFUSAL_REASONS,
    REFUSAL_SHARE,
    SIGN_OFF_COMMENTS,
    SWAP_NOTES,
    VOID_REASONS,
)
from desktop.demo.pictures import Signatures
from desktop.demo.plan import CURRENT_DWELL, LOCAL_ROOM, MINUTE, Part, Plan, Profile
from desktop.demo.reference import SLOTS, SWAP_CHANCE, ClientSpec
from desktop.demo.text import Text, serial_number
from domain import seal
from domain.ids import new_id
from domain.records import (
    ENTRY_TYPES,
    ActionKind,
    Entry,
    Incident,
    Refusal,
    Resolution,
    SignOff,
    SignOffOutcome,
    Status,
    SystemCategory,
    TimeKind,
)

# --- writing one incident -----------------------------------------------------------


def emit_incident(
    rows: Rows,
    rng: random.Random,
    plan: Plan,
    now: datetime,
    spares: list[Part],
    profile: Profile,
    signing: Signatures,
) -> None:
    """Add the incident row of ``plan`` and its entries to ``rows``."""
    iid = new_id()
    base = plan.notified_at
    spec = plan.contract.spec
    lang = spec.language
    pausable = spec.pause_allowed
    author = plan.assignee
    now_off = (now - base).total_seconds()
    covered = plan.system is not None
    text = Text(rng, plan, lang, profile)
    # (offset, kind, entry id, row for the kind's table or None)
    events: list[tuple[float, str, uuid.UUID, dict[str, Any] | None]] = []
    path, offs = plan.path, plan.offsets
    resolution: Resolution | None = None
    swapped_temporary = False
    voidable: list[uuid.UUID] = []  # notes and actions written so far
    voided: set[uuid.UUID] = set()

    for i, status in enumerate(path):
        start = offs[i]
        end = offs[i + 1] if i + 1 < len(path) else now_off
        is_current = i + 1 == len(path)
        if i > 0:
            prev = path[i - 1]
            at = start
            if prev in _TIMED:
                eid = new_id()
                span = {
                    "id": eid,
                    "time_kind": _TIMED[prev],
                    "started_at": base + timedelta(seconds=offs[i - 1] + 0.002),
                    "ended_at": base + timedelta(seconds=at),
                }
                events.append((at, "time", eid, span))
                if prev is Status.WAITING_FOR_CLIENT and pausable:
                    events.append((at + 0.001, "clock_resume", new_id(), None))
            how = None
            if status is Status.RESOLVED:
                weights = (40.0, 60.0) if swapped_temporary else (78.0, 22.0)
                how = rng.choices((Resolution.FIXED, Resolution.WORKAROUND), weights)[0]
                resolution = how
            if status is Status.SIGNED_OFF:
                # The client signs, then the sign-off moves the incident on, as in the use
                # case (which writes both at one time; here 2 ms apart, like all history).
                sign_off = _sign_off_fields(rng, spec, resolution, signing)
                events.append((at, "sign_off", new_id(), sign_off))
            eid = new_id()
            change = {"id": eid, "from_status": prev, "to_status": status, "resolution": how}
            events.append((at + 0.002, "status", eid, change))
            start = at + 0.002
        if is_current and status not in CURRENT_DWELL:
            break  # history: nothing happens after the final status
        if is_current and plan.local:
            end = min(end, now_off - LOCAL_ROOM + 5 * MINUTE)
        # Work during this status.
        items: list[tuple[str, uuid.UUID, dict[str, Any] | None]] = []
        if status is Status.RESPONDED and rng.random() < 0.4:
            items.append(text.note(NOTES_REMOTE))
        elif status is Status.ON_SITE:
            swapped_temporary |= _on_site_work(items, rng, plan, text, spares, covered)
            if i + 1 < len(path) and path[i + 1] is Status.RESOLVED:
                items.append(text.note(NOTES_DONE))
        elif status is Status.WAITING_FOR_CLIENT:
            if pausable:
                reason = rng.choice(PAUSE_REASONS[text.pick_lang()])
                items.append(("clock_pause", new_id(), {"reason": reason}))
            if rng.random() < 0.6:
                items.append(text.note(NOTES_WAITING))
        if i + 1 < len(path) and path[i + 1] is Status.CANCELLED:
            items.append(text.note(NOTES_CANCEL))
        # A correction voids a note or an action written before it (placed or in this stay).
        mine = [eid for kind, eid, _ in items if kind in ("note", "action")]
        candidates = [eid for eid in (*voidable, *mine) if eid not in voided]
        if candidates and status is Status.ON_SITE and rng.random() < (1.0 if plan.busy else 0.03):
            target = rng.choice(candidates)
            reason = rng.choice(VOID_REASONS[text.pick_lang()])
            items.append(("void", new_id(), {"voided_id": target, "reason": reason}))
            voided.add(target)
        if _place(events, rng, items, start, end):
            voidable.extend(mine)
        else:
            voided.difference_update(mine)

    events.sort(key=lambda e: e[0])
    last = -1.0
    responded_at = resolved_at = None
    entries = rows.entries
    kinds = rows.kinds
    sealing = plan.status in _SIGNED_STATES
    signed: tuple[datetime, dict[str, Any]] | None = None
    before: list[Entry] = []  # what the sign-off seals
    for off, kind, eid, sub in events:
        if off <= last:
            off = last + 0.001
        last = off
        when = base + timedelta(seconds=off)
        entries.append(
            {"id": eid, "incident_id": iid, "kind": kind, "recorded_at": when, "author_id": author}
        )
        if sub is not None:
            sub["id"] = eid
            kinds[kind].append(sub)
            if kind == "status":
                to = sub["to_status"]
                if to is Status.RESPONDED:
                    responded_at = when
                elif to is Status.RESOLVED:
                    resolved_at = when
            elif kind == "sign_off":
                signed = (when, sub)
        if sealing and signed is None:
            # As the store gives it back: the row's columns are the entry's fields.
            fields = sub if sub is not None else {"id": eid}
            before.append(
                ENTRY_TYPES[kind](incident_id=iid, recorded_at=when, author_id=author, **fields)
            )
    if plan.status not in (Status.RESOLVED, Status.SIGNED_OFF, Status.CLOSED):
        resolved_at, resolution = None, None
    title = text.title()
    rows.incidents.append(
        {
            "id": iid,
            "number": plan.number,
            "client_id": plan.contract.client_id,
            "contract_id": plan.contract.id,
            "system_id": plan.system.id if plan.system is not None else None,
            "system_name": plan.system_name,
            "priority": plan.priority,
            "channel": plan.channel,
            "title": title,
            "description": text.description(title),
            "notified_at": base,
            "status": plan.status,
            "responded_at": responded_at,
            "resolved_at": resolved_at,
            "resolution": resolution,
            "assigned_to": plan.assignee,
            "updated_at": base + timedelta(seconds=last) if events else base,
        }
    )
    if signed is not None:
        _seal(rows.incidents[-1], before, author, *signed)


_SIGNED_STATES = (Status.SIGNED_OFF, Status.CLOSED)
_INCIDENT_FIELDS = tuple(f.name for f in dataclasses.fields(Incident))
# What the sign-off row takes from the SignOff (the rest is in its entries row).
_ENTRY_BASE = frozenset(f.name for f in dataclasses.fields(Entry))
_SIGN_OFF_FIELDS = tuple(f.name for f in dataclasses.fields(SignOff) if f.name not in _ENTRY_BASE)
# What the sign-off screen collects (the use case seals the rest).
_SIGN_OFF_GIVEN = (
    "outcome",
    "refusal",
    "signer_name",
    "signer_role",
    "comment",
    "reason",
    "strokes",
    "signature_sha256",
)


def _seal(
    incident: Mapping[str, Any],
    before: list[Entry],
    author: uuid.UUID | None,
    at: datetime,
    row: dict[str, Any],
) -> None:
    """Complete the sign-off ``row`` made at ``at`` as :func:`signoff.sign_off` would: the
    seal of ``incident`` as signed (resolved) with every entry ``before`` the sign-off."""
    snapshot = Incident(
        **{name: incident[name] for name in _INCIDENT_FIELDS if name != "status"},
        status=Status.RESOLVED,
    )
    given = {name: row[name] for name in _SIGN_OFF_GIVEN}
    sign_off = seal.new_sign_off(snapshot, before, recorded_at=at, author_id=author, **given)
    row.update({name: getattr(sign_off, name) for name in _SIGN_OFF_FIELDS})


def _sign_off_fields(
    rng: random.Random,
    spec: ClientSpec,
    resolution: Resolution | None,
    signing: Signatures,
) -> dict[str, Any]:
    """The client's sign-off as the sign-off screen collects it (the seal comes later)."""
    lang = spec.language
    if rng.random() < REFUSAL_SHARE:
        refusal = Refusal.REFUSED if rng.random() < 0.5 else Refusal.NOT_AVAILABLE
        name, role = rng.choice(spec.signers) if refusal is Refusal.REFUSED else ("", "")
        signature = signing.none
        outcome = None
        comment, reason = "", rng.choice(REFUSAL_REASONS[refusal][lang])
    else:
        refusal = None
        name, role = rng.choice(spec.signers)
        signature = signing.of(name)
        outcome = (
            SignOffOutcome.WORKAROUND
            if resolution is Resolution.WORKAROUND
            else SignOffOutcome.RESOLVED
        )
        comment = (
            rng.choice(SIGN_OFF_COMMENTS[outcome][lang]) if rng.random() < COMMENT_SHARE else ""
        )
        reason = ""
    return {
        "outcome": outcome,
        "refusal": refusal,
        "signer_name": name,
        "signer_role": role,
        "comment": comment,
        "reason": reason,
        "strokes": signature.strokes,
        "signature_sha256": signature.sha256,
    }


_TIMED = {
    Status.TRAVELLING: TimeKind.TRAVEL,
    Status.ON_SITE: TimeKind.ON_SITE,
    Status.WAITING_FOR_CLIENT: TimeKind.WAITING,
}


def _place(
    events: list[tuple[float, str, uuid.UUID, dict[str, Any] | None]],
    rng: random.Random,
    items: list[tuple[str, uuid.UUID, dict[str, Any] | None]],
    start: float,
    end: float,
) -> bool:
    """Spread ``items`` in order over (start, end), leaving a margin at both ends."""
    if not items:
        return True
    lo, hi = start + 20.0, end - 20.0
    if hi - lo < 5.0 * len(items):
        return False  # too short to have done anything worth writing down
    times = sorted(rng.uniform(lo, hi) for _ in items)
    for at, (kind, eid, sub) in zip(times, items, strict=True):
        events.append((at, kind, eid, sub))
    return True


def _on_site_work(
    items: list[tuple[str, uuid.UUID, dict[str, Any] | None]],
    rng: random.Random,
    plan: Plan,
    text: Text,
    spares: list[Part],
    covered: bool,
) -> bool:
    """Notes, actions, swaps and part usages of one stay on site; True if a swap is temporary."""
    rich = plan.busy
    n_notes = (3 if rich else 1) + (rng.random() < 0.4)
    for j in range(n_notes):
        if j == 0 and rich:
            items.append(text.log_note("oracle_alert"))
        elif rng.random() < 0.35:
            items.append(text.log_note(None))
        elif plan.category in NOTES_BY_CATEGORY and rng.random() < 0.3:
            items.append(text.note(NOTES_BY_CATEGORY[plan.category]))
        else:
            items.append(text.note(NOTES_ON_SITE))
        if text.profile.files and rng.random() < (0.7 if rich else 0.08):
            note_id = items[-1][1]
            blob = rng.choice(text.profile.files)
            attachment = {
                "note_id": note_id if rng.random() < 0.8 else None,
                "sha256": blob.sha256,
                "filename": blob.filename,
                "media_type": blob.media_type,
                "size": blob.size,
            }
            items.append(("attachment", new_id(), attachment))
    temporary = False
    if rich or rng.random() < SWAP_CHANCE[plan.category]:
        part = rng.choice(text.profile.spares)
        if rich:
            part = next(p for p in spares if p.spec.part_number == "02351LWK")
        temporary = rng.random() < 0.35
        slot = rng.choice(SLOTS[part.spec.kind])
        removed = serial_number(rng, part.spec.serial)
        installed = serial_number(rng, part.spec.serial)
        swap = {
            "removed_part": part.spec.description,
            "removed_serial": removed,
            "installed_part": part.spec.description,
            "installed_serial": installed if installed != removed else installed + "A",
            "temporary": temporary,
            "note": rng.choice(SWAP_NOTES[text.pick_lang()]).format(slot=slot),
        }
        items.append(text.action(covered, ActionKind.TEMPORARY_HARDWARE if temporary else None))
        items.append(("swap", new_id(), swap))
        if rich or rng.random() < 0.7:
            items.append(("part_usage", new_id(), {"part_id": part.id, "quantity": 1}))
    elif plan.category in (SystemCategory.NETWORK, SystemCategory.STORAGE) and rng.random() < 0.1:
        cable = rng.choice([p for p in spares if p.spec.kind == "cable"])
        items.append(("part_usage", new_id(), {"part_id": cable.id, "quantity": rng.randint(1, 2)}))
    n_actions = (3 if rich else 1) + (rng.random() < 0.45)
    for _ in range(n_actions):
        items.append(text.action(covered, None))
    return temporary
