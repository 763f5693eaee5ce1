"""The change history is read a piece at a time (store/history.py): the lines found, and their texts,
are those of reading the whole file and splitting it, whatever the lines hold and however long."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.store import history

_DIGESTS = st.sampled_from(["a" * 64, "b" * 64, "c" * 64])


@st.composite
def _entry_line(draw: st.DrawFn) -> bytes:
    seq = draw(st.integers(1, 999))
    before = draw(st.one_of(st.just("null"), _DIGESTS.map(lambda d: f'"{d}"')))
    body = draw(st.text(alphabet='x}{ é"', max_size=400))
    end = draw(st.sampled_from(["}", "", "}}", " "]))  # a line cut short does not end in }
    return f'{{"seq": {seq}, "before": {before}, "after": "{draw(_DIGESTS)}", "x": "{body}"{end}'.encode()


_LINES = st.lists(
    st.one_of(_entry_line(), st.binary(max_size=30).filter(lambda b: b"\n" not in b)), max_size=12
)


def _by_splitting(raw: bytes) -> list[tuple[int, str | None, str, bytes]]:
    """What the whole file split at its line breaks gives."""
    found = []
    for text in raw.split(b"\n"):
        match = history._HEADER.match(text)
        if match and text.endswith(b"}"):
            before = None if match.group(2) == b"null" else match.group(2)[1:-1].decode()
            found.append((int(match.group(1)), before, match.group(3).decode(), text))
    return found


@settings(max_examples=200, deadline=None)
@given(lines=_LINES, final_break=st.booleans(), head=st.integers(0, 80), piece=st.integers(1, 40))
def test_reading_a_piece_at_a_time_finds_what_splitting_the_whole_file_finds(
    lines: list[bytes], final_break: bool, head: int, piece: int
) -> None:
    raw = b"\n".join(lines) + (b"\n" if final_break and lines else b"")
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        path = Path(folder) / "followup.json.history"
        path.write_bytes(raw)
        patch.setattr(history, "_HEAD", 180 + head)  # the header is within the first bytes read
        patch.setattr(history, "_PIECE", piece)
        found = history._read_lines(path)
        texts = list(history._texts(path, found))
    assert [(x.seq, x.before, x.after, t) for x, t in zip(found, texts, strict=True)] == _by_splitting(raw)


def test_a_missing_journal_has_no_lines(tmp_path: Path) -> None:
    assert history._read_lines(tmp_path / "none.history") == []
