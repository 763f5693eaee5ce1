"""The agenda cache never shows an agenda a fresh read would not: each way the store, the config or
the day can change between a write (which keeps the agenda of what it wrote) and `followup today`.

Each test compares `followup today --json` with the cache on to the same command with
`FOLLOWUP_CACHE=off`, which reads and validates the store afresh.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke, as_json
from tests.reliability.conftest import TODAY

TOMORROW = "2026-03-11"


def fresh(invoke: Invoke, monkeypatch: pytest.MonkeyPatch, *args: str, today: str = TODAY) -> str:
    with monkeypatch.context() as patch:
        patch.setenv("FOLLOWUP_CACHE", "off")
        return invoke(*args, today=today).stdout


def assert_agrees(invoke: Invoke, monkeypatch: pytest.MonkeyPatch, *global_args: str) -> None:
    """`today` (cached, then served from the cache) equals a fresh read, today and tomorrow."""
    for day in (TODAY, TOMORROW):
        expected = fresh(invoke, monkeypatch, *global_args, "today", "--json", today=day)
        assert invoke(*global_args, "today", "--json", today=day).stdout == expected
        assert invoke(*global_args, "today", "--json", today=day).stdout == expected


def test_interview_times_with_a_utc_offset_do_not_stop_every_command(
    store_with_app: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A round written with an offset (by hand, or by another program) next to one without: the times
    could not be compared, and every command stopped with `unexpected TypeError`. They are read as
    the command line keeps them: the wall-clock time."""
    invoke("add", "--app", "acme", "--interview-at", "2026-03-09T15:00", today=TODAY)
    document = json.loads(store_with_app.read_bytes())
    document["applications"][0]["interviews"][0]["at"] = "2026-03-02T10:00:00+05:00"
    store_with_app.write_text(json.dumps(document))

    assert_agrees(invoke, monkeypatch)
    shown = as_json(invoke("show", "acme", "--json", today=TODAY))
    assert [i["at"] for i in shown["interviews"]] == ["2026-03-02T10:00:00", "2026-03-09T15:00:00"]
    invoke("log-contact", "acme", "--note", "x", today=TODAY)
    assert_agrees(invoke, monkeypatch)


def test_an_import_with_utc_offsets_leaves_a_usable_store(
    store_with_app: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An export whose times carry offsets (`Z`, or a Unix time) imported next to local times."""
    export = tmp_path / "other.json"
    invoke("export", "--format", "json", "--output", str(export))
    document = json.loads(export.read_bytes())
    app = document["applications"][0]
    app["id"], app["company"] = "globex", "Globex"
    app["interviews"][0]["at"] = "2026-03-04T09:30:00Z"
    app["interviews"].append({"round": 2, "at": 1773138600})  # 2026-03-10 10:30 UTC
    export.write_text(json.dumps(document))

    invoke("import", str(export), today=TODAY)

    assert_agrees(invoke, monkeypatch)
    shown = as_json(invoke("show", "globex", "--json", today=TODAY))
    assert [i["at"] for i in shown["interviews"]] == ["2026-03-04T09:30:00", "2026-03-10T10:30:00"]
    assert invoke("export", "--format", "ics", today=TODAY).exit_code == 0
