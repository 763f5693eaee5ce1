"""The notmuch source against the real `notmuch` over a small Maildir indexed in tmp_path: what it
reads, the revision cursor, and that the database is left exactly as it was."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from followup.mail import notmuch
from followup.mail.errors import MailError
from followup.mail.sources import SourceOptions

OPTIONS = SourceOptions(timeout=20)


class Notmuch:
    """A Maildir and its notmuch database, with the helpers the tests fill and inspect them with."""

    def __init__(self, root: Path) -> None:
        self.maildir = root / "mail"
        for sub in ("cur", "new", "tmp"):
            (self.maildir / sub).mkdir(parents=True)
        self.config = root / "notmuch-config"
        self.config.write_text(
            f"[database]\npath={self.maildir}\n[user]\nname=Me\nprimary_email=me@example.org\n"
            "[new]\ntags=unread;inbox;\n[search]\nexclude_tags=deleted;spam;\n"
        )

    def run(self, *args: str) -> str:
        done = subprocess.run(["notmuch", *args], capture_output=True, text=True, check=True)
        return done.stdout

    def deliver(self, *numbers: int, size: int = 0) -> None:
        for n in numbers:
            (self.maildir / "new" / f"{n}.test:2,").write_bytes(message(n, size))
        self.run("new", "--quiet")

    def state(self) -> tuple[str, str]:
        """Every message's tags, and the database's revision: what a reader must never change."""
        return self.run("dump"), self.run("count", "--lastmod", "*")


def message(n: int, size: int = 0) -> bytes:
    body = f"Message number {n}.\n" + ("x" * 70 + "\n") * (size // 71)
    return (
        f"From: Recruiter <r{n}@example.com>\nTo: me@example.org\nSubject: Note {n}\n"
        f"Message-ID: <note-{n}@example.com>\nDate: Tue, 3 Mar 2026 10:{n:02d}:00 +0000\n\n{body}"
    ).encode()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Notmuch:
    if shutil.which("notmuch") is None:
        # CI installs notmuch and sets NOTMUCH_REQUIRED, so there this fails, never skips quietly.
        if os.environ.get("NOTMUCH_REQUIRED"):
            pytest.fail("notmuch is not installed: apt-get install notmuch (.ci/run installs it)")
        pytest.skip("notmuch is not installed (apt-get install notmuch); CI runs this test")
    found = Notmuch(tmp_path / "notmuch")
    monkeypatch.setenv("NOTMUCH_CONFIG", str(found.config))
    monkeypatch.delenv("NOTMUCH_DATABASE", raising=False)
    monkeypatch.delenv("NOTMUCH_PROFILE", raising=False)
    found.deliver(0, 1, 2)
    return found


def keys(found: Iterable[tuple[str, bytes]]) -> list[str]:
    return [key for key, _ in found]


def test_reads_every_match_then_only_the_new_ones(db: Notmuch) -> None:
    cursor: dict[str, Any] = {}
    first = list(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS))
    assert keys(first) == ["note-0@example.com", "note-1@example.com", "note-2@example.com"]
    assert first[1][1] == message(1)
    assert set(cursor) == {"uuid", "lastmod", "skipped"} and cursor["skipped"] == []

    cursor = json.loads(json.dumps(cursor))  # the caller keeps it as JSON
    assert list(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS)) == []
    for old in (db.maildir / "new").iterdir():  # a re-scan that opened these would say so
        old.unlink()
    db.deliver(3, 4)
    assert keys(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS)) == [
        "note-3@example.com",
        "note-4@example.com",
    ]
    assert cursor["skipped"] == []


def test_the_database_is_left_as_it_was(db: Notmuch) -> None:
    before = db.state()
    assert "+inbox +unread -- id:note-0@example.com" in before[0]
    assert len(list(notmuch.read("notmuch:*", {}, OPTIONS))) == 3
    assert db.state() == before


def test_only_what_the_query_finds(db: Notmuch) -> None:
    found = notmuch.read("notmuch:from:r1@example.com or subject:'Note 2'", {}, OPTIONS)
    assert keys(found) == ["note-1@example.com", "note-2@example.com"]


def test_excluded_tags_are_left_out(db: Notmuch) -> None:
    db.run("tag", "+spam", "--", "id:note-1@example.com")
    assert keys(notmuch.read("notmuch:tag:inbox", {}, OPTIONS)) == [
        "note-0@example.com",
        "note-2@example.com",
    ]


def test_a_retagged_message_comes_again(db: Notmuch) -> None:
    """notmuch's revisions count tag changes too: the caller drops it by its Message-ID."""
    cursor: dict[str, Any] = {}
    list(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS))
    db.run("tag", "-unread", "--", "id:note-0@example.com")
    assert keys(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS)) == ["note-0@example.com"]


