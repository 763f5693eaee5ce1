"""Time whole `followup` processes against Taskwarrior and a bare Python, and check the budget.

    .venv/bin/python benchmarks/run.py                  # 100, 1,000 and 10,000 applications, 15 runs each
    .venv/bin/python benchmarks/run.py --runs 31 --keep /tmp/followup-bench
    .venv/bin/python benchmarks/run.py --apps 100 --big 1000 --tiny 20 --runs 3 --warmup 1   # a quick look

Every command runs as its own process, stdout and stderr to a pipe (as from cron or a prompt script),
round-robin after a warm-up so that all rows share the same machine conditions. It prints the median
and spread of each, the peak memory (max RSS) and the ratios the budget in docs/performance.md sets.
It installs nothing: the Taskwarrior rows are skipped, with a note, when `task` is not on PATH.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-04-14"  # make_store.TODAY


@dataclass
class Bench:
    name: str
    argv: list[str]
    env: dict[str, str]
    prepare: Callable[[], None] | None = None  # run before each timed run, not timed
    seconds: list[float] = field(default_factory=list)
    max_rss_kib: int = 0

    def run_once(self) -> None:
        if self.prepare is not None:
            self.prepare()
        start = time.perf_counter()
        proc = subprocess.Popen(
            self.argv, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        _, err = proc.communicate()  # the output is not kept: the runner's own size would count in
        # the peak memory of the processes it starts next
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"{self.name}: exit {proc.returncode}\n{err.decode(errors='replace')[-2000:]}")
        self.seconds.append(elapsed)

    def run_measuring_memory(self) -> None:
        """One extra run whose peak RSS is read with wait4 (not timed)."""
        if self.prepare is not None:
            self.prepare()
        proc = subprocess.Popen(
            self.argv,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        self.max_rss_kib = usage.ru_maxrss  # KiB on Linux

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000


def followup_command() -> list[str]:
    """The `followup` installed next to this Python, else `python -m followup`."""
    script = Path(sys.executable).parent / "followup"
    return [str(script)] if script.exists() else [sys.executable, "-m", "followup"]


def make_store(work: Path, apps: int, taskwarrior: bool, overdue: bool = False) -> Path:
    folder = work / (f"overdue-{apps}" if overdue else f"store-{apps}")
    store = folder / "followup.json"
    argv = [sys.executable, str(HERE / "make_store.py"), "--apps", str(apps), str(store)]
    if taskwarrior:
        argv[-1:-1] = ["--taskwarrior", str(work / f"tasks-{apps}.json")]
    if overdue:
        argv[-1:-1] = ["--overdue"]
    subprocess.run(argv, check=True)
    return store


def compile_package() -> None:
    """The package's .pyc files, as an installed program has them (PYTHONDONTWRITEBYTECODE would
    otherwise make every run compile every module it imports)."""
    import followup

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    package = str(Path(followup.__file__).parent)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", package], env=env, check=True, stdout=subprocess.DEVNULL
    )


def copy_store(store: Path, name: str) -> Path:
    folder = store.parent.parent / name
    folder.mkdir(mode=0o700)
    target = folder / store.name
    shutil.copy2(store, target)
    return target


def setup_taskwarrior(work: Path, apps: int) -> dict[str, str] | None:
    task = shutil.which("task")
    if task is None:
        return None
    data = work / f"taskdata-{apps}"
    data.mkdir()
    rc = work / f"taskrc-{apps}"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\nhooks=off\nnews.version=99.0.0\n", encoding="utf-8"
    )
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    subprocess.run(
        [task, "rc.verbose=nothing", "import", str(work / f"tasks-{apps}.json")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return env


def followup_env(store: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env.update(
        FOLLOWUP_STORE=str(store),
        FOLLOWUP_CONFIG=str(store.parent / "config.toml"),
        FOLLOWUP_CACHE=str(cache),
        FOLLOWUP_TODAY=TODAY,
        NO_COLOR="1",
        COLUMNS="100",
    )
    return env


def build(work: Path, small: int, big: int, tiny: int) -> tuple[list[Bench], list[str]]:
    notes: list[str] = []
    py = sys.executable
    fu = followup_command()
    compile_package()
    store_small = make_store(work, small, taskwarrior=True)
    store_big = make_store(work, big, taskwarrior=False)
    store_tiny = make_store(work, tiny, taskwarrior=False)
    store_overdue = make_store(work, small, taskwarrior=False, overdue=True)
    write_small = copy_store(store_small, "write-small")
    write_big = copy_store(store_big, "write-big")
    # Warm rows keep their cache between runs. "first of the day" rows lose their agenda entries
    # before each run, as on a morning when nothing worked out that day's agenda; the "no cache" rows
    # use a folder emptied before each run.
    cache, day_cache, cold_cache = work / "cache", work / "day-cache", work / "cold-cache"
    base_env, cold_env = followup_env(store_small, cache), followup_env(store_small, cold_cache)
    big_env, big_cold_env = followup_env(store_big, cache), followup_env(store_big, cold_cache)
    day_env, big_day_env = followup_env(store_small, day_cache), followup_env(store_big, day_cache)

    def cold() -> None:
        shutil.rmtree(cold_cache, ignore_errors=True)

    def new_day() -> None:
        for entry in day_cache.glob("agenda-*"):
            entry.unlink()

    log = ["log-contact", "app-00001", "--kind", "other", "--note", "benchmark"]
    after_small, after_big = copy_store(store_small, "after-small"), copy_store(store_big, "after-big")
    after_env, big_after_env = followup_env(after_small, cache), followup_env(after_big, cache)

    def write_first(env: dict[str, str]) -> Callable[[], None]:
        def prepare() -> None:
            subprocess.run([*fu, *log], env=env, check=True, stdout=subprocess.DEVNULL)

        return prepare

    benches = [
        Bench("python3 -c pass", [py, "-c", "pass"], base_env),
        Bench('python3 -c "import click"', [py, "-c", "import click"], base_env),
        Bench("followup --version", [*fu, "--version"], base_env),
        Bench("followup --help", [*fu, "--help"], base_env),
    ]
    task_env = setup_taskwarrior(work, small)
    if task_env is None:
        notes.append("`task` is not installed: Taskwarrior rows skipped (apt-get install taskwarrior)")
    else:
        benches.append(Bench(f"task next ({small:,} tasks)", ["task", "next"], task_env))
    benches += [
        Bench(f"followup today ({small:,})", [*fu, "today"], base_env),
        Bench(f"followup today ({small:,}, first of the day)", [*fu, "today"], day_env, prepare=new_day),
        Bench(f"followup today ({small:,}, no cache)", [*fu, "today"], cold_env, prepare=cold),
        Bench(
            f"followup today ({small:,}, after a write)", [*fu, "today"], after_env, write_first(after_env)
        ),
        Bench(f"followup today --json ({small:,})", [*fu, "today", "--json"], base_env),
        Bench(f"followup log-contact ({small:,})", [*fu, *log], followup_env(write_small, cache)),
        Bench(f"followup today ({big:,})", [*fu, "today"], big_env),
        Bench(f"followup today ({big:,}, first of the day)", [*fu, "today"], big_day_env, prepare=new_day),
        Bench(f"followup today ({big:,}, no cache)", [*fu, "today"], big_cold_env, prepare=cold),
        Bench(
            f"followup today ({big:,}, after a write)",
            [*fu, "today"],
            big_after_env,
            write_first(big_after_env),
        ),
        Bench(f"followup log-contact ({big:,})", [*fu, *log], followup_env(write_big, cache)),
        Bench(f"followup today ({tiny:,})", [*fu, "today"], followup_env(store_tiny, cache)),
        Bench(f"followup today ({small:,} overdue)", [*fu, "today"], followup_env(store_overdue, cache)),
        Bench(
            f"followup today --json ({small:,} overdue)",
            [*fu, "today", "--json"],
            followup_env(store_overdue, cache),
        ),
    ]
    for apps, store in ((small, store_small), (big, store_big)):
        env = followup_env(store, cache)
        benches += [
            Bench(f"followup stats ({apps:,})", [*fu, "stats"], env),
            Bench(f"followup list ({apps:,})", [*fu, "list"], env),
            Bench(f"followup show ({apps:,})", [*fu, "show", "app-00001"], env),
            Bench(f"followup why ({apps:,})", [*fu, "why", "app-00001"], env),
        ]
        benches += [
            Bench(f"followup export {fmt} ({apps:,})", [*fu, "export", "--format", fmt], env)
            for fmt in ("csv", "ics", "json")
        ]
    return benches, notes


def ratio_rows(
    by_name: dict[str, Bench], small: int, big: int, tiny: int
) -> list[tuple[str, float, float, str]]:
    """(what, measured, limit, stretch note) for each budget line that could be measured."""

    def ms(name: str) -> float | None:
        bench = by_name.get(name)
        return bench.median_ms if bench else None

    rows = []
    pairs = [
        (
            f"today ({small:,}) / task next",
            f"followup today ({small:,})",
            f"task next ({small:,} tasks)",
            4.0,
        ),
        (
            f"today ({small:,}, first of day) / task next",
            f"followup today ({small:,}, first of the day)",
            f"task next ({small:,} tasks)",
            4.0,
        ),
        (
            f"today ({small:,}, after a write) / task next",
            f"followup today ({small:,}, after a write)",
            f"task next ({small:,} tasks)",
            4.0,
        ),
        (
            f"today ({small:,}, no cache) / task next",
            f"followup today ({small:,}, no cache)",
            f"task next ({small:,} tasks)",
            4.0,
        ),
        ("--version / import click", "followup --version", 'python3 -c "import click"', 1.3),
        ("--help / import click", "followup --help", 'python3 -c "import click"', 1.3),
        (
            f"log-contact / today ({small:,})",
            f"followup log-contact ({small:,})",
            f"followup today ({small:,})",
            1.5,
        ),
        (
            f"log-contact / today first of day ({small:,})",
            f"followup log-contact ({small:,})",
            f"followup today ({small:,}, first of the day)",
            1.5,
        ),
        (f"today {big:,} / {small:,}", f"followup today ({big:,})", f"followup today ({small:,})", 1.5),
        (
            f"today {big:,} / {small:,} (first of day)",
            f"followup today ({big:,}, first of the day)",
            f"followup today ({small:,}, first of the day)",
            1.5,
        ),
        (
            f"today {big:,} / {small:,} (no cache)",
            f"followup today ({big:,}, no cache)",
            f"followup today ({small:,}, no cache)",
            1.5,
        ),
    ]
    pairs += [
        (
            f"today ({tiny:,}) / --version",
            f"followup today ({tiny:,})",
            "followup --version",
            1.3,
        ),
        (
            f"log-contact {big:,} / {small:,}",
            f"followup log-contact ({big:,})",
            f"followup log-contact ({small:,})",
            1.5,
        ),
        (
            f"stats ({small:,}) / today no cache",
            f"followup stats ({small:,})",
            f"followup today ({small:,}, no cache)",
            2.0,
        ),
        (f"stats {big:,} / {small:,}", f"followup stats ({big:,})", f"followup stats ({small:,})", 12.0),
        (
            f"today / today --json ({small:,} overdue)",
            f"followup today ({small:,} overdue)",
            f"followup today --json ({small:,} overdue)",
            2.0,
        ),
    ]
    for what, top, bottom, limit in pairs:
        a, b = ms(top), ms(bottom)
        if a is not None and b is not None:
            rows.append((what, a / b, limit, ""))
    today_big = by_name.get(f"followup today ({big:,})")
    if today_big is not None:
        rows.append((f"peak memory, today at {big:,} (MiB)", today_big.max_rss_kib / 1024, 100.0, ""))
    peak = max(
        (b.max_rss_kib / 1024 for n, b in by_name.items() if f"({big:,}" in n and n.startswith("followup")),
        default=None,
    )
    if peak is not None:
        rows.append((f"peak memory, any command at {big:,} (MiB)", peak, 100.0, ""))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=1000, help="applications in the small store (1000)")
    parser.add_argument("--big", type=int, default=10000, help="applications in the big store (10000)")
    parser.add_argument("--tiny", type=int, default=100, help="applications in the tiny store (100)")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command (15)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each command first (3)")
    parser.add_argument("--keep", type=Path, help="build the stores in this new folder and keep them")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True)
        work = args.keep
    else:
        work = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    try:
        benches, notes = build(work, args.apps, args.big, args.tiny)
        for bench in benches:
            for _ in range(args.warmup):
                bench.run_once()
            bench.seconds.clear()
        for _ in range(args.runs):
            for bench in benches:
                bench.run_once()
        for bench in benches:
            bench.run_measuring_memory()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    by_name = {b.name: b for b in benches}
    print(f"{time.strftime('%Y-%m-%d')} · {os.cpu_count()} CPUs · Python {sys.version.split()[0]}")
    print(f"{args.runs} runs after {args.warmup} warm-ups; times in ms\n")
    print(f"| {'command':<48} | {'median':>7} | {'min':>7} | {'max':>7} | {'max RSS MiB':>11} |")
    print(f"|{'-' * 50}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 13}|")
    for b in benches:
        print(
            f"| {b.name:<48} | {b.median_ms:7.1f} | {min(b.seconds) * 1000:7.1f} |"
            f" {max(b.seconds) * 1000:7.1f} | {b.max_rss_kib / 1024:11.1f} |"
        )
    print(f"\n| {'budget':<44} | {'measured':>8} | {'limit':>6} | ok  |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 8}|-----|")
    for what, value, limit, _ in ratio_rows(by_name, args.apps, args.big, args.tiny):
        print(f"| {what:<44} | {value:8.2f} | {limit:6.1f} | {'yes' if value <= limit else 'NO ':3} |")
    for note in notes:
        print(f"\nNote: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
