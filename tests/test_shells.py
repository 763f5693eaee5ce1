"""Completion in the real zsh and fish, set up the way the README tells a user to.

zsh is driven through a pseudo-terminal: TAB runs its completion system, a wrapper around `compadd`
records what it offers, and the command line is read back after the TAB. fish answers `complete -C`
with what TAB would offer. Without the shell the tests skip, unless SHELLS_REQUIRED is set (.ci/run
installs both): then a missing shell is a failure.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shlex
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Invoke

BIN = Path(sys.executable).parent
README = Path(__file__).parent.parent / "README.md"


def _shell(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        # CI installs the shells and sets SHELLS_REQUIRED, so there this is a failure, never a silent skip.
        if os.environ.get("SHELLS_REQUIRED"):
            pytest.fail(f"{name} is not installed: apt-get install {name} (.ci/run installs it)")
        pytest.skip(f"{name} is not installed (apt-get install {name}); CI runs this test")
    return path


def readme_setup(shell: str) -> str:
    """The line the README's "Shell completion" section gives for `shell`."""
    section = README.read_text(encoding="utf-8").split("## Shell completion", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    lines = block.strip().splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"# {shell}"):
            return lines[i + 1]
    raise AssertionError(f"the README gives no set-up line for {shell}")


@pytest.fixture
def home(tmp_path: Path, invoke: Invoke, store_file: Path) -> dict[str, str]:
    """A fresh home, and a store with ids, companies and names that need care on a command line."""
    assert (BIN / "followup").exists(), "followup is not installed (pip install -e .)"
    invoke(
        "add",
        "--company",
        "Acme",
        "--role",
        "Dev",
        "--interview-at",
        "2026-03-03T10:00",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        today="2026-03-03",
    )
    invoke("add", "--company", "Globex", "--role", "Ops", "--applied", today="2026-03-03")
    invoke("add", "--company", "Zürich Café, Ltd", "--role", "Barista", "--applied", today="2026-03-03")
    for name, relation in (
        ("Pat O'Neil (ex-Acme)", "network"),
        ("Doe, John", "reference"),
        ('Ann "Nan" Lee', "reference"),
    ):
        invoke("contact", "add", name, "--relation", relation)
    # A backup (`followup import`) may bring any id; give one accents, as a person might have typed it.
    data = json.loads(store_file.read_text(encoding="utf-8"))
    for app in data["applications"]:
        if app["company"].startswith("Zürich"):
            app["id"] = "café-zürich"
    store_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "_FOLLOWUP_", "COMP_"))}
    env.update(HOME=str(home), PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", TERM="xterm")
    return env


# zsh ----------------------------------------------------------------------------------------------

# What TAB offers, recorded by a wrapper around compadd (calls that only ask zsh to match are passed
# through), and the command line once TAB is done, recorded by the widget bound to TAB.
ZSH_RECORDER = r"""
compadd() {
    if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
    local -a __hits
    builtin compadd -A __hits "$@"
    (( $#__hits )) && print -rl -- "${__hits[@]/#/MATCH:}" >> "$CAPTURE"
    builtin compadd "$@"
}
_tab_and_record() { zle expand-or-complete; print -r -- "BUFFER:$BUFFER" >> "$CAPTURE" }
zle -N _tab_and_record
bindkey '^I' _tab_and_record
PS1='> '
"""


def _unquote(word: str) -> str:
    """A match as zsh quoted it for the command line, read back; left as it is inside open quotes."""
    try:
        words = shlex.split(word)
    except ValueError:
        return word
    return words[0] if len(words) == 1 else word


def zsh_tab(env: dict[str, str], line: str) -> tuple[list[str], str]:
    """Type `line` and TAB in an interactive zsh set up as the README says: (offered, command line)."""
    zsh = _shell("zsh")
    home = Path(env["HOME"])
    capture = home / "capture"
    capture.write_text("", encoding="utf-8")
    # The README: "add to ~/.zshrc, after compinit".
    rc = f'autoload -Uz compinit && compinit -u -d "$HOME/.zcompdump"\n{readme_setup("zsh")}\n'
    (home / ".zshrc").write_text(rc + ZSH_RECORDER, encoding="utf-8")
    controller, terminal = pty.openpty()
    import fcntl
    import termios

    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    proc = subprocess.Popen(
        [zsh, "-i"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**env, "CAPTURE": str(capture)},
        start_new_session=True,
    )
    os.close(terminal)
    screen = b""
    try:
        os.write(controller, line.encode() + b"\t")
        deadline = time.monotonic() + 20
        while "BUFFER:" not in capture.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, f"zsh did not complete {line!r}: {screen[-500:]!r}"
            if select.select([controller], [], [], 0.05)[0]:
                screen += os.read(controller, 65536)
        os.write(controller, b"\x15exit\n")
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(controller)
    assert b"command not found" not in screen and b"compdef" not in screen, screen
    offered, buffer = [], ""
    for record in capture.read_text(encoding="utf-8").splitlines():
        if record.startswith("MATCH:"):
            offered.append(_unquote(record.removeprefix("MATCH:")))
        elif record.startswith("BUFFER:"):
            buffer = record.removeprefix("BUFFER:")
    return offered, buffer


def test_zsh_completes_application_ids(home: dict[str, str]) -> None:
    assert zsh_tab(home, "followup log-contact ac") == (["acme"], "followup log-contact acme ")
    offered, _ = zsh_tab(home, "followup show ")
    assert sorted(offered) == ["acme", "café-zürich", "globex"]
    # By id with its accents, or by the company's name.
    assert zsh_tab(home, "followup log-contact caf")[1] == "followup log-contact café-zürich "
    assert zsh_tab(home, "followup log-contact züri")[1] == "followup log-contact café-zürich "


def test_zsh_completes_commands_kinds_and_actions(home: dict[str, str]) -> None:
    assert zsh_tab(home, "followup log-")[1] == "followup log-contact "
    assert zsh_tab(home, "followup dra")[1] == "followup draft "
    kinds, _ = zsh_tab(home, "followup draft acme ")
    assert sorted(kinds) == ["follow-up", "network", "reference", "reply", "thank-you", "withdraw"]
    actions, _ = zsh_tab(home, "followup done acme ")
    assert "thank-you" in actions and "notify-references" in actions
    assert zsh_tab(home, "followup done acme notify")[1] == "followup done acme notify-references "


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Pa", "Pat O'Neil (ex-Acme)"),
        ("'Pat O", "Pat O'Neil (ex-Acme)"),
        ("Pat\\ O", "Pat O'Neil (ex-Acme)"),
        ("Doe", "Doe, John"),
        ('"Ann \\"N', 'Ann "Nan" Lee'),
        ("jan", "Jane Doe"),
    ],
)
def test_zsh_completes_a_name_as_one_word(home: dict[str, str], typed: str, name: str) -> None:
    offered, buffer = zsh_tab(home, f"followup log-contact acme --with {typed}")
    assert len(offered) == 1  # quoted for where the cursor is: inside quotes or not
    assert shlex.split(buffer) == ["followup", "log-contact", "acme", "--with", name]


