"""Each rule called on its own, the way the rule tests ask for it: one application (or the whole
search), the day, the settings as given; through the registry's own `evaluate`, so the tests check the
very functions the agenda calls. Helpers of the rule modules are re-exported under one name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from followup import rules as registry
from followup.models import Application, Contact, Settings
from followup.people import person_matches
from followup.rules import SPECS, agenda, sort_key
from followup.rules import keep_applying as _keep_applying
from followup.rules import network as _network
from followup.rules import prepare as _prepare
from followup.rules import reapply as _reapply
from followup.rules import references as _references
from followup.rules import reply as _reply
from followup.rules import review as _review
from followup.rules import thank_references as _thank_references
from followup.rules import thank_you as _thank_you
from followup.rules import waiting as _waiting
from followup.rules.base import Action, Rule, Situation
from followup.rules.chasing import harassment_warning, message_answered
from followup.rules.contacts import CONTACT_EVENT, contact_business_days, contact_by, contacts_for
from followup.rules.explain import Explanation
from followup.rules.explain import explain as _explain
from followup.rules.history import (
    DECISION_STATUSES,
    LearnedWait,
    business_days_between,
    decided_spans,
    decision_day,
    interview_to_decision,
    learned_wait,
    with_learned_wait,
)
from followup.rules.hold import dismissal_for, dismissal_of, moved_by_snooze, settle, snooze_for
from followup.rules.marks import contacted, done_mark, first_done_on, marked_done_on
from followup.rules.prepare import rounds_to_prepare
from followup.rules.reapply import REAPPLY_STATUSES
from followup.rules.reopen import reopening
from followup.rules.reply import OFFER_ADVICE, answered_on, outcome_change, reply_by
from followup.rules.review import last_review_before, rejection_day
from followup.rules.thank_references import acceptance_day, notified_references
from followup.rules.thank_you import thank_you_by, thanked_too_soon
from followup.rules.waiting import (
    FollowUpPlan,
    first_due_set_by_answer,
    follow_up_counts_from,
    follow_up_plan,
    next_interview_day,
    standing_decision_date,
)

ADVICE = {kind: spec.advice for kind, spec in SPECS.items()}
_NO_DAY = date(2000, 1, 1)  # for the rules that do not read the day


def personal_settings(applications: Sequence[Application], today: date, settings: Settings) -> Settings:
    """The settings with the wait learned from `applications`, as `rules.situation` works them out."""
    return with_learned_wait(settings, learned_wait(applications, today, settings))


def where(
    applications: Sequence[Application], contacts: Sequence[Contact], today: date, settings: Settings
) -> Situation:
    """A Situation with the settings exactly as given (the agenda's own adds the learned wait)."""
    return Situation(applications, contacts, today, settings, learned_wait(applications, today, settings))


def _run(rule: Rule, app: Application, today: date, settings: Settings, contacts: Sequence[Contact] = ()):
    return list(rule.evaluate(app, where([app], contacts, today, settings), False).actions)


def thank_you_due(app: Application, settings: Settings) -> list[Action]:
    return _run(_thank_you.RULE, app, _NO_DAY, settings)


def notify_references_due(app: Application, contacts: Sequence[Contact], settings: Settings) -> list[Action]:
    return _run(_references.RULE, app, _NO_DAY, settings, contacts)


def ask_network_due(app: Application, contacts: Sequence[Contact], settings: Settings) -> list[Action]:
    return _run(_network.RULE, app, _NO_DAY, settings, contacts)


def review_due(app: Application, settings: Settings) -> list[Action]:
    return _run(_review.RULE, app, _NO_DAY, settings)


def prepare_due(app: Application, today: date, settings: Settings) -> list[Action]:
    return _run(_prepare.RULE, app, today, settings)


def waiting_game(app: Application, today: date, settings: Settings) -> list[Action]:
    return _run(_waiting.RULE, app, today, settings)


def reply_to_decision_due(app: Application, settings: Settings) -> list[Action]:
    return _run(_reply.RULE, app, _NO_DAY, settings)


def reapply_due(app: Application, settings: Settings) -> list[Action]:
    return _run(_reapply.RULE, app, _NO_DAY, settings)


def thank_references_due(app: Application, contacts: Sequence[Contact], settings: Settings) -> list[Action]:
    return _run(_thank_references.RULE, app, _NO_DAY, settings, contacts)


def keep_applying_due(applications: Sequence[Application], today: date, settings: Settings) -> list[Action]:
    return list(_keep_applying.RULE.evaluate(None, where(applications, (), today, settings), False).actions)


def explain(data: object, app: Application, today: date, settings: Settings) -> Explanation:
    """`followup why` for one application, with the learned wait, as the command works it out."""
    return _explain(app, registry.situation(data, today, settings))


def all_actions(
    app: Application, contacts: Sequence[Contact], today: date, settings: Settings
) -> list[Action]:
    return registry.all_actions(app, where([app], contacts, today, settings))


def application_actions(
    app: Application, contacts: Sequence[Contact], today: date, settings: Settings
) -> list[Action]:
    return registry.application_actions(app, where([app], contacts, today, settings))


def next_action(
    app: Application, contacts: Sequence[Contact], today: date, settings: Settings
) -> Action | None:
    return registry.next_action(app, where([app], contacts, today, settings))


__all__ = [
    "ADVICE",
    "CONTACT_EVENT",
    "DECISION_STATUSES",
    "OFFER_ADVICE",
    "REAPPLY_STATUSES",
    "Action",
    "FollowUpPlan",
    "LearnedWait",
    "acceptance_day",
    "agenda",
    "answered_on",
    "business_days_between",
    "contact_business_days",
    "contact_by",
    "contacted",
    "contacts_for",
    "decided_spans",
    "decision_day",
    "dismissal_for",
    "dismissal_of",
    "done_mark",
    "explain",
    "first_done_on",
    "first_due_set_by_answer",
    "follow_up_counts_from",
    "follow_up_plan",
    "harassment_warning",
    "interview_to_decision",
    "last_review_before",
    "learned_wait",
    "marked_done_on",
    "message_answered",
    "moved_by_snooze",
    "next_interview_day",
    "notified_references",
    "outcome_change",
    "person_matches",
    "personal_settings",
    "rejection_day",
    "reopening",
    "reply_by",
    "rounds_to_prepare",
    "settle",
    "snooze_for",
    "sort_key",
    "standing_decision_date",
    "thank_you_by",
    "thanked_too_soon",
]
