"""Printing messages that may hold user data (a company's name, a note) as plain text.

On a terminal a message is wrapped to its width at spaces, its wrapped lines hanging under its
first, a date never split and a long word (a path, a command) left whole for the terminal to fold;
into a pipe or a file it is written as it is, one line.
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import re

MIN_COLUMNS = 20  # narrower than this, a width is taken for a mistake


@functools.cache
def _unsafe() -> re.Pattern[str]:
    """C0 and C1 controls (except tab and newline) and the bidirectional overrides that can disguise
    text; compiled on first use, so that starting up does not pay for it."""
    import re

    return re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def literal(text: str | None) -> str:
    """Text safe to show: each control character becomes its visible escape (ESC → `\\x1b`)."""
    if not text:
        return ""
    return _unsafe().sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@functools.cache
def _whole() -> re.Pattern[str]:
    """What a wrapped message never splits: a date as the messages write it (`Tue 3 Mar`, `Tuesday
    3 March 2026`, `2026-03-05 10:00`) and a command in backquotes, which must paste whole."""
    import re

    return re.compile(
        r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]* \d{1,2} [A-Z][a-z]+(?: \d{4})?\b"
        r"|\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b|`[^`\n]+`"
    )


def columns(stream: Any, pipe: int | None) -> int | None:
    """The width to lay text out at on `stream`: $COLUMNS first, else the terminal's own; into a pipe
    or a file, $COLUMNS or `pipe` (None: not wrapped at all). The program's one width probe."""
    import os

    try:
        at_terminal = bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        at_terminal = False
    if not at_terminal and pipe is None:
        return None
    try:
        given = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        given = 0
    if given >= MIN_COLUMNS:
        return given
    if at_terminal:
        try:
            measured = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, ValueError, OSError):
            measured = 0
        if measured >= MIN_COLUMNS:
            return measured
    return pipe


def terminal_width(err: bool = False) -> int | None:
    """The width of the terminal stdout (or stderr) is; None for a pipe or a file: messages into a pipe
    are never wrapped."""
    return columns(sys.stderr if err else sys.stdout, None)


# Marks a space that a wrapped line must not break at: textwrap breaks only at ASCII whitespace, and
# the text it wraps has been through literal(), which shows a NUL of the data as `\x00`. (A no-break
# space, used before, turned the user's own no-break spaces into spaces.)
NO_BREAK = "\x00"


def mark_unbreakable(text: str) -> str:
    """`text` with the spaces inside its dates and backquoted commands marked NO_BREAK."""
    return _whole().sub(lambda m: _keep_whole(m.group()), text)


def _keep_whole(text: str) -> str:
    return text.replace(" ", NO_BREAK)


def wrap(text: str, width: int, hang: int = 2, keep_from: int | None = None) -> str:
    """Each line of `text` wrapped to `width` at spaces, the wrapped part `hang` spaces further in
    than the line; dates, commands in backquotes and the text from `keep_from` on (a command at the
    end) are kept whole, and so are words longer than the line."""
    import textwrap

    if keep_from is not None:
        text = text[:keep_from] + _keep_whole(text[keep_from:])
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line.replace(NO_BREAK, " "))
            continue
        body = line.lstrip(" ")
        lead = line[: len(line) - len(body)]
        marked = mark_unbreakable(body)
        wrapper = textwrap.TextWrapper(
            width,
            initial_indent=lead,
            subsequent_indent=lead + " " * hang,
            expand_tabs=False,
            break_long_words=False,
            break_on_hyphens=False,
            replace_whitespace=False,  # a tab of the data stays a tab
        )
        out.extend(part.replace(NO_BREAK, " ") for part in wrapper.wrap(marked))
    return "\n".join(out)


def say(
    message: str,
    err: bool = False,
    nl: bool = True,
    hang: int = 2,
    keep_from: int | None = None,
    lines: bool = False,
) -> None:
    """Echo a message, with the control characters of any user data in it made visible; on a
    terminal, wrapped to its width with `hang` spaces before its wrapped lines, and the part from
    `keep_from` on kept whole. A message is one line: a newline in it (a company's name holding one)
    is shown as `\\n` and cannot forge a line of its own, unless `lines` says it is text of several
    lines (a draft)."""

    def shown(part: str) -> str:
        text = literal(part)
        return text if lines else text.replace("\n", "\\n")

    text = shown(message)
    width = terminal_width(err)
    if width is not None:
        text = wrap(text, width, hang, None if keep_from is None else len(shown(message[:keep_from])))
    import click  # here: a cached `followup today` (followup/shortcut.py) has no need of it

    click.echo(text, err=err, nl=nl)


def unexpected(err: BaseException) -> str:
    """The one line for a failure nobody foresaw (the traceback is for `--debug`)."""
    return f"Error: unexpected {type(err).__name__}: {err} (run with --debug for details)"


def replace_unencodable() -> None:
    """Text the terminal's encoding lacks (LC_ALL=C, PYTHONIOENCODING=latin-1) is shown escaped
    (`\\u2192`) rather than stopping the command with a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def drop_unwritable_output() -> None:
    """Output still buffered for a reader that is gone (or a full disk) goes to /dev/null, so that
    the interpreter's last flush does not print a traceback and exit 120."""
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
                os.close(devnull)
            except (OSError, ValueError):
                pass
