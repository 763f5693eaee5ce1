"""The agenda cache: trusted only for byte-identical input, private, and never fatal when broken."""

from __future__ import annotations

import json
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.store import cache
from tests.conftest import Invoke, as_json

DAY = "2026-03-03"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache" / "followup"
    monkeypatch.setenv("FOLLOWUP_CACHE", str(folder))
    return folder


def add_acme(invoke: Invoke, company: str = "Acme") -> None:
    invoke(
        "add",
        "--company",
        company,
        "--role",
        "Backend Engineer",
        "--interview-at",
        "2026-03-03T10:00",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        "--decision-by",
        "2026-03-17",
        today=DAY,
    )


def entry_file(folder: Path) -> Path:
    files = [p for p in folder.iterdir() if p.name.startswith("agenda-")]
    assert len(files) == 1, files
    return files[0]


def forge(folder: Path, marker: str) -> None:
    """Rewrite the cached reasons, keeping the key: shows whether the next run used the entry."""
    path = entry_file(folder)
    value = json.loads(path.read_text(encoding="utf-8"))
    for entry in value["entries"]:
        for item in entry["agenda"]["actions"]:
            item["reason"] = marker
    path.write_text(json.dumps(value), encoding="utf-8")


def uncached(invoke: Invoke, monkeypatch: pytest.MonkeyPatch, *args: str, today: str = DAY) -> str:
    with monkeypatch.context() as patch:
        patch.setenv("FOLLOWUP_CACHE", "off")
        return invoke(*args, today=today).stdout


def test_second_run_is_served_from_a_private_entry(invoke: Invoke, cache_dir: Path) -> None:
    add_acme(invoke)
    first = invoke("today", "--json", today=DAY).stdout
    path = entry_file(cache_dir)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    forge(cache_dir, "FROM THE CACHE")
    second = invoke("today", "--json", today=DAY).stdout
    assert "FROM THE CACHE" in second  # the entry was used...
    assert json.loads(second)["date"] == json.loads(first)["date"]


