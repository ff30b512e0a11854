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
from sqlalchemy.orm import Session

from desktop.store.cipher import shred
from desktop.store.db import Store
from desktop.store.models import NoteRow, VoidRow
from desktop.usecases.common import (
    NAME_MAX,
    NOTE_MAX,
    Changed,
    append,
    author,
    find_incident,
    log,
    moment,
    text,
    writable,
)
from desktop.usecases.errors import EmptyValue, InvalidValue, UnknownRecord
from domain.ids import new_id
from domain.messages import QT_TRANSLATE_NOOP
from domain.records import Attachment, DiagnosticNote
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
    now = moment(store, now)
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
    with store.write() as session:
        row = writable(find_incident(session, incident))
        me = author(session)
        entry = DiagnosticNote(
            id=new_id(),
            incident_id=row.id,
            recorded_at=now,
            author_id=me,
            text=body,
            preformatted=preformatted,
        )
        append(session, entry, now)
        ids = [entry.id]
        if full_text is not None:
            # The report cuts a long note to its head and tail and names this file.
            name = full_text_name(row.number, now, log=preformatted)
            ids.append(_attach(session, row.id, entry.id, Path(name), *full_text, me, now))
        for path, sha, size in stored:
            ids.append(_attach(session, row.id, entry.id, path, sha, size, me, now))
        row.updated_at = now
        log.info("%s: note with %d attachment(s)", row.number, len(stored))
        return Changed(incident_ids=frozenset({row.id}), entry_ids=tuple(ids))


def attach(
    store: Store,
    incident: str | uuid.UUID,
    files: Sequence[Path],
    *,
    note_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Changed:
    """Attach files to ``incident`` (to one of its notes with ``note_id``)."""
    now = moment(store, now)
    if not files:
        raise EmptyValue("files", QT_TRANSLATE_NOOP("UseCaseError", "The list of files"))
    checked = [_checked_file(p) for p in files]
    stored = [(p, *store.blobs.put_file(p)) for p in checked]
    with store.write() as session:
        row = writable(find_incident(session, incident))
        if note_id is not None:
            note = session.get(NoteRow, note_id)
            if note is None or note.incident_id != row.id:
                raise UnknownRecord(QT_TRANSLATE_NOOP("UseCaseError", "note"), str(note_id), "note")
            if session.scalar(select(VoidRow.id).where(VoidRow.voided_id == note_id)):
                raise InvalidValue(
                    QT_TRANSLATE_NOOP(
                        "UseCaseError", "That note was voided; attach to the incident."
                    ),
                    "note",
                )
        me = author(session)
        ids = tuple(
            _attach(session, row.id, note_id, path, sha, size, me, now)
            for path, sha, size in stored
        )
        row.updated_at = now
        log.info("%s: %d attachment(s)", row.number, len(ids))
        return Changed(incident_ids=frozenset({row.id}), entry_ids=ids)


def _attach(
    session: Session,
    incident_id: uuid.UUID,
    note_id: uuid.UUID | None,
    path: Path,
    sha: str,
    size: int,
    me: uuid.UUID | None,
    now: datetime,
) -> uuid.UUID:
    media_type = _media_type(path)
    entry = Attachment(
        id=new_id(),
        incident_id=incident_id,
        recorded_at=now,
        author_id=me,
        note_id=note_id,
        sha256=sha,
        filename=path.name[:NAME_MAX],
        media_type=media_type,
        size=size,
    )
    append(session, entry, now)
    return entry.id


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
