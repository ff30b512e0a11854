"""Half-written entries that survive the app being killed.

A draft is a small JSON document per (incident, form), written atomically to the data
folder's ``drafts/`` on every pause in typing. The entry forms offer drafts back when they
open, and the app lists them on the next start. Saving the entry discards its draft.

With the store's key (an encrypted store) a draft is sealed (:mod:`desktop.store.sealed`):
half a note is the client's words as much as a saved one.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.private import private_dir
from desktop.store import sealed

log = logging.getLogger("fieldbook.drafts")


@dataclass(frozen=True, slots=True)
class Draft:
    incident_id: uuid.UUID
    form: str
    fields: dict[str, Any]
    saved_at: datetime


class DraftStore:
    def __init__(self, data_dir: Path, key: bytes | None = None) -> None:
        self.root = data_dir / "drafts"
        self._key = sealed.file_key(key, "drafts") if key is not None else None

    def _encode(self, path: Path, document: dict[str, Any]) -> bytes:
        data = json.dumps(document, ensure_ascii=False).encode("utf-8")
        return data if self._key is None else sealed.seal_bytes(self._key, path.name, data)

    def _decode(self, path: Path) -> str:
        if self._key is not None and sealed.is_sealed(path):
            return sealed.read_all(path, self._key, path.name).decode("utf-8")
        return path.read_text(encoding="utf-8")

    def seal_plain(self) -> int:
        """Seal the drafts an older Fieldbook left plain (converting a folder)."""
        from desktop.store.cipher import shred

        if self._key is None or not self.root.is_dir():
            return 0
        count = 0
        for path in sorted(self.root.glob("*.json")):
            if sealed.is_sealed(path):
                continue
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                shred(path)
                continue
            plain = path.with_name(f".plain-{path.name}")
            path.replace(plain)
            self._write(path, document)
            shred(plain)
            count += 1
        for stray in self.root.glob(".draft-*"):
            shred(stray)
        return count

    def _path(self, incident_id: uuid.UUID, form: str) -> Path:
        if not form.isidentifier():
            raise ValueError(f"not a form name: {form!r}")
        return self.root / f"{incident_id}.{form}.json"

    def save(self, incident_id: uuid.UUID, form: str, fields: dict[str, Any]) -> None:
        """Write the draft so that a crash leaves either the old or the new one whole."""
        if not any(v not in ("", None, False, 0, [], {}) for v in fields.values()):
            self.discard(incident_id, form)
            return
        private_dir(self.root)
        document = {
            "incident_id": str(incident_id),
            "form": form,
            "saved_at": datetime.now(UTC).isoformat(),
            "fields": fields,
        }
        self._write(self._path(incident_id, form), document)

    def _write(self, target: Path, document: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".draft-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(self._encode(target, document))
                out.flush()
                os.fsync(out.fileno())
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load(self, incident_id: uuid.UUID, form: str) -> Draft | None:
        return self._read(self._path(incident_id, form))

    def discard(self, incident_id: uuid.UUID, form: str) -> None:
        self._path(incident_id, form).unlink(missing_ok=True)

    def all(self) -> list[Draft]:
        """Every readable draft, oldest first; unreadable files are logged and skipped."""
        if not self.root.is_dir():
            return []
        drafts = [d for p in sorted(self.root.glob("*.json")) if (d := self._read(p))]
        return sorted(drafts, key=lambda d: d.saved_at)

    def _read(self, path: Path) -> Draft | None:
        try:
            document = json.loads(self._decode(path))
            return Draft(
                incident_id=uuid.UUID(document["incident_id"]),
                form=str(document["form"]),
                fields=dict(document["fields"]),
                saved_at=datetime.fromisoformat(document["saved_at"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("ignoring unreadable draft %s: %s", path, error)
            return None
