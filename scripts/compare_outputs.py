"""Prove that followup's outputs are byte-identical before and after a change to its internals.

    python scripts/compare_outputs.py --stores 1000 --out manifest.json
    python scripts/compare_outputs.py --stores 1000 --against manifest.json

The script generates N small stores from a fixed seed (store i from `random.Random(seed + i)`,
1-8 applications and 0-5 contacts each, every status, event, mark and date case the rules look at),
written directly as store-format JSON, and runs every read-only command on each under two config
files (A: empty, every default; B: most keys changed, holidays included) and two "today" dates (one
chosen per store, and FIXED_TODAY): `today` (--json, --json --days 30, plain, --all), `list --all`
(plain and --json), `stats` (--json and plain), `export --format ics|csv|json`, `show COMPANY`, and
per application `show ID` (plain and --json), `why ID` (--json and plain), `draft ID KIND` for each
kind, `draft ID` and `draft ID --mailto`. Errors are outputs too. For each (store, settings, today,
command) the manifest keeps the exit code and the sha256 of stdout and of stderr.

`--out` writes the manifest. `--against` recomputes it, and either prints one line, "N outputs over
M stores × 2 settings identical", and exits 0; or lists every entry that differs, shows the first
few (`--show N`) as unified diffs, and exits 1. It exits 2 when the two sides did not generate the
same stores (another version of this script, another seed). `--coverage` counts which actions,
states, rules and exit codes the run produced: a check that the stores make every rule fire.

Only the command line is used: the CLI runs in-process (`followup.cli:cli` through
`click.testing.CliRunner`, imported once per worker process; `--workers`, default 2), or as
`python -m followup` in a subprocess with `--subprocess` (about 100 times slower, for when the
in-process entry point itself moves). Nothing else of followup is imported, so its internal modules
may move freely. (On the baseline, both ways give identical outputs.)

Each run of commands (store × settings × today) gets a fresh copy of its store in a new folder of
one temporary folder, where HOME, the XDG folders and the two config files are too (each config in a
folder of its own, without `templates/`); FOLLOWUP_CACHE=off, NO_COLOR=1, COLUMNS=100, TZ=UTC,
LC_ALL=C.UTF-8, and any other FOLLOWUP_* variable, FORCE_COLOR, EDITOR and VISUAL removed. Before
hashing, outputs are normalised: the temporary folders' paths become `<RUN>` and `<TMP>`, and in the
calendar export the DTSTAMP lines (the clock at export time) become `DTSTAMP:<now>`. After each run,
the files left in its folder and whether the store is unchanged are recorded too (as the command
`(files after)`), so that a read-only command that starts writing shows up. Note that a new version
number changes the calendar's PRODID line, and is reported.

`--keep-outputs DIR` saves every output: DIR/0042/followup.json is store 42, and
DIR/0042/B-2026-02-11.txt holds, for settings B and that today, each command's exit code, stdout and
stderr (length-prefixed sections, exact bytes). `diff -r` of two such folders shows every change.

Using it for a refactor:

  1. Before changing anything, in a virtualenv with the current code installed (`pip install -e .`),
     record the baseline, keeping the outputs so that differences can be shown as diffs:
         python scripts/compare_outputs.py --stores 1000 --out baseline.json --keep-outputs baseline-out
     The first line printed names the followup that runs (`followup 0.1.0 from .../src/followup/...`):
     check that it is the checkout you mean.
  2. After each step of the refactor, with the refactored code installed, run the same script
     (copy it out of the tree first if the refactor touches scripts/):
         python scripts/compare_outputs.py --against baseline.json
     The seed and number of stores come from the manifest, and the diffs' old side from the folder
     the manifest names (or `--baseline-outputs DIR`). `--only 17,42` reruns just those stores, and
     `--keep-outputs DIR` saves the new outputs for `diff -r` with the baseline's.
  The generator, settings and command list are part of this script: run the same version of it on
  both sides. The manifest holds a hash of every generated store, so a changed generator is
  reported as such (exit 2), not as a change in followup.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import hashlib
import json
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

MANIFEST_FORMAT = 1
DEFAULT_SEED = 20260105
DEFAULT_STORES = 1000

WINDOW_START = date(2026, 1, 5)  # a Monday
WINDOW_END = date(2026, 4, 30)
FIXED_TODAY = date(2026, 4, 3)  # a Friday, and a holiday in settings B

# Settings B: many keys away from their defaults; its holidays fall in the window (one on a Saturday).
HOLIDAYS_B = (date(2026, 1, 19), date(2026, 2, 16), date(2026, 3, 7), date(2026, 3, 17), date(2026, 4, 3))
SETTINGS: dict[str, str] = {
    "A": "",
    "B": "\n".join(
        [
            "thank_you_business_days = 2",
            "references_business_days = 2",
            "network_business_days = 3",
            "review_days = 2",
            "follow_up_after_decision_business_days = 1",
            "follow_up_without_decision_business_days = 4",
            "follow_up_interval_days = 5",
            "follow_up_budget = 3",
            "move_on_days = 10",
            "reply_to_decision_days = 1",
            "keep_applying_min_active = 2",
            "keep_applying_days = 10",
            "agenda_days = 14",
            "prepare_days_before = 2",
            "reapply_window_days = 7",
            "thank_references_days = 3",
            "adaptive_wait = true",
            "adaptive_wait_min_decided = 2",
            "adaptive_wait_min_business_days = 3",
            "adaptive_wait_max_business_days = 9",
            'signature = "Sam Seeker"',
            "holidays = [" + ", ".join(day.isoformat() for day in HOLIDAYS_B) + "]",
        ]
    )
    + "\n",
}

DRAFT_KINDS = ("thank-you", "follow-up", "reference", "network", "reply")
# What `followup done` takes; snoozes and dismissals take these less `wait` and `keep-applying`.
ACTION_KINDS = (
    "thank-you",
    "notify-references",
    "ask-network",
    "review",
    "reply-to-decision",
    "follow-up",
    "move-on",
    "wait",
    "keep-applying",
    "prepare",
    "reapply",
    "thank-references",
)
HOLDABLE_KINDS = tuple(kind for kind in ACTION_KINDS if kind not in ("wait", "keep-applying"))
FILES_AFTER = "(files after)"
STORE_NAME = "followup.json"


# Generating the stores --------------------------------------------------------------------------

COMPANIES = (
    "Acme",
    "Globex",
    "Initech",
    "Hooli",
    "Stark Industries",
    "Wayne Enterprises",
    "Dunder Mifflin",
    "Pied Piper",
    "Café Zoë",
    "Los Pollos Hermanos",
    "Aperture Science",
    "Black Mesa",
    "Massive Dynamic International Holdings Limited",
)
ROLES = (
    "Backend Engineer",
    "Data Analyst",
    "Site Reliability Engineer",
    "Product Manager",
    "Engineering Manager, Platform and Developer Experience",
    "QA Engineer",
)
FIRST = ("Jane", "John", "Amira", "Bo", "Chen", "Élodie", "Farid", "Grace", "Hiro", "Ines")
LAST = ("Doe", "Smith", "Okafor", "Larsen", "Nguyen", "García", "Kowalski", "Ito")
STAGES = ("phone screen", "technical", "onsite", "final", "hiring manager")
WEAK = ("system design: caching", "why this company", "SQL window functions", "a time you failed")
NOTES = (
    "asked about salary range",
    "they need more time",
    "recruiter says the team is still interviewing",
    "left a voicemail; will call again",
    "a long note that goes on and on about the interview, the people, the office, the coffee and what"
    " the hiring manager said about the team's plans for the next two quarters",
    "tab\there, and a bidi override \u202eevil\u202c",
    "an escape \x1b[31mred\x1b[0m in a note",
)
STATUS_WEIGHTS = {
    "applied": 3,
    "interviewing": 5,
    "offer": 2,
    "accepted": 1,
    "rejected": 3,
    "withdrawn": 1,
    "ghosted": 1,
}
SEASONED_WEIGHTS = {**STATUS_WEIGHTS, "applied": 1, "interviewing": 1, "rejected": 8, "offer": 3}
RELATIONS = ("reference", "network", "recruiter", "interviewer", "other")
CHANNELS = ("email", "phone", "linkedin", "in-person", "other")
EVENT_KINDS = ("thank-you", "follow-up", "reference", "network", "reply", "other")


def _iso(day: date) -> str:
    return day.isoformat()


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:20]


def _maybe(rng: random.Random, chance: float, value: Any) -> Any:
    return value if rng.random() < chance else None


def _spaced(rng: random.Random, company: str) -> str:
    """The company as someone else might type it: other case, other spacing."""
    choice = rng.randrange(4)
    if choice == 0:
        return company.upper()
    if choice == 1:
        return "  " + company.lower().replace(" ", "  ") + " "
    if choice == 2:
        return company.swapcase()
    return company


@dataclass
class _Person:
    first: str
    last: str
    email: str | None

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class _Plan:
    """What the generator knows about one store while it makes it."""

    rng: random.Random
    focus: date
    today: date
    people: list[_Person] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    seasoned: bool = False


def _new_person(rng: random.Random, company: str) -> _Person:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = None
    if rng.random() < 0.6:
        domain = _slug(company).replace("-", "") or "example"
        email = f"{_slug(first)}.{_slug(last)}@{domain}.example"
    return _Person(first, last, email)


def _named(plan: _Plan, people: Sequence[_Person]) -> str | None:
    """How an event or a mark names someone: first name, full name, email, a contact, or nobody."""
    rng = plan.rng
    roll = rng.random()
    if people and roll < 0.55:
        who = rng.choice(people)
        way = rng.randrange(5)
        if way == 0:
            return who.first
        if way == 1 and who.email:
            return who.email.upper() if rng.random() < 0.3 else who.email
        if way == 2:
            return who.name.lower()
        return who.name
    if plan.contacts and roll < 0.75:
        name: str = rng.choice(plan.contacts)["name"]
        return name.split()[0] if rng.random() < 0.3 else name
    if roll < 0.8:
        return "Someone Else"
    return None


def _interview(plan: _Plan, company: str, number: int, day: date) -> dict[str, Any]:
    rng = plan.rng
    hour, minute = rng.choice(((9, 0), (10, 30), (14, 0), (16, 45), (0, 0), (11, 15)))
    people = [_new_person(rng, company) for _ in range(rng.choice((0, 1, 1, 2, 3)))]
    if people and rng.random() < 0.2:  # the same person again (a casing variant is the same person)
        people.append(_Person(people[0].first.upper(), people[0].last, people[0].email))
    plan.people.extend(people)
    record: dict[str, Any] = {
        "round": number,
        "at": f"{_iso(day)}T{hour:02d}:{minute:02d}:00",
        "interviewers": [{"name": p.name, "email": p.email} if p.email else {"name": p.name} for p in people],
    }
    if rng.random() < 0.8:
        record["stage"] = rng.choice(STAGES)
    if rng.random() < 0.5:
        record["decision_by"] = _iso(day + timedelta(days=rng.choice((1, 3, 5, 7, 10, 14))))
    if rng.random() < 0.4:
        record["weak_answers"] = rng.sample(WEAK, rng.randint(1, 2))
    if rng.random() < 0.3:
        record["notes"] = rng.choice(NOTES)
    if number == 1 and rng.random() < 0.03:
        record["at"] = f"{_iso(day)}T{hour:02d}:{minute:02d}:00+02:00"  # an offset written by hand
    return record


def _application(plan: _Plan, index: int, company: str, taken: set[str]) -> dict[str, Any]:
    rng = plan.rng
    seasoned = plan.seasoned and index > 0  # an older application, decided by now
    weights = SEASONED_WEIGHTS if seasoned else STATUS_WEIGHTS
    status = rng.choices(list(weights), weights=list(weights.values()))[0]
    created = plan.focus - timedelta(days=rng.randint(30, 90) if seasoned else rng.randint(0, 40))
    base = _slug(company) or "app"
    app_id = base if base not in taken else f"{base}-{index + 1}"
    taken.add(app_id)
    app: dict[str, Any] = {
        "id": app_id,
        "company": company,
        "role": rng.choice(ROLES),
        "status": status,
        "created_on": _iso(created),
    }
    if rng.random() < 0.8:
        app["applied_on"] = _iso(created - timedelta(days=rng.choice((0, 0, 1, 3))))
    if rng.random() < 0.2:
        app["notes"] = rng.choice(NOTES)
    history = [{"status": "applied", "on": _iso(created)}] if rng.random() < 0.9 else []

    # Interview rounds: none for most applied ones; some on the same day, some after today.
    rounds = rng.choice((0, 0, 1, 1, 2, 3)) if status == "applied" else rng.choice((0, 1, 1, 2, 2, 3))
    if seasoned:
        rounds = max(rounds, 1)
    first_people = len(plan.people)
    interviews = []
    day = created
    for number in range(1, rounds + 1):
        day = day + timedelta(days=rng.choice((0, 1, 2, 4, 6, 9, 13)) if number > 1 else rng.randint(1, 20))
        interviews.append(_interview(plan, company, number, day))
    if interviews and rng.random() < 0.15:
        interviews.reverse()  # stored out of order
    if interviews:
        app["interviews"] = interviews
        first_day = min(date.fromisoformat(i["at"][:10]) for i in interviews)
        if status != "applied" and rng.random() < 0.85:
            history.append({"status": "interviewing", "on": _iso(first_day)})
    people = plan.people[first_people:]
    last_day = max([created, *(date.fromisoformat(i["at"][:10]) for i in interviews)])

    # The decision date: from a round (possibly an early one, overtaken by a later round), or its own.
    roll = rng.random()
    if interviews and roll < 0.3:
        given = [i["decision_by"] for i in interviews if "decision_by" in i]
        if given:
            app["decision_by"] = rng.choice(given)
    elif roll < 0.45:
        app["decision_by"] = _iso(last_day + timedelta(days=rng.randint(-6, 12)))

    # How it ended, and when.
    decided = last_day + timedelta(days=rng.randint(1, 25))
    if status in ("offer", "accepted"):
        history.append({"status": "offer", "on": _iso(decided)})
        if status == "accepted":
            history.append({"status": "accepted", "on": _iso(decided + timedelta(days=rng.randint(0, 4)))})
    elif status in ("rejected", "withdrawn", "ghosted") and rng.random() < 0.9:
        history.append({"status": status, "on": _iso(decided)})
    if status == "accepted" and rng.random() < 0.2:
        history = [h for h in history if h["status"] != "offer"]  # straight to accepted
    if rng.random() < 0.05 and len(history) > 1:
        rng.shuffle(history)
    if history:
        app["status_history"] = history

    # The contact log.
    events = []
    for _ in range(rng.choice((0, 1, 2, 3, 4, 6, 8))):
        kind = rng.choice(EVENT_KINDS)
        on = created + timedelta(days=rng.randint(0, max(1, (plan.today - created).days + 8)))
        event: dict[str, Any] = {"on": _iso(on), "kind": kind}
        if rng.random() < 0.5:
            event["channel"] = rng.choice(CHANNELS)
        inbound = kind in ("reply", "other", "follow-up") and rng.random() < 0.4
        if inbound or rng.random() < 0.4:
            event["direction"] = "inbound" if inbound else "outbound"
        who = _named(plan, people)
        if who is not None:
            event["with"] = who
        if rng.random() < 0.3:
            event["note"] = rng.choice(NOTES)
        if inbound and rng.random() < 0.3:
            event["decision_by"] = _iso(on + timedelta(days=rng.randint(2, 14)))
        if inbound and rng.random() < 0.2:
            event["outcome"] = rng.choice(("offer", "rejected"))
        events.append(event)
    for interview in interviews:  # a diligent thank-you now and then, the same day or the next
        if interview["interviewers"] and rng.random() < 0.35:
            person = interview["interviewers"][0]
            on = date.fromisoformat(interview["at"][:10]) + timedelta(days=rng.choice((0, 1, 3)))
            thanks = {"on": _iso(on), "kind": "thank-you", "with": rng.choice((person["name"], None))}
            events.append({k: v for k, v in thanks.items() if v is not None})
    if status == "accepted" and rng.random() < 0.7:  # references told: to be thanked at the end
        for _ in range(rng.randint(1, 2)):
            told: dict[str, Any] = {
                "on": _iso(last_day - timedelta(days=rng.randint(0, 5))),
                "kind": "reference",
            }
            who = _named(plan, [])
            if who is not None:
                told["with"] = who
            events.append(told)
    if status in ("applied", "interviewing") and rng.random() < 0.4:  # a run of follow-ups
        on = last_day + timedelta(days=rng.randint(3, 12))
        for _ in range(rng.randint(1, 4)):
            events.append({"on": _iso(on), "kind": "follow-up"})
            on += timedelta(days=rng.choice((0, 3, 5, 7, 8)))
    if rng.random() < 0.8:
        rng.shuffle(events)
    else:
        events.sort(key=lambda e: e["on"])
    if events:
        app["events"] = events

    if rng.random() < 0.5:
        reviews = []
        for _ in range(rng.randint(1, 2)):
            review: dict[str, Any] = {"on": _iso(last_day + timedelta(days=rng.randint(-3, 5)))}
            if rng.random() < 0.7:
                review["went_well"] = rng.choice(("clear answers on past projects", "rapport"))
            if rng.random() < 0.7:
                review["improve"] = rng.choice(("prepare SQL", "shorter answers", "ask better questions"))
            reviews.append(review)
        app["reviews"] = reviews

    near = [plan.today, last_day, plan.focus]
    if rng.random() < 0.35:
        marks = []
        for _ in range(rng.randint(1, 2)):
            mark: dict[str, Any] = {
                "action": rng.choice(ACTION_KINDS),
                "on": _iso(rng.choice(near) + timedelta(days=rng.randint(-5, 3))),
            }
            who = _named(plan, people)
            if who is not None and rng.random() < 0.6:
                mark["person"] = who
            marks.append(mark)
        app["done"] = marks
    if rng.random() < 0.3:
        snoozes = []
        for _ in range(rng.randint(1, 2)):
            on = rng.choice(near) + timedelta(days=rng.randint(-6, 0))
            snooze: dict[str, Any] = {
                "action": rng.choice(HOLDABLE_KINDS),
                "until": _iso(on + timedelta(days=rng.randint(1, 14))),
                "on": _iso(on),
            }
            if people and rng.random() < 0.4:
                snooze["person"] = rng.choice(people).name
            snoozes.append(snooze)
        app["snoozes"] = snoozes
    if rng.random() < 0.3:
        dismissals = []
        for _ in range(rng.randint(1, 2)):
            kind = rng.choice(HOLDABLE_KINDS)
            start = rng.choice(
                [last_day, created, plan.focus, *(date.fromisoformat(i["at"][:10]) for i in interviews)]
            )
            dismissal: dict[str, Any] = {
                "action": kind,
                "start": _iso(start),
                "on": _iso(start + timedelta(days=rng.randint(0, 5))),
            }
            if people and rng.random() < 0.3:
                dismissal["person"] = rng.choice(people).name
            if kind == "follow-up" and rng.random() < 0.6:
                dismissal["counts_from"] = _iso(rng.choice((last_day, start)))
            dismissals.append(dismissal)
        app["dismissals"] = dismissals
    if status in ("rejected", "withdrawn", "ghosted", "applied") and rng.random() < 0.4:
        app["reapply_after"] = _iso(decided + timedelta(days=rng.randint(-10, 30)))
    if rng.random() < 0.03:
        app["x_custom"] = {"source": "another tool", "score": 4.5, "tags": ["a", None]}
    return app


def _contact(plan: _Plan, companies: Sequence[str]) -> dict[str, Any]:
    rng = plan.rng
    if plan.people and rng.random() < 0.25:  # an interviewer, kept as a contact too
        who = rng.choice(plan.people)
    else:
        who = _new_person(rng, rng.choice(companies))
    contact: dict[str, Any] = {"name": who.name, "relation": rng.choice(RELATIONS)}
    if who.email and rng.random() < 0.7:
        contact["email"] = who.email
    if rng.random() < 0.3:
        contact["phone"] = "+1 555 01" + str(rng.randint(10, 99))
    roll = rng.random()
    if roll < 0.6:
        contact["company"] = _spaced(rng, rng.choice(companies))
    elif roll < 0.8:
        contact["company"] = rng.choice(COMPANIES)
    if rng.random() < 0.5:
        contact["added_on"] = _iso(plan.focus - timedelta(days=rng.randint(0, 60)))
    return contact


def generate_store(seed: int, index: int) -> tuple[dict[str, Any], date]:
    """Store `index` of the set, and the "today" chosen for it."""
    rng = random.Random(seed + index)
    span = (WINDOW_END - WINDOW_START).days
    focus = WINDOW_START + timedelta(days=rng.randint(0, span))
    today = min(WINDOW_END, focus + timedelta(days=rng.randint(-3, 12)))
    if rng.random() < 0.1:
        today = rng.choice(HOLIDAYS_B)
    plan = _Plan(rng, focus, today)
    # One store in six has a longer history, mostly decided: enough for the learned wait.
    plan.seasoned = rng.random() < 0.17
    companies = rng.sample(COMPANIES, rng.randint(1, 5))
    n_contacts = rng.randint(0, 5)
    # Contacts first, so that events can name them; then some that are interviewers.
    early = [_contact(plan, companies) for _ in range(rng.randint(0, n_contacts))]
    plan.contacts.extend(early)
    taken: set[str] = set()
    apps = []
    for i in range(rng.randint(6, 8) if plan.seasoned else rng.randint(1, 8)):
        company = rng.choice(companies)
        if rng.random() < 0.1:
            company = company.lower()  # the same employer, typed differently
        apps.append(_application(plan, i, company, taken))
    contacts = early + [_contact(plan, companies) for _ in range(n_contacts - len(early))]
    seen: set[str] = set()
    for contact in contacts:  # names are unique in a store
        while contact["name"] in seen:
            contact["name"] += " Jr"
        seen.add(contact["name"])
    store: dict[str, Any] = {"version": 2, "applications": apps, "contacts": contacts}
    if rng.random() < 0.04:  # format 1: interviewers as "Name <email>" text, migrated when read
        store["version"] = 1
        for app in apps:
            for interview in app.get("interviews", []):
                interview["interviewers"] = [
                    f"{p['name']} <{p['email']}>" if "email" in p else p["name"]
                    for p in interview["interviewers"]
                ]
    return store, today


def store_bytes(store: dict[str, Any]) -> bytes:
    return (json.dumps(store, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# The commands --------------------------------------------------------------------------------------


def commands_for(store: dict[str, Any]) -> list[list[str]]:
    """Every read-only command run on a store, as argv after `followup`."""
    commands = [
        ["today", "--json"],
        ["today", "--json", "--days", "30"],
        ["today"],
        ["today", "--all"],
        ["list", "--all"],
        ["list", "--all", "--json"],
        ["stats", "--json"],
        ["stats"],
        ["export", "--format", "ics"],
        ["export", "--format", "csv"],
        ["export", "--format", "json"],
    ]
    apps = store["applications"]
    commands.append(["show", apps[0]["company"].upper()])  # by company name: unique or ambiguous
    for app in apps:
        ref = app["id"]
        commands += [["show", ref], ["show", ref, "--json"], ["why", ref, "--json"], ["why", ref]]
        commands += [["draft", ref, kind] for kind in DRAFT_KINDS]
        commands += [["draft", ref], ["draft", ref, "--mailto"]]
    return commands


def command_name(argv: Sequence[str]) -> str:
    return " ".join(argv)


# Running them ---------------------------------------------------------------------------------------

_DTSTAMP = re.compile(rb"^DTSTAMP[:;][^\r\n]*", re.MULTILINE)
DIFF_TEXTS_PER_STORE = 10  # outputs a worker sends back, per store, for the diffs of --against


@dataclass
class Output:
    exit_code: int
    stdout: bytes
    stderr: bytes
    exception: str | None = None

    def record(self) -> list[Any]:
        """What the manifest keeps: [exit code, sha256 of stdout, sha256 of stderr(, exception)]."""
        entry: list[Any] = [self.exit_code, sha256(self.stdout), sha256(self.stderr)]
        if self.exception is not None:
            entry.append(self.exception)
        return entry


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class StoreResult:
    index: int
    store_sha256: str
    today: date
    entries: dict[str, list[Any]]
    texts: dict[str, Output]  # of the entries that differ from the expected ones (--against)
    coverage: Counter[str]


@dataclass
class Job:
    index: int
    seed: int
    keep: str | None  # --keep-outputs folder
    expected: dict[str, list[Any]] | None  # the manifest's entries for this store (--against)
    coverage: bool


class Runner:
    """Runs followup commands in one worker, in-process or in a subprocess, in its own temp folder."""

    def __init__(self, root: Path, use_subprocess: bool) -> None:
        self.root = root
        self.use_subprocess = use_subprocess
        self.configs: dict[str, Path] = {}
        for name, text in SETTINGS.items():
            folder = root / f"config-{name}"  # a folder each: drafts look for templates/ next to it
            folder.mkdir()
            path = folder / "config.toml"
            path.write_text(text, encoding="utf-8")
            self.configs[name] = path
        home = root / "home"
        base_env = {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "FOLLOWUP_CACHE": "off",
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "LINES": "40",
            "TZ": "UTC",
            "LC_ALL": "C.UTF-8",
            "LANG": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
        }
        for key in list(os.environ):  # nothing of the caller's environment may steer a run
            if key.startswith(("FOLLOWUP_", "_FOLLOWUP")) or key in (
                "FORCE_COLOR",
                "CLICOLOR_FORCE",
                "TERM",
                "EDITOR",
                "VISUAL",
            ):
                del os.environ[key]
        os.environ.update(base_env)
        if hasattr(time, "tzset"):
            time.tzset()
        self.counter = 0
        self._cli: Any = None
        self._runner: Any = None
        if not use_subprocess:
            from click.testing import CliRunner

            from followup.cli import cli

            self._cli = cli
            self._runner = CliRunner()

    def new_run_dir(self) -> Path:
        # The same length every time, so that no output wraps differently for a longer path.
        self.counter += 1
        path = self.root / "runs" / f"{self.counter % 10**8:08d}"
        path.mkdir(parents=True)
        return path

    def invoke(self, argv: Sequence[str], env: dict[str, str]) -> Output:
        if self.use_subprocess:
            done = subprocess.run(
                [sys.executable, "-m", "followup", *argv],
                env={**os.environ, **env},
                capture_output=True,
                stdin=subprocess.DEVNULL,
                check=False,
            )
            return Output(done.returncode, done.stdout, done.stderr)
        result = self._runner.invoke(self._cli, list(argv), env=env, catch_exceptions=True)
        exception = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            # `followup` itself would print `Error: unexpected ...`: an unexpected error is a finding.
            exception = f"{type(result.exception).__name__}: {result.exception}".replace("\n", "\\n")
        return Output(result.exit_code, result.stdout_bytes, result.stderr_bytes, exception)

    def normalise(self, data: bytes, run_dir: Path, argv: Sequence[str]) -> bytes:
        for path, mark in ((run_dir, b"<RUN>"), (self.root, b"<TMP>")):
            for spelling in sorted({str(path), os.path.realpath(path)}, key=len, reverse=True):
                data = data.replace(spelling.encode("utf-8"), mark)
        if (
            argv[0] == "export" and "ics" in argv
        ):  # the one use of the clock in a read-only command: when the file was made
            data = _DTSTAMP.sub(b"DTSTAMP:<now>", data)
        return data

    def run_store(self, job: Job) -> StoreResult:
        store, store_today = generate_store(job.seed, job.index)
        raw = store_bytes(store)
        keep = Path(job.keep) / f"{job.index:04d}" if job.keep else None
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / STORE_NAME).write_bytes(raw)
        entries: dict[str, list[Any]] = {}
        texts: dict[str, Output] = {}
        coverage: Counter[str] = Counter()
        for settings_name in SETTINGS:
            for today in sorted({store_today, FIXED_TODAY}):
                run_dir = self.new_run_dir()
                store_path = run_dir / STORE_NAME
                store_path.write_bytes(raw)
                env = {
                    "FOLLOWUP_STORE": str(store_path),
                    "FOLLOWUP_CONFIG": str(self.configs[settings_name]),
                    "FOLLOWUP_TODAY": today.isoformat(),
                }
                prefix = f"{job.index:04d}/{settings_name}/{today.isoformat()}/"
                kept: list[bytes] = []
                outputs: list[tuple[str, Output]] = []
                for argv in commands_for(store):
                    out = self.invoke(argv, env)
                    out.stdout = self.normalise(out.stdout, run_dir, argv)
                    out.stderr = self.normalise(out.stderr, run_dir, argv)
                    outputs.append((command_name(argv), out))
                outputs.append((FILES_AFTER, files_after(run_dir, raw)))
                shutil.rmtree(run_dir)
                for command, out in outputs:
                    key = prefix + command
                    entries[key] = out.record()
                    differs = job.expected is not None and job.expected.get(key) != entries[key]
                    if differs and len(texts) < DIFF_TEXTS_PER_STORE:
                        texts[key] = out
                    if keep is not None:
                        kept.append(kept_section(command, out))
                    if job.coverage:
                        coverage.update(coverage_of(command, out, settings_name))
                if keep is not None:
                    (keep / f"{settings_name}-{today.isoformat()}.txt").write_bytes(b"".join(kept))
        if not self.use_subprocess:
            gc.unfreeze()  # followup freezes what it read (gc.freeze); let it go between stores
            gc.collect()
        return StoreResult(job.index, sha256(raw), store_today, entries, texts, coverage)


def files_after(run_dir: Path, raw: bytes) -> Output:
    """The files a run left in the store's folder, and whether the store is still as written."""
    lines = []
    for path in sorted(run_dir.rglob("*")):
        name = path.relative_to(run_dir).as_posix()
        if path.is_dir():
            lines.append(f"{name}/")
        elif name == STORE_NAME:
            lines.append(f"{name} {'unchanged' if path.read_bytes() == raw else 'CHANGED'}")
        else:
            lines.append(name)
    return Output(0, ("\n".join(lines) + "\n").encode("utf-8"), b"")


