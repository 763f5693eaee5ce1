"""Random scripts of changes and undos: undoing everything gives back the exact starting bytes."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.models import StoreData
from followup.store import history, records
from followup.store.codec import encode_data
from tests.conftest import Invoke
from tests.reliability.test_properties import stores
from tests.test_undo import DAY, setup_acme

APPS = st.sampled_from(["acme", "initech"])
COMMANDS = st.one_of(
    st.tuples(st.just("log-contact"), APPS, st.just("--note"), st.text("abc é\n", max_size=5)),
    st.tuples(st.just("status"), APPS, st.sampled_from(["rejected", "offer", "ghosted", "interviewing"])),
    st.tuples(st.just("review"), APPS, st.just("--improve"), st.sampled_from(["x", "y"])),
    st.tuples(st.just("contact"), st.just("add"), st.sampled_from(["Ann", "Ben", "Cy"])),
    st.tuples(
        st.just("add"),
        st.just("--company"),
        st.sampled_from(["Globex", "Hooli"]),
        st.just("--role"),
        st.just("Ops"),
        st.just("--applied"),
    ),
    st.tuples(
        st.just("snooze"),
        st.just("acme"),
        st.just("thank-you"),
        st.just("--until"),
        st.sampled_from(["2026-03-05", "2026-03-09"]),
    ),
    st.tuples(st.just("dismiss"), st.just("acme"), st.just("review")),
    st.tuples(st.just("undo")),
    st.tuples(st.just("undo"), st.integers(1, 12).map(str)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=st.lists(COMMANDS, min_size=1, max_size=12))
def test_undoing_everything_gives_back_the_starting_bytes(
    script: list[tuple[str, ...]], invoke: Invoke, store_file: Path
) -> None:
    if not store_file.exists():
        setup_acme(invoke)
    history.history_path(store_file).unlink(missing_ok=True)  # the start: a store with no history
    start = store_file.read_bytes()
    try:
        for command in script:
            result = invoke(*command, today=DAY, ok=False)
            assert result.exit_code in (0, 1), result.output
            if result.exit_code:
                assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        for _ in range(2 * len(script) + 1):
            result = invoke("undo", today=DAY, ok=False)
            if result.exit_code:
                break
        assert result.exit_code == 1 and "nothing to undo" in result.stderr
        assert store_file.read_bytes() == start
    finally:
        store_file.write_bytes(start)


@settings(max_examples=60, deadline=None)
@given(data=stores())
def test_the_records_are_cut_from_the_bytes_as_json_reads_them(data: StoreData) -> None:
    """Any store followup writes (control characters, U+202E, unknown fields) is cut into its records."""
    raw = encode_data(data)
    document = json.loads(raw)
    cut = records.layout(raw)
    assert cut is not None
    for name in records.LISTS:
        # The inbox is left out of the file while it is empty.
        assert [json.loads(b"{" + chunk + b"}") for chunk in cut.records[name]] == document.get(name, [])
    assert {key: json.loads(value) for key, value in cut.members.items()} == {
        key: value for key, value in document.items() if key not in records.LISTS
    }
