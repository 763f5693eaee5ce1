"""Shell completion through Click's protocol, checked in a real bash against the installed program."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke

BIN = Path(sys.executable).parent
FOLLOWUP = BIN / "followup"


def _env(store: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "_FOLLOWUP_", "COMP_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["FOLLOWUP_STORE"] = str(store)
    env.update(extra)
    return env


@pytest.fixture
def seeded(invoke: Invoke, store_file: Path) -> Path:
    assert FOLLOWUP.exists(), f"{FOLLOWUP} is not installed (pip install -e .)"
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
    invoke("add", "--company", "Acme", "--role", "QA", "--applied", today="2026-03-03")
    invoke("contact", "add", "Jack Ref", "--relation", "reference")
    return store_file


def _bash_complete(store: Path, words: list[str]) -> list[str]:
    """Load `followup completion bash` into bash, press TAB on the last word, return COMPREPLY."""
    bash = shutil.which("bash")
    assert bash is not None
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    script = f"""
eval "$(followup completion bash)"
COMP_WORDS=({quoted})
COMP_CWORD={len(words) - 1}
_followup_completion followup
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run([bash, "--norc", "-c", script], env=_env(store), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_application_id(seeded: Path) -> None:
    assert _bash_complete(seeded, ["followup", "log-contact", "ac"]) == ["acme", "acme-2"]
    assert _bash_complete(seeded, ["followup", "show", "glo"]) == ["globex"]


def test_bash_completes_commands_and_options(seeded: Path) -> None:
    assert _bash_complete(seeded, ["followup", "log-"]) == ["log-contact"]
    assert "--kind" in _bash_complete(seeded, ["followup", "log-contact", "acme", "--k"])


def test_bash_completes_contact_names_as_one_word(seeded: Path) -> None:
    # Jane Doe interviewed at acme; Jack Ref is a contact. The space is escaped for the command line.
    assert _bash_complete(seeded, ["followup", "log-contact", "acme", "--with", "J"]) == [
        "Jack\\ Ref",
        "Jane\\ Doe",
    ]
    assert _bash_complete(seeded, ["followup", "done", "acme", "thank-you", "--with", "jan"]) == [
        "Jane\\ Doe"
    ]
    # Globex had no interview: only the contacts are offered.
    assert _bash_complete(seeded, ["followup", "log-contact", "globex", "--with", "J"]) == ["Jack\\ Ref"]


def test_bash_completed_name_is_one_shell_word(invoke: Invoke, store_file: Path) -> None:
    invoke("contact", "add", "Pat O'Neil (ex-Acme)", "--relation", "network")
    bash = shutil.which("bash")
    assert bash is not None
    script = """
eval "$(followup completion bash)"
COMP_WORDS=(followup log-contact acme --with Pa)
COMP_CWORD=4
_followup_completion followup
line="followup log-contact acme --with ${COMPREPLY[0]}"
eval "set -- $line"
printf '%s\\n' "$#" "$5"
"""
    done = subprocess.run(
        [bash, "--norc", "-c", script], env=_env(store_file), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["5", "Pat O'Neil (ex-Acme)"]


def test_bash_completed_id_is_one_shell_word(seeded: Path) -> None:
    # A backup made elsewhere, or edited by hand, can bring any id into the store.
    data = json.loads(seeded.read_text(encoding="utf-8"))
    data["applications"][1]["id"] = "o'brien & co"
    seeded.write_text(json.dumps(data), encoding="utf-8")
    (reply,) = _bash_complete(seeded, ["followup", "show", "o"])
    done = subprocess.run(
        ["bash", "--norc", "-c", f'eval "set -- followup show {reply}"; printf "%s\\n" "$#" "$3"'],
        capture_output=True,
        text=True,
    )
    assert done.stdout.splitlines() == ["3", "o'brien & co"]


def test_env_protocol_for_zsh_and_fish(seeded: Path) -> None:
    words = "followup log-contact acme --with Ja"
    zsh = subprocess.run(
        [str(FOLLOWUP)],
        env=_env(seeded, _FOLLOWUP_COMPLETE="zsh_complete", COMP_WORDS=words, COMP_CWORD="4"),
        capture_output=True,
        text=True,
    )
    assert zsh.returncode == 0
    assert zsh.stdout.splitlines() == [
        "plain",
        "Jack Ref",
        "reference",
        "plain",
        "Jane Doe",
        "interviewer at Acme",
    ]
    fish = subprocess.run(
        [str(FOLLOWUP)],
        env=_env(seeded, _FOLLOWUP_COMPLETE="fish_complete", COMP_WORDS="followup show ac", COMP_CWORD="ac"),
        capture_output=True,
        text=True,
    )
    assert fish.returncode == 0
    assert fish.stdout.splitlines() == ["plain,acme\tAcme · Dev", "plain,acme-2\tAcme · QA"]


def test_completion_on_a_broken_store_offers_nothing(tmp_path: Path) -> None:
    store = tmp_path / "followup.json"
    store.write_text("{broken", encoding="utf-8")
    assert _bash_complete(store, ["followup", "show", "a"]) == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_the_script(invoke: Invoke, shell: str) -> None:
    script = invoke("completion", shell).stdout
    assert "_FOLLOWUP_COMPLETE" in script
    assert f"{shell}_complete" in script


def test_completion_of_an_unknown_shell_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("completion", "tcsh", ok=False)
    assert result.exit_code == 2
    assert "'tcsh' is not one of" in result.stderr


def test_python_dash_m_works_like_followup(seeded: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "followup", "list", "--json"], env=_env(seeded), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert '"id": "globex"' in done.stdout
    version = subprocess.run([sys.executable, "-m", "followup", "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("followup ")


def test_zsh_gets_no_candidate_a_newline_could_forge(invoke: Invoke, store_file: Path) -> None:
    """zsh reads three lines per candidate: a name or id holding a newline must not add its own."""
    invoke("add", "--company", "Acme\nlog-contact", "--role", "Dev\nx", "--applied", today="2026-03-03")
    invoke("contact", "add", "Eve\nforged", "--relation", "reference", today="2026-03-03")
    invoke("contact", "add", "Eva Real", "--relation", "reference", today="2026-03-03")
    env = _env(
        store_file, _FOLLOWUP_COMPLETE="zsh_complete", COMP_WORDS="followup log-contact ", COMP_CWORD="2"
    )
    ids = subprocess.run([str(FOLLOWUP)], env=env, capture_output=True, text=True).stdout.splitlines()
    assert len(ids) % 3 == 0 and ids[1] == "acme-log-contact" and "Acme log-contact · Dev x" in ids[2]
    env.update(COMP_WORDS="followup log-contact acme-log-contact --with E", COMP_CWORD="4")
    names = subprocess.run([str(FOLLOWUP)], env=env, capture_output=True, text=True).stdout.splitlines()
    assert len(names) == 3 and names[1] == "Eva Real"  # the name with a newline is not offered
