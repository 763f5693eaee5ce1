"""Write a realistic synthetic followup store, through followup's own store code.

    python benchmarks/make_store.py --apps 1000 --contacts 50 /tmp/bench/followup.json
    python benchmarks/make_store.py --apps 1000 --taskwarrior /tmp/bench/tasks.json OUT

Three years of job hunting ending on a fixed "today" (Tue 14 Apr 2026, see TODAY): most applications
are closed (rejected, ghosted, withdrawn); those of the last few weeks are still open, so the agenda
has thank-you notes, follow-ups, waiting applications and offers to answer. Each application has one
to three interview rounds with one to three interviewers and 5-20 contact-log events. The output is
the same for the same arguments (a seeded random generator).

`--years N` spreads the history over N years instead of 3, the last few weeks as busy as ever: a store
of 10,000 applications over 30 years has the recent activity of 1,000 over 3 years, and nine tenths
of it is old history ("old history"), where 10,000 over 3 years is ten times the rate.

The store is written as a real user's would be after a write on TODAY: the Store has an archiver for
TODAY and the default settings (app/archive.Archiving), so the one transaction that writes the data
moves the settled applications to the archive beside it (`followup.json.archive`) and leaves their
index in the file. `--no-archive` keeps everything in the file, for comparisons with versions before
the archive.

The change history that transaction leaves (`followup.json.history`) is removed: a real store's
history holds its last 200 changes, each small, but this one would hold one line with the whole store
(tens of MB at 10,000 applications) that every later write reads, and every benchmark of a write
would measure that instead of the write.

`--taskwarrior FILE` also writes one equivalent pending task per application (description, project,
tags, due date, one annotation per logged event) as a JSON array for `task import`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace

from followup.app.archive import Archiving
from followup.kinds import Channel, Direction, EventKind, Outcome, Relation, Status
from followup.models import Application, Contact, Event, Interview, Person, Review, Settings, StatusChange
from followup.store import Store
from followup.store.history import history_path

TODAY = date(2026, 4, 14)
YEARS = 3  # of history, unless --years says otherwise
RECENT_DAYS = 45  # applications younger than this may still be open

COMPANIES = (
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark Industries",
    "Wayne Enterprises",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Wonka",
    "Aperture",
    "Black Mesa",
    "Vandelay",
    "Pied Piper",
    "Dunder Mifflin",
    "Oscorp",
    "Monarch",
    "Gringotts",
    "Nakatomi",
    "Virtucon",
    "Massive Dynamic",
    "Prestige Worldwide",
    "Bluth",
    "Sterling Cooper",
    "Los Pollos",
    "Krusty Krab",
    "Ollivanders",
    "Duff",
    "Café Zoë",
)
ROLES = (
    "Backend Engineer",
    "Frontend Engineer",
    "Data Analyst",
    "Site Reliability Engineer",
    "QA Engineer",
    "Product Manager",
    "Engineering Manager",
    "Platform Engineer",
    "Mobile Developer",
    "Data Engineer",
)
FIRST = ("Jane", "John", "Amira", "Bo", "Chen", "Dara", "Élodie", "Farid", "Grace", "Hiro", "Ines", "Jon")
LAST = ("Doe", "Smith", "Okafor", "Larsen", "Nguyen", "García", "Kowalski", "Haddad", "Ito", "Brown")
STAGES = ("phone screen", "technical", "onsite", "final", "hiring manager")
NOTES = (
    "asked about salary range",
    "they need more time",
    "sent the slides from the presentation",
    "recruiter says the team is still interviewing",
    "left a voicemail",
    None,
    None,
)
CLOSED = (Status.REJECTED, Status.REJECTED, Status.GHOSTED, Status.GHOSTED, Status.WITHDRAWN)
OPEN = (Status.APPLIED, Status.INTERVIEWING, Status.INTERVIEWING, Status.INTERVIEWING, Status.OFFER)


def person(rng: random.Random, company: str) -> Person:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    domain = "".join(ch for ch in company.lower() if ch.isascii() and ch.isalnum()) or "example"
    return Person(name=f"{first} {last}", email=f"{first.lower()}.{last.lower()}@{domain}.example")


def application(rng: random.Random, index: int, years: int = YEARS) -> Application:
    company = f"{rng.choice(COMPANIES)} {index // len(COMPANIES) + 1}"
    age = rng.randint(0, years * 365)
    created = TODAY - timedelta(days=age)
    recent = age < RECENT_DAYS
    status = rng.choice(OPEN if recent and rng.random() < 0.8 else CLOSED)
    app = Application(
        id=f"app-{index:05d}",
        company=company,
        role=rng.choice(ROLES),
        status=Status.APPLIED,
        created_on=created,
        applied_on=created,
        notes=rng.choice(NOTES),
        status_history=[StatusChange(status=Status.APPLIED, on=created)],
    )
    span = max(1, min(age, 60))  # days of activity on this application
    day = created
    if status is not Status.APPLIED:
        for round_no in range(1, rng.randint(1, 3) + 1):
            day = min(TODAY, day + timedelta(days=rng.randint(1, max(1, span // 3))))
            at = datetime.combine(day, time(rng.choice((9, 10, 11, 14, 15, 16)), rng.choice((0, 30))))
            interview = Interview(
                round=round_no,
                at=at,
                stage=rng.choice(STAGES),
                interviewers=[person(rng, company) for _ in range(rng.randint(1, 3))],
                decision_by=day + timedelta(days=rng.choice((7, 10, 14))) if rng.random() < 0.6 else None,
                weak_answers=["system design: caching"] if rng.random() < 0.3 else [],
            )
            app.interviews.append(interview)
            app.decision_by = interview.decision_by or app.decision_by
        app.status = Status.INTERVIEWING
        app.status_history.append(StatusChange(status=Status.INTERVIEWING, on=app.interviews[0].day))
    # A diligent user thanks every interviewer the same day and tells the references after the first
    # round (except in the last two days); the rest of the log is follow-ups, replies and notes.
    events: list[Event] = []
    recent_cutoff = TODAY - timedelta(days=2)
    for interview in app.interviews:
        if interview.day <= recent_cutoff:
            events.extend(
                Event(on=interview.day, kind=EventKind.THANK_YOU, with_=p.name)
                for p in interview.interviewers
            )
    if app.interviews and app.interviews[0].day <= recent_cutoff:
        events.append(Event(on=app.interviews[0].day, kind=EventKind.REFERENCE))
        events.append(Event(on=app.interviews[0].day, kind=EventKind.NETWORK))
    for _ in range(max(0, rng.randint(5, 20) - len(events))):
        on = min(TODAY, created + timedelta(days=rng.randint(0, span)))
        kind = rng.choice((EventKind.FOLLOW_UP, EventKind.REPLY, EventKind.REPLY, EventKind.OTHER))
        inbound = kind is not EventKind.FOLLOW_UP and rng.random() < 0.7
        events.append(
            Event(
                on=on,
                kind=kind,
                channel=rng.choice(list(Channel)),
                direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
                note=rng.choice(NOTES),
            )
        )
    events.sort(key=lambda e: e.on)
    last = max(events[-1].on, day)
    if status in (Status.REJECTED, Status.OFFER):
        outcome = Outcome.REJECTED if status is Status.REJECTED else Outcome.OFFER
        events.append(
            Event(
                on=last,
                kind=EventKind.REPLY,
                direction=Direction.INBOUND,
                outcome=outcome,
                note="thanks for your time" if status is Status.REJECTED else "offer letter attached",
            )
        )
    if status is Status.REJECTED and (not recent or rng.random() < 0.5):
        events.append(Event(on=last, kind=EventKind.REPLY, note="thanked them, asked to be kept in mind"))
    app.events = events
    if status is not app.status:
        app.status = status
        app.status_history.append(StatusChange(status=status, on=last))
    if not recent or rng.random() < 0.7:  # a diligent user has reviewed everything but the latest
        app.reviews.append(Review(on=last, went_well="clear answers on past projects", improve="prepare SQL"))
    return app


def contact(rng: random.Random, index: int, years: int = YEARS) -> Contact:
    company = f"{rng.choice(COMPANIES)} {rng.randint(1, 40)}"
    who = person(rng, company)
    return Contact(
        name=f"{who.name} {index}",
        email=who.email,
        company=company,
        relation=rng.choice(list(Relation)),
        added_on=TODAY - timedelta(days=rng.randint(0, years * 365)),
    )


def taskwarrior_task(app: Application) -> dict[str, object]:
    """One pending task standing for the application, with its log as annotations."""
    due = app.decision_by or (app.created_on + timedelta(days=14))
    return {
        "status": "pending",
        "description": f"Follow up with {app.company} about {app.role}",
        "project": "jobs",
        "tags": ["job", app.status.value],
        "entry": f"{app.created_on:%Y%m%d}T090000Z",
        "due": f"{due:%Y%m%d}T170000Z",
        "annotations": [
            {"entry": f"{event.on:%Y%m%d}T120000Z", "description": f"{event.kind} {event.note or ''}".strip()}
            for event in app.events
        ],
    }


def overdue_application(rng: random.Random, index: int, years: int = YEARS) -> Application:
    """An application whose interview was 8 to 30 days ago and of which nothing was done since:
    thank-yous, notes to references and the network, a review and a follow-up all overdue (`years`
    is not used: none of them is old)."""
    company = f"{rng.choice(COMPANIES)} {index // len(COMPANIES) + 1}"
    day = TODAY - timedelta(days=rng.randint(8, 30))
    at = datetime.combine(day, time(rng.choice((9, 10, 14, 16)), 0))
    interviewers = [person(rng, company) for _ in range(rng.randint(1, 3))]
    return Application(
        id=f"app-{index:05d}",
        company=company,
        role=rng.choice(ROLES),
        status=Status.INTERVIEWING,
        created_on=day - timedelta(days=7),
        applied_on=day - timedelta(days=7),
        interviews=[Interview(round=1, at=at, stage=rng.choice(STAGES), interviewers=interviewers)],
        status_history=[
            StatusChange(status=Status.APPLIED, on=day - timedelta(days=7)),
            StatusChange(status=Status.INTERVIEWING, on=day),
        ],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the store file to write (must not exist)")
    parser.add_argument("--apps", type=int, default=1000, help="applications (default 1000)")
    parser.add_argument("--contacts", type=int, default=50, help="contacts (default 50)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--taskwarrior", type=Path, help="also write equivalent tasks for `task import`")
    parser.add_argument(
        "--overdue", action="store_true", help="every application interviewed weeks ago, nothing done since"
    )
    parser.add_argument("--years", type=int, default=YEARS, help="years of history (default 3)")
    parser.add_argument(
        "--no-archive", action="store_true", help="keep every application in the file (no archive)"
    )
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists; choose a new file")
    if args.years < 1:
        parser.error("--years must be at least 1")
    rng = random.Random(args.seed)
    make = overdue_application if args.overdue else application
    apps = [make(rng, i, args.years) for i in range(args.apps)]
    contacts = [contact(rng, i, args.years) for i in range(args.contacts)]
    store = Store(args.out)
    if not args.no_archive:
        store.archiver = Archiving(SimpleNamespace(today=TODAY, settings=Settings()))  # type: ignore[arg-type]
    with store.transaction() as data:
        data.applications.extend(apps)
        data.contacts.extend(contacts)
    history_path(args.out).unlink(missing_ok=True)  # see the module's docstring
    data = Store(args.out).load()  # read it back through full validation, the archive too
    assert len(data.applications) == len(apps), "the store does not read back whole"
    if args.taskwarrior:
        args.taskwarrior.write_text(json.dumps([taskwarrior_task(a) for a in apps]), encoding="utf-8")
    events = sum(len(a.events) for a in apps)
    archived = len((json.loads(args.out.read_bytes()).get("archive") or {}).get("apps", {}))
    print(
        f"{args.out}: {len(apps)} applications over {args.years} years ({archived} archived),"
        f" {events} events, {len(contacts)} contacts",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
