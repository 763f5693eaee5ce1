"""The messages a notmuch query finds: `notmuch:QUERY`, as `notmuch search` takes it.

The `notmuch` command, with its own config (`NOTMUCH_CONFIG` or ~/.notmuch-config), finds the
messages and their files (`notmuch show --format=json --body=false`, one call); each file is then
read as it is. Nothing is written: no tag is added or removed, the database keeps its revision.
Messages tagged with `search.exclude_tags` (spam, deleted…) are left out, as `notmuch search` does.

The cursor uses notmuch's revisions (`lastmod`): every change to the database, a new message or a
changed tag, gets the next revision number, so a re-scan asks only for the messages changed since:

    {"uuid": "bd53d0bb-…", "lastmod": 4182}

While a scan is under way it also holds {"pass": {"done": [message ids]}}, updated as each
message is yielded, so a scan stopped halfway resumes without yielding those again. A message
whose tags changed since the last scan (read, archived) counts as changed and comes again; the
caller knows it by its Message-ID. A rebuilt database (a new uuid) starts over. A message over
`limit_bytes` is read in part, as every source reads one; one whose file is gone (renamed by mbsync since the
last `notmuch new`) is tried again next time, the scan left open; each gets one line in
`cursor["skipped"]`, which each call empties first.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from followup.mail.errors import MailError, one_line

if TYPE_CHECKING:
    from followup.mail.sources import SourceOptions

PREFIX = "notmuch:"


def parse_spec(spec: str) -> str:
    """The query of `notmuch:QUERY`."""
    if not spec.startswith(PREFIX):
        raise MailError("a notmuch source is written notmuch:QUERY, as notmuch:tag:inbox")
    query = spec[len(PREFIX) :].strip()
    if not query:
        raise MailError("notmuch: needs a query, as notmuch:tag:inbox (or notmuch:* for all)")
    return query


def _notmuch(args: list[str], timeout: float) -> bytes:
    """Run `notmuch ARGS`; its output, or one line saying why not."""
    program = shutil.which("notmuch")
    if program is None:
        raise MailError("notmuch is not installed (or not on PATH); the notmuch: source runs it")
    try:
        done = subprocess.run(
            [program, *args], capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise MailError(f"notmuch {args[0]} did not finish within {timeout:g} s") from None
    except OSError as err:
        raise MailError(f"cannot run notmuch: {err.strerror or err}") from None
    if done.returncode != 0:
        said = one_line(done.stderr) or "no message"
        raise MailError(f"notmuch {args[0]} failed (exit status {done.returncode}): {said}")
    return done.stdout


def revision(query: str, timeout: float) -> tuple[str, int]:
    """The database's (uuid, current revision), from `notmuch count --lastmod`."""
    fields = _notmuch(["count", "--lastmod", "--", query], timeout).decode("utf-8", "replace").split()
    if len(fields) != 3 or not fields[2].isdigit():
        raise MailError("this notmuch gives no revisions (count --lastmod): notmuch 0.21 or later is needed")
    return fields[1], int(fields[2])


def _messages(tree: Any) -> Iterator[dict[str, Any]]:
    """The messages of `notmuch show --format=json`: threads of [message, replies] pairs, nested."""
    if isinstance(tree, dict):
        if "id" in tree:
            yield tree
    elif isinstance(tree, list):
        for node in tree:
            yield from _messages(node)


def _show(query: str, timeout: float) -> list[dict[str, Any]]:
    """The messages `query` matches, with their files, oldest first (excluded ones left out)."""
    out = _notmuch(
        [
            "show",
            "--format=json",
            "--body=false",
            "--entire-thread=false",
            "--sort=oldest-first",
            "--",
            query,
        ],
        timeout,
    )
    try:
        tree = json.loads(out)
    except ValueError:
        raise MailError("notmuch show gave output that is not JSON") from None
    return [m for m in _messages(tree) if m.get("match") and not m.get("excluded")]


def changed(query: str, since: int | None, upto: int, timeout: float) -> Iterator[dict[str, Any]]:
    """The messages matching `query` changed after revision `since` up to `upto`, oldest first; one
    whose file notmuch cannot open comes as {"id": …, "gone": True}."""
    low = 0 if since is None else since + 1
    # notmuch takes `*` for every message only as the whole query
    ranged = f"lastmod:{low}..{upto}" + ("" if query == "*" else f" and ({query})")
    try:
        yield from _show(ranged, timeout)
        return
    except MailError:
        pass  # show opens every file, and one renamed since `notmuch new` fails it all: one by one
    listed = _notmuch(
        ["search", "--format=json", "--output=messages", "--sort=oldest-first", "--", ranged], timeout
    )
    try:
        ids = json.loads(listed)
    except ValueError:
        raise MailError("notmuch search gave output that is not JSON") from None
    for key in ids if isinstance(ids, list) else []:
        try:
            yield from _show(f'id:"{str(key).replace(chr(34), chr(34) * 2)}"', timeout)
        except MailError:
            yield {"id": key, "gone": True}


def _raw(message: dict[str, Any], limit: int) -> bytes | str | None:
    """The message's bytes from its first file that is there, why it is too big, or None: no file."""
    names = message.get("filename")
    for name in names if isinstance(names, list) else [names]:
        if not isinstance(name, str):
            continue
        try:
            with open(name, "rb") as file:
                return file.read(limit)  # a big message in part: its headers and text come first
        except OSError:
            continue
    return None


def read(spec: str, cursor: dict[str, Any], options: SourceOptions) -> Iterator[tuple[str, bytes]]:
    """Yield (Message-ID as notmuch knows it, raw message) for each matching message changed since the
    scan that left `cursor`, updating `cursor` (see the module's docstring) as each is yielded."""
    query = parse_spec(spec)
    skipped: list[str] = []
    cursor["skipped"] = skipped
    uuid, now = revision(query, options.timeout)
    if cursor.get("uuid") != uuid:  # a first scan, or a database made anew
        cursor.clear()
        cursor.update(uuid=uuid, lastmod=None, skipped=skipped)
    since = cursor.get("lastmod")
    since = since if isinstance(since, int) else None
    under_way = cursor.get("pass")
    done = set(under_way.get("done", [])) if isinstance(under_way, dict) else set()
    done_in_order = sorted(done)
    cursor["pass"] = {"done": done_in_order}
    complete = True
    for message in changed(query, since, now, options.timeout):
        key = str(message["id"])
        if key in done:
            continue
        raw = _raw(message, options.limit_bytes) if "gone" not in message else None
        if raw is None:  # not counted as seen: the pass stays open, the next scan tries it again
            skipped.append(f"message {one_line(key)}: its file is gone (notmuch new will find it again)")
            complete = False
            continue
        done.add(key)
        done_in_order.append(key)
        if isinstance(raw, str):
            skipped.append(f"message {one_line(key)}: {raw}")
            continue
        yield key, raw
    if complete:
        cursor["lastmod"] = now
        del cursor["pass"]
