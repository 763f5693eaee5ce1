"""What the commands share: the run's state (store, day, colours), parameter types that read
dates and text as people type them, the choices of each option, and shell completion.

Like cli.py, this imports only click, the standard library and light followup modules at the top.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from followup.errors import FollowupError
from followup.kinds import Channel, EventKind, Relation, Status

if TYPE_CHECKING:
    from followup.app.context import Context
    from followup.dates import Prefer

TODAY_ENV = "FOLLOWUP_TODAY"
COMMAND_LINE = "followup.command_line"  # the key of the words of the command in click's ctx.meta

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


class State:
    """What the root command learned from its options; the service Context is made on first use."""

    def __init__(
        self, store: str | None, today: date, now: datetime, no_color: bool, words: Sequence[str] = ()
    ) -> None:
        self.store_override = store
        self.today = today
        self.now = now
        self.no_color = no_color
        self.words = tuple(words)  # the command line after the global options
        self._ctx: Context | None = None

    @property
    def ctx(self) -> Context:
        if self._ctx is None:
            from followup.app.context import Context
            from followup.paths import config_path, store_path
            from followup.store import Store
            from followup.store.history import Label

            store = Store(store_path(self.store_override))
            store.label = Label(command_label(self.words), self.now)
            self._ctx = Context(store, self.today, self.now, config_path())
        return self._ctx

    @property
    def wrote(self) -> bool:
        """Whether the command wrote the store."""
        return self._ctx is not None and self._ctx.store.written is not None

    def console(self) -> Any:
        from followup.output.terminal import make_console

        return make_console(no_color=self.no_color)


def command_label(words: Sequence[str], limit: int = 200) -> str:
    """The command as the history shows it: `log-contact acme --kind thank-you`, cut at `limit`."""
    import shlex

    text = shlex.join(words)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def interactive() -> bool:
    """Is a person at a terminal, who can be asked questions or given an editor?"""
    return sys.stdin.isatty() and sys.stdout.isatty()


def edit(text: str, outcome: str, require_save: bool = True) -> str | None:
    """`text` as the user left it in $EDITOR (None if not saved); an editor that fails or exits
    non-zero is a one-line error ending in `outcome` (what was therefore not done)."""
    try:
        return click.edit(text, extension=".txt", require_save=require_save)
    except click.ClickException as err:  # Click's `vim: Editing failed`
        raise FollowupError(f"the editor failed ({err.format_message()}); {outcome}") from None


def current_state() -> State:
    state = click.get_current_context().find_object(State)
    if state is None:  # only when a parameter is converted before the root callback ran
        now = datetime.now()
        return State(None, now.date(), now, False)
    return state


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

        try:
            moment, has_time = parse_datetime(text, state.now, self.prefer)
        except DateError as err:
            self.fail(str(err), param, ctx)
        if moment.year < 1900 or moment.year > 9000:
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


def complete_app(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    import os

    from click.shell_completion import CompletionItem

    try:
        from followup.paths import store_path
        from followup.store import Store

        root = ctx.find_root().params
        data = Store(store_path(root.get("store"))).load()
    except Exception:  # completion must never print a traceback into the shell
        return []
    prefix = incomplete.casefold()
    bash = os.environ.get("_FOLLOWUP_COMPLETE", "").startswith("bash")
    return [  # an imported backup may bring any id: `o'brien & co` must reach bash as one word
        CompletionItem(bash_word(app.id) if bash else app.id, help=f"{app.company} · {app.role}")
        for app in data.applications
        if app.id.startswith(prefix) or app.company.casefold().startswith(prefix)
    ]


APP_ID = click.argument("app_ref", metavar="ID", type=TEXT, shell_complete=complete_app)


def complete_person(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Contact and interviewer names for `--with`; those of the application given first, if any."""
    import os

    from click.shell_completion import CompletionItem

    try:
        from followup.app.lookup import resolve
        from followup.paths import store_path
        from followup.store import Store

        data = Store(store_path(ctx.find_root().params.get("store"))).load()
    except Exception:  # completion must never print a traceback into the shell
        return []
    apps = data.applications
    # While `--with` still lacks its value Click leaves the words unparsed in ctx.args.
    words = [ctx.params.get("app_ref"), *ctx.args]
    for ref in (word for word in words if word and not word.startswith("-")):
        try:
            apps = [resolve(data, ref)]
            break
        except FollowupError:  # not an application (`thank-you`, say): try the next word
            continue
    names: dict[str, str] = {}
    for app in apps:
        for interview in app.interviews:
            for person in interview.interviewers:
                names.setdefault(person.name, f"interviewer at {app.company}")
    for known in data.contacts:
        names.setdefault(known.name, str(known.relation))
    prefix = " ".join(incomplete.casefold().split())
    bash = os.environ.get("_FOLLOWUP_COMPLETE", "").startswith("bash")
    return [
        CompletionItem(bash_word(name) if bash else name, help=about)
        for name, about in sorted(names.items())
        if name.casefold().startswith(prefix)
    ]


def bash_word(text: str) -> str:
    """`Jane O'Neil` as one shell word. Click's bash script inserts a value as it is, after `read`
    has dropped one level of backslashes: so each special character gets two."""
    import re

    return re.sub(r"([^\w@%+=:,./-])", r"\\\\\1", text)


def today_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    from followup.dates import DateError, parse_datetime

    try:
        moment, _ = parse_datetime(value, datetime.now(), "past")
    except DateError as err:
        raise click.BadParameter(str(err), ctx, param) from None
    return moment.date()


def with_option(help: str) -> Any:
    """`--with NAME`: the person an action or contact is for, completed from interviewers and contacts."""
    return click.option(
        "--with", "with_", type=TEXT, metavar="NAME", shell_complete=complete_person, help=help
    )
