"""One IMAP folder, read-only: `imaps://user@host[:port]/FOLDER` (or `imap://`, with STARTTLS when the
server offers it).

The folder is opened with EXAMINE and every message fetched with `BODY.PEEK[]`, so nothing on the
server changes, not even the \\Seen flag. The password comes from `password_command` each time and is
kept nowhere.

The cursor is a plain JSON-able dict that `read` updates in place as it yields each message:

    {"folders": {"INBOX": {"uidvalidity": 1796125452, "last_uid": 45}},
     "skipped": ["UID 7 in INBOX: the server would not give it: …"]}

A re-scan fetches only the UIDs above `last_uid`; a changed UIDVALIDITY (the folder was rebuilt, its
UIDs mean other messages now) starts the folder over. A message over `limit_bytes` is read in part,
its first `limit_bytes` (`BODY.PEEK[]<0.N>`), as every source reads one. One the server will not
give is counted as seen without being read, and one line about it is put in
`cursor["skipped"]`, which each call empties first: the caller shows those lines once the
iteration ends.
"""

from __future__ import annotations

import base64
import re
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from followup.mail.errors import MailError, one_line
from followup.passwords import run_password_command

if TYPE_CHECKING:
    import imaplib

    from followup.mail.sources import SourceOptions

DEFAULT_PORTS = {"imaps": 993, "imap": 143}
_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_BODY = re.compile(rb"\bBODY\[\](?:<0>)? \{\d+\}$")


