"""The `followup` program: a cached `followup today` is answered at once (followup/shortcut.py), and
every other command line goes to the CLI (followup/cli)."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from followup.shortcut import cached_today

        found = cached_today(sys.argv[1:])
    except Exception:  # the command line runs instead, and says what is wrong
        found = None
    if found is None:
        from followup.cli import main as run

        run()
        return
    _print(*found)


def _print(out: str, note: str | None) -> None:
    """Print as the CLI prints `followup today`: the agenda, then the note on stderr; a reader that
    went away (`followup today | head -1`) is no error, any other failure to write is one line."""
    import errno

    from followup.output.echo import drop_unwritable_output, replace_unencodable, say, unexpected

    replace_unencodable()
    try:
        sys.stdout.write(out)
        sys.stdout.flush()
        if note is not None:
            say(note, err=True)
    except OSError as err:
        if err.errno != errno.EPIPE:
            say(unexpected(err), err=True)
            sys.exit(1)
    finally:
        drop_unwritable_output()
