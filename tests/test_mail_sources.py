"""The mail sources, read-only: a Maildir and an mbox read without a byte or an mtime changed, a
cursor that reads only what is new, and messages that cannot be read safely skipped, not shown."""

from __future__ import annotations

import mailbox
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.mail import sources
from followup.mail.message import MAX_TEXT, Unreadable, read_mail
from followup.mail.sources import SourceError, SourceOptions, kind_of
from tests.mail_corpus import JANE, SAM, message

OPTIONS = SourceOptions()


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root` with its bytes and mtime, and every folder's mtime."""
    found = {}
    for path in sorted(root.rglob("*")):
        info = path.stat()
        found[str(path.relative_to(root))] = (path.read_bytes() if path.is_file() else b"", info.st_mtime_ns)
    found["."] = (b"", root.stat().st_mtime_ns)
    return found


def make_maildir(folder: Path, count: int, start: int = 0) -> list[str]:
    box = mailbox.Maildir(folder, create=True)
    keys = []
    for n in range(start, start + count):
        msg = mailbox.MaildirMessage(
            message(JANE, SAM, f"Message {n}", f"Body {n}", ident=f"m{n}@acme.example")
        )
        if n % 2:
            msg.set_subdir("cur")
            msg.set_flags("S")
        keys.append(box.add(msg))
    return keys


def make_mbox(path: Path, count: int, start: int = 0) -> None:
    box = mailbox.mbox(path)
    for n in range(start, start + count):
        box.add(
            message(
                JANE, SAM, f"Message {n}", f"From the start of a line\nBody {n}", ident=f"b{n}@acme.example"
            )
        )
    box.flush()
    box.close()


def read_all(spec: str, cursor: dict[str, Any], options: SourceOptions = OPTIONS) -> list[tuple[str, bytes]]:
    return list(sources.read(spec, cursor, options))


def test_paths_are_told_apart_by_their_contents(tmp_path: Path) -> None:
    make_maildir(tmp_path / "Mail", 1)
    make_mbox(tmp_path / "box", 1)
    (tmp_path / "one.eml").write_bytes(message(JANE, SAM, "Hi", "Hello"))
    (tmp_path / "plain").mkdir()
    assert kind_of(str(tmp_path / "Mail")) == "maildir"
    assert kind_of(str(tmp_path / "box")) == "mbox"
    assert kind_of(str(tmp_path / "one.eml")) == "message"
    assert kind_of("-") == "stdin"
    assert kind_of("notmuch:tag:inbox") == "notmuch"
    assert kind_of("imaps://sam@mail.example/INBOX") == "imap"
    with pytest.raises(SourceError, match="not a Maildir"):
        kind_of(str(tmp_path / "plain"))
    with pytest.raises(SourceError, match="no such file"):
        kind_of(str(tmp_path / "missing"))


def test_a_maildir_is_read_once_and_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "Mail"
    make_maildir(folder, 6)
    before = snapshot(folder)
    cursor: dict[str, Any] = {}
    first = read_all(str(folder), cursor)
    assert len(first) == 6 and len(cursor["seen"]) == 6
    assert read_all(str(folder), cursor) == []
    # The folder is as it was: no message moved from new to cur, flagged or renamed.
    assert snapshot(folder) == before
    make_maildir(folder, 2, start=6)
    before = snapshot(folder)
    again = read_all(str(folder), cursor)
    assert sorted(read_mail(raw).key for _, raw in again) == ["<m6@acme.example>", "<m7@acme.example>"]
    assert snapshot(folder) == before


def test_a_message_flagged_by_a_client_after_the_scan_is_not_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "Mail"
    make_maildir(folder, 1)
    cursor: dict[str, Any] = {}
    assert len(read_all(str(folder), cursor)) == 1
    (name,) = os.listdir(folder / "new")
    os.rename(folder / "new" / name, folder / "cur" / f"{name}:2,S")  # what a mail client does
    assert read_all(str(folder), cursor) == []


def test_an_mbox_is_read_without_a_change_and_then_only_from_where_it_stopped(tmp_path: Path) -> None:
    path = tmp_path / "All mail.mbox"
    make_mbox(path, 5)
    before = snapshot(tmp_path)
    cursor: dict[str, Any] = {}
    first = read_all(str(path), cursor)
    assert [read_mail(raw).subject for _, raw in first] == [f"Message {n}" for n in range(5)]
    assert snapshot(tmp_path) == before  # no lock file, no rewrite, the same mtime
    assert "From the start of a line" in read_mail(first[0][1]).text
    assert read_all(str(path), cursor) == []
    make_mbox(path, 2, start=5)
    assert [read_mail(raw).subject for _, raw in read_all(str(path), cursor)] == ["Message 5", "Message 6"]


def test_an_mbox_rewritten_from_the_start_is_read_again_whole(tmp_path: Path) -> None:
    path = tmp_path / "box"
    make_mbox(path, 3)
    cursor: dict[str, Any] = {}
    read_all(str(path), cursor)
    path.unlink()
    make_mbox(path, 4, start=10)  # another file at the path: its first bytes differ
    assert len(read_all(str(path), cursor)) == 4


def test_a_huge_attachment_is_never_read_whole(tmp_path: Path) -> None:
    big = message(
        JANE, SAM, "Offer letter", "We are pleased to offer you the role.", attachment=b"x" * 5_000_000
    )
    path = tmp_path / "big.eml"
    path.write_bytes(big)
    ((_, raw),) = read_all(str(path), {}, SourceOptions(limit_bytes=64 * 1024))
    assert len(raw) == 64 * 1024
    assert "pleased to offer" in read_mail(raw).text
    box = tmp_path / "box"
    box.write_bytes(b"From x Tue Mar  3 10:00:00 2026\n" + big + b"\n")
    ((_, raw),) = read_all(str(box), {}, SourceOptions(limit_bytes=64 * 1024))
    assert len(raw) <= 64 * 1024


def test_a_long_text_is_cut_to_what_is_looked_at() -> None:
    mail = read_mail(message(JANE, SAM, "Long", "word " * (MAX_TEXT // 2)))
    assert len(mail.text) <= MAX_TEXT
    assert len(mail.excerpt) <= 200


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"From: Jane <jane@acme.example>\nDate: Tue, 03 Mar 2026 10:00:00 +0000\n"
         b"Subject: =?utf-8?q?hello=0AError:_forged?=\n\nhi\n", "Subject header holds a control character"),
        (b"From: Jane <jane@acme.example>\nDate: Tue, 03 Mar 2026 10:00:00 +0000\n"
         b"Subject: =?utf-8?q?=1B]0;pwned=07?=\n\nhi\n", "Subject header holds a control character"),
        (b"From: =?x-no-such?q?Jane?= <jane@acme.example>\nDate: Tue, 03 Mar 2026 10:00:00 +0000\n\nhi\n",
         "From header is in an unknown charset"),
        (b"From: Jane <jane@acme.example>\nDate: Tue, 03 Mar 2026 10:00:00 +0000\n"
         b"Content-Type: text/plain; charset=x-no-such\n\nhi\n", r"unknown charset \(x-no-such\)"),
        (b"Date: Tue, 03 Mar 2026 10:00:00 +0000\nSubject: hi\n\nno sender\n", "no sender"),
        (b"From: Jane <jane@acme.example>\nDate: someday\n\nhi\n", "no readable date"),
        (b"\x00\x01\x02 not a message at all", "no sender"),
    ],
)  # fmt: skip
def test_a_message_that_cannot_be_read_safely_is_unreadable(raw: bytes, reason: str) -> None:
    with pytest.raises(Unreadable, match=reason):
        read_mail(raw)


def test_controls_in_the_text_are_blanked_and_the_quoted_thread_dropped() -> None:
    raw = message(JANE, SAM, "Re: hi", "Fine by me \x1b[31mred\x1b[0m.\n\nOn Mon, Sam wrote:\n> old text\n")
    mail = read_mail(raw)
    assert "\x1b" not in mail.text and "red" in mail.text
    assert "old text" not in mail.text


def test_an_unknown_source_kind_is_not_supported_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def without_imap(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "followup.mail.imap":
            raise ModuleNotFoundError(name=name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr("importlib.import_module", lambda name: without_imap(name))
    with pytest.raises(SourceError, match="not supported yet"):
        sources.read("imaps://sam@mail.example/INBOX", {}, OPTIONS)


_HEADER_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=80, deadline=None)
@given(
    subject=_HEADER_TEXT,
    name=_HEADER_TEXT,
    body=st.text(max_size=300),
    junk=st.binary(max_size=200),
)
def test_whatever_a_message_holds_it_is_read_inert_or_skipped(
    subject: str, name: str, body: str, junk: bytes
) -> None:
    """Any subject, sender name and text (encoded as a client would), or bytes that are no message:
    read with nothing in its headers that could move the cursor or forge a line, or Unreadable."""
    from email.message import EmailMessage
    from email.utils import formataddr

    m = EmailMessage()
    try:
        m["From"] = formataddr((name, "jane@acme.example"))
        m["Subject"] = subject
    except (ValueError, TypeError):
        return  # the email package itself refuses to write it
    m["Date"] = "Wed, 04 Mar 2026 10:00:00 +0000"
    m.set_content(body.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
    for raw in (bytes(m), junk, bytes(m)[: len(junk)] + junk):
        try:
            mail = read_mail(raw)
        except Unreadable:
            continue
        for shown in (mail.subject, str(mail.sender), mail.excerpt, *map(str, mail.recipients)):
            assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in shown), shown
        assert len(mail.excerpt) <= 200
