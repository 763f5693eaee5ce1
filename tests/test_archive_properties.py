"""Archiving never changes any day's agenda, and the archive with the store file is the data, exactly.

Random searches (applications in every status, with interviews, log entries, status changes, reviews,
done marks, snoozes, dismissals, reapply dates and offers to answer), random settings of the windows,
and a random day on which a write moves what is settled: from that day on, the agenda the daily path
makes of the store file and its index equals the agenda of all the data, day after day; and a full
read gives back the data as it was, in its order.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace

from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st

from followup import rules
from followup.app.archive import Archiving
from followup.kinds import ActionKind, Direction, EventKind, Outcome, Status
from followup.models import (
    Application,
    Dismissal,
    DoneMark,
    Event,
    Interview,
    Person,
    Review,
    Settings,
    Snooze,
    StatusChange,
    StoreData,
)
from followup.store import Store
from followup.store.archive import archive_path
from followup.store.codec import encode_data
from tests.conftest import Invoke

START = date(2024, 1, 1)
days = st.integers(0, 500).map(lambda n: START + timedelta(days=n))
kinds = st.sampled_from([str(k) for k in ActionKind])
people = st.none() | st.sampled_from(["Jane Doe", "Sam Lee"])


def _interview(day: date, n: int, booked: date | None, decision: date | None) -> Interview:
    return Interview(
        round=n,
        at=datetime.combine(day, time(10)),
        interviewers=[Person(name="Jane Doe", email="jane@acme.example")],
        booked_on=booked,
        decision_by=decision,
    )


interviews = st.builds(_interview, days, st.integers(1, 3), st.none() | days, st.none() | days)
events = st.builds(
    Event,
    on=days,
    kind=st.sampled_from(EventKind),
    direction=st.sampled_from(Direction),
    with_=people,
    decision_by=st.none() | days,
    outcome=st.none() | st.sampled_from(Outcome),
)
applications = st.builds(
    Application,
    id=st.just("placeholder"),
    company=st.sampled_from(["Acme", "Globex", "Initech", "Hooli"]),
    role=st.just("Dev"),
    status=st.sampled_from([*Status, Status.REJECTED, Status.GHOSTED, Status.WITHDRAWN]),
    created_on=days,
    applied_on=st.none() | days,
    decision_by=st.none() | days,
    interviews=st.lists(interviews, max_size=3),
    events=st.lists(events, max_size=4),
    status_history=st.lists(st.builds(StatusChange, status=st.sampled_from(Status), on=days), max_size=3),
    reviews=st.lists(st.builds(Review, on=days, went_well=st.none() | st.just("rapport")), max_size=1),
    done=st.lists(st.builds(DoneMark, action=kinds, on=days, person=people), max_size=2),
    snoozes=st.lists(st.builds(Snooze, action=kinds, until=days, on=days, person=people), max_size=2),
    dismissals=st.lists(
        st.builds(Dismissal, action=kinds, start=days, on=days, person=people, counts_from=st.none() | days),
        max_size=2,
    ),
    reapply_after=st.none() | days,
    respond_by=st.none() | days,
)


def _numbered(apps: list[Application]) -> list[Application]:
    for index, app in enumerate(apps):
        app.id = f"app-{index}"
    return apps


searches = st.builds(StoreData, applications=st.lists(applications, max_size=8).map(_numbered))
windows = st.builds(
    Settings,
    stale_after_business_days=st.integers(1, 30),
    reapply_window_days=st.integers(0, 60),
    follow_up_interval_days=st.integers(1, 14),
    move_on_days=st.integers(1, 30),
    adaptive_wait_min_decided=st.integers(1, 3),
    holidays=st.lists(days, max_size=3),
)
# The day of the move: often long enough after the search for much of it to be settled.
move_days = st.integers(0, 1200).map(lambda n: START + timedelta(days=n))
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _archiver(day: date, configured: Settings) -> Archiving:
    return Archiving(SimpleNamespace(today=day, settings=configured))  # type: ignore[arg-type]


def _document(data: StoreData) -> object:
    return json.loads(encode_data(data))


def _written_on(folder: Path, data: StoreData, day: date, configured: Settings) -> Store:
    """A store of `data` written on `day`, which moved what is settled then."""
    store = Store(folder / "followup.json")
    store.archiver = _archiver(day, configured)
    with store.transaction() as current:
        current.applications = data.applications
    index = store.load(full=False).archive
    target(float(len(index.apps) if index is not None else 0))  # seek moves
    return store


@PROPERTY
@given(
    data=searches, configured=windows, moved_on=move_days, offsets=st.lists(st.integers(0, 700), max_size=6)
)
def test_archiving_never_changes_an_agenda_from_the_day_it_moves_on(
    data: StoreData, configured: Settings, moved_on: date, offsets: list[int]
) -> None:
    before = _document(data)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "followup.json")
        with store.transaction() as current:  # written as it is, nothing moved
            current.applications = data.applications
        store.archiver = _archiver(moved_on, configured)
        with store.transaction() as current:  # a write on `moved_on` moves what is settled
            current.contacts = []
            current.x_written = 1  # type: ignore[attr-defined]
        everything = store.load()
        assert _document(everything) == {**before, "x_written": 1}  # the data, in its order
        daily = store.load(full=False)
        target(float(len(daily.archive.apps) if daily.archive is not None else 0))  # seek moves
        for offset in [0, 1, *offsets]:
            day = moved_on + timedelta(days=offset)
            store.archiver = _archiver(day, configured)
            daily = store.load(full=False)
            assert rules.agenda(daily, day, configured) == rules.agenda(everything, day, configured)
            shown = rules.situation(daily, day, configured)
            assert shown.learned == rules.situation(everything, day, configured).learned


@PROPERTY
@given(data=searches, configured=windows, moved_on=move_days, back=st.integers(1, 400))
def test_a_day_before_the_move_is_worked_out_from_all_the_data(
    data: StoreData, configured: Settings, moved_on: date, back: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = _written_on(Path(folder), data, moved_on, configured)
        earlier = moved_on - timedelta(days=back)
        store.archiver = _archiver(earlier, configured)
        daily = store.load(full=False)
        assert daily.archive is None  # read whole
        assert rules.agenda(daily, earlier, configured) == rules.agenda(data, earlier, configured)


def _add(company: str, at: str) -> tuple[str, ...]:
    return ("add", "--company", company, "--role", "Dev", "--interview-at", at)


APPS = st.sampled_from(["acme", "oldco", "globex"])
WHEN = st.sampled_from(["2026-03-03", "2026-09-01", "2027-06-01"])
COMMANDS = st.one_of(
    st.tuples(st.just("log-contact"), APPS, st.just("--note"), st.sampled_from(["a", "b é"])),
    st.tuples(st.just("status"), APPS, st.sampled_from(["rejected", "ghosted", "interviewing", "withdrawn"])),
    st.tuples(st.just("edit"), APPS, st.just("--notes"), st.sampled_from(["x", "y"])),
    st.tuples(st.just("review"), APPS, st.just("--improve"), st.just("SQL")),
    st.tuples(st.just("add"), st.just("--company"), st.just("Globex"), st.just("--role"), st.just("Ops")),
    st.tuples(st.just("contact"), st.just("add"), st.sampled_from(["Ann", "Ben"])),
    st.tuples(st.just("undo")),
    st.tuples(st.just("undo"), st.integers(1, 10).map(str)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=st.lists(st.tuples(COMMANDS, WHEN), min_size=1, max_size=10))
def test_undoing_everything_gives_back_the_starting_data_wherever_it_was_moved(
    script: list[tuple[tuple[str, ...], str]], invoke: Invoke, store_file: Path
) -> None:
    from followup.store import history

    if not store_file.exists():
        invoke(*_add("Acme", "2026-03-02T10:00"), today="2026-03-03")
        invoke(*_add("Oldco", "2026-01-05T10:00"), today="2026-01-05")
        invoke("status", "oldco", "rejected", today="2026-01-09")
    for leftover in (history.history_path(store_file), archive_path(store_file)):
        leftover.unlink(missing_ok=True)
    start = store_file.read_bytes()
    logical = Store(store_file).read_logical()
    try:
        for command, day in script:
            result = invoke(*command, today=day, ok=False)
            assert result.exit_code in (0, 1), result.output
            if result.exit_code:
                assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
            ids = [a.id for a in Store(store_file).load().applications]
            assert len(ids) == len(set(ids))
            moved = "archive" in json.loads(store_file.read_bytes())
            event("applications moved" if moved else "none moved yet")
        for _ in range(2 * len(script) + 1):
            result = invoke("undo", today="2027-06-01", ok=False)
            if result.exit_code:
                break
        assert result.exit_code == 1 and "nothing to undo" in result.stderr, result.stderr
        assert Store(store_file).read_logical() == logical
    finally:
        store_file.write_bytes(start)


@PROPERTY
@given(
    data=searches,
    configured=windows,
    moved_on=move_days,
    since=st.none() | days,
    offset=st.integers(0, 400),
)
def test_stats_and_the_spreadsheet_one_application_at_a_time_are_those_of_all_the_data(
    data: StoreData, configured: Settings, moved_on: date, since: date | None, offset: int
) -> None:
    from followup.app.stats import compute_stats, tally
    from followup.formats.spreadsheet import export_csv

    with tempfile.TemporaryDirectory() as folder:
        store = _written_on(Path(folder), data, moved_on, configured)
        day = moved_on + timedelta(days=offset)
        store.archiver = _archiver(day, configured)
        streamed = list(store.each_application())
        everything = store.load()
        by_id = {a.id: _document(a) for a in everything.applications}
        assert {a.id: _document(a) for a in streamed} == by_id and len(streamed) == len(by_id)
        assert tally(store.each_application(), day, configured, since) == compute_stats(
            everything, day, configured, since
        )
        # The spreadsheet, made one application at a time, has every row in the order of all the data.
        places = {app.id: place for place, app in store.each_application(placed=True)}
        assert places == {app.id: i for i, app in enumerate(everything.applications)}
        file_only = store.load(full=False)
        streamed_csv = export_csv(file_only, day, configured, store.each_application(placed=True))
        assert streamed_csv == export_csv(everything, day, configured)
