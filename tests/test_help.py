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
    word = "follow-up" if command == "draft" else "notify-references"
    assert word in out and word.split("-")[0] + "-\n" not in out  # no choice is broken at its hyphen


def test_a_wrong_action_names_the_argument() -> None:
    result = CliRunner().invoke(cli, ["dismiss", "acme", "keep-applying"])
    assert result.exit_code == 2
    assert "Error: Invalid value for 'ACTION': 'keep-applying' is not one of" in result.stderr


def test_the_command_line_s_choices_come_from_the_kinds_and_the_rules() -> None:
    from followup import rules
    from followup.cli import params as cli_params
    from followup.kinds import ActionKind, Channel, EventKind, Relation, Status

    assert tuple(str(v) for v in Status) == cli_params.STATUSES
    assert tuple(str(v) for v in EventKind) == cli_params.EVENT_KINDS
    assert tuple(str(v) for v in Channel) == cli_params.CHANNELS
    assert tuple(str(v) for v in Relation) == cli_params.RELATIONS
    assert set(rules.ACTION_KINDS) == {str(v) for v in ActionKind}  # every kind has a rule
    assert set(rules.HOLDABLE_KINDS) == set(rules.ACTION_KINDS) - {"wait", "keep-applying", "interview"}


@pytest.mark.parametrize("command", ["done", "snooze", "unsnooze", "dismiss"])
def test_the_help_lists_exactly_the_actions_the_command_takes(command: str) -> None:
    group = cli.get_command(None, command)  # type: ignore[arg-type]
    assert group is not None
    (argument,) = [p for p in group.params if p.name == "action"]
    listed = " ".join((group.help or "").split("ACTION is one of", 1)[1].split()).rstrip(".")
    assert listed == ", ".join(argument.type.choices)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["status", "acme", "hired"],
            "Error: Invalid value for 'STATUS': 'hired' is not one of 'applied', 'interviewing', 'offer',"
            " 'accepted', 'rejected', 'withdrawn', 'ghosted'; see `followup status --help`\n",
        ),
        (["lst"], "Error: No such command 'lst'. Did you mean list? `followup --help` lists them all.\n"),
        (["frobnicate"], "Error: No such command 'frobnicate'. `followup --help` lists them all.\n"),
        (["log-contact"], "Error: Missing argument 'ID'; see `followup log-contact --help`\n"),
        (
            ["--today", "9999-12-31", "today"],
            "Error: Invalid value for '--today': '9999-12-31' is not a plausible date;"
            " see `followup --help`\n",
        ),
        (
            ["done", "acme", "wait"],
            "Error: wait is not ticked off with `done`: waiting ends when they answer:"
            " `followup log-contact ID --inbound --kind reply`\n",
        ),
    ],
)
def test_click_s_own_usage_errors_are_one_line_like_every_other(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, args, prog_name="followup")
    assert result.exit_code == 2
    assert result.stderr == message


def test_done_lists_only_the_actions_it_ticks_off() -> None:
    out = CliRunner().invoke(cli, ["done", "--help"], prog_name="followup", terminal_width=100).output
    listed = " ".join(out.split("ACTION is one of", 1)[1].split("Options:")[0].split())
    for closed_otherwise in ("wait", "follow-up", "move-on", "keep-applying"):
        assert closed_otherwise not in listed.replace("thank-you", "")
    assert "thank-you" in listed and "reply-to-decision" in listed
