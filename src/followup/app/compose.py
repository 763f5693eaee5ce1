"""Short messages drafted from what the store knows: who, which role, which interview, what to address.

Pure: the caller reads the template text (package default or the user's override) and passes it in.
“It is however just a note so don't send them a multipage document.”
"""

from __future__ import annotations

import re
import shlex
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from followup import rules
from followup.app.follow_up_text import follow_up_context, letter_date, too_early
from followup.errors import FollowupError, NotFoundError, UsageError
from followup.kinds import DRAFT_KINDS, Direction, EventKind, Relation, Status
from followup.models import Application, Contact, Interview, Settings
from followup.people import Known, normalize, person_matches, pick
from followup.rules.base import Action
from followup.rules.contacts import contacts_for
from followup.rules.recruiter import app_outsiders, recruiter_for
from followup.rules.review import last_review_before
from followup.rules.thank_references import notified_references
from followup.rules.waiting import standing_decision_date

TEMPLATE_NAMES = (
    "thank-you",
    "follow-up",
    "reference",
    "reference-thanks",
    "network",
    "reply-offer",
    "reply-rejected",
    "withdraw",
)
# The `log-contact --kind` that records each draft once sent.
LOG_KIND = {
    "thank-you": EventKind.THANK_YOU,
    "follow-up": EventKind.FOLLOW_UP,
    "reference": EventKind.REFERENCE,
    "network": EventKind.NETWORK,
    "reply": EventKind.REPLY,
    "withdraw": EventKind.OTHER,
}
UNKNOWN_NAME = "[name]"
UNKNOWN_SIGNATURE = "[your name]"
# "Try not to be too generic with your message": with no notes to quote, the thank-you asks for one detail.
SPECIFIC_PROMPT = " [Mention one thing from the conversation that stayed with you.]"


class TemplateError(FollowupError):
    """A template (usually the user's own) that cannot be filled in."""


@dataclass(frozen=True)
class Recipient:
    name: str | None
    email: str | None = None

    @property
    def first_name(self) -> str:
        if not self.name or "@" in self.name:
            return UNKNOWN_NAME
        return self.name.split()[0]

    def __str__(self) -> str:
        if self.name and self.email and self.name != self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email or ""


@dataclass(frozen=True)
class Draft:
    app_id: str
    kind: str  # what the user asked for: thank-you, follow-up, reference, network, reply, withdraw
    template: str  # which template filled it in
    to: Recipient
    subject: str
    body: str
    others: tuple[str, ...] = ()  # other people the same kind of draft is due for
    still_active: bool = False  # a withdrawal from an application not yet marked withdrawn
    too_early: str | None = None  # why a follow-up sent today would come too soon, and until when

    def text(self) -> str:
        """The draft as printed: a To line when someone is known, the subject, a blank line, the body."""
        head = f"To: {self.to}\n" if str(self.to) else ""
        return f"{head}Subject: {self.subject}\n\n{self.body}"

    def log_command(self) -> str:
        """The command that records the draft once it has been sent."""
        if self.kind == "withdraw" and self.still_active:
            return f"followup status {shlex.quote(self.app_id)} withdrawn"
        command = f"followup log-contact {shlex.quote(self.app_id)} --kind {LOG_KIND[self.kind]}"
        if self.to.name:
            command += f" --with {shlex.quote(self.to.name)}"
        return command

    def mailto(self) -> str:
        """An RFC 6068 `mailto:` link with the subject and body percent-encoded (line breaks as CRLF)."""
        if not self.to.email:
            who = self.to.name or "the recipient"
            raise NotFoundError(
                f"no email address for {who}; add it (`followup contact add` or the interviewer's"
                " 'Name <email>') or drop --mailto"
            )
        body = self.body.replace("\r\n", "\n").replace("\n", "\r\n")
        return (
            f"mailto:{quote(self.to.email, safe='@')}"
            f"?subject={quote(self.subject, safe='')}&body={quote(body, safe='')}"
        )


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# Choosing whom to write to ------------------------------------------------------------------------


def _interview_people(app: Application) -> list[Recipient]:
    """Interviewers, latest interview first, each once."""
    seen: list[Recipient] = []
    for interview in sorted(app.interviews, key=lambda i: i.at, reverse=True):
        for p in interview.interviewers:
            if not any(person_matches(p.name, s.name, s.email) for s in seen):
                seen.append(Recipient(p.name, p.email))
    return seen


def _last_writer(app: Application) -> str | None:
    """Who last wrote to you from the employer, when the log says."""
    inbound = [e for e in app.events if e.direction is Direction.INBOUND and e.with_]
    return max(inbound, key=lambda e: e.on).with_ if inbound else None


def _contacts(app: Application, contacts: Sequence[Contact], relation: Relation) -> list[Recipient]:
    """Your references, or your networking contacts at this company, as the rules choose them."""
    return [Recipient(c.name, c.email) for c in contacts_for(app, contacts, relation)]


