"""The IMAP source against a real Dovecot on 127.0.0.1 (tests/dovecot_server.py): read-only, the
cursor, the size limit, the password command, and each failure as one line."""

from __future__ import annotations

import base64
import email
import json
import re
import shlex
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.mail import imap
from followup.mail.errors import MailError
from followup.mail.sources import SourceOptions
from tests import dovecot_server
from tests.dovecot_server import PASSWORD, Dovecot, new_user


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dovecot]:
    yield from dovecot_server.start(tmp_path_factory.mktemp("dovecot"))


@pytest.fixture
def trusted(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> Dovecot:
    """The server's self-signed certificate trusted, as a CA the user installed would be."""
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.cert))
    return dovecot


@pytest.fixture
def options(tmp_path: Path) -> SourceOptions:
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\nsecond line, ignored\n")
    return SourceOptions(password_command=f"cat {shlex.quote(str(secret))}", timeout=10)


def message(n: int, size: int = 0) -> bytes:
    body = f"Message number {n}.\r\n" + ("x" * 70 + "\r\n") * (size // 72)
    return (
        f"From: Recruiter <r{n}@example.com>\r\nTo: me@example.org\r\nSubject: Note {n}\r\n"
        f"Message-ID: <note-{n}@example.com>\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n\r\n{body}"
    ).encode()


def ids(found: list[tuple[str, bytes]]) -> list[str]:
    return [email.message_from_bytes(raw)["Message-ID"] for _, raw in found]


def flags(dovecot: Dovecot, user: str, folder: str = "INBOX") -> list[bytes]:
    conn = dovecot.client(user)
    try:
        conn.select(imap.quoted(folder), readonly=True)
        _, data = conn.uid("FETCH", "1:*", "(FLAGS)")
    finally:
        conn.logout()
    return sorted(re.sub(rb"\\Recent ?", b"", line) for line in data if isinstance(line, bytes))


def test_reads_every_message_then_only_the_new_ones(trusted: Dovecot, options: SourceOptions) -> None:
    user = new_user()
    trusted.append(user, "INBOX", *(message(n) for n in range(3)))
    cursor: dict[str, Any] = {}
    first = list(imap.read(trusted.spec(user), cursor, options))
    assert ids(first) == [f"<note-{n}@example.com>" for n in range(3)]
    assert first[0][1] == message(0)
    assert len({key for key, _ in first}) == 3
    assert cursor["skipped"] == []
    assert PASSWORD not in json.dumps(cursor)

    cursor = json.loads(json.dumps(cursor))  # the caller keeps it as JSON
    assert list(imap.read(trusted.spec(user), cursor, options)) == []
    trusted.append(user, "INBOX", message(3), message(4))
    again = list(imap.read(trusted.spec(user), cursor, options))
    assert ids(again) == ["<note-3@example.com>", "<note-4@example.com>"]
    assert not {key for key, _ in again} & {key for key, _ in first}
    # and the server says so: append, read all, read none, append, read the two new bodies only
    assert sessions(trusted, user, 5) == [f"body_count={n}" for n in (0, 3, 0, 0, 2)]


def sessions(dovecot: Dovecot, user: str, count: int) -> list[str]:
    """What Dovecot logged of each of the user's reading sessions as it ended (it logs a moment
    after the logout)."""
    deadline = time.monotonic() + 5
    while True:
        lines = [line for line in dovecot.log.read_text().splitlines() if f"imap({user})" in line]
        found = [m.group() for line in lines if (m := re.search(r"body_count=\d+", line))]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_the_cursor_moves_with_each_message_yielded(trusted: Dovecot, options: SourceOptions) -> None:
    user = new_user()
    trusted.append(user, "INBOX", *(message(n) for n in range(3)))
    cursor: dict[str, Any] = {}
    reading = imap.read(trusted.spec(user), cursor, options)
    next(reading)
    reading.close()  # the caller stopped after one: the next scan starts at the second
    assert ids(list(imap.read(trusted.spec(user), cursor, options))) == [
        "<note-1@example.com>",
        "<note-2@example.com>",
    ]


def test_nothing_on_the_server_changes(trusted: Dovecot, options: SourceOptions) -> None:
    user = new_user()
    trusted.append(user, "INBOX", message(0), message(1))
    trusted.append(user, "INBOX", message(2), flags=r"(\Flagged)")
    before = flags(trusted, user)
    assert before and not any(b"\\Seen" in line for line in before)
    assert len(list(imap.read(trusted.spec(user), {}, options))) == 3
    assert flags(trusted, user) == before


def test_an_empty_folder_yields_nothing(trusted: Dovecot, options: SourceOptions) -> None:
    cursor: dict[str, Any] = {}
    assert list(imap.read(trusted.spec(new_user()), cursor, options)) == []
    assert cursor["folders"]["INBOX"]["last_uid"] == 0


def test_a_rebuilt_folder_is_read_again_from_the_start(trusted: Dovecot, options: SourceOptions) -> None:
    user = new_user()
    conn = trusted.client(user)
    conn.create("Jobs")
    conn.logout()
    trusted.append(user, "Jobs", *(message(n) for n in range(3)))
    cursor: dict[str, Any] = {}
    assert len(list(imap.read(trusted.spec(user, "Jobs"), cursor, options))) == 3
    old = cursor["folders"]["Jobs"]["uidvalidity"]

    conn = trusted.client(user)  # deleted and made again: UIDs 1 and 2 are other messages now
    conn.delete("Jobs")
    conn.create("Jobs")
    conn.logout()
    trusted.append(user, "Jobs", message(10), message(11))
    again = list(imap.read(trusted.spec(user, "Jobs"), cursor, options))
    assert ids(again) == ["<note-10@example.com>", "<note-11@example.com>"]
    assert cursor["folders"]["Jobs"]["uidvalidity"] != old


def test_a_message_over_the_limit_is_read_in_part(trusted: Dovecot, tmp_path: Path) -> None:
    """An offer letter with its PDF: the headers and the text, never the whole attachment."""
    user = new_user()
    big = message(1, size=5000)
    trusted.append(user, "INBOX", message(0), big, message(2))
    options = SourceOptions(password_command=f"echo {PASSWORD}", limit_bytes=2000, timeout=10)
    cursor: dict[str, Any] = {}
    found = list(imap.read(trusted.spec(user), cursor, options))
    assert ids(found) == ["<note-0@example.com>", "<note-1@example.com>", "<note-2@example.com>"]
    assert len(found[1][1]) == 2000 and len(big) > 2000
    assert cursor["skipped"] == []
    assert cursor["folders"]["INBOX"]["last_uid"] == 3
    assert list(imap.read(trusted.spec(user), cursor, options)) == []
    assert cursor["skipped"] == []  # each scan reports its own


def test_a_server_that_fails_midway_keeps_what_was_read(trusted: Dovecot, options: SourceOptions) -> None:
    user = new_user()
    trusted.append(user, "INBOX", message(0), message(1), message(2))
    files = [p for p in (trusted.mail_root / user).glob("*/*") if p.is_file()]
    [broken] = [p for p in files if b"note-1@" in p.read_bytes()]
    broken.chmod(0)  # Dovecot's own process cannot open it: it ends the session
    cursor: dict[str, Any] = {}
    found = []
    with pytest.raises(MailError) as caught:
        found.extend(imap.read(trusted.spec(user), cursor, options))
    assert str(caught.value).startswith(
        f"the connection to 127.0.0.1:{trusted.imaps_port} broke (to fetch UID 2): "
    )
    assert ids(found) == ["<note-0@example.com>"]
    broken.chmod(0o600)
    assert ids(list(imap.read(trusted.spec(user), cursor, options))) == [
        "<note-1@example.com>",
        "<note-2@example.com>",
    ]


@pytest.mark.parametrize("written", ["Entrées 2026", "Entr%C3%A9es%202026"])
def test_a_folder_with_spaces_and_accents(trusted: Dovecot, options: SourceOptions, written: str) -> None:
    user = new_user()
    conn = trusted.client(user)
    assert conn.create('"Entr&AOk-es 2026"')[0] == "OK"  # the name as IMAP spells it, by hand
    conn.logout()
    trusted.append(user, '"Entr&AOk-es 2026"', message(0))
    cursor: dict[str, Any] = {}
    assert ids(list(imap.read(trusted.spec(user, written), cursor, options))) == ["<note-0@example.com>"]
    assert list(cursor["folders"]) == ["Entrées 2026"]


def test_starttls_on_a_plain_address(trusted: Dovecot, options: SourceOptions) -> None:
    user = new_user()
    trusted.append(user, "INBOX", message(0))
    assert len(list(imap.read(trusted.spec(user, scheme="imap"), {}, options))) == 1
    logins = [line for line in trusted.log.read_text().splitlines() if f"user=<{user}>" in line]
    assert any("Login:" in line and "TLS" in line for line in logins), logins


# Failures: one line each, never the password ---------------------------------------------------------


def failure(spec: str, options: SourceOptions) -> str:
    with pytest.raises(MailError) as caught:
        list(imap.read(spec, {}, options))
    text = str(caught.value)
    assert "\n" not in text and PASSWORD not in text
    return text


def test_a_wrong_password(trusted: Dovecot) -> None:
    text = failure(trusted.spec(new_user()), SourceOptions(password_command="echo not-the-password"))
    assert text.startswith(f"127.0.0.1:{trusted.imaps_port} refused the login of u")
    assert "not-the-password" not in text


def test_a_failing_password_command_shows_its_status_not_its_output(trusted: Dovecot) -> None:
    command = f"sh -c 'echo {PASSWORD}; echo oops-on-stderr >&2; exit 3'"
    text = failure(trusted.spec(new_user()), SourceOptions(password_command=command))
    assert text == "[mail] password_command: sh failed (exit status 3)"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (None, "set [mail] password_command to give the password of imaps://"),
        ("", "set [mail] password_command"),
        ("no-such-password-program-x", "[mail] password_command: no-such-password-program-x is not found"),
        ("true", "[mail] password_command: true printed no password"),
        ("sh -c 'sleep 5'", "[mail] password_command: sh gave no password within 0.5 s"),
        ("pass show 'mail", "[mail] password_command cannot be split into words: No closing quotation"),
    ],
)
def test_password_command_problems(trusted: Dovecot, command: str | None, expected: str) -> None:
    text = failure(trusted.spec(new_user()), SourceOptions(password_command=command, timeout=0.5))
    assert text.startswith(expected)


