"""Laying text out on a terminal of any width, for the renderers in this package.

A wrapped line hangs under its text, a date is never split across lines, long words fold, nothing is
cut and no line ends in blanks; a table shrinks the columns that may wrap, or says it cannot fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from followup.output.echo import NO_BREAK, mark_unbreakable
from followup.output.plain import keep_together

if TYPE_CHECKING:
    from rich.console import Console


ONE_SPACE = {ord("\t"): " ", ord("\n"): " "}  # literal() leaves tabs and line breaks in user text


# A date as human_date writes it (`Tue 3 Mar`, `Tue 3 Mar 2026`), for text with dates anywhere in it.


def print_wrapped(
    console: Console,
    text: Any,
    first: Any = "",
    hang: int = 0,
    keep_from: int | None = None,
    dates_whole: bool = False,
) -> None:
    """Print styled `text` wrapped to the console as views.agenda_text wraps plain text: after `first`
    (a string or styled Text) on its first line, `hang` spaces in on the others; from `keep_from` on
    (a date at the end), or with `dates_whole` every date in it, is never split across lines; long
    words fold, nothing is cut, no trailing blanks."""
    import textwrap

    from rich.text import Text

    text = text.copy()
    text.plain = text.plain.translate(ONE_SPACE)  # same length, so the styles stay where they were
    marked = text.plain
    width = max(console.width, hang + 10)
    if keep_from is not None:
        marked = marked[:keep_from] + keep_together(marked[keep_from:], width - hang)
    if dates_whole:
        marked = mark_unbreakable(marked)
    lead = first if isinstance(first, Text) else Text(first)
    rest = " " * hang
    wrapper = textwrap.TextWrapper(
        width, initial_indent=lead.plain, subsequent_indent=rest, expand_tabs=False
    )
    at = 0
    for number, line in enumerate(wrapper.wrap(marked)):
        indent = lead if number == 0 else Text(rest)
        body = line[len(indent.plain) :]
        start = marked.find(body, at)
        start = at if start < 0 else start
        at = start + len(body)
        piece = text[start:at]
        piece.rstrip()
        console.print(indent + piece, no_wrap=True, overflow="ignore", crop=False)


def cell_lines(value: str, width: int, keep_from: int | None = None) -> list[str]:
    """A table cell wrapped to `width`: at spaces, long words folded, the date from `keep_from` whole."""
    import textwrap

    if keep_from is not None:
        value = value[:keep_from] + keep_together(value[keep_from:], width + 1)
    lines = textwrap.wrap(value, width, expand_tabs=False) or [""]
    return [line.replace(NO_BREAK, " ") for line in lines]


def print_table(
    console: Console,
    headings: Sequence[str],
    cells: Sequence[Sequence[str]],
    narrowest: dict[int, int],
    keep_from: Callable[[str], int | None] | None = None,
) -> bool:
    """A table whose `narrowest` columns shrink to fit, wrapping at spaces, and whose last column keeps
    its part from `keep_from(value)` whole; False, printing nothing, when it cannot fit the terminal."""
    from rich.cells import cell_len

    widths = [max(cell_len(v) for v in column) for column in zip(headings, *cells, strict=True)]
    room = console.width - 2 * (len(widths) - 1)
    if sum(min(w, narrowest.get(i, w)) for i, w in enumerate(widths)) > room:
        return False
    while sum(widths) > room:  # the column with the most to spare gives up one cell at a time
        index = max(narrowest, key=lambda i: widths[i] - narrowest[i])
        widths[index] -= 1
    print_row(console, [cell_lines(name, widths[i]) for i, name in enumerate(headings)], widths, "bold")
    last = len(widths) - 1
    for values in cells:
        wrapped = [cell_lines(value, widths[i]) for i, value in enumerate(values[:last])]
        wrapped.append(cell_lines(values[last], widths[last], keep_from(values[last]) if keep_from else None))
        print_row(console, wrapped, widths, "")
    return True


def print_row(console: Console, cells: list[list[str]], widths: list[int], style: str) -> None:
    from rich.cells import set_cell_size
    from rich.text import Text

    height = max(len(lines) for lines in cells)
    if style == "bold":  # a heading sits on the line of the cells under it
        cells = [[""] * (height - len(lines)) + lines for lines in cells]
    for number in range(height):
        parts = [
            set_cell_size(lines[number] if number < len(lines) else "", widths[i])
            for i, lines in enumerate(cells)
        ]
        console.print(
            Text("  ".join(parts).rstrip(), style=style), no_wrap=True, overflow="ignore", crop=False
        )
