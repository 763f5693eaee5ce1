"""The interactive flows in a real terminal: `add`'s questions, and $EDITOR for review and draft.

The installed program runs on a pseudo-terminal that is its controlling terminal, so Ctrl+C and
Ctrl+D act as they do for a person at a keyboard.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.conftest import Invoke

FOLLOWUP = Path(sys.executable).parent / "followup"
CTRL_C, CTRL_D = "\x03", "\x04"


def _take_terminal() -> None:
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _wait_until_reading(pid: int) -> None:
    """Wait until the program sleeps in its read of the terminal. A Ctrl+C that arrived after the
    question was printed but before that read began would be noted by Python and acted on only after
    the read returns: a window of microseconds that no person can hit, but a test on a busy machine can."""
    stat = Path(f"/proc/{pid}/stat")

    def state() -> str | None:
        try:
            return stat.read_text().rpartition(")")[2].split()[0]
        except (OSError, IndexError):
            return None  # no /proc, or the program is gone: nothing to wait for

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        now = state()
        if now is None:
            return
        if now == "S":
            time.sleep(0.05)  # and still asleep a moment later: it is waiting for input
            if state() in ("S", None):
                return
        time.sleep(0.01)


def on_terminal(args: list[str], answers: list[tuple[str, str]], **env: str) -> tuple[int, str]:
    """Run followup on a terminal; at each question containing the given text, type the answer."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [str(FOLLOWUP), "--today", "2026-03-04", *args],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**os.environ, "COLUMNS": "200", **env},
        preexec_fn=_take_terminal,
    )
    os.close(terminal)
    screen = ""

    def read(until: str | None) -> None:
        nonlocal screen
        deadline = time.monotonic() + 20
        while until is None or until not in screen:
            if time.monotonic() > deadline:
                raise AssertionError(f"no {until!r} on the screen: {screen!r}")
            if select.select([controller], [], [], 0.05)[0]:
                try:
                    chunk = os.read(controller, 4096)
                except OSError:  # the program exited and the terminal closed
                    return
                if not chunk:
                    return
                screen += chunk.decode("utf-8", "replace")

    try:
        for question, answer in answers:
            read(question)
            screen += "\n"  # what follows belongs to the next question
            _wait_until_reading(proc.pid)
            os.write(controller, answer.encode())
        read(None)
        code = proc.wait(20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(controller)
    return code, screen.replace("\r\n", "\n")


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def seeded(invoke: Invoke, store_file: Path) -> Path:
    invoke(
        "add",
        "--company",
        "Acme",
        "--role",
        "Dev",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        "--interview-at",
        "2026-03-03T10:00",
        today="2026-03-03",
    )
    return store_file


def test_add_asks_again_for_a_bad_date_and_takes_blank_answers(invoke: Invoke, store_file: Path) -> None:
    code, screen = on_terminal(
        ["add"],
        [
            ("Company: ", "Initech\r"),
            ("Role: ", "Dev\r"),
            ("When was the interview [now]: ", "blah\r"),
            ("When was the interview [now]: ", "yesterday\r"),
            ("Interviewers (Name <email>, separated by ;): ", "Jane Doe\r"),
            ("When did they say they would decide (blank if they didn't): ", "next blursday\r"),
            ("When did they say they would decide (blank if they didn't): ", "\r"),
            ("Anything you felt you answered weakly (blank for none): ", "\r"),
        ],
    )
    assert code == 0, screen
    assert "Error: not a date: 'blah'" in screen
    assert "Error: not a date: 'next blursday'" in screen
    assert "Traceback" not in screen and "Usage:" not in screen
    app = json.loads(invoke("show", "initech", "--json").stdout)
    assert app["decision_by"] is None
    assert app["interviews"][0]["at"].startswith("2026-03-03")


@pytest.mark.parametrize(
    ("key", "code", "message"),
    [
        (CTRL_C, 130, "Error: interrupted; nothing was recorded"),
        (CTRL_D, 1, "Error: no answer (end of input); nothing was recorded"),
    ],
)
def test_ctrl_c_or_ctrl_d_at_a_question_records_nothing(
    seeded: Path, key: str, code: int, message: str
) -> None:
    before = seeded.read_bytes()
    got, screen = on_terminal(["add"], [("Company: ", "Initech\r"), ("Role: ", key)])
    assert got == code, screen
    last = screen.strip().splitlines()
    assert last[-1] == message, screen
    assert "Aborted" not in screen and "Traceback" not in screen
    assert seeded.read_bytes() == before


REVIEW = "printf '# What went well\\nThe design part.\\n# What would you do better\\nAsk more.\\n' > \"$1\""


def test_review_in_the_editor(invoke: Invoke, seeded: Path, tmp_path: Path) -> None:
    code, screen = on_terminal(["review", "acme"], [], EDITOR=_editor(tmp_path, REVIEW))
    assert code == 0, screen
    assert "Review of Acme (acme) recorded." in screen
    (review,) = json.loads(invoke("show", "acme", "--json").stdout)["reviews"]
    assert (review["went_well"], review["improve"]) == ("The design part.", "Ask more.")


@pytest.mark.parametrize(
    ("editor", "message"),
    [
        ("exit 3", "Error: the editor failed ("),
        ("exit 0", "Error: review not saved in the editor; nothing was recorded"),
        (': > "$1"', "Error: the review is empty; nothing was recorded"),
        ('sleep 1; cat "$1" > "$1.x"; mv "$1.x" "$1"', "Error: the review is empty; nothing was recorded"),
    ],
    ids=["fails", "not-saved", "emptied", "saved-unchanged"],
)
def test_review_editor_that_gives_nothing_records_nothing(
    seeded: Path, tmp_path: Path, editor: str, message: str
) -> None:
    before = seeded.read_bytes()
    code, screen = on_terminal(["review", "acme"], [], EDITOR=_editor(tmp_path, editor))
    assert code == 1, screen
    assert screen.strip().splitlines()[-1].startswith(message), screen
    assert "Usage:" not in screen and "Traceback" not in screen
    assert seeded.read_bytes() == before


def test_draft_edited(seeded: Path, tmp_path: Path) -> None:
    edit = "printf 'Subject: Thanks\\n\\nDear Jane, thank you.\\n' > \"$1\""
    code, screen = on_terminal(["draft", "acme", "thank-you", "--edit"], [], EDITOR=_editor(tmp_path, edit))
    assert code == 0, screen
    assert "Subject: Thanks" in screen and "Dear Jane, thank you." in screen


@pytest.mark.parametrize(
    ("editor", "message"),
    [
        ("exit 3", "Error: the editor failed ("),
        (': > "$1"', "Error: the draft was emptied in the editor; nothing was printed"),
    ],
    ids=["fails", "emptied"],
)
def test_draft_editor_that_gives_nothing_prints_nothing(
    seeded: Path, tmp_path: Path, editor: str, message: str
) -> None:
    code, screen = on_terminal(["draft", "acme", "thank-you", "--edit"], [], EDITOR=_editor(tmp_path, editor))
    assert code == 1, screen
    assert screen.strip().splitlines()[-1].startswith(message), screen
    assert "Subject:" not in screen


def test_draft_left_unsaved_is_printed_as_it_was(seeded: Path, tmp_path: Path) -> None:
    code, screen = on_terminal(
        ["draft", "acme", "thank-you", "--edit"], [], EDITOR=_editor(tmp_path, "exit 0")
    )
    assert code == 0, screen
    assert "Draft not saved in the editor; printing it unchanged." in screen
    assert "Dear Jane" in screen
