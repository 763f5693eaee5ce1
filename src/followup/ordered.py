"""Pieces of output that arrive out of order, given back in order without holding them all.

The applications of a store come one at a time, the store file's first and then the archive's line by
line (`Store.each_application(placed=True)`), each with its place among them all; an export or a list
writes them in that order. The archive is mostly in place order already, so a piece is usually
written as soon as it comes; one that comes early waits, in memory up to a limit and then in an
unnamed temporary file (readable by you alone, gone when closed), so that even an archive in the
reverse order never holds every piece at once. Standard library only.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

WAITING_IN_MEMORY = 4 * 1024 * 1024  # bytes of early pieces kept in memory before they go to a file


def in_place_order(placed: Iterable[tuple[int, bytes]], limit: int | None = None) -> Iterator[bytes]:
    """The pieces of `placed`, (place, piece) pairs whose places are 0, 1, 2... in any order, in the
    order of their places; a place missing is skipped at the end, where every waiting piece is given.
    Early pieces past `limit` bytes (WAITING_IN_MEMORY) wait in a temporary file."""
    room = WAITING_IN_MEMORY if limit is None else limit
    waiting: dict[int, bytes] = {}
    held = 0
    spill: IO[bytes] | None = None
    spilled: dict[int, tuple[int, int]] = {}  # place → (offset, length) in `spill`
    at = 0  # the place to give next

    def take(place: int) -> bytes:
        nonlocal held
        piece = waiting.pop(place, None)
        if piece is not None:
            held -= len(piece)
            return piece
        assert spill is not None
        offset, length = spilled.pop(place)
        spill.seek(offset)
        piece = spill.read(length)
        spill.seek(0, 2)  # back to the end, where the next early piece goes
        return piece

    try:
        for place, piece in placed:
            if place != at:
                if held + len(piece) <= room:
                    waiting[place] = piece
                    held += len(piece)
                else:
                    if spill is None:
                        spill = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
                    spilled[place] = (spill.tell(), len(piece))
                    spill.write(piece)
                continue
            yield piece
            at += 1
            while at in waiting or at in spilled:
                yield take(at)
                at += 1
        for place in sorted([*waiting, *spilled]):
            yield take(place)
    finally:
        if spill is not None:
            spill.close()
