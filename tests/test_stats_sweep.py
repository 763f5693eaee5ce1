"""`stats` counts the active applications of each day in one sweep per application: the same
average as asking `status_on` for every day, for any history."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.app.stats import active_average, active_days, status_on
from followup.kinds import Status
from followup.models import Application, StatusChange

BASE = date(2026, 1, 1)
day = st.integers(0, 60).map(lambda n: BASE + timedelta(days=n))


@st.composite
def applications(draw: st.DrawFn) -> Application:
    changes = draw(st.lists(st.tuples(day, st.sampled_from(list(Status))), max_size=6))
    return Application(
        id="a",
        company="A",
        role="R",
        status=draw(st.sampled_from(list(Status))),
        created_on=draw(day),
        status_history=[StatusChange(status=s, on=d) for d, s in changes],
    )


def day_by_day(app: Application, start: date, end: date) -> int:
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return sum(1 for d in days if (s := status_on(app, d)) is not None and s.is_active)


@settings(max_examples=400, deadline=None)
@given(app=applications(), start=day, length=st.integers(-3, 70))
def test_the_sweep_counts_the_days_status_on_finds_active(app: Application, start: date, length: int) -> None:
    end = start + timedelta(days=length)
    assert active_days(app, start, end) == (day_by_day(app, start, end) if end >= start else 0)


@settings(max_examples=100, deadline=None)
@given(apps=st.lists(applications(), max_size=5), start=day, length=st.integers(0, 70))
def test_the_average_is_the_day_by_day_average(apps: list[Application], start: date, length: int) -> None:
    today = start + timedelta(days=length)
    expected = sum(day_by_day(a, start, today) for a in apps) / (length + 1)
    assert active_average(apps, start, today) == expected


@given(st.lists(st.integers(0, 400), min_size=1, max_size=30))
def test_the_learned_wait_s_median_is_the_statistics_median(samples: list[int]) -> None:
    import statistics

    from followup.rules.history import _median

    assert _median(sorted(samples)) == statistics.median(samples)
