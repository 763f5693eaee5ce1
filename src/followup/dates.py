"""Reading the dates people type, and counting business days.

Everything here is pure: the caller passes `today` (or `now`); nothing reads the clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Literal

Prefer = Literal["past", "future"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNITS = {
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "m": "months",
    "month": "months",
    "months": "months",
    "bd": "business days",
    "business day": "business days",
    "business days": "business days",
}
_RELATIVE = re.compile(
    r"^(?:(?P<in>in)\s+(?P<n1>\d{1,4})\s*(?P<u1>business days?|days?|weeks?|months?)"
    r"|(?P<n2>\d{1,4})\s*(?P<u2>business days?|days?|weeks?|months?)\s+(?P<ago>ago)"
    r"|(?P<sign>[+-])\s*(?P<n3>\d{1,4})\s*(?P<u3>bd|d|w|m|business days?|days?|weeks?|months?))$"
)


class DateError(ValueError):
    """A date the user typed that means nothing, or more than one thing."""


def weekday_index(name: str) -> int | None:
    """0 for 'mon'/'monday' ... 6 for 'sun'/'sunday'; None when it is not a weekday."""
    name = name.lower()
    if len(name) < 3:
        return None
    for index, day in enumerate(WEEKDAYS):
        if day.startswith(name):
            return index
    return None


def _add_months(day: date, months: int) -> date:
    from dateutil.relativedelta import relativedelta

    result: date = day + relativedelta(months=months)
    return result


def _relative(text: str, today: date, holidays: Iterable[date]) -> date | None:
    match = _RELATIVE.match(text)
    if not match:
        return None
    if match["in"]:
        n, unit, sign = int(match["n1"]), match["u1"], 1
    elif match["ago"]:
        n, unit, sign = int(match["n2"]), match["u2"], -1
    else:
        n, unit, sign = int(match["n3"]), match["u3"], (1 if match["sign"] == "+" else -1)
    unit = _UNITS[unit]
    if unit == "days":
        return today + timedelta(days=sign * n)
    if unit == "weeks":
        return today + timedelta(weeks=sign * n)
    if unit == "months":
        return _add_months(today, sign * n)
    return add_business_days(today, sign * n, holidays)


def _named(text: str, today: date, prefer: Prefer) -> date | None:
    if text == "today":
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text == "yesterday":
        return today - timedelta(days=1)
    words = text.split()
    direction: Prefer = prefer
    today_counts = True
    if len(words) == 2 and words[0] in ("next", "last", "this"):
        if words[0] == "next":
            direction = "future"
        elif words[0] == "last":
            direction = "past"
        today_counts = words[0] == "this"
        words = words[1:]
    if len(words) != 1:
        return None
    index = weekday_index(words[0])
    if index is None:
        return None
    # A bare weekday is the nearest one in the direction the option looks: `--on friday`
    # means the Friday just gone, `--decision-by friday` the coming one. Today counts, except
    # for `next friday` and `last friday` said on a Friday: a week ahead, a week back.
    if direction == "future":
        days = (index - today.weekday()) % 7
        return today + timedelta(days=days if days or today_counts else 7)
    days = (today.weekday() - index) % 7
    return today - timedelta(days=days if days or today_counts else 7)


def _free_form(text: str, today: date) -> datetime:
    from dateutil import parser

    if text.isdigit() and len(text) != 8:
        raise DateError(f"not a date: {text!r}")
    default = datetime.combine(today, time())
    try:
        month_first = parser.parse(text, default=default, dayfirst=False)
        day_first = parser.parse(text, default=default, dayfirst=True)
    except (ValueError, OverflowError) as err:
        raise DateError(f"not a date: {text!r} ({_short(err)})") from None
    if month_first != day_first:
        raise DateError(
            f"ambiguous date: {text!r} could be {month_first:%Y-%m-%d} or {day_first:%Y-%m-%d};"
            " write it as YYYY-MM-DD"
        )
    if month_first.tzinfo is not None:
        month_first = month_first.replace(tzinfo=None)
    return month_first


def _short(err: BaseException) -> str:
    message = str(err).split(":")[0].strip()
    return message or type(err).__name__


def _iso(text: str) -> datetime | date | None:
    try:
        if "T" in text or " " in text or ":" in text:
            parsed = datetime.fromisoformat(text)
            return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed
        return date.fromisoformat(text)
    except ValueError as err:
        if re.match(r"^\d{4}-\d{2}-\d{2}", text):
            # It looks like ISO, so it is meant as ISO: say what is wrong with it.
            raise DateError(f"not a date: {text!r} ({_short(err)})") from None
        return None


def parse_datetime(
    text: str, now: datetime, prefer: Prefer = "past", holidays: Iterable[date] = ()
) -> tuple[datetime, bool]:
    """Read a date or a date and time; returns the moment and whether a time was given."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise DateError("empty date")
    if "\x00" in cleaned:
        raise DateError(f"not a date: {text!r}")
    today = now.date()
    if cleaned == "now":
        return now.replace(second=0, microsecond=0), True
    named = _named(cleaned, today, prefer) or _relative(cleaned, today, holidays)
    if named is not None:
        return datetime.combine(named, time()), False
    iso = _iso(text.strip())
    if isinstance(iso, datetime):
        return iso, True
    if isinstance(iso, date):
        return datetime.combine(iso, time()), False
    parsed = _free_form(text.strip(), today)
    return parsed, parsed.time() != time()


def add_business_days(day: date, count: int, holidays: Iterable[date] = ()) -> date:
    """The `count`-th business day after `day` (before it when negative)."""
    closed = set(holidays)
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    current = day
    while remaining:
        current += timedelta(days=step)
        if current.weekday() < 5 and current not in closed:
            remaining -= 1
    return current


def human_date(day: date, today: date | None = None) -> str:
    """`Tue 3 Mar`, with the year when it is not today's year."""
    text = f"{day:%a} {day.day} {day:%b}"
    if today is None or day.year != today.year:
        text += f" {day.year}"
    return text


TODAY_ENV = "FOLLOWUP_TODAY"  # the root command's `--today`, as an environment variable


def plausible(moment: date) -> bool:
    """A date a job search can be about: years 1900 to 9000."""
    return 1900 <= moment.year <= 9000
