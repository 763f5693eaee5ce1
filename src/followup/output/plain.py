"""What commands show, without Rich: JSON for programs, and the agenda laid out as lines.

The agenda is laid out once from its JSON form (`agenda_json`) as `Line`s, then drawn either as plain
wrapped text here (a pipe, cron, a prompt script) or by Rich in followup.output.terminal. This module
imports neither Rich nor pydantic nor the models at module level, so a cached agenda is shown
without importing them. User data goes through `literal()` first, so control characters from the
store never reach the terminal.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from followup.dates import human_date
from followup.output.echo import NO_BREAK, columns, literal

if TYPE_CHECKING:
    from pathlib import Path

    from followup.app.track import Logged
    from followup.app.views import Agenda
    from followup.models import Application, Contact
    from followup.rules.base import Action

WAITING_SUMMARY_AFTER = 5  # more waiting applications than this are summed up in one line
UPCOMING_SUMMARY_AFTER = 5  # and more upcoming actions than this


def emit_json(value: Any, file: IO[str] | None = None) -> None:
    out = file or sys.stdout
    out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def json_item(value: Any) -> str:
    """`value` as `emit_json` writes it as an item of a list: indented one level in (JSON text holds a
    line break only between its parts, so indenting every line is exact)."""
    return json_item_text(json.dumps(value, indent=2, ensure_ascii=False))


def emit_json_items(items: Iterable[str], file: IO[str] | None = None) -> None:
    """The list of `json_item`s, written as they come: what `emit_json` writes of the whole list."""
    out = file or sys.stdout
    empty = True
    for item in items:
        out.write(("[\n" if empty else ",\n") + item)
        empty = False
    out.write("[]\n" if empty else "\n]\n")


# A number with a fraction or an exponent ending its line (a value ends its line in indented JSON;
# a string there ends in a quote): the one value pydantic spells otherwise than `json.dumps`.
_FLOAT = re.compile(r"(?:\.[0-9]+|[eE][-+]?[0-9]+),?$", re.MULTILINE)


def app_json_item(app: Application, more: dict[str, Any]) -> str:
    """`json_item` of `app_json(app)` with the members of `more` after its own, written by pydantic's
    serializer (several times faster than building the dicts and `json.dumps`, and the same text but
    for floats: an application that holds one takes the slow way)."""
    text = type(app).__pydantic_serializer__.to_json(app, indent=2, by_alias=True).decode("utf-8")
    if _FLOAT.search(text):
        return json_item({**app_json(app), **more})
    members = "".join(
        ",\n" + json.dumps({key: value}, indent=2, ensure_ascii=False)[2:-2] for key, value in more.items()
    )
    return json_item_text(text[:-2] + members + "\n}")


def json_item_text(text: str) -> str:
    """JSON text written by `json.dumps(..., indent=2)` (or the like), indented as an item of a list."""
    return "  " + text.replace("\n", "\n  ")


def app_json(app: Application) -> dict[str, Any]:
    return app.model_dump(mode="json", by_alias=True)


def contact_json(contact: Contact) -> dict[str, Any]:
    return contact.model_dump(mode="json", by_alias=True)


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    document: dict[str, Any] = {
        "date": agenda.date.isoformat(),
        "actions": [a.to_json(agenda.date) for a in agenda.actions],
    }
    if agenda.inbox:  # only then: the agenda of a user without mail is as it always was
        document["inbox"] = agenda.inbox
    return document


def inbox_line(document: dict[str, Any]) -> list[Line]:
    """`3 messages to review: followup inbox`, when `followup mail scan` left some."""
    waiting = document.get("inbox") or 0
    if not waiting:
        return []
    return [
        Line(),
        Line(f"{waiting} message{'s' if waiting != 1 else ''} to review: `followup inbox`", "bold"),
    ]


def title(action: Action) -> str:
    from followup import rules

    return rules.title_of(action)


def _where(app: str | None, company: str | None, role: str | None) -> str:
    if app is None:
        return "your search"
    return f"{company} · {role} ({app})"


# ActionState values, in the order the agenda shows them.
GROUPS = (
    ("overdue", "Overdue", "bold red"),
    ("due", "Due today", "bold yellow"),
    ("upcoming", "Coming up", "bold cyan"),
    ("waiting", "Waiting on employers", "bold"),
)
SUMMARIZED = {"upcoming": UPCOMING_SUMMARY_AFTER, "waiting": WAITING_SUMMARY_AFTER}


def when_text(state: str, start: date, due: date, today: date) -> str:
    if state == "overdue":
        days = (today - due).days
        return f"was due {human_date(due, today)} ({days} day{'s' if days != 1 else ''} late)"
    if state == "due":
        return "today" if due == today else f"by {human_date(due, today)}"
    if state == "upcoming" and start == due:  # one day: an interview, a prepare
        return f"on {human_date(due, today)}"
    if state == "upcoming":
        return f"from {human_date(start, today)}, by {human_date(due, today)}"
    return f"until {human_date(due, today)}"


@dataclass(frozen=True)
class Line:
    """One line of the agenda: `text` in `style`; an item also has a `tail` and a `reason` below it."""

    text: str = ""
    style: str = ""
    tail: str = ""
    tail_style: str = ""
    reason: str | None = None  # None for a heading; empty for an item shown without it


def _summary(state: str, items: list[dict[str, Any]], days: int, today: date) -> str:
    first = min(items, key=lambda item: (item["due"], item["start"]))
    due = human_date(date.fromisoformat(first["due"]), today)
    company = literal(first["company"] or "your search")
    if state == "waiting":
        what = f"{len(items)} applications waiting on employers, next check-in {due}"
    else:
        what = f"{len(items)} actions in the next {days} days, the first by {due}"
    return f"{what} ({company}); `followup today --all` lists them"


def agenda_lines(
    document: dict[str, Any],
    days: int,
    show_all: bool = False,
    long: bool = False,
    titles: Sequence[str] = (),
) -> list[Line]:
    """The human agenda from its JSON form: headings, one line per item (with `long`, its reason and
    the advice below it), and one line for each long group. `titles` are the items' titles, as the
    agenda cache keeps them; without them they come from the rules."""
    today = date.fromisoformat(document["date"])
    lines = [Line(f"followup · {today:%A} {today.day} {today:%B %Y}", "bold")]
    items = document["actions"]
    if not items:
        return [*lines, Line(), Line("Nothing to do today."), *inbox_line(document)]
    if len(titles) != len(items):
        from followup import rules  # a miss: the rules are loaded already

        titles = [rules.title(item["action"], item["person"]) for item in items]
    by_state: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for item, title_of in zip(items, titles, strict=True):
        by_state.setdefault(item["state"], []).append((item, title_of))
    for state, heading, style in GROUPS:
        group = by_state.get(state, [])
        if not group:
            continue
        label = heading if state != "upcoming" else f"{heading} (next {days} days)"
        lines += [Line(), Line(label, style)]
        if len(group) > SUMMARIZED.get(state, len(group)) and not show_all:
            lines.append(Line("  " + _summary(state, [item for item, _ in group], days, today)))
            continue
        for item, title_of in group:
            start, due = date.fromisoformat(item["start"]), date.fromisoformat(item["due"])
            where = _where(item["app"], item["company"], item["role"])
            lines.append(
                Line(
                    literal(title_of),
                    "bold",
                    f" — {literal(where)} — {when_text(state, start, due, today)}",
                    "dim" if state == "waiting" else "",
                    literal(item["reason"]) if long else "",
                )
            )
    return lines + inbox_line(document)


def wants_plain(file: IO[str]) -> bool:
    """Plain text for a pipe or a file, unless FORCE_COLOR asks for Rich's output there too."""
    try:
        return not file.isatty() and not os.environ.get("FORCE_COLOR")
    except (AttributeError, ValueError):
        return True


