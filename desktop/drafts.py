"""Half-written entries that survive the app being killed.

A draft is a small JSON document per (incident, form), written atomically to the data
folder's ``drafts/`` on every pause in typing. The entry forms offer drafts back when they
open, and the app lists them on the next start. Saving the entry discards its draft.
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

log = logging.getLogger("fieldbook.drafts")


@dataclass(frozen=True, slots=True)
class Draft:
    incident_id: uuid.UUID
    form: str
    fields: dict[str, Any]
    saved_at: datetime


class DraftStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "drafts"

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
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".draft-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(document, out, ensure_ascii=False)
                out.flush()
                os.fsync(out.fileno())
            Path(tmp).replace(self._path(incident_id, form))
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
            document = json.loads(path.read_text(encoding="utf-8"))
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
