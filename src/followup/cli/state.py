"""The run's state (the store, the day, colours) as the root command learned it from its options, and
what a command may ask of the terminal: is someone there, and an editor.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from followup.errors import FollowupError

if TYPE_CHECKING:
    from followup.app.context import Context

COMMAND_LINE = "followup.command_line"  # the key of the words of the command in click's ctx.meta


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
            from followup.app.archive import Archiving
            from followup.app.context import Context
            from followup.paths import config_path, store_path
            from followup.store import Store
            from followup.store.label import Label

            store = Store(store_path(self.store_override))
            store.label = Label(command_label(self.words), self.now)
            self._ctx = Context(store, self.today, self.now, config_path())
            store.archiver = Archiving(self._ctx)
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
    except ValueError as err:  # EDITOR="vim '": the command line cannot even be split
        raise FollowupError(f"the editor could not be started ($EDITOR: {err}); {outcome}") from None


def current_state() -> State:
    state = click.get_current_context().find_object(State)
    if state is None:  # only when a parameter is converted before the root callback ran
        now = datetime.now()
        return State(None, now.date(), now, False)
    return state
