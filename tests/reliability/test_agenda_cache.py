"""The agenda cache never shows an agenda a fresh read would not: each way the store, the config or
the day can change between a write (which keeps the agenda of what it wrote) and `followup today`.

Each test compares `followup today --json` with the cache on to the same command with
`FOLLOWUP_CACHE=off`, which reads and validates the store afresh.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from followup.models import FORMAT_VERSION
from tests.conftest import Invoke, as_json
from tests.reliability.conftest import TODAY, followup_env, run_followup

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


def test_a_store_replaced_by_hand_with_the_same_size_and_time_is_read_afresh(
    store_with_app: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_agrees(invoke, monkeypatch)  # the entry of the file as it is
    before = os.stat(store_with_app)
    raw = store_with_app.read_bytes()
    edited = raw.replace(b'"status": "interviewing"', b'"status": "rejected"    ')
    assert len(edited) == len(raw) and edited != raw
    store_with_app.write_bytes(edited)
    os.utime(store_with_app, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert_agrees(invoke, monkeypatch)
    assert "reply-to-decision" in invoke("today", "--json", today=TODAY).stdout


def test_the_first_write_to_a_format_1_store_keeps_the_agenda_of_what_it_wrote(
    store_file: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.reliability.test_migration import _v1_document

    store_file.parent.mkdir(parents=True)
    store_file.write_text(json.dumps(_v1_document(), indent=4))
    assert_agrees(invoke, monkeypatch)  # read and upgraded in memory
    invoke("log-contact", "acme", "--kind", "follow-up", today=TODAY)  # upgrades it on disk
    assert json.loads(store_file.read_bytes())["version"] == FORMAT_VERSION
    assert_agrees(invoke, monkeypatch)


def test_unknown_fields_and_another_store_get_their_own_agenda(
    store_with_app: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    document = json.loads(store_with_app.read_bytes())
    document["x_sync"] = {"seen": [1, None]}
    document["applications"][0]["x_priority"] = None
    store_with_app.write_text(json.dumps(document))
    invoke("review", "acme", "--went-well", "x", today=TODAY)
    assert_agrees(invoke, monkeypatch)

    other = str(tmp_path / "other" / "followup.json")
    invoke("--store", other, "add", "--company", "Globex", "--role", "SRE", "--applied", today=TODAY)
    assert_agrees(invoke, monkeypatch, "--store", other)
    assert "Globex" in invoke("--store", other, "today", "--json", today=TODAY).stdout
    assert "Globex" not in invoke("today", "--json", today=TODAY).stdout
    assert_agrees(invoke, monkeypatch)


@pytest.mark.parametrize("fault", ["main.write:enospc", "main.replace:eio", "main.replace:interrupt"])
def test_a_write_that_fails_half_way_leaves_no_wrong_agenda(
    store_with_app: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    assert_agrees(invoke, monkeypatch)
    proc = run_followup(
        store_with_app,
        "status",
        "acme",
        "rejected",
        env=followup_env(store_with_app, FOLLOWUP_CACHE=os.environ["FOLLOWUP_CACHE"]),
        fault=fault,
    )
    assert proc.returncode != 0
    # An interrupt right after the rename leaves the new file in place, its agenda not worked out.
    assert (b"rejected" in store_with_app.read_bytes()) is fault.endswith("interrupt")
    assert_agrees(invoke, monkeypatch)


def test_a_writer_that_keeps_no_agenda_leaves_none_that_is_wrong(
    store_with_app: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writers one after the other, the second with the cache off (or racing the first's
    after-write step): the entry kept is for bytes the store no longer holds, and is not used."""
    invoke("log-contact", "acme", "--kind", "follow-up", today=TODAY)
    env = followup_env(store_with_app, FOLLOWUP_CACHE="off")
    assert run_followup(store_with_app, "status", "acme", "rejected", env=env).returncode == 0
    assert_agrees(invoke, monkeypatch)
    assert "reply-to-decision" in invoke("today", "--json", today=TODAY).stdout


def test_a_config_edited_after_a_write_is_a_miss(
    store_with_app: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, config_file: Path
) -> None:
    invoke("log-contact", "acme", "--kind", "follow-up", today=TODAY)
    config_file.write_text("agenda_days = 60\nreply_to_decision_days = 9\n")
    assert_agrees(invoke, monkeypatch)


def test_a_cache_folder_others_can_write_is_not_used(
    store_with_app: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(os.environ["FOLLOWUP_CACHE"])
    invoke("today", "--json", today=TODAY)
    assert list(folder.glob("agenda-*.json"))
    folder.chmod(0o777)
    for entry in folder.glob("agenda-*.json"):
        entry.write_text('{"entries": []}')  # as anyone could, now: followup must not believe it
    os.chmod(entry, 0o600)
    invoke("log-contact", "acme", "--kind", "follow-up", today=TODAY)
    assert_agrees(invoke, monkeypatch)
    assert [p.read_text() for p in folder.glob("agenda-*.json")] == ['{"entries": []}']
