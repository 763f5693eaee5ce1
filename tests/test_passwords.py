"""The password command of the mail and CalDAV configs: its first line, and failures that never show
what it printed."""

from __future__ import annotations

import shlex
import sys

import pytest

from followup.errors import FollowupError
from followup.passwords import run_password_command

SETTING = "[mail] password_command"


def python(code: str) -> str:
    return shlex.join([sys.executable, "-c", code])


def test_the_first_line_is_the_password() -> None:
    assert run_password_command(python("print('s3cret é'); print('second')"), 10, SETTING) == "s3cret é"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (python("print('hunter2'); raise SystemExit(3)"), "failed (exit status 3)"),
        (python("import os, signal; print('hunter2', flush=True); os.kill(os.getpid(), signal.SIGTERM)"),
         "failed (signal 15)"),
        (python("import sys; sys.stdout.buffer.write(b'\\xff\\xfehunter2')"),
         "printed a password that is not UTF-8"),
        (python("pass"), "printed no password"),
        ("", f"{SETTING} is empty"),
        ("pass show 'mail", f"{SETTING} cannot be split into words: No closing quotation"),
        ("no-such-program-x", f"{SETTING}: no-such-program-x is not found"),
    ],
)  # fmt: skip
def test_a_failure_is_one_line_that_never_shows_the_output(command: str, expected: str) -> None:
    with pytest.raises(FollowupError) as caught:
        run_password_command(command, 10, SETTING)
    message = str(caught.value)
    assert expected in message and "\n" not in message and "hunter2" not in message


def test_a_command_that_hangs_is_stopped() -> None:
    with pytest.raises(FollowupError, match=r"gave no password within 0.3 s"):
        run_password_command(python("import time; time.sleep(5)"), 0.3, SETTING)
