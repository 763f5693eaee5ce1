"""What a message says, by rules that tests/mail_corpus holds them to: no model, no guess beyond them.

A message is noise (a mailing list, a bulk sender, an out-of-office reply, a newsletter), or one of
the labels of LABELS. Inbound, the decisions are looked for first, the rejection before the offer
("we are unable to offer you the position" is a rejection), then a request for more time, an
invitation to interview, an automatic confirmation, and otherwise a reply. Outbound, a thank-you
to an interviewer, a note to a reference or a contact, a follow-up or a reply.

Pure: text in, a Reading out; the year of a date without one is taken from the message's own date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from followup.mail.message import Mail

# label -> (kind, direction, outcome) as `followup log-contact` takes them
LABELS: dict[str, tuple[str, str, str | None]] = {
    "thank-you": ("thank-you", "outbound", None),
    "reference": ("reference", "outbound", None),
    "network": ("network", "outbound", None),
    "follow-up": ("follow-up", "outbound", None),
    "sent-reply": ("reply", "outbound", None),
    "reply": ("reply", "inbound", None),
    "from-reference": ("reference", "inbound", None),  # a reference's answer is no news from the employer
    "from-network": ("network", "inbound", None),
    "more-time": ("reply", "inbound", None),
    "invitation": ("reply", "inbound", None),
    "offer": ("reply", "inbound", "offer"),
    "rejection": ("reply", "inbound", "rejected"),
    "confirmation": ("other", "inbound", None),
}
DECISIONS = frozenset({"offer", "rejection"})
JOB_LIKE = frozenset({"offer", "rejection", "more-time", "invitation", "confirmation"})


def _phrases(*texts: str) -> re.Pattern[str]:
    return re.compile("|".join(rf"\b{text}\b" for text in texts), re.IGNORECASE)


_REJECTION = _phrases(
    r"(?:unable|not able) to (?:offer|extend)",
    r"(?:go|going|move|moving|head|heading) in a different direction",
    r"(?:move|moving|go|going|proceed|proceeding) (?:forward |ahead )?"
    r"with (?:other|another|a different|candidates|someone else)",
    r"pursu(?:e|ing) other (?:candidates|applicants|profiles)",
    r"(?:isn'?t|is not|not) the right (?:fit|match)",
    r"(?:not|won'?t) be taking your (?:application|candidacy) (?:any )?further",
    r"no longer (?:hiring|recruiting) for",
    r"(?:role|position|requisition|vacancy) [^.\n]{0,60}(?:has been|was) (?:closed|cancelled|canceled)",
    r"(?:have|has) (?:now )?filled the (?:role|position|vacancy)",
    r"not (?:be )?(?:moving|move|going|proceeding|progressing) (?:forward|ahead)",
    r"(?:decided|chosen|chose|elected) to (?:move|go|proceed|continue) (?:forward )?"
    r"with (?:other|another|a different)",
    r"(?:decided|chosen|chose) to pursue other",
    r"(?:decided|chosen) not to (?:proceed|move forward|progress|continue)",
    r"regret to (?:inform|let you know|tell you)",
    r"will not be (?:offering|progressing|proceeding|moving)",
    r"won'?t be (?:moving|proceeding|progressing|offering)",
    r"(?:position|role|vacancy) has (?:now )?been filled",
    r"(?:were|was|have|has) not (?:been )?selected",
    r"not (?:to )?(?:take|taking) your (?:application|candidacy) (?:any )?further",
    r"(?:other|another) candidates? whose",
    r"unsuccessful",
    r"not (?:the right|a) (?:fit|match) (?:for|at) this time",
    r"nous ne (?:pouvons|sommes) pas",
)
_OFFER = _phrases(
    r"(?:pleased|happy|delighted|thrilled|excited) to (?:extend|offer|make)",
    r"offer of employment",
    r"confirm (?:our|your|the) offer",
    r"(?:like|love|want|able) to offer you",
    r"offer (?:package|details|letter)",
    r"offer letter",
    r"(?:extend|make) (?:you )?(?:an|a formal|a verbal|our) offer",
    r"formal offer",
    r"job offer",
    r"offer you the (?:position|role|job)",
    r"welcome (?:you )?(?:aboard|to the team)",
    r"compensation package",
)
_MORE_TIME = _phrases(
    r"need (?:a (?:little|bit|few) )?(?:more|extra|additional) (?:time|days|weeks?)",
    r"tak(?:e|ing) (?:a (?:little|bit) )?longer than",
    r"(?:delay|delayed) (?:in )?(?:our|the) (?:decision|process|hiring)",
    r"(?:still|yet to) (?:reviewing|interviewing|finali[sz]ing|deciding|meeting|speaking)",
    r"(?:haven'?t|have not|not yet) (?:yet )?(?:made|reached) (?:a|our|the|any) (?:final )?decision",
    r"(?:update|decision) (?:to you )?by (?:the end of )?(?:next|this)",
    r"get back to you (?:by|before|within|early|next)",
    r"(?:pushed|push) back",
    r"no decision (?:yet|has been made)",
    r"(?:know|hear|share) more by",
    r"still (?:waiting|gathering|collecting) (?:on|for) (?:the )?(?:feedback|input|approval)",
)
_INVITATION = _phrases(
    r"(?:like|love|want) to (?:invite|schedule|set up|arrange|book)",
    r"invit(?:e|ing|ation) you (?:to|for)",
    r"invitation to (?:a |an |the )?(?:interview|call|chat|meeting|onsite)",
    r"interview (?:invitation|invite)",
    r"schedule (?:a|an|your|the) (?:interview|call|chat|conversation|meeting|onsite|technical)",
    r"(?:your|share your|send (?:me|us) your) availability",
    r"next (?:round|stage|step) (?:of|in) (?:the|our) (?:interview|process|hiring)",
    r"(?:move|moving) (?:you )?(?:forward|ahead) to the next",
    r"book a (?:time|slot)",
    r"calendly\.com",
    r"(?:pick|choose|select|grab) a (?:slot|time)",
    r"(?:are you|would you be) (?:available|free) for an? (?:\d+[- ]minute )?(?:[\w-]+ )?"
    r"(?:screen|interview|call|chat)",
    r"(?:come in|join us) for an? (?:[\w-]+ )?(?:interview|visit)",
    r"(?:onsite|on-site|final|technical|second|third) (?:round|interview) "
    r"(?:is )?(?:on|at|scheduled|confirmed)",
    r"(?:interview|call) (?:is )?(?:confirmed|scheduled) for",
)
_CONFIRMATION = _phrases(
    r"(?:received|receipt of) your application",
    r"(?:thank you|thanks) for (?:applying|your application|submitting)",
    r"application (?:has been|was) (?:received|submitted)",
    r"application for [^.\n]{1,80} (?:has been|was) (?:successfully )?(?:received|submitted)",
    r"successfully (?:applied|submitted)",
    r"application confirmation",
    r"we(?:'ve| have) got your application",
)
_THANKS = _phrases(
    r"thank you",
    r"thanks",
    r"grateful",
    r"appreciate(?:d)? (?:the|your) (?:time|conversation|opportunity)",
    r"merci",
    r"danke",
)
_FOLLOW_UP = _phrases(
    r"follow(?:ing)?[- ]up",
    r"check(?:ing)? in",
    r"any (?:update|news)s?",
    r"status of (?:my|the) application",
    r"wanted to touch base",
    r"touch(?:ing)? base",
    r"where things stand",
)
_NEWSLETTER = _phrases(r"newsletter", r"unsubscribe", r"view (?:this|it) in your browser", r"weekly digest")
_BULK = frozenset({"bulk", "list", "junk"})

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_NAME = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+)?"
_DATE = re.compile(
    rf"\b{_DAY_NAME}(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b)"
    r"(?:,?\s+(\d{4}))?|\b(\d{4})-(\d{2})-(\d{2})\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"^[\s,]*(?:at|@|from)?\s*(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)|^[\s,]*(?:at|@|from)?\s*(\d{1,2})[:h](\d{2})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reading:
    label: str | None  # None: noise, never proposed
    sure: bool  # a phrase that says it plainly (a decision, an invitation), not just a reply
    new_date: date | None = None
    interview_at: datetime | None = None


def noise(mail: Mail, known_sender: bool) -> bool:
    """A mailing list, a bulk or automatic sender, a newsletter: never proposed. An automatic message
    from a known employer or an applicant-tracking system (a confirmation, a rejection) is not
    noise; an out-of-office reply always is."""
    headers = mail.headers
    if "list-id" in headers or headers.get("precedence", "").lower() in _BULK:
        return True
    automatic = headers.get("auto-submitted", "no").lower().split(";")[0].strip()
    if automatic == "auto-replied":
        return True
    if automatic != "no" and not known_sender:
        return True
    return "list-unsubscribe" in headers and bool(_NEWSLETTER.search(mail.text)) and not known_sender


def read_inbound(mail: Mail) -> Reading:
    text = f"{mail.subject}\n{mail.text}"
    if _REJECTION.search(text):
        return Reading("rejection", True)
    if _OFFER.search(text):
        return Reading("offer", True)
    if _MORE_TIME.search(text):
        return Reading("more-time", True, new_date=_first_date(text, mail.at.date()))
    if _INVITATION.search(text):
        return Reading("invitation", True, interview_at=_first_datetime(text, mail.at.date()))
    if _CONFIRMATION.search(text):
        return Reading("confirmation", True)
    return Reading("reply", False)


def read_outbound(mail: Mail, relation: str | None, interviewed: bool) -> Reading:
    """A message the user sent; `relation` is that of the contact it went to (reference, network),
    `interviewed` whether it went to someone who interviewed them."""
    text = f"{mail.subject}\n{mail.text}"
    if relation in ("reference", "network"):
        return Reading(relation, True)
    if _FOLLOW_UP.search(text):
        return Reading("follow-up", True)
    if interviewed and _THANKS.search(text) and not mail.subject.lower().startswith(("re:", "aw:")):
        return Reading("thank-you", True)
    if interviewed and _THANKS.search(mail.subject):
        return Reading("thank-you", True)
    if mail.thread or mail.subject.lower().startswith(("re:", "aw:", "sv:")):
        return Reading("sent-reply", False)
    return Reading("follow-up", False)


def _year_for(month: int, day: int, year: int | None, sent: date) -> date | None:
    try:
        if year is not None:
            return date(year, month, day)
        found = date(sent.year, month, day)
        return found if found >= sent - timedelta(days=7) else date(sent.year + 1, month, day)
    except ValueError:
        return None


def _dates(text: str, sent: date) -> list[tuple[date, int]]:
    """Each date written in `text`, with where it ends; one without a year is the next one after the
    message was sent."""
    found = []
    for match in _DATE.finditer(text):
        day1, month1, month2, day2, year, iso_y, iso_m, iso_d = match.groups()
        if iso_y:
            try:
                found.append((date(int(iso_y), int(iso_m), int(iso_d)), match.end()))
            except ValueError:
                continue
            continue
        month = _MONTHS[(month1 or month2).lower()]
        day = int(day1 or day2)
        value = _year_for(month, day, int(year) if year else None, sent)
        if value is not None:
            found.append((value, match.end()))
    return found


def _first_date(text: str, sent: date) -> date | None:
    """The first date after the message's own day: the new date for a decision."""
    return next((day for day, _ in _dates(text, sent) if day > sent), None)


def _first_datetime(text: str, sent: date) -> datetime | None:
    """The first date from the message's day on, with the time written after it (9:00 without one)."""
    for day, end in _dates(text, sent):
        if day < sent:
            continue
        match = _TIME.match(text[end : end + 40])
        clock = time(9, 0)
        if match:
            hour, minute, half, hour24, minute24 = match.groups()
            if hour24 is not None:
                hour, minute = hour24, minute24
            h, m = int(hour), int(minute or 0)
            if half and half.lower().startswith("p") and h < 12:
                h += 12
            if half and half.lower().startswith("a") and h == 12:
                h = 0
            if h < 24 and m < 60:
                clock = time(h, m)
        return datetime.combine(day, clock)
    return None