def plain_width() -> int:
    """The width Rich gives a pipe: $COLUMNS, else 80."""
    return columns(sys.stdout, 80) or 80


def keep_together(when: str, room: int) -> str:
    """`when` ("from Thu 12 Mar, by Fri 13 Mar") with its spaces marked as ones textwrap must not
    break at (`echo.NO_BREAK`), in each of its parts that fits in `room`: a date is never split across
    lines. The caller turns them back into spaces."""
    return ", ".join(part.replace(" ", NO_BREAK) if len(part) < room else part for part in when.split(", "))


_WRAPPED_SPACE = frozenset("\t\n\x0b\x0c\r")


def fill(text: str, width: int, first: str, rest: str) -> str:
    """`text` wrapped greedily at its spaces to `width`, the first line indented by `first` and the
    others by `rest`; a word longer than a line is cut. Unlike `textwrap.fill` it never breaks at a
    hyphen (an id such as `acme-2` stays whole, to copy), and it costs time linear in the text: a
    long overdue list is laid out in milliseconds. A text that fits on its line is kept as it is; one
    that is wrapped has its runs of spaces made one."""
    if not _WRAPPED_SPACE.isdisjoint(text):
        text = "".join(" " if ch in _WRAPPED_SPACE else ch for ch in text)
    text = text.strip(" ")
    if not text:
        return ""
    if len(first) + len(text) <= width:
        return first + text
    lines: list[str] = []
    line, started = first, False
    for word in text.split(" "):
        if not word:
            continue
        if started:
            if len(line) + 1 + len(word) <= width:
                line += " " + word
                continue
            if len(rest) + len(word) <= width:
                lines.append(line)
                line = rest + word
                continue
            line += " "  # a word longer than any line starts where the last one ends, and is cut
        while len(line) + len(word) > width:
            room = width - len(line)
            if room <= 0 and line.strip():
                lines.append(line.rstrip(" "))
                line = rest
                continue
            room = max(1, room)
            lines.append(line + word[:room])
            word, line = word[room:], rest
        line += word
        started = True
    lines.append(line)
    return "\n".join(lines)


