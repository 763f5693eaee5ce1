"""Text that tries to take over the terminal is shown as text; text that is not text is refused.

Names and notes may hold Rich markup, ANSI and OSC escapes, bidirectional overrides, NUL bytes,
huge strings or bytes that are not UTF-8. Human output shows them literally (control characters as
visible escapes); `--json` gives back the exact string; what cannot be stored is rejected with exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result

from followup.output.echo import literal
from tests.conftest import Invoke, as_json, without_id
from tests.reliability.conftest import (
    followup_env,
    record,
    run_followup,
)

HOSTILE = {
    "rich markup": "[red]x[/red]",
    "rich link": "[link=https://evil]x[/link]",
    "rich closing tag": "[/]",
    "ANSI clear screen": "\x1b[2J",
    "OSC 8 hyperlink": "\x1b]8;;http://x\x07click\x1b]8;;\x07",
    "8-bit CSI": "\x9b31mred",
    "right-to-left override": "evil\u202egpj.exe",
    "10,000 characters": "x" * 10_000,
}
TODAY = "2026-03-10"
# Bytes that only data could have put in the output (Rich adds no styles when not on a terminal).
FORBIDDEN = ("\x1b", "\x9b", "\x07", "\u202e")


def _output(result: Result) -> str:
    return result.stdout + result.stderr


def _assert_inert(text: str) -> None:
    for char in FORBIDDEN:
        assert char not in text, f"{char!r} reached the terminal"


def _add_everywhere(invoke: Invoke, text: str) -> list[Result]:
    """Put `text` into every field a user can type, and collect what each command printed."""
    results = [
        invoke("contact", "add", text, "--company", text, "--email", "x@y.example", "--relation", "network"),
        invoke("contact", "add", text + " ref", "--relation", "reference", today=TODAY),
        invoke(
            "add",
            "--company",
            text,
            "--role",
            text,
            "--stage",
            text,
            "--interviewer",
            f"{text} <i@x.example>",
            "--weak-answer",
            text,
            "--notes",
            text,
            "--decision-by",
            "2026-03-20",
            "--interview-at",
            "2026-03-09T10:00",
            today=TODAY,
        ),
    ]
    app = as_json(invoke("list", "--json"))[0]["id"]
    results += [
        invoke("log-contact", app, "--kind", "other", "--with", text, "--note", text, today=TODAY),
        invoke("review", app, "--went-well", text, "--improve", text, today=TODAY),
        invoke("done", app, "thank-you", today=TODAY),
        invoke("status", app, "offer", today=TODAY),
        invoke("today", "--all", today=TODAY),
        invoke("list", "--all", today=TODAY),
        invoke("show", app, today=TODAY),
        invoke("contact", "list"),
        invoke("log-contact", "no-such-app", ok=False),  # lists the known applications by name
    ]
    return results


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_shown_literally_and_returned_exactly(invoke: Invoke, name: str) -> None:
    text = HOSTILE[name]
    outputs = [_output(r) for r in _add_everywhere(invoke, text)]

    for output in outputs:
        _assert_inert(output)
    shown = outputs[-3]  # `show`
    flat = "".join(shown.split())
    visible = literal(text)  # what render shows: control characters as visible escapes
    assert "".join(visible.split()) in flat

    app = as_json(invoke("list", "--all", "--json"))[0]
    assert (app["company"], app["role"], app["notes"]) == (text, text, text)
    interview = app["interviews"][0]
    assert interview["stage"] == text
    assert interview["weak_answers"] == [text]
    assert interview["interviewers"][0]["name"] == text
    assert app["events"][-1]["with"] == text
    assert app["events"][-1]["note"] == text
    assert without_id(app["reviews"][0]) == {"on": TODAY, "went_well": text, "improve": text}
    contacts = as_json(invoke("contact", "list", "--json"))
    assert {c["name"] for c in contacts} == {text, text + " ref"}
    assert as_json(invoke("show", app["id"], "--json"))["company"] == text


def test_no_escape_from_data_reaches_a_colour_terminal(store_file: Path, invoke: Invoke) -> None:
    """With colours on, Rich adds its own escapes; none of the data's may get through."""
    text = HOSTILE["ANSI clear screen"] + HOSTILE["OSC 8 hyperlink"] + HOSTILE["right-to-left override"]
    _add_everywhere(invoke, text)
    app = as_json(invoke("list", "--all", "--json"))[0]["id"]
    env = followup_env(store_file, FORCE_COLOR="1", TERM="xterm-256color")
    env.pop("NO_COLOR")
    escapes = 0
    for args in (("today", "--all"), ("list", "--all"), ("show", app), ("contact", "list")):
        proc = run_followup(store_file, *args, env=env)
        assert proc.returncode == 0, proc.stderr
        output = proc.stdout + proc.stderr
        escapes += output.count(b"\x1b")
        assert b"\x1b[2J" not in output
        assert b"\x1b]8" not in output
        assert "\u202e".encode() not in output
    assert escapes > 0  # the colours are on, so the check above looked at styled output


