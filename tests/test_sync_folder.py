"""A store in a shared folder: the conflict copies Syncthing, Nextcloud or Dropbox leave beside it
are told about by `today`, merged by `followup sync`, and removed only once the merge is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from followup.models import FORMAT_VERSION
from followup.store import Store
from followup.store.copies import conflict_copies, is_conflict_copy
from followup.sync import folder, stores
from tests.conftest import Invoke

ADD = ("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-03T10:00")
DAY = "2026-03-04"
SYNCTHING = "followup.sync-conflict-20260304-101010-ABCD123.json"


@pytest.mark.parametrize(
    ("name", "found"),
    [
        (SYNCTHING, True),
        ("followup (conflicted copy).json", True),
        ("followup (conflicted copy) 2.json", True),
        ("followup (conflicted copy 2026-03-04 101010).json", True),
        ("followup (Sam's conflicted copy 2026-03-04).json", True),
        ("followup (Sam's Conflicted Copy).json", True),
        ("followup.json", False),
        ("followup.json.bak", False),
        ("followup.json.history", False),
        ("followup.sync-conflict-20260304-101010-ABCD123.json.lock", False),
        ("followup (copy).json", False),
        ("other.sync-conflict-20260304-101010-ABCD123.json", False),
    ],
)
def test_conflict_copies_are_known_by_their_names(name: str, found: bool) -> None:
    assert is_conflict_copy(name, "followup.json") is found


def _copy_of(store_file: Path, name: str = SYNCTHING) -> Path:
    copy = store_file.with_name(name)
    shutil.copyfile(store_file, copy)
    return copy


def _change_copy(invoke: Invoke, copy: Path, *args: str) -> None:
    """A change the other machine made, in the copy the shared folder then left here."""
    invoke("--store", str(copy), *args, today=DAY)
    for left in copy.parent.glob(copy.name + ".*"):  # its lock and history: the other machine's
        left.unlink()


def _notes(store_file: Path) -> list[str]:
    document = json.loads(store_file.read_bytes())
    return [e.get("note") for app in document["applications"] for e in app["events"] if e.get("note")]


def test_today_tells_of_a_conflict_copy_in_one_line(invoke: Invoke, store_file: Path) -> None:
    invoke(*ADD, today="2026-03-03")
    assert invoke("today", today=DAY).stderr == ""
    _copy_of(store_file)
    result = invoke("today", today=DAY)
    assert result.stderr == (
        f"Note: a conflict copy of followup.json from a shared folder ({SYNCTHING}); `followup sync` merges"
        " them.\n"
    )
    assert "Thank" in result.stdout
    assert invoke("today", "--json", today=DAY).stderr.count("\n") == 1


def test_sync_merges_a_conflict_copy_keeps_both_sides_and_removes_it(
    invoke: Invoke, store_file: Path
) -> None:
    invoke(*ADD, today="2026-03-03")
    copy = _copy_of(store_file)
    invoke("log-contact", "acme", "--note", "here", today=DAY)
    _change_copy(invoke, copy, "log-contact", "acme", "--note", "there")
    _change_copy(invoke, copy, "edit", "acme", "--notes", "from the other machine")

    result = invoke("sync", today=DAY)
    assert result.stdout == f"Merged the conflict copy {SYNCTHING} into the store and removed it.\n"
    assert not copy.exists()
    assert sorted(_notes(store_file)) == ["here", "there"]
    assert json.loads(store_file.read_bytes())["applications"][0]["notes"] == "from the other machine"
    assert invoke("today", today=DAY).stderr == ""
    invoke("undo", today=DAY)  # the merge is one change of the history
    assert _notes(store_file) == ["here"]


def test_a_record_the_copy_holds_as_this_store_had_it_loses_to_this_stores_change(
    invoke: Invoke, store_file: Path
) -> None:
    """The history shows the copy's application as an earlier state of this store's: its ancestor."""
    invoke(*ADD, today="2026-03-03")
    invoke("log-contact", "acme", "--note", "one", today=DAY)
    copy = _copy_of(store_file, "followup (conflicted copy).json")
    invoke("log", "remove", "acme", "1", today=DAY)
    invoke("status", "acme", "applied", today=DAY)
    invoke("sync", today=DAY)
    assert not copy.exists()
    document = json.loads(store_file.read_bytes())
    assert _notes(store_file) == []  # the removal stands
    assert document["applications"][0]["status"] == "applied"


def test_a_value_changed_in_both_is_resolved_by_the_fixed_rule_and_told(
    invoke: Invoke, store_file: Path
) -> None:
    invoke(*ADD, today="2026-03-03")
    copy = _copy_of(store_file)
    invoke("status", "acme", "offer", today=DAY)
    _change_copy(invoke, copy, "status", "acme", "rejected")
    out = invoke("sync", today=DAY).stdout
    assert (
        'Resolved applications/acme/status: changed on both machines; kept "rejected" (the conflict copy\'s),'
        ' not "offer" (this store\'s).' in out
    )
    assert json.loads(store_file.read_bytes())["applications"][0]["status"] == "rejected"


def test_a_copy_that_is_not_a_store_is_reported_and_kept(invoke: Invoke, store_file: Path) -> None:
    invoke(*ADD, today="2026-03-03")
    before = store_file.read_bytes()
    copy = store_file.with_name(SYNCTHING)
    copy.write_bytes(b'{"version": 3, "applications": [')
    result = invoke("sync", today=DAY, ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {copy} is not a valid followup store")
    assert result.stderr.count("\n") == 1
    assert copy.exists() and store_file.read_bytes() == before


def test_the_copy_is_removed_only_after_the_merge_is_written(
    invoke: Invoke, store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke(*ADD, today="2026-03-03")
    copy = _copy_of(store_file)
    _change_copy(invoke, copy, "log-contact", "acme", "--note", "there")

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("followup.store.replace_keeping_backup", disk_full)
        result = invoke("sync", today=DAY, ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: could not write")
    assert copy.exists() and _notes(store_file) == []
    invoke("sync", today=DAY)
    assert not copy.exists() and _notes(store_file) == ["there"]


def test_several_copies_are_merged_one_by_one(store_file: Path, invoke: Invoke) -> None:
    invoke(*ADD, today="2026-03-03")
    names = [SYNCTHING, "followup (Sam's conflicted copy 2026-03-04).json"]
    for n, name in enumerate(names):
        _change_copy(invoke, _copy_of(store_file, name), "log-contact", "acme", "--note", f"copy {n}")
    assert len(conflict_copies(store_file)) == 2
    merged, resolutions = folder.merge_copies(Store(store_file))
    assert resolutions == []  # each only added an entry
    assert sorted(path.name for path in merged) == sorted(names)
    assert sorted(_notes(store_file)) == ["copy 0", "copy 1"]
    assert conflict_copies(store_file) == []
    assert stores.document_of(store_file.read_bytes(), store_file)["version"] == FORMAT_VERSION
