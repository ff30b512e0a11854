"""The central service's tables (its own schema, with its own Alembic migrations).

Reference data and incidents mirror :mod:`domain.records`; entries are kept as
the JSON the laptop sent (``plain(entry)``, normalised), with the few columns the rules
need beside it. Sync bookkeeping:

* ``client_streams``: per laptop install (``client_id``), the last mutation number applied;
* ``feed``: per technician (``audience``), which records they hold and at which position
  each last changed: the pull reads it in position order;
* ``sync_counter``: one row, the last position handed out and the server's epoch. A
  writer takes its position by updating this row just before it commits, so writers
  commit in position order (see :mod:`sync.server.feed`).
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Uuid,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

from domain.records import (
    Channel,
    Priority,
    Resolution,
    Status,
    SystemCategory,
)
from sync.protocol.messages import Role

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware time: ``timestamptz`` on PostgreSQL, sortable UTC text on SQLite.

    Naive times are refused: a time without a zone is a bug waiting to happen.
    """

    impl = String(32)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.TIMESTAMP(timezone=True))
        return dialect.type_descriptor(String(32))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"refusing to store a time without a time zone: {value!r}")
        utc = value.astimezone(UTC)
        if dialect.name == "postgresql":
            return utc
        return utc.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return datetime.fromisoformat(value).replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
        str: Text(),
        int: Integer(),
        enum.Enum: Enum(
            enum.Enum,
            native_enum=False,
            length=32,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
        ),
    }


# --- people and their devices ---------------------------------------------------------


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    name: Mapped[str]
    role: Mapped[Role]
    password_hash: Mapped[str]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]


class TokenRow(Base):
    """A device: one sign-in (a laptop, or a console session) and its token.

    Only the token's SHA-256 is kept, so a copy of the database logs no one in.
    ``last_seen_at``: the service's time of the device's last authenticated request, kept
    to the minute (written at most once a minute). ``revoked_by`` says who ended it
    (:class:`Ended`); ``lost_at``: the office marked it lost, and every request with its
    token is answered with the order to erase the laptop (``wipe_sent_at``: first sent).
    """

    __tablename__ = "tokens"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device_name: Mapped[str]
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(16))
    last_seen_at: Mapped[datetime | None]
    lost_at: Mapped[datetime | None]
    wipe_sent_at: Mapped[datetime | None]


class Ended(enum.StrEnum):
    """Who ended a device's sign-in (``tokens.revoked_by``)."""

    LOGOUT = "logout"  # the device itself signed out
    OFFICE = "office"  # fieldbook-server revoke-device, or the console
    PASSWORD = "password"  # the user's password changed
    DEACTIVATED = "deactivated"  # the user was deactivated
    LOST = "lost"  # marked lost: its next contact erases it


class LoginFailureRow(Base):
    """Failed sign-ins counted per user name (``user:…``) and per source address
    (``addr:…``), for login throttling (:mod:`sync.server.throttle`). In the database, so
    that every worker process of the service counts alike."""

    __tablename__ = "login_failures"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int]
    last_failure_at: Mapped[datetime] = mapped_column(index=True)
    blocked_until: Mapped[datetime | None]


# --- reference data -------------------------------------------------------------------


class ClientRow(Base):
    __tablename__ = "clients"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str]
    language: Mapped[str] = mapped_column(String(8), default="en")
    address: Mapped[str] = mapped_column(default="")
    #: Where the client's service reports are e-mailed (their contact), "" if unknown.
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")


class ContractRow(Base):
    __tablename__ = "contracts"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id"), index=True)
    number: Mapped[str] = mapped_column(String(80), unique=True)
    pause_allowed: Mapped[bool] = mapped_column(default=False)
    # Action kinds this contract does not cover, as a sorted list of ActionKind values.
    exclusions: Mapped[list[str]] = mapped_column(JSON)
    # The client's IANA time zone (domain.zones): the console and the documents the
    # service renders show times in it.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")


class SlaTargetRow(Base):
    """One priority's targets in a contract, in minutes; NULL: no target."""

    __tablename__ = "sla_targets"
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), primary_key=True)
    priority: Mapped[Priority] = mapped_column(primary_key=True)
    respond_minutes: Mapped[int | None]
    resolve_minutes: Mapped[int | None]


class CoveredSystemRow(Base):
    __tablename__ = "covered_systems"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    name: Mapped[str]
    category: Mapped[SystemCategory]
    location: Mapped[str] = mapped_column(default="")


class SparePartRow(Base):
    __tablename__ = "spare_parts"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    part_number: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str]


class VanStockRow(Base):
    """How many of a part a technician's van holds, by the service's count."""

    __tablename__ = "van_stock"
    technician_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spare_parts.id"), primary_key=True)
    on_hand: Mapped[int]
    as_of: Mapped[datetime]