# --keep-outputs: per store a folder (DIR/0042/) with the store and one file per settings and today
# (B-2026-02-11.txt) holding each command's output, length-prefixed so that it reads back exactly:
#
#     === draft acme thank-you
#     exit: 0
#     --- stdout: 532 bytes
#     ...the 532 bytes...
#     --- stderr: 0 bytes
#
# `diff -r` of two such folders shows every change in full.


def kept_section(command: str, out: Output) -> bytes:
    exit_line = f"exit: {out.exit_code}" + (f" (exception: {out.exception})" if out.exception else "")
    parts = [f"=== {command}\n{exit_line}\n".encode()]
    for name, data in (("stdout", out.stdout), ("stderr", out.stderr)):
        parts += [f"--- {name}: {len(data)} bytes\n".encode(), data, b"\n"]
    parts.append(b"\n")
    return b"".join(parts)


def read_kept(folder: Path, key: str) -> Output | None:
    """One entry of a --keep-outputs folder, or None when it is not there."""
    store, settings, today, command = key.split("/", 3)
    try:
        data = (folder / store / f"{settings}-{today}.txt").read_bytes()
    except OSError:
        return None
    pos = 0
    try:
        while pos < len(data):
            end = data.index(b"\n", pos)
            name = data[pos + 4 : end].decode("utf-8")
            pos = end + 1
            end = data.index(b"\n", pos)
            exit_line = data[pos:end].decode("utf-8")
            pos = end + 1
            streams = []
            for _ in range(2):
                end = data.index(b"\n", pos)
                size = int(data[pos:end].split(b": ", 1)[1].split()[0])
                pos = end + 1
                streams.append(data[pos : pos + size])
                pos += size + 1
            pos += 1  # the blank line between sections
            if name == command:
                code, _, rest = exit_line.removeprefix("exit: ").partition(" (exception: ")
                return Output(int(code), streams[0], streams[1], rest[:-1] if rest else None)
    except (ValueError, IndexError):
        return None
    return None


