"""SQLAlchemy models of the laptop's store.

Column names follow the field names of :mod:`domain.records`, so rows convert to
domain values by name (:mod:`desktop.store.mapping`). Entries use joined-table
inheritance: ``entries`` holds what every entry has, one table per kind holds the rest,
and a :class:`VoidRow` can point at any entry with a real foreign key. The migration adds
triggers that make every entry table append-only.
"""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from desktop.store.types import UTCDateTime
from domain.records import (
    ActionKind,
    ActionResult,
    Channel,
    Priority,
    Refusal,
    Resolution,
    SignaturePoint,
    SignOffOutcome,
    Status,
    Stroke,
    SystemCategory,
    TimeKind,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
        str: Text(),
        # Enums are stored by value ("on_site"), as plain strings: adding a value later
        # needs no migration of a constraint.
        enum.Enum: Enum(
            enum.Enum,
            native_enum=False,
            length=32,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
        ),
    }


class MetaRow(Base):
    """Facts about this install: its sync ``client_id``, the signed-in technician."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str]


# --- reference data from the central service ----------------------------------------


class TechnicianRow(Base):
    __tablename__ = "technicians"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str]
    username: Mapped[str] = mapped_column(unique=True)


class ClientRow(Base):
    __tablename__ = "clients"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str]
    language: Mapped[str] = mapped_column(String(8), default="en")
    address: Mapped[str] = mapped_column(default="")
    #: The client's contact for service reports ("" unknown): "Send to the client" fills it.
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")


class ContractRow(Base):
    __tablename__ = "contracts"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    number: Mapped[str] = mapped_column(unique=True)
    pause_allowed: Mapped[bool] = mapped_column(default=False)
    # Action kinds this contract does not cover, as a sorted list of ActionKind values.
    exclusions: Mapped[list[str]] = mapped_column(JSON)
    # The client's IANA time zone, from the service; "": not set (this laptop's zone).
    time_zone: Mapped[str] = mapped_column(default="", server_default="")

    client: Mapped[ClientRow] = relationship()
    targets: Mapped[list[SlaTargetRow]] = relationship(
        order_by="SlaTargetRow.priority", cascade="all, delete-orphan"
    )
    systems: Mapped[list[CoveredSystemRow]] = relationship(
        order_by="CoveredSystemRow.name", cascade="all, delete-orphan"
    )


class SlaTargetRow(Base):
    """One priority's targets in a contract, in minutes; NULL: no target."""

    __tablename__ = "sla_targets"
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), primary_key=True)
    priority: Mapped[Priority] = mapped_column(primary_key=True)
    respond_minutes: Mapped[int | None]
    resolve_minutes: Mapped[int | None]


class CoveredSystemRow(Base):
    """A system in a contract's Annex 1."""

    __tablename__ = "covered_systems"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    name: Mapped[str]
    category: Mapped[SystemCategory]
    location: Mapped[str] = mapped_column(default="")


class SparePartRow(Base):
    __tablename__ = "spare_parts"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    part_number: Mapped[str] = mapped_column(unique=True)
    description: Mapped[str]


class VanStockRow(Base):
    """The central service's figure for this technician's van; local uses come off it."""

    __tablename__ = "van_stock"
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spare_parts.id"), primary_key=True)
    on_hand: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[datetime]

    part: Mapped[SparePartRow] = relationship()


# --- incidents ----------------------------------------------------------------------


class IncidentRow(Base):
    __tablename__ = "incidents"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    system_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("covered_systems.id"))
    system_name: Mapped[str]
    priority: Mapped[Priority]
    channel: Mapped[Channel]
    title: Mapped[str]
    description: Mapped[str] = mapped_column(default="")
    notified_at: Mapped[datetime]
    status: Mapped[Status] = mapped_column(index=True)
    responded_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[Resolution | None]
    assigned_to: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("technicians.id"))
    # When this laptop last changed the row (its own clock): display and sorting only.
    updated_at: Mapped[datetime]
    # The laptop's time of the last sync that carried a change of it (retention, purge).
    synced_at: Mapped[datetime | None]

    client: Mapped[ClientRow] = relationship()
    contract: Mapped[ContractRow] = relationship()
    system: Mapped[CoveredSystemRow | None] = relationship()


# --- append-only entries ------------------------------------------------------------