def agenda_text(lines: Sequence[Line], width: int = 80) -> str:
    """The agenda as plain text wrapped to `width`, for pipes, cron and prompt scripts."""
    out = []
    for line in lines:
        if line.reason is None:  # a heading, or a group summed up in one line
            body = line.text.lstrip(" ")
            lead = line.text[: len(line.text) - len(body)]
            out.append(fill(body, width, lead, lead + "  "))
            continue
        where, dash, when = line.tail.rpartition(" — ")
        head = "• " + line.text + where + dash + keep_together(when, width - 4)
        out.append(fill(head, width, "  ", "    ").replace(NO_BREAK, " "))
        if line.reason:
            out.append(fill(line.reason, width, "    ", "    "))
    return "\n".join(out) + "\n"


def logged_text(logged: Logged, today: date) -> str:
    """`Logged thank-you to Jane Doe, Acme (acme), Tue 3 Mar.`: what, whom, where and when."""
    event, app = logged.events[0], logged.app
    names = logged.people
    who = (" and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]) if names else ""
    direction = "from" if event.inbound else "to"
    whom = f"{who}, {app.company} ({app.id})" if who else f"{app.company} ({app.id})"
    return f"Logged {event.kind} {direction} {whom}, {human_date(event.on, today)}."


def conflict_copies_note(store: Path, copies: Sequence[Path]) -> str | None:
    """The line `followup today` puts on stderr when a shared folder left conflict copies of the
    store beside it (None: it left none)."""
    if not copies:
        return None
    names = ", ".join(copy.name for copy in copies)
    what = "a conflict copy" if len(copies) == 1 else f"{len(copies)} conflict copies"
    return f"Note: {what} of {store.name} from a shared folder ({names}); `followup sync` merges them."
