"""What a sync did, as the window and the command line report it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sync.protocol import PullResponse

#: Called with (stage, done, total or None): stages "push", "blobs", "pull".
Progress = Callable[[str, int, int | None], None]


@dataclass
class SyncHooks:
    """Test seams: ``before_page_commit`` runs inside a page's transaction."""

    before_page_commit: Callable[[PullResponse], None] | None = None


@dataclass
class SyncReport:
    applied: int = 0
    already_applied: int = 0
    rejected: int = 0  # rejected by this sync
    blobs_uploaded: int = 0
    blobs_waiting: list[str] = field(default_factory=list)  # missing here and on the server
    blobs_downloaded: int = 0  # files of incidents held here, fetched
    blobs_not_on_server: list[str] = field(default_factory=list)  # not uploaded by their maker
    blobs_forgotten: int = 0  # files no entry here names any more, removed
    pages: int = 0
    changes: int = 0
    removed: int = 0  # incidents dropped (reassigned, or gone after a full download)
    purged: int = 0  # closed incidents past the office's retention period, dropped
    reset: bool = False
    new_client_id: bool = False
    resent_from: int | None = None  # a server that forgot mutations got them again
    warnings: list[str] = field(default_factory=list)
    pending_left: int = 0
    rejected_total: int = 0  # rejected rows the technician has not dealt with
    set_aside: int = 0  # pulled records this laptop could not store (set aside, shown)
    refreshed: int = 0  # incidents dropped to download again (a refused change let go)
    clock_offset: timedelta | None = None  # the service's clock minus this laptop's

    @property
    def changed_anything(self) -> bool:
        """Whether the windows have something new to show: changes pulled or files fetched,
        mutations applied or refused, incidents removed or set to download again."""
        return bool(
            self.changes
            or self.applied
            or self.already_applied
            or self.rejected
            or self.removed
            or self.reset
            or self.set_aside
            or self.refreshed
            or self.blobs_downloaded
            or self.blobs_forgotten
        )

    @property
    def complete(self) -> bool:
        """Everything went through: nothing pending, refused, set aside or waiting for bytes."""
        return (
            not self.pending_left
            and not self.rejected_total
            and not self.blobs_waiting
            and not self.set_aside
        )