class EntryRow(Base):
    __tablename__ = "entries"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    incident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incidents.id"))
    kind: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime]
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("technicians.id"))

    __table_args__ = (
        Index(None, "incident_id", "recorded_at"),
        Index(None, "kind"),
        # An incident is signed off once (migration 0002).
        Index(
            "uq_entries_one_sign_off",
            "incident_id",
            unique=True,
            sqlite_where=text("kind = 'sign_off'"),
        ),
    )
    __mapper_args__ = {
        "polymorphic_on": "kind",
        "polymorphic_identity": "entry",
    }


def _entry_fk() -> Mapped[uuid.UUID]:
    return mapped_column(ForeignKey("entries.id"), primary_key=True)


class NoteRow(EntryRow):
    __tablename__ = "note_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    text: Mapped[str]
    preformatted: Mapped[bool] = mapped_column(default=False)
    __mapper_args__ = {"polymorphic_identity": "note"}


class AttachmentRow(EntryRow):
    __tablename__ = "attachment_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    note_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("note_entries.id"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str]
    media_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int]
    __mapper_args__ = {
        "polymorphic_identity": "attachment",
        "inherit_condition": id == EntryRow.id,
    }


class ActionRow(EntryRow):
    __tablename__ = "action_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    action_kind: Mapped[ActionKind]
    description: Mapped[str]
    result: Mapped[ActionResult]
    result_detail: Mapped[str] = mapped_column(default="")
    out_of_scope: Mapped[bool] = mapped_column(default=False)
    __mapper_args__ = {"polymorphic_identity": "action"}


class SwapRow(EntryRow):
    __tablename__ = "swap_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    removed_part: Mapped[str]
    removed_serial: Mapped[str] = mapped_column(index=True)
    installed_part: Mapped[str]
    installed_serial: Mapped[str] = mapped_column(index=True)
    temporary: Mapped[bool]
    note: Mapped[str] = mapped_column(default="")
    __mapper_args__ = {"polymorphic_identity": "swap"}


class PartUsageRow(EntryRow):
    __tablename__ = "part_usage_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spare_parts.id"), index=True)
    quantity: Mapped[int]
    __mapper_args__ = {"polymorphic_identity": "part_usage"}


class TimeRow(EntryRow):
    __tablename__ = "time_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    time_kind: Mapped[TimeKind]
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    __mapper_args__ = {"polymorphic_identity": "time"}


class ClockPauseRow(EntryRow):
    __tablename__ = "clock_pause_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    reason: Mapped[str]
    __mapper_args__ = {"polymorphic_identity": "clock_pause"}


class ClockResumeRow(EntryRow):
    # Nothing beyond the common columns: single-table on ``entries``.
    __mapper_args__ = {"polymorphic_identity": "clock_resume"}


class StatusRow(EntryRow):
    __tablename__ = "status_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    from_status: Mapped[Status]
    to_status: Mapped[Status]
    resolution: Mapped[Resolution | None]
    reason: Mapped[str] = mapped_column(default="", server_default="")
    __mapper_args__ = {"polymorphic_identity": "status"}


class PriorityRow(EntryRow):
    """Dispatch changed the priority (it arrives with a pull; laptops never make one)."""

    __tablename__ = "priority_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    from_priority: Mapped[Priority]
    to_priority: Mapped[Priority]
    reason: Mapped[str]
    __mapper_args__ = {"polymorphic_identity": "priority"}


class AssignmentRow(EntryRow):
    """Dispatch gave the incident to a technician, or to nobody (it arrives with a pull)."""

    __tablename__ = "assignment_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    # People the office names; not foreign keys: a pull may name someone this laptop
    # never holds as a record.
    from_technician: Mapped[uuid.UUID | None]
    to_technician: Mapped[uuid.UUID | None]
    reason: Mapped[str] = mapped_column(default="")
    __mapper_args__ = {"polymorphic_identity": "assignment"}


class VoidRow(EntryRow):
    __tablename__ = "void_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    # An entry is voided at most once.
    voided_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"), unique=True)
    reason: Mapped[str]
    __mapper_args__ = {
        "polymorphic_identity": "void",
        "inherit_condition": id == EntryRow.id,
    }


