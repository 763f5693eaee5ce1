"""`followup config show|path`, and config.toml validation: a bad value names the key and the file."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest

from followup.errors import ConfigError
from followup.models import Settings
from tests.conftest import Invoke, as_json


def test_config_path_prints_the_file(invoke: Invoke, config_file: Path) -> None:
    result = invoke("config", "path")
    assert result.stdout == f"{config_file}\n"


def test_config_show_defaults(invoke: Invoke, config_file: Path) -> None:
    result = invoke("config", "show")
    assert result.stdout.startswith(f"# {config_file} (not there: every value is the default)\n")
    assert "thank_you_business_days = 1  # default" in result.stdout
    assert "holidays = []  # default" in result.stdout


def test_config_show_every_setting_and_its_source(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text('follow_up_budget = 3\nholidays = [2026-12-25, "2026-12-26"]\n', encoding="utf-8")
    shown = as_json(invoke("config", "show", "--json"))
    assert shown["path"] == str(config_file) and shown["exists"] is True
    rows = {row["key"]: row for row in shown["settings"]}
    assert list(rows) == list(Settings.model_fields)
    assert rows["follow_up_budget"] == {
        "key": "follow_up_budget",
        "value": 3,
        "default": 2,
        "source": str(config_file),
        "description": Settings.model_fields["follow_up_budget"].description,
    }
    assert rows["holidays"]["value"] == ["2026-12-25", "2026-12-26"]
    assert rows["holidays"]["source"] == str(config_file)
    assert rows["move_on_days"]["source"] == "default"
    assert all(row["description"] for row in rows.values())


def test_config_show_is_valid_toml_with_the_effective_values(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text("move_on_days = 10\nholidays = [2026-12-25]\n", encoding="utf-8")
    text = invoke("config", "show").stdout
    assert "move_on_days = 10  # from config file" in text
    parsed = tomllib.loads(text)
    assert Settings.model_validate(parsed) == Settings(move_on_days=10, holidays=[date(2026, 12, 25)])


def test_a_setting_changes_what_the_rules_say(invoke: Invoke, config_file: Path) -> None:
    invoke(
        "add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-06T10:00",
        "--interviewer", "Jane", today="2026-03-06",
    )  # fmt: skip
    due = {a["action"]: a["due"] for a in as_json(invoke("today", "--json", today="2026-03-06"))["actions"]}
    assert due["thank-you"] == "2026-03-09"  # Friday's interview: thanked by Monday
    config_file.write_text("thank_you_business_days = 2\nholidays = [2026-03-10]\n", encoding="utf-8")
    due = {a["action"]: a["due"] for a in as_json(invoke("today", "--json", today="2026-03-06"))["actions"]}
    assert due["thank-you"] == "2026-03-11"  # two business days, Tuesday the 10th a holiday


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("follow_up_budget = 0\n", "follow_up_budget: Input should be greater than or equal to 1"),
        ('review_days = "soon"\n', "review_days: Input should be a valid integer"),
        ('holidays = ["someday"]\n', "holidays: Value error, 'someday' is not a date"),
        ("follow_up_budgte = 3\n", "unknown key 'follow_up_budgte'"),
        ("follow_up_budget = \n", "not valid TOML"),
    ],
)
@pytest.mark.parametrize("command", [("config", "show"), ("today",), ("config", "show", "--json")])
def test_bad_config_names_key_and_file(
    invoke: Invoke, config_file: Path, content: str, message: str, command: tuple[str, ...]
) -> None:
    config_file.write_text(content, encoding="utf-8")
    result = invoke(*command, ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {config_file}")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_config_path_works_even_with_a_bad_config(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text("nonsense = [\n", encoding="utf-8")
    assert invoke("config", "path").stdout.strip() == str(config_file)


def test_every_setting_is_documented_with_its_default() -> None:
    rules_md = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    for key, info in Settings.model_fields.items():
        default = info.get_default(call_default_factory=True)
        shown = (
            {True: "true", False: "false"}.get(default, str(default))
            if isinstance(default, bool)
            else default
        )
        shown = "`[]`" if default == [] else '`""`' if default == "" else str(shown)
        assert f"| `{key}` | {shown} |" in rules_md, key
        assert info.description, key


def test_config_show_json_is_only_json(invoke: Invoke) -> None:
    result = invoke("config", "show", "--json")
    json.loads(result.stdout)
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('follow_up_budget = "1"', "follow_up_budget: Input should be a valid integer"),
        ("follow_up_budget = true", "follow_up_budget: Input should be a valid integer"),
        ("adaptive_wait = 1", "adaptive_wait: Input should be a valid boolean"),
        ("holidays = [0]", "holidays: Value error, 0 is not a date; write it as 2026-12-24"),
        ('holidays = ["soon"]', "holidays: Value error, 'soon' is not a date"),
    ],
)
def test_a_value_of_the_wrong_type_is_named_not_guessed(
    invoke: Invoke, config_file: Path, line: str, message: str
) -> None:
    config_file.write_text(line + "\n", encoding="utf-8")
    result = invoke("today", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {config_file}: {message}")
    assert len(result.stderr.splitlines()) == 1


def test_holidays_may_be_toml_dates_or_iso_dates_in_quotes(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text('holidays = [2026-12-24, "2026-12-25"]\n', encoding="utf-8")
    shown = as_json(invoke("config", "show", "--json"))["settings"]
    assert [row["value"] for row in shown if row["key"] == "holidays"] == [["2026-12-24", "2026-12-25"]]


def test_config_show_prints_strings_inert_and_as_valid_toml(invoke: Invoke, config_file: Path) -> None:
    import tomllib

    signature = 'Sam "S" Seeker\x1b[31m\x07\u202e\\'
    config_file.write_text(f"signature = {json.dumps(signature)}\n", encoding="utf-8")
    out = invoke("config", "show").stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert tomllib.loads(out)["signature"] == signature


def test_feature_tables_are_kept_out_of_the_settings(tmp_path: Path) -> None:
    from followup.config import load_settings, load_table

    path = tmp_path / "config.toml"
    path.write_text('follow_up_budget = 3\n[mail]\nme = ["sam@home.example"]\n')
    assert load_settings(path).follow_up_budget == 3
    assert load_table(path, "mail") == {"me": ["sam@home.example"]}
    assert load_table(path, "caldav") == {}
    path.write_text('mail = "x"\n')
    with pytest.raises(ConfigError, match="mail must be a table"):
        load_table(path, "mail")
