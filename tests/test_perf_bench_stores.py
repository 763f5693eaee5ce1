"""The benchmark stores are a real user's: benchmarks/make_store.py archives what a write on its day
would, and leaves no history of its one creating write; the runners copy the archive with the store
and write to an application kept in the store file."""

from __future__ import annotations

import importlib.util
import json
import stat
import sys
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from followup.store import Store
from tests.conftest import Invoke, as_json

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
APPS = 300


def load(name: str) -> ModuleType:
    """A module of benchmarks/ (a folder of scripts, not a package), imported as the scripts do."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Stores of APPS applications: archived over 3 and over 30 years, and one without an archive."""
    make_store = load("make_store")
    folder = tmp_path_factory.mktemp("bench")
    stores = {}
    for name, extra in (("archived", []), ("old", ["--years", "30"]), ("whole", ["--no-archive"])):
        out = folder / name / "followup.json"
        assert make_store.main(["--apps", str(APPS), *extra, str(out)]) == 0
        stores[name] = out
    return stores


def document(store: Path) -> dict:
    return json.loads(store.read_bytes())


def test_the_settled_applications_are_archived_and_all_read_back(made: dict[str, Path]) -> None:
    store = made["archived"]
    archive = store.with_name("followup.json.archive")
    index = document(store)["archive"]
    assert index["since"] == "2026-04-14"
    in_file = {app["id"] for app in document(store)["applications"]}
    assert len(index["apps"]) + len(in_file) == APPS
    assert len(index["apps"]) > APPS // 2  # three years of history: most of it is settled
    assert not in_file & set(index["apps"])
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert len(Store(store).load().applications) == APPS


def test_no_history_of_the_creating_write_is_left(made: dict[str, Path]) -> None:
    for store in made.values():
        assert not store.with_name("followup.json.history").exists()


def test_no_archive_keeps_every_application_in_the_file(made: dict[str, Path]) -> None:
    store = made["whole"]
    assert not store.with_name("followup.json.archive").exists()
    assert "archive" not in document(store)
    assert len(document(store)["applications"]) == APPS


def test_archiving_changes_no_agenda_of_the_day(
    made: dict[str, Path], invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    agendas = []
    for name in ("archived", "whole"):
        monkeypatch.setenv("FOLLOWUP_STORE", str(made[name]))
        monkeypatch.setenv("FOLLOWUP_CACHE", "off")
        agendas.append(as_json(invoke("today", "--json", today="2026-04-14")))
    assert agendas[0] == agendas[1]
    assert agendas[0]  # the last weeks' applications have something to do


def test_more_years_spread_the_same_applications_thinner(made: dict[str, Path]) -> None:
    created = {
        name: [app.created_on for app in Store(made[name]).load().applications]
        for name in ("archived", "old")
    }
    today = date(2026, 4, 14)
    assert min(created["archived"]) >= today - timedelta(days=3 * 365)
    assert min(created["old"]) < today - timedelta(days=20 * 365)
    recent = {name: sum(day > today - timedelta(days=180) for day in days) for name, days in created.items()}
    assert recent["old"] < recent["archived"]
    assert len(document(made["old"])["applications"]) < len(document(made["archived"])["applications"])


def test_years_must_be_positive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        load("make_store").main(["--apps", "1", "--years", "0", str(tmp_path / "followup.json")])
    assert stopped.value.code == 2
    assert "--years must be at least 1" in capsys.readouterr().err
    assert not (tmp_path / "followup.json").exists()


def test_a_copy_takes_the_archive_and_log_contact_writes_to_a_live_application(
    made: dict[str, Path], tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, stores = load_runner()
    source = made["archived"]
    copy = run.copy_store(source, f"copy-{tmp_path.name}")
    assert (
        copy.with_name("followup.json.archive").read_bytes()
        == source.with_name("followup.json.archive").read_bytes()
    )
    argv = stores.log_argv(copy)
    app_id = argv[1]
    live = {app["id"]: app for app in document(copy)["applications"]}
    assert live[app_id]["status"] in stores.OPEN_STATUSES
    monkeypatch.setenv("FOLLOWUP_STORE", str(copy))
    invoke(*argv, today="2026-04-14")
    after = document(copy)
    assert after["archive"] == document(source)["archive"]  # nothing more to move, nothing back
    (changed,) = (app for app in after["applications"] if app["id"] == app_id)
    assert changed["events"][-1]["note"] == "benchmark"
    assert len(Store(copy).load().applications) == APPS


def load_runner() -> tuple[ModuleType, ModuleType]:
    stores = load("stores")  # run.py imports it by this name, as a script beside it
    return load("run"), stores
