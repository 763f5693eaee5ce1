"""Properties over random data: what is saved loads back equal; random command sequences never lose
an event and never plan an action due before it starts.

Text here includes control characters and, where it says so, lone surrogates. A lone surrogate is
not text (UTF-8 cannot encode it): the command line refuses it with exit 2, a store file holding one
is reported as damaged, and the store never writes one.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from followup.cli import cli
from followup.errors import StoreError
from followup.kinds import Channel, Direction, EventKind, Outcome, Relation, Status
from followup.models import (
    FORMAT_VERSION,
    Application,
    Contact,
    DoneMark,
    Event,
    Interview,
    Person,
    Review,
    Settings,
    StatusChange,
    StoreData,
)
from followup.store import Store
from tests import rule_calls as rules
from tests.reliability.conftest import record

# Each example makes its own store in its own folder, so the per-test store fixture is not shared.
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Any code point but surrogates: controls (Cc), format characters such as U+202E (Cf), private use.
TEXT_CHARS = st.characters(exclude_categories=["Cs"])
ANY_CHARS = st.characters(exclude_categories=[])  # surrogates too
texts = st.text(TEXT_CHARS, max_size=30)
names = st.text(TEXT_CHARS, min_size=1, max_size=20).filter(str.strip)
optional_texts = st.none() | texts
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
extras = st.dictionaries(st.text(TEXT_CHARS, max_size=8).map(lambda key: "x_" + key), JSON_VALUES, max_size=2)


def dates(low: date = date(1, 1, 1), high: date = date(9999, 12, 31)) -> st.SearchStrategy[date]:
    return st.dates(low, high)


def records(model: Any, fields: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A model with the given field strategies plus unknown fields, as a newer version may write."""
    return st.builds(lambda known, unknown: model(**unknown, **known), st.fixed_dictionaries(fields), extras)


def stores(day: st.SearchStrategy[date] | None = None) -> st.SearchStrategy[StoreData]:
    day = dates() if day is None else day
    moment = day.flatmap(lambda d: st.times().map(lambda t: datetime.combine(d, t)))
    person = records(Person, {"name": texts, "email": optional_texts})
    interview = records(
        Interview,
        {
            "round": st.integers(1, 20),
            "at": moment,
            "stage": optional_texts,
            "interviewers": st.lists(person, max_size=3),
            "decision_by": st.none() | day,
            "weak_answers": st.lists(texts, max_size=2),
            "notes": optional_texts,
        },
    )
    event = records(
        Event,
        {
            "on": day,
            "kind": st.sampled_from(EventKind),
            "channel": st.sampled_from(Channel),
            "direction": st.sampled_from(Direction),
            "with_": optional_texts,
            "note": optional_texts,
            "decision_by": st.none() | day,
            "outcome": st.none() | st.sampled_from(Outcome),
        },
    )
    application = records(
        Application,
        {
            "id": st.just("placeholder"),
            "company": names,
            "role": names,
            "status": st.sampled_from(Status),
            "created_on": day,
            "applied_on": st.none() | day,
            "decision_by": st.none() | day,
            "notes": optional_texts,
            "interviews": st.lists(interview, max_size=3),
            "events": st.lists(event, max_size=4),
            "status_history": st.lists(
                records(StatusChange, {"status": st.sampled_from(Status), "on": day}), max_size=3
            ),
            "reviews": st.lists(
                records(Review, {"on": day, "went_well": optional_texts, "improve": optional_texts}),
                max_size=2,
            ),
            "done": st.lists(
                records(DoneMark, {"action": texts, "on": day, "person": optional_texts}), max_size=2
            ),
        },
    )
    contact = records(
        Contact,
        {
            "name": names,
            "email": optional_texts,
            "phone": optional_texts,
            "company": optional_texts,
            "relation": st.sampled_from(Relation),
            "added_on": st.none() | day,
        },
    )

    def numbered(apps: list[Application]) -> list[Application]:
        for index, app in enumerate(apps):
            app.id = f"app-{index}"
        return apps

    return records(
        StoreData,
        {
            "version": st.just(FORMAT_VERSION),
            "applications": st.lists(application, max_size=4).map(numbered),
            "contacts": st.lists(contact, max_size=3),
        },
    )


def _save(store: Store, data: StoreData) -> None:
    with store.transaction() as current:
        for name in ("applications", "contacts"):
            setattr(current, name, getattr(data, name))
        for key, value in (data.model_extra or {}).items():
            setattr(current, key, value)


def _as_document(data: StoreData) -> Any:
    return json.loads(json.dumps(data.model_dump(mode="json", by_alias=True)))


@PROPERTY_SETTINGS
@given(data=stores())
def test_any_store_saved_loads_back_equal(data: StoreData) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "followup.json")
        _save(store, data)
        loaded = store.load()
        assert _as_document(loaded) == _as_document(data)
        assert loaded.model_extra == data.model_extra
        _save(store, loaded)  # a second write of the same data writes the same bytes
        assert Store(store.path).load() == loaded


@PROPERTY_SETTINGS
@given(data=stores(), bad=st.text(ANY_CHARS, max_size=5).map(lambda t: t + "\ud800"), where=st.integers(0, 2))
def test_a_lone_surrogate_is_never_written(data: StoreData, bad: str, where: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "followup.json")
        _save(store, data)
        before = store.path.read_bytes()
        with pytest.raises(StoreError, match="not valid Unicode"), store.transaction() as current:
            if where == 0 or not current.applications:
                current.contacts.append(Contact(name=bad))
            elif where == 1:
                current.applications[0].notes = bad
            else:
                current.applications[0].events.append(
                    Event(on=date(2026, 3, 2), kind=EventKind.OTHER, note=bad)
                )
        assert store.path.read_bytes() == before
        assert sorted(p.name for p in Path(folder).iterdir() if p.suffix == ".tmp") == []


