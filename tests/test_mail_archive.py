"""`followup mail scan` and `followup inbox` on a store whose settled applications are archived give
exactly what they give on the same data kept in one file: the same proposals, in the same order, with
the same candidates; the same inbox; the same errors; and the same data saved.

Random searches (interviewers, contacts and events logged from mail drawn from small pools, so that
addresses, domains, companies and threads are shared between live and archived applications), written
on a day that archives what is settled, and random mail about them (replies in threads, interviewers,
contacts, applicant-tracking senders naming a company, the user's own thank-yous, strangers), scanned
in two batches with or without `auto_accept`, then accepted, edited and rejected.
"""

from __future__ import annotations

import json
import mailbox
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from followup.app import inbox, mail
from followup.app.archive import Archiving
from followup.app.context import Context
from followup.errors import FollowupError
from followup.kinds import Channel, Direction, EventKind, Relation, Status
from followup.mail.match import Index
from followup.models import Application, Contact, Event, Interview, Person, StoreData
from followup.store import Store

START = date(2024, 1, 1)
TODAY = date(2026, 3, 2)  # the scan's day: long after the search, when much of it is settled
ME = "sam@home.example"
PEOPLE = [
    ("Jane Doe", "jane@acme.example"),
    ("Raj Patel", "raj@acme.example"),
    ("Li Wei", "li.wei@globex.example"),
    ("Tom Brandt", "tom.b@gmail.com"),
    ("Ida Holm", "ida@initech.example"),
]
CONTACTS = [
    Contact(name="Ann Oakes", email="ann@oakes.example", relation=Relation.REFERENCE),
    Contact(name="Bob Stone", email="bob@globex.example", relation=Relation.NETWORK, company="Globex"),
    Contact(name="Rita Gomez", email="rita@hooli.example", relation=Relation.RECRUITER, company="Hooli"),
]
COMPANIES = ["Acme", "Globex", "Initech", "Hooli"]
THREADS = ["<t1@x.example>", "<t2@x.example>", "<t3@x.example>"]  # events logged from mail, replies

days = st.integers(0, 700).map(lambda n: START + timedelta(days=n))
# One address under two names (a nickname in one application): which is found first shows.
interviewers = st.builds(
    lambda who, short: Person(name=who[0].split()[0] if short else who[0], email=who[1]),
    st.sampled_from(PEOPLE),
    st.booleans(),
)
interviews = st.builds(
    lambda day, people: Interview(round=1, at=datetime.combine(day, time(10)), interviewers=people),
    days,
    st.lists(interviewers, min_size=1, max_size=2, unique_by=lambda p: p.email),
)
events = st.builds(
    Event,
    on=days,
    kind=st.sampled_from([EventKind.THANK_YOU, EventKind.REPLY, EventKind.FOLLOW_UP]),
    channel=st.just(Channel.EMAIL),
    direction=st.sampled_from(Direction),
    message_id=st.none() | st.sampled_from(THREADS),
)
applications = st.builds(
    Application,
    id=st.just("placeholder"),
    company=st.sampled_from(COMPANIES),
    role=st.just("Dev"),
    status=st.sampled_from([Status.APPLIED, Status.INTERVIEWING, Status.OFFER, *[Status.REJECTED] * 3]),
    created_on=days,
    interviews=st.lists(interviews, max_size=2),
    events=st.lists(events, max_size=2),
)


def _numbered(apps: list[Application]) -> list[Application]:
    for index, app in enumerate(apps):
        app.id = f"app-{index}"
    return apps


searches = st.builds(
    StoreData,
    applications=st.lists(applications, min_size=1, max_size=8).map(_numbered),
    contacts=st.lists(st.sampled_from(CONTACTS), max_size=3, unique_by=lambda c: c.name),
)
BODIES = [
    "Unfortunately we have decided not to proceed with your application.",
    "We would like to invite you to a second interview on 2026-03-10 at 10:00.",
    "Thanks for your time, we will get back to you next week.",
    "We are pleased to offer you the position.",
    "Thank you for your time today.",
]
SENDERS = [*PEOPLE, *((c.name, str(c.email)) for c in CONTACTS), ("Stranger", "who@elsewhere.example")]


@st.composite
def messages(draw: st.DrawFn, n: int) -> bytes:
    company = draw(st.sampled_from([*COMPANIES, "Wayne"]))
    how = draw(st.sampled_from(["person", "tracker", "sent"]))
    name, address = draw(st.sampled_from(SENDERS))
    m = EmailMessage()
    if how == "tracker":
        m["From"], m["To"] = f"{company} Recruiting <no-reply@greenhouse.io>", ME
    elif how == "sent":
        m["From"], m["To"] = ME, f"{name} <{address}>"
    else:
        m["From"], m["To"] = f"{name} <{address}>", ME
    m["Subject"] = draw(st.sampled_from([f"Your application to {company}", "Thank you", "Re: Dev"]))
    m["Date"] = format_datetime(datetime.combine(draw(days), time(12), UTC))
    m["Message-ID"] = draw(st.sampled_from([f"<m{n}@mail.example>", *THREADS[:1]]))
    thread = draw(st.none() | st.sampled_from([*THREADS, *(f"<m{i}@mail.example>" for i in range(n))]))
    if thread is not None:
        m["In-Reply-To"] = thread
    m.set_content(draw(st.sampled_from(BODIES)))
    return bytes(m)


@st.composite
def mailboxes(draw: st.DrawFn) -> list[bytes]:
    return [draw(messages(n)) for n in range(draw(st.integers(1, 8)))]


