"""The docs stay true: docs/cli.md matches `--help`, every command and option explains itself."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import click
import pytest

from followup.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _generator(name: str = "gen_cli_docs") -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _commands(command: click.Command = cli, path: str = "followup") -> Iterator[tuple[str, click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            yield from _commands(sub, f"{path} {name}")


def test_cli_reference_is_up_to_date() -> None:
    expected = _generator().render()
    actual = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is out of date: run python scripts/gen_cli_docs.py"


def test_the_settings_table_of_the_rules_is_up_to_date() -> None:
    """docs/rules.md lists every key, its default and the rules that read it, as the registry says."""
    generator = _generator("gen_rules_docs")
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == generator.render(actual), "run python scripts/gen_rules_docs.py"


def test_cli_reference_lists_every_command() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for path, _ in _commands():
        assert f"\n## {path}\n" in text, path


def test_generator_finds_commands_added_later() -> None:
    """Commands registered by any module appear without touching the generator."""

    @cli.command("zz-probe")
    @click.option("--flag", is_flag=True, help="A probe.")
    def probe(flag: bool) -> None:
        """A probe command."""

    try:
        assert "## followup zz-probe" in _generator().render()
    finally:
        del cli.commands["zz-probe"]


def test_generator_check_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generator = _generator()
    monkeypatch.setattr(generator, "DOCS", tmp_path / "cli.md")
    assert generator.main(["--check"]) == 1
    assert generator.main([]) == 0
    assert generator.main(["--check"]) == 0


@pytest.mark.parametrize(
    ("path", "command"), list(_commands()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_command_and_option_has_help(path: str, command: click.Command) -> None:
    assert (command.help or "").strip(), f"{path} has no help text"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert (param.help or "").strip(), f"{path} {param.opts[0]} has no help text"


def test_readme_keeps_its_setup_commands_first() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```")
    assert (
        blocks[1].strip()
        == "sh\npython3 -m venv .venv && .venv/bin/pip install . && .venv/bin/followup today"
    )
    assert blocks[3].strip() == (
        "sh\npython3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/pytest"
    )


def test_readme_explains_shell_completion() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"followup completion {shell}" in readme


def test_lazy_commands_list_their_own_help() -> None:
    from followup.cli import LAZY_COMMANDS

    for name, (_, text) in LAZY_COMMANDS.items():
        command = cli.get_command(click.Context(cli), name)
        assert command is not None, name
        assert command.get_short_help_str(1000) == click.Command(name, help=text).get_short_help_str(1000), (
            name
        )
    assert set(LAZY_COMMANDS) <= set(cli.list_commands(click.Context(cli)))
