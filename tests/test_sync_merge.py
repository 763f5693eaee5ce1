"""followup's own merge of two stores with their ancestor: on records and ids, the same result
whichever machine merges, every resolution told."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from followup.store import Store
from followup.sync import stores
from followup.sync.merge import MISSING, canonical, merge
from tests.conftest import Invoke


def _event(id_: str, on: str, note: str = "") -> dict[str, Any]:
    return {"id": id_, "on": on, "kind": "other", "note": note}


def _doc(*events: dict[str, Any], **fields: Any) -> dict[str, Any]:
    app = {"id": "acme", "company": "Acme", "status": "applied", "events": list(events), **fields}
    return {"version": 3, "applications": [app], "contacts": []}


def _events(document: dict[str, Any]) -> list[str]:
    return [e["id"] for e in document["applications"][0]["events"]]


def test_additions_from_both_sides_are_kept_after_the_ancestors_records_by_date_then_id() -> None:
    base = _doc(_event("b0", "2026-03-01"))
    ours = _doc(_event("b0", "2026-03-01"), _event("z1", "2026-03-02"), _event("a9", "2026-03-05"))
    theirs = _doc(_event("b0", "2026-03-01"), _event("m5", "2026-03-02"))
    result = merge(base, ours, theirs)
    assert _events(result.document) == ["b0", "m5", "z1", "a9"]
    assert result.resolutions == []
    assert merge(base, theirs, ours).document == result.document


def test_one_sides_change_is_taken_whole_when_the_other_side_did_nothing() -> None:
    base = _doc(_event("b0", "2026-03-01"))
    ours = _doc(_event("z1", "2026-03-09"), _event("b0", "2026-03-01"))  # any order, as it is
    assert merge(base, ours, base).document == ours
    assert merge(base, base, ours).document == ours


def test_a_deletion_on_one_side_wins_over_no_change_on_the_other() -> None:
    base = _doc(_event("b0", "2026-03-01"), _event("b1", "2026-03-02"), notes="n")
    ours = _doc(_event("b1", "2026-03-02"), notes="n")  # entry b0 removed here
    theirs = _doc(_event("b0", "2026-03-01"), _event("b1", "2026-03-02"), _event("t", "2026-03-03"))
    # and the notes cleared there
    result = merge(base, ours, theirs)
    assert _events(result.document) == ["b1", "t"]
    assert "notes" not in result.document["applications"][0]
    assert result.resolutions == []


def test_a_change_beats_a_deletion_and_is_told() -> None:
    base = _doc(_event("b0", "2026-03-01", "old"))
    ours = _doc()  # removed here
    theirs = _doc(_event("b0", "2026-03-01", "changed there"))
    result = merge(base, ours, theirs)
    assert result.document == theirs
    [resolution] = result.resolutions
    assert resolution.path == ("applications", "acme", "events", "b0")
    assert resolution.describe() == (
        "applications/acme/events/b0: removed on this machine, changed on the other machine;"
        " kept the other machine's"
    )


def test_a_field_changed_on_both_sides_keeps_the_larger_canonical_json_either_way() -> None:
    base = _doc(status="applied")
    ours, theirs = _doc(status="offer"), _doc(status="rejected")
    here, there = merge(base, ours, theirs), merge(base, theirs, ours)
    assert here.document == there.document == theirs  # "rejected" > "offer"
    assert [r.describe() for r in here.resolutions] == [
        'applications/acme/status: changed on both machines; kept "rejected" (the other machine\'s),'
        ' not "offer" (this machine\'s)'
    ]
    assert there.resolutions[0].kept_ours


def test_lists_and_keys_it_does_not_know_are_merged_the_same_way() -> None:
    """A newer feature's list of records (the mail inbox) and unknown keys need no code here."""
    base = {"version": 3, "applications": [], "inbox": [{"id": "p1", "subject": "a"}], "x": 1}
    ours = {**base, "inbox": [{"id": "p1", "subject": "a"}, {"id": "p2", "subject": "b"}], "y": [1]}
    theirs = {**base, "inbox": [{"id": "p3", "subject": "c"}], "x": 2, "z": None}
    result = merge(base, ours, theirs)
    assert result.document == {
        "version": 3,
        "applications": [],
        "inbox": [{"id": "p2", "subject": "b"}, {"id": "p3", "subject": "c"}],
        "x": 2,
        "y": [1],
        "z": None,
    }


def test_a_list_of_plain_values_is_one_value() -> None:
    base = _doc(weak_answers=["a"])
    result = merge(base, _doc(weak_answers=["a", "b"]), _doc(weak_answers=["c"]))
    assert result.document["applications"][0]["weak_answers"] == ["c"]  # '["c"]' > '["a","b"]'
    assert len(result.resolutions) == 1


def test_with_no_ancestor_the_same_record_on_both_sides_is_merged_field_by_field() -> None:
    ours = _doc(_event("e1", "2026-03-01"), notes="here")
    theirs = _doc(_event("e2", "2026-03-02"), notes="there")
    result = merge(None, ours, theirs)
    assert _events(result.document) == ["e1", "e2"]
    assert result.document["applications"][0]["notes"] == "there"
    assert merge(MISSING, theirs, ours).document == result.document


# Any documents: the merge is the same whichever side is "ours" ---------------------------------------

