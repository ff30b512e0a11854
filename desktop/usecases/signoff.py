"""The client's sign-off: it seals the incident as it stood, and the seal is checked later.

What is sealed: the incident exactly as the client saw it before signing (status
"resolved", before the signature moves it on) and every entry recorded on it up to that
moment, voided ones and voids included. The sign-off stores the seal, the seal format
and the ids of the entries it covers, so the same record can be sealed again byte for
byte whenever it is checked, whatever is recorded later.

Not sealed: the sign-off itself (it *is* the seal), the status change to "signed off" it
causes, and whatever comes after: addenda, shown apart on the report.

A refusal (the client will not sign, or nobody is there to) is recorded the same way and
seals the record too: the incident moves to "signed off" with the refusal and its reason
instead of a signature, so the report can still be handed over and checked later.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, with_polymorphic

from desktop.store import mapping
from desktop.store.cipher import shred
from desktop.store.db import Store
from desktop.store.models import ENTRY_ROWS, EntryRow, IncidentRow, SignOffRow
from desktop.usecases.common import (
    NAME_MAX,
    TEXT_MAX,
    Changed,
    Recording,
    StoreRecord,
    choice,
    find_incident,
    one_line,
    record_entry,
    text,
)
from desktop.usecases.errors import InvalidValue, UseCaseError
from desktop.usecases.incidents import transition
from domain import rules
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import (
    Entry,
    Refusal,
    SignOff,
    SignOffOutcome,
    Status,
    Stroke,
)
from domain.seal import (
    SEAL_FORMAT,
    SEAL_FORMATS,
    Difference,
    SealedRecord,
    compare_manifests,
    new_sign_off,
    seal_hash,
    seal_manifest,
    split_sealed,
)
from domain.signature import normalised, signature_problem


class UnusableSignature(UseCaseError):
    """The signature is empty or too slight to be one (the rule is in the domain)."""

    def __init__(self, template: str) -> None:
        super().__init__(template, "signature")


def sign_off(
    store: Store,
    incident: str | uuid.UUID,
    *,
    signer_name: str,
    signer_role: str,
    outcome: SignOffOutcome | str,
    strokes: Iterable[Iterable[Sequence[int | None]]],
    comment: str = "",
    now: datetime | None = None,
) -> Changed:
    """The client signs: seal the resolved ``incident`` and move it to "signed off".

    ``strokes`` are the pad's :meth:`strokes` (points of ``(x, y, t, pressure)`` whole
    numbers); they are kept as vectors and drawn once to a PNG stored among the blobs.
    """
    name = one_line(
        signer_name,
        "signer_name",
        QT_TRANSLATE_NOOP("UseCaseError", "The signer's name"),
        limit=NAME_MAX,
    )
    role = one_line(
        signer_role,
        "signer_role",
        QT_TRANSLATE_NOOP("UseCaseError", "The signer's role"),
        limit=NAME_MAX,
    )
    confirmed = choice(
        SignOffOutcome, outcome, "outcome", QT_TRANSLATE_NOOP("UseCaseError", "The outcome")
    )
    remark = text(
        comment,
        "comment",
        QT_TRANSLATE_NOOP("UseCaseError", "The comment"),
        limit=TEXT_MAX,
        required=False,
    )
    try:
        ink = normalised(strokes)
    except (TypeError, ValueError) as error:
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "The signature could not be read: {reason}"),
            "signature",
            reason=str(error),
        ) from error
    problem = signature_problem(ink)
    if problem is not None:
        raise UnusableSignature(problem.template)
    sha = store_signature_png(store, ink)
    return _seal(
        store,
        incident,
        now,
        outcome=confirmed,
        refusal=None,
        signer_name=name,
        signer_role=role,
        comment=remark,
        reason="",
        strokes=ink,
        signature_sha256=sha,
    )


def record_refusal(
    store: Store,
    incident: str | uuid.UUID,
    *,
    refusal: Refusal | str,
    reason: str,
    signer_name: str = "",
    signer_role: str = "",
    now: datetime | None = None,
) -> Changed:
    """No signature: the client refuses, or nobody is available. Seals all the same.

    ``signer_name`` and ``signer_role`` name who refused, when someone did.
    """
    why_not = choice(Refusal, refusal, "refusal", QT_TRANSLATE_NOOP("UseCaseError", "The refusal"))
    why = text(reason, "reason", QT_TRANSLATE_NOOP("UseCaseError", "The reason"), limit=TEXT_MAX)
    name = one_line(
        signer_name,
        "signer_name",
        QT_TRANSLATE_NOOP("UseCaseError", "The signer's name"),
        limit=NAME_MAX,
        required=False,
    )
    role = one_line(
        signer_role,
        "signer_role",
        QT_TRANSLATE_NOOP("UseCaseError", "The signer's role"),
        limit=NAME_MAX,
        required=False,
    )
    return _seal(
        store,
        incident,
        now,
        outcome=None,
        refusal=why_not,
        signer_name=name,
        signer_role=role,
        comment="",
        reason=why,
        strokes=(),
        signature_sha256=None,
    )


def store_signature_png(store: Store, strokes: tuple[Stroke, ...]) -> str:
    """Draw ``strokes`` to the signature PNG, keep it among the blobs; its SHA-256."""
    from report.signature import render_signature_png

    data = render_signature_png(strokes)
    store.data_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=store.data_dir, prefix=".signature-", suffix=".png")
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        sha, _ = store.blobs.put_file(path)
    finally:
        with contextlib.suppress(OSError):
            shred(path)
    return sha


def _seal(
    store: Store,
    ref: str | uuid.UUID,
    now: datetime | None,
    *,
    outcome: SignOffOutcome | None,
    refusal: Refusal | None,
    signer_name: str,
    signer_role: str,
    comment: str,
    reason: str,
    strokes: tuple[Stroke, ...],
    signature_sha256: str | None,
) -> Changed:
    def make(rec: Recording) -> None:
        # The write lock is held from here: nothing can be added between sealing and signing.
        snapshot = mapping.incident(rec.incident)
        entries = _entries(rec.session, snapshot.id)
        rules.check_signable(snapshot, StoreRecord(rec.session))
        signed = new_sign_off(
            snapshot,
            entries,
            recorded_at=rec.now,
            author_id=rec.author_id,
            outcome=outcome,
            refusal=refusal,
            signer_name=signer_name,
            signer_role=signer_role,
            comment=comment,
            reason=reason,
            strokes=strokes,
            signature_sha256=signature_sha256,
        )
        rec.add(signed)
        # After the sign-off in the outbox: the central service takes "signed off" only
        # from the sign-off that seals it.
        transition(rec, Status.SIGNED_OFF, None, signed=True)
        rec.log(
            "%s, sealed %d entries as %s",
            "signed off" if refusal is None else "not signed (refusal recorded)",
            len(entries),
            signed.seal,
        )

    # No check but the rulebook's on signing (:func:`rules.check_signable`).
    return record_entry(store, ref, make, now=now, check=None)


def _entries(session: Session, incident_id: uuid.UUID) -> list[Entry]:
    poly = with_polymorphic(EntryRow, list(ENTRY_ROWS.values()))
    rows = session.scalars(
        select(poly).where(poly.incident_id == incident_id).order_by(poly.recorded_at, poly.id)
    ).all()
    return mapping.entries(rows)


def sealed_record(store: Store, incident: str | uuid.UUID) -> SealedRecord | None:
    """The sign-off of ``incident`` and what it sealed; ``None`` if it is not signed off."""
    with store.read() as session:
        row = find_incident(session, incident)
        snapshot = mapping.incident(row)
        entries = _entries(session, row.id)
    return split_sealed(snapshot, entries)


def has_sign_off(store: Store, incident_id: uuid.UUID) -> bool:
    with store.read() as session:
        return (
            session.scalar(select(SignOffRow.id).where(SignOffRow.incident_id == incident_id))
            is not None
        )


@dataclass(frozen=True, slots=True)
class SealCheck:
    """How a seal carried by a report compares with the record in this data folder."""

    known: bool  # is the incident in this data folder at all?
    matches: bool
    reasons: tuple[str, ...] = ()  # in English, for the command line and the log
    differences: tuple[Difference, ...] = ()
    number: str = ""


def check_seal(
    store: Store,
    incident_id: uuid.UUID,
    seal: str,
    *,
    sealed: bool,
    manifest: Mapping[str, str] | None = None,
    seal_format: str = SEAL_FORMAT,
) -> SealCheck:
    """Compare ``seal`` (read from a report) with the record of ``incident_id``.

    ``sealed``: the report says it was made after the sign-off; otherwise it was a draft,
    whose hash covers the incident and all its entries as they were then, in the
    ``seal_format`` the report names. A sealed report is checked in its sign-off's format.
    """
    with store.read() as session:
        row = session.get(IncidentRow, incident_id)
        if row is None:
            return SealCheck(known=False, matches=False, reasons=("unknown incident",))
        snapshot = mapping.incident(row)
        entries = _entries(session, row.id)
    record = split_sealed(snapshot, entries)
    reasons: list[str] = []
    if sealed:
        if record is None:
            return SealCheck(
                known=True,
                matches=False,
                number=snapshot.number,
                reasons=("the record has no sign-off, but the report says it was signed off",),
            )
        current_incident, current_entries = record.incident, record.entries
        seal_format = record.sign_off.seal_format
        if record.sign_off.seal != seal:
            reasons.append(
                f"the report's seal {seal} is not the seal stored with the sign-off "
                f"({record.sign_off.seal})"
            )
        if record.missing:
            reasons.append(
                "sealed entries missing from the record: "
                + ", ".join(str(i) for i in record.missing)
            )
        if not record.verifiable:
            reasons.append(f"sealed with the unknown format {seal_format}")
        elif record.recomputed_seal() != record.sign_off.seal:
            reasons.append("the record no longer hashes to the seal stored with its sign-off")
    else:
        current_incident = snapshot
        current_entries = [e for e in entries if not isinstance(e, SignOff)]
    if seal_format not in SEAL_FORMATS:
        return SealCheck(
            known=True,
            matches=False,
            number=snapshot.number,
            reasons=(*reasons, f"the report's seal format {seal_format!r} is not known here"),
        )
    now_hash = seal_hash(current_incident, current_entries, seal_format)
    if now_hash != seal and not reasons:
        reasons.append("the record no longer hashes to the report's seal")
    differences: tuple[Difference, ...] = ()
    if manifest is not None and (reasons or now_hash != seal):
        differences = tuple(
            compare_manifests(
                manifest, seal_manifest(current_incident, current_entries, seal_format)
            )
        )
    if not sealed and record is not None:
        reasons.append("the incident was signed off after this draft report was made")
    matches = not reasons and now_hash == seal
    return SealCheck(
        known=True,
        matches=matches,
        reasons=tuple(reasons),
        differences=differences,
        number=snapshot.number,
    )
