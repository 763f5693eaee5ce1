"""One line saying what a change of the history did (`acme: logged thank-you with Jane Doe`), worked
out from the records it changed, so that every command, old or new, is described the same way.

Pure: the JSON of the records before and after in, text out.
"""

from __future__ import annotations

import shlex
from typing import Any

from followup.store.history import Entry
from followup.store.records import RecordChange

_GROUPS = frozenset({"contact", "log", "interview"})  # commands whose first word is a group
_MAX_PARTS = 3  # records named one by one; more are counted
_SCALARS = ("company", "role", "status", "applied_on", "decision_by", "notes", "reapply_after")
_CONTACT_FIELDS = ("name", "email", "phone", "company", "relation")


def short_command(command: str) -> str:
    """`log-contact acme --kind thank-you` → `log-contact acme`: the words before the first option."""
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    limit = 3 if words and words[0] in _GROUPS else 2
    kept = []
    for word in words[:limit]:
        if word.startswith("-"):
            break
        kept.append(word)
    return shlex.join(kept) if kept else command


def _cut(value: Any, limit: int = 40) -> str:
    text = "none" if value is None else " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _event(event: dict[str, Any]) -> str:
    kind = event.get("kind", "contact")
    who = event.get("with")
    if event.get("direction") == "inbound":
        return f"{kind} from {who}" if who else f"{kind} received"
    return f"{kind} with {who}" if who else str(kind)


def _added_items(field: str, item: dict[str, Any]) -> str:
    if field == "events":
        return f"logged {_event(item)}"
    if field == "interviews":
        return f"interview round {item.get('round')}"
    if field == "reviews":
        return "review"
    if field == "done":
        return f"done {item.get('action')}"
    if field == "snoozes":
        return f"snoozed {item.get('action')} until {item.get('until')}"
    if field == "dismissals":
        return f"dismissed {item.get('action')}"
    return f"{field} added"


def _list_parts(field: str, old: list[Any], new: list[Any]) -> list[str]:
    if old == new or field == "status_history":  # the status says it
        return []
    if new[: len(old)] == old:
        return [_added_items(field, item) for item in new[len(old) :] if isinstance(item, dict)]
    name = {"events": "log entry", "interviews": "interview round"}.get(field, field.rstrip("s"))
    first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(new))
    number: Any = first + 1
    if field == "interviews" and first < len(old) and isinstance(old[first], dict):
        number = old[first].get("round", number)
    if field not in ("events", "interviews"):
        return [f"{name} removed" if len(new) < len(old) else f"{name} edited"]
    return [f"{name} {number} removed" if len(new) < len(old) else f"{name} {number} edited"]


def _application(change: RecordChange) -> str:
    old, new = change.before, change.after
    if old is None:
        return f"added {change.key} ({_cut(new.get('company'))} · {_cut(new.get('role'))})"
    if new is None:
        return f"removed {change.key} ({_cut(old.get('company'))} · {_cut(old.get('role'))})"
    parts = []
    for field in _SCALARS:
        if old.get(field) != new.get(field):
            verb = "status" if field == "status" else field.replace("_", " ")
            parts.append(f"{verb} {_cut(old.get(field))} → {_cut(new.get(field))}")
    for field in sorted(set(old) | set(new)):
        if isinstance(old.get(field, []), list) and isinstance(new.get(field, []), list):
            parts += _list_parts(field, old.get(field, []), new.get(field, []))
        elif field not in _SCALARS and old.get(field) != new.get(field):
            parts.append(f"{field} changed")
    return f"{change.key}: {', '.join(parts) or 'changed'}"


def _contact(change: RecordChange) -> str:
    old, new = change.before, change.after
    if old is None:
        return f"added contact {_cut(new.get('name'))}"
    if new is None:
        return f"removed contact {_cut(old.get('name'))}"
    fields = [f for f in _CONTACT_FIELDS if old.get(f) != new.get(f)]
    fields += [
        f for f in sorted(set(old) | set(new)) if f not in _CONTACT_FIELDS and old.get(f) != new.get(f)
    ]
    return f"contact {_cut(new.get('name'))}: {', '.join(fields) or 'nothing'} changed"


def _proposal(change: RecordChange) -> str:
    """A proposal of `followup inbox`: added by a scan, or decided."""
    old, new = change.before, change.after
    if old is None:
        return f"proposed {_cut(new.get('label'))} ({_cut(new.get('app') or 'unmatched')})"
    if new is None:
        return f"removed proposal {change.key}"
    if old.get("state") != new.get("state"):
        return f"proposal {change.key} {_cut(new.get('state'))}"
    return f"proposal {change.key} edited"


_NOUNS = {"applications": "application", "contacts": "contact", "inbox": "proposal"}


def _counted(records: list[RecordChange]) -> str:
    counts: dict[str, int] = {}
    for change in records:
        noun = _NOUNS[change.list]
        verb = "added" if change.before is None else "removed" if change.after is None else "changed"
        counts[f"{verb} {noun}"] = counts.get(f"{verb} {noun}", 0) + 1
    return ", ".join(
        f"{what.split()[0]} {n} {what.split()[1]}{'s' if n != 1 else ''}" for what, n in counts.items()
    )


def summary(entry: Entry, commands: dict[int, str]) -> str:
    """What `entry` did in one line; `commands` names the changes by number, for an undo's."""
    if entry.undoes is not None:
        undone = commands.get(entry.undoes)
        return f"undid change {entry.undoes}" + (f" ({short_command(undone)})" if undone is not None else "")
    if len(entry.records) > _MAX_PARTS:
        text = _counted(entry.records)
    else:
        describe = {"applications": _application, "contacts": _contact, "inbox": _proposal}
        text = "; ".join(describe[c.list](c) for c in entry.records)
    if entry.top:
        text = "; ".join(filter(None, [text, f"{', '.join(entry.top)} changed"]))
    return text
