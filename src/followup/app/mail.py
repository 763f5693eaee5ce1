"""`followup mail scan`: read the user's mail sources, propose what happened, keep the proposals.

Every new message of every source is read, matched and classified (by followup.mail), against the
store read once, at the first new message (the archived applications one at a time, keeping only what
matching reads of them); the new proposals are added in one change of the store, which `followup
undo` takes back whole. A message already in the store (proposed, accepted, rejected, or logged from mail)
is never proposed again, from whatever source: its Message-ID, or a digest of its headers, says so.
The sources' cursors are saved after the store, so a scan that failed is read again next time.

Nothing here prints or reads the clock.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from followup.app.context import Context, changing
from followup.app.inbox import SURE, accept_into, fetch_first
from followup.config import load_table
from followup.errors import ConfigError, FollowupError, UsageError
from followup.kinds import Direction, EventKind, Outcome, ProposalState
from followup.mail import classify
from followup.mail.match import THREAD, Index, Match, from_tracker
from followup.mail.message import Mail, Unreadable, plainly_noise, read_mail
from followup.mail.sources import DEFAULT_LIMIT, SourceError, SourceOptions, cursor_name, kind_of, read
from followup.models import Application, Proposal, StoreData
from followup.store import cursors


class MailConfig(BaseModel):
    """The `[mail]` table of config.toml."""

    model_config = ConfigDict(extra="forbid", strict=True)

    sources: list[str] = Field(default_factory=list)  # what `followup mail scan` alone reads
    me: list[str] = Field(default_factory=list)  # the user's own addresses: what they sent is outbound
    auto_accept: bool = False  # log the sure proposals at once
    password_command: str | None = None  # prints the IMAP password (as mbsync's PassCmd)
    limit_bytes: int = Field(DEFAULT_LIMIT, ge=16 * 1024, le=64 * 1024 * 1024)  # read of each message
    timeout: float = Field(30.0, gt=0, le=600)  # seconds to wait for a server or the password command


def proposal_id(message_id: str, taken: set[str]) -> str:
    """A short id for the proposal of a message: the first 8 hex digits of a digest of its
    Message-ID (more where those are taken), so that two machines that read the same message give
    it the same id and their stores merge it as one record (docs/sync.md)."""
    import hashlib

    digest = hashlib.sha256(message_id.encode("utf-8", "surrogateescape")).hexdigest()
    size = 8
    while digest[:size] in taken and size < len(digest):
        size += 4
    return digest[:size]


def mail_config(path: Path) -> MailConfig:
    try:
        return MailConfig.model_validate(load_table(path, "mail"))
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(part) for part in ("mail", *first["loc"]))
        if first["type"] == "extra_forbidden":
            raise ConfigError(f"{path}: unknown key {key!r}") from None
        raise ConfigError(f"{path}: {key}: {first['msg']}") from None


@dataclass
class Scanned:
    """What a scan did: the proposals it added (auto-accepted ones among them), what it skipped."""

    proposals: list[Proposal] = field(default_factory=list)
    accepted: list[Proposal] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each: which message, and why
    read: int = 0

    @property
    def unmatched(self) -> int:
        return sum(1 for p in self.proposals if p.app is None)


def logged_ids(data: StoreData, archived: dict[str, tuple[str, ...]] | None = None) -> set[str]:
    """The messages the store knows already: proposed, decided, or logged from mail; `archived` has
    the Message-IDs of the archived applications' events, by application, for data that lacks them
    (read with its index of the archive)."""
    known = {p.message_id for p in data.inbox}
    for app in data.applications:
        known.update(e.message_id for e in app.events if e.message_id)
    if data.archive is not None and archived:
        for app_id in data.archive.apps:
            known.update(archived.get(app_id, ()))
    return known


@dataclass
class _Read:
    """The store as a scan reads it: the index to match messages to, and what it knows already."""

    index: Index
    seen: set[str]  # logged_ids of all the data
    archived: dict[str, tuple[str, ...]]  # the archived applications' Message-IDs, by application


def _read(ctx: Context, me: Sequence[str]) -> _Read:
    """The store read for a scan: the store file with its index of the archive, and the archived
    applications one at a time, each dropped once the match index has what it reads of it."""
    data = ctx.store.load(full=False)
    index = Index.reading(me)
    logged: dict[str, tuple[str, ...]] = {}

    def add(place: int, app: Application) -> None:
        index.add(place, app)
        ids = tuple(e.message_id for e in app.events if e.message_id)
        if ids:
            logged[app.id] = ids

    for place, app in ctx.store.each_application(placed=True, data=data):
        add(place, app)
    live = {app.id for app in data.applications}
    seen = {p.message_id for p in data.inbox}
    for ids in logged.values():
        seen.update(ids)
    archived = {app_id: ids for app_id, ids in logged.items() if app_id not in live}
    return _Read(index.complete(data), seen, archived)


def scan(ctx: Context, specs: Sequence[str]) -> Scanned:
    """Read each source of `specs` (default: `[mail] sources`) and add a proposal for each new
    message about an application or a job."""
    config = mail_config(ctx.config_path)
    names = list(specs) or config.sources
    if not names:
        raise UsageError(
            "no mail to scan: name a Maildir folder, an mbox file or a message file, or list them as"
            f" `sources` in the [mail] table of {ctx.config_path}"
        )
    for spec in names:
        kind_of(spec)  # a source that does not exist fails the scan before anything is read
    options = SourceOptions(config.password_command, config.limit_bytes, config.timeout)
    saved = cursors.load(ctx.store.path)
    moved: dict[str, dict[str, Any]] = {}
    result = Scanned()
    with _collecting():
        found, archived = _found(lambda: _read(ctx, config.me), names, saved, moved, options, result)
    changing(ctx, lambda data: _keep(ctx, data, found, archived, config.auto_accept, result))
    cursors.save(ctx.store.path, {**saved, **moved})
    return result


@contextlib.contextmanager
def _collecting() -> Iterator[None]:
    """Parsing a message leaves cyclic garbage (the email package's parts and header objects), which
    the collector's threshold of the start-up (cli._quick_start: 100,000 new objects) lets pile up:
    35 MiB in a scan of 2,000 messages. The messages are read at CPython's own threshold."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(700, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _found(
    read: Callable[[], _Read],
    names: Sequence[str],
    saved: dict[str, Any],
    moved: dict[str, dict[str, Any]],
    options: SourceOptions,
    result: Scanned,
) -> tuple[list[Proposal], dict[str, tuple[str, ...]]]:
    """The proposals of the new messages of every source (of the messages, only the threads of the
    unmatched ones are kept) and the archived applications' Message-IDs (for the write); the sources'
    new cursors go to `moved`. The store is read at the first message to match (a scan that finds
    nothing new never reads it), and the index dropped on return, before the store is written."""
    known: _Read | None = None
    found: list[tuple[Proposal, tuple[str, ...]]] = []  # each with its message's thread while unmatched
    for spec in names:
        name = cursor_name(spec)
        cursor = copy.deepcopy(saved.get(name, {})) if name else {}
        for key, raw in _reading(spec, cursor, options):
            result.read += 1
            if plainly_noise(raw):
                continue
            try:
                mail = read_mail(raw)
            except Unreadable as err:
                where = key if key == spec else f"{spec} {key}"
                result.skipped.append(f"skipped {where}: {err}")
                continue
            known = known or read()
            if mail.key in known.seen:
                continue
            known.seen.add(mail.key)
            proposal = propose(known.index, mail)
            if proposal is not None:
                found.append((proposal, mail.thread if proposal.app is None else ()))
                if proposal.app is not None:
                    known.index.remember(mail.key, proposal.app)
        if name:
            moved[name] = cursor
    if known is None:
        return [], {}
    for proposal, thread in found:  # a reply read before the message it answers
        late = known.index.thread_of(thread) if proposal.app is None else None
        if late is not None:
            proposal.app, proposal.candidates, proposal.confidence = late, [], THREAD
    return [proposal for proposal, _ in found], known.archived