def coverage_of(command: str, out: Output, settings_name: str) -> Iterator[str]:
    """What an output shows the run exercised (for --coverage)."""
    words = command.split()
    family = " ".join(words[:1] + [w for w in words[1:] if w.startswith("-") or w in DRAFT_KINDS])
    yield f"exit {out.exit_code:3d}  {family}"
    if command == "today --json --days 30" and out.exit_code == 0:
        for item in _items(json.loads(out.stdout)):
            yield f"action {settings_name}  {item.get('action')} / {item.get('state')}"
    if words[0] == "why" and words[-1] == "--json" and out.exit_code == 0:
        for rule in json.loads(out.stdout).get("rules", []):
            if rule.get("applies"):
                yield f"rule {settings_name}  {rule.get('rule')} applies"
        if b"learned: your median" in out.stdout:
            yield f"rule {settings_name}  learned wait in use"
        if b"(snoozed or dismissed)" in out.stdout:
            yield f"rule {settings_name}  an action held back by a snooze or dismissal"
        if b"Snoozed until" in out.stdout:
            yield f"rule {settings_name}  a snoozed action back on the agenda"


def _items(agenda: Any) -> Iterator[dict[str, Any]]:
    """The actions in `today --json`, wherever they are in it."""
    if isinstance(agenda, list):
        for item in agenda:
            yield from _items(item)
    elif isinstance(agenda, dict):
        if "action" in agenda and "state" in agenda:
            yield agenda
        else:
            for value in agenda.values():
                yield from _items(value)


