"""A store that is not what followup writes is reported in one line, exit 1, and never touched.

jrnl silently dropped text it could not parse when it saved (issue 490); here nothing is dropped:
every damaged file below is refused by reading and writing commands alike, and fields this version
does not know (written by a newer minor version) survive a write.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from followup.store import MAX_BYTES
from tests.conftest import Invoke, as_json
from tests.reliability.conftest import assert_one_line_error, record, run_followup, temp_files


def _valid(store: Path) -> dict[str, Any]:
    return json.loads(store.read_bytes())


def _edit(change: Callable[[dict[str, Any]], object]) -> Callable[[Path], bytes]:
    def make(store: Path) -> bytes:
        document = _valid(store)
        change(document)
        return json.dumps(document).encode()

    return make


def _replace_in(old: bytes, new: bytes) -> Callable[[Path], bytes]:
    def make(store: Path) -> bytes:
        raw = store.read_bytes()
        assert old in raw
        return raw.replace(old, new, 1)

    return make


BAD_STORES: dict[str, Callable[[Path], bytes]] = {
    "empty": lambda store: b"",
    "only whitespace": lambda store: b"  \n\n",
    "truncated": lambda store: store.read_bytes()[: len(store.read_bytes()) // 2],
    "NUL bytes inside": _replace_in(b'"Acme"', b'"Ac\x00me"'),
    "all NUL bytes": lambda store: b"\x00" * 4096,
    "not UTF-8": _replace_in(b'"Acme"', b'"Ac\xff\xfeme"'),
    "applications not a list": _edit(lambda d: d.update(applications="acme")),
    "a date that is not a date": _edit(lambda d: d["applications"][0].update(created_on="yesterday")),
    "an unknown status": _edit(lambda d: d["applications"][0].update(status="hired?")),
    "version as a string": _edit(lambda d: d.update(version="2")),
    "version true": _edit(lambda d: d.update(version=True)),
    "version missing": _edit(lambda d: d.pop("version")),
    "version 0": _edit(lambda d: d.update(version=0)),
    "version from the future": _edit(lambda d: d.update(version=99)),
    "top-level array": lambda store: b"[" + store.read_bytes() + b"]",
    "top-level string": lambda store: b'"followup"',
    "NaN": _replace_in(b'"round": 1', b'"round": NaN'),
    "Infinity": _replace_in(b'"round": 1', b'"round": Infinity'),
    "1e5000 (overflows to infinity)": _replace_in(b'"round": 1', b'"round": 1e5000'),
    # Read as infinity, it used to be written back as null: a repair no one asked for.
    "1e400 in an unknown field": _replace_in(b'"round": 1', b'"round": 1, "x_size": 1e400'),
    "duplicate keys": _replace_in(b'"company": "Acme"', b'"company": "Acme", "company": "Evil"'),
    "duplicate application ids": _edit(lambda d: d["applications"].append(d["applications"][0])),
    "100,000-deep nesting": lambda store: b'{"version": 2, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "5,000-digit integer": _replace_in(b'"round": 1', b'"round": ' + b"9" * 5000),
    "lone surrogate escape": _replace_in(b'"Acme"', b'"Ac\\udc80me"'),
}
READ = ("today", "--json")
WRITE = ("log-contact", "acme", "--note", "x")


@pytest.fixture
def valid_store(store_with_app: Path) -> Path:
    return store_with_app


def _files(store: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in store.parent.iterdir() if not p.name.endswith(".lock")}


@pytest.mark.parametrize("command", [READ, WRITE], ids=["read", "write"])
@pytest.mark.parametrize("name", sorted(BAD_STORES))
def test_a_bad_store_is_reported_and_left_untouched(
    valid_store: Path, invoke: Invoke, name: str, command: tuple[str, ...]
) -> None:
    valid_store.write_bytes(BAD_STORES[name](valid_store))
    before = _files(valid_store)

    result = invoke(*command, ok=False)

    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert_one_line_error(result.stderr.encode())
    assert str(valid_store) in result.stderr
    assert "untouched" in result.stderr
    assert _files(valid_store) == before  # the store, its backup: not a byte changed, nothing added


def test_a_file_over_the_size_cap_is_refused_without_reading_it(valid_store: Path, invoke: Invoke) -> None:
    os.truncate(valid_store, MAX_BYTES + 1)  # sparse: 50 MB on paper, nothing on disk
    before = os.stat(valid_store)

    for command in (READ, WRITE):
        result = invoke(*command, ok=False)
        assert result.exit_code == 1
        assert_one_line_error(result.stderr.encode())
        assert "over the 50 MB limit" in result.stderr

    after = os.stat(valid_store)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert temp_files(valid_store) == []


def test_bad_stores_give_no_traceback_in_a_real_process(valid_store: Path) -> None:
    """The deepest and the largest cases again, through the installed program."""
    good = valid_store.read_bytes()
    for name in ("100,000-deep nesting", "5,000-digit integer", "not UTF-8"):
        valid_store.write_bytes(good)
        valid_store.write_bytes(BAD_STORES[name](valid_store))
        raw = valid_store.read_bytes()
        proc = run_followup(valid_store, *WRITE)
        assert proc.returncode == 1, name
        assert_one_line_error(proc.stderr)
        assert valid_store.read_bytes() == raw
    record(
        "bad stores",
        f"{len(BAD_STORES)} kinds of damaged file plus one over the 50 MB cap, each refused by a"
        " reading and a writing command: exit 1, one line, no file changed",
    )


def test_fields_from_a_newer_minor_version_survive_a_write(valid_store: Path, invoke: Invoke) -> None:
    document = _valid(valid_store)
    document["x_sync"] = {"device": "phone", "seen": [1, 2.5, None, True]}
    app = document["applications"][0]
    app["x_priority"] = "high"
    app["x_cleared"] = None  # null is a value too
    app["interviews"][0]["x_room"] = "4B"
    app["interviews"][0]["interviewers"][0]["x_title"] = "CTO"
    app["events"][0]["x_thread"] = "<msg@acme>"
    valid_store.write_text(json.dumps(document))

    invoke("log-contact", "acme", "--note", "new")
    invoke("status", "acme", "offer")

    after = _valid(valid_store)
    app = after["applications"][0]
    assert after["x_sync"] == {"device": "phone", "seen": [1, 2.5, None, True]}
    assert app["x_priority"] == "high"
    assert "x_cleared" in app and app["x_cleared"] is None
    assert app["interviews"][0]["x_room"] == "4B"
    assert app["interviews"][0]["interviewers"][0]["x_title"] == "CTO"
    assert app["events"][0]["x_thread"] == "<msg@acme>"
    assert as_json(invoke("show", "acme", "--json"))["x_priority"] == "high"


def test_an_unknown_field_too_deep_to_write_back_stops_the_write(valid_store: Path, invoke: Invoke) -> None:
    """Readable (the decoder takes it), but the encoder cannot write 300 levels: refused, not cut."""
    document = _valid(valid_store)
    document["applications"][0]["x_tree"] = json.loads("[" * 300 + "]" * 300)
    valid_store.write_text(json.dumps(document))
    before = _files(valid_store)

    assert invoke(*READ).exit_code == 0
    result = invoke(*WRITE, ok=False)

    assert result.exit_code == 1
    assert_one_line_error(result.stderr.encode())
    assert "nested too deeply" in result.stderr
    assert "left as it was" in result.stderr
    assert _files(valid_store) == before
    assert temp_files(valid_store) == []