def _keep(
    ctx: Context,
    data: StoreData,
    found: list[Proposal],
    archived: dict[str, tuple[str, ...]],
    auto_accept: bool,
    result: Scanned,
) -> None:
    """Add the new proposals to the data of the scan's transaction (and, with `auto_accept`, log the
    sure ones). Run again on more of the data when one to log is of an archived application
    (app/context.changing): so nothing of `found` is changed, only copies of it."""
    known = logged_ids(data, archived)
    taken = {p.id for p in data.inbox}
    result.proposals, result.accepted = [], []
    for found_one in found:
        if found_one.message_id in known:
            continue
        proposal = found_one.model_copy()
        proposal.id = proposal_id(proposal.message_id, taken)
        taken.add(proposal.id)
        known.add(proposal.message_id)
        data.inbox.append(proposal)
        result.proposals.append(proposal)
    if auto_accept:
        fetch_first(data, [p for p in result.proposals if p.app is not None and p.confidence >= SURE])
        for proposal in result.proposals:
            if proposal.app is not None and proposal.confidence >= SURE:
                try:
                    accept_into(ctx, data, proposal)
                except FollowupError:
                    continue  # it waits in the inbox, where accepting it says why
                result.accepted.append(proposal)
    result.proposals = [p.model_copy() for p in result.proposals]


