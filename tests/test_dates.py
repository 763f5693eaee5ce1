from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.dates import (
    DateError,
    Prefer,
    add_business_days,
    human_date,
    parse_datetime,
)


def parse_date(text: str, today: date, prefer: Prefer = "past") -> date:
    """The day a typed date names, as the date options read it."""
    return parse_datetime(text, datetime.combine(today, time()), prefer)[0].date()


THU = date(2026, 3, 5)  # a Thursday


@pytest.mark.parametrize(
    ("text", "prefer", "expected"),
    [
        ("2026-03-17", "past", date(2026, 3, 17)),
        ("today", "past", THU),
        ("Tomorrow", "past", date(2026, 3, 6)),
        ("yesterday", "future", date(2026, 3, 4)),
        ("monday", "past", date(2026, 3, 2)),
        ("monday", "future", date(2026, 3, 9)),
        ("thursday", "past", THU),
        ("thu", "future", THU),
        ("next friday", "past", date(2026, 3, 6)),
        ("last friday", "future", date(2026, 2, 27)),
        ("next thursday", "past", date(2026, 3, 12)),  # said on a Thursday: not today, a week on
        ("last thursday", "future", date(2026, 2, 26)),
        ("this thursday", "future", THU),
        ("in 2 weeks", "past", date(2026, 3, 19)),
        ("in 3 days", "past", date(2026, 3, 8)),
        ("3 days ago", "past", date(2026, 3, 2)),
        ("+10d", "past", date(2026, 3, 15)),
        ("-1w", "past", date(2026, 2, 26)),
        ("+2bd", "past", date(2026, 3, 9)),
        ("in 1 month", "past", date(2026, 4, 5)),
        ("17 March 2026", "past", date(2026, 3, 17)),
        ("March 17", "past", date(2026, 3, 17)),
        ("2026-03-17T10:00", "past", date(2026, 3, 17)),
        ("20260317", "past", date(2026, 3, 17)),
        ("13/03/2026", "past", date(2026, 3, 13)),
    ],
)
def test_parse_date_accepts(text: str, prefer: str, expected: date) -> None:
    assert parse_date(text, THU, prefer) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-31", "2026-02-31"),
        ("31 Feb", "31 Feb"),
        ("not a date", "not a date"),
        ("9999-12-31T24:00", "9999-12-31T24:00"),
        ("03/04/2026", "ambiguous"),
        ("", "empty"),
        ("12", "not a date"),
        ("2026-13-01", "2026-13-01"),
        ("a\x00b", "not a date"),
    ],
)
def test_parse_date_rejects_with_the_value_named(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message.replace("\x00", "")):
        parse_date(text, THU)


def test_parse_datetime_reports_whether_a_time_was_given() -> None:
    now = datetime(2026, 3, 5, 9, 30)
    assert parse_datetime("2026-03-03T10:00", now) == (datetime(2026, 3, 3, 10, 0), True)
    assert parse_datetime("2026-03-03", now) == (datetime(2026, 3, 3), False)
    assert parse_datetime("now", now) == (now, True)
    assert parse_datetime("2026-03-03T10:00+02:00", now)[0] == datetime(2026, 3, 3, 10, 0)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2026, 3, 3), 1, date(2026, 3, 4)),  # Tue -> Wed
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Fri -> Mon
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # Sat -> Mon
        (date(2026, 3, 17), 2, date(2026, 3, 19)),  # Tue -> Thu
        (date(2026, 3, 3), 7, date(2026, 3, 12)),
        (date(2026, 3, 9), -1, date(2026, 3, 6)),  # Mon -> Fri
        (date(2026, 3, 3), 0, date(2026, 3, 3)),
    ],
)
def test_add_business_days(start: date, count: int, expected: date) -> None:
    assert add_business_days(start, count) == expected


def test_holidays_are_not_business_days() -> None:
    good_friday = date(2026, 4, 3)
    assert add_business_days(date(2026, 4, 2), 1, [good_friday]) == date(2026, 4, 6)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 40))
def test_business_days_land_on_business_days_and_move_forward(start: date, count: int) -> None:
    result = add_business_days(start, count)
    assert result > start
    assert result.weekday() < 5
    assert (result - start).days <= count + 2 * (count // 5 + 2)


def test_human_date_shows_the_year_only_when_needed() -> None:
    assert human_date(date(2026, 3, 3), date(2026, 1, 1)) == "Tue 3 Mar"
    assert human_date(date(2027, 3, 3), date(2026, 1, 1)) == "Wed 3 Mar 2027"
