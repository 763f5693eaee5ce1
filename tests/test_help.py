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


def test_the_command_line_s_choices_are_the_models_values() -> None:
    """cli_params spells the choices out so that --help need not import the models: they must agree."""
    from followup.app import assist as extras
    from followup.app import compose as drafts
    from followup.cli import params as cli_params
    from followup.models import ActionKind, Channel, EventKind, Relation, Status

    assert set(cli_params.STATUSES) == {str(v) for v in Status}
    assert set(cli_params.EVENT_KINDS) == {str(v) for v in EventKind}
    assert set(cli_params.CHANNELS) == {str(v) for v in Channel}
    assert set(cli_params.RELATIONS) == {str(v) for v in Relation}
    assert set(cli_params.ACTION_KINDS) == {str(v) for v in ActionKind}
    assert set(cli_params.HOLDABLE_KINDS) == {str(v) for v in ActionKind} - {str(k) for k in extras.NOT_HELD}
    assert cli_params.DRAFT_KINDS == drafts.DRAFT_KINDS


@pytest.mark.parametrize("command", ["done", "snooze", "unsnooze", "dismiss"])
def test_the_help_lists_exactly_the_actions_the_command_takes(command: str) -> None:
    group = cli.get_command(None, command)  # type: ignore[arg-type]
    assert group is not None
    (argument,) = [p for p in group.params if p.name == "action"]
    listed = " ".join((group.help or "").split("ACTION is one of", 1)[1].split()).rstrip(".")
    assert listed == ", ".join(argument.type.choices)  # type: ignore[attr-defined]
