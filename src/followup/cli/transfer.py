"""Commands that meet other tools: `export`, `import`, `completion`, and `config show|path`.

Like cli.py, this imports only click, the standard library and followup.dates/errors at the top;
the work is done in followup.formats, imported when a command runs.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followup.errors import FollowupError
from followup.formats import DEFAULT_ICS_DAYS, EXPORTS, IMPORTS
from followup.output.echo import say

if TYPE_CHECKING:
    from followup.formats import ImportReport

SHELLS = ("bash", "zsh", "fish")


def _format_from(path: str | None, given: str | None, allowed: tuple[str, ...]) -> str:
    """The --format given, or the one the file's suffix names (`backup.json` → json)."""
    if given:
        return given
    suffix = Path(path).suffix.lower().lstrip(".") if path and path != "-" else ""
    if suffix in allowed:
        return suffix
    choices = ", ".join(allowed)
    where = f" ({path!r} has no {choices} suffix)" if path and path != "-" else ""
    raise click.UsageError(f"give --format {choices.replace(', ', '|')}{where}")


def _write_private(path: str, pieces: Iterable[bytes]) -> None:
    """Write an export a piece at a time; a new file is readable by you alone, like the store it comes
    from. A file (or nothing) at `path` is replaced only once the export is whole: one that fails on
    the way, or is stopped, leaves what was there (the last backup) as it was. Anything else there (a
    pipe, /dev/stdout) is written as it goes."""
    import stat

    target = os.path.realpath(path)  # a symbolic link: the file it names is written, as it always was
    try:
        try:
            kept = os.stat(target)
        except FileNotFoundError:
            kept = None
        if kept is not None and not stat.S_ISREG(kept.st_mode):
            with open(target, "wb") as handle:
                for piece in pieces:
                    handle.write(piece)
            return
        _replace_whole(target, pieces, 0o600 if kept is None else stat.S_IMODE(kept.st_mode))
    except OSError as err:
        raise FollowupError(f"cannot write {path}: {err.strerror or err}") from None


def _replace_whole(target: str, pieces: Iterable[bytes], mode: int) -> None:
    """`pieces` into a temporary file beside `target` (created 0600, then given `mode`), flushed to
    disk and renamed over it."""
    import tempfile

    folder, name = os.path.split(target)
    fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            if mode != 0o600:
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# export -------------------------------------------------------------------------------------------


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORTS),
    help="ics: calendar events; csv: a spreadsheet row per application; json: everything, for backup."
    " Default: the suffix of -o FILE.",
)
@click.option(
    "--days",
    type=click.IntRange(0, 3660),
    default=None,
    metavar="N",
    help=f"ics only: the actions and interviews of the next N days (default {DEFAULT_ICS_DAYS}).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write to FILE (created readable by you alone) instead of standard output.",
)
def export(fmt: str | None, days: int | None, output: str | None) -> None:
    """Export to your calendar (ics), a spreadsheet (csv) or a backup (json).

    \b
      followup export --format ics -o followup.ics     # import into your calendar
      followup export -o applications.csv              # open in a spreadsheet
      followup export --format json > backup.json      # `followup import backup.json` restores it
    """
    from followup.app import transfer
    from followup.cli.state import current_state

    fmt = _format_from(output, fmt, EXPORTS)
    if days is not None and fmt != "ics":
        raise click.UsageError("--days applies to --format ics only")
    pieces = transfer.export_pieces(current_state().ctx, fmt, days)
    if output is None or output == "-":
        sys.stdout.flush()
        for piece in pieces:  # the json backup of 10,000 applications is never held whole
            sys.stdout.buffer.write(piece)
        sys.stdout.buffer.flush()
        return
    _write_private(output, pieces)
    click.echo(f"Wrote {output}.", err=True)


# import -------------------------------------------------------------------------------------------


def _read_input(path: str) -> bytes:
    """The file to import, whole: a regular file, a pipe, or standard input (a terminal too), read up
    to the size a store may have. Opened non-blocking, so that a FIFO without a writer cannot hang."""
    from followup.store.codec import MAX_BYTES

    name = "standard input" if path == "-" else path
    try:
        if path == "-":
            return _read_limited(sys.stdin.buffer, name, MAX_BYTES, stdin=True)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            return _read_limited(handle, name, MAX_BYTES, stdin=False)
    except FileNotFoundError:
        raise FollowupError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise FollowupError(f"{path} is a folder, not a file") from None
    except OSError as err:
        raise FollowupError(f"cannot read {name}: {err.strerror or err}") from None


