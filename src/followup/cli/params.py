"""What the commands' options share: parameter types that read dates and text as people type them,
and the choices of each option.

Like cli.py, this imports only click, the standard library and light followup modules at the top.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from followup.cli.complete import complete_app, complete_person
from followup.cli.state import current_state
from followup.dates import plausible
from followup.kinds import Channel, EventKind, Relation, Status

if TYPE_CHECKING:
    from followup.dates import Prefer


# The choices of the options, from the kinds themselves (the action kinds come from the rules'
# registry, in the modules of the commands that take them).
STATUSES = tuple(str(s) for s in Status)
EVENT_KINDS = tuple(str(k) for k in EventKind)
CHANNELS = tuple(str(c) for c in Channel)
RELATIONS = tuple(str(r) for r in Relation)


def one_of(help_text: str, name: str, choices: tuple[str, ...]) -> str:
    """`help_text` with a closing paragraph listing `choices`, kept as lines (`\\b`) of at most 72."""
    import textwrap

    listing = textwrap.wrap(f"{name} is one of {', '.join(choices)}.", 72, break_on_hyphens=False)
    return help_text.rstrip() + "\n\n\b\n" + "\n".join(listing)


class Text(click.ParamType):
    """Free text from the user: valid Unicode, no NUL bytes."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if "\x00" in text:
            self.fail("contains a NUL byte", param, ctx)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            self.fail(f"{text.encode('utf-8', 'backslashreplace').decode()!r} is not valid UTF-8", param, ctx)
        return text


TEXT = Text()


class When(click.ParamType):
    """A date (or a date and time) as people write it, relative to `--today`."""

    name = "date"

    def __init__(self, prefer: Prefer = "past", with_time: bool = False) -> None:
        self.prefer: Prefer = prefer
        self.with_time = with_time

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, date):
            return value
        state = current_state()
        text = TEXT.convert(value, param, ctx)
        from followup.dates import DateError, parse_datetime  # only when a date is given

        # `+3bd` counts business days as the rules do, skipping the configured holidays; the config is
        # read only for such a date.
        holidays = state.ctx.settings.holidays if "bd" in text.casefold() else ()
        try:
            moment, has_time = parse_datetime(text, state.now, self.prefer, holidays)
        except DateError as err:
            self.fail(str(err), param, ctx)
        if not plausible(moment):
            self.fail(f"{text!r} is not a plausible date", param, ctx)
        if self.with_time:
            return moment, has_time
        return moment.date()


class OptionalWhen(When):
    """A date, or blank for none: for a question that may be left empty (a bad date is asked again)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return super().convert(value, param, ctx)


PAST_DATE = When("past")
FUTURE_DATE = When("future")
WHEN = When("past", with_time=True)
FUTURE_DATE_OR_NONE = OptionalWhen("future")

APP_ID = click.argument("app_ref", metavar="ID", type=TEXT, shell_complete=complete_app)


def today_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    from followup.dates import DateError, parse_datetime

    try:
        moment, _ = parse_datetime(value, datetime.now(), "past")
    except DateError as err:
        raise click.BadParameter(str(err), ctx, param) from None
    if not plausible(moment):  # the agenda looks a year ahead: 9999-12-31 would overflow
        raise click.BadParameter(f"{value!r} is not a plausible date", ctx, param)
    return moment.date()


def with_option(help: str, multiple: bool = False) -> Any:
    """`--with NAME`: the person an action or contact is for, completed from interviewers and contacts."""
    return click.option(
        "--with",
        "with_",
        type=TEXT,
        metavar="NAME",
        multiple=multiple,
        shell_complete=complete_person,
        help=help,
    )
