"""What every rule shares: the advice it quotes, and how it tells that something was done.

Pure, like every module of this package: data, `today` and `Settings` in; values out.
"""

from __future__ import annotations

from datetime import date

from followup.models import (
    Action,
    ActionKind,
    Application,
    Direction,
    DoneMark,
    Event,
    EventKind,
)

# The sentences of the advice each rule encodes, quoted in every reason.
ADVICE: dict[ActionKind, str] = {
    ActionKind.THANK_YOU: (
        "Sending a thank you note to the interviewer is a polite way of thanking them for their time,"
        " consideration, and interest in you."
    ),
    ActionKind.NOTIFY_REFERENCES: (
        "If you haven't already told your references that they may be contacted by the employer then it is"
        " time to do so."
    ),
    ActionKind.ASK_NETWORK: (
        "Do you know someone who can put in a good word for you at the company you just applied for?"
    ),
    ActionKind.REVIEW: "Review what worked and what you can improve upon for your next interview.",
    ActionKind.WAIT: (
        "You shouldn't be contacting the interviewer until after they said they'd make their decision"
        " and get in touch with you."
    ),
    ActionKind.FOLLOW_UP: "By all means follow up if you don't hear from them.",
    ActionKind.MOVE_ON: (
        "Some companies find it easier to just simply ignore you rather than telling you, you didn't get"
        " the job."
    ),
    ActionKind.REPLY_TO_DECISION: (
        "If you're rude to the employer it can hurt your chances of employment with them in the future."
    ),
    ActionKind.KEEP_APPLYING: (
        "You should continue to apply for jobs while waiting to hear back from the employer."
    ),
    ActionKind.PREPARE: ("What questions were you able to answer well and what did you struggle with."),
    ActionKind.REAPPLY: (
        "You never know when they might have a new opening, or who they know that you may work for in the"
        " future."
    ),
    ActionKind.THANK_REFERENCES: ("It's all about continuing to creating opportunities for yourself."),
}
OFFER_ADVICE = "Don't do anything that can hurt your current or future applications."


def cite(kind: ActionKind, sentence: str, quote: str | None = None) -> str:
    return f"{sentence} “{quote or ADVICE[kind]}”"


def person_matches(given: str | None, name: str | None, email: str | None = None) -> bool:
    """Does a `--with` value name this person? No value means everyone; a first name will do."""
    if given is None:
        return True
    if name is None:
        return False
    wanted = " ".join(given.casefold().split())
    full = " ".join(name.casefold().split())
    if wanted == full or (email is not None and wanted == email.casefold()):
        return True
    return bool(wanted) and full.startswith(wanted + " ")


def _mark_counts(
    mark: DoneMark, kind: ActionKind, since: date | None, person: str | None, email: str | None
) -> bool:
    return (
        mark.action == kind
        and (since is None or mark.on >= since)
        and (mark.person is None or person_matches(mark.person, person, email))
    )


def _contact_counts(
    event: Event, kind: EventKind, since: date | None, person: str | None, email: str | None
) -> bool:
    return (
        event.kind is kind
        and event.direction is Direction.OUTBOUND
        and (since is None or event.on >= since)
        and (event.with_ is None or person_matches(event.with_, person, email))
    )


def done_mark(
    app: Application, kind: ActionKind, since: date | None, person: str | None, email: str | None = None
) -> bool:
    """Was `followup done` used for this kind of action (with this person, or with everyone) since `since`?"""
    return any(_mark_counts(mark, kind, since, person, email) for mark in app.done)


def marked_done_on(
    app: Application, kind: ActionKind, since: date | None, person: str | None, email: str | None = None
) -> date | None:
    """The first day of a done mark that `done_mark` counts."""
    return min((m.on for m in app.done if _mark_counts(m, kind, since, person, email)), default=None)


def contacted(
    app: Application, kind: EventKind, since: date | None, person: str | None, email: str | None = None
) -> bool:
    """Did you log a contact of this kind with this person (or with no one named) since `since`?"""
    return any(_contact_counts(event, kind, since, person, email) for event in app.events)


def first_done_on(
    app: Application,
    event_kind: EventKind,
    action_kind: ActionKind,
    since: date | None,
    person: str | None,
    email: str | None = None,
) -> date | None:
    """The first day a logged contact or a done mark closed this action for this person, counted exactly
    as `contacted` and `done_mark` count them (for `followup why`)."""
    days = [e.on for e in app.events if _contact_counts(e, event_kind, since, person, email)]
    marked = marked_done_on(app, action_kind, since, person, email)
    return min([*days, marked] if marked is not None else days, default=None)


def make_action(
    app: Application,
    kind: ActionKind,
    start: date,
    due: date,
    reason: str,
    person: str | None = None,
    email: str | None = None,
) -> Action:
    # An action is never due before it starts.
    return Action(app.id, app.company, app.role, kind, start, max(start, due), reason, person, email)
