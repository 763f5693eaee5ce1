"""Two followups writing at once lose nothing, and a reader never sees a half-written file.

Taskwarrior corrupted its data when two processes ran at once (issues 1735, 2070); jrnl lost entries
to a read-modify-write race (502). Each test below fails on a store without the lock.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.reliability import faults
from tests.reliability._workers import (
    ReaderStats,
    log_contacts_as_processes,
    log_contacts_in_process,
    read_without_lock,
)
from tests.reliability.conftest import events_of, followup_command, followup_env, record

RUNS = 200  # per writer
PROCESS_RUNS = 50  # per writer when each run is a new interpreter (about 0.4 s each on 2 cores)
WRITERS = ("a", "b")


def _notes(store: Path) -> list[str]:
    return [e["note"] for e in events_of(store) if e.get("note")]


def _race(store: Path, run_writers: Callable[[], list[int]]) -> tuple[list[int], ReaderStats, float]:
    stop = threading.Event()
    stats = ReaderStats()
    reader = threading.Thread(target=read_without_lock, args=(store, stop, stats))
    started = time.monotonic()
    reader.start()
    try:
        successes = run_writers()
    finally:
        stop.set()
        reader.join()
    return successes, stats, time.monotonic() - started


def _in_process_writers(store: Path, fault: str | None = None) -> Callable[[], list[int]]:
    env = followup_env(store)

    def run() -> list[int]:
        with multiprocessing.get_context("spawn").Pool(len(WRITERS)) as pool:
            jobs = [pool.apply_async(log_contacts_in_process, (env, w, RUNS, fault)) for w in WRITERS]
            return [job.get(timeout=240) for job in jobs]

    return run


def test_two_writers_lose_no_event_and_a_reader_never_sees_a_broken_file(store_with_app: Path) -> None:
    before = len(events_of(store_with_app))
    successes, stats, seconds = _race(store_with_app, _in_process_writers(store_with_app))

    expected = sorted(f"{w}-{i}" for w in WRITERS for i in range(RUNS))
    assert successes == [RUNS, RUNS]
    assert sorted(_notes(store_with_app)) == expected  # every event once: none lost, none doubled
    assert len(events_of(store_with_app)) == before + len(expected)
    assert stats.failures == []
    assert stats.went_back == 0
    assert stats.reads > 0
    record(
        "concurrency, 2 processes x 200 log-contact (CLI entry point in each process)",
        f"{len(expected)} events recorded, {len(expected) - len(_notes(store_with_app))} lost;"
        f" lock-free reader: {stats.reads} parses, {len(stats.failures)} failures; {seconds:.1f} s",
    )


def test_two_installed_followup_processes_lose_no_event(store_with_app: Path) -> None:
    env = followup_env(store_with_app)
    command = followup_command()
    results: list[Any] = [None, None]

    def run_writers() -> list[int]:
        def writer(index: int) -> None:
            results[index] = log_contacts_as_processes(command, env, WRITERS[index], PROCESS_RUNS)

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(len(WRITERS))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return list(results)

    successes, stats, seconds = _race(store_with_app, run_writers)

    expected = sorted(f"{w}-{i}" for w in WRITERS for i in range(PROCESS_RUNS))
    assert successes == [PROCESS_RUNS, PROCESS_RUNS]
    assert sorted(_notes(store_with_app)) == expected
    assert stats.failures == []
    assert stats.went_back == 0
    record(
        f"concurrency, 2 x {PROCESS_RUNS} separate `followup log-contact` processes",
        f"{len(expected)} events recorded, 0 lost; lock-free reader: {stats.reads} parses,"
        f" {len(stats.failures)} failures; {seconds:.1f} s",
    )


def test_without_the_lock_the_same_race_loses_events(store_with_app: Path) -> None:
    """The proof that the tests above can fail: switch the lock off and events go missing."""
    successes, _, _ = _race(store_with_app, _in_process_writers(store_with_app, fault=faults.NO_LOCK))

    recorded = len(_notes(store_with_app))
    assert recorded < len(WRITERS) * RUNS
    record(
        "concurrency without the lock (Store._acquire patched out in both writers), 2 x 200",
        f"{recorded} events recorded, {len(WRITERS) * RUNS - recorded} lost;"
        f" {sum(successes) - recorded} of them after the run reported success",
    )
