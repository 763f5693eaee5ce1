"""The three-way merge of two store documents with their common ancestor, on records and ids.

Pure: JSON documents in (as `json.loads` gives them), a JSON document and what was resolved out.
Nothing here knows what a record means, so lists and fields added later (the mail inbox, a newer
followup's unknown keys) are merged the same way as the ones known today:

- An object is merged key by key.
- A list whose items are all objects with a string `id` is a list of records, merged record by
  record on their ids. Any other list (the weak answers, the interviewers) is one value.
- What one side changed and the other did not is taken: an addition, a change, a deletion (a record
  or a field removed on one side and left alone on the other is removed).
- What both sides changed to the same thing is that thing.
- What both sides changed differently is resolved by one fixed rule, the same on every machine: a
  change beats a deletion (nothing the user wrote is lost), and between two values the one whose
  canonical JSON (sorted keys, no spaces) is the larger string is kept. Each resolution is reported.

The result depends on the ancestor and the two sides, never on which side is "ours": two machines
merging the same pair in either order write the same bytes. Records keep the ancestor's order;
records added since come after them, sorted by their date (`on`, `at`, `created_on` or `added_on`)
and then their id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


class _Missing:
    """A key or record that is not there (never there, or removed)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

_DATE_KEYS = ("on", "at", "created_on", "added_on")


@dataclass(frozen=True)
class Resolution:
    """A value both sides changed differently: where, the value kept, the one not kept, and
    whether the kept one came from `ours`."""

    path: tuple[str, ...]
    kept: Any
    dropped: Any
    kept_ours: bool

    def describe(self, ours: str = "this machine", theirs: str = "the other machine") -> str:
        """One line: `applications/acme/status: changed on both; kept "offer" (the other machine's),
        not "rejected" (this machine's)`."""
        where = "/".join(self.path) or "the store"
        kept_from, dropped_from = (ours, theirs) if self.kept_ours else (theirs, ours)
        if self.dropped is MISSING:
            return f"{where}: removed on {dropped_from}, changed on {kept_from}; kept {kept_from}'s"
        return (
            f"{where}: changed on both machines; kept {_shown(self.kept)} ({kept_from}'s),"
            f" not {_shown(self.dropped)} ({dropped_from}'s)"
        )


@dataclass
class Merged:
    document: Any
    resolutions: list[Resolution] = field(default_factory=list)


def canonical(value: Any) -> str:
    """The JSON text that decides between two values: sorted keys, no spaces, Unicode as is."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _shown(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def merge(base: Any, ours: Any, theirs: Any) -> Merged:
    """`ours` and `theirs`, two documents that both grew from `base`, as one; `base` is MISSING (or
    None) when they share no ancestor, and then everything on either side is an addition."""
    result = Merged(MISSING)
    result.document = _merge(MISSING if base is None else base, ours, theirs, (), result.resolutions)
    return result


def _same(a: Any, b: Any) -> bool:
    """The same JSON, key order included: `True == 1` and `{"a": 1, "b": 2} == {"b": 2, "a": 1}` in
    Python, and taking either for the other would make the result depend on which side merges."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (dict, list)):
        return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)
    return bool(a == b)


def _merge(base: Any, a: Any, b: Any, path: tuple[str, ...], out: list[Resolution]) -> Any:
    if _same(a, b):
        return a
    if _same(base, a):
        return b
    if _same(base, b):
        return a
    if isinstance(a, dict) and isinstance(b, dict):
        return _merge_objects(base if isinstance(base, dict) else {}, a, b, path, out)
    if _is_records(a) and _is_records(b) and (base is MISSING or _is_records(base)):
        return _merge_records(base if isinstance(base, list) else [], a, b, path, out)
    return _resolve(a, b, path, out)


def _resolve(a: Any, b: Any, path: tuple[str, ...], out: list[Resolution]) -> Any:
    """Both sides changed the value differently: a change beats a deletion, then the larger
    canonical JSON wins."""
    if a is MISSING:
        keep_a = False
    elif b is MISSING:
        keep_a = True
    else:
        keep_a = canonical(a) >= canonical(b)
    kept, dropped = (a, b) if keep_a else (b, a)
    out.append(Resolution(path, kept, dropped, keep_a))
    return kept


def _merge_objects(
    base: dict[str, Any], a: dict[str, Any], b: dict[str, Any], path: tuple[str, ...], out: list[Resolution]
) -> dict[str, Any]:
    # The ancestor's keys in its order, then new keys sorted: the same order whichever side is `a`.
    keys = [*base, *sorted((a.keys() | b.keys()) - base.keys())]
    merged = {}
    for key in keys:
        value = _merge(base.get(key, MISSING), a.get(key, MISSING), b.get(key, MISSING), (*path, key), out)
        if value is not MISSING:
            merged[key] = value
    return merged


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict) and isinstance(item.get("id"), str) for item in value
    )


def _by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The records by id; an id met again (a store edited by hand) is told apart by `#2`, `#3`..."""
    found: dict[str, dict[str, Any]] = {}
    seen: dict[str, int] = {}
    for record in records:
        key = record["id"]
        seen[key] = seen.get(key, 0) + 1
        found[key if seen[key] == 1 else f"{key}#{seen[key]}"] = record
    return found


def _date_of(record: dict[str, Any]) -> str:
    for key in _DATE_KEYS:
        value = record.get(key)
        if isinstance(value, str):
            return value
    return ""


def _merge_records(
    base: list[Any], a: list[Any], b: list[Any], path: tuple[str, ...], out: list[Resolution]
) -> list[Any]:
    old, left, right = _by_id(base), _by_id(a), _by_id(b)
    kept = []
    for key, record in old.items():
        value = _merge(record, left.get(key, MISSING), right.get(key, MISSING), (*path, key), out)
        if value is not MISSING:
            kept.append(value)
    added = []
    for key in sorted((left.keys() | right.keys()) - old.keys()):
        value = _merge(MISSING, left.get(key, MISSING), right.get(key, MISSING), (*path, key), out)
        added.append((_date_of(value), key, value))
    added.sort(key=lambda item: (item[0], item[1]))
    return kept + [value for _, _, value in added]
