"""The store as one file with every application in it, as it would be without an archive: what a
shared folder's conflict copy is merged with (sync/folder.py), and what the tests compare, since each
machine's archive is its own.

Written a piece at a time: the store file's data, then each archived application as its line is read,
encoded by the store's own encoder and written in its place among them all. The bytes are those the
whole data at once would give (`encode_data`), and no more than one application is held at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from followup.store.codec import decode, document_pieces, encode_data, indented

if TYPE_CHECKING:
    from followup.store import Store


def pieces(store: Store) -> Iterator[bytes] | None:
    """The logical store's bytes, a piece at a time (None: there is no store file). The store file is
    read and validated now; the archive's lines as the pieces are taken, each checked as any read of
    it is. A store that is not valid, or that a newer followup wrote, raises here or on the way."""
    data, raw = store.load_with_bytes(full=False)
    if raw is None:
        return None
    if data.archive is None and b'\n  "archive": ' not in raw:
        return iter((raw,))  # a file with no archive is its own logical store, as it is
    if data.archive is None:  # read whole (a day before the latest move): encoded whole
        return iter((encode_data(data),))
    from followup.ordered import in_place_order

    rest = decode(encode_data(data.model_copy(update={"applications": [], "archive": None})))
    placed = store.each_application(placed=True, data=data)
    items = in_place_order((place, indented(encode_data(app)[:-1])) for place, app in placed)
    return document_pieces(rest, items)


def read(store: Store) -> bytes | None:
    """The logical store's bytes at once."""
    found = pieces(store)
    return None if found is None else b"".join(found)
