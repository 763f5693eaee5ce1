"""The archive of settled applications: what moves, that no command sees a difference, and that every
step of a move is safe to stop at."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from followup import rules
from followup.app.archive import Archiving
from followup.errors import CorruptStoreError
from followup.models import Settings, StoreData
from followup.rules.settled import horizon, last_day, settled_from
from followup.store import Store, archive, history
from tests.conftest import Invoke, as_json


def _add(company: str, at: str) -> tuple[str, ...]:
    return ("add", "--company", company, "--role", "Dev", "--interview-at", at)


ADD_OLD = _add("Oldco", "2025-01-06T10:00")
ADD_NEW = _add("Newco", "2025-06-02T10:00")
LATER = "2025-06-03"  # Oldco's rejection (Jan 2025) is long settled by then


def _old_and_new(invoke: Invoke) -> None:
    """Oldco, rejected in January; Newco, added then for an interview in June: the first write from
    the spring on moves Oldco."""
    invoke(*ADD_OLD, today="2025-01-06")
    invoke(*ADD_NEW, today="2025-01-07")
    invoke("log-contact", "oldco", "--inbound", "--outcome", "rejected", today="2025-01-10")


def _file(store_file: Path) -> dict:
    return json.loads(store_file.read_bytes())


def _agenda_of_everything(store_file: Path, day: str) -> list[tuple]:
    """The agenda the rules make of all the data, the archived applications in it."""
    actions = rules.agenda(Store(store_file).load(), date.fromisoformat(day), Settings())
    return [(a.app, str(a.action), a.start.isoformat(), a.due.isoformat(), a.reason) for a in actions]


def _agenda_shown(invoke: Invoke, day: str) -> list[tuple]:
    shown = json.loads(invoke("today", "--json", "--all", "--days", "366", today=day).stdout)["actions"]
    return [(a["app"], a["action"], a["start"], a["due"], a["reason"]) for a in shown]


def test_a_write_moves_a_settled_application_to_the_archive(invoke: Invoke, store_file: Path) -> None:
    invoke(*ADD_OLD, today="2025-01-06")
    invoke("log-contact", "oldco", "--inbound", "--outcome", "rejected", today="2025-01-10")
    assert "archive" not in _file(store_file)
    invoke(*ADD_NEW, today="2025-06-02")  # the first write after it is settled
    document = _file(store_file)
    assert [a["id"] for a in document["applications"]] == ["newco"]
    assert list(document["archive"]["apps"]) == ["oldco"]
    assert document["archive"]["since"] == "2025-06-02"
    path = archive.archive_path(store_file)
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert path.read_bytes().startswith(b'{"followup_archive": 1}\n')
    # Nothing a command shows changed: the agenda, the lists, one application, the export.
    for day in ("2025-06-02", LATER, "2025-09-01", "2026-06-02"):
        assert _agenda_shown(invoke, day) == _agenda_of_everything(store_file, day)
    assert "oldco" in [row["id"] for row in as_json(invoke("list", "--all", "--json", today=LATER))]
    assert as_json(invoke("show", "oldco", "--json", today=LATER))["status"] == "rejected"
    exported = json.loads(invoke("export", "--format", "json", today=LATER).stdout)
    assert [a["id"] for a in exported["applications"]] == ["oldco", "newco"]
    assert "archive" not in exported


def test_nothing_moves_while_the_application_could_still_be_acted_on(
    invoke: Invoke, store_file: Path
) -> None:
    _old_and_new(invoke)
    settings = Settings()
    old = Store(store_file).load().applications[0]
    first_day = settled_from(old, settings)
    assert first_day == date.fromordinal(last_day(old).toordinal() + horizon(settings))
    day_before = date.fromordinal(first_day.toordinal() - 1).isoformat()
    invoke("log-contact", "newco", "--note", "a", today=day_before)
    assert "archive" not in _file(store_file)
    invoke("log-contact", "newco", "--note", "b", today=first_day.isoformat())
    assert list(_file(store_file)["archive"]["apps"]) == ["oldco"]


def test_an_offer_an_acceptance_and_an_open_action_keep_an_application_in_the_file(
    invoke: Invoke, store_file: Path
) -> None:
    _old_and_new(invoke)
    invoke("status", "newco", "accepted", today="2025-06-10")
    invoke("status", "newco", "withdrawn", today="2025-06-11")
    invoke(*_add("Reapplyco", "2025-01-06T10:00"), today="2025-01-06")
    invoke("status", "reapplyco", "rejected", "--reapply-after", "2025-02-01", today="2025-01-10")
    invoke("log-contact", "oldco", "--note", "x", today="2025-01-11")
    invoke("log-contact", "newco", "--note", "y", today="2026-06-01")
    document = _file(store_file)
    kept = [a["id"] for a in document["applications"]]
    # Once accepted, for good (the other applications' withdrawal reads it); an apply-again never
    # done stays on the agenda, overdue, so its application stays too.
    assert "newco" in kept and "reapplyco" in kept
    assert "oldco" not in kept


def test_log_contact_on_an_archived_application_brings_it_back(invoke: Invoke, store_file: Path) -> None:
    _old_and_new(invoke)
    invoke("log-contact", "newco", "--note", "a", today=LATER)
    assert "archive" in _file(store_file)
    result = invoke("log-contact", "oldco", "--inbound", "--note", "a new opening?", today=LATER)
    assert "Oldco" in result.stdout
    document = _file(store_file)
    assert sorted(a["id"] for a in document["applications"]) == ["newco", "oldco"]
    assert "archive" not in document
    notes = [e.get("note") for e in as_json(invoke("show", "oldco", "--json", today=LATER))["events"]]
    assert "a new opening?" in notes


def test_a_name_that_might_mean_an_archived_application_is_resolved_among_all(
    invoke: Invoke, store_file: Path
) -> None:
    _old_and_new(invoke)
    invoke(*_add("Oldcorp", "2025-01-08T09:00"), today="2025-01-08")
    invoke("log-contact", "newco", "--note", "a", today=LATER)
    assert list(_file(store_file)["archive"]["apps"]) == ["oldco"]
    # "old" is a prefix of both the live Oldcorp and the archived Oldco: ambiguous, as without an archive.
    result = invoke("log-contact", "old", "--note", "b", today=LATER, ok=False)
    assert result.exit_code == 1
    assert "matches several applications" in result.stderr and "oldco" in result.stderr
    missing = invoke("log-contact", "zzz", "--note", "b", today=LATER, ok=False)
    assert missing.exit_code == 1 and "no application 'zzz'" in missing.stderr
    assert "oldco" not in [a["id"] for a in _file(store_file)["applications"]]


def test_undo_puts_back_a_change_to_an_application_archived_since(invoke: Invoke, store_file: Path) -> None:
    _old_and_new(invoke)
    invoke("log-contact", "oldco", "--note", "to undo", today="2025-01-12")
    invoke("log-contact", "newco", "--note", "moves oldco", today=LATER)
    assert "oldco" in _file(store_file)["archive"]["apps"]
    change = next(c for c in as_json(invoke("undo", "--list", "--json")) if "to undo" in c["command"])
    invoke("undo", str(change["number"]), today=LATER)
    notes = [e.get("note") for e in as_json(invoke("show", "oldco", "--json", today=LATER))["events"]]
    assert "to undo" not in notes
    # Undoing the write that moved it changes the entry it made, not where the application is kept.
    invoke("undo", "--list", "--json")
    logical = Store(store_file).load()
    assert sorted(a.id for a in logical.applications) == ["newco", "oldco"]


def test_the_history_of_a_move_records_no_change_of_the_moved_application(
    invoke: Invoke, store_file: Path
) -> None:
    _old_and_new(invoke)
    invoke("log-contact", "newco", "--note", "moves oldco", today=LATER)
    last = history.current_entries(store_file)[-1]
    assert [(r.list, r.key) for r in last.records] == [("applications", "newco")]
    assert "archive" not in last.top


@pytest.mark.parametrize("step", ["append", "journal", "replace"])
def test_a_move_stopped_at_any_step_leaves_the_store_as_it_was(
    step: str, invoke: Invoke, store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _old_and_new(invoke)
    logical = Store(store_file).read_logical()
    raw = store_file.read_bytes()

    def fail(*args: object, **kwargs: object) -> None:
        if step == "append":  # half a line written, then the disk fails
            path = args[0]
            assert isinstance(path, Path)
            with open(path, "ab") as handle:
                handle.write(b'{"followup_archive": 1}\n{"id": "oldco", "comp')
        raise OSError(28, "No space left on device")

    target = {
        "append": (archive, "_append_bytes"),
        "journal": (history, "_write"),
        "replace": ("followup.store.replace_keeping_backup", None),
    }[step]
    with monkeypatch.context() as patched:
        if target[1] is None:
            patched.setattr(str(target[0]), fail)
        else:
            patched.setattr(target[0], target[1], fail)
        result = invoke("log-contact", "newco", "--note", "x", today=LATER, ok=False)
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert store_file.read_bytes() == raw
    assert Store(store_file).read_logical() == logical
    # The next write moves it, once, and nothing is lost or doubled.
    invoke("log-contact", "newco", "--note", "y", today=LATER)
    everything = Store(store_file).load()
    assert [a.id for a in everything.applications] == ["oldco", "newco"]
    assert [e.note for e in everything.applications[1].events].count("y") == 1


def test_a_missing_or_damaged_archive_is_reported_and_never_written(invoke: Invoke, store_file: Path) -> None:
    _old_and_new(invoke)
    invoke("log-contact", "newco", "--note", "a", today=LATER)
    path = archive.archive_path(store_file)
    good = path.read_bytes()
    path.write_bytes(b'{"followup_archive": 1}\n{"id": "other"}\n')
    raw = store_file.read_bytes()
    commands = [
        ("list", "--all"),
        ("show", "oldco"),
        ("export", "--format", "json"),
        ("status", "oldco", "ghosted"),
    ]
    for command in commands:
        result = invoke(*command, today=LATER, ok=False)
        assert result.exit_code == 1, command
        assert "lists application 'oldco' as archived" in result.stderr and result.stderr.count("\n") == 1
    assert path.read_bytes() == b'{"followup_archive": 1}\n{"id": "other"}\n'
    assert store_file.read_bytes() == raw
    path.unlink()
    assert "there is no" in invoke("list", "--all", today=LATER, ok=False).stderr
    path.write_bytes(b'{"followup_archive": 2}\n')
    newer = invoke("list", "--all", today=LATER, ok=False)
    assert newer.exit_code == 1 and "newer followup" in newer.stderr
    path.write_bytes(good)
    assert invoke("list", "--all", today=LATER).exit_code == 0


def test_a_day_before_the_latest_move_reads_the_archive(invoke: Invoke, store_file: Path) -> None:
    _old_and_new(invoke)
    early = invoke("today", "--json", today="2025-01-11").stdout
    invoke("log-contact", "newco", "--note", "a", today=LATER)
    assert "oldco" in _file(store_file)["archive"]["apps"]
    assert invoke("today", "--json", today="2025-01-11").stdout == early
    assert "Oldco" in early


def test_settings_that_widen_the_windows_read_the_archive_and_move_back(
    invoke: Invoke, store_file: Path, config_file: Path
) -> None:
    _old_and_new(invoke)
    invoke("log-contact", "newco", "--note", "a", today=LATER)
    assert "oldco" in _file(store_file)["archive"]["apps"]
    config_file.write_text("stale_after_business_days = 260\n", encoding="utf-8")
    store = Store(store_file)
    wider = Settings(stale_after_business_days=260)
    store.archiver = Archiving(SimpleNamespace(today=date(2025, 6, 3), settings=wider))  # type: ignore[arg-type]
    assert [a.id for a in store.load(full=False).applications] == ["oldco", "newco"]
    invoke("log-contact", "newco", "--note", "b", today=LATER)
    assert sorted(a["id"] for a in _file(store_file)["applications"]) == ["newco", "oldco"]


def test_a_write_compacts_the_lines_nobody_lists(invoke: Invoke, store_file: Path) -> None:
    _old_and_new(invoke)
    path = archive.archive_path(store_file)
    counts = []
    for n in range(60):  # each edit of the archived Oldco appends its new line; the old one is left
        invoke("edit", "oldco", "--notes", f"note {n}", today=LATER)
        lines = archive.read(path, 1 << 30)
        assert lines is not None
        counts.append(lines.count)
    assert max(counts) >= 50 and counts[-1] < 20  # written again whole, with the listed lines only
    everything = Store(store_file).load()
    assert [(a.id, a.notes) for a in everything.applications] == [("oldco", "note 59"), ("newco", None)]
    assert "oldco" in _file(store_file)["archive"]["apps"]
    invoke("undo", today=LATER)
    assert Store(store_file).load().applications[0].notes == "note 58"


def test_a_store_without_an_archive_is_written_as_before(store_file: Path) -> None:
    store = Store(store_file)
    with store.transaction() as data:
        assert isinstance(data, StoreData)
        data.contacts = []
    assert not archive.archive_path(store_file).exists()


def test_a_line_in_a_shared_folders_conflict_copy_of_the_archive_is_found_there(
    invoke: Invoke, store_file: Path
) -> None:
    _old_and_new(invoke)
    invoke("log-contact", "newco", "--note", "a", today=LATER)
    path = archive.archive_path(store_file)
    # The other machine appended the line at the same time: the folder's tool kept its archive aside.
    copy = path.with_name("followup.json.sync-conflict-20250603-101010-ABC1234.archive")
    path.rename(copy)
    path.write_bytes(b'{"followup_archive": 1}\n')
    assert as_json(invoke("show", "oldco", "--json", today=LATER))["status"] == "rejected"
    invoke("edit", "newco", "--notes", "a full write", today=LATER)  # writes the archive whole, with it
    copy.unlink()
    assert as_json(invoke("show", "oldco", "--json", today=LATER))["status"] == "rejected"


def test_the_daily_commands_on_an_application_of_the_file_never_read_the_archive(
    invoke: Invoke, store_file: Path
) -> None:
    _old_and_new(invoke)
    invoke("log-contact", "newco", "--note", "a", today=LATER)
    path = archive.archive_path(store_file)
    good = path.read_bytes()
    path.write_bytes(b"not an archive\n")  # every command that reads it now stops
    for command in (
        ("today",),
        ("list",),
        ("show", "newco"),
        ("why", "newco"),
        ("draft", "newco", "follow-up"),
        ("log-contact", "newco", "--note", "b"),
        ("snooze", "newco", "review", "--until", "2025-06-20"),
        ("unsnooze", "newco", "review"),
        ("dismiss", "newco", "review"),
        ("review", "newco", "--improve", "SQL"),
        ("status", "newco", "interviewing", "--on", LATER),
        ("export", "--format", "ics"),  # open actions and coming interviews: never of a settled one
    ):
        assert invoke(*command, today=LATER).exit_code == 0, command
    for command in (
        ("show", "oldco"),
        ("status", "oldco", "ghosted"),
        ("list", "--all"),
        ("show", "old"),
        ("export", "--format", "csv"),
    ):
        result = invoke(*command, today=LATER, ok=False)
        assert result.exit_code == 1 and "not a valid followup archive" in result.stderr, command
    path.write_bytes(good)
    # Named by id, company or a prefix, an archived application is found and changed.
    invoke("review", "Oldco", "--improve", "ask about the team", today=LATER)
    nothing = invoke("dismiss", "oldc", "review", today=LATER, ok=False)  # a prefix, and nothing open
    assert nothing.exit_code == 1 and nothing.stderr == "Error: oldco has no open review\n"
    improved = [r["improve"] for r in as_json(invoke("show", "oldco", "--json", today=LATER))["reviews"]]
    assert "ask about the team" in improved


def test_stats_read_the_archive_one_application_at_a_time_and_count_them_all(
    invoke: Invoke, store_file: Path
) -> None:
    _old_and_new(invoke)
    before = invoke("stats", "--json", today=LATER).stdout
    invoke("log-contact", "newco", "--note", "a", today="2025-06-02")
    invoke("log-contact", "newco", "--note", "moves oldco", today=LATER)
    assert "oldco" in _file(store_file)["archive"]["apps"]
    after = json.loads(invoke("stats", "--json", today=LATER).stdout)
    expected = json.loads(before)
    for key in ("follow_ups", "follow_ups_per_application"):  # the two notes are follow-ups of Newco
        expected[key] = after[key]
    assert after == expected and after["funnel"]["applied"] == 2
    archive.archive_path(store_file).write_bytes(b'{"followup_archive": 1}\n')
    broken = invoke("stats", today=LATER, ok=False)
    assert broken.exit_code == 1 and "lists application 'oldco' as archived" in broken.stderr


def test_a_reader_that_finds_the_archive_rewritten_under_it_reads_again(
    invoke: Invoke, store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reads take no lock: writes between reading the store file and its archive may have written the
    archive again without a line the file read lists. The reader reads both again."""
    from followup.store import moves

    _old_and_new(invoke)
    invoke("log-contact", "newco", "--note", "a", today=LATER)
    stale = store_file.read_bytes()
    invoke("edit", "oldco", "--notes", "changed meanwhile", today=LATER)  # a new line for oldco
    assert store_file.read_bytes() != stale
    store = Store(store_file)
    real_read, reads = store._read, []

    def first_the_stale_file() -> tuple[bytes, os.stat_result] | None:
        found = real_read()
        reads.append(found)
        assert found is not None
        return (stale, found[1]) if len(reads) == 1 else found

    real_join = moves.join

    def join_without_the_old_line(data: object, *args: object) -> object:
        if len(reads) == 1:  # what a compaction in between would have left
            raise archive.corrupt(store.archive_path, "the line is gone")
        return real_join(data, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_read", first_the_stale_file)
    monkeypatch.setattr(moves, "join", join_without_the_old_line)
    everything = store.load()
    assert len(reads) == 3  # the stale file, the check that it changed, the new file
    assert next(a for a in everything.applications if a.id == "oldco").notes == "changed meanwhile"
    # A damaged archive under an unchanged file is reported, not read again and again.
    monkeypatch.setattr(store, "_read", real_read)
    monkeypatch.setattr(
        moves, "join", lambda *args: (_ for _ in ()).throw(archive.corrupt(store.archive_path, "x"))
    )
    with pytest.raises(CorruptStoreError):
        store.load()
