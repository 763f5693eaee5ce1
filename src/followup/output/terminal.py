"""Showing data to people with Rich. The only package that imports Rich; layout.py lays text out.

User data is always wrapped in `rich.text.Text` (never parsed as markup) and passed through
`literal()` first, so control characters from the store never reach the terminal.

JSON output and the plain-text agenda (for a pipe, cron, a prompt script) are in views.py, which
needs neither Rich nor the models; the agenda's `Line`s laid out there are drawn here on a terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import IO, TYPE_CHECKING

from followup.dates import human_date
from followup.output.echo import columns, literal
from followup.output.layout import ONE_SPACE, print_table, print_wrapped
from followup.output.plain import title, when_text
from followup.rules.hold import holding

if TYPE_CHECKING:
    from rich.console import Console

    from followup.app.stats import Stats
    from followup.app.views import Detail, Row
    from followup.models import Application, Contact
    from followup.output.plain import Line
    from followup.rules.explain import Explanation


def make_console(file: IO[str] | None = None, no_color: bool = False) -> Console:
    """The one place a Rich console is made; tests pass their own file to capture it."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """Rich would exit 1 here; the CLI decides the exit code (0 once the store is written)."""
            import errno
            import os

            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    out = file or sys.stdout
    return _Console(
        file=out,
        width=columns(out, 80),  # the width every other output of the program is laid out at
        markup=False,
        highlight=False,
        emoji=False,
        no_color=no_color or None,
        color_system=None if no_color else "auto",
    )


def render_agenda(console: Console, lines: Sequence[Line]) -> None:
    from rich.text import Text

    for line in lines:
        if line.reason is None:
            body = line.text.lstrip(" ")
            lead = line.text[: len(line.text) - len(body)]
            if body:
                print_wrapped(console, Text(body, style=line.style), lead, len(lead) + 2)
            else:
                console.print()
            continue
        text = Text("• ")
        text.append(line.text, style=line.style)
        text.append(line.tail, style=line.tail_style)
        where, dash, _ = line.tail.rpartition(" — ")
        keep_from = len(text.plain) - len(line.tail) + len(where) + len(dash)
        print_wrapped(console, text, "  ", 4, keep_from)
        if line.reason:
            print_wrapped(console, Text(line.reason, style="dim italic"), "    ", 4)


_LIST_HEADINGS = ("id", "company", "role", "status", "last interview", "next action")
_NARROWEST = {1: 8, 2: 10, 5: 16}  # how far these may shrink, wrapping at spaces; the others never wrap


def list_cells(row: Row, today: date) -> tuple[str, ...]:
    """What the list shows of one application, its cells as they are printed: all a row keeps, so
    that the list of 10,000 holds no application while it is drawn."""
    app, nxt = row.app, row.next_action
    last = app.last_interview()
    next_text = f"{title(nxt)}, {human_date(nxt.due, today)}" if nxt else ""
    last_text = human_date(last.day, today) if last else ""
    values = (app.id, app.company, app.role, app.status.value, last_text, next_text)
    return tuple(literal(value).translate(ONE_SPACE) for value in values)


def render_rows(console: Console, cells: Sequence[Sequence[str]]) -> None:
    """The list, from the `list_cells` of each application: a table when it fits the terminal, its
    long cells wrapped at spaces and a date never split; on a narrow terminal, a short block per
    application."""
    from rich.cells import cell_len
    from rich.text import Text

    if not cells:
        console.print(Text("No applications. Add one with `followup add`."))
        return
    # The heading "last interview" may wrap, the dates under it not.
    narrowest = {**_NARROWEST, 4: max(len("interview"), *(cell_len(values[4]) for values in cells))}
    if print_table(console, _LIST_HEADINGS, cells, narrowest, lambda v: v.rfind(", ") + 2 if v else None):
        return
    for app_id, company, role, status, last_text, next_text in cells:
        head = Text(app_id, style="bold")
        head.append(f" — {company} · {role}")
        print_wrapped(console, head, "", 2)
        print_wrapped(console, Text(status + (f", last interview {last_text}" if last_text else "")), "  ", 4)
        if next_text:
            print_wrapped(console, Text(f"next: {next_text}"), "  ", 4, next_text.rfind(", ") + 8)


def _timeline(app: Application) -> Iterable[tuple[date, int, str]]:
    for change in app.status_history:
        yield change.on, 0, f"status: {change.status}"
    for interview in app.interviews:
        people = ", ".join(str(p) for p in interview.interviewers) or "interviewers not recorded"
        time = f" {interview.at:%H:%M}" if interview.at.time().hour or interview.at.time().minute else ""
        text = f"interview, round {interview.round}{time}"
        if interview.stage:
            text += f" ({interview.stage})"
        text += f" with {people}"
        if interview.decision_by:
            text += f"; decision by {interview.decision_by.isoformat()}"
        for weak in interview.weak_answers:
            text += f"; weak answer: {weak}"
        yield interview.day, 1, text
    for number, event in enumerate(app.events, 1):  # the number `followup log edit` takes
        arrow = "←" if event.inbound else "→"
        text = f"log {number}: {arrow} {event.kind} ({event.channel})"
        if event.with_:
            text += f" with {event.with_}"
        if event.outcome:
            text += f", outcome: {event.outcome}"
        if event.decision_by:
            text += f", decision by {event.decision_by.isoformat()}"
        if event.note:
            text += f": {event.note}"
        yield event.on, 2, text
    for review in app.reviews:
        parts = []
        if review.went_well:
            parts.append(f"went well: {review.went_well}")
        if review.improve:
            parts.append(f"to improve: {review.improve}")
        yield review.on, 3, "review: " + "; ".join(parts)
    for mark in app.done:
        yield mark.on, 4, f"done: {mark.action}" + (f" ({mark.person})" if mark.person else "")


def render_detail(console: Console, detail: Detail, today: date) -> None:
    from rich.text import Text

    app = detail.app
    head = Text()
    head.append(literal(app.company), style="bold")
    head.append(f" · {literal(app.role)} ({literal(app.id)}) — {app.status}")
    print_wrapped(console, head, "", 2)
    if app.decision_by:
        console.print(Text(f"Decision expected by {human_date(app.decision_by, today)}"))
    if app.notes:
        console.print(Text(f"Notes: {literal(app.notes)}"))
    console.print()
    console.print(Text("Timeline", style="bold"))
    for day, _, text in sorted(_timeline(app), key=lambda item: (item[0], item[1])):
        print_wrapped(console, Text(literal(text)), f"  {human_date(day, today):<12} ", 17)
    console.print()
    console.print(Text("Open actions", style="bold"))
    if not detail.actions:
        console.print(Text("  none"))
    for action in detail.actions:
        state = str(action.state(today))
        bullet = f"• {literal(title(action))} — "
        when = when_text(state, action.start, action.due, today)
        print_wrapped(console, Text(f"{bullet}{when} [{state}]"), "  ", 4, len(bullet))
    snoozed = holding(app, today)
    if snoozed:
        console.print()
        console.print(Text("Snoozed", style="bold"))
        for snooze in snoozed:
            who = f" ({snooze.person})" if snooze.person else ""
            console.print(
                Text(
                    f"  • {literal(snooze.action + who)} — back on {human_date(snooze.until, today)}"
                    f" (`followup unsnooze {literal(app.id)} {literal(snooze.action)}` brings it back now)"
                )
            )
    if app.dismissals:
        console.print()
        console.print(Text("Dismissed", style="bold"))
        for dismissal in app.dismissals:
            who = f" ({dismissal.person})" if dismissal.person else ""
            console.print(
                Text(
                    f"  • {literal(dismissal.action + who)} from {human_date(dismissal.start, today)}"
                    f" — dismissed {human_date(dismissal.on, today)}"
                )
            )


_CONTACT_HEADINGS = ("name", "relation", "company", "email", "phone")


def render_contacts(console: Console, contacts: Sequence[Contact]) -> None:
    """A table when it fits the terminal, names and companies wrapped at spaces; on a narrow
    terminal, a short block per contact."""
    from rich.text import Text

    if not contacts:
        console.print(Text("No contacts. Add one with `followup contact add NAME --relation reference`."))
        return
    cells = [
        [literal(v).translate(ONE_SPACE) for v in (c.name, c.relation.value, c.company, c.email, c.phone)]
        for c in contacts
    ]
    if print_table(console, _CONTACT_HEADINGS, cells, {0: 10, 2: 10}):
        return
    for name, relation, company, email, phone in cells:
        head = Text(name, style="bold")
        head.append(f" — {relation}" + (f", {company}" if company else ""))
        print_wrapped(console, head, "", 2)
        reach = " · ".join(v for v in (email, phone) if v)
        if reach:
            print_wrapped(console, Text(reach), "  ", 4, len(reach) - len(phone) if phone else None)


# why, stats -------------------------------------------------------------------------------------------


_FACT_VALUE_MIN = 24  # narrower than this beside the labels, and each fact reads `label: value`


def _print_facts(
    console: Console, facts: Sequence[tuple[str, str]], indent: str = "  ", label_style: str = "dim"
) -> None:
    """Facts as two columns after `indent`, labels in `label_style`, values wrapped under themselves;
    on a narrow terminal, one `label: value` line each, wrapped under the label. Dates are never split."""
    from rich.cells import cell_len
    from rich.text import Text

    labels = [literal(what).translate(ONE_SPACE) for what, _ in facts]
    label_width = max(cell_len(label) for label in labels)
    value_at = len(indent) + label_width + 2
    side_by_side = console.width - value_at >= _FACT_VALUE_MIN
    for label, (_, value) in zip(labels, facts, strict=True):
        if side_by_side:
            lead = Text(indent) + Text(label + " " * (label_width - cell_len(label) + 2), style=label_style)
            print_wrapped(console, Text(literal(value)), lead, value_at, dates_whole=True)
            continue
        name = label.lstrip(" ")
        lead_in = indent + label[: len(label) - len(name)]  # a person under a round stays indented
        text = Text()  # `Text(name, style=...) + value` would give the value the label's style too
        text.append(name + ":", style=label_style)
        text.append(" " + literal(value))
        print_wrapped(console, text, lead_in, len(lead_in) + 2, dates_whole=True)


def render_why(console: Console, explanation: Explanation) -> None:
    from rich.text import Text

    app, today = explanation.app, explanation.today
    head = Text()
    head.append(literal(app.company), style="bold")
    head.append(
        f" · {literal(app.role)} ({literal(app.id)}) — {app.status}, as of {human_date(today, today)}"
    )
    print_wrapped(console, head, "", 2, dates_whole=True)
    idle = []
    for verdict in explanation.verdicts:
        if not verdict.applies:
            idle.append(verdict)
            continue
        console.print()
        line = Text(verdict.rule, style="bold")
        if verdict.actions:
            states = sorted({str(a.state(today)) for a in verdict.actions})
            line.append(f" [{', '.join(states)}]")
        print_wrapped(console, line, "", 2)
        print_wrapped(console, Text(literal(verdict.decision)), "  ", 2, dates_whole=True)
        if verdict.facts:
            _print_facts(console, verdict.facts)
        print_wrapped(console, Text(f"“{verdict.advice}”", style="italic"), "  ", 2)
    if explanation.held:
        console.print()
        console.print(Text("Held back", style="bold"))
        for what, value in explanation.held:
            print_wrapped(console, Text(f"{literal(what)}: {literal(value)}"), "  ", 4, dates_whole=True)
    if idle:
        console.print()
        console.print(Text("Not applying", style="bold"))
        for verdict in idle:
            text = Text(f"{verdict.rule}: {literal(verdict.decision)}", style="dim")
            print_wrapped(console, text, "  ", 4, dates_whole=True)


def _percent(part: int, whole: int, what: str = "", none: str = "no data yet") -> str:
    return f"{part} of {whole}{what} ({round(100 * part / whole)}%)" if whole else none


def render_stats(console: Console, stats: Stats) -> None:
    """The numbers as two columns, values wrapped under themselves; on a narrow terminal, one
    `label: value` line each, as `why` shows its facts."""
    from rich.text import Text

    today = stats.today
    period = f"since {human_date(stats.since, today)}" if stats.since else "all time"
    heading = Text(f"Your search, {period} (to {human_date(today, today)})", style="bold")
    print_wrapped(console, heading, "", 2, dates_whole=True)
    offers = f"{stats.offers} offer{'s' if stats.offers != 1 else ''}"
    funnel = (
        f"{stats.applications} applied → {stats.interviewed} interviewed → {offers}"
        f" ({stats.accepted} accepted)"
    )
    if stats.median_days_to_decision is not None:
        decided = (
            f"median {stats.median_days_to_decision:g} days ({stats.median_business_days_to_decision:g}"
            f" business days), over {stats.decided} decision{'s' if stats.decided != 1 else ''}"
        )
    else:
        decided = "no decisions yet"
    per_app = stats.follow_ups_per_application
    follow_ups = "none" if per_app is None else f"{per_app:.1f} per application ({stats.follow_ups} in all)"
    average = f"; {stats.active_average:.1f} on an average day" if stats.active_average is not None else ""
    learned = stats.learned
    wait = f"{learned.wait} business days when no decision date is given"
    if learned.adapted:
        wait += f", learned from your {len(learned.samples)} decisions (configured: {learned.configured})"
    facts = [
        ("funnel", funnel),
        ("heard back", _percent(stats.answered, stats.applications, none="no applications yet")),
        ("interview to decision", decided),
        ("went silent", _percent(stats.silent, stats.ended, " processes that ended", "none has ended yet")),
        ("follow-ups", follow_ups),
        ("active applications", f"{stats.active_now} now (aim for {stats.min_active} or more){average}"),
        ("first follow-up", wait),
    ]
    _print_facts(console, facts, indent="", label_style="bold")
