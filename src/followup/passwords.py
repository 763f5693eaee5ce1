"""The password a mail or CalDAV server asks for, printed by a command the user names in the config
(`password_command = "pass show mail"`, as mbsync's PassCmd and aerc do).

The command runs without a shell, with a time limit; its first line is the password, which followup
keeps nowhere. Nothing it prints ever appears in an error, only how it ended: its output may be the
password itself.
"""

from __future__ import annotations

import os
import shlex
import subprocess

from followup.errors import FollowupError


def run_password_command(
    command: str | None, timeout: float, setting: str, error: type[FollowupError] = FollowupError
) -> str:
    """The first line `command` prints. `setting` names it in errors (`[mail] password_command`),
    each one line raised as `error`; its standard input is the terminal's, for a passphrase prompt."""
    try:
        argv = shlex.split(command or "")
    except ValueError as err:  # "No closing quotation": says nothing of the command's text
        raise error(f"{setting} cannot be split into words: {err}") from None
    if not argv:
        raise error(f"{setting} is empty")
    program = _shown(os.path.basename(argv[0]) or argv[0])
    try:
        done = subprocess.run(argv, capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:
        raise error(f"{setting}: {program} is not found") from None
    except subprocess.TimeoutExpired:
        raise error(f"{setting}: {program} gave no password within {timeout:g} s") from None
    except OSError as err:
        raise error(f"{setting}: cannot run {program}: {err.strerror or err}") from None
    if done.returncode != 0:
        how = f"signal {-done.returncode}" if done.returncode < 0 else f"exit status {done.returncode}"
        raise error(f"{setting}: {program} failed ({how})")
    first = done.stdout.split(b"\n", 1)[0].rstrip(b"\r")
    if not first:
        raise error(f"{setting}: {program} printed no password")
    try:
        return first.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{setting}: {program} printed a password that is not UTF-8") from None


def _shown(program: str) -> str:
    """The program's name as one printable line (it comes from the config file)."""
    text = "".join(ch if ch.isprintable() else "?" for ch in program)
    return text if len(text) <= 80 else text[:79] + "…"
