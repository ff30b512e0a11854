"""The random part of ids comes from the OS a page at a time: never the same bytes twice,
not even in a forked child, which starts with a copy of its parent's unused bytes."""

from __future__ import annotations

import os
import sys

import pytest

from domain.ids import new_id

_RANDOM_BITS = (1 << 62) - 1


def test_ids_made_past_many_reads_share_no_random_part() -> None:
    randoms = [new_id().int & _RANDOM_BITS for _ in range(5_000)]  # a dozen reads
    assert len(set(randoms)) == len(randoms)


@pytest.mark.skipif(sys.platform == "win32", reason="no fork on Windows")
def test_a_forked_child_makes_ids_of_its_own_randomness() -> None:
    new_id()  # the parent holds unused random bytes now
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child)
        try:
            os.close(read)
            os.write(write, b"".join(new_id().bytes for _ in range(20)))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        theirs = pipe.read()
    os.waitpid(child, 0)
    mine = [new_id().int & _RANDOM_BITS for _ in range(20)]
    children = [int.from_bytes(theirs[i : i + 16], "big") & _RANDOM_BITS for i in range(0, 320, 16)]
    assert len(children) == 20
    assert not set(mine) & set(children)
