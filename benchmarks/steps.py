"""Time single steps of a command in one process: reading, the two encoder paths, one agenda day.

    .venv/bin/python benchmarks/steps.py                 # 100 and 1,000 applications, 15 rounds
    .venv/bin/python benchmarks/steps.py --apps 1000 --rounds 31

Where a whole-process comparison (compare.py) cannot separate a step of a few milliseconds from the
noise of a shared machine, this times the step alone: the steps take turns within each round, and it
prints the median and the minimum CPU time (user + system) of each, in ms.

  read              Store.load: strict decode, models, the collector paused
  encode            encode_data: pydantic's serializer (the path every write takes)
  encode, dict path the path a write takes only when an unknown field holds null
  agenda day        the rules and the agenda's JSON form for one day (what a second day costs)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 4, 14)  # make_store.TODAY


def steps(store_file: Path) -> dict[str, Callable[[], object]]:
    from followup.app import views as app_views
    from followup.app.context import Context
    from followup.output import plain as views
    from followup.store import Store
    from followup.store.codec import _holds_null_extras, _keep_null_extras, encode, encode_data

    store = Store(store_file)
    data, raw = store.load_with_bytes()
    assert raw is not None, store_file
    loaded = (data, raw)
    ctx = Context(store, TODAY, datetime(2026, 4, 14, 9), store_file.parent / "config.toml")

    def dict_path() -> bytes:
        _holds_null_extras(data)
        document = data.model_dump(mode="json", by_alias=True, exclude_none=True, warnings="error")
        _keep_null_extras(data, document)
        return encode(document)

    def agenda_day() -> object:
        return [views.agenda_json(a) for a in app_views.agendas(ctx, None, [TODAY], loaded)]

    return {
        "read": store.load,
        "encode": lambda: encode_data(data),
        "encode, dict path": dict_path,
        "agenda day": agenda_day,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, action="append", help="store sizes (100 and 1000)")
    parser.add_argument("--rounds", type=int, default=15, help="rounds, each step once per round (15)")
    args = parser.parse_args(argv)
    print(f"{time.strftime('%Y-%m-%d %H:%M')} · Python {sys.version.split()[0]} · {args.rounds} rounds")
    print("CPU ms (user + system), median and minimum\n")
    print(f"| {'apps':>5} | {'step':<18} | {'median':>7} | {'min':>7} |")
    with tempfile.TemporaryDirectory(prefix="followup-steps-") as work:
        for apps in args.apps or [100, 1000]:
            store_file = Path(work) / f"store-{apps}" / "followup.json"
            make = [sys.executable, str(HERE / "make_store.py"), "--apps", str(apps), str(store_file)]
            subprocess.run(make, check=True, stdout=subprocess.DEVNULL)
            timed = steps(store_file)
            used: dict[str, list[float]] = {name: [] for name in timed}
            for _ in range(args.rounds):
                for name, step in timed.items():
                    start = time.process_time()
                    step()
                    used[name].append((time.process_time() - start) * 1000)
            for name, values in used.items():
                print(f"| {apps:>5} | {name:<18} | {statistics.median(values):7.1f} | {min(values):7.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
