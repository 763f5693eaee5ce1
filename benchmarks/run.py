"""Time whole `followup` processes against Taskwarrior and a bare Python, and check the budget.

    .venv/bin/python benchmarks/run.py                  # 100, 1,000 and 10,000 applications, 15 runs each
    .venv/bin/python benchmarks/run.py --runs 31 --keep /tmp/followup-bench
    .venv/bin/python benchmarks/run.py --apps 100 --big 1000 --tiny 20 --runs 3 --warmup 1   # a quick look

The stores are built by make_store.py as a user's are after a write on its TODAY: the settled
applications in the archive beside the file. Besides 100 and 1,000 applications over 3 years there
are two of 10,000: over 30 years ("old history": the recent activity of the 1,000-application store,
and nine tenths of it archived), the one the daily commands are meant to read as fast as 1,000; and
over 3 years, ten times the rate, whose live part is ten times larger (it measures something else).

Every command runs as its own process, stdout and stderr to a pipe (as from cron or a prompt script),
round-robin after a warm-up so that all rows share the same machine conditions. It prints the median
and spread of each, the peak memory (max RSS) of each and the ratios the budget in
docs/performance.md sets. The commands that read every application at 10,000 (stats, list, show,
why, export) take seconds each: they run only in the first `--slow-runs` rounds.
It installs nothing: the Taskwarrior rows are skipped, with a note, when `task` is not on PATH.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from stores import log_argv, store_files

HERE = Path(__file__).resolve().parent
TODAY = "2026-04-14"  # make_store.TODAY


def gnu_time() -> str | None:
    """/usr/bin/time when it is GNU time (it takes --format and --output), else None."""
    path = shutil.which("time", path="/usr/bin:/bin")
    if path is None:
        return None
    probe = subprocess.run([path, "--format=%M", "true"], capture_output=True, text=True, check=False)
    return path if probe.returncode == 0 and probe.stderr.strip().isdigit() else None


GNU_TIME = gnu_time()


@dataclass
class Bench:
    name: str
    argv: list[str]
    env: dict[str, str]
    prepare: Callable[[], None] | None = None  # run before each timed run, not timed
    slow: bool = False  # timed in the first --slow-runs rounds only
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
        """One extra run whose peak RSS is read (not timed), through GNU time where there is one.

        Linux counts in a process's peak RSS the pages of the process it was forked from, before its
        exec: read with wait4 here, every figure would be at least this runner's own size. GNU time
        is small, so its child's figure is the command's own."""
        if self.prepare is not None:
            self.prepare()
        argv = self.argv
        out = None
        if GNU_TIME is not None:
            out = tempfile.NamedTemporaryFile(prefix="followup-bench-rss-")  # noqa: SIM115 (closed below)
            argv = [GNU_TIME, "--format=%M", f"--output={out.name}", *argv]
        try:
            proc = subprocess.Popen(
                argv,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                raise SystemExit(f"{self.name}: exit {proc.returncode} (measuring memory)")
            # KiB on Linux, both ways
            self.max_rss_kib = usage.ru_maxrss if out is None else int(Path(out.name).read_text().split()[-1])
        finally:
            if out is not None:
                out.close()

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000


def followup_command() -> list[str]:
    """The `followup` installed next to this Python, else `python -m followup`."""
    script = Path(sys.executable).parent / "followup"
    return [str(script)] if script.exists() else [sys.executable, "-m", "followup"]


def make_store(work: Path, apps: int, taskwarrior: bool, overdue: bool = False, years: int = 3) -> Path:
    folder = work / (f"overdue-{apps}" if overdue else f"store-{apps}-{years}y")
    store = folder / "followup.json"
    argv = [
        sys.executable,
        str(HERE / "make_store.py"),
        "--apps",
        str(apps),
        "--years",
        str(years),
        str(store),
    ]
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
    for path in store_files(store):
        shutil.copy2(path, folder / path.name)
    return folder / store.name


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


def size(apps: int, years: int = 3) -> str:
    """How the rows name a store: its applications, and its years when they are not 3."""
    return f"{apps:,}" if years == 3 else f"{apps:,} over {years} y"


def build(work: Path, small: int, big: int, tiny: int, old_years: int) -> tuple[list[Bench], list[str]]:
    notes: list[str] = []
    py = sys.executable
    fu = followup_command()
    compile_package()
    store_small = make_store(work, small, taskwarrior=True)
    store_big = make_store(work, big, taskwarrior=False)
    store_old = make_store(work, big, taskwarrior=False, years=old_years)
    store_tiny = make_store(work, tiny, taskwarrior=False)
    store_overdue = make_store(work, small, taskwarrior=False, overdue=True)
    # Warm rows keep their cache between runs. "first of the day" rows lose their agenda entries
    # before each run, as on a morning when nothing worked out that day's agenda; the "no cache" rows
    # use a folder emptied before each run. Each store has its own cache folders: the agenda cache
    # keeps one entry per store, and a row must not find another row's.
    caches: list[Path] = []

    def cold() -> None:
        for folder in caches:
            if folder.name.startswith("cold-cache"):
                shutil.rmtree(folder, ignore_errors=True)

    def new_day() -> None:
        for folder in caches:
            if folder.name.startswith("day-cache"):
                for entry in folder.glob("agenda-*"):
                    entry.unlink()

    def write_first(env: dict[str, str], log: list[str]) -> Callable[[], None]:
        def prepare() -> None:
            subprocess.run([*fu, *log], env=env, check=True, stdout=subprocess.DEVNULL)

        return prepare

    def daily(label: str, store: Path) -> list[Bench]:
        """today on every path and log-contact, on copies of `store` where they write."""
        name = store.parent.name
        cache, day_cache, cold_cache = (
            work / f"{kind}-{name}" for kind in ("cache", "day-cache", "cold-cache")
        )
        caches.extend((day_cache, cold_cache))
        log = log_argv(store)
        after, written = copy_store(store, f"after-{name}"), copy_store(store, f"write-{name}")
        after_env = followup_env(after, cache)
        return [
            Bench(f"followup today ({label})", [*fu, "today"], followup_env(store, cache)),
            Bench(
                f"followup today ({label}, first of the day)",
                [*fu, "today"],
                followup_env(store, day_cache),
                prepare=new_day,
            ),
            Bench(
                f"followup today ({label}, no cache)",
                [*fu, "today"],
                followup_env(store, cold_cache),
                prepare=cold,
            ),
            Bench(
                f"followup today ({label}, after a write)",
                [*fu, "today"],
                after_env,
                write_first(after_env, log),
            ),
            Bench(f"followup log-contact ({label})", [*fu, *log], followup_env(written, cache)),
        ]

    cache = work / "cache"
    base_env = followup_env(store_small, cache)
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
    benches += daily(size(small), store_small)
    benches.append(Bench(f"followup today --json ({small:,})", [*fu, "today", "--json"], base_env))
    benches += daily(size(big, old_years), store_old)
    benches += daily(size(big), store_big)
    benches += [
        Bench(f"followup today ({tiny:,})", [*fu, "today"], followup_env(store_tiny, cache)),
        Bench(f"followup today ({small:,} overdue)", [*fu, "today"], followup_env(store_overdue, cache)),
        Bench(
            f"followup today --json ({small:,} overdue)",
            [*fu, "today", "--json"],
            followup_env(store_overdue, cache),
        ),
    ]
    # The commands that read every application, archived ones too: at 10,000 on the store of old
    # history (over 3 years they read as many applications and events).
    for label, store, slow in ((size(small), store_small, False), (size(big, old_years), store_old, True)):
        env = followup_env(store, cache)
        benches += [
            Bench(f"followup stats ({label})", [*fu, "stats"], env, slow=slow),
            Bench(f"followup list ({label})", [*fu, "list"], env, slow=slow),
            Bench(f"followup show ({label})", [*fu, "show", "app-00001"], env, slow=slow),
            Bench(f"followup why ({label})", [*fu, "why", "app-00001"], env, slow=slow),
        ]
        benches += [
            Bench(f"followup export {fmt} ({label})", [*fu, "export", "--format", fmt], env, slow=slow)
            for fmt in ("csv", "ics", "json")
        ]
    return benches, notes


PATHS = ("", ", first of the day", ", no cache", ", after a write")  # of `today`, as the rows name them


def ratio_rows(
    by_name: dict[str, Bench], small: int, big: int, tiny: int, old_years: int
) -> list[tuple[str, float, float, str]]:
    """(what, measured, limit, note) for each budget line that could be measured."""

    def ms(name: str) -> float | None:
        bench = by_name.get(name)
        return bench.median_ms if bench else None

    rows = []
    task = f"task next ({small:,} tasks)"
    pairs = [
        (f"today ({small:,}{path}) / task next", f"followup today ({small:,}{path})", task, 4.0)
        for path in PATHS
    ]
    pairs += [
        (f"log-contact ({small:,}) / task next", f"followup log-contact ({small:,})", task, 4.0),
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
    ]
    # 10,000 against 1,000: over 30 years (old history, the target) and over 3 years (10x the rate).
    for label, note in ((size(big, old_years), "old history"), (size(big), "10x the rate")):
        pairs += [
            (
                f"today{path} {label} / {small:,} ({note})",
                f"followup today ({label}{path})",
                f"followup today ({small:,}{path})",
                1.5,
            )
            for path in PATHS
        ]
        pairs.append(
            (
                f"log-contact {label} / {small:,} ({note})",
                f"followup log-contact ({label})",
                f"followup log-contact ({small:,})",
                1.5,
            )
        )
    old = size(big, old_years)
    pairs += [
        (
            f"today ({tiny:,}) / --version",
            f"followup today ({tiny:,})",
            "followup --version",
            1.3,
        ),
        (
            f"stats ({small:,}) / today no cache",
            f"followup stats ({small:,})",
            f"followup today ({small:,}, no cache)",
            2.0,
        ),
        (f"stats {old} / {small:,}", f"followup stats ({old})", f"followup stats ({small:,})", 12.0),
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
    # Peak memory of every command at 10,000 applications.
    for name, bench in by_name.items():
        if name.startswith("followup") and f"({big:,}" in name:
            what = "peak MiB, " + name.removeprefix("followup ")
            rows.append((what, bench.max_rss_kib / 1024, 100.0, ""))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=1000, help="applications in the small store (1000)")
    parser.add_argument("--big", type=int, default=10000, help="applications in the big store (10000)")
    parser.add_argument("--tiny", type=int, default=100, help="applications in the tiny store (100)")
    parser.add_argument(
        "--old-years", type=int, default=30, help="years of the big store of old history (30)"
    )
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command (15)")
    parser.add_argument(
        "--slow-runs", type=int, default=5, help="timed runs of the full reads at 10,000, at most (5)"
    )
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each command first (3)")
    parser.add_argument("--keep", type=Path, help="build the stores in this new folder and keep them")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True)
        work = args.keep
    else:
        work = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    try:
        benches, notes = build(work, args.apps, args.big, args.tiny, args.old_years)
        for bench in benches:
            for _ in range(min(args.warmup, 1) if bench.slow else args.warmup):
                bench.run_once()
            bench.seconds.clear()
        for round_ in range(args.runs):
            for bench in benches:
                if not bench.slow or round_ < args.slow_runs:
                    bench.run_once()
        for bench in benches:
            bench.run_measuring_memory()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    by_name = {b.name: b for b in benches}
    print(f"{time.strftime('%Y-%m-%d')} · {os.cpu_count()} CPUs · Python {sys.version.split()[0]}")
    slow_runs = min(args.runs, args.slow_runs)
    print(
        f"{args.runs} runs after {args.warmup} warm-ups ({slow_runs} after 1 for the rows marked *);"
        " times in ms\n"
    )
    print(f"| {'command':<56} | {'median':>7} | {'min':>7} | {'max':>7} | {'max RSS MiB':>11} |")
    print(f"|{'-' * 58}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 13}|")
    for b in benches:
        name = b.name + (" *" if b.slow else "")
        print(
            f"| {name:<56} | {b.median_ms:7.1f} | {min(b.seconds) * 1000:7.1f} |"
            f" {max(b.seconds) * 1000:7.1f} | {b.max_rss_kib / 1024:11.1f} |"
        )
    print(f"\n| {'budget':<64} | {'measured':>8} | {'limit':>6} | ok  |")
    print(f"|{'-' * 66}|{'-' * 10}|{'-' * 8}|-----|")
    for what, value, limit, _ in ratio_rows(by_name, args.apps, args.big, args.tiny, args.old_years):
        print(f"| {what:<64} | {value:8.2f} | {limit:6.1f} | {'yes' if value <= limit else 'NO ':3} |")
    if GNU_TIME is None:
        notes.append(
            "no GNU time at /usr/bin/time: each peak RSS was read with wait4 and is at least this"
            f" runner's own ({resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB)"
        )
    for note in notes:
        print(f"\nNote: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