class StrokesJSON(TypeDecorator[tuple[Stroke, ...]]):
    """Signature strokes as compact JSON: ``[[[x, y, t, pressure|null], ...], ...]``."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return [[list(p) for p in stroke] for stroke in value]

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[Stroke, ...] | None:
        if value is None:
            return None
        return tuple(tuple(SignaturePoint(*p) for p in stroke) for stroke in value)


class UuidListJSON(TypeDecorator[tuple[uuid.UUID, ...]]):
    """Ids as a JSON list of 32-digit hex strings: the form ``Uuid`` columns hold on SQLite,
    so a trigger can compare them with ``json_each``."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return [uuid.UUID(str(v)).hex for v in value]

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[uuid.UUID, ...] | None:
        if value is None:
            return None
        return tuple(uuid.UUID(hex=v) for v in value)


class PayloadJSON(TypeDecorator[dict[str, Any]]):
    """A mutation's payload as compact JSON in UTF-8. A push splices it into its body as
    stored (:func:`desktop.syncing.push.push_body`): with the JSON type's default escapes,
    a Chinese note would travel in twice its bytes. Rows stored before (escaped, spaced)
    are JSON all the same and read back equal."""

    impl = JSON
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], str]:
        def process(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

        return process


class SignOffRow(EntryRow):
    """The client's sign-off (or refusal) and its seal (:class:`domain.records.SignOff`).

    The migration's triggers refuse a second sign-off on an incident, a void of a sealed
    entry, and any change to the incident fields that were sealed.
    """

    __tablename__ = "sign_off_entries"
    id: Mapped[uuid.UUID] = _entry_fk()
    outcome: Mapped[SignOffOutcome | None]
    refusal: Mapped[Refusal | None]
    signer_name: Mapped[str] = mapped_column(default="")
    signer_role: Mapped[str] = mapped_column(default="")
    comment: Mapped[str] = mapped_column(default="")
    reason: Mapped[str] = mapped_column(default="")
    strokes: Mapped[tuple[Stroke, ...]] = mapped_column(StrokesJSON())
    signature_sha256: Mapped[str | None] = mapped_column(String(64))
    seal: Mapped[str] = mapped_column(String(64), index=True)
    seal_format: Mapped[str] = mapped_column(String(40))
    sealed_entry_ids: Mapped[tuple[uuid.UUID, ...]] = mapped_column(UuidListJSON())
    __mapper_args__ = {"polymorphic_identity": "sign_off"}


ENTRY_ROWS: dict[str, type[EntryRow]] = {
    cls.__mapper_args__["polymorphic_identity"]: cls
    for cls in (
        NoteRow,
        AttachmentRow,
        ActionRow,
        SwapRow,
        PartUsageRow,
        TimeRow,
        ClockPauseRow,
        ClockResumeRow,
        StatusRow,
        PriorityRow,
        AssignmentRow,
        VoidRow,
        SignOffRow,
    )
}

#: Tables whose rows may never change or disappear once written.
APPEND_ONLY_TABLES: tuple[str, ...] = (
    "entries",
    *(cls.__tablename__ for cls in ENTRY_ROWS.values() if "__tablename__" in cls.__dict__),
)


# --- the outbox ---------------------------------------------------------------------


class OutboxState(enum.StrEnum):
    PENDING = "pending"  # not yet acknowledged by the central service
    APPLIED = "applied"  # the service applied it (or had already)
    REJECTED = "rejected"  # refused for good; kept until the technician deals with it
    DISCARDED = "discarded"  # a rejected one the technician let go; kept for the record


class OutboxRow(Base):
    """One mutation to push, written in the same transaction as the change it describes.

    ``seq`` orders the outbox (SQLite's AUTOINCREMENT never reuses a number). ``owner`` is
    the technician who recorded it: only their sign-in sends it (a shared laptop never
    sends, shows or drops another's work); None until someone signs in. ``client_id`` and
    ``wire_seq`` are the stream and number it is sent under, handed out when it is first
    sent (:class:`SyncStreamRow`) and kept for every retry.
    """

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner: Mapped[uuid.UUID | None] = mapped_column(index=True)
    client_id: Mapped[uuid.UUID | None]
    wire_seq: Mapped[int | None] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(40))
    incident_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    entry_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(PayloadJSON())
    created_at: Mapped[datetime]
    state: Mapped[OutboxState] = mapped_column(default=OutboxState.PENDING)
    # Rejected: the server's message for the technician (``reason``), its reject code and,
    # on a status conflict, the status the server holds.
    reason: Mapped[str | None]
    code: Mapped[str | None] = mapped_column(String(32))
    current_status: Mapped[str | None] = mapped_column(String(32))
    # Rejected: the refusal as the rulebook wrote it, translatable (sync.protocol.Explanation).
    explanation: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (
        Index(None, "state", "seq"),
        Index(None, "client_id", "wire_seq"),
        {"sqlite_autoincrement": True},
    )