@pytest.mark.parametrize(
    "args",
    [
        ("add", "--company", "Ac\x00me", "--role", "Dev", "--applied"),
        ("add", "--company", "Acme", "--role", "D\x00ev", "--applied"),
        ("contact", "add", "Bob\x00"),
        ("add", "--company", "Ac\udcffme", "--role", "Dev", "--applied"),
        ("add", "--company", "Acme", "--role", "\ud800", "--applied"),
        ("contact", "add", "B\udc80ob"),
        ("log-contact", "\udcff"),
    ],
    ids=[
        "NUL company",
        "NUL role",
        "NUL contact",
        "surrogate company",
        "lone high surrogate",
        "surrogate contact",
        "surrogate id",
    ],
)
def test_text_that_is_not_text_is_refused_with_exit_2(
    store_file: Path, invoke: Invoke, args: tuple[str, ...]
) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--applied")
    before = store_file.read_bytes()

    result = invoke(*args, ok=False)

    assert result.exit_code == 2, _output(result)
    assert "Traceback" not in _output(result)
    _assert_inert(_output(result))
    assert store_file.read_bytes() == before


def test_arguments_that_are_not_utf8_are_refused_by_the_real_program(store_file: Path) -> None:
    for args in (
        [b"add", b"--company", b"Ac\xffme", b"--role", b"Dev", b"--applied"],
        [b"contact", b"add", b"\xc3\x28"],
        [b"log-contact", b"acme", b"--note", b"caf\xe9"],
    ):
        proc = run_followup(store_file, *args)
        assert proc.returncode == 2, proc.stderr
        assert b"Traceback" not in proc.stderr
        assert b"\xff" not in proc.stderr and b"\xe9" not in proc.stderr
        assert not store_file.exists()


BAD_DATES = {
    "--decision-by 2026-02-31": (
        "add",
        "--company",
        "A",
        "--role",
        "B",
        "--applied",
        "--decision-by",
        "2026-02-31",
    ),
    "--interview-at 31 Feb": ("add", "--company", "A", "--role", "B", "--interview-at", "31 Feb"),
    "--interview-at 9999-12-31T24:00": (
        "add",
        "--company",
        "A",
        "--role",
        "B",
        "--interview-at",
        "9999-12-31T24:00",
    ),
    "--decision-by 9999-12-31": (
        "add",
        "--company",
        "A",
        "--role",
        "B",
        "--applied",
        "--decision-by",
        "9999-12-31",
    ),
    "--on 2026-13-01": ("log-contact", "acme", "--on", "2026-13-01"),
    "--on escape": ("log-contact", "acme", "--on", "\x1b[2J"),
    "--on 10,000 digits": ("log-contact", "acme", "--on", "9" * 10_000),
    "--today 2026-02-31": ("--today", "2026-02-31", "today"),
    "--today 31 Feb": ("--today", "31 Feb", "today"),
}


@pytest.mark.parametrize("name", sorted(BAD_DATES))
def test_invalid_dates_are_refused_with_exit_2(store_file: Path, invoke: Invoke, name: str) -> None:
    invoke("add", "--company", "Acme", "--role", "Dev", "--applied")
    before = store_file.read_bytes()

    result = invoke(*BAD_DATES[name], ok=False)

    assert result.exit_code == 2, _output(result)
    assert "Traceback" not in _output(result)
    _assert_inert(_output(result))
    assert store_file.read_bytes() == before


def test_an_invalid_date_in_the_environment_is_refused(store_file: Path) -> None:
    env = followup_env(store_file, FOLLOWUP_TODAY="9999-12-31T24:00")
    proc = run_followup(store_file, "today", env=env)
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    record(
        "hostile input",
        f"{len(HOSTILE)} hostile strings through every text field and {len(BAD_DATES) + 1} invalid dates:"
        " 0 escape bytes from data in any output, --json returns each string exactly",
    )


def test_json_output_is_valid_json_whatever_the_data(invoke: Invoke) -> None:
    for text in HOSTILE.values():
        invoke("contact", "add", text)
    contacts = json.loads(invoke("contact", "list", "--json").stdout)
    assert sorted(c["name"] for c in contacts) == sorted(HOSTILE.values())


def test_messages_wrapped_to_a_narrow_terminal_keep_data_inert_and_exact(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal `say()` wraps messages; the data in them stays escaped, and its own no-break
    spaces and tabs stay what they are (they used to come out as plain spaces). A pipe gets the
    message exact, on one line."""
    company = "Foo\tBar\u00a0Baz \x1b[2J \u202eevil " + "word " * 12 + "\x9b31mred"

    def message(result: Result, role: str) -> str:
        return (
            f"Recorded {literal(company)} · {role} as {result.stdout.strip()}. Next: Wait, by Thu 19 Mar.\n"
        )

    piped = invoke("add", "--company", company, "--role", "SRE", "--applied", today=TODAY)
    assert piped.stderr == message(piped, "SRE")

    from followup.output import echo

    monkeypatch.setattr(echo, "terminal_width", lambda err=False: 30)
    result = invoke("add", "--company", company, "--role", "QA", "--applied", today=TODAY)
    shown = result.stderr
    _assert_inert(shown)
    assert len(shown.splitlines()) > 3
    assert all(len(line) <= 30 for line in shown.splitlines() if " " in line.strip())
    assert shown.startswith("Recorded Foo\tBar\u00a0Baz")
    assert "\\x1b[2J" in shown and "\\u202eevil" in shown and "\\x9b31mred" in shown
    assert shown.split() == message(result, "QA").split()