# Worker processes -----------------------------------------------------------------------------------

_worker: Runner | None = None


def _start_worker(use_subprocess: bool) -> None:
    global _worker
    import atexit

    root = Path(tempfile.mkdtemp(prefix="followup-compare-"))
    atexit.register(shutil.rmtree, root, True)
    _worker = Runner(root, use_subprocess)


def _run_one(job: Job) -> StoreResult:
    assert _worker is not None
    return _worker.run_store(job)


def run_all(jobs: Sequence[Job], workers: int, use_subprocess: bool) -> Iterator[StoreResult]:
    if workers <= 1:
        global _worker
        _start_worker(use_subprocess)
        try:
            yield from map(_run_one, jobs)
        finally:
            assert _worker is not None
            shutil.rmtree(_worker.root, ignore_errors=True)
            _worker = None
        return
    # spawn, not fork: each worker imports followup itself, from the same sys.path as this process.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(use_subprocess,)) as pool:
        yield from pool.imap_unordered(_run_one, jobs, chunksize=2)


# The manifest and the comparison --------------------------------------------------------------------


def program_identity(use_subprocess: bool) -> dict[str, str]:
    """Which followup runs (for the reader; never compared): the package's file and version only."""
    if use_subprocess:
        code = "import followup, sys; print(followup.__file__); print(followup.__version__)"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        path, version = [*done.stdout.splitlines(), "", ""][:2]
    else:
        import followup  # the workers import it from the same sys.path

        path, version = str(followup.__file__), str(getattr(followup, "__version__", "?"))
    return {"followup_file": path, "followup_version": version, "python": sys.version.split()[0]}