def test_zsh_offers_the_applications_people_first(home: dict[str, str]) -> None:
    offered, _ = zsh_tab(home, "followup log-contact acme --with ")
    assert sorted(offered) == sorted(["Jane Doe", "Pat O'Neil (ex-Acme)", "Doe, John", 'Ann "Nan" Lee'])
    # Jane Doe interviewed at Acme, not at the café.
    offered, _ = zsh_tab(home, "followup done café-zürich thank-you --with ")
    assert "Jane Doe" not in offered and "Doe, John" in offered


# fish ---------------------------------------------------------------------------------------------


def fish_complete(env: dict[str, str], line: str) -> list[tuple[str, str]]:
    """What TAB offers after `line` in fish, set up as the README says: (value, description) pairs."""
    fish = _shell("fish")
    if not (Path(env["HOME"]) / ".config/fish/completions/followup.fish").exists():
        setup = subprocess.run([fish, "-c", readme_setup("fish")], env=env, capture_output=True, text=True)
        assert setup.returncode == 0, f"the README's fish set-up failed: {setup.stderr}"
    done = subprocess.run(
        [fish, "-c", "complete -C $argv[1]", line], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [(value, about) for value, _, about in (row.partition("\t") for row in done.stdout.splitlines())]


def _values(pairs: list[tuple[str, str]]) -> list[str]:
    return sorted(value for value, _ in pairs)


def test_fish_completes_application_ids(home: dict[str, str]) -> None:
    assert fish_complete(home, "followup log-contact ac") == [("acme", "Acme · Dev")]
    assert _values(fish_complete(home, "followup show ")) == ["acme", "café-zürich", "globex"]
    # A comma in the company's name is part of the description, not the end of it.
    assert fish_complete(home, "followup log-contact züri") == [("café-zürich", "Zürich Café, Ltd · Barista")]


def test_fish_completes_commands_kinds_and_actions(home: dict[str, str]) -> None:
    commands = dict(fish_complete(home, "followup log-"))
    assert list(commands) == ["log-contact"]
    assert commands["log-contact"].startswith("Record an email, call")
    assert _values(fish_complete(home, "followup draft acme ")) == [
        "follow-up",
        "network",
        "reference",
        "reply",
        "thank-you",
        "withdraw",
    ]
    actions = _values(fish_complete(home, "followup done acme "))
    assert "thank-you" in actions and "notify-references" in actions


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Pa", "Pat O'Neil (ex-Acme)"),
        ("'Pat O", "Pat O'Neil (ex-Acme)"),
        ("Pat\\ O", "Pat O'Neil (ex-Acme)"),
        ("Doe", "Doe, John"),
        ('"Ann \\"N', 'Ann "Nan" Lee'),
        ("jan", "Jane Doe"),
    ],
)
def test_fish_completes_names(home: dict[str, str], typed: str, name: str) -> None:
    assert _values(fish_complete(home, f"followup log-contact acme --with {typed}")) == [name]


def test_readme_gives_each_shell_a_set_up_line() -> None:
    for shell in ("bash", "zsh", "fish"):
        assert re.search(rf"followup completion {shell}\b", readme_setup(shell))