def test_a_missing_folder(trusted: Dovecot, options: SourceOptions) -> None:
    text = failure(trusted.spec(new_user(), "No Such Folder"), options)
    assert text.startswith("cannot open the folder 'No Such Folder' on 127.0.0.1:")


def test_an_untrusted_certificate(
    dovecot: Dovecot, options: SourceOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    text = failure(dovecot.spec(new_user()), options)
    assert text.startswith(f"the certificate of 127.0.0.1:{dovecot.imaps_port} is not trusted: ")


def test_tls_spoken_to_a_plain_port(trusted: Dovecot, options: SourceOptions) -> None:
    spec = f"imaps://{new_user()}@127.0.0.1:{trusted.imap_port}/INBOX"
    assert failure(spec, options).startswith(f"TLS with 127.0.0.1:{trusted.imap_port} failed: ")


def test_a_refused_connection(options: SourceOptions) -> None:
    with socket.socket() as probe:  # a port just freed, where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    text = failure(f"imaps://me@127.0.0.1:{port}/INBOX", options)
    assert text == f"127.0.0.1:{port} refused the connection: is the server and port right?"


def test_a_server_that_never_greets(options: SourceOptions) -> None:
    with socket.socket() as silent:  # the kernel accepts the connection; nothing ever answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        quick = SourceOptions(password_command=options.password_command, timeout=0.3)
        text = failure(f"imap://me@127.0.0.1:{port}/INBOX", quick)
    assert text == f"127.0.0.1:{port} did not answer within the time allowed (the greeting)"


def test_a_server_that_is_not_imap(options: SourceOptions) -> None:
    with socket.socket() as web:
        web.bind(("127.0.0.1", 0))
        web.listen(1)
        port = web.getsockname()[1]

        def answer() -> None:
            conn, _ = web.accept()
            with conn:
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

        threading.Thread(target=answer, daemon=True).start()
        text = failure(f"imap://me@127.0.0.1:{port}/INBOX", options)
    assert text.startswith(f"127.0.0.1:{port} does not answer as an IMAP server: unexpected response")
    assert "HTTP/1.1 400 Bad Request" in text


def test_an_unknown_server_name(options: SourceOptions) -> None:
    text = failure("imaps://me@mail.followup-test.invalid/INBOX", options)
    assert text.startswith("cannot find the mail server mail.followup-test.invalid: ")


# The address and the folder's name, without a server -------------------------------------------------


def test_an_address_parts() -> None:
    account = imap.parse_spec("IMAPS://me%2Bjobs@example.org@Mail.Example.org/Jobs/2026 #1?")
    assert account == imap.Account("imaps", "me+jobs@example.org", "mail.example.org", 993, "Jobs/2026 #1?")
    assert imap.parse_spec("imap://me@[::1]:1143").port == 1143
    assert imap.parse_spec("imap://me@[::1]:1143").folder == "INBOX"
    assert imap.parse_spec("imap://me@host").label == "imap://me@host:143/INBOX"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("pop3://me@host/INBOX", "an IMAP source is written imaps://user@host/FOLDER"),
        ("imaps://host/INBOX", "imaps://host: name the login"),
        ("imaps://me:hunter2@host/INBOX", "imaps:// addresses hold no password"),
        ("imaps://me@host:99999/INBOX", "imaps://host:99999: the port must be a number"),
        ("imaps://me@:993/INBOX", "imaps:// source: the server's name is missing"),
    ],
)
def test_a_bad_address(spec: str, expected: str) -> None:
    with pytest.raises(MailError) as caught:
        imap.parse_spec(spec)
    assert str(caught.value).startswith(expected)
    assert "hunter2" not in str(caught.value)


def decode_folder(text: str) -> str:
    """Modified UTF-7 back to text, written here apart from the module's encoder."""

    def run(match: re.Match[str]) -> str:
        packed = match.group(1).replace(",", "/")
        if not packed:
            return "&"
        return base64.b64decode(packed + "=" * (-len(packed) % 4)).decode("utf-16-be")

    return re.sub(r"&([A-Za-z0-9+,]*)-", run, text)


def test_folder_names_as_rfc_3501_spells_them() -> None:
    assert imap.encode_folder("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
    assert imap.encode_folder("Entrées & Sorties") == "Entr&AOk-es &- Sorties"
    assert imap.encode_folder("INBOX") == "INBOX"


@given(st.text(max_size=30))
def test_any_folder_name_encodes_to_printable_ascii_and_back(name: str) -> None:
    encoded = imap.encode_folder(name)
    assert all(" " <= ch <= "~" for ch in encoded)
    assert decode_folder(encoded) == name