def test_cached_and_uncached_agendas_are_identical(
    invoke: Invoke, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_acme(invoke)
    add_acme(invoke, "Globex")
    invoke("log-contact", "acme", "--kind", "thank-you", "--with", "Jane Doe", today=DAY)
    for day in ("2026-03-03", "2026-03-10", "2026-03-19", "2026-04-20"):
        for args in (("today",), ("today", "--json"), ("today", "--all"), ("today", "--days", "30")):
            expected = uncached(invoke, monkeypatch, *args, today=day)
            assert invoke(*args, today=day).stdout == expected, (day, args)  # builds the entry
            assert invoke(*args, today=day).stdout == expected, (day, args)  # served from it


def test_a_changed_store_is_a_miss(invoke: Invoke, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_acme(invoke)
    invoke("today", "--json", today=DAY)
    forge(cache_dir, "STALE")
    invoke("log-contact", "acme", "--kind", "thank-you", "--with", "Jane Doe", today=DAY)
    after = invoke("today", "--json", today=DAY).stdout
    assert "STALE" not in after
    assert after == uncached(invoke, monkeypatch, "today", "--json")
    assert "thank-you" not in {a["action"] for a in json.loads(after)["actions"]}


def test_a_changed_day_config_or_program_is_a_miss(
    invoke: Invoke, cache_dir: Path, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_acme(invoke)
    invoke("today", "--json", today=DAY)
    forge(cache_dir, "STALE")
    assert "STALE" in invoke("today", "--json", today=DAY).stdout  # control: the forged entry is used
    # Tomorrow was worked out too (see below); the day after is a miss.
    assert "STALE" not in invoke("today", "--json", today="2026-03-05").stdout

    invoke("today", "--json", today=DAY)
    forge(cache_dir, "STALE")
    config_file.write_text("agenda_days = 30\n", encoding="utf-8")
    assert "STALE" not in invoke("today", "--json", today=DAY).stdout

    invoke("today", "--json", today=DAY)
    forge(cache_dir, "STALE")
    real_stamp = cache._source_stamp
    monkeypatch.setattr(cache, "_source_stamp", lambda: [*real_stamp(), "rules.py:changed"])
    assert "STALE" not in invoke("today", "--json", today=DAY).stdout


def test_options_are_part_of_the_key(invoke: Invoke, cache_dir: Path) -> None:
    add_acme(invoke)
    invoke("today", "--json", today=DAY)
    forge(cache_dir, "STALE")
    assert "STALE" not in invoke("today", "--json", "--days", "0", today=DAY).stdout


def test_a_corrupt_store_is_reported_even_after_a_cached_run(
    invoke: Invoke, cache_dir: Path, store_file: Path
) -> None:
    add_acme(invoke)
    invoke("today", today=DAY)
    store_file.write_text('{"applications": [', encoding="utf-8")
    result = invoke("today", today=DAY, ok=False)
    assert result.exit_code == 1
    assert "not a valid followup store" in result.stderr
    assert store_file.read_text(encoding="utf-8") == '{"applications": ['


def test_a_symlinked_store_is_refused_even_with_a_matching_entry(
    invoke: Invoke, cache_dir: Path, store_file: Path
) -> None:
    add_acme(invoke)
    invoke("today", today=DAY)
    target = store_file.with_name("real.json")
    store_file.rename(target)
    store_file.symlink_to(target)
    result = invoke("today", today=DAY, ok=False)
    assert result.exit_code == 1 and "symbolic link" in result.stderr


@pytest.mark.parametrize(
    "damage",
    [b"", b"not json", b"[]", b'{"key": 1}', b"\xff\xfe", b'{"key": "x", "agenda": {}}'],
)
def test_a_broken_entry_is_ignored(
    invoke: Invoke, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    add_acme(invoke)
    expected = uncached(invoke, monkeypatch, "today")
    invoke("today", today=DAY)
    entry_file(cache_dir).write_bytes(damage)
    assert invoke("today", today=DAY).stdout == expected


def test_an_entry_with_the_right_key_but_a_bad_shape_is_ignored(
    invoke: Invoke, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_acme(invoke)
    expected = uncached(invoke, monkeypatch, "today", "--json")
    invoke("today", "--json", today=DAY)
    path = entry_file(cache_dir)
    value = json.loads(path.read_text(encoding="utf-8"))
    value["entries"][0]["agenda"]["actions"][0]["due"] = "not a date"
    path.write_text(json.dumps(value), encoding="utf-8")
    assert invoke("today", "--json", today=DAY).stdout == expected


def test_entries_others_can_read_or_write_are_not_trusted(invoke: Invoke, cache_dir: Path) -> None:
    add_acme(invoke)
    invoke("today", "--json", today=DAY)
    forge(cache_dir, "FORGED")
    entry_file(cache_dir).chmod(0o644)
    assert "FORGED" not in invoke("today", "--json", today=DAY).stdout
    assert stat.S_IMODE(entry_file(cache_dir).stat().st_mode) == 0o600  # rewritten privately

    forge(cache_dir, "FORGED")
    cache_dir.chmod(0o755)
    try:
        assert "FORGED" not in invoke("today", "--json", today=DAY).stdout
    finally:
        cache_dir.chmod(0o700)


def test_an_unwritable_cache_is_not_fatal(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_acme(invoke)
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("FOLLOWUP_CACHE", str(blocker / "cache"))
    assert "Jane Doe" in invoke("today", today=DAY).stdout


def test_cache_off_writes_nothing(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_acme(invoke)
    monkeypatch.setenv("FOLLOWUP_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    invoke("today", today=DAY)
    assert not (tmp_path / "xdg").exists()
    assert cache.cache_dir() is None


def test_no_store_is_not_cached(invoke: Invoke, cache_dir: Path) -> None:
    assert as_json(invoke("today", "--json", today=DAY))["actions"]
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(company=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=12))
def test_any_company_name_round_trips_through_the_cache(
    invoke: Invoke, cache_dir: Path, store_file: Path, monkeypatch: pytest.MonkeyPatch, company: str
) -> None:
    if not company.strip() or "\x00" in company:
        return
    for path in (store_file, store_file.with_name(store_file.name + ".bak")):
        if path.exists():
            path.unlink()
    add_acme(invoke, company)
    expected = uncached(invoke, monkeypatch, "today")
    assert invoke("today", today=DAY).stdout == expected
    cached = invoke("today", today=DAY).stdout
    assert cached == expected
    assert "\x1b" not in cached and "\x00" not in cached


def test_a_run_also_works_out_tomorrow(
    invoke: Invoke, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_acme(invoke)
    tomorrow = (date.fromisoformat(DAY) + timedelta(days=1)).isoformat()
    expected = uncached(invoke, monkeypatch, "today", "--json", today=tomorrow)
    invoke("today", "--json", today=DAY)
    value = json.loads(entry_file(cache_dir).read_text(encoding="utf-8"))
    assert [e["agenda"]["date"] for e in value["entries"]] == [DAY, tomorrow]
    assert value["entries"][1]["agenda"] == json.loads(expected)
    forge(cache_dir, "WORKED OUT THE DAY BEFORE")
    assert "WORKED OUT THE DAY BEFORE" in invoke("today", "--json", today=tomorrow).stdout
    # A change to the store in between: tomorrow is worked out afresh from the new data.
    invoke("today", "--json", today=DAY)
    forge(cache_dir, "STALE")
    invoke("log-contact", "acme", "--kind", "thank-you", today=DAY)
    assert "STALE" not in invoke("today", "--json", today=tomorrow).stdout


# A write works out the agenda of what it wrote -------------------------------------------------------

WRITES = {
    "add": ("add", "--company", "Globex", "--role", "SRE", "--interview-at", "2026-03-02T15:00"),
    "add --applied": ("add", "--company", "Initech", "--role", "QA", "--applied"),
    "add a round": ("add", "--app", "acme", "--interview-at", "2026-03-03T16:00", "--stage", "onsite"),
    "log-contact": ("log-contact", "acme", "--kind", "thank-you", "--with", "Jane Doe"),
    "log-contact --outcome": ("log-contact", "acme", "--outcome", "rejected"),
    "status": ("status", "acme", "withdrawn", "--reapply-after", "2026-09-01"),
    "done": ("done", "acme", "review"),
    "review": ("review", "acme", "--went-well", "the system design part"),
    "contact add": ("contact", "add", "Bob Ref", "--relation", "reference"),
    "snooze": ("snooze", "acme", "review", "--until", "2026-03-05"),
    "dismiss": ("dismiss", "acme", "review"),
}


@pytest.mark.parametrize("command", list(WRITES))
def test_a_write_leaves_the_next_today_a_hit_with_the_right_agenda(
    invoke: Invoke, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    add_acme(invoke)
    invoke(*WRITES[command], today=DAY)
    tomorrow = (date.fromisoformat(DAY) + timedelta(days=1)).isoformat()
    value = json.loads(entry_file(cache_dir).read_text(encoding="utf-8"))
    # What the write worked out from memory is what a fresh read of the file gives, today and tomorrow.
    assert [e["agenda"] for e in value["entries"]] == [
        json.loads(uncached(invoke, monkeypatch, "today", "--json", today=day)) for day in (DAY, tomorrow)
    ]
    forge(cache_dir, "WORKED OUT BY THE WRITE")
    assert "WORKED OUT BY THE WRITE" in invoke("today", "--json", today=DAY).stdout


def test_a_command_that_changes_nothing_leaves_the_cache_alone(invoke: Invoke, cache_dir: Path) -> None:
    add_acme(invoke)
    before = entry_file(cache_dir).read_bytes()
    invoke("status", "acme", "interviewing", today=DAY)  # already interviewing: nothing written
    assert entry_file(cache_dir).read_bytes() == before


def test_a_write_with_a_broken_cache_still_succeeds(invoke: Invoke, cache_dir: Path) -> None:
    add_acme(invoke)
    entry = entry_file(cache_dir)
    entry.unlink()
    entry.mkdir()  # the entry's name is taken by a folder: the cache cannot be written
    result = invoke("log-contact", "acme", "--kind", "thank-you", today=DAY)
    assert result.exit_code == 0
    assert "Logged thank-you" in result.stdout
    assert invoke("today", "--json", today=DAY).exit_code == 0


def test_a_write_works_out_the_agenda_with_the_config_of_that_moment(
    invoke: Invoke, cache_dir: Path, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_acme(invoke)
    config_file.write_text("agenda_days = 30\n", encoding="utf-8")
    invoke("log-contact", "acme", "--kind", "thank-you", today=DAY)
    cached = invoke("today", "--json", today=DAY).stdout
    assert json.loads(cached) == json.loads(uncached(invoke, monkeypatch, "today", "--json"))


def test_ctrl_c_while_the_agenda_is_worked_out_after_a_write_leaves_the_write_done(
    invoke: Invoke, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup.app import views as service

    add_acme(invoke)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(service, "agendas", interrupted)
        result = invoke("log-contact", "acme", "--kind", "thank-you", today=DAY)
    assert result.exit_code == 0 and "Aborted" not in result.output
    assert "Logged thank-you" in result.stdout
    shown = as_json(invoke("show", "acme", "--json", today=DAY))
    assert [e["kind"] for e in shown["events"]] == ["thank-you"]


def test_a_cache_hit_loads_neither_the_models_nor_the_rules_nor_the_history(tmp_path: Path) -> None:
    """A shell prompt runs `followup today`: on a hit it reads the cached agenda and its titles, and
    imports nothing a miss or a write needs (pydantic, the rules' registry, the change history)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env.update(
        FOLLOWUP_STORE=str(tmp_path / "s" / "followup.json"),
        FOLLOWUP_CONFIG=str(tmp_path / "config.toml"),
        FOLLOWUP_CACHE=str(tmp_path / "cache"),
        FOLLOWUP_TODAY="2026-03-03",
        NO_COLOR="1",
    )
    add = [
        "add",
        "--company",
        "Acme",
        "--role",
        "Dev",
        "--interview-at",
        "2026-03-03T10:00",
        "--interviewer",
        "Jane",
    ]
    subprocess.run([sys.executable, "-m", "followup", *add], env=env, check=True, capture_output=True)
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['followup', 'today']\n"
        "try:\n"
        "    runpy.run_module('followup', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('pydantic', 'followup.rules', 'followup.store.history', 'rich')\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert "Thank Jane" in result.stdout  # the title came from the cache
    assert "LOADED []" in result.stderr
