"""The kinds of things followup knows: statuses, contact kinds, channels, relations, action kinds.

Standard library only, so that the command line can use the real types for its choices without
importing pydantic.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"

    @property
    def is_active(self) -> bool:
        return self in ACTIVE_STATUSES

    @property
    def awaits_decision(self) -> bool:
        """The employer owes an answer: the waiting game is on."""
        return self in (Status.APPLIED, Status.INTERVIEWING)


ACTIVE_STATUSES = frozenset({Status.APPLIED, Status.INTERVIEWING, Status.OFFER})


class EventKind(StrEnum):
    THANK_YOU = "thank-you"
    FOLLOW_UP = "follow-up"
    REFERENCE = "reference"
    NETWORK = "network"
    REPLY = "reply"
    OTHER = "other"


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    LINKEDIN = "linkedin"
    IN_PERSON = "in-person"
    OTHER = "other"


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class Outcome(StrEnum):
    OFFER = "offer"
    REJECTED = "rejected"


class ProposalState(StrEnum):
    """Where a message of `followup inbox` stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Relation(StrEnum):
    REFERENCE = "reference"
    NETWORK = "network"
    RECRUITER = "recruiter"
    INTERVIEWER = "interviewer"
    OTHER = "other"


class ActionKind(StrEnum):
    THANK_YOU = "thank-you"
    NOTIFY_REFERENCES = "notify-references"
    ASK_NETWORK = "ask-network"
    REVIEW = "review"
    WAIT = "wait"
    FOLLOW_UP = "follow-up"
    MOVE_ON = "move-on"
    REPLY_TO_DECISION = "reply-to-decision"
    ANSWER_OFFER = "answer-offer"
    WITHDRAW = "withdraw"
    KEEP_APPLYING = "keep-applying"
    PREPARE = "prepare"
    REAPPLY = "reapply"
    THANK_REFERENCES = "thank-references"
    INTERVIEW = "interview"


class ActionState(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"
    WAITING = "waiting"


# The messages `followup draft` writes; each names the template it starts from (see app/compose.py).
DRAFT_KINDS = ("thank-you", "follow-up", "reference", "network", "reply", "withdraw")