@dataclass(frozen=True)
class Account:
    """Where the folder is; `label` names it in messages (it never holds a password)."""

    scheme: str
    user: str
    host: str
    port: int
    folder: str

    @property
    def label(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{self.user}@{host}:{self.port}/{self.folder}"

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def parse_spec(spec: str) -> Account:
    """`imaps://user@host[:port]/FOLDER`; the folder may be %-encoded and defaults to INBOX."""
    scheme, sep, rest = spec.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in DEFAULT_PORTS:
        raise MailError("an IMAP source is written imaps://user@host/FOLDER (or imap://…)")
    authority, _, folder = rest.partition("/")  # the folder may hold anything, '#' and '?' too
    userinfo, at, hostport = authority.rpartition("@")  # a login may itself be an address
    if not at or not userinfo:
        raise MailError(f"{scheme}://{one_line(hostport)}: name the login, as {scheme}://user@host/FOLDER")
    if ":" in userinfo:  # never echo it: that part is a password
        raise MailError(f"{scheme}:// addresses hold no password: set [mail] password_command instead")
    host, port = _host_port(scheme, hostport)
    return Account(scheme, unquote(userinfo), host, port, unquote(folder) or "INBOX")


def _host_port(scheme: str, hostport: str) -> tuple[str, int]:
    if hostport.startswith("["):  # [::1]:993
        host, _, tail = hostport[1:].partition("]")
        port_text = tail.removeprefix(":")
    else:
        host, _, port_text = hostport.partition(":")
    if not host:
        raise MailError(f"{scheme}:// source: the server's name is missing")
    if not port_text:
        return host.lower(), DEFAULT_PORTS[scheme]
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise MailError(f"{scheme}://{one_line(hostport)}: the port must be a number from 1 to 65535")
    return host.lower(), int(port_text)


def encode_folder(name: str) -> str:
    """A folder name in IMAP's modified UTF-7 (RFC 3501 5.1.3): printable ASCII as it is, `&` as `&-`,
    anything else as `&` + base64 of its UTF-16 with `,` for `/` + `-`."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            packed = base64.b64encode("".join(run).encode("utf-16-be")).rstrip(b"=").replace(b"/", b",")
            out.append("&" + packed.decode("ascii") + "-")
            run.clear()

    for ch in name:
        if " " <= ch <= "~":
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    flush()
    return "".join(out)


def quoted(mailbox: str) -> str:
    """An IMAP quoted string (imaplib sends arguments as they are)."""
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read_password(command: str | None, timeout: float, account: Account) -> str:
    """The password of `account`, printed by `command` (followup.passwords)."""
    if not command:
        raise MailError(f"set [mail] password_command to give the password of {account.label}")
    return run_password_command(command, timeout, "[mail] password_command", MailError)


@contextmanager
def _talking_to(account: Account, doing: str, password: str | None = None) -> Iterator[None]:
    """Network and protocol failures as one line each, naming the server and what was being done."""
    import imaplib

    where = account.server
    try:
        yield
    except ssl.SSLCertVerificationError as err:
        why = one_line(err.verify_message or err.reason or "")
        raise MailError(f"the certificate of {where} is not trusted: {why}") from None
    except ssl.SSLError as err:
        raise MailError(f"TLS with {where} failed: {one_line(err.reason or str(err))}") from None
    except socket.gaierror as err:
        raise MailError(
            f"cannot find the mail server {account.host}: {one_line(err.strerror or '')}"
        ) from None
    except ConnectionRefusedError:
        raise MailError(f"{where} refused the connection: is the server and port right?") from None
    except TimeoutError:
        raise MailError(f"{where} did not answer within the time allowed ({doing})") from None
    except imaplib.IMAP4.abort as err:
        raise MailError(f"the connection to {where} broke ({doing}): {_said(err, password)}") from None
    except imaplib.IMAP4.error as err:
        raise MailError(f"{where} refused {doing}: {_said(err, password)}") from None
    except OSError as err:
        raise MailError(f"cannot talk to {where} ({doing}): {one_line(err.strerror or str(err))}") from None


def _said(err: Exception, password: str | None) -> str:
    text = err.args[0] if err.args else ""
    return one_line(text if isinstance(text, bytes | str) else str(text), hide=password)


def _connect(account: Account, timeout: float) -> imaplib.IMAP4:
    import imaplib

    context = ssl.create_default_context()
    with _talking_to(account, "the greeting"):
        try:
            if account.scheme == "imaps":
                return imaplib.IMAP4_SSL(account.host, account.port, ssl_context=context, timeout=timeout)
            conn = imaplib.IMAP4(account.host, account.port, timeout=timeout)
        except imaplib.IMAP4.error as err:  # a web or POP server on that port, say
            raise MailError(
                f"{account.server} does not answer as an IMAP server: {_said(err, None)}"
            ) from None
    try:
        with _talking_to(account, "STARTTLS"):
            if "STARTTLS" in conn.capabilities:
                conn.starttls(context)
    except MailError:
        with suppress(OSError):
            conn.shutdown()
        raise
    return conn


def _log_in(conn: imaplib.IMAP4, account: Account, password: str) -> None:
    with _talking_to(account, f"the login of {account.user}", password):
        if "AUTH=PLAIN" in conn.capabilities:  # SASL PLAIN carries a UTF-8 password; LOGIN only ASCII
            secret = f"\0{account.user}\0{password}".encode()
            conn.authenticate("PLAIN", lambda _challenge: secret)
        else:
            try:
                conn.login(account.user, password)
            except UnicodeEncodeError:
                raise MailError(f"{account.server} takes only ASCII passwords (no AUTH=PLAIN)") from None


def _examine(conn: imaplib.IMAP4, account: Account) -> tuple[int, int]:
    """Open the folder read-only; (its UIDVALIDITY, how many messages it holds)."""
    with _talking_to(account, f"to open {account.folder}"):
        kind, data = conn.select(quoted(encode_folder(account.folder)), readonly=True)
        if kind != "OK":
            said = one_line(data[0] if data and isinstance(data[0], bytes) else "")
            raise MailError(f"cannot open the folder {account.folder!r} on {account.server}: {said}")
        _, values = conn.response("UIDVALIDITY")
        if not values or not values[0]:
            kind, values = conn.status(quoted(encode_folder(account.folder)), "(UIDVALIDITY)")
            found = re.search(rb"UIDVALIDITY (\d+)", values[0] if values and values[0] else b"")
            values = [found.group(1)] if found else []
    if not values or not values[0]:
        raise MailError(f"{account.server} gives no UIDVALIDITY for {account.folder!r}")
    count = data[0] if data and isinstance(data[0], bytes) and data[0].isdigit() else b"0"
    return int(values[0]), int(count)


def _sizes(conn: imaplib.IMAP4, account: Account, after: int) -> list[tuple[int, int]]:
    """(UID, size) of every message whose UID is above `after`, in UID order."""
    with _talking_to(account, f"to list {account.folder}"):
        kind, data = conn.uid("FETCH", f"{after + 1}:*", "(UID RFC822.SIZE)")
    if kind != "OK":
        raise MailError(f"{account.server} would not list {account.folder!r}: {one_line(str(data[0]))}")
    found: dict[int, int] = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if not isinstance(line, bytes):
            continue
        uid, size = _UID.search(line), _SIZE.search(line)
        if uid and size:  # an unasked-for FETCH (another client's flag change) has no size
            found[int(uid.group(1))] = int(size.group(1))
    # `n:*` always names the last message, even when its UID is below n
    return sorted((uid, size) for uid, size in found.items() if uid > after)


def _body(conn: imaplib.IMAP4, account: Account, uid: int, part: int | None = None) -> bytes | str | None:
    """The message (its first `part` bytes, when given), fetched without setting \\Seen; why not,
    when the server will not give it; None when it was expunged meanwhile."""
    what = "BODY.PEEK[]" if part is None else f"BODY.PEEK[]<0.{part}>"
    with _talking_to(account, f"to fetch UID {uid}"):
        kind, data = conn.uid("FETCH", str(uid), f"({what})")
    if kind != "OK":
        said = data[0] if data and isinstance(data[0], bytes) else b""
        return f"the server would not give it: {one_line(said)}"
    for item in data:
        if isinstance(item, tuple) and _BODY.search(item[0]):
            return bytes(item[1])
    return None


def read(spec: str, cursor: dict[str, Any], options: SourceOptions) -> Iterator[tuple[str, bytes]]:
    """Yield (`UIDVALIDITY:UID`, raw message) for each message of the folder not yet seen by `cursor`,
    updating `cursor` (see the module's docstring) as each is yielded."""
    account = parse_spec(spec)
    skipped: list[str] = []
    cursor["skipped"] = skipped
    password = read_password(options.password_command, options.timeout, account)
    conn = _connect(account, options.timeout)
    try:
        _log_in(conn, account, password)
        del password
        uidvalidity, count = _examine(conn, account)
        folders = cursor.get("folders")
        if not isinstance(folders, dict):
            folders = cursor["folders"] = {}
        state = folders.get(account.folder)
        if not isinstance(state, dict) or state.get("uidvalidity") != uidvalidity:
            state = {"uidvalidity": uidvalidity, "last_uid": 0}  # a new folder, or one rebuilt
            folders[account.folder] = state
        if count == 0:
            return
        for uid, size in _sizes(conn, account, int(state["last_uid"])):
            # A big message (an offer letter with its PDF) is read in part: its headers and text
            # come first, and an attachment is never downloaded whole.
            raw = _body(conn, account, uid, options.limit_bytes if size > options.limit_bytes else None)
            state["last_uid"] = uid
            if isinstance(raw, str):
                skipped.append(f"UID {uid} in {account.folder}: {raw}")
            elif raw is not None:
                yield f"{uidvalidity}:{uid}", raw
    finally:
        _close(conn)


def _close(conn: imaplib.IMAP4) -> None:
    """Log out politely; a server already gone is no error, the reading is over."""
    with suppress(OSError):
        conn.logout()