# --- incidents and their entries ------------------------------------------------------


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
    status: Mapped[Status]
    # Laptop clock times from the status changes: for display and the report only.
    responded_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[Resolution | None]
    assigned_to: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The server's clock.
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EntryRow(Base):
    """One append-only entry, as the laptop sent it (``body``: ``plain(entry)`` with kind)."""

    __tablename__ = "entries"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    incident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incidents.id"))
    kind: Mapped[str] = mapped_column(String(32))
    # Who pushed it (the signed-in technician), whatever the laptop wrote as author.
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]  # the laptop's clock: display only
    received_at: Mapped[datetime]  # the server's clock
    # Server order: the position of the transaction that stored it, then its place in
    # that transaction (``server_order``, see ORDER_SPAN). Nothing is ever ordered by a
    # laptop's clock.
    position: Mapped[int] = mapped_column(BigInteger)
    server_order: Mapped[int] = mapped_column(BigInteger)
    client_id: Mapped[uuid.UUID | None]
    client_seq: Mapped[int | None] = mapped_column(BigInteger)
    # A void names the entry it cancels; an entry is voided at most once.
    voided_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("entries.id"), unique=True)
    # The blob it names: an attachment's bytes, a sign-off's signature picture.
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    # Sign-offs: does the seal match the server's copy of what it seals? None: not one.
    seal_verified: Mapped[bool | None]
    #: Sign-offs: their seal, so the public verify page finds a report by it.
    seal: Mapped[str | None] = mapped_column(String(64), index=True)
    body: Mapped[str]

    __table_args__ = (
        Index(None, "incident_id", "position"),
        Index(None, "incident_id", "server_order"),
    )


#: ``server_order = position * ORDER_SPAN + n``: the n-th entry one transaction stored.
#: One transaction stores far fewer (a push holds at most 1000 mutations), and positions
#: stay below 2**33 for thousands of years of writes: the order fits a JSON number.
ORDER_SPAN = 1 << 20


# --- reports e-mailed to clients -----------------------------------------------------


class DeliveryRow(Base):
    """A technician's request to e-mail an incident's report to the client (a mutation
    from the laptop, ``report.send``): rendered and sent by the service, retried until the
    mail server takes it. ``id`` is the laptop's, so a request arrives once whatever
    number it was pushed under."""

    __tablename__ = "report_deliveries"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    incident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incidents.id"), index=True)
    address: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8))
    brief: Mapped[bool] = mapped_column(default=False)
    requested_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime]  # the laptop's clock: display only
    received_at: Mapped[datetime]  # the service's clock
    #: The address the laptop reached the service at: the report's QR code leads there
    #: unless the service states its own (``public_url``).
    service_url: Mapped[str] = mapped_column(default="")
    attempts: Mapped[int] = mapped_column(default=0)
    #: Not before then (the service's clock); None once sent.
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    #: A sender working on it holds it until then (another instance leaves it alone).
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None]
    sent_at: Mapped[datetime | None]
    seal: Mapped[str | None] = mapped_column(String(64))  # what the sent report carried


class EscalationRow(Base):
    """A clock the dispatcher was (or is being) e-mailed about: once per clock.

    A service instance claims the row by inserting it; ``sent_at`` says the message went
    out; a claim whose message failed is tried again after a while (``claimed_at``).
    """

    __tablename__ = "escalations"
    incident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    clock: Mapped[str] = mapped_column(String(16), primary_key=True)  # response | resolution
    priority: Mapped[Priority]
    claimed_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None]


# --- sync bookkeeping -----------------------------------------------------------------


class ClientStreamRow(Base):
    """The mutation numbers of one laptop install, bound to the technician who sends them."""

    __tablename__ = "client_streams"
    client_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class MutationResultRow(Base):
    """What the service answered to one mutation of one laptop install, kept so that a
    retry after a lost reply gets the same answer (a refusal included), and so that a
    different mutation under a number already used is seen: that laptop's data folder
    was restored or cloned, and it must start a new stream."""

    __tablename__ = "mutation_results"
    client_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # SHA-256 of what was sent (name and payload, canonical JSON).
    digest: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # applied | rejected
    code: Mapped[str | None] = mapped_column(String(32))
    message: Mapped[str | None]
    explanation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    current_status: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]


class FeedRow(Base):
    """One record a technician holds (or must drop), at the position it last changed."""

    __tablename__ = "feed"
    audience: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    op: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        Index(None, "audience", "position", "kind", "record_id"),
        Index(None, "kind", "record_id"),
    )


class CounterRow(Base):
    """The single row that orders writers: last position handed out, and the epoch."""

    __tablename__ = "sync_counter"
    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger)
    epoch: Mapped[str] = mapped_column(String(32))


class BlobRow(Base):
    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int | None] = mapped_column(BigInteger)  # known from the first range
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    # Who is uploading it (their partial bytes count against their quota), and when the
    # last range came: a partial upload left alone for days is collected.
    uploader: Mapped[uuid.UUID | None] = mapped_column(index=True)
    touched_at: Mapped[datetime | None]


class BlobHolderRow(Base):
    """Someone who showed they have a blob's bytes: they uploaded it, or sent it again
    byte for byte. An entry lets its readers fetch a blob only if its author is one: a
    hash alone proves nothing (anyone who learns one could name it)."""

    __tablename__ = "blob_holders"
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    proven_at: Mapped[datetime]


class BlobProofRow(Base):
    """How far someone got sending again the bytes of a blob the service holds already."""

    __tablename__ = "blob_proofs"
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    proven: Mapped[int] = mapped_column(BigInteger)
    touched_at: Mapped[datetime]


class BlobChunkRow(Base):
    """Blob bytes, one row per uploaded range, so an upload resumes across processes."""

    __tablename__ = "blob_chunks"
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
