"""One mail message, read safely: its headers decoded and checked, a capped part of its text.

A message that cannot be read as it claims to be (no sender or date, an unknown charset, a header
holding a control character or a forged newline) raises `Unreadable`, whose reason names what is
wrong; the scan skips it. Nothing of it is printed here.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser

MAX_TEXT = 256 * 1024  # characters of body text looked at; the rest of a long message is not read
EXCERPT = 200

# Headers read, and checked for what must never reach a terminal or the store.
_READ = (
    "From",
    "To",
    "Cc",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "List-Id",
    "List-Unsubscribe",
    "Auto-Submitted",
    "Precedence",
    "X-Mailer",
)
_CONTROL = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_BODY_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_MSG_ID = re.compile(r"<[^<>\s]+>")
# Where the quoted thread starts in a reply: Gmail's and Apple's "On ... wrote:", Outlook's header block.
_QUOTE_START = re.compile(
    r"^(?:On .{4,200}wrote:|Le .{4,200}a écrit\s?:|Am .{4,200}schrieb .{1,100}:"
    r"|-{2,} ?Original Message ?-{2,}|_{10,}|From: .+)\s*$",
    re.IGNORECASE,
)


class Unreadable(Exception):
    """The message is skipped; `str()` says why, in words safe to show."""


@dataclass(frozen=True)
class Address:
    name: str
    email: str  # lower case

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True)
class Mail:
    """What the rules read of a message: headers, and its own text without the quoted thread."""

    key: str  # the Message-ID, or `digest:` and a digest of the headers when it has none
    at: datetime  # aware
    sender: Address
    recipients: tuple[Address, ...]  # To, then Cc
    subject: str
    thread: tuple[str, ...]  # In-Reply-To and References, Message-IDs
    headers: dict[str, str]  # the list and automatic-reply headers, lower-case names
    text: str  # the message's own words (quoted lines dropped), at most MAX_TEXT characters

    @property
    def excerpt(self) -> str:
        words = " ".join(self.text.split())
        return words if len(words) <= EXCERPT else words[: EXCERPT - 1] + "…"


_VOID = frozenset({"br", "img", "meta", "link", "hr", "input", "wbr", "col", "area", "base"})


class _Text(HTMLParser):
    """The visible text of an HTML body, without scripts, styles and quoted replies."""

    _BLOCKS = frozenset({"p", "br", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table"})
    _HIDDEN = frozenset({"script", "style", "head", "title", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.size = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        quoted = any(name == "class" and value and "quote" in value for name, value in attrs)
        opens = tag in self._HIDDEN or (tag == "div" and quoted) or self.hidden
        if opens and tag not in _VOID:
            self.hidden += 1
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.hidden and tag not in _VOID:
            self.hidden -= 1
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden and self.size < MAX_TEXT:
            self.parts.append(data)
            self.size += len(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html[: MAX_TEXT * 4])
    parser.close()
    return "".join(parser.parts)


def own_words(text: str) -> str:
    """The text without the thread it quotes: lines from `On ... wrote:` on, and `>` lines."""
    kept: list[str] = []
    for line in text[:MAX_TEXT].splitlines():
        stripped = line.strip()
        if _QUOTE_START.match(stripped) and kept:
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def _header(value: object, name: str) -> str:
    if value is None:
        return ""
    for defect in getattr(value, "defects", ()):
        if "charset" in str(defect).lower():
            raise Unreadable(f"its {name} header is in an unknown charset")
    text = str(value)
    if _CONTROL.search(text):
        raise Unreadable(f"its {name} header holds a control character or a line break")
    return text.strip()


def _addresses(*values: object) -> tuple[Address, ...]:
    found = []
    for value in values:
        for address in getattr(value, "addresses", ()):
            if isinstance(address, HeaderAddress) and address.username and address.domain:
                email = f"{address.username}@{address.domain}".lower()
                found.append(Address(" ".join(address.display_name.split()), email))
    return tuple(found)


def _body(message: EmailMessage) -> str:
    """The first text/plain part that is not an attachment, else the first text/html one as text."""
    html = None
    for part in message.walk():
        kind = part.get_content_type()  # parsed anew at each call: asked once
        if kind not in ("text/plain", "text/html") or part.get_content_disposition() == "attachment":
            continue
        if kind == "text/html" and html is not None:
            continue
        try:
            content = part.get_content()
        except LookupError:
            raise Unreadable(f"its text is in an unknown charset ({part.get_content_charset()})") from None
        if kind == "text/plain" and content.strip():
            return content[:MAX_TEXT]
        if kind == "text/html":
            html = content[: MAX_TEXT * 4]
    return html_text(html) if html is not None else ""


# A list, a bulk sender or an out-of-office reply is noise whoever sent it (classify.noise): told
# from the raw header block, before the message is parsed, as most of a mailbox is such mail.
_PLAIN_NOISE = re.compile(
    rb"^(?:List-Id:|Precedence:[ \t]*(?:bulk|list|junk)\b|Auto-Submitted:[ \t]*auto-replied\b)",
    re.IGNORECASE | re.MULTILINE,
)


def plainly_noise(raw: bytes) -> bool:
    end = raw.find(b"\n\n")
    crlf = raw.find(b"\r\n\r\n")
    if end < 0 or (0 <= crlf < end):
        end = crlf
    return bool(_PLAIN_NOISE.search(raw, 0, end if end >= 0 else len(raw)))


def read_mail(raw: bytes) -> Mail:
    """The message in `raw` (its first bytes: a source reads no more than its limit); Unreadable
    when it cannot be read safely."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        values = {name: message.get(name) for name in _READ}  # each get() parses the header anew
        headers = {name: _header(value, name) for name, value in values.items()}
        sender = _addresses(values["From"])
        if not sender:
            raise Unreadable("it has no sender (From) address")
        at = getattr(values["Date"], "datetime", None)
        if not isinstance(at, datetime):
            raise Unreadable("it has no readable date")
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        text = own_words(_body(message))
    except Unreadable:
        raise
    except Exception as err:  # the email package's own failures on a malformed message
        raise Unreadable(f"it is malformed ({type(err).__name__})") from None
    ids = _MSG_ID.findall(headers["Message-ID"])
    key = ids[0] if ids else _digest(headers)
    thread = tuple(dict.fromkeys(_MSG_ID.findall(headers["In-Reply-To"] + " " + headers["References"])))
    listing = {
        name.lower(): headers[name]
        for name in ("List-Id", "List-Unsubscribe", "Auto-Submitted", "Precedence")
        if headers[name]
    }
    return Mail(
        key=key,
        at=at,
        sender=sender[0],
        recipients=_addresses(values["To"], values["Cc"]),
        subject=" ".join(headers["Subject"].split()),
        thread=thread,
        headers=listing,
        text=_BODY_CONTROL.sub(" ", text),
    )


def _digest(headers: dict[str, str]) -> str:
    """A key for a message without a Message-ID: the same message gives the same one from any source."""
    seed = "\n".join(headers[name] for name in ("From", "To", "Cc", "Date", "Subject"))
    return "digest:" + hashlib.sha256(seed.encode("utf-8", "surrogateescape")).hexdigest()[:32]