def _read_limited(handle: Any, name: str, limit: int, stdin: bool) -> bytes:
    import io
    import stat

    try:
        info = os.fstat(handle.fileno())
    except io.UnsupportedOperation:  # a stream in memory (a test's input): nothing to check but its size
        return _bounded(handle.read(limit + 1), name, limit)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError
    pipe = stat.S_ISFIFO(info.st_mode) or stat.S_ISSOCK(info.st_mode)
    if not (stat.S_ISREG(info.st_mode) or pipe or (stdin and handle.isatty())):
        raise FollowupError(f"{name} is not a regular file or a pipe; nothing was imported")
    if stat.S_ISREG(info.st_mode) and info.st_size > limit:
        raise FollowupError(_too_large(name, limit))
    os.set_blocking(handle.fileno(), True)  # a pipe is read until its writer is done
    return _bounded(handle.read(limit + 1), name, limit)


def _too_large(name: str, limit: int) -> str:
    return f"{name} is over the {limit // (1024 * 1024)} MB limit of a store; nothing was imported"


def _bounded(raw: bytes, name: str, limit: int) -> bytes:
    if len(raw) > limit:
        raise FollowupError(_too_large(name, limit))
    return raw


def _report(report: ImportReport) -> None:
    verb = "Would add" if report.dry_run else "Added"
    for warning in report.warnings:
        say(f"Warning: {warning}.", err=True)
    for app in report.added:
        interview = app.last_interview()
        when = f", interview {interview.at:%Y-%m-%d %H:%M}" if interview else ""
        say(f"{verb} {app.id}: {app.company} · {app.role} ({app.status}{when}).")
    for app in report.replaced:
        say(f"{'Would replace' if report.dry_run else 'Replaced'} {app.id}: {app.company} · {app.role}.")
    for contact in report.contacts_added:
        say(f"{verb} contact {contact.name} ({contact.relation}).")
    for contact in report.contacts_replaced:
        say(f"{'Would replace' if report.dry_run else 'Replaced'} contact {contact.name}.")
    for skipped in report.skipped:
        say(f"Skipped {skipped}.", err=True)
    for name in report.contacts_skipped:
        say(f"Skipped contact {name}: already there.", err=True)
    total = len(report.added) + len(report.replaced)
    total += len(report.contacts_added) + len(report.contacts_replaced)
    if report.dry_run:
        say(f"Dry run: nothing was written ({total} change{'s' if total != 1 else ''}).", err=True)
    elif total == 0 and (report.skipped or report.contacts_skipped):
        say("Nothing to import: everything is already there.", err=True)
    elif total == 0:
        say("Nothing to import: the file holds no applications.", err=True)


@click.command("import")
@click.argument("file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORTS),
    help="csv or json (default: the file's suffix).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be added; change nothing.")
@click.option("--replace", is_flag=True, help="json: overwrite applications (and contacts) already there.")
def import_(file: str, fmt: str | None, dry_run: bool, replace: bool) -> None:
    """Add applications from a spreadsheet (csv) or a `followup export` (json).

    A csv needs the columns company and role; id, stage, interview_at, interviewers ("Name
    <email>", separated by ;), decision_by, status, notes and applied_on are read when present. A row
    keeps its id unless the store has it already (then it gets a new one, with a warning). The
    columns an export works out, last_contact, next_action and next_action_due, are ignored. Cells
    may be separated by commas, semicolons or tabs; the file must be UTF-8. Every row is checked
    first: one bad row and nothing is imported. A json export is imported whole; an
    application whose id is already there is skipped unless --replace.
    """
    from followup.app import transfer
    from followup.cli.state import current_state

    fmt = _format_from(file, fmt, IMPORTS)
    if replace and fmt != "json":
        raise click.UsageError("--replace applies to json imports only")
    raw = _read_input(file)
    name = "standard input" if file == "-" else file
    ctx = current_state().ctx
    report = transfer.import_file(ctx, fmt, raw, name, replace, dry_run)
    _report(report)


