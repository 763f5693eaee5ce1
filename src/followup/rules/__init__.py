"""What to do after the interview, and when: the advice of after-the-interview.txt as code.

Pure: every function takes the stored data, `today` and `Settings`, and returns values.
No clock, no files, no terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from followup.models import (
    Action,
    ActionKind,
    Application,
    Contact,
    Settings,
    StoreData,
)
from followup.rules.common import (
    ADVICE,
    OFFER_ADVICE,
    cite,
    contacted,
    done_mark,
    first_done_on,
    make_action,
    marked_done_on,
    person_matches,
)
from followup.rules.courtesy import (
    CONTACT_EVENT,
    acceptance_day,
    ask_network_due,
    contact_business_days,
    contact_by,
    contacts_for,
    notified_references,
    notify_references_due,
    thank_references_due,
    thank_you_by,
    thank_you_due,
)
from followup.rules.decision import (
    REAPPLY_STATUSES,
    answered_on,
    outcome_change,
    reapply_due,
    reply_by,
    reply_to_decision_due,
)
from followup.rules.history import (
    DECISION_STATUSES,
    LearnedWait,
    business_days_between,
    decided_spans,
    decision_day,
    interview_to_decision,
    learned_wait,
    personal_settings,
)
from followup.rules.pipeline import keep_applying_due
from followup.rules.review import (
    last_review_before,
    prepare_due,
    rejection_day,
    review_due,
    rounds_to_prepare,
)
from followup.rules.snooze import dismissal_for, dismissal_of, moved_by_snooze, settle, snooze_for
from followup.rules.waiting import (
    FollowUpPlan,
    first_due_set_by_answer,
    follow_up_counts_from,
    follow_up_plan,
    harassment_warning,
    next_interview_day,
    standing_decision_date,
    waiting_game,
)


def all_actions(
    app: Application, contacts: Sequence[Contact], today: date, settings: Settings
) -> list[Action]:
    """Every action the rules find for one application, snoozed and dismissed ones included."""
    return [
        *thank_you_due(app, settings),
        *notify_references_due(app, contacts, settings),
        *ask_network_due(app, contacts, settings),
        *review_due(app, settings),
        *prepare_due(app, today, settings),
        *waiting_game(app, today, settings),
        *reply_to_decision_due(app, settings),
        *reapply_due(app, settings),
        *thank_references_due(app, contacts, settings),
    ]


def application_actions(
    app: Application, contacts: Sequence[Contact], today: date, settings: Settings
) -> list[Action]:
    """Every open action of one application (without the dismissed ones and those snoozed past today)."""
    return settle(app, all_actions(app, contacts, today, settings), today)


_KIND_ORDER = {kind: index for index, kind in enumerate(ActionKind)}


def sort_key(action: Action) -> tuple[date, date, str, int, str]:
    return (
        action.due,
        action.start,
        (action.company or "").casefold(),
        _KIND_ORDER[action.action],
        action.person or "",
    )


def agenda(data: StoreData, today: date, settings: Settings) -> list[Action]:
    """All open actions of all applications, plus the pipeline's own, soonest first."""
    settings = personal_settings(data.applications, today, settings)
    actions: list[Action] = []
    for app in data.applications:
        actions.extend(application_actions(app, data.contacts, today, settings))
    actions.extend(keep_applying_due(data.applications, today, settings))
    return sorted(actions, key=sort_key)


def next_action(
    app: Application, contacts: Sequence[Contact], today: date, settings: Settings
) -> Action | None:
    """The most pressing action of one application, for lists and exports."""
    actions = sorted(application_actions(app, contacts, today, settings), key=sort_key)
    return actions[0] if actions else None


__all__ = [
    "ADVICE",
    "CONTACT_EVENT",
    "DECISION_STATUSES",
    "OFFER_ADVICE",
    "REAPPLY_STATUSES",
    "FollowUpPlan",
    "LearnedWait",
    "acceptance_day",
    "agenda",
    "all_actions",
    "answered_on",
    "application_actions",
    "ask_network_due",
    "business_days_between",
    "cite",
    "contact_business_days",
    "contact_by",
    "contacted",
    "contacts_for",
    "decided_spans",
    "decision_day",
    "dismissal_for",
    "dismissal_of",
    "done_mark",
    "first_done_on",
    "first_due_set_by_answer",
    "follow_up_counts_from",
    "follow_up_plan",
    "harassment_warning",
    "interview_to_decision",
    "keep_applying_due",
    "last_review_before",
    "learned_wait",
    "make_action",
    "marked_done_on",
    "moved_by_snooze",
    "next_action",
    "next_interview_day",
    "notified_references",
    "notify_references_due",
    "outcome_change",
    "person_matches",
    "personal_settings",
    "prepare_due",
    "reapply_due",
    "rejection_day",
    "reply_by",
    "reply_to_decision_due",
    "review_due",
    "rounds_to_prepare",
    "settle",
    "snooze_for",
    "sort_key",
    "standing_decision_date",
    "thank_references_due",
    "thank_you_by",
    "thank_you_due",
    "waiting_game",
]
