"""`followup undo`: every writing command undone gives back the exact bytes; refusals name the change
in the way; an undo is undone; a write that died half-way leaves no false history."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from followup.models import FORMAT_VERSION
from followup.store import history
from tests.conftest import Invoke, as_json

DAY = "2026-03-03"


def setup_acme(invoke: Invoke) -> None:
    invoke(
        "add",
        "--company",
        "Acme",
        "--role",
        "Dev",
        "--interview-at",
        "2026-03-02T10:00",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        today=DAY,
    )
    invoke("add", "--company", "Initech", "--role", "Analyst", "--applied", today=DAY)
    invoke("contact", "add", "Ann Net", "--company", "Acme", "--relation", "network", today=DAY)


def export(invoke: Invoke) -> str:
    return invoke("export", "--format", "json", today=DAY).stdout


def _csv(tmp_path: Path) -> str:
    path = tmp_path / "jobs.csv"
    path.write_text("company,role,status\nGlobex,Ops,applied\nHooli,Dev,rejected\n", encoding="utf-8")
    return str(path)


def _backup(tmp_path: Path, invoke: Invoke) -> str:
    other = str(tmp_path / "other.json")
    invoke("--store", other, "add", "--company", "Acme", "--role", "Lead", "--applied", today=DAY)
    invoke("--store", other, "add", "--company", "Umbrella", "--role", "QA", "--applied", today=DAY)
    invoke("--store", other, "contact", "add", "Ann Net", "--email", "ann@x.example", today=DAY)
    invoke("--store", other, "contact", "add", "Ben Ref", "--relation", "reference", today=DAY)
    path = tmp_path / "backup.json"
    path.write_text(invoke("--store", other, "export", "--format", "json", today=DAY).stdout)
    return str(path)


# Each writing command: (what to do first, the command undone).
WRITES = {
    "add": ([], ["add", "--company", "Globex", "--role", "Ops", "--applied"]),
    "add --app": ([], ["add", "--app", "acme", "--interview-at", "2026-03-03T09:00"]),
    "log-contact": ([], ["log-contact", "acme", "--kind", "thank-you", "--with", "Jane Doe"]),
    "status": ([], ["status", "acme", "rejected", "--reapply-after", "2026-09-01"]),
    "done": ([], ["done", "acme", "thank-you"]),
    "review": ([], ["review", "acme", "--went-well", "rapport", "--improve", "numbers"]),
    "contact add": ([], ["contact", "add", "Ben Ref", "--relation", "reference"]),
    "snooze": ([], ["snooze", "acme", "thank-you", "--until", "2026-03-09"]),
    "unsnooze": (
        [["snooze", "acme", "thank-you", "--until", "2026-03-09"]],
        ["unsnooze", "acme", "thank-you"],
    ),
    "dismiss": ([], ["dismiss", "acme", "thank-you"]),
    "import csv": ([], ["import", "CSV"]),
    "import json": ([], ["import", "BACKUP"]),
    "import json --replace": ([], ["import", "--replace", "BACKUP"]),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_undo_after_each_writing_command_gives_back_the_exact_bytes(
    name: str, invoke: Invoke, store_file: Path, tmp_path: Path
) -> None:
    setup_acme(invoke)
    first, command = WRITES[name]
    for args in first:
        invoke(*args, today=DAY)
    files = {"CSV": _csv(tmp_path), "BACKUP": _backup(tmp_path, invoke) if "json" in name else ""}
    command = [files.get(word, word) for word in command]
    before, raw = export(invoke), store_file.read_bytes()
    invoke(*command, today=DAY)
    assert store_file.read_bytes() != raw

    result = invoke("undo", today=DAY)

    assert result.stdout.startswith("Undid change ")
    assert export(invoke) == before
    assert store_file.read_bytes() == raw


def test_the_list_shows_number_time_command_and_summary(invoke: Invoke) -> None:
    setup_acme(invoke)
    invoke("log-contact", "acme", "--kind", "thank-you", "--with", "Jane Doe", today=DAY)
    invoke("status", "acme", "rejected", today=DAY)
    lines = invoke("undo", "--list", today=DAY).stdout.splitlines()
    assert len(lines) == 5
    assert lines[0].split()[0] == "5"
    assert lines[0].endswith("status acme rejected  (acme: status interviewing → rejected)")
    assert lines[1].endswith(
        "log-contact acme --kind thank-you --with 'Jane Doe'  (acme: logged thank-you with Jane Doe)"
    )
    assert lines[2].endswith(
        "contact add 'Ann Net' --company Acme --relation network  (added contact Ann Net)"
    )
    assert lines[4].split()[0] == "1" and lines[4].endswith("(added acme (Acme · Dev))")
    assert f" {DAY} " in lines[0]
    changes = as_json(invoke("undo", "--list", "--json", today=DAY))
    assert [c["number"] for c in changes] == [5, 4, 3, 2, 1]
    assert changes[0]["command"] == "status acme rejected"
    assert changes[0]["undone_by"] is None


def test_undo_with_an_empty_history_is_a_one_line_error(invoke: Invoke, store_file: Path) -> None:
    result = invoke("undo", today=DAY, ok=False)
    assert result.exit_code == 1
    assert result.stderr == "Error: nothing to undo: no change has been recorded yet\n"
    assert not store_file.exists()
    assert invoke("undo", "--list", today=DAY).stdout == "No changes recorded yet.\n"


def test_an_unknown_number_is_refused(invoke: Invoke, store_file: Path) -> None:
    setup_acme(invoke)
    raw = store_file.read_bytes()
    result = invoke("undo", "9", today=DAY, ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no change 9 in the history")
    assert store_file.read_bytes() == raw
    assert invoke("undo", "0", today=DAY, ok=False).exit_code == 2
    assert invoke("undo", "2", "--list", today=DAY, ok=False).exit_code == 2


def test_a_change_touched_since_is_not_undone_and_the_later_change_is_named(
    invoke: Invoke, store_file: Path
) -> None:
    setup_acme(invoke)
    invoke("log-contact", "acme", "--kind", "other", "--note", "called", today=DAY)  # 4
    invoke("status", "initech", "ghosted", today=DAY)  # 5
    invoke("status", "acme", "rejected", today=DAY)  # 6
    invoke("review", "initech", "--improve", "ask sooner", today=DAY)  # 7
    raw = store_file.read_bytes()

    result = invoke("undo", "4", today=DAY, ok=False)

    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot undo 4 (log-contact acme): change 6 (status acme) changed acme since; undo 6 first\n"
    )
    assert store_file.read_bytes() == raw
    # A change whose records nothing touched since is undone, out of order.
    invoke("undo", "6", today=DAY)
    assert "Undid change 4 " in invoke("undo", "4", today=DAY).stdout
    app = as_json(invoke("show", "acme", "--json", today=DAY))
    assert app["events"] == [] and app["status"] == "interviewing"
    assert as_json(invoke("show", "initech", "--json", today=DAY))["status"] == "ghosted"


def test_undoing_an_undo_does_the_change_again(invoke: Invoke, store_file: Path) -> None:
    setup_acme(invoke)
    invoke("status", "acme", "rejected", today=DAY)  # 4
    done = store_file.read_bytes()
    invoke("undo", today=DAY)  # 5 undoes 4
    assert invoke("undo", "4", today=DAY, ok=False).stderr == (
        "Error: change 4 (status acme) is undone already, by change 5; `followup undo 5` does it again\n"
    )
    result = invoke("undo", "5", today=DAY)  # 6 redoes 4
    assert result.stdout == "Undid change 5 (undo), which undid change 4 (status acme).\n"
    assert store_file.read_bytes() == done
    listed = as_json(invoke("undo", "--list", "--json", today=DAY))
    assert [(c["number"], c["undoes"], c["undone_by"]) for c in listed[:3]] == [
        (6, 5, None),
        (5, 4, 6),
        (4, None, None),
    ]


def test_repeated_undo_walks_back_to_the_start(invoke: Invoke, store_file: Path) -> None:
    invoke("contact", "add", "Ann Net", today=DAY)
    start = store_file.read_bytes()
    invoke("add", "--company", "Acme", "--role", "Dev", "--applied", today=DAY)
    invoke("log-contact", "acme", "--note", "sent", today=DAY)
    invoke("undo", today=DAY)
    invoke("undo", "4", today=DAY)  # the log-contact again
    for _ in range(2):
        invoke("undo", today=DAY)
    assert store_file.read_bytes() == start
    invoke("undo", today=DAY)
    assert as_json(invoke("contact", "list", "--json", today=DAY)) == []
    result = invoke("undo", today=DAY, ok=False)
    assert result.stderr == "Error: nothing to undo: every change in the history is undone already\n"


def test_a_hand_edit_of_the_same_record_is_not_overwritten(invoke: Invoke, store_file: Path) -> None:
    setup_acme(invoke)
    invoke("status", "acme", "rejected", today=DAY)
    document = json.loads(store_file.read_bytes())
    document["applications"][0]["notes"] = "written by hand"
    store_file.write_text(json.dumps(document, indent=1))
    raw = store_file.read_bytes()
    result = invoke("undo", today=DAY, ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot undo 4 (status acme): acme changed since outside followup (by hand?);"
        " nothing was undone\n"
    )
    assert store_file.read_bytes() == raw
    invoke("undo", "3", today=DAY)  # the contact, which the hand edit left alone
    assert as_json(invoke("contact", "list", "--json", today=DAY)) == []


def test_a_write_that_died_before_the_store_was_replaced_leaves_no_history(
    invoke: Invoke, store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_acme(invoke)
    before, raw = export(invoke), store_file.read_bytes()
    invoke("log-contact", "acme", "--note", "sent", today=DAY)
    after = store_file.read_bytes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", refuse)
        failed = invoke("status", "acme", "rejected", today=DAY, ok=False)
    assert failed.exit_code == 1 and failed.stderr.startswith("Error: could not write")
    assert store_file.read_bytes() == after
    lines = history.history_path(store_file).read_bytes().splitlines()
    assert len(lines) == 5  # the entry of the write that never happened is there, and ignored

    listed = invoke("undo", "--list", today=DAY).stdout
    assert "status acme" not in listed
    assert invoke("undo", today=DAY).stdout.startswith("Undid change 4 (log-contact acme --note sent)")
    assert export(invoke) == before and store_file.read_bytes() == raw
    invoke("status", "acme", "rejected", today=DAY)
    assert [c["number"] for c in as_json(invoke("undo", "--list", "--json", today=DAY))][:2] == [6, 5]


def test_a_line_cut_short_by_a_crash_is_skipped(invoke: Invoke, store_file: Path) -> None:
    setup_acme(invoke)
    path = history.history_path(store_file)
    with path.open("ab") as handle:
        handle.write(b'{"seq": 4, "before": null, "after": "ab')
    invoke("status", "acme", "rejected", today=DAY)
    assert [c["number"] for c in as_json(invoke("undo", "--list", "--json", today=DAY))] == [4, 3, 2, 1]
    assert invoke("undo", today=DAY).stdout.startswith("Undid change 4 (status acme rejected)")


def test_the_history_is_private_and_keeps_the_last_changes(
    invoke: Invoke, store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history, "KEEP", 5)
    invoke("add", "--company", "Acme", "--role", "Dev", "--applied", today=DAY)
    for n in range(30):
        invoke("log-contact", "acme", "--note", f"note {n}", today=DAY)
    path = history.history_path(store_file)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert len(path.read_bytes().splitlines()) <= 5 + history._SLACK
    numbers = [c["number"] for c in as_json(invoke("undo", "--list", "--json", today=DAY))]
    assert numbers[0] == 31 and numbers == sorted(numbers, reverse=True) and 31 - numbers[-1] < 5 + 20
    invoke("undo", today=DAY)
    assert as_json(invoke("show", "acme", "--json", today=DAY))["events"][-1]["note"] == "note 28"


def test_a_symlinked_history_is_refused(invoke: Invoke, store_file: Path, tmp_path: Path) -> None:
    setup_acme(invoke)
    raw = store_file.read_bytes()
    path = history.history_path(store_file)
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere")
    result = invoke("status", "acme", "rejected", today=DAY, ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot read ") and str(path) in result.stderr
    assert store_file.read_bytes() == raw


def test_a_store_laid_out_by_hand_is_undone_to_the_same_data(invoke: Invoke, store_file: Path) -> None:
    setup_acme(invoke)
    history.history_path(store_file).unlink()
    document = json.loads(store_file.read_bytes())
    document["x_by_hand"] = {"kept": True}
    store_file.write_text(json.dumps(document, indent=4))
    before = export(invoke)
    invoke("status", "acme", "rejected", today=DAY)
    assert invoke("undo", today=DAY).stdout.startswith("Undid change 1 (status acme rejected)")
    assert export(invoke) == before
    assert json.loads(store_file.read_bytes()) == document


def test_the_first_write_to_an_older_format_is_undone_in_the_new_one(
    invoke: Invoke, store_file: Path
) -> None:
    from tests.reliability.test_migration import V2_INTERVIEWERS, _v1_document

    store_file.parent.mkdir(parents=True)
    store_file.write_text(json.dumps(_v1_document(), indent=4))
    before = export(invoke)
    invoke("log-contact", "acme", "--note", "sent", today=DAY)
    listed = as_json(invoke("undo", "--list", "--json", today=DAY))
    assert [c["summary"] for c in listed] == ["acme: logged follow-up"]  # not the upgrade itself
    invoke("undo", today=DAY)
    assert export(invoke) == before
    document = json.loads(store_file.read_bytes())
    assert document["version"] == FORMAT_VERSION
    assert document["applications"][0]["interviews"][0]["interviewers"] == V2_INTERVIEWERS
    assert store_file.with_name(store_file.name + ".v1.bak").exists()


def test_an_import_is_summed_up_and_undone_whole(invoke: Invoke, store_file: Path, tmp_path: Path) -> None:
    setup_acme(invoke)
    raw = store_file.read_bytes()
    rows = "".join(f"Company {n},Role {n}\n" for n in range(12))
    path = tmp_path / "big.csv"
    path.write_text("company,role\n" + rows, encoding="utf-8")
    invoke("import", str(path), today=DAY)
    (latest, *_) = as_json(invoke("undo", "--list", "--json", today=DAY))
    assert latest["summary"] == "added 12 applications"
    assert latest["command"] == f"import {path}"
    invoke("undo", today=DAY)
    assert store_file.read_bytes() == raw


def test_each_line_chains_the_digests_of_the_store_bytes(invoke: Invoke, store_file: Path) -> None:
    import hashlib

    invoke("add", "--company", "Acme", "--role", "Dev", "--applied", today=DAY)
    first = store_file.read_bytes()
    invoke("status", "acme", "rejected", today=DAY)
    lines = [json.loads(line) for line in history.history_path(store_file).read_bytes().splitlines()]
    assert [list(line)[:7] for line in lines] == [
        ["seq", "before", "after", "at", "command", "undoes", "records"]
    ] * 2
    assert lines[0]["before"] is None
    assert lines[0]["after"] == lines[1]["before"] == hashlib.sha256(first).hexdigest()
    assert lines[1]["after"] == hashlib.sha256(store_file.read_bytes()).hexdigest()
    assert lines[1]["command"] == "status acme rejected" and lines[1]["at"].startswith(DAY)
    (change,) = lines[1]["records"]
    assert (change["list"], change["key"], change["index_before"], change["index_after"]) == (
        "applications",
        "acme",
        0,
        0,
    )
    assert (change["before"]["status"], change["after"]["status"]) == ("applied", "rejected")
    assert lines[1]["top"] == {}


def test_a_redo_undone_again_by_number_is_not_undone_a_second_time(invoke: Invoke, store_file: Path) -> None:
    """contact add, undo, undo 3 (the redo), undo 2 (the contact add, again): the next `undo` walks
    on to the change before, instead of refusing on the redo that `undo 2` already took back."""
    setup_acme(invoke)
    history_file = store_file.with_name(store_file.name + ".history")
    history_file.unlink()
    start = store_file.read_bytes()
    invoke("log-contact", "acme", "--note", "x", today=DAY)  # change 1
    invoke("contact", "add", "Ann", today=DAY)  # 2
    invoke("undo", today=DAY)  # 3: undoes 2
    invoke("undo", "3", today=DAY)  # 4: redoes 2
    invoke("undo", "2", today=DAY)  # 5: undoes 2 again
    invoke("undo", today=DAY)  # undoes 1
    final = invoke("undo", today=DAY, ok=False)
    assert final.exit_code == 1 and "nothing to undo" in final.stderr
    assert store_file.read_bytes() == start


def test_an_undone_change_is_refused_even_when_a_later_change_made_its_records_the_same(
    invoke: Invoke, store_file: Path
) -> None:
    setup_acme(invoke)
    invoke("edit", "acme", "--notes", "x", today=DAY)  # the change undone
    invoke("undo", today=DAY)
    invoke("edit", "acme", "--notes", "x", today=DAY)  # the same again, as a change of its own
    changes = as_json(invoke("undo", "--list", "--json"))
    first = min(c["number"] for c in changes if c["command"].startswith("edit"))
    before = store_file.read_bytes()
    result = invoke("undo", str(first), today=DAY, ok=False)
    assert result.exit_code == 1
    assert "is undone already" in result.stderr
    assert store_file.read_bytes() == before


def test_undo_n_is_refused_while_a_later_change_in_effect_touched_its_records(
    invoke: Invoke, store_file: Path
) -> None:
    setup_acme(invoke)
    for notes in ("x", "y", "x"):  # the last makes acme as the first left it, by a change of its own
        invoke("edit", "acme", "--notes", notes, today=DAY)
    changes = as_json(invoke("undo", "--list", "--json"))
    first, last = (f(c["number"] for c in changes if c["command"].startswith("edit")) for f in (min, max))
    before = store_file.read_bytes()
    result = invoke("undo", str(first), today=DAY, ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot undo {first} (edit acme): change {last} (edit acme) changed acme since;"
        f" undo {last} first\n"
    )
    assert store_file.read_bytes() == before
    for _ in range(3):
        invoke("undo", today=DAY)
    assert as_json(invoke("show", "acme", "--json", today=DAY))["notes"] is None