# completion ---------------------------------------------------------------------------------------


@click.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the shell completion script for bash, zsh or fish.

    \b
      bash:  eval "$(followup completion bash)"      # add to ~/.bashrc
      zsh:   eval "$(followup completion zsh)"       # add to ~/.zshrc, after compinit
      fish:  mkdir -p ~/.config/fish/completions
             followup completion fish > ~/.config/fish/completions/followup.fish

    Completes commands, options, application ids and contact names.
    """
    from click.shell_completion import get_completion_class

    from followup.cli import cli

    cls = get_completion_class(shell)
    assert cls is not None  # every choice is one of Click's shells
    script = cls(cli, {}, "followup", "_FOLLOWUP_COMPLETE").source()
    if shell == "fish":
        # Click's fish script splits each `type,value<TAB>help` line at every comma, so `Doe, John`
        # came out as `Doe` and a help text stopped at its first comma: split at the first one only.
        script = script.replace('(string split "," $completion)', '(string split -m 1 "," $completion)')
    click.echo(script)


# config -------------------------------------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())  # TOML has dates of its own: no quotes
    return toml_string(str(value))


def toml_string(text: str) -> str:
    """A TOML basic string: quotes and backslashes escaped, and every control character (ESC, BEL, a
    newline, DEL) and bidirectional override written as a \\uXXXX escape, so that what `config show`
    prints is valid TOML and reaches the terminal inert."""
    import re

    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    unsafe = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
    return '"' + re.sub(unsafe, lambda m: f"\\u{ord(m.group()):04X}", escaped) + '"'


def effective_settings(path: Path) -> list[dict[str, Any]]:
    """Every setting: its key, value, default, description, and where the value comes from."""
    from followup.config import load_settings, read_config
    from followup.models import Settings

    settings = load_settings(path)  # a bad file fails here, naming the key and the file
    in_file = read_config(path)
    rows = []
    for key, info in Settings.model_fields.items():
        default = info.get_default(call_default_factory=True)
        rows.append(
            {
                "key": key,
                "value": getattr(settings, key),
                "default": default,
                "source": str(path) if key in in_file else "default",
                "description": info.description or "",
            }
        )
    return rows


@click.group()
def config() -> None:
    """The settings in config.toml: every number the rules use (see docs/rules.md)."""


@config.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
def config_show(as_json: bool) -> None:
    """Show every setting, its value, and whether it comes from the default or your config file.

    The output is valid TOML: copy a line into config.toml to change it.
    """
    from followup.paths import config_path

    path = config_path()
    rows = effective_settings(path)
    if as_json:
        import json

        items = [
            {
                "key": row["key"],
                "value": _jsonable(row["value"]),
                "default": _jsonable(row["default"]),
                "source": row["source"],
                "description": row["description"],
            }
            for row in rows
        ]
        click.echo(json.dumps({"path": str(path), "exists": path.exists(), "settings": items}, indent=2))
        return
    from followup.output.echo import terminal_width, wrap

    width = terminal_width()

    def comment(text: str) -> str:
        """A TOML comment; on a terminal, wrapped into comment lines (still valid TOML)."""
        lines = wrap(text, width - 2, hang=0).split("\n") if width else [text]
        return "\n".join(f"# {line}" for line in lines)

    state = "" if path.exists() else " (not there: every value is the default)"
    click.echo(comment(f"{path}{state}"))
    for row in rows:  # a `key = value` line is never split: it must stay valid TOML
        click.echo("\n" + comment(row["description"]))
        origin = "from config file" if row["source"] != "default" else "default"
        click.echo(f"{row['key']} = {_toml_value(row['value'])}  # {origin}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


@config.command("path")
def config_path_command() -> None:
    """Print where the config file is (or would be): $FOLLOWUP_CONFIG, or your config folder."""
    from followup.paths import config_path

    click.echo(str(config_path()))


def register(group: click.Group) -> None:
    """Add these commands to the root `followup` group."""
    for command in (export, import_, completion, config):
        group.add_command(command)