# --- sync bookkeeping (desktop.syncing) -------------------------------------------------


class SyncStateRow(Base):
    """The one row (id 1) of where this laptop stands with the central service.

    ``seq_base``: an outbox row's number on the wire is ``seq - seq_base`` (a new client
    id numbers the pending rows from 1 again without rewriting them). ``acked`` is the
    highest wire number the server acknowledged, to notice a server restored from a
    backup that forgot some. ``full_download``: a download from scratch (first sync or a
    ``reset``) is under way; the records it brought are listed in ``sync_seen``.
    """

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cursor: Mapped[str | None]
    full_download: Mapped[bool] = mapped_column(default=False)
    seq_base: Mapped[int] = mapped_column(Integer, default=0)
    acked: Mapped[int] = mapped_column(Integer, default=0)
    last_synced_at: Mapped[datetime | None]
    server_time: Mapped[datetime | None]


class SyncStreamRow(Base):
    """One technician's stream of mutation numbers from this laptop to the service.

    The service binds a client id to one technician and expects its numbers 1, 2, 3 …;
    each technician who signs in here sends under a stream of their own. ``last_seq``: the
    last number handed out; ``acked``: the highest the service acknowledged (to notice a
    service restored from a backup that forgot some).
    """

    __tablename__ = "sync_streams"
    owner: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    acked: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncSeenRow(Base):
    """A record a full download brought (the rest is dropped when the download ends)."""

    __tablename__ = "sync_seen"
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class SyncBlobRow(Base):
    """A blob the server said it lacks; removed once the upload completed."""

    __tablename__ = "sync_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)


class PlacementRow(Base):
    """Where the central service put an entry: its order of acceptance and its clock then.

    Filled by pulls (for this laptop's own entries too, once the service took them). An
    entry without one is not synced yet and counts after every placed one. Not an entry
    table: the service's answer may come again, and is kept as it last said.
    """

    __tablename__ = "entry_placements"
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    server_order: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime]


class SetAsideRow(Base):
    """A record a pull brought that this laptop cannot store beside its own (a void of an
    entry the client signed here, say), kept with the reason and shown to the technician
    beside the refused changes. Sync goes on past it; it is tried again after a full
    download."""

    __tablename__ = "sync_set_aside"
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    incident_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    server_order: Mapped[int | None] = mapped_column(BigInteger)
    received_at: Mapped[datetime | None]
    reason: Mapped[str]
    set_aside_at: Mapped[datetime]


class SyncRefreshRow(Base):
    """An incident to drop and download again from the office: a refused change the
    technician let go left this laptop's copy unlike the office's."""

    __tablename__ = "sync_refresh"
    incident_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class SyncRemovalRow(Base):
    """An incident the server took away while pending outbox rows still needed it."""

    __tablename__ = "sync_removals"
    incident_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


# --- the technician's own presets (never synced) ------------------------------------------


class ActionTemplateRow(Base):
    """A common action a technician saved to record again in one step ("restart the
    listener"). Local to this laptop, like drafts: not work on an incident, not synced."""

    __tablename__ = "action_templates"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    action_kind: Mapped[ActionKind]
    description: Mapped[str]
    result: Mapped[ActionResult | None]
    result_detail: Mapped[str] = mapped_column(default="")
    saved_at: Mapped[datetime]


class DeliveryRow(Base):
    """A report the technician asked the service to e-mail to the client ("Send to the
    client"), written with its outbox row (``outbox_seq``, ``report.send``). Pending
    there: "will be sent when you are online"; taken by the service: it renders and
    e-mails the report, and a pull brings ``sent_at`` (or the latest failure)."""

    __tablename__ = "report_deliveries"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    incident_id: Mapped[uuid.UUID] = mapped_column(index=True)
    address: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8))
    brief: Mapped[bool] = mapped_column(default=False)
    requested_at: Mapped[datetime]
    outbox_seq: Mapped[int | None]
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None]
