"""The data followup keeps, and the settings and actions its rules work with."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from followup.kinds import Channel, Direction, EventKind, Outcome, ProposalState, Relation, Status

# 1 kept interviewers as "Name <email>" text; 2 had no record ids; 3 had no archive; see
# store.MIGRATIONS
FORMAT_VERSION = 4


class _Record(BaseModel):
    # Fields written by a newer minor version are kept and written back untouched.
    model_config = ConfigDict(extra="allow", populate_by_name=True, validate_assignment=False)


def new_record_id() -> str:
    """A record's id: random, so that two machines adding records at once never pick the same one."""
    return secrets.token_hex(6)


class _Keyed(_Record):
    """A record two machines can add at once: its `id` tells them apart when their stores are merged
    (followup.sync.merge)."""

    id: str = Field(default_factory=new_record_id, min_length=1)


class Person(_Record):
    name: str
    email: str | None = None

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name


class Interview(_Keyed):
    round: int = Field(ge=1)
    at: datetime
    stage: str | None = None
    interviewers: list[Person] = Field(default_factory=list)
    decision_by: date | None = None
    weak_answers: list[str] = Field(default_factory=list)
    notes: str | None = None
    booked_on: date | None = None  # the day it was recorded (`add`); rules/booked.py reads it

    @field_validator("at")
    @classmethod
    def _wall_clock(cls, value: datetime) -> datetime:
        """The time as the command line keeps it (dates.parse_datetime): the wall-clock time, without
        a UTC offset. An offset written by hand or by another program (`Z`, `+05:00`, a Unix time)
        would make the rounds' times impossible to compare, and every command stop."""
        return value if value.tzinfo is None else value.replace(tzinfo=None)

    @property
    def day(self) -> date:
        return self.at.date()


class Event(_Keyed):
    """One entry of the contact log: an email sent, a call taken."""

    on: date
    kind: EventKind
    channel: Channel = Channel.EMAIL
    direction: Direction = Direction.OUTBOUND
    with_: str | None = Field(default=None, alias="with")
    note: str | None = None
    decision_by: date | None = None
    outcome: Outcome | None = None
    # The mail it was logged from (`followup inbox accept`); left out of the JSON when there is none.
    message_id: str | None = Field(default=None, exclude_if=lambda value: value is None)

    @property
    def inbound(self) -> bool:
        return self.direction is Direction.INBOUND


class StatusChange(_Keyed):
    status: Status
    on: date


class Review(_Keyed):
    on: date
    went_well: str | None = None
    improve: str | None = None


class DoneMark(_Keyed):
    """An action done outside the contact log (thanked in person, say)."""

    action: str
    on: date
    person: str | None = None


class Snooze(_Keyed):
    """An action put off: it leaves the agenda until `until` and comes back, due, on that day."""

    action: str
    until: date
    on: date
    person: str | None = None


class Dismissal(_Keyed):
    """An action dropped for good: the one of this kind (and person) that started on `start`.

    A follow-up is named by `counts_from` instead, the day its wait counts from, since its start moves
    with the settings (the learned wait, holidays). Dismissals stored without it match by `start`.
    """

    action: str
    start: date
    on: date
    person: str | None = None
    counts_from: date | None = None


class Application(_Record):
    id: str
    company: str
    role: str
    status: Status = Status.APPLIED
    created_on: date
    applied_on: date | None = None
    decision_by: date | None = None
    notes: str | None = None
    interviews: list[Interview] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    status_history: list[StatusChange] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    done: list[DoneMark] = Field(default_factory=list)
    snoozes: list[Snooze] = Field(default_factory=list)
    dismissals: list[Dismissal] = Field(default_factory=list)
    reapply_after: date | None = None
    respond_by: date | None = None  # the day they want your answer to their offer by

    @field_validator("id", "company", "role")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @property
    def is_active(self) -> bool:
        return self.status.is_active

    def first_interview(self) -> Interview | None:
        return min(self.interviews, key=lambda i: i.at, default=None)

    def last_interview(self) -> Interview | None:
        return max(self.interviews, key=lambda i: i.at, default=None)


class Contact(_Keyed):
    name: str
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    relation: Relation = Relation.OTHER
    added_on: date | None = None
    notes: str | None = None

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


class Proposal(_Record):
    """What `followup mail scan` read in one message, waiting in `followup inbox` for the user's word.

    Decided ones stay (accepted or rejected), so that a message is never proposed twice. Only what
    the event needs is kept: never a body or an attachment.
    """

    id: str = Field(min_length=1, max_length=64)  # from a digest of message_id: the same on every machine
    message_id: str  # the Message-ID, or `digest:` and a digest of its headers when it has none
    on: date
    from_: str = Field(alias="from")
    to: list[str] = Field(default_factory=list)
    subject: str = ""
    excerpt: str = Field("", max_length=200)
    app: str | None = None  # None while unmatched
    candidates: list[str] = Field(default_factory=list)
    kind: EventKind
    direction: Direction
    outcome: Outcome | None = None
    confidence: float = Field(ge=0, le=1)
    label: str = "reply"  # what the rules read in it: thank-you, rejection, invitation...
    person: str | None = None  # the interviewer or contact it is with, by name
    new_date: date | None = None
    interview_at: datetime | None = None
    thread: list[str] = Field(default_factory=list)  # In-Reply-To and References, to match replies
    state: ProposalState = ProposalState.PENDING