_leaf = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["a", "b", "é"]))
_record = st.fixed_dictionaries(
    {"id": st.sampled_from(["r1", "r2", "r3", "r4"])},
    optional={"on": st.sampled_from(["2026-03-01", "2026-03-02"]), "v": _leaf, "w": _leaf},
)
_value = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["k", "l", "m"]), inner, max_size=3),
        st.lists(_record, max_size=4, unique_by=lambda record: record["id"]),  # ids are random
    ),
    max_leaves=12,
)
_document = st.dictionaries(st.sampled_from(["applications", "contacts", "n", "o"]), _value, max_size=4)


@settings(max_examples=120, deadline=None)
@given(base=_document, ours=_document, theirs=_document)
@example(  # True and 1 are equal in Python, not in JSON
    base={}, ours={"applications": [{"id": "r2", "v": True}]}, theirs={"applications": [{"id": "r2", "v": 1}]}
)
@example(  # the same record added on both sides, its keys in another order
    base={},
    ours={"applications": [{"id": "r2", "w": "b", "v": True}]},
    theirs={"applications": [{"id": "r2", "v": True, "w": "b"}]},
)
def test_the_merge_does_not_depend_on_which_side_merges(base: Any, ours: Any, theirs: Any) -> None:
    here = merge(base, copy.deepcopy(ours), copy.deepcopy(theirs))
    there = merge(base, copy.deepcopy(theirs), copy.deepcopy(ours))
    assert canonical(here.document) == canonical(there.document)
    assert json.dumps(here.document) == json.dumps(there.document)  # key order too
    assert len(here.resolutions) == len(there.resolutions)
    # Merging the result again with either side changes nothing.
    assert canonical(merge(base, here.document, theirs).document) == canonical(here.document)


# Replicas taking random commands and syncing in random orders --------------------------------------

DAY = "2026-03-10"
REPLICAS = 3
_APPS = st.sampled_from(["acme", "globex"])
_COMMANDS = st.one_of(
    st.tuples(st.just("log-contact"), _APPS),  # the note is added by the test: each one unique
    st.tuples(st.just("status"), _APPS, st.sampled_from(["rejected", "offer", "interviewing"])),
    st.tuples(st.just("review"), _APPS, st.just("--improve"), st.sampled_from(["x", "y"])),
    st.tuples(st.just("edit"), _APPS, st.just("--notes"), st.sampled_from(["n1", "n2"])),
    st.tuples(st.just("contact"), st.just("add"), st.sampled_from(["Ann", "Ben"])),
    st.tuples(st.just("done"), _APPS, st.just("notify-references")),
    st.tuples(st.just("snooze"), _APPS, st.just("ask-network"), st.just("--until"), st.just("2026-03-20")),
    st.tuples(st.just("dismiss"), _APPS, st.just("review")),
    st.tuples(st.just("log"), st.just("remove"), _APPS, st.just("1")),
    st.tuples(st.just("remove"), _APPS),
)
# (replica, command) or (replica, None): that replica syncs.
_STEPS = st.lists(
    st.tuples(st.integers(0, REPLICAS - 1), st.one_of(st.none(), _COMMANDS)), min_size=1, max_size=14
)


class _Remote:
    """What a git remote does for the merge: the latest store, and each replica's last synced one
    (the ancestor of its next merge)."""

    def __init__(self, first: bytes) -> None:
        self.raw = first
        self.synced: dict[int, bytes] = {}

    def sync(self, replica: int, store: Store) -> None:
        ours = store.path.read_bytes()
        base = self.synced.get(replica)
        name = Path("remote") / "followup.json"
        ancestor = MISSING if base is None else stores.document_of(base, name)
        outcome = stores.merged_documents(store, ancestor, ours, stores.document_of(self.raw, name))
        written = stores.write(store, ours, outcome.raw)
        assert written == outcome.raw
        self.raw = self.synced[replica] = written


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_STEPS)
def test_replicas_syncing_in_any_order_converge_and_keep_every_log_entry_once(
    steps: list[tuple[int, tuple[str, ...] | None]], invoke: Invoke, tmp_path_factory: Any
) -> None:
    folder = tmp_path_factory.mktemp("replicas")
    paths = [folder / f"r{n}" / "followup.json" for n in range(REPLICAS)]
    first = paths[0]
    for company in ("Acme", "Globex"):
        invoke(
            "--store",
            str(first),
            "add",
            "--company",
            company,
            "--role",
            "Dev",
            "--interview-at",
            "2026-03-03T10:00",
            today="2026-03-03",
        )
    remote = _Remote(first.read_bytes())
    for path in paths[1:]:
        path.parent.mkdir()
        path.write_bytes(remote.raw)
    notes: dict[str, str] = {}  # note → application
    removed: set[str] = set()
    for n, (replica, command) in enumerate(steps):
        store = paths[replica]
        if command is None:
            remote.sync(replica, Store(store))
            continue
        if command[0] == "log-contact":
            note = f"entry {n} on {replica}"
            command = (*command, "--note", note)
        result = invoke("--store", str(store), *command, today=DAY, ok=False)
        assert result.exit_code in (0, 1), result.output
        if result.exit_code == 0 and command[0] == "log-contact":
            notes[note] = command[1]
        if result.exit_code == 0 and command[0] in ("remove", "log"):
            # Its entries may be gone, by the user's own hand.
            removed.add(command[-1] if command[0] == "remove" else command[2])
    for _ in range(2):
        for replica, path in enumerate(paths):
            remote.sync(replica, Store(path))
    finals = [path.read_bytes() for path in paths]
    assert finals[0] == finals[1] == finals[2] == remote.raw
    document = json.loads(finals[0])
    logged = [e.get("note") for app in document["applications"] for e in app["events"]]
    for note, app in notes.items():
        assert logged.count(note) == 1 or (app in removed and logged.count(note) == 0), note
