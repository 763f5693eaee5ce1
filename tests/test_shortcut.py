"""A cached `followup today` is answered before the command line is parsed (followup/shortcut.py,
followup/entry.py): the same output, note and exit code as the CLI gives on the same cache, with
neither click nor the models loaded; anything it does not answer goes to the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_startup import isolated_env
from tests.test_sync_git import ADD

# Runs `followup ARGS` through the program's entry point, then says on stderr what it loaded.
ENTRY = (
    "import sys, runpy\n"
    "sys.argv = ['followup', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('followup', run_name='__main__')\n"
    "finally:\n"
    "    print('LOADED', sorted(m for m in ('click', 'pydantic') if m in sys.modules), file=sys.stderr)\n"
)
# The same command line through the CLI alone (what `followup` ran before the shortcut).
CLI = "import sys\nsys.argv = ['followup', *sys.argv[1:]]\nfrom followup.cli import main\nmain()\n"


def _run(code: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True)


def _loaded(done: subprocess.CompletedProcess[str]) -> tuple[str, str]:
    """stderr without the probe's line, and the probe's line."""
    lines = done.stderr.splitlines(keepends=True)
    return "".join(lines[:-1]), lines[-1].strip()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = isolated_env(tmp_path, FOLLOWUP_CACHE=str(tmp_path / "cache"), FOLLOWUP_TODAY="2026-03-04")
    assert _run(CLI, [*ADD, "--interviewer", "Jane"], env).returncode == 0
    assert _run(CLI, ["log-contact", "acme", "--note", "sent the thank-you"], env).returncode == 0
    return env


@pytest.mark.parametrize("args", [["today"], ["today", "--json"]])
def test_a_cached_today_prints_what_the_cli_prints_without_click_or_the_models(
    env: dict[str, str], args: list[str]
) -> None:
    cli = _run(CLI, args, env)  # a write left today's agenda in the cache; the CLI reads it there
    quick = _run(ENTRY, args, env)
    stderr, loaded = _loaded(quick)
    assert (quick.returncode, quick.stdout, stderr) == (cli.returncode, cli.stdout, cli.stderr)
    assert quick.returncode == 0 and quick.stdout
    assert loaded == "LOADED []"


def test_a_conflict_copy_is_told_on_stderr_as_the_cli_tells_it(env: dict[str, str], tmp_path: Path) -> None:
    store = Path(env["FOLLOWUP_STORE"])
    (store.parent / "followup.sync-conflict-20260304-101010-ABCD123.json").write_bytes(store.read_bytes())
    cli = _run(CLI, ["today"], env)
    quick = _run(ENTRY, ["today"], env)
    stderr, loaded = _loaded(quick)
    assert stderr == cli.stderr and stderr.startswith("Note: a conflict copy of followup.json")
    assert quick.stdout == cli.stdout and loaded == "LOADED ['click']"  # to print the note alone


@pytest.mark.parametrize(
    ("args", "day"),
    [
        (["today", "--all"], "2026-03-04"),  # an option it does not answer
        (["--no-color", "today"], "2026-03-04"),  # a global option
        (["list"], "2026-03-04"),
        (["today"], "2026-03-09"),  # a day the cache does not hold (a write leaves today and tomorrow)
    ],
)
def test_what_the_cache_does_not_answer_goes_to_the_cli(
    env: dict[str, str], args: list[str], day: str
) -> None:
    env = {**env, "FOLLOWUP_TODAY": day}
    entry = _run(ENTRY, args, env)  # first: what the CLI works out is cached for the next run
    cli = _run(CLI, args, env)
    stderr, loaded = _loaded(entry)
    assert (entry.returncode, entry.stdout, stderr) == (cli.returncode, cli.stdout, cli.stderr)
    assert "'click'" in loaded


@pytest.mark.parametrize("day", ["someday", "9999-12-31"])
def test_a_day_that_does_not_parse_is_the_clis_usage_error_though_the_cache_is_there(
    env: dict[str, str], day: str
) -> None:
    done = _run(ENTRY, ["today"], {**env, "FOLLOWUP_TODAY": day})
    stderr, _ = _loaded(done)
    assert done.returncode == 2
    assert stderr.startswith("Error: Invalid value for '--today'") and stderr.count("\n") == 1


def test_a_relative_day_is_read_as_the_cli_reads_it(env: dict[str, str]) -> None:
    cli = _run(CLI, ["today"], {**env, "FOLLOWUP_TODAY": "2026-03-04"})
    quick = _run(ENTRY, ["today"], {**env, "FOLLOWUP_TODAY": "4 March 2026"})
    stderr, loaded = _loaded(quick)
    assert (quick.returncode, quick.stdout, stderr) == (0, cli.stdout, "")
    assert loaded == "LOADED []"


def test_a_reader_that_goes_away_is_no_error(env: dict[str, str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "followup", "today"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # `followup today | head -0`
    err = process.stderr.read()
    assert process.wait() == 0
    assert err == b""
