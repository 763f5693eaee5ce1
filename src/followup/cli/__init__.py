"""The command line: the root group, the global options, and the one place errors become exit codes.

Heavy modules (pydantic, rich, dateutil) are imported inside the commands that need them, so that
`followup --help` and `followup --version` start at once.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Any

import click

from followup import __version__
from followup.cli.params import TEXT, today_option
from followup.cli.state import COMMAND_LINE, State
from followup.dates import TODAY_ENV
from followup.errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE, FollowupError
from followup.output.echo import columns, drop_unwritable_output, replace_unencodable, say, unexpected

_debug = False


class _Failure(click.ClickException):
    """A FollowupError on its way out: Click prints `Error: message` on stderr and exits 1."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        say(f"Error: {self.format_message()}", err=True)  # on a terminal, wrapped to its width


class _UsageFailure(_Failure):
    exit_code = EXIT_USAGE


class _Stopped(_Failure):
    """Ctrl+D at a question (exit 1) or Ctrl+C anywhere (exit 130), instead of Click's `Aborted!`."""

    def show(self, file: Any = None) -> None:
        click.echo(err=True)  # the prompt or the ^C is still on the line
        super().show(file)


class _Interrupted(_Stopped):
    exit_code = EXIT_INTERRUPTED


def _one_line(err: click.UsageError) -> _UsageFailure:
    """Click's usage error as one line like every other error, with where to read more, instead of
    Click's usage block."""
    where = err.ctx.command_path if err.ctx is not None else "followup"
    return _UsageFailure(f"{err.format_message().rstrip('.')}; see `{where} --help`")


def _stopped(err: BaseException, wrote: bool) -> _Stopped:
    # click.prompt turns both keys into Abort and keeps the key's exception as the context.
    cause = err.__cause__ or err.__context__ if isinstance(err, click.Abort) else err
    outcome = " after the change was saved" if wrote else "; nothing was recorded"
    if isinstance(cause, EOFError):
        return _Stopped(f"no answer (end of input){outcome}")
    return _Interrupted(f"interrupted{outcome}")