class ArchiveIndex(_Record):
    """The applications of the archive beside the store (store/archive.py), by id, each with what the
    daily rules read of it: `[line digest, created_on, last interview before the decision, decision
    day, company (normalized), place]`: ISO dates ("" when unknown), place its position among all
    applications. A line of the archive counts only if it is listed here with its digest, so a line
    appended by a write that never finished is ignored."""

    apps: dict[str, list[str]] = Field(default_factory=dict)
    since: date | None = None  # the day of the latest move: the agenda of an earlier day reads it all
    horizon: int = 0  # days after an application's last date before it may be moved (rules/settled.py)


class StoreData(_Record):
    version: int = FORMAT_VERSION
    applications: list[Application] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    # Left out of the file while empty, so a store without mail is written as before.
    inbox: list[Proposal] = Field(default_factory=list, exclude_if=lambda value: not value)
    # What this file knows of the applications moved to the archive (store/archive.py); None in the
    # data of a full read, which holds them all. Left out of the file while there is none.
    archive: ArchiveIndex | None = Field(None, exclude_if=lambda value: value is None)


class Settings(BaseModel):
    """Every number the rules use; each is a key of config.toml."""

    # Strict: `"1"` or `true` for a number, or `0` for a holiday, is a mistake to name, not to guess at.
    model_config = ConfigDict(extra="forbid", strict=True)

    thank_you_business_days: int = Field(
        1, ge=0, le=30, description="Business days after an interview to send each thank-you note."
    )
    references_business_days: int = Field(
        1, ge=0, le=30, description="Business days after the first interview to tell your references."
    )
    network_business_days: int = Field(
        2, ge=0, le=30, description="Business days after the first interview to ask a contact there."
    )
    review_days: int = Field(1, ge=0, le=30, description="Days after an interview or rejection to review it.")
    follow_up_after_decision_business_days: int = Field(
        2, ge=0, le=30, description="Business days after the decision date before the first follow-up."
    )
    follow_up_without_decision_business_days: int = Field(
        7,
        ge=1,
        le=60,
        description="Business days after the last interview to follow up when no date was given.",
    )
    follow_up_interval_days: int = Field(
        7, ge=1, le=60, description="Days between two follow-ups (and after a reply) before the next one."
    )
    follow_up_budget: int = Field(
        2,
        ge=1,
        le=10,
        description="Follow-ups in a row without an answer before it is time to move on (two on one day"
        " count once).",
    )
    move_on_days: int = Field(
        7, ge=1, le=90, description="Days of silence after the last follow-up before suggesting you move on."
    )
    reply_window_days: int = Field(
        3,
        ge=0,
        le=30,
        description="Days after a message from them within which your next message is a reply to it, not a"
        " follow-up.",
    )
    reply_to_decision_days: int = Field(2, ge=0, le=30, description="Days to answer an offer or a rejection.")
    answer_offer_days_before: int = Field(
        1, ge=0, le=30, description="Days before the date an offer must be answered by to give your answer."
    )
    withdraw_days: int = Field(
        2,
        ge=0,
        le=30,
        description="Days after accepting an offer (or withdrawing) to tell the other employers politely.",
    )
    keep_applying_min_active: int = Field(
        3,
        ge=0,
        le=100,
        description="Fewer active applications than this and you are asked to apply for more.",
    )
    keep_applying_days: int = Field(
        7, ge=1, le=90, description="Days without a new application before you are asked to apply for more."
    )
    stale_after_business_days: int = Field(
        10,
        ge=1,
        le=260,
        description="Business days after its due date that a thank-you, a note to a reference or a contact,"
        " a review, an answer to a decision or a withdrawal leaves the agenda as missed.",
    )
    agenda_days: int = Field(7, ge=0, le=366, description="Days ahead that `followup today` shows.")
    prepare_days_before: int = Field(
        1, ge=0, le=14, description="Days before a further interview round to go over your last review."
    )
    reapply_window_days: int = Field(
        14, ge=0, le=365, description="Days after the reapply-after date to apply again before it is overdue."
    )
    thank_references_days: int = Field(
        7, ge=0, le=60, description="Days after accepting an offer to thank the references you told."
    )
    adaptive_wait: bool = Field(
        True,
        description=(
            "Learn the wait before the first follow-up (when no decision date was given) from how long"
            " your employers took to answer."
        ),
    )
    adaptive_wait_min_decided: int = Field(
        5, ge=1, le=100, description="Decided applications needed before the wait adapts to your own history."
    )
    adaptive_wait_min_business_days: int = Field(
        5, ge=1, le=60, description="Shortest learned wait before the first follow-up, in business days."
    )
    adaptive_wait_max_business_days: int = Field(
        15, ge=1, le=60, description="Longest learned wait before the first follow-up, in business days."
    )
    signature: str = Field("", max_length=200, description="Your name, to sign drafted messages with.")
    holidays: list[date] = Field(
        default_factory=list, description="Days that are not business days (ISO dates)."
    )

    @field_validator("holidays", mode="before")
    @classmethod
    def _dates_only(cls, value: Any) -> Any:
        """A TOML date or an ISO date in quotes; a number (`0`, 1 January 1970) is a mistake."""
        if not isinstance(value, list):
            return value
        days = []
        for item in value:
            if isinstance(item, str):
                try:
                    item = date.fromisoformat(item.strip())
                except ValueError:
                    raise ValueError(f"{item!r} is not a date; write it as 2026-12-24") from None
            if not isinstance(item, date) or isinstance(item, datetime):
                raise ValueError(f"{item!r} is not a date; write it as 2026-12-24")
            days.append(item)
        return days

    @model_validator(mode="after")
    def _wait_bounds_in_order(self) -> Settings:
        if self.adaptive_wait_min_business_days > self.adaptive_wait_max_business_days:
            raise ValueError("adaptive_wait_min_business_days is more than adaptive_wait_max_business_days")
        return self