def _with_email(person: Recipient, contacts: Sequence[Contact]) -> Recipient:
    """An interviewer who is also in your contacts is one person: the email may be in either place."""
    if person.email or not person.name:
        return person
    key = normalize(person.name)
    found = next((c.email for c in contacts if c.email and normalize(c.name) == key), None)
    return Recipient(person.name, found) if found else person


def _pick(
    kind: str,
    candidates: list[Recipient],
    open_people: list[str],
    contacts: Sequence[Contact],
    given: str | None,
    app: Application,
) -> Recipient:
    if given is not None:
        # The person is named as `log-contact --with` names them: full name, email or a unique
        # beginning, and an ambiguous or unknown name is an error listing who is meant or known.
        people = [p for p in candidates if p.name] + [Recipient(c.name, c.email) for c in contacts]
        role = "at " + app.company if kind in ("thank-you", "follow-up", "reply", "withdraw") else kind
        known = [Known(p.name or "", p.email, role if p in candidates else "contact") for p in people]
        try:
            chosen = pick(given, known, f"{app.company} ({app.id}) for a {kind} draft")
        except NotFoundError as err:
            raise NotFoundError(str(err).replace(" (or add --new for someone new)", "")) from None
        return next(p for p in people if p.name == chosen.name and p.email == chosen.email)
    for name in open_people:
        for person in candidates:
            if person_matches(name, person.name, person.email):
                return person
    if candidates:
        return candidates[0]
    if kind == "reference":
        raise NotFoundError(
            "no references in your contacts; add one with"
            " `followup contact add NAME --relation reference --email ADDRESS`"
        )
    if kind == "network":
        raise NotFoundError(
            f"no contact at {app.company}; add one with"
            f" `followup contact add NAME --relation network --company {shlex.quote(app.company)}`"
        )
    return Recipient(None)


def default_kind(app: Application, actions: Sequence[Action], today: date) -> str:
    """The draft the most pressing open action calls for (actions already sorted, soonest first)."""
    kind = rules.draft_for(actions, today)
    if kind is not None:
        return kind
    raise UsageError(
        f"nothing to write to {app.company} ({app.id}) right now; name a draft: {', '.join(DRAFT_KINDS)}"
    )


def _interview_with(app: Application, person: Recipient) -> Interview | None:
    """The latest interview this person took part in, else the latest interview."""
    ordered = sorted(app.interviews, key=lambda i: i.at, reverse=True)
    for interview in ordered:
        if any(person_matches(person.name, p.name, p.email) for p in interview.interviewers):
            return interview
    return ordered[0] if ordered else None


# Filling in the template ----------------------------------------------------------------------------


