"""Diagnostic notes and their attachments (logs, screenshots, photos)."""

from __future__ import annotations

import mimetypes
import os
import tempfile
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from desktop.store.cipher import shred
from desktop.store.db import Store
from desktop.store.models import NoteRow, VoidRow
from desktop.usecases.common import (
    NAME_MAX,
    NOTE_MAX,
    Changed,
    Recording,
    record_entry,
    text,
)
from desktop.usecases.errors import EmptyValue, InvalidValue, UnknownRecord
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import Attachment, DiagnosticNote, Entry
from report.excerpt import full_text_name, is_long

_CTX = "UseCaseError"

ATTACHMENT_MAX_BYTES = 512 * 1024 * 1024


def add_note(
    store: Store,
    incident: str | uuid.UUID,
    note: str,
    *,
    preformatted: bool = False,
    attachments: Sequence[Path] = (),
    now: datetime | None = None,
) -> Changed:
    """Record what was found; pasted logs are kept monospace with ``preformatted``.

    A long note (:func:`report.excerpt.is_long`) keeps its full text as an attached file
    too, in the same transaction: the client's report prints its head and tail and names
    that file.
    """
    body = text(
        note,
        "text",
        QT_TRANSLATE_NOOP("UseCaseError", "The note"),
        limit=NOTE_MAX,
        required=not attachments,
    )
    if not isinstance(preformatted, bool):
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "Say whether the note is plain text or a log."),
            "preformatted",
        )
    files = [_checked_file(p) for p in attachments]
    stored = [(p, *store.blobs.put_file(p)) for p in files]
    full_text = _keep_full_text(store, body) if is_long(body) else None

    def make(rec: Recording) -> list[Entry]:
        entry = DiagnosticNote(**rec.stamp(), text=body, preformatted=preformatted)
        made: list[Entry] = [entry]
        if full_text is not None:
            # The report cuts a long note to its head and tail and names this file.
            name = full_text_name(rec.incident.number, rec.now, log=preformatted)
            made.append(_attachment(rec, entry.id, Path(name), *full_text))
        made += [_attachment(rec, entry.id, path, sha, size) for path, sha, size in stored]
        rec.log("note with %d attachment(s)", len(stored))
        return made

    return record_entry(store, incident, make, now=now)


def attach(
    store: Store,
    incident: str | uuid.UUID,
    files: Sequence[Path],
    *,
    note_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Changed:
    """Attach files to ``incident`` (to one of its notes with ``note_id``)."""
    if not files:
        raise EmptyValue("files", QT_TRANSLATE_NOOP("UseCaseError", "The list of files"))
    checked = [_checked_file(p) for p in files]
    stored = [(p, *store.blobs.put_file(p)) for p in checked]

    def make(rec: Recording) -> list[Attachment]:
        if note_id is not None:
            note = rec.session.get(NoteRow, note_id)
            if note is None or note.incident_id != rec.incident.id:
                raise UnknownRecord(QT_TRANSLATE_NOOP("UseCaseError", "note"), str(note_id), "note")
            if rec.session.scalar(select(VoidRow.id).where(VoidRow.voided_id == note_id)):
                raise InvalidValue(
                    QT_TRANSLATE_NOOP(
                        "UseCaseError", "That note was voided; attach to the incident."
                    ),
                    "note",
                )
        rec.log("%d attachment(s)", len(stored))
        return [_attachment(rec, note_id, path, sha, size) for path, sha, size in stored]

    return record_entry(store, incident, make, now=now)


def _attachment(
    rec: Recording, note_id: uuid.UUID | None, path: Path, sha: str, size: int
) -> Attachment:
    return Attachment(
        **rec.stamp(),
        note_id=note_id,
        sha256=sha,
        filename=path.name[:NAME_MAX],
        media_type=_media_type(path),
        size=size,
    )


def _keep_full_text(store: Store, body: str) -> tuple[str, int]:
    """Store a long note's text as a blob of its own (UTF-8); its SHA-256 and size."""
    store.blobs.root.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=store.blobs.root, prefix=".note-")
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body.encode("utf-8"))
        return store.blobs.put_file(path)
    finally:
        shred(path)  # the plain text overwritten: it is sealed among the blobs now


# Logs and traces a technician attaches; mimetypes does not know them.
_TEXT_SUFFIXES = frozenset({".log", ".trc", ".out", ".err", ".cfg", ".conf"})


def _media_type(path: Path) -> str:
    if path.suffix.lower() in _TEXT_SUFFIXES:
        return "text/plain"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _checked_file(path: Path) -> Path:
    if not path.exists():
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "The file {path} does not exist."),
            "files",
            path=str(path),
        )
    if not path.is_file():
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "{path} is not a file."), "files", path=str(path)
        )
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as error:
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "The file {path} cannot be read: {reason}"),
            "files",
            path=str(path),
            reason=error.strerror or str(error),
        ) from error
    if size == 0:
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "The file {path} is empty."), "files", path=str(path)
        )
    if size > ATTACHMENT_MAX_BYTES:
        raise InvalidValue(
            QT_TRANSLATE_NOOP("UseCaseError", "The file {path} is larger than {limit} MB."),
            "files",
            path=str(path),
            limit=ATTACHMENT_MAX_BYTES // (1024 * 1024),
        )
    return path
