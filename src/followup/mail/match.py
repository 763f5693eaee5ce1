"""Which application a message is about, strongest evidence first: a reply in a thread already
matched (In-Reply-To, References); a known interviewer, recruiter or contact as the other party; the
other party's domain, learned from the addresses of the interviewers and contacts of a company; an
applicant-tracking sender (Greenhouse, Lever, Ashby, Workday, SmartRecruiters...) whose message
names the company. Several applications for one piece of evidence: the active one, else unmatched,
with them as candidates.

Pure: the data (or the few keys of each application it reads) and the message in, a Match out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from followup.mail.message import Address, Mail
from followup.models import Application, StoreData
from followup.people import normalize

# Senders of applicant-tracking systems: the employer is named in the message, not the address.
TRACKERS = (
    "greenhouse.io",
    "greenhouse-mail.io",
    "lever.co",
    "hire.lever.co",
    "ashbyhq.com",
    "myworkday.com",
    "workday.com",
    "myworkdayjobs.com",
    "smartrecruiters.com",
    "icims.com",
    "jobvite.com",
    "workablemail.com",
    "workable.com",
    "bamboohr.com",
    "teamtailor.com",
    "recruitee.com",
    "breezy.hr",
    "taleo.net",
    "successfactors.com",
    "personio.de",
    "jazzhr.com",
    "applytojob.com",
)
# Mail providers: an interviewer writing from one says nothing about the other people on it.
PUBLIC_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "fastmail.com",
        "hey.com",
        "zoho.com",
        "yandex.com",
        "mail.com",
    }
)


# Days before the first application that mail may still be about the search (a recruiter's first
# message); anything older (a mail export holds years) is not proposed.
SEARCH_STARTS_BEFORE = 60
THREAD = 0.95  # the confidence of a match by the thread a message is in


@dataclass(frozen=True)
class Match:
    app: str | None
    candidates: tuple[str, ...] = ()
    confidence: float = 0.0
    person: str | None = None  # the interviewer or contact, by name
    relation: str | None = None  # interviewer, reference, network, recruiter, other
    how: str = "none"  # thread, person, domain, tracker, none


@dataclass(slots=True)
class _Known:
    app: str | None
    name: str
    relation: str
    place: int = 0  # of its application among all of them: who is found first for an address


@dataclass(frozen=True, slots=True)
class Keys:
    """What matching still reads of an application once the index is made, never the model itself:
    a scan keeps these of every application, the archived ones read one at a time."""

    id: str
    company: str  # as names are compared (people.normalize)
    active: bool
    first_interview: date | None  # the day of its first interview
    last_interview: date | None  # the day of its last one


@dataclass
class Index:
    """The store read once for a scan: who and what a message can be matched to.

    Made from every application, given one at a time in any order, each with its place among them
    all (`add`), then the store file's contacts and proposals (`complete`): the same index, whatever
    the order, as of all the data at once (`of`)."""

    me: frozenset[str]
    threads: dict[str, str] = field(default_factory=dict)  # Message-ID -> application id
    people: dict[str, list[_Known]] = field(default_factory=dict)  # email -> who
    domains: dict[str, set[str]] = field(default_factory=dict)  # domain -> application ids
    apps: dict[str, Keys] = field(default_factory=dict)
    since: date | None = None  # older mail is from before the search (SEARCH_STARTS_BEFORE)
    _names: re.Pattern[str] | None = None  # the companies' names, as one pattern, made when first needed
    _companies: dict[str, set[str]] = field(default_factory=dict)
    _places: dict[str, int] = field(default_factory=dict)  # of each application, until `complete`
    _threads: list[tuple[int, str, str]] = field(default_factory=list)  # (place, Message-ID, app)

    @classmethod
    def of(cls, data: StoreData, me: Iterable[str]) -> Index:
        index = cls.reading(me)
        for place, app in enumerate(data.applications):
            index.add(place, app)
        return index.complete(data)

    @classmethod
    def reading(cls, me: Iterable[str]) -> Index:
        return cls(frozenset(a.strip().lower() for a in me))

    def add(self, place: int, app: Application) -> None:
        """What matching reads of `app`, at `place` among all the applications."""
        days = [interview.day for interview in app.interviews]
        self.apps[app.id] = Keys(
            app.id, normalize(app.company), app.is_active, min(days, default=None), max(days, default=None)
        )
        self._places[app.id] = place
        started = app.applied_on or app.created_on
        self.since = started if self.since is None else min(self.since, started)
        for event in app.events:
            if event.message_id:
                self._threads.append((place, event.message_id, app.id))
        for interview in app.interviews:
            for person in interview.interviewers:
                if person.email:
                    self._learn(person.email, _Known(app.id, person.name, "interviewer", place))

    def complete(self, data: StoreData) -> Index:
        """The index once every application is added: the contacts and proposals of `data` too."""
        places = self._places
        for found in self.people.values():
            found.sort(key=lambda who: who.place)  # stable: an application's people in their order
        for _, message_id, logged_in in sorted(self._threads, key=lambda entry: entry[0]):
            self.threads[message_id] = logged_in  # the last application to log it, as it was read
        self._threads = []
        if self.since is not None:
            self.since -= timedelta(days=SEARCH_STARTS_BEFORE)
        by_company: dict[str, list[str | None]] = {}
        for each in sorted(self.apps, key=places.__getitem__):
            by_company.setdefault(self.apps[each].company, []).append(each)
        for contact in data.contacts:
            if not contact.email:
                continue
            apps = by_company.get(normalize(contact.company or ""), [None]) if contact.company else [None]
            for app_id in apps:
                self._learn(contact.email, _Known(app_id, contact.name, str(contact.relation), len(places)))
        for proposal in data.inbox:
            if proposal.app is not None and proposal.state != "rejected":
                self.threads[proposal.message_id] = proposal.app
        self._places = {}
        return self

    def _learn(self, email: str, who: _Known) -> None:
        email = email.strip().lower()
        self.people.setdefault(email, []).append(who)
        domain = email.rpartition("@")[2]
        if who.app is not None and domain and domain not in PUBLIC_DOMAINS and email not in self.me:
            self.domains.setdefault(domain, set()).add(who.app)

    def remember(self, message_id: str, app: str) -> None:
        """A message matched in this scan: a reply to it later in the scan belongs to the same app."""
        self.threads[message_id] = app

    def outbound(self, mail: Mail) -> bool:
        """Sent by the user: from one of `me`, or (no `me` given) to someone known, from a stranger."""
        if self.me:
            return mail.sender.email in self.me
        if self._knows(mail.sender):
            return False
        return any(self._knows(r) for r in mail.recipients)

    def _knows(self, address: Address) -> bool:
        return address.email in self.people or address.domain in self.domains

    def match(self, mail: Mail, outbound: bool) -> Match:
        others = [r for r in mail.recipients if r.email not in self.me] if outbound else [mail.sender]
        app = self.thread_of(mail.thread)
        if app is not None:
            who = self._person(others, app)
            return Match(app, (), THREAD, who.name if who else None, who.relation if who else None, "thread")
        for address in others:
            found = self.people.get(address.email, [])
            if found:
                return self._by_person(found, mail)
        for address in others:
            apps = self.domains.get(address.domain)
            if apps:
                chosen, candidates = self._choose(apps)
                return Match(chosen, candidates, 0.8 if chosen else 0.4, None, None, "domain")
        named = self.named(mail)
        if any(_tracker(a.domain) for a in others):
            chosen, candidates = self._choose(named)
            return Match(chosen, candidates, 0.7 if chosen else 0.3, None, None, "tracker")
        return Match(None, tuple(sorted(named)), 0.0)

    def thread_of(self, thread: Sequence[str]) -> str | None:
        """The application of the first message of `thread` (In-Reply-To, References) matched to one."""
        for message_id in thread:
            if message_id in self.threads:
                return self.threads[message_id]
        return None

    def _person(self, others: Sequence[Address], app: str) -> _Known | None:
        for address in others:
            for who in self.people.get(address.email, []):
                if who.app in (app, None):
                    return who
        return None

    def _by_person(self, found: list[_Known], mail: Mail) -> Match:
        apps = {who.app for who in found if who.app is not None}
        first = found[0]
        if not apps:  # a reference or a contact of no company: the application the message names,
            named = self.named(mail)  # else the one interviewed at last, before the message
            pool = named or self._interviewed_before(mail)
            chosen, candidates = self._choose(pool)
            confidence = 0.75 if chosen and named else 0.6 if chosen else 0.3
            return Match(chosen, candidates, confidence, first.name, first.relation, "person")
        chosen, candidates = self._choose(apps)
        who = next((w for w in found if w.app == chosen), first)
        return Match(chosen, candidates, 0.9 if chosen else 0.4, who.name, who.relation, "person")

    def _interviewed_before(self, mail: Mail) -> set[str]:
        day = mail.at.date()
        latest = [
            (keys.last_interview, keys.id)
            for keys in self.apps.values()
            if keys.active and keys.last_interview is not None and keys.last_interview <= day
        ]
        return {max(latest)[1]} if latest else set()

    def named(self, mail: Mail) -> set[str]:
        """The applications whose company the subject, the sender's name or the text names."""
        if self._names is None:
            companies: dict[str, set[str]] = {}
            for keys in self.apps.values():
                if len(keys.company) >= 2:
                    companies.setdefault(keys.company, set()).add(keys.id)
            self._companies = companies
            words = "|".join(re.escape(c) for c in sorted(companies, key=len, reverse=True))
            self._names = re.compile(rf"(?<!\w)(?:{words})(?!\w)") if words else re.compile(r"(?!)")
        text = normalize(f"{mail.subject}\n{mail.sender.name}\n{mail.text[:20000]}")
        return {app for found in self._names.findall(text) for app in self._companies[found]}

    def _choose(self, apps: Iterable[str]) -> tuple[str | None, tuple[str, ...]]:
        """The one application among `apps` (the one active one among several), else none and them."""
        pool = sorted(apps)
        active = [a for a in pool if self.apps[a].active]
        if len(pool) == 1:
            return pool[0], ()
        if len(active) == 1:
            return active[0], ()
        return None, tuple(pool)


def _tracker(domain: str) -> bool:
    return any(domain == t or domain.endswith("." + t) for t in TRACKERS)


def from_tracker(mail: Mail) -> bool:
    return _tracker(mail.sender.domain)