# Every command is defined in a module of its own and imported only when it runs (or for completion),
# so that `followup --help` and `followup --version` pay for none of them. Their one-line help is
# listed here for `--help`; tests/test_docs.py checks it against each command's own.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("followup.cli.track", "Record an application and its interview, right after the interview."),
    "today": ("followup.cli.view", "What to do today, what is coming up, and what you are waiting for."),
    "log-contact": (
        "followup.cli.track",
        "Record an email, call or message to or from an employer, reference or contact.",
    ),
    "status": ("followup.cli.track", "Set an application's status."),
    "done": (
        "followup.cli.track",
        "Tick off an action done outside the log (you thanked them in person, say).",
    ),
    "review": ("followup.cli.track", "Write down what went well and what to do better."),
    "contact": ("followup.cli.contacts", "Your references and networking contacts."),
    "list": ("followup.cli.view", "List your applications (the active ones unless --all)."),
    "show": ("followup.cli.view", "Show one application: its timeline and open actions."),
    "draft": (
        "followup.cli.advice",
        "Draft a short message: thank-you, follow-up, reference, network, reply or withdraw.",
    ),
    "why": (
        "followup.cli.advice",
        "Explain every rule that bears on an application: what it decided, why, and from which dates.",
    ),
    "snooze": (
        "followup.cli.advice",
        "Put an action off: it leaves the agenda until DATE and comes back then, due, not overdue.",
    ),
    "unsnooze": ("followup.cli.advice", "Bring a snoozed action back onto the agenda now."),
    "dismiss": ("followup.cli.advice", "Drop an action for good (`followup show ID` still lists it)."),
    "stats": (
        "followup.cli.advice",
        "Your own numbers: the funnel, response rate, time to a decision, silence, follow-ups, and how"
        " many applications you keep active.",
    ),
    "export": (
        "followup.cli.transfer",
        "Export to your calendar (ics), a spreadsheet (csv) or a backup (json).",
    ),
    "import": (
        "followup.cli.transfer",
        "Add applications from a spreadsheet (csv) or a `followup export` (json).",
    ),
    "completion": ("followup.cli.transfer", "Print the shell completion script for bash, zsh or fish."),
    "undo": ("followup.cli.correct", "Undo the last change, or change N of `followup undo --list`."),
    "edit": (
        "followup.cli.edit",
        "Correct an application: its company, role, decision date, notes or the day you applied.",
    ),
    "remove": (
        "followup.cli.edit",
        "Remove an application and all that was recorded about it (`followup undo` brings it back).",
    ),
    "log": (
        "followup.cli.edit",
        "Correct the contact log: N is the number `followup show ID` gives each entry.",
    ),
    "interview": ("followup.cli.edit", "Correct an interview round (add one with `followup add --app ID`)."),
    "sync": (
        "followup.cli.sync",
        "Share the store with another computer: merge the other machine's changes into this one's and"
        " send this one's, through a git remote (after `followup sync init REMOTE`) or a shared folder"
        " (Syncthing, Nextcloud, Dropbox: their conflict copies of the store are merged and removed).",
    ),
    "caldav": (
        "followup.cli.caldav",
        "Your actions as to-dos in a CalDAV task list (a phone's tasks app), both ways.",
    ),
    "mail": (
        "followup.cli.mail",
        "Read your own mail, locally, and propose what happened (see docs/mail.md).",
    ),
    "inbox": (
        "followup.cli.mail",
        "The messages `mail scan` read, waiting for your word: accept, reject or edit each.",
    ),
    "config": (
        "followup.cli.transfer",
        "The settings in config.toml: every number the rules use (see docs/rules.md).",
    ),
}


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` gives it (80 into a pipe), without
    importing shutil."""
    return columns(sys.__stdout__, 80) or 80


class _Context(click.Context):
    def make_formatter(self) -> click.HelpFormatter:
        """Click's own formatter at the width Click would pick; Click's way imports shutil, which
        costs `followup --help` 2 ms of its budget (docs/performance.md)."""
        from click import formatting

        max_width = self.max_content_width or 80
        width = self.terminal_width or formatting.FORCED_WIDTH or max(min(_columns(), max_width) - 2, 50)
        return click.HelpFormatter(width=width, max_width=self.max_content_width)


class FollowupGroup(click.Group):
    """The one place that decides how a domain error reaches the user (see errors.py for codes),
    and that loads the commands of LAZY_COMMANDS when they are needed."""

    context_class = _Context

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            import importlib

            module: Any = importlib.import_module(LAZY_COMMANDS[cmd_name][0])
            module.register(self)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = [n for n in self.list_commands(ctx) if n in LAZY_COMMANDS or not self.commands[n].hidden]
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(limit)))
            else:
                stand_in = click.Command(name, help=LAZY_COMMANDS[name][1])  # shortened as Click would
                rows.append((name, stand_in.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        known = self.list_commands(ctx)
        if name and name not in known and not name.startswith("-") and not ctx.resilient_parsing:
            import difflib

            close = difflib.get_close_matches(name, known, n=2)
            meant = f" Did you mean {' or '.join(close)}?" if close else ""
            raise _UsageFailure(f"No such command {name!r}.{meant} `followup --help` lists them all.")
        return super().resolve_command(ctx, args)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:  # `followup --help` and `--version` print while the root context is made
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as err:  # a global option: `followup --today someday today`
            raise _one_line(err) from err
        except OSError as err:
            if _reader_gone(err):
                raise click.exceptions.Exit(0) from None
            raise

    def invoke(self, ctx: click.Context) -> Any:
        # The command line after the global options, for the change history (`followup undo --list`).
        protected = getattr(ctx, "_protected_args", None)
        ctx.meta[COMMAND_LINE] = [*(ctx.protected_args if protected is None else protected), *ctx.args]
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # output that cannot be written fails here, where `wrote` is known
        except click.UsageError as err:  # Click's own: a bad option, an unknown command
            raise _one_line(err) from err
        except FollowupError as err:
            if _debug:
                raise
            failure = _UsageFailure if err.exit_code == EXIT_USAGE else _Failure
            raise failure(str(err)) from err  # shown by say(), which makes data in it inert
        except (click.Abort, KeyboardInterrupt, EOFError) as err:
            if _debug:
                raise
            state = ctx.obj
            raise _stopped(err, isinstance(state, State) and state.wrote) from err
        except (click.ClickException, click.exceptions.Exit):
            raise
        except Exception as err:
            state = ctx.obj
            wrote = isinstance(state, State) and state.wrote
            if _debug or not (wrote or _reader_gone(err)):
                raise  # nothing was saved: main() reports it, exit 1
            # Saved, or the reader of the output went away (`followup list | head -1`): exit 0, as a
            # retry would record the change twice. Only a failure other than a closed pipe is told.
            if not _reader_gone(err):
                _warn(f"the change was saved, but its output failed ({_reason(err)})")
            result = None
        state = ctx.obj
        if isinstance(state, State) and state.wrote:
            from followup.cli.view import after_write

            after_write(state.ctx)
        return result


@click.group(
    cls=FollowupGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.option(
    "--store",
    metavar="PATH",
    envvar="FOLLOWUP_STORE",
    type=TEXT,
    help="The data file (default: followup.json in your platform's data folder).",
)
@click.option(
    "--today",
    "today",
    metavar="DATE",
    envvar=TODAY_ENV,
    callback=today_option,
    expose_value=True,
    help="Pretend that today is DATE, to plan ahead or look back.",
)
@click.option("--no-color", is_flag=True, help="Plain output without colours (NO_COLOR does the same).")
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
@click.version_option(__version__, "--version", prog_name="followup", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, store: str | None, today: date | None, no_color: bool, debug: bool) -> None:
    """What to do after the interview, and when.

    \b
      followup add              right after an interview
      followup today            each morning: what to do, and why
      followup log-contact ID   after each email or call to an employer
    """
    global _debug
    _debug = debug
    now = datetime.now()
    if today is not None:
        now = datetime.combine(today, now.time())
    ctx.obj = State(store, now.date(), now, no_color, ctx.meta.get(COMMAND_LINE, ()))


# entry point --------------------------------------------------------------------------------------


def _reader_gone(err: BaseException) -> bool:
    import errno

    return isinstance(err, OSError) and err.errno == errno.EPIPE


def _reason(err: BaseException) -> str:
    return (err.strerror if isinstance(err, OSError) else None) or f"{type(err).__name__}: {err}"


def _warn(message: str) -> None:
    """A line on stderr if it can still be written; nothing else may fail the command now."""
    import contextlib

    with contextlib.suppress(Exception):
        say(f"Warning: {message}.", err=True)


def _quick_start() -> None:
    """Settings of the process that make a command start faster (docs/performance.md, "Start-up of
    the uncached path"); they take effect before the first model is built."""
    import gc
    import os

    # followup uses no pydantic plugins: without this, the first model built makes pydantic scan
    # the entry points of every installed package for them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in ("__all__", "1", "true"):
        from followup.plugins_off import install

        install()
    # Start-up makes the objects of some 300 modules (pydantic, the models' validators, the rules),
    # none of them garbage; at the default threshold (700) the collector walked them about 60 times.
    # Garbage is still collected, in fewer passes. Reading the store pauses the collector anyway.
    gc.set_threshold(_START_UP_THRESHOLD, *gc.get_threshold()[1:])


_START_UP_THRESHOLD = 100_000  # objects made and not freed between two collections (CPython's: 700)


def main() -> None:
    """Run the CLI. Domain errors were already turned into one line and an exit code by the group;
    anything unexpected is still one line, never a traceback (unless --debug)."""
    _quick_start()
    replace_unencodable()
    try:
        cli.main(prog_name="followup")
    except Exception as err:
        if _debug:
            raise
        import contextlib

        with contextlib.suppress(Exception):  # stderr itself may be what failed
            say(unexpected(err), err=True)
        sys.exit(EXIT_ERROR)
    finally:
        drop_unwritable_output()