def _context(folder: Path, data: StoreData, archived: bool, auto: bool) -> Context:
    """A store of `data` in `folder`: with `archived`, written on TODAY, which moves what is settled
    then, and read with that day's archiver; else one file, read by a Store without archiver."""
    folder.mkdir()
    config = folder / "config.toml"
    config.write_text(f'[mail]\nme = ["{ME}"]\nauto_accept = {str(auto).lower()}\n', encoding="utf-8")
    store = Store(folder / "followup.json")
    ctx = Context(store, TODAY, datetime.combine(TODAY, time(9)), config)
    if archived:
        store.archiver = Archiving(ctx)
    with store.transaction() as current:
        current.applications = [a.model_copy(deep=True) for a in data.applications]
        current.contacts = list(data.contacts)
    return ctx


def _maildir(folder: Path, raws: list[bytes]) -> str:
    box = mailbox.Maildir(folder, create=True)
    for raw in raws:
        box.add(raw)
    return str(folder)


def _attempt(call: Any) -> Any:
    """What a service call gives, or the error it raises (its type and message), to compare."""
    try:
        return call()
    except FollowupError as err:
        return (type(err).__name__, str(err))


def _dump(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    if isinstance(value, mail.Scanned):
        return [_dump(value.proposals), _dump(value.accepted), value.skipped, value.read]
    if isinstance(value, inbox.Accepted):
        logged = value.logged
        said = [logged.warning, logged.reply_to, logged.reopened_from, logged.stays_closed]
        events = [e.model_dump(mode="json", exclude={"id"}) for e in logged.events]
        return [_dump(value.proposal), logged.app.id, events, *map(str, said)]
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return value


def _saved(ctx: Context) -> Any:
    """All the data saved (the archive's with the file's), the new records' random ids left out."""

    def strip(value: Any, top: bool = False) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if top or k != "id"}
        if isinstance(value, list):
            return [strip(v, top) for v in value]
        return value

    document = json.loads(ctx.store.read_logical() or b"{}")
    return {**document, "applications": strip(document.get("applications", []), top=True)}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=searches, first=mailboxes(), second=mailboxes(), auto=st.booleans(), picks=st.data())
def test_scan_and_inbox_on_an_archived_store_are_those_of_all_the_data(
    data: StoreData, first: list[bytes], second: list[bytes], auto: bool, picks: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        archived = _context(folder / "archived", data, True, auto)
        whole = _context(folder / "whole", data, False, auto)
        index = archived.store.load(full=False).archive
        moved = set(index.apps) if index is not None else set()
        event(f"{len(moved)} archived")
        assert whole.store.load(full=False).archive is None
        for n, batch in enumerate((first, second)):
            source = _maildir(folder / f"Mail{n}", batch)
            scans = [_dump(_attempt(lambda c=c, s=source: mail.scan(c, [s]))) for c in (archived, whole)]
            assert scans[0] == scans[1]
            assert _saved(archived) == _saved(whole)
        shown = [_dump(inbox.waiting(c, include_decided=True)) for c in (archived, whole)]
        assert shown[0] == shown[1]
        if any(p["app"] in moved or moved & set(p["candidates"]) for p in shown[0]):
            event("a proposal about an archived application")
        pending = [p["id"] for p in shown[0] if p["state"] == "pending"]
        ref = picks.draw(st.sampled_from([*COMPANIES, "app-0", "app-1", "nosuch"]))
        calls = [
            lambda c: inbox.edit(c, pending[0] if pending else "zz", app_ref=ref),
            lambda c: inbox.accept(c, pending[:2]),
            lambda c: inbox.reject(c, pending[-1:]),
            lambda c: inbox.accept(c, [], everything=True),
        ]
        for call in picks.draw(st.permutations(calls)):
            results = [_dump(_attempt(lambda c=c, f=call: f(c))) for c in (archived, whole)]
            assert results[0] == results[1]
            assert _saved(archived) == _saved(whole)
        logged = {
            a["id"] for a in _saved(whole)["applications"] if any(e.get("message_id") for e in a["events"])
        }
        if logged & moved - {a.id for a in data.applications if any(e.message_id for e in a.events)}:
            event("a message logged onto an archived application")


def _seen_by_matching(index: Index) -> Any:
    people = {email: [(w.app, w.name, w.relation) for w in found] for email, found in index.people.items()}
    return [index.threads, people, index.domains, sorted(index.apps.items()), index.since, index.me]


@settings(max_examples=100, deadline=None)
@given(data=searches, order=st.randoms(use_true_random=False), inbox_apps=st.lists(st.sampled_from(THREADS)))
def test_the_match_index_made_one_application_at_a_time_in_any_order_is_that_of_all_the_data(
    data: StoreData, order: Any, inbox_apps: list[str]
) -> None:
    from followup.models import Proposal

    for n, message_id in enumerate(inbox_apps):  # proposals matched in a scan before
        data.inbox.append(
            Proposal(
                id=f"p{n}",
                message_id=message_id,
                on=TODAY,
                **{"from": "x@y.example"},
                app=f"app-{n % len(data.applications)}",
                kind=EventKind.REPLY,
                direction=Direction.INBOUND,
                confidence=0.9,
            )
        )
    placed = list(enumerate(data.applications))
    order.shuffle(placed)  # the store file's first, then the archive's, as Store.each_application gives
    streamed = Index.reading([ME])
    for place, app in placed:
        streamed.add(place, app)
    assert _seen_by_matching(streamed.complete(data)) == _seen_by_matching(Index.of(data, [ME]))