def placeholders(
    app: Application,
    kind: str,
    to: Recipient,
    today: date,
    settings: Settings,
    outside: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """Every named placeholder a template may use, as text."""
    interview = _interview_with(app, to)
    values = {
        "name": to.name or UNKNOWN_NAME,
        "first_name": to.first_name,
        "email": to.email or "",
        "company": app.company,
        "role": app.role,
        "signature": settings.signature.strip() or UNKNOWN_SIGNATURE,
        "today": letter_date(today, today),
        "applied_date": letter_date(app.applied_on or app.created_on, today),
        "stage": "interview",
        "interview_date": "",
        "interview_day": "",
        "interviewers": "",
        "weak_answer": "",
        "weak_answer_paragraph": "",
        "notes": "",
        "notes_sentence": "",
        "progress": "",
        "decision_date": "",
        "context_sentence": "",
        "improve": "",
    }
    if interview is not None:
        weak = [w.strip() for w in interview.weak_answers if w.strip()]
        notes = (interview.notes or "").strip().rstrip(".")
        values |= {
            "stage": interview.stage or "interview",
            "interview_date": letter_date(interview.day, today),
            "interview_day": f"{interview.day:%A}",
            "interviewers": _join([p.name for p in interview.interviewers]),
            "weak_answer": _join(weak),
            "notes": notes,
            # Notes are private: they prompt the sentence, they are never sent as they are.
            "notes_sentence": SPECIFIC_PROMPT[:-2] + f"; your notes: {notes}.]" if notes else SPECIFIC_PROMPT,
        }
        if weak:
            values["weak_answer_paragraph"] = (
                f"I have been thinking again about your question on {_join(weak)}."
                " [Add one or two sentences on what you would say now.]"
            )
    decision_by = standing_decision_date(app)  # a date given before a later round is stale
    if decision_by is not None:
        values["decision_date"] = letter_date(decision_by, today)
    values["context_sentence"] = follow_up_context(app, interview, today, settings, outside)
    values["progress"] = _progress(app, interview, today)
    review = last_review_before(app, date.max)
    if review is not None and review.improve:
        values["improve"] = review.improve
    return values


def _progress(app: Application, interview: Interview | None, today: date) -> str:
    """What you have done so far, for a note to someone outside the process: never a blank date."""
    if interview is None:
        applied = letter_date(app.applied_on or app.created_on, today)
        return f"applied for the {app.role} role at {app.company} on {applied}"
    return f"interviewed for the {app.role} role at {app.company} on {letter_date(interview.day, today)}"


def fill(template_name: str, template: str, values: Mapping[str, str]) -> tuple[str, str]:
    """(subject, body) of a filled-in template; unknown placeholders are an error, not silence."""
    try:
        text = string.Template(template).substitute(values)
    except KeyError as err:
        known = ", ".join(f"${k}" for k in sorted(values))
        raise TemplateError(
            f"template {template_name!r} uses ${err.args[0]}, which is not known; use {known}"
        ) from None
    except ValueError as err:
        raise TemplateError(f"template {template_name!r}: {err} (write $$ for a dollar sign)") from None
    return split_subject(text)


def split_subject(text: str) -> tuple[str, str]:
    """(subject, body) of a draft's text: a first `Subject:` line, then the body, tidied."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    if lines and lines[0].lower().startswith("to:"):
        lines = lines[1:]
    subject = ""
    if lines and lines[0].lower().startswith("subject:"):
        subject = lines[0].split(":", 1)[1].strip()
        lines = lines[1:]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
    return subject, body


def template_for(kind: str, app: Application) -> str:
    """The template a draft kind uses for this application as it stands."""
    if kind == "reply":
        if app.status is Status.OFFER:
            return "reply-offer"
        if app.status is Status.REJECTED:
            return "reply-rejected"
        raise UsageError(
            f"{app.company} ({app.id}) is {app.status}: a reply drafts an answer to an offer or a rejection"
            " (record it with `followup log-contact ID --outcome offer|rejected`)"
        )
    if kind == "withdraw" and app.status is Status.ACCEPTED:
        raise UsageError(f"you accepted the offer of {app.company} ({app.id}): there is nothing to withdraw")
    if kind == "reference" and app.status is Status.ACCEPTED:
        return "reference-thanks"
    if kind == "thank-you" and not app.interviews:
        raise UsageError(f"{app.company} ({app.id}) has no interview recorded to thank anyone for")
    return kind


def recipient(
    app: Application,
    kind: str,
    contacts: Sequence[Contact],
    actions: Sequence[Action],
    given: str | None,
) -> tuple[Recipient, tuple[str, ...]]:
    """Whom the draft is for, and the others the same draft is still due for."""
    wanted = {k for k, v in rules.SPECS.items() if v.draft == kind}
    open_people = [a.person for a in actions if a.action in wanted and a.person]
    if kind in ("thank-you", "follow-up", "reply", "withdraw"):
        candidates = _interview_people(app)
        recruiter = recruiter_for(app, contacts)
        if recruiter is not None and kind != "thank-you":
            # The recruiter runs the process: follow-ups, answers and a withdrawal go to them first.
            same = [p for p in candidates if person_matches(recruiter.name, p.name, p.email)]
            rest = [p for p in candidates if p not in same]
            email = recruiter.email or next((p.email for p in same if p.email), None)
            candidates = [Recipient(recruiter.name, email), *rest]
        writer = _last_writer(app)
        if kind == "reply" and writer:
            open_people = [writer]
            if not any(person_matches(writer, p.name, p.email) for p in candidates):
                candidates = [Recipient(writer), *candidates]
    elif kind == "reference":
        candidates = _contacts(app, contacts, Relation.REFERENCE)
        if app.status is Status.ACCEPTED:
            told = [Recipient(n, e) for n, e in notified_references(app, contacts)]
            candidates = told + [c for c in candidates if c not in told]
    else:
        candidates = _contacts(app, contacts, Relation.NETWORK)
    person = _with_email(_pick(kind, candidates, open_people, contacts, given, app), contacts)
    others = tuple(dict.fromkeys(n for n in open_people if not person_matches(n, person.name, person.email)))
    return person, others


def make_draft(
    app: Application,
    kind: str,
    template: str,
    contacts: Sequence[Contact],
    actions: Sequence[Action],
    today: date,
    settings: Settings,
    given: str | None = None,
) -> Draft:
    """Fill in `template` (the text of template_for(kind, app)) for the chosen person."""
    name = template_for(kind, app)
    person, others = recipient(app, kind, contacts, actions, given)
    outside = app_outsiders(app, contacts)
    subject, body = fill(name, template, placeholders(app, kind, person, today, settings, outside))
    early = too_early(app, today, settings, outside) if kind == "follow-up" else None
    return Draft(app.id, kind, name, person, subject, body, others, app.is_active, early)
