"""Commands that show: today, list, show.

A thin layer like cli.py: parse, ask app/views.py (or the agenda cache), hand the result to render.
`register(group)` adds the commands to the root group.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import click

from followup.cli.params import APP_ID
from followup.cli.state import current_state
from followup.output.echo import say

if TYPE_CHECKING:
    from pathlib import Path

    from followup.app.context import Context
    from followup.app.views import Row
    from followup.store.cache import AgendaCache, Entry


def work_out(ctx: Context, agenda_cache: AgendaCache, loaded: tuple[Any, bytes] | None = None) -> Entry:
    """Today's agenda from the store (or from `loaded`, the data a write just wrote), kept in the cache.

    With a cache, tomorrow's agenda is worked out too: tomorrow's first run is then a hit, unless the
    store, the config or the program changes in between. That costs one more pass of the rules (about
    a tenth of a write at 1,000 applications) and makes the morning's first `today` three to four
    times faster (docs/performance.md, "What the machinery costs and earns").
    """
    from followup.app import views as service
    from followup.output import plain as views
    from followup.store import cache

    today = agenda_cache.today
    dates = [today, today + timedelta(days=1)] if agenda_cache.enabled else [today]
    agendas = service.agendas(ctx, agenda_cache.days, dates, loaded)
    worked_out = [
        cache.Entry(views.agenda_json(a), a.days, a.applications, tuple(views.title(x) for x in a.actions))
        for a in agendas
    ]
    if agendas[0].source is not None:
        agenda_cache.put(agendas[0].source, worked_out)
    return worked_out[0]


def after_write(ctx: Context) -> None:
    """After a command wrote the store, the agenda of what it wrote is worked out and kept, so that
    the next `followup today` (and tomorrow's first) is a hit. Never fails the command that wrote."""
    import contextlib
    import dataclasses

    from followup.store import cache

    if ctx.store.written is None:
        return
    # Ctrl+C here stops only this extra step: the write is done, and the command succeeded.
    with contextlib.suppress(Exception, KeyboardInterrupt):
        agenda_cache = cache.AgendaCache(ctx.store.path, ctx.config_path, ctx.today, None)
        if agenda_cache.enabled:
            # Settings read afresh, after the cache has noted the config it goes with.
            work_out(dataclasses.replace(ctx, _settings=None), agenda_cache, ctx.store.written)


# today --------------------------------------------------------------------------------------------


@click.command()
@click.option(
    "--days",
    type=click.IntRange(0, 3660),
    default=None,
    metavar="N",
    help="How many days ahead to show (default 7, or agenda_days in the config).",
)
@click.option("--all", "show_all", is_flag=True, help="List every upcoming and waiting item, not a summary.")
@click.option(
    "--long", is_flag=True, help="Under each item, why it is due and the advice it follows (`why ID`: more)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the agenda as JSON.")
def today(days: int | None, show_all: bool, long: bool, as_json: bool) -> None:
    """What to do today, what is coming up, and what you are waiting for."""
    # On an unchanged store the agenda comes from the cache (see cache.py) without the models or Rich.
    from followup.output import plain as views
    from followup.paths import config_path, store_path
    from followup.store import cache

    state = current_state()
    agenda_cache = cache.AgendaCache(store_path(state.store_override), config_path(), state.today, days)
    entry = agenda_cache.get() or work_out(state.ctx, agenda_cache)
    if as_json:
        views.emit_json(entry.document)
    else:
        lines = views.agenda_lines(entry.document, entry.days, show_all, long, entry.titles)
        if views.wants_plain(sys.stdout):
            click.echo(views.agenda_text(lines, views.plain_width()), nl=False)
        else:
            from followup.output.terminal import render_agenda

            render_agenda(state.console(), lines)
    _tell_conflict_copies(store_path(state.store_override))


def _tell_conflict_copies(path: Path) -> None:
    """One line on stderr when a shared folder left conflict copies of the store beside it."""
    from followup.app.sync import waiting_copies
    from followup.output.plain import conflict_copies_note

    note = conflict_copies_note(path, waiting_copies(path))
    if note is not None:
        say(note, err=True)


# list, show ---------------------------------------------------------------------------------------


@click.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include closed applications.")
@click.option("--json", "as_json", is_flag=True, help="Print the applications as JSON.")
def list_(show_all: bool, as_json: bool) -> None:
    """List your applications (the active ones unless --all)."""
    from followup.app import views as service
    from followup.output import plain as views
    from followup.output import terminal as render

    state = current_state()
    rows = service.list_applications(state.ctx, show_all)
    # Each application becomes what is shown of it as it comes, then the rows are put in their order:
    # `list --all` of 10,000 never holds the applications at once.
    if as_json:
        from followup.ordered import in_place_order

        def item(row: Row) -> bytes:
            action = row.next_action.to_json(state.today) if row.next_action else None
            return views.app_json_item(row.app, {"next_action": action}).encode("utf-8", "surrogatepass")

        pieces = in_place_order((row.place, item(row)) for row in rows)
        views.emit_json_items(piece.decode("utf-8", "surrogatepass") for piece in pieces)
    else:
        cells = sorted(((row.place, render.list_cells(row, state.today)) for row in rows), key=lambda p: p[0])
        render.render_rows(state.console(), [values for _, values in cells])


@click.command()
@APP_ID
@click.option("--json", "as_json", is_flag=True, help="Print the application as JSON.")
def show(app_ref: str, as_json: bool) -> None:
    """Show one application: its timeline and open actions."""
    from followup.app import views as service
    from followup.output import plain as views
    from followup.output import terminal as render

    state = current_state()
    detail = service.show_application(state.ctx, app_ref)
    if as_json:
        item = views.app_json(detail.app)
        item["actions"] = [a.to_json(state.today) for a in detail.actions]
        views.emit_json(item)
    else:
        render.render_detail(state.console(), detail, state.today)


def register(group: click.Group) -> None:
    """Add these commands to the root `followup` group."""
    for command in (today, list_, show):
        group.add_command(command)
