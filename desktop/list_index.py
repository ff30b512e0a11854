"""The incident list's index: every incident the list holds, in compact form.

The window's list must hold 100,000 incidents in a few tens of megabytes, so it keeps no
object per incident. One *slot* per incident, and side by side, in flat ``array`` /
``bytearray`` columns: the id (16 bytes), the number, the priority, status and "covered"
flags, the SLA inputs (times as integer microseconds, the contract's policy as an index
into a short list, the pauses packed) and the casefolded search text in UTF-8, packed
with zlib :data:`BLOCK` rows at a time (the filter unpacks and scans one block after
another). That is all sorting, the quick filters and the text filter need. What is
only shown (client, system, title) is not held: it is fetched a page at a time through
``fetch`` (a query of the store) and kept in a small least-recently-used cache. A row is
handed out as a :class:`ListedRow`, an :class:`IndexRow` made on demand that reads the
index's columns.

Invariants: every column has one entry per slot; a slot never moves (an update replaces
the slot's values in place, a new incident takes a new slot); every row's search text is
followed by one NUL in its block and holds no NUL itself (the store refuses NUL in text),
so a needle without NUL matches inside one row or not at all.

Standard library and the domain only: the window imports it before the store is open.
"""

from __future__ import annotations

import contextlib
import struct
import sys
import uuid
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import compress, repeat
from operator import contains
from typing import Protocol, overload

from domain.records import Priority, SlaPolicy, Status
from domain.sla import Pause, SlaReading, read_times
from domain.status import OPEN_STATES

#: client, system, title: what the list shows and does not hold.
Columns = tuple[str, str, str]
Fetch = Callable[[Sequence[uuid.UUID]], Mapping[uuid.UUID, Columns]]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NONE = -(2**63)  # a time that is not there
_SEP = b"\x00"
#: Slots a block of search texts (packed, about 250 KB unpacked for the demo's texts).
BLOCK = 1024
_LEVEL = 1  # packing 100,000 rows at 6 added about a second to the load
_PAUSE = struct.Struct("<qqI")
_ID = 16
PRIORITIES: tuple[Priority, ...] = tuple(Priority)
STATUSES: tuple[Status, ...] = tuple(Status)
_P_CODE = {p: i for i, p in enumerate(PRIORITIES)}
_S_CODE = {s: i for i, s in enumerate(STATUSES)}
#: Status codes of open incidents.
OPEN_CODES = frozenset(_S_CODE[s] for s in OPEN_STATES)
_OPEN_TABLE = bytes(1 if code in OPEN_CODES else 0 for code in range(256))
_MISSING: Columns = ("", "", "")


def _micros(at: datetime | None) -> int:
    if at is None:
        return _NONE
    return (at - _EPOCH) // _US


_US = timedelta(microseconds=1)


def _time(value: int) -> datetime | None:
    return None if value == _NONE else _EPOCH + timedelta(microseconds=value)


