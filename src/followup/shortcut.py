"""`followup today` answered from the agenda cache before the command line is even parsed: a shell
prompt, or the morning run on an unchanged store, loads neither click nor the models (`entry.main`;
docs/performance.md).

Only `followup today` and `followup today --json`, the plain text going to a pipe or a file (Rich
draws it for a terminal), with the day from FOLLOWUP_TODAY or the clock and an agenda the cache holds
for exactly this run (store/cache.py). In any other case, a date that does not parse included, it
answers None before anything is written, and the command line runs as always: the same output,
messages and exit codes, since both print the cached agenda with the same functions.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime


def cached_today(args: Sequence[str]) -> tuple[str, str | None] | None:
    """What `followup ARGS` prints, on stdout and (a note, or None) on stderr, when the cache answers
    it; None when the command line has to run."""
    if list(args) not in (["today"], ["today", "--json"]):
        return None
    from followup.output import plain as views

    as_json = len(args) == 2
    if not as_json and not views.wants_plain(sys.stdout):
        return None
    day = _today()
    if day is None:
        return None
    from followup.paths import config_path, store_path
    from followup.store import cache

    store = store_path()
    entry = cache.AgendaCache(store, config_path(), day, None).get()
    if entry is None:
        return None
    if as_json:
        out = io.StringIO()
        views.emit_json(entry.document, out)
        text = out.getvalue()
    else:
        lines = views.agenda_lines(entry.document, entry.days, False, False, entry.titles)
        text = views.agenda_text(lines, views.plain_width())
    from followup.store.copies import conflict_copies

    return text, views.conflict_copies_note(store, conflict_copies(store))


def _today() -> date | None:
    """The day as the root command reads it from FOLLOWUP_TODAY (or the clock); None when the value
    does not parse, for the command line to report."""
    from followup.dates import TODAY_ENV, DateError, parse_datetime, plausible

    value = os.environ.get(TODAY_ENV)
    if not value:
        return datetime.now().date()

    try:
        moment, _ = parse_datetime(value, datetime.now(), "past")
    except DateError:
        return None
    return moment.date() if plausible(moment) else None
