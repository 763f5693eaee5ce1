"""What to do after the interview, and when: the advice of after-the-interview.txt as code.

Each rule is one module owning one `Rule` (base.py): its kinds of action with their titles and advice,
and one pure function that returns its actions together with the facts behind them. RULES lists them
in the agenda's order. `agenda` shows their actions, `explain` the facts of the same call, and every
other reader (drafts, exports, the command line's choices) asks the registry instead of deciding again.

Pure: the stored data, `today` and `Settings` in; values out. No clock, no files, no terminal, and no
pydantic at import time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from followup.kinds import ActionKind
from followup.rules import (
    answer_offer,
    booked,
    keep_applying,
    network,
    prepare,
    reapply,
    references,
    reply,
    review,
    thank_references,
    thank_you,
    waiting,
    withdraw,
)
from followup.rules.base import Action, Finding, Rule, Situation, Spec
from followup.rules.history import learned_wait, with_learned_wait
from followup.rules.hold import settle
from followup.rules.settled import archived_facts

if TYPE_CHECKING:
    from followup.models import Application, Settings

# The rules, in the order the agenda lists what they find for one application (ties keep it).
RULES: tuple[Rule, ...] = (
    booked.RULE,
    thank_you.RULE,
    references.RULE,
    network.RULE,
    review.RULE,
    prepare.RULE,
    waiting.RULE,
    reply.RULE,
    answer_offer.RULE,
    withdraw.RULE,
    reapply.RULE,
    thank_references.RULE,
    keep_applying.RULE,
)
APPLICATION_RULES = tuple(rule for rule in RULES if rule.scope == "application")
SEARCH_RULES = tuple(rule for rule in RULES if rule.scope == "search")
SPECS: dict[ActionKind, Spec] = {spec.kind: spec for rule in RULES for spec in rule.specs}
# Every kind of action, in the registry's order: the choices of `done`, `snooze` and `dismiss`.
ACTION_KINDS: tuple[str, ...] = tuple(str(kind) for kind in SPECS)
HOLDABLE_KINDS: tuple[str, ...] = tuple(str(s.kind) for s in SPECS.values() if s.hold_hint is None)
DONE_KINDS: tuple[str, ...] = tuple(str(s.kind) for s in SPECS.values() if s.done_hint is None)


def spec(kind: ActionKind | str) -> Spec:
    return SPECS[ActionKind(kind)]


def title(kind: ActionKind | str, person: str | None) -> str:
    """What to do, in a few words: `Thank Jane Doe`."""
    return spec(kind).title_for(person)


def title_of(action: Action) -> str:
    """The title an action is shown with: its own, or its kind's with its person."""
    return action.title or title(action.action, action.person)


def situation(data: Any, today: date, settings: Settings) -> Situation:
    """What every rule reads besides the application, from the store's data (anything with
    `applications` and `contacts`), with the wait learned from the user's own history; the
    applications of the archive count through the store's index of them, when it has one."""
    index = getattr(data, "archive", None)
    spans, latest = archived_facts(index) if index is not None else ((), None)
    learned = learned_wait(data.applications, today, settings, spans)
    adapted = with_learned_wait(settings, learned)
    return Situation(data.applications, data.contacts, today, adapted, learned, latest)


def findings(app: Application, where: Situation, why: bool = False) -> list[Finding]:
    """What each rule decided for one application; with `why`, the facts behind it too.

    An application an offer accepted elsewhere has ended gets nothing but the withdrawal (and a
    reminder to apply again, when you asked for one).
    """
    accepted = withdraw.ended_by_acceptance(app, where)
    if accepted is None:
        return [rule.evaluate(app, where, why) for rule in APPLICATION_RULES]
    return [
        rule.evaluate(app, where, why)
        if rule.name in withdraw.KEPT_AFTER_ACCEPTING
        else withdraw.superseded(rule, accepted, app)
        for rule in APPLICATION_RULES
    ]


def all_actions(app: Application, where: Situation) -> list[Action]:
    """Every action the rules find for one application, snoozed and dismissed ones included."""
    return [action for finding in findings(app, where) for action in finding.actions]


def application_actions(app: Application, where: Situation) -> list[Action]:
    """Every open action of one application (without the dismissed ones, those snoozed past today and
    the missed ones)."""
    return settle(app, all_actions(app, where), where.today, where.settings, outside=where.outside(app))


_KIND_ORDER = {kind: index for index, kind in enumerate(ActionKind)}


def sort_key(action: Action) -> tuple[date, date, str, int, str]:
    return (
        action.due,
        action.start,
        (action.company or "").casefold(),
        _KIND_ORDER[action.action],
        action.person or "",
    )


def search_actions(where: Situation) -> list[Action]:
    """The actions of the whole search (keep applying), not of one application."""
    return [action for rule in SEARCH_RULES for action in rule.evaluate(None, where, False).actions]


def agenda(data: Any, today: date, settings: Settings) -> list[Action]:
    """All open actions of all applications, plus the search's own, soonest first."""
    where = situation(data, today, settings)
    actions: list[Action] = []
    for app in where.applications:
        actions.extend(application_actions(app, where))
    actions.extend(search_actions(where))
    return sorted(actions, key=sort_key)


def open_actions(app: Application, where: Situation) -> list[Action]:
    """The open actions of one application, soonest first."""
    return sorted(application_actions(app, where), key=sort_key)


def next_action(app: Application, where: Situation) -> Action | None:
    """The most pressing action of one application, for lists and exports."""
    actions = open_actions(app, where)
    return actions[0] if actions else None


def draft_for(actions: Sequence[Action], today: date) -> str | None:
    """The draft the most pressing open action calls for (actions sorted, soonest first): one that has
    started before one still to come."""
    ready = [a for a in actions if a.start <= today] + [a for a in actions if a.start > today]
    return next((d for a in ready if (d := SPECS[a.action].draft) is not None), None)


__all__ = [
    "ACTION_KINDS",
    "APPLICATION_RULES",
    "DONE_KINDS",
    "HOLDABLE_KINDS",
    "RULES",
    "SEARCH_RULES",
    "SPECS",
    "Action",
    "Finding",
    "Rule",
    "Situation",
    "Spec",
    "agenda",
    "all_actions",
    "application_actions",
    "draft_for",
    "findings",
    "next_action",
    "open_actions",
    "search_actions",
    "situation",
    "sort_key",
    "spec",
    "title",
    "title_of",
]