def _text(value: str) -> bytes:
    return value.replace("\x00", "\ufffd").encode("utf-8", "surrogatepass")


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One incident as the incident list needs it: few fields, SLA computable any second."""

    id: uuid.UUID
    number: str
    priority: Priority
    status: Status
    client: str
    system: str
    title: str
    covered: bool
    notified_at: datetime
    responded_at: datetime | None
    resolved_at: datetime | None
    policy: SlaPolicy
    pauses: tuple[Pause, ...]
    search: str  # casefolded number, client, system, title and description

    def sla(self, now: datetime) -> SlaReading:
        return read_times(
            priority=self.priority,
            notified_at=self.notified_at,
            responded_at=self.responded_at,
            resolved_at=self.resolved_at,
            policy=self.policy,
            pauses=self.pauses,
            now=now,
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES


class RowValues(Protocol):
    """What an incident brings into the index (an IndexRow, or a ListedRow)."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def number(self) -> str: ...
    @property
    def priority(self) -> Priority: ...
    @property
    def status(self) -> Status: ...
    @property
    def client(self) -> str: ...
    @property
    def system(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def covered(self) -> bool: ...
    @property
    def notified_at(self) -> datetime: ...
    @property
    def responded_at(self) -> datetime | None: ...
    @property
    def resolved_at(self) -> datetime | None: ...
    @property
    def policy(self) -> SlaPolicy: ...
    @property
    def pauses(self) -> tuple[Pause, ...]: ...
    @property
    def search(self) -> str: ...


class ListIndex(Sequence["ListedRow"]):
    """Every incident of the list, one slot each (see the module); as a sequence, the
    rows in slot order."""

    #: Display rows (client, system, title) kept at most: a few screens' worth.
    CACHE = 3000

    def __init__(self, fetch: Fetch | None = None) -> None:
        self._fetch = fetch
        self._held: dict[int, Columns] | None = None if fetch is not None else {}
        self._cache: OrderedDict[int, Columns] = OrderedDict()
        self._ids = bytearray()
        self._numbers = bytearray()
        self._number_at = array("I", [0])
        # The search texts, BLOCK slots a block, each text followed by _SEP: full blocks
        # packed with zlib (scanned unpacked one at a time), the last one as it fills.
        self._blocks: list[bytes] = []
        self._tail = bytearray()
        self._search_at = array("I")  # where each slot's text starts in its block
        self._unpacked: dict[int, list[str]] = {}  # see keep_unpacked()
        self._keep = False
        self._priority = bytearray()
        self._status = bytearray()
        self._covered = bytearray()
        self._notified = array("q")
        self._responded = array("q")
        self._resolved = array("q")
        self._policy = array("H")
        self._policies: list[SlaPolicy] = []
        self._policy_code: dict[int, int] = {}  # id() of a policy object: its code
        self._pauses = bytearray()  # per slot: (start, end, reason code) packed, see _PAUSE
        self._pause_at = array("I", [0])
        self._reasons: list[str] = []
        self._reason_code: dict[str, int] = {}

    @classmethod
    def of(cls, rows: Iterable[RowValues], fetch: Fetch | None = None) -> ListIndex:
        """An index of rows at hand; without ``fetch`` it keeps their shown columns."""
        index = cls(fetch)
        for row in rows:
            index.add(row)
        return index

    # --- filling ----------------------------------------------------------------------

    def add(self, row: RowValues) -> int:
        """A new slot for ``row``; its number."""
        return self.append(
            incident_id=row.id,
            number=row.number,
            priority=row.priority,
            status=row.status,
            covered=row.covered,
            notified_at=row.notified_at,
            responded_at=row.responded_at,
            resolved_at=row.resolved_at,
            policy=row.policy,
            pauses=row.pauses,
            search=row.search,
            columns=(row.client, row.system, row.title),
        )

    def append(
        self,
        *,
        incident_id: uuid.UUID | bytes,
        number: str,
        priority: Priority,
        status: Status,
        covered: bool,
        notified_at: datetime,
        responded_at: datetime | None,
        resolved_at: datetime | None,
        policy: SlaPolicy,
        pauses: Sequence[Pause] | bytes,
        search: str,
        columns: Columns | None = None,
    ) -> int:
        slot = len(self._priority)
        self._ids += incident_id if isinstance(incident_id, bytes) else incident_id.bytes
        self._numbers += _text(number)
        self._number_at.append(len(self._numbers))
        self._search_at.append(len(self._tail))
        self._unpacked.pop(slot // BLOCK, None)
        self._tail += _text(search)
        self._tail += _SEP
        if len(self._search_at) % BLOCK == 0:
            self._blocks.append(zlib.compress(self._tail, _LEVEL))
            self._tail = bytearray()
        self._priority.append(_P_CODE[priority])
        self._status.append(_S_CODE[status])
        self._covered.append(covered)
        self._notified.append(_micros(notified_at))
        self._responded.append(_micros(responded_at))
        self._resolved.append(_micros(resolved_at))
        self._policy.append(self._code(policy))
        self._pauses += pauses if isinstance(pauses, bytes) else self.pack_pauses(pauses)
        self._pause_at.append(len(self._pauses))
        if self._held is not None and columns is not None:
            self._held[slot] = columns
        return slot

    def _code(self, policy: SlaPolicy) -> int:
        code = self._policy_code.get(id(policy))
        if code is None:
            code = self._policy_code[id(policy)] = len(self._policies)
            self._policies.append(policy)  # kept: the id() stays this object's
        return code

    def update(self, rows: Iterable[RowValues]) -> list[int]:
        """Put each row's values in its slot (a new slot for an incident not held yet);
        the slots changed."""
        changed = []
        for row in rows:
            slot = self.slot_of(row.id)
            if slot is None:
                changed.append(self.add(row))
                continue
            self._replace(slot, row)
            changed.append(slot)
        return changed

    def _replace(self, slot: int, row: RowValues) -> None:
        _splice(self._numbers, self._number_at, slot, _text(row.number))
        self._set_search(slot, _text(row.search) + _SEP)
        self._priority[slot] = _P_CODE[row.priority]
        self._status[slot] = _S_CODE[row.status]
        self._covered[slot] = row.covered
        self._notified[slot] = _micros(row.notified_at)
        self._responded[slot] = _micros(row.responded_at)
        self._resolved[slot] = _micros(row.resolved_at)
        self._policy[slot] = self._code(row.policy)
        _splice(self._pauses, self._pause_at, slot, self.pack_pauses(row.pauses))
        if self._held is not None:
            self._held[slot] = (row.client, row.system, row.title)
        self._cache.pop(slot, None)

    # --- reading one slot -------------------------------------------------------------

    def slot_of(self, incident_id: uuid.UUID) -> int | None:
        key, ids, at = incident_id.bytes, self._ids, 0
        while True:
            at = ids.find(key, at)
            if at < 0:
                return None
            if at % _ID == 0:
                return at // _ID
            at += 1

    def id(self, slot: int) -> uuid.UUID:
        return uuid.UUID(bytes=bytes(self._ids[slot * _ID : slot * _ID + _ID]))

    def number(self, slot: int) -> str:
        at = self._number_at
        return self._numbers[at[slot] : at[slot + 1]].decode("utf-8", "surrogatepass")

    def search(self, slot: int) -> str:
        return self._texts(slot // BLOCK)[slot % BLOCK]

    def _set_search(self, slot: int, value: bytes) -> None:
        block = slot // BLOCK
        text = bytearray(self._block(block))
        start = self._search_at[slot]
        end = text.find(_SEP, start) + 1
        text[start:end] = value
        delta = len(value) - (end - start)
        for later in range(slot + 1, min((block + 1) * BLOCK, len(self))):
            self._search_at[later] += delta
        if block == len(self._blocks):
            self._tail = text
        else:
            self._blocks[block] = zlib.compress(text, _LEVEL)
        self._unpacked.pop(block, None)

    def priority(self, slot: int) -> Priority:
        return PRIORITIES[self._priority[slot]]

    def status(self, slot: int) -> Status:
        return STATUSES[self._status[slot]]

    def open_codes(self) -> bytearray:
        """One byte a slot: 1 if the incident is open, 0 if finished."""
        return self._status.translate(_OPEN_TABLE)

    def is_open(self, slot: int) -> bool:
        return self._status[slot] in OPEN_CODES

    def covered(self, slot: int) -> bool:
        return bool(self._covered[slot])

    def notified_at(self, slot: int) -> datetime:
        at = _time(self._notified[slot])
        assert at is not None
        return at

    def notified_micros(self, slot: int) -> int:
        return self._notified[slot]

    def responded_at(self, slot: int) -> datetime | None:
        return _time(self._responded[slot])

    def resolved_at(self, slot: int) -> datetime | None:
        return _time(self._resolved[slot])

    def policy(self, slot: int) -> SlaPolicy:
        return self._policies[self._policy[slot]]

    def pack_pauses(self, pauses: Sequence[Pause]) -> bytes:
        """Pauses as the index keeps them (times in microseconds, reasons by number)."""
        if not pauses:
            return b""
        codes = self._reason_code
        packed = bytearray()
        for pause in pauses:
            code = codes.get(pause.reason)
            if code is None:
                code = codes[pause.reason] = len(self._reasons)
                self._reasons.append(pause.reason)
            packed += _PAUSE.pack(_micros(pause.start), _micros(pause.end), code)
        return bytes(packed)

    def pauses(self, slot: int) -> tuple[Pause, ...]:
        start, end = self._pause_at[slot], self._pause_at[slot + 1]
        if start == end:
            return ()
        reasons = self._reasons
        return tuple(
            Pause(_time(begun) or _EPOCH, _time(ended), reasons[code])
            for begun, ended, code in _PAUSE.iter_unpack(self._pauses[start:end])
        )

    def sla(self, slot: int, now: datetime) -> SlaReading:
        return read_times(
            priority=PRIORITIES[self._priority[slot]],
            notified_at=self.notified_at(slot),
            responded_at=_time(self._responded[slot]),
            resolved_at=_time(self._resolved[slot]),
            policy=self._policies[self._policy[slot]],
            pauses=self.pauses(slot),
            now=now,
        )

    def columns(self, slot: int, page: Iterable[int] = ()) -> Columns:
        """Client, system and title of ``slot``; when they must be fetched, those of the
        slots of ``page`` not cached come in the same query."""
        cache = self._cache
        found = cache.get(slot)
        if found is not None:
            cache.move_to_end(slot)
            return found
        if self._held is not None:
            return self._held.get(slot, _MISSING)
        assert self._fetch is not None
        wanted = [slot, *(s for s in page if s != slot and s not in cache)]
        fetched = self._fetch([self.id(s) for s in wanted])
        for s in wanted:
            value = fetched.get(self.id(s))
            if value is not None:
                cache[s] = value
        while len(cache) > self.CACHE:
            cache.popitem(last=False)
        return cache.get(slot, _MISSING)

    def forget_shown(self) -> None:
        """Drop the cached client, system and title (fetched again when next shown)."""
        self._cache.clear()

    # --- the text filter --------------------------------------------------------------

    def matching(self, needle: str, among: Sequence[int] | None = None) -> array[int]:
        """The slots (of ``among``, in its order; else all, in slot order) whose search
        text holds ``needle``: one substring test per row, block by block."""
        if not needle:
            return array("I", range(len(self)) if among is None else among)
        if "\x00" in needle:  # no row's text holds one
            return array("I")
        if among is not None and len(among) * 8 < len(self):
            found = array("I")
            for slot in among:
                if needle in self._texts(slot // BLOCK)[slot % BLOCK]:
                    found.append(slot)
            return found
        found = array("I")
        for block in range(len(self._blocks) + 1):
            first = block * BLOCK
            texts = self._texts(block)
            # All in C: one substring test per row, the slots of those that hold it.
            hits = map(contains, texts, repeat(needle))
            found.extend(compress(range(first, first + len(texts)), hits))
        if among is None:
            return found
        mask = bytearray(len(self))
        for slot in found:
            mask[slot] = 1
        return array("I", [s for s in among if mask[s]])

    def keep_unpacked(self, keep: bool) -> None:
        """While a filter is typed, keep the rows' texts once unpacked (every keystroke
        scans them again); otherwise only the last block's."""
        self._keep = keep
        if not keep and len(self._unpacked) > 1:
            self._unpacked.clear()
            trim_heap()

    def _texts(self, block: int) -> list[str]:
        """The search texts of a block's slots, unpacked."""
        texts = self._unpacked.get(block)
        if texts is None:
            texts = self._block(block).decode("utf-8", "surrogatepass").split("\x00")[:-1]
            if not self._keep:
                self._unpacked.clear()
            self._unpacked[block] = texts
        return texts

    def _block(self, block: int) -> bytes | bytearray:
        """The search texts of a block's slots, as kept (UTF-8, each ended by _SEP)."""
        if block == len(self._blocks):
            return self._tail
        return zlib.decompress(self._blocks[block])

    # --- Sequence ---------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._priority)

    @overload
    def __getitem__(self, slot: int) -> ListedRow: ...
    @overload
    def __getitem__(self, slot: slice) -> list[ListedRow]: ...
    def __getitem__(self, slot: int | slice) -> ListedRow | list[ListedRow]:
        if isinstance(slot, slice):
            return [ListedRow(self, s) for s in range(len(self))[slot]]
        if not -len(self) <= slot < len(self):
            raise IndexError(slot)
        return ListedRow(self, slot % len(self))

    def __iter__(self) -> Iterator[ListedRow]:
        for slot in range(len(self)):
            yield ListedRow(self, slot)

    def rows(self, slots: Sequence[int]) -> RowsView:
        return RowsView(self, slots)

    def memory(self) -> int:
        """Bytes held by the columns (the bench prints it)."""
        return sum(
            len(b)
            for b in (
                self._ids,
                self._numbers,
                self._tail,
                *self._blocks,
                self._priority,
                self._status,
                self._pauses,
            )
        ) + sum(
            a.itemsize * len(a)
            for a in (
                self._number_at,
                self._search_at,
                self._notified,
                self._responded,
                self._resolved,
                self._policy,
                self._pause_at,
            )
        )


def trim_heap() -> None:
    """Hand the C heap's free pages back to the system after a big load or sort: glibc
    keeps what was freed (rows read, SQLite's pages, sort keys: some 10 MB for 100,000
    incidents) in the process otherwise."""
    if sys.platform != "linux":
        return
    import ctypes  # here: not on the way to the window's first paint

    with contextlib.suppress(OSError, AttributeError):  # not glibc: no malloc_trim
        ctypes.CDLL(None).malloc_trim(0)


def _splice(blob: bytearray, at: array[int], slot: int, value: bytes) -> None:
    start, end = at[slot], at[slot + 1]
    blob[start:end] = value
    delta = len(value) - (end - start)
    if delta:
        for i in range(slot + 1, len(at)):
            at[i] += delta


class RowsView(Sequence["ListedRow"]):
    """Rows of an index in a given order, made as they are read."""

    def __init__(self, index: ListIndex, slots: Sequence[int]) -> None:
        self._index = index
        self._slots = slots

    def __len__(self) -> int:
        return len(self._slots)

    @overload
    def __getitem__(self, i: int) -> ListedRow: ...
    @overload
    def __getitem__(self, i: slice) -> list[ListedRow]: ...
    def __getitem__(self, i: int | slice) -> ListedRow | list[ListedRow]:
        if isinstance(i, slice):
            return [ListedRow(self._index, s) for s in self._slots[i]]
        return ListedRow(self._index, self._slots[i])

    def __iter__(self) -> Iterator[ListedRow]:
        index = self._index
        for slot in self._slots:
            yield ListedRow(index, slot)


class ListedRow(IndexRow):
    """One incident of a :class:`ListIndex`, an IndexRow that reads the index's values
    when asked (a view made on demand; the IndexRow fields it inherits stay unset)."""

    __slots__ = ("_index", "slot")
    _index: ListIndex
    slot: int

    def __init__(self, index: ListIndex, slot: int) -> None:
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "slot", slot)

    def __repr__(self) -> str:
        return f"ListedRow({self.number!r}, slot={self.slot})"

    @property
    def id(self) -> uuid.UUID:
        return self._index.id(self.slot)

    @property
    def number(self) -> str:
        return self._index.number(self.slot)

    @property
    def priority(self) -> Priority:
        return self._index.priority(self.slot)

    @property
    def status(self) -> Status:
        return self._index.status(self.slot)

    @property
    def client(self) -> str:
        return self._index.columns(self.slot)[0]

    @property
    def system(self) -> str:
        return self._index.columns(self.slot)[1]

    @property
    def title(self) -> str:
        return self._index.columns(self.slot)[2]

    @property
    def covered(self) -> bool:
        return self._index.covered(self.slot)

    @property
    def notified_at(self) -> datetime:
        return self._index.notified_at(self.slot)

    @property
    def responded_at(self) -> datetime | None:
        return self._index.responded_at(self.slot)

    @property
    def resolved_at(self) -> datetime | None:
        return self._index.resolved_at(self.slot)

    @property
    def policy(self) -> SlaPolicy:
        return self._index.policy(self.slot)

    @property
    def pauses(self) -> tuple[Pause, ...]:
        return self._index.pauses(self.slot)

    @property
    def search(self) -> str:
        return self._index.search(self.slot)

    @property
    def is_open(self) -> bool:
        return self._index.is_open(self.slot)

    def sla(self, now: datetime) -> SlaReading:
        return self._index.sla(self.slot, now)