def test_a_scan_stopped_halfway_resumes_after_what_it_yielded(db: Notmuch) -> None:
    cursor: dict[str, Any] = {}
    reading = notmuch.read("notmuch:tag:inbox", cursor, OPTIONS)
    assert next(reading)[0] == "note-0@example.com"
    reading.close()
    assert cursor["pass"]["done"] == ["note-0@example.com"]
    db.deliver(3)
    rest = keys(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS))
    assert rest == ["note-1@example.com", "note-2@example.com", "note-3@example.com"]
    assert "pass" not in cursor


def test_a_rebuilt_database_is_read_again(db: Notmuch) -> None:
    cursor: dict[str, Any] = {}
    list(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS))
    shutil.rmtree(db.maildir / ".notmuch")
    db.run("new", "--quiet")
    assert len(list(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS))) == 3


def test_a_message_over_the_limit_is_read_in_part(db: Notmuch) -> None:
    db.deliver(3, size=5000)
    cursor: dict[str, Any] = {}
    found = list(notmuch.read("notmuch:tag:inbox", cursor, SourceOptions(limit_bytes=2000)))
    assert keys(found) == [
        "note-0@example.com",
        "note-1@example.com",
        "note-2@example.com",
        "note-3@example.com",
    ]
    assert [len(raw) for _, raw in found][-1] == 2000
    assert cursor["skipped"] == []
    assert list(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS)) == []


def test_a_message_whose_file_moved_comes_once_notmuch_finds_it(db: Notmuch) -> None:
    # as mbsync does when the message is read elsewhere, before `notmuch new` has run
    (db.maildir / "new" / "1.test:2,").rename(db.maildir / "cur" / "1.test:2,S")
    cursor: dict[str, Any] = {}
    assert keys(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS)) == [
        "note-0@example.com",
        "note-2@example.com",
    ]
    assert cursor["skipped"] == [
        "message note-1@example.com: its file is gone (notmuch new will find it again)"
    ]
    db.run("new", "--quiet")
    assert keys(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS)) == ["note-1@example.com"]
    assert "pass" not in cursor and cursor["skipped"] == []
    assert list(notmuch.read("notmuch:tag:inbox", cursor, OPTIONS)) == []


def failure(spec: str) -> str:
    with pytest.raises(MailError) as caught:
        list(notmuch.read(spec, {}, OPTIONS))
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_no_notmuch_installed(db: Notmuch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert failure("notmuch:tag:inbox") == (
        "notmuch is not installed (or not on PATH); the notmuch: source runs it"
    )


def test_a_query_notmuch_cannot_parse(db: Notmuch) -> None:
    assert failure("notmuch:tag:inbox and and").startswith("notmuch count failed (exit status 1): ")


def test_no_database(db: Notmuch, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NOTMUCH_CONFIG", str(tmp_path / "no-such-config"))
    assert failure("notmuch:tag:inbox").startswith("notmuch count failed (exit status 1): ")


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("notmuch:", "notmuch: needs a query"),
        ("notmuch:   ", "notmuch: needs a query"),
        ("tag:inbox", "a notmuch"),
    ],
)
def test_a_bad_address(spec: str, expected: str) -> None:
    with pytest.raises(MailError) as caught:
        list(notmuch.read(spec, {}, OPTIONS))
    assert str(caught.value).startswith(expected)