def _reading(spec: str, cursor: dict[str, Any], options: SourceOptions) -> Iterator[tuple[str, bytes]]:
    """The source's messages; a source that fails while it is read (a file gone unreadable) fails the
    scan with one line, before anything is saved."""
    try:
        yield from read(spec, cursor, options)
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        raise SourceError(f"cannot read {spec}{where}: {err.strerror or err}") from None


def _interviewed(index: Index, match: Match, mail: Mail) -> bool:
    """Whether the message went to someone of an interview that had taken place by then."""
    if match.relation == "interviewer":
        return True
    keys = index.apps.get(match.app) if match.app else None
    if keys is None or match.how == "person" or keys.first_interview is None:
        return False
    return keys.first_interview <= mail.at.date()


def propose(index: Index, mail: Mail) -> Proposal | None:
    """The proposal for one message, or None: noise, or nothing to do with an application or a job."""
    if index.since is not None and mail.at.date() < index.since:
        return None  # years of mail in an export, from before the search
    outbound = index.outbound(mail)
    match = index.match(mail, outbound)
    if classify.noise(mail, match.app is not None or from_tracker(mail)):
        return None
    if outbound:
        if match.how == "none":
            return None  # the user's own mail, about something else
        reading = classify.read_outbound(mail, match.relation, _interviewed(index, match, mail))
    else:
        reading = classify.read_inbound(mail)
        if match.how == "none" and reading.label not in classify.JOB_LIKE:
            return None
    label = reading.label or "reply"
    if label == "reply" and match.relation in ("reference", "network"):
        label = f"from-{match.relation}"
    kind, direction, outcome = classify.LABELS[label]
    confidence = round(match.confidence * (1.0 if reading.sure else 0.85), 2)
    return Proposal(
        id="new",  # named when it is added to the store
        message_id=mail.key,
        on=mail.at.astimezone().date(),
        **{"from": str(mail.sender)},
        to=[str(r) for r in mail.recipients],
        subject=mail.subject[:300],
        excerpt=mail.excerpt,
        app=match.app,
        candidates=list(match.candidates),
        kind=EventKind(kind),
        direction=Direction(direction),
        outcome=Outcome(outcome) if outcome else None,
        confidence=confidence,
        label=label,
        person=match.person,
        new_date=reading.new_date,
        interview_at=reading.interview_at,
        thread=list(mail.thread[-10:]),
        state=ProposalState.PENDING,
    )
