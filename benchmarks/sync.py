"""Time `followup sync` between two machines and read each run's peak memory, through a bare git
remote in a temporary folder: the first sync, a send, a sync with nothing new, the second machine's
first sync (it receives every application), a sync that receives one change, one that merges
changes from both sides, and a `log-contact` on the second machine after all that.

    .venv/bin/python benchmarks/sync.py                          # 10,000 applications over 30 years
    .venv/bin/python benchmarks/sync.py --apps 1000 --years 3 --keep /tmp/sync-bench

Each step runs once, as its own process, under GNU time when there is one (its peak RSS is then the
largest of followup's and of the git processes it ran); the stores are make_store.py's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from run import GNU_TIME, compile_package, copy_store, followup_command, make_store
from stores import live_application

TODAY = "2026-04-14"  # make_store.TODAY
IDENTITY = {
    "GIT_AUTHOR_NAME": "Sam",
    "GIT_AUTHOR_EMAIL": "sam@home.example",
    "GIT_COMMITTER_NAME": "Sam",
    "GIT_COMMITTER_EMAIL": "sam@home.example",
}


def environment(store: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "GIT_"))}
    env.update(
        IDENTITY,
        FOLLOWUP_STORE=str(store),
        FOLLOWUP_CONFIG=str(store.parent / "config.toml"),
        FOLLOWUP_CACHE=str(store.parent / "cache"),
        FOLLOWUP_TODAY=TODAY,
        NO_COLOR="1",
    )
    return env


def run(store: Path, *args: str) -> tuple[float, float | None]:
    """Seconds and peak MiB (None without GNU time) of one `followup` command on `store`."""
    argv = [*followup_command(), *args]
    with tempfile.NamedTemporaryFile(prefix="followup-sync-rss-") as out:
        if GNU_TIME is not None:
            argv = [GNU_TIME, "--format=%M", f"--output={out.name}", *argv]
        start = time.perf_counter()
        done = subprocess.run(argv, env=environment(store), capture_output=True, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(
                f"followup {' '.join(args)}: exit {done.returncode}\n{done.stderr.decode()[-2000:]}"
            )
        peak = int(Path(out.name).read_text().split()[-1]) / 1024 if GNU_TIME is not None else None
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=10_000, help="applications in the store (10000)")
    parser.add_argument("--years", type=int, default=30, help="years they were made over (30)")
    parser.add_argument("--keep", type=Path, help="build everything in this new folder and keep it")
    options = parser.parse_args()
    compile_package()
    work = options.keep or Path(tempfile.mkdtemp(prefix="followup-sync-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    source = make_store(work, options.apps, taskwarrior=False, years=options.years)
    laptop = copy_store(source, "laptop")
    desktop = work / "desktop" / "followup.json"
    desktop.parent.mkdir(mode=0o700)
    remote = work / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    live = live_application(source)
    archived = "app-00001"
    rows = []

    def step(what: str, store: Path, *args: str) -> None:
        seconds, peak = run(store, *args)
        rows.append((what, seconds, peak))

    run(laptop, "sync", "init", str(remote))
    step("first sync (sends every application)", laptop, "sync")
    run(laptop, "log-contact", live, "--note", "from the laptop")
    step("sync after a log-contact (sends it)", laptop, "sync")
    step("sync with nothing new", laptop, "sync")
    run(desktop, "sync", "init", str(remote))
    step("second machine's first sync (receives every application)", desktop, "sync")
    run(laptop, "log-contact", archived, "--note", "an archived one")
    run(laptop, "sync")
    step("sync that receives one change", desktop, "sync")
    run(laptop, "log-contact", live, "--note", "the laptop again")
    run(laptop, "sync")
    run(desktop, "edit", archived, "--notes", "from the desktop")
    step("sync that merges changes from both sides", desktop, "sync")
    step("log-contact on the second machine, after those", desktop, "log-contact", live, "--note", "x")
    size = sum(p.stat().st_size for p in remote.rglob("*") if p.is_file())
    remote_mib = size / 2**20
    print(f"{options.apps:,} applications over {options.years} years; remote {remote_mib:.1f} MiB")
    print()
    print(f"| {'step':<58} | {'seconds':>7} | {'peak MiB':>8} |")
    print(f"|{'-' * 60}|{'-' * 9}|{'-' * 10}|")
    for what, seconds, peak in rows:
        shown = f"{peak:8.0f}" if peak is not None else "       ?"
        print(f"| {what:<58} | {seconds:7.2f} | {shown} |")


if __name__ == "__main__":
    main()
