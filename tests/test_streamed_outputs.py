"""`export --format json` and `list --all` go through the applications one at a time (the archive's
read line by line) and print exactly what they printed of all the data at once.

Random searches written on a day so that the write archives what is settled, then each output of the
archived store compared with the output of the same data kept in one file (a Store without an
archiver never moves anything): the json export, `list --all` as JSON and as a table at several
widths, with colour and without, the archive's lines in their order or shuffled, the early ones kept
in memory or in a temporary file.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import stat
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from followup import ordered, rules
from followup.cli import cli
from followup.formats.common import EXPORT_FORMAT
from followup.kinds import Status
from followup.models import FORMAT_VERSION, Application, Settings, StoreData
from followup.output.plain import app_json
from followup.store import Store
from followup.store.archive import archive_path
from followup.store.codec import decode, encode, encode_data
from tests.conftest import Invoke
from tests.reliability.test_properties import stores
from tests.test_archive_properties import START, _numbered, _written_on, applications, windows

# in_place_order ------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(st.binary(max_size=20), max_size=40),
    seed=st.randoms(use_true_random=False),
    limit=st.sampled_from([0, 5, 50, 10_000]),
)
def test_pieces_in_any_order_come_back_in_the_order_of_their_places(
    pieces: list[bytes], seed: random.Random, limit: int
) -> None:
    placed = list(enumerate(pieces))
    seed.shuffle(placed)
    assert list(ordered.in_place_order(placed, limit)) == pieces


def test_a_missing_place_holds_back_nothing_but_what_follows_it() -> None:
    given_back = []
    for piece in ordered.in_place_order([(0, b"a"), (2, b"c"), (3, b"d"), (1, b"b"), (5, b"f")]):
        given_back.append(piece)
    assert given_back == [b"a", b"b", b"c", b"d", b"f"]


def test_early_pieces_past_the_limit_wait_in_a_file_closed_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = []
    real = tempfile.TemporaryFile

    def counted(*args: object, **kwargs: object) -> object:
        handle = real()
        made.append(handle)
        return handle

    monkeypatch.setattr(tempfile, "TemporaryFile", counted)
    placed = [(place, bytes([65 + place]) * 10) for place in reversed(range(6))]
    assert list(ordered.in_place_order(placed, 25)) == [piece for _, piece in reversed(placed)]
    assert len(made) == 1 and made[0].closed
    assert list(ordered.in_place_order(reversed(placed), 25)) == [p for _, p in reversed(placed)]
    assert len(made) == 1  # in order: nothing waits


# The outputs of an archived store and of the same data in one file -------------------------------


def _closed(app: Application, status: Status | None) -> Application:
    if status is not None:
        app.status = status
    return app


# Searches with many applications closed for good, and a move long after most of their dates (up to
# 500 days after START): most examples archive some, and some archive them all.
closed = st.none() | st.sampled_from([Status.REJECTED, Status.GHOSTED, Status.WITHDRAWN])
searches = st.builds(
    StoreData,
    applications=st.lists(st.builds(_closed, applications, closed), max_size=8).map(_numbered),
)
move_days = st.integers(300, 1500).map(lambda n: START + timedelta(days=n))


def _old_export(data: StoreData) -> bytes:
    """The json export as it was made of all the data at once, before it was written in pieces."""
    kept = decode(encode_data(data))
    rest = {key: value for key, value in kept.items() if key != "version"}
    return encode({"format": EXPORT_FORMAT, "version": FORMAT_VERSION, **rest})


def _config(folder: Path, configured: Settings) -> Path:
    path = folder / "config.toml"
    lines = [
        f"{key} = {getattr(configured, key)}"
        for key in (
            "stale_after_business_days",
            "reapply_window_days",
            "follow_up_interval_days",
            "move_on_days",
            "adaptive_wait_min_decided",
        )
    ]
    lines.append("holidays = [" + ", ".join(day.isoformat() for day in configured.holidays) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(store: Path, config: Path, day: date, *args: str, width: int = 200, colour: bool = False) -> bytes:
    env = {
        "FOLLOWUP_STORE": str(store),
        "FOLLOWUP_CONFIG": str(config),
        "FOLLOWUP_CACHE": str(store.parent / "cache"),
        "COLUMNS": str(width),
        "NO_COLOR": None if colour else "1",
        "FORCE_COLOR": "1" if colour else None,
    }
    result = CliRunner().invoke(cli, ["--today", day.isoformat(), *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def _shuffle_archive(store: Path, seed: random.Random) -> None:
    """The archive's lines in another order: a store file's index finds each by its digest."""
    path = archive_path(store)
    if not path.exists():
        return
    header, *lines = path.read_bytes().splitlines(keepends=True)
    seed.shuffle(lines)
    path.write_bytes(header + b"".join(lines))


@contextlib.contextmanager
def _waiting_in_memory(limit: int) -> Iterator[None]:
    kept = ordered.WAITING_IN_MEMORY
    ordered.WAITING_IN_MEMORY = limit
    try:
        yield
    finally:
        ordered.WAITING_IN_MEMORY = kept


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=searches,
    configured=windows,
    moved_on=move_days,
    offset=st.integers(-30, 400),
    width=st.sampled_from([30, 60, 100, 200]),
    colour=st.booleans(),
    seed=st.randoms(use_true_random=False),
    limit=st.sampled_from([0, 1000, ordered.WAITING_IN_MEMORY]),
)
def test_export_and_list_all_of_an_archived_store_are_those_of_the_data_in_one_file(
    data: StoreData,
    configured: Settings,
    moved_on: date,
    offset: int,
    width: int,
    colour: bool,
    seed: random.Random,
    limit: int,
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "archived").mkdir()
        (folder / "whole").mkdir()
        config = _config(folder, configured)
        archived = _written_on(folder / "archived", data, moved_on, configured).path
        _shuffle_archive(archived, seed)
        index = json.loads(archived.read_bytes()).get("archive")
        event("archived: none" if index is None else f"archived: {min(len(index['apps']), 3)}+")
        event("a day before the move: read whole" if offset < 0 and index is not None else "daily")
        whole = Store(folder / "whole" / "followup.json")  # no archiver: everything stays in the file
        with whole.transaction() as current:
            current.applications = data.applications
        assert whole.load(full=False).archive is None
        day = moved_on + timedelta(days=offset)  # before the move too: then the archive is read whole
        with _waiting_in_memory(limit):
            for args, shown in (
                (("export", "--format", "json"), {}),
                (("list", "--all", "--json"), {}),
                (("list", "--all"), {"width": width, "colour": colour}),
                (("list",), {"width": width, "colour": colour}),
            ):
                expected = _run(whole.path, config, day, *args, **shown)  # type: ignore[arg-type]
                assert _run(archived, config, day, *args, **shown) == expected, args  # type: ignore[arg-type]
        everything = whole.load()
        assert _run(whole.path, config, day, "export", "--format", "json") == _old_export(everything)
        assert _run(archived, config, day, "list", "--all", "--json") == _old_list(
            everything, day, configured
        )


def _old_list(data: StoreData, day: date, configured: Settings) -> bytes:
    """`list --all --json` as it was made of all the data at once."""
    where = rules.situation(data, day, configured)
    items = []
    for app in data.applications:
        item = app_json(app)
        action = rules.next_action(app, where)
        item["next_action"] = action.to_json(day) if action else None
        items.append(item)
    return (json.dumps(items, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# Exactly what it was, for every kind of field --------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(data=stores(), seed=st.randoms(use_true_random=False))
def test_the_export_in_pieces_is_the_whole_document_of_before_for_any_records(
    data: StoreData, seed: random.Random
) -> None:
    """Random records with control characters, U+202E and unknown fields of any JSON value (floats, big
    integers, null), the applications given in any order with their places."""
    from followup.formats.backup import export_pieces

    expected = _old_export(data)
    assert b"".join(export_pieces(data)) == expected
    placed = list(enumerate(data.applications))
    seed.shuffle(placed)
    rest = data.model_copy(update={"applications": []})
    assert b"".join(export_pieces(rest, placed)) == expected


@settings(max_examples=60, deadline=None)
@given(
    data=stores(), action=st.none() | st.fixed_dictionaries({"app": st.text(), "due": st.just("2026-01-02")})
)
def test_an_item_of_list_json_is_what_json_dumps_wrote_of_it(data: StoreData, action: object) -> None:
    from followup.output.plain import app_json_item, json_item

    for app in data.applications:
        expected = json_item({**app_json(app), "next_action": action})
        assert app_json_item(app, {"next_action": action}) == expected


def test_floats_in_unknown_fields_are_spelled_as_before(invoke: Invoke, store_file: Path) -> None:
    from followup.formats.backup import export_pieces
    from followup.output.plain import app_json_item, json_item

    invoke(*_add("Acme", "2025-01-06T10:00"), today="2025-01-06")
    data = Store(store_file).load()
    values = [1e16, 0.1, -0.0, 2.0, 1.5e-7, 10**20, "ends in .5", "1e5", "x.5", True]
    data.applications[0].x_numbers = values  # type: ignore[attr-defined]
    data.applications[0].x_score = 3.25  # type: ignore[attr-defined]
    exported = b"".join(export_pieces(data))
    assert exported == _old_export(data)
    assert b"1e+16" in exported and b"1.5e-07" in exported and b'"ends in .5"' in exported
    listed = json.loads(app_json_item(data.applications[0], {"next_action": None}))
    assert listed["x_numbers"] == values and listed["x_score"] == 3.25
    assert app_json_item(data.applications[0], {}) == json_item(app_json(data.applications[0]))
    data.applications[0].x_numbers = ["1.5", "2e3", 7]  # type: ignore[attr-defined]
    del data.applications[0].x_score  # type: ignore[attr-defined]
    assert b"".join(export_pieces(data)) == _old_export(data)
    assert app_json_item(data.applications[0], {}) == json_item(app_json(data.applications[0]))


def _archived_store(invoke: Invoke) -> None:
    """Oldco, rejected in January 2025 and archived by the write of June; Newco still going."""
    invoke(*_add("Oldco", "2025-01-06T10:00"), today="2025-01-06")
    invoke("log-contact", "oldco", "--inbound", "--outcome", "rejected", today="2025-01-10")
    invoke(*_add("Zeta Ltd", "2025-01-20T10:00"), today="2025-01-20")
    invoke("status", "zeta-ltd", "withdrawn", today="2025-01-21")
    invoke(*_add("Newco", "2025-06-02T10:00"), today="2025-06-02")


def _add(company: str, at: str) -> tuple[str, ...]:
    return ("add", "--company", company, "--role", "Dev", "--interview-at", at)


LATER = "2025-06-03"


def test_unknown_fields_of_archived_applications_travel_in_the_export_as_they_did(
    invoke: Invoke, store_file: Path
) -> None:
    _archived_store(invoke)
    document = json.loads(store_file.read_bytes())
    assert sorted(document["archive"]["apps"]) == ["oldco", "zeta-ltd"]
    # Fields a newer followup wrote: null ones, nested ones, a top-level key, text beyond ASCII.
    store = Store(store_file)
    data = store.load()
    for app in data.applications:
        app.x_later = None  # type: ignore[attr-defined]
        app.x_nested = {"a": [1, 2.5, None], "é": "ü\u2028"}  # type: ignore[attr-defined]
    data.x_top = {"kept": [None, True]}  # type: ignore[attr-defined]
    _write_archived_again(store_file, data)
    assert "archive" in json.loads(store_file.read_bytes())
    exported = invoke("export", "--format", "json", today=LATER).stdout_bytes
    assert exported == _old_export(Store(store_file).load())
    assert b'"x_later": null' in exported and b'"x_top"' in exported
    assert json.loads(exported)["applications"][0]["x_nested"]["\u00e9"] == "\u00fc\u2028"


def _write_archived_again(store_file: Path, data: StoreData) -> None:
    """`data` written whole, on the later day, by a store that archives what is settled."""
    from types import SimpleNamespace

    from followup.app.archive import Archiving

    store = Store(store_file)
    store.archiver = Archiving(SimpleNamespace(today=date.fromisoformat(LATER), settings=Settings()))  # type: ignore[arg-type]
    with store.transaction() as current:
        current.applications = data.applications
        current.x_top = data.x_top  # type: ignore[attr-defined]


def test_the_empty_store_exports_and_lists_as_it_did(invoke: Invoke, store_file: Path) -> None:
    assert invoke("export", "--format", "json").stdout_bytes == _old_export(StoreData())
    assert invoke("list", "--all", "--json").stdout == "[]\n"
    assert invoke("list", "--all").stdout == "No applications. Add one with `followup add`.\n"
    assert not store_file.exists()


def test_list_all_orders_the_archived_applications_among_the_others(invoke: Invoke, store_file: Path) -> None:
    _archived_store(invoke)
    rows = json.loads(invoke("list", "--all", "--json", today=LATER).stdout)
    assert [row["id"] for row in rows] == ["oldco", "zeta-ltd", "newco"]
    assert [row["next_action"] is None for row in rows] == [True, True, False]
    table = invoke("list", "--all", today=LATER).stdout.splitlines()
    assert [line.split()[0] for line in table] == ["id", "oldco", "zeta-ltd", "newco"]
    assert [row["id"] for row in json.loads(invoke("list", "--json", today=LATER).stdout)] == ["newco"]


# Writing the export to a file ------------------------------------------------------------------------


def test_an_export_that_fails_half_way_leaves_the_last_backup_as_it_was(
    invoke: Invoke, store_file: Path, tmp_path: Path
) -> None:
    _archived_store(invoke)
    backup = tmp_path / "backup.json"
    invoke("export", "-o", str(backup), today=LATER)
    before = backup.read_bytes()
    assert json.loads(before)["format"] == EXPORT_FORMAT
    path = archive_path(store_file)
    header, _gone, *rest = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(header + b"".join(rest))  # the line of a listed application gone
    result = invoke("export", "-o", str(backup), today=LATER, ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "archived" in result.stderr
    assert backup.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".backup")) == []
    result = invoke("export", "--format", "json", today=LATER, ok=False)  # to standard output
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    result = invoke("list", "--all", today=LATER, ok=False)
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and result.stdout == ""


def test_an_export_file_keeps_its_mode_and_a_link_its_target(invoke: Invoke, tmp_path: Path) -> None:
    _archived_store(invoke)
    expected = invoke("export", "--format", "json", today=LATER).stdout_bytes
    new = tmp_path / "new.json"
    invoke("export", "-o", str(new), today=LATER)
    assert stat.S_IMODE(new.stat().st_mode) == 0o600 and new.read_bytes() == expected
    shared = tmp_path / "shared.json"
    shared.write_bytes(b"old")
    shared.chmod(0o644)
    result = invoke("export", "-o", str(shared), today=LATER)
    assert result.stderr == f"Wrote {shared}.\n"
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644 and shared.read_bytes() == expected
    link = tmp_path / "latest.json"
    link.symlink_to(new.name)
    new.write_bytes(b"")
    invoke("export", "-o", str(link), today=LATER)
    assert link.is_symlink() and new.read_bytes() == expected
    invoke("export", "--format", "json", "-o", os.devnull, today=LATER)  # not a file: written as it goes
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_an_export_into_a_folder_that_is_not_there_is_one_line_of_error(
    invoke: Invoke, tmp_path: Path
) -> None:
    _archived_store(invoke)
    result = invoke("export", "--format", "json", "-o", str(tmp_path / "missing" / "b.json"), ok=False)
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: cannot write {tmp_path / 'missing' / 'b.json'}: No such file or directory\n"
    )


def test_an_id_both_in_the_file_and_the_archive_is_reported_as_before(
    invoke: Invoke, store_file: Path
) -> None:
    from followup.store.archive import line_digest
    from followup.store.codec import encode_record

    _archived_store(invoke)
    newco = next(app for app in Store(store_file).load().applications if app.id == "newco")
    line = encode_record(newco)
    with archive_path(store_file).open("ab") as handle:
        handle.write(line + b"\n")
    document = json.loads(store_file.read_bytes())
    document["archive"]["apps"]["newco"] = [line_digest(line), "2025-06-02", "", "", "newco", "3"]
    store_file.write_text(json.dumps(document, indent=2), encoding="utf-8")
    for command in (("export", "--format", "json"), ("list", "--all"), ("list", "--all", "--json")):
        result = invoke(*command, today=LATER, ok=False)
        assert result.exit_code == 1, command
        assert result.stderr.startswith("Error: ") and "application id 'newco' appears twice" in result.stderr
        assert result.stdout == ""