@PROPERTY_SETTINGS
@given(
    data=stores(dates(date(1990, 1, 1), date(2100, 12, 31))),
    today=dates(date(1990, 1, 1), date(2100, 12, 31)),
)
def test_rules_never_plan_an_action_due_before_it_starts(data: StoreData, today: date) -> None:
    for action in rules.agenda(data, today, Settings()):
        assert action.start <= action.due, action


# Random command sequences ---------------------------------------------------------------------------

START = date(2026, 3, 2)
app_refs = st.sampled_from(["app-0", "app-1", "app-2", "acme", "nope"])
user_texts = st.text(ANY_CHARS, min_size=1, max_size=12)

adds = st.tuples(st.just("add"), user_texts, st.integers(0, 5), st.integers(0, 20), st.booleans())
log_contacts = st.tuples(
    st.just("log-contact"),
    st.integers(0, 3),
    st.sampled_from(EventKind),
    st.booleans(),
    st.integers(0, 4),
    user_texts,
    st.none() | st.sampled_from(Outcome),
)
commands = st.one_of(
    adds,
    log_contacts,
    log_contacts,  # twice: the command whose events must never be lost
    st.tuples(st.just("status"), st.integers(0, 3), st.sampled_from(Status)),
    st.tuples(
        st.just("done"), st.integers(0, 3), st.sampled_from(["thank-you", "review", "notify-references"])
    ),
    st.tuples(st.just("review"), st.integers(0, 3), user_texts),
    st.tuples(st.just("contact"), user_texts, st.sampled_from(Relation), st.booleans()),
    st.tuples(st.just("wait"), st.integers(1, 9)),
)


def _argv(command: tuple[Any, ...], ids: list[str], today: date) -> list[str] | None:
    def ref(index: int) -> str:
        return ids[index % len(ids)] if ids and index < 3 else "nope"  # 3: an id that matches nothing

    match command:
        case ("add", company, ago, decide_in, applied):
            argv = [
                "add",
                "--company",
                company,
                "--role",
                "Dev",
                "--decision-by",
                str(today + timedelta(decide_in)),
            ]
            if applied:
                return [*argv, "--applied"]
            return [
                *argv,
                "--interview-at",
                f"{today - timedelta(ago)}T10:00",
                "--interviewer",
                "Jo <jo@x.example>",
            ]
        case ("log-contact", index, kind, inbound, ago, note, outcome):
            argv = [
                "log-contact",
                ref(index),
                "--kind",
                str(kind),
                "--on",
                str(today - timedelta(ago)),
                "--note",
                note,
            ]
            argv += ["--inbound"] if inbound else []
            return argv + (["--outcome", str(outcome)] if outcome else [])
        case ("status", index, status):
            return ["status", ref(index), str(status)]
        case ("done", index, action):
            return ["done", ref(index), action]
        case ("review", index, text):
            return ["review", ref(index), "--went-well", text]
        case ("contact", name, relation, at_first):
            company = ["--company", "acme"] if at_first else []
            return ["contact", "add", name, "--relation", str(relation), *company]
    return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    script=st.tuples(adds).flatmap(
        lambda first: st.lists(commands, min_size=5, max_size=24).map(lambda rest: [*first, *rest])
    )
)
def test_random_commands_never_lose_an_event_or_plan_backwards(script: list[tuple[Any, ...]]) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        env = {
            "FOLLOWUP_STORE": str(Path(folder) / "followup.json"),
            "FOLLOWUP_CONFIG": str(Path(folder) / "c.toml"),
        }
        today = START
        expected: dict[str, int] = {}
        ids: list[str] = []

        def run(*argv: str) -> Any:
            return runner.invoke(cli, ["--today", str(today), *argv], env=env, catch_exceptions=False)

        for command in script:
            if command[0] == "wait":
                today += timedelta(command[1])
                continue
            argv = _argv(command, ids, today)
            assert argv is not None
            result = run(*argv)
            assert result.exit_code in (0, 1, 2), result.output
            assert "Traceback" not in result.output
            event(f"{argv[0]} exit {result.exit_code}")
            if result.exit_code == 0 and argv[0] == "add":
                ids.append(result.stdout.strip())
            if result.exit_code == 0 and argv[0] == "log-contact":
                expected[argv[1]] = expected.get(argv[1], 0) + 1
            if any("\ud800" <= c <= "\udfff" for arg in argv for c in arg):
                assert result.exit_code == 2  # not text: refused before anything is read or written

            if ids:
                stored = json.loads((Path(folder) / "followup.json").read_bytes())
                counts = {a["id"]: len(a["events"]) for a in stored["applications"]}
                assert counts == {app: expected.get(app, 0) for app in ids}
            agenda = json.loads(run("today", "--json").stdout)
            for action in agenda["actions"]:
                assert action["start"] <= action["due"], action
        for app in ids:
            for action in json.loads(run("show", app, "--json").stdout)["actions"]:
                assert action["start"] <= action["due"], action


def test_property_figures() -> None:
    record(
        "properties (hypothesis)",
        "60 random stores saved and loaded back equal (controls, U+202E, unknown fields);"
        " 60 with a lone surrogate refused unwritten; 60 random stores x dates with no action due before"
        " it starts; 60 random scripts of 6 to 25 commands with no event lost",
    )