def write_manifest(path: Path, header: dict[str, Any], entries: dict[str, list[Any]]) -> None:
    """JSON with one output per line, in key order, so that two manifests diff line by line."""
    lines = ["{"]
    lines += [f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in header.items()]
    lines.append('"outputs": {')
    items = sorted(entries.items())
    lines += [
        f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
        + ("," if n < len(items) - 1 else "")
        for n, (key, value) in enumerate(items)
    ]
    lines.append("}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def describe(entry: list[Any] | None) -> str:
    if entry is None:
        return "absent"
    text = f"exit {entry[0]}, stdout {entry[1][:12]}, stderr {entry[2][:12]}"
    return text + (f", exception {entry[3]}" if len(entry) > 3 else "")


def _lines(data: bytes) -> list[str]:
    return [line + "\n" for line in data.decode("utf-8", "backslashreplace").split("\n")]


def _diff(old: bytes, new: bytes, label: str, limit: int = 40) -> list[str]:
    lines = list(difflib.unified_diff(_lines(old), _lines(new), f"baseline {label}", f"now {label}", n=2))
    if len(lines) > limit:
        lines = [*lines[:limit], f"... ({len(lines) - limit} more lines of diff)\n"]
    return lines


def compare(
    old_entries: dict[str, list[Any]],
    new_entries: dict[str, list[Any]],
    new_texts: dict[str, Output],
    old_texts: Path | None,
    show: int,
) -> tuple[list[str], int]:
    """(the report, the number of differing entries); the report is empty when all are identical."""
    differing = sorted(
        key for key in old_entries.keys() | new_entries.keys() if old_entries.get(key) != new_entries.get(key)
    )
    report: list[str] = []
    for key in differing:
        report.append(f"DIFFERS {key}: {describe(old_entries.get(key))} → {describe(new_entries.get(key))}\n")
    for key in differing[:show]:
        before, after = old_entries.get(key), new_entries.get(key)
        now = new_texts.get(key)
        if before is None or after is None or now is None:
            continue
        report.append(f"\n{key}\n")
        if before[0] != after[0]:
            report.append(f"    exit code {before[0]} → {after[0]}\n")
        if before[3:] != after[3:]:
            report.append(f"    exception {(before[3:] or ['none'])[0]} → {(after[3:] or ['none'])[0]}\n")
        then = read_kept(old_texts, key) if old_texts is not None else None
        for index, stream in ((1, "stdout"), (2, "stderr")):
            if before[index] == after[index]:
                continue
            data = now.stdout if index == 1 else now.stderr
            if then is not None:
                old_data = then.stdout if index == 1 else then.stderr
                report.extend("    " + line for line in _diff(old_data, data, stream))
            else:
                report.append(f"    (the baseline's {stream} was not kept; it is now:)\n")
                report.extend("    | " + line for line in _lines(data)[:20])
    return report, len(differing)


def summary_line(count: int, stores: int) -> str:
    return f"{count} outputs over {stores} stores × {len(SETTINGS)} settings identical"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        epilog="See the docstring of this script for how to use it around a refactor.",
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--out", type=Path, metavar="MANIFEST", help="write the manifest here")
    mode.add_argument("--against", type=Path, metavar="MANIFEST", help="compare with this manifest")
    parser.add_argument(
        "--stores", type=int, help=f"how many stores (default {DEFAULT_STORES}, or the manifest's)"
    )
    parser.add_argument(
        "--seed", type=int, help=f"the generator's seed (default {DEFAULT_SEED}, or the manifest's)"
    )
    parser.add_argument("--only", metavar="I,J,...", help="with --against: only these store numbers")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="default 2")
    parser.add_argument("--keep-outputs", type=Path, metavar="DIR", help="save every output under DIR")
    parser.add_argument(
        "--baseline-outputs", type=Path, metavar="DIR", help="the baseline's --keep-outputs DIR, for diffs"
    )
    parser.add_argument("--show", type=int, default=5, metavar="N", help="diffs to show (default 5)")
    parser.add_argument("--subprocess", action="store_true", help="run `python -m followup` per command")
    parser.add_argument("--coverage", action="store_true", help="print what the run exercised")
    args = parser.parse_args(argv)

    old: dict[str, Any] | None = None
    seed = args.seed if args.seed is not None else DEFAULT_SEED
    stores = args.stores if args.stores is not None else DEFAULT_STORES
    if args.against is not None:
        old = json.loads(args.against.read_text(encoding="utf-8"))
        if not isinstance(old, dict) or old.get("format") != MANIFEST_FORMAT:
            parser.error(f"{args.against} is not a manifest of this script")
        if args.seed is None:
            seed = old["seed"]
        if args.stores is None:
            stores = old["stores"]
    if stores < 1:
        parser.error("--stores must be at least 1")
    indices = list(range(stores))
    if args.only:
        if old is None:
            parser.error("--only goes with --against")
        indices = sorted({int(part) for part in args.only.split(",") if part.strip()})
    if args.keep_outputs is not None:
        if args.keep_outputs.exists() and any(args.keep_outputs.iterdir()):
            parser.error(f"{args.keep_outputs} exists and is not empty")
        args.keep_outputs.mkdir(parents=True, exist_ok=True)
        args.keep_outputs = args.keep_outputs.resolve()

    old_entries: dict[str, list[Any]] = old["outputs"] if old is not None else {}
    by_store: dict[str, dict[str, list[Any]]] = {}
    for key, value in old_entries.items():
        by_store.setdefault(key[:4], {})[key] = value
    keep = str(args.keep_outputs) if args.keep_outputs else None
    jobs = [
        Job(i, seed, keep, by_store.get(f"{i:04d}", {}) if old is not None else None, args.coverage)
        for i in indices
    ]

    identity = program_identity(args.subprocess)
    print(f"followup {identity['followup_version']} from {identity['followup_file']}", file=sys.stderr)
    started = time.monotonic()
    entries: dict[str, list[Any]] = {}
    texts: dict[str, Output] = {}
    store_hashes: dict[str, str] = {}
    coverage: Counter[str] = Counter()
    for done, result in enumerate(run_all(jobs, args.workers, args.subprocess), 1):
        entries.update(result.entries)
        texts.update(result.texts)
        coverage.update(result.coverage)
        store_hashes[f"{result.index:04d}"] = result.store_sha256
        if done % 50 == 0 or done == len(jobs):
            rate = done / max(time.monotonic() - started, 1e-9)
            print(f"  {done}/{len(jobs)} stores, {rate:.1f} stores/s", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - started
    print(
        f"{len(entries)} outputs over {len(jobs)} stores in {elapsed:.1f} s"
        f" ({len(entries) / max(elapsed, 1e-9):.0f} outputs/s, {args.workers} workers)",
        file=sys.stderr,
    )
    if args.coverage:
        for line, count in sorted(coverage.items()):
            print(f"{count:8d}  {line}")

    unread = sorted(
        key[:4] for key, entry in entries.items() if key.endswith("/list --all") and entry[0] != 0
    )
    if unread:  # the generator must make stores that followup reads
        print(f"warning: `list --all` fails on stores {', '.join(sorted(set(unread)))}", file=sys.stderr)

    if old is None:
        header = {
            "format": MANIFEST_FORMAT,
            "seed": seed,
            "stores": stores,
            "settings": SETTINGS,
            "fixed_today": FIXED_TODAY.isoformat(),
            "program": identity,
            "kept_outputs": keep,
            "elapsed_seconds": round(elapsed, 1),
            "store_sha256": dict(sorted(store_hashes.items())),
        }
        write_manifest(args.out, header, entries)
        print(f"Wrote {args.out}: {len(entries)} outputs over {stores} stores × {len(SETTINGS)} settings.")
        return 0

    if old.get("settings") != SETTINGS or old.get("fixed_today") != FIXED_TODAY.isoformat():
        print("The manifest was made with other settings or dates: run the same version of this script.")
        return 2
    known = old.get("store_sha256", {})
    if not store_hashes.keys() <= known.keys():
        print(f"The manifest has {len(known)} stores; ask for no more (--stores, --only).")
        return 2
    wrong = sorted(name for name, digest in store_hashes.items() if known[name] != digest)
    if wrong:
        print(
            f"{len(wrong)} generated stores differ from the manifest's (first: {wrong[0]}): the generator,"
            " the seed or --stores differ; run the same version of this script with the manifest's seed."
        )
        return 2
    if len(store_hashes) < len(known):
        print(f"note: {len(store_hashes)} of the manifest's {len(known)} stores compared", file=sys.stderr)
        old_entries = {key: value for key, value in old_entries.items() if key[:4] in store_hashes}
    baseline = args.baseline_outputs or (Path(old["kept_outputs"]) if old.get("kept_outputs") else None)
    if baseline is not None and not baseline.is_dir():
        print(f"note: the baseline's outputs are not at {baseline}; no diffs", file=sys.stderr)
        baseline = None
    report, count = compare(old_entries, entries, texts, baseline, args.show)
    if count:
        sys.stdout.writelines(report)
        print(f"\n{count} of {len(old_entries)} outputs differ ({len(entries)} now).")
        return 1
    print(summary_line(len(entries), len(jobs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
