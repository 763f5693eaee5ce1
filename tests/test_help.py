"""Help and usage lines read well at 80 columns: arguments are named, not spelled out as choices."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from followup.cli import cli


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("done", "Usage: followup done [OPTIONS] ID ACTION"),
        ("snooze", "Usage: followup snooze [OPTIONS] ID ACTION"),
        ("unsnooze", "Usage: followup unsnooze [OPTIONS] ID ACTION"),
        ("dismiss", "Usage: followup dismiss [OPTIONS] ID ACTION"),
        ("draft", "Usage: followup draft [OPTIONS] ID [KIND]"),
    ],
)
def test_an_action_argument_is_named_in_usage_and_listed_whole(
    command: str, usage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = CliRunner().invoke(cli, [command, "--help"], prog_name="followup", terminal_width=80).output
    assert out.splitlines()[0] == usage
    assert "follow-up" in out and "follow-\n" not in out  # no choice is broken at its hyphen


def test_a_wrong_action_names_the_argument() -> None:
    result = CliRunner().invoke(cli, ["dismiss", "acme", "keep-applying"])
    assert result.exit_code == 2
    assert "Error: Invalid value for 'ACTION': 'keep-applying' is not one of" in result.stderr
