"""Time two or more versions of followup against each other, whole processes, interleaved.

    .venv/bin/python benchmarks/compare.py before=HEAD~1 after=HEAD
    .venv/bin/python benchmarks/compare.py --apps 100 --apps 1000 --runs 21 --rounds 2 a=main b=./src

Each version is a git revision (its `src/` is exported to a temp folder) or a folder holding the
`followup` package; each runs as `python -m followup` with that folder first on PYTHONPATH, in this
Python, with its own copy of the store and its own cache folder. The stores are built once per size
by make_store.py, archived as after a write on its day (`--no-archive` keeps every application in
the file, for versions before the archive, which cannot read one). Every timed run of every version
and scenario is interleaved (the order of the versions alternates from one run to the next), so all
versions share the machine's conditions; with `--rounds 2` the whole comparison is repeated, and the
spread between rounds shows the noise.

Scenarios, each on an unchanged store unless said:
  first-today   `today` with the agenda entries removed (the rest of the cache folder kept)
  no-cache      `today` with the cache folder emptied first
  write         `log-contact` of an open application kept in the store file (the write, and what it
                works out for the cache afterwards)
  next-morning  `today` on the day after a `log-contact` (the write is untimed)
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
from datetime import date, timedelta
from pathlib import Path

from stores import log_argv, store_files

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TODAY = "2026-04-14"  # make_store.TODAY
TOMORROW = (date.fromisoformat(TODAY) + timedelta(days=1)).isoformat()
SCENARIOS = ("first-today", "no-cache", "write", "next-morning")


def export(spec: str, work: Path, name: str) -> Path:
    """The folder to put on PYTHONPATH for `spec`: a folder holding followup/, or a git revision."""
    folder = Path(spec)
    if (folder / "followup").is_dir():
        return folder.resolve()
    if (folder / "src" / "followup").is_dir():
        return (folder / "src").resolve()
    target = work / f"src-{name}"  # compiled by main(), as an installed package is
    target.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", spec, "src"], check=True, stdout=subprocess.PIPE
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src"


class Version:
    def __init__(self, name: str, source: Path, store: Path, work: Path) -> None:
        self.name = name
        folder = work / f"run-{name}-{store.parent.name}"
        folder.mkdir(mode=0o700)
        self.store = folder / "followup.json"
        for path in store_files(store):  # the archive too
            shutil.copy2(path, folder / path.name)
        self.log = log_argv(store)
        self.cache = folder / "cache"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("FOLLOWUP_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        self.env.update(
            PYTHONPATH=str(source),
            FOLLOWUP_STORE=str(self.store),
            FOLLOWUP_CONFIG=str(folder / "config.toml"),
            FOLLOWUP_CACHE=str(self.cache),
            NO_COLOR="1",
            COLUMNS="100",
        )

    def run(self, argv: list[str], today: str) -> tuple[float, float]:
        """Wall-clock and CPU (user + system) milliseconds of one whole process."""
        env = {**self.env, "FOLLOWUP_TODAY": today}
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "followup", *argv],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=err,
            )
            assert proc.stdout is not None
            proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
            wall = (time.perf_counter() - start) * 1000
            proc.stdout.close()
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                err.seek(0)
                raise SystemExit(f"{self.name} {argv}: exit {proc.returncode}\n{err.read().decode()[-2000:]}")
        return wall, (usage.ru_utime + usage.ru_stime) * 1000

    def scenario(self, name: str) -> Callable[[], tuple[float, float]]:
        def first_today() -> tuple[float, float]:
            for entry in self.cache.glob("agenda-*"):
                entry.unlink()
            return self.run(["today"], TODAY)

        def no_cache() -> tuple[float, float]:
            shutil.rmtree(self.cache, ignore_errors=True)
            return self.run(["today"], TODAY)

        def write() -> tuple[float, float]:
            return self.run(self.log, TODAY)

        def next_morning() -> tuple[float, float]:
            self.run(self.log, TODAY)
            return self.run(["today"], TOMORROW)

        return {
            "first-today": first_today,
            "no-cache": no_cache,
            "write": write,
            "next-morning": next_morning,
        }[name]


def cell(times: list[float]) -> str:
    """The median and, after ±, half the spread between the quartiles."""
    quartiles = statistics.quantiles(times, n=4)
    return f"{statistics.median(times):6.1f} ±{(quartiles[2] - quartiles[0]) / 2:4.1f}"


def paired(base: list[float], other: list[float]) -> str:
    """The median of the run-by-run differences from the first version (runs side by side)."""
    differences = [b - a for a, b in zip(base, other, strict=True)]
    quartiles = statistics.quantiles(differences, n=4)
    return f"{statistics.median(differences):+6.1f} ±{(quartiles[2] - quartiles[0]) / 2:4.1f}"


def make_store(work: Path, apps: int, archived: bool = True) -> Path:
    store = work / f"store-{apps}" / "followup.json"
    argv = [sys.executable, str(HERE / "make_store.py"), "--apps", str(apps), str(store)]
    if not archived:
        argv.insert(-1, "--no-archive")
    subprocess.run(argv, check=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("versions", nargs="+", metavar="NAME=REV_OR_FOLDER")
    parser.add_argument("--apps", type=int, action="append", help="store sizes (100 and 1000)")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per round (15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first (2)")
    parser.add_argument("--rounds", type=int, default=2, help="times the whole comparison is repeated (2)")
    parser.add_argument("--scenario", action="append", choices=SCENARIOS, help="which to run (all)")
    parser.add_argument(
        "--no-archive", action="store_true", help="stores without an archive (for versions before it)"
    )
    args = parser.parse_args(argv)
    sizes = args.apps or [100, 1000]
    scenarios = args.scenario or list(SCENARIOS)
    work = Path(tempfile.mkdtemp(prefix="followup-compare-"))
    try:
        named = [spec.partition("=")[::2] for spec in args.versions]
        sources = {name: export(spec, work, name) for name, spec in named}
        for source in sources.values():  # compiled once, as pip does on install
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(source)], check=True)
        stores = {apps: make_store(work, apps, not args.no_archive) for apps in sizes}
        print(f"{time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} CPUs · Python {sys.version.split()[0]}")
        print(f"{args.rounds} round(s) of {args.runs} runs after {args.warmup} warm-ups")
        print("ms, median ± half the interquartile range; wall clock, then CPU time (user + system);")
        print("last, the median of the run-by-run differences in CPU time from the first version")
        for name, spec in named:
            print(f"  {name} = {spec}")
        header = " | ".join(f"{name + ' wall':>13} | {name + ' CPU':>13}" for name, _ in named)
        header += "".join(f" | {'CPU ' + name + '-' + named[0][0]:>13}" for name, _ in named[1:])
        print(f"\n| {'apps':>5} | {'scenario':<12} | round | {header} |")
        for apps in sizes:
            versions = [Version(name, sources[name], stores[apps], work) for name, _ in named]
            for scenario in scenarios:
                for round_ in range(1, args.rounds + 1):
                    wall: dict[str, list[float]] = {v.name: [] for v in versions}
                    cpu: dict[str, list[float]] = {v.name: [] for v in versions}
                    runs = [(v, v.scenario(scenario)) for v in versions]
                    for i in range(args.warmup + args.runs):
                        for version, run in runs if i % 2 == 0 else reversed(runs):
                            elapsed, used = run()
                            if i >= args.warmup:
                                wall[version.name].append(elapsed)
                                cpu[version.name].append(used)
                    cells = " | ".join(f"{cell(wall[name])} | {cell(cpu[name])}" for name, _ in named)
                    first = named[0][0]
                    cells += "".join(f" | {paired(cpu[first], cpu[name])}" for name, _ in named[1:])
                    print(f"| {apps:>5} | {scenario:<12} | {round_:>5} | {cells} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
