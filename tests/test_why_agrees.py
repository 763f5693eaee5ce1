"""`followup why ID` explains what `followup today` decides: the same actions, on the same dates."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.dates import human_date
from followup.kinds import ActionKind, Status
from followup.models import Application, DoneMark, Interview, Review, Settings, StatusChange, StoreData
from tests import rule_calls as rules
from tests.test_rules import NET, REF, applications, days, waiting_apps

S = Settings()


def check(data: StoreData, today: date) -> None:
    agenda = rules.agenda(data, today, S)
    for app in data.applications:
        why = rules.explain(data, app, today, S)
        explained = sorted((a for v in why.verdicts for a in v.actions), key=rules.sort_key)
        assert explained == [a for a in agenda if a.app == app.id]
        for verdict in why.verdicts:
            facts = dict(verdict.facts)
            for action in verdict.actions:
                if action.reason.startswith("Snoozed"):
                    continue
                due = human_date(action.due, today)
                if action.action is ActionKind.FOLLOW_UP or action.action is ActionKind.WAIT:
                    assert facts.get("next follow-up") == due or facts.get("move on", "").startswith(due)
                elif action.action is ActionKind.MOVE_ON:
                    assert facts["move on"].startswith(due)
                elif action.action is ActionKind.REPLY_TO_DECISION:
                    assert facts["answer due"].startswith(due)
                elif action.action is ActionKind.THANK_YOU:
                    assert any(f"thank-you due {due} " in value for value in facts.values())
                elif action.action in (ActionKind.NOTIFY_REFERENCES, ActionKind.ASK_NETWORK):
                    assert facts["due"].startswith(due)


@settings(max_examples=200, deadline=None)
@given(st.lists(applications(), max_size=4), days)
def test_why_shows_the_actions_and_dates_of_today(apps: list[Application], today: date) -> None:
    for i, a in enumerate(apps):
        a.id = f"app-{i}"
    check(StoreData(applications=apps, contacts=[REF, NET]), today)


@settings(max_examples=300, deadline=None)
@given(waiting_apps())
def test_why_shows_the_waiting_game_of_today(case: tuple[Application, date]) -> None:
    a, today = case
    check(StoreData(applications=[a], contacts=[REF, NET]), today)


@settings(max_examples=200, deadline=None)
@given(
    applications(),
    st.lists(st.tuples(days, st.sampled_from([None, "Jane", "Bob Lee", "Rita Ref"])), max_size=3),
    days,
)
def test_why_says_who_was_thanked_as_the_rules_count_it(
    a: Application, marks: list[tuple[date, str | None]], today: date
) -> None:
    a.done = [DoneMark(action=ActionKind.THANK_YOU.value, on=d, person=p) for d, p in marks]
    data = StoreData(applications=[a], contacts=[REF, NET])
    still_open = {(x.start, x.person) for x in rules.thank_you_due(a, S)}
    [verdict] = [v for v in rules.explain(data, a, today, S).verdicts if v.rule == ActionKind.THANK_YOU]
    if not verdict.applies:
        return
    people: list[tuple[date, str] | None] = []
    for interview in sorted(a.interviews, key=lambda i: i.at):
        people.append(None)  # the round's own line
        people += [(interview.day, p.name) for p in interview.interviewers]
    for (_, value), person in zip(verdict.facts, people, strict=True):
        if person is not None:
            assert value.startswith("thanked ") == (person not in still_open), (person, value)


def test_why_counts_an_answer_to_the_decision_as_the_rule_does() -> None:
    # A done mark naming someone (from a backup or an edited file) does not close the answer, which is
    # to the employer, not to a person: `today` still lists it, and `why` must not say it was answered.
    offer_on = date(2026, 3, 10)
    a = Application(
        id="acme",
        company="Acme",
        role="Dev",
        status=Status.OFFER,
        created_on=date(2026, 3, 1),
        status_history=[StatusChange(status=Status.OFFER, on=offer_on)],
        done=[DoneMark(action=ActionKind.REPLY_TO_DECISION.value, on=offer_on, person="Jane Doe")],
    )
    data = StoreData(applications=[a])
    [verdict] = [
        v for v in rules.explain(data, a, offer_on, S).verdicts if v.rule == ActionKind.REPLY_TO_DECISION
    ]
    assert [x.action for x in verdict.actions] == [ActionKind.REPLY_TO_DECISION]
    assert dict(verdict.facts)["answered"] == "not yet"
    a.done.append(DoneMark(action=ActionKind.REPLY_TO_DECISION.value, on=date(2026, 3, 11)))
    [verdict] = [
        v for v in rules.explain(data, a, offer_on, S).verdicts if v.rule == ActionKind.REPLY_TO_DECISION
    ]
    assert verdict.actions == () and dict(verdict.facts)["answered"] == human_date(
        date(2026, 3, 11), offer_on
    )


def test_why_names_the_booked_interview_that_stops_the_waiting_game() -> None:
    today = date(2026, 3, 10)
    a = Application(
        id="acme",
        company="Acme",
        role="Dev",
        status=Status.INTERVIEWING,
        created_on=date(2026, 3, 1),
        interviews=[
            Interview(round=1, at=datetime(2026, 3, 2, 10)),
            Interview(round=3, at=datetime(2026, 3, 20, 10)),
            Interview(round=2, at=datetime(2026, 3, 16, 10)),
        ],
    )
    data = StoreData(applications=[a])
    waiting = {ActionKind.WAIT, ActionKind.FOLLOW_UP, ActionKind.MOVE_ON}
    assert not waiting & {x.action for x in rules.agenda(data, today, S)}
    [verdict] = [v for v in rules.explain(data, a, today, S).verdicts if v.rule == ActionKind.FOLLOW_UP]
    assert not verdict.applies
    assert verdict.decision == "An interview is booked for Mon 16 Mar: nothing to chase."


def test_why_prepares_for_the_rounds_the_rule_prepares_for() -> None:
    a = Application(
        id="acme",
        company="Acme",
        role="Dev",
        status=Status.INTERVIEWING,
        created_on=date(2026, 3, 1),
        interviews=[
            Interview(round=1, at=datetime(2026, 3, 2, 10)),
            Interview(round=2, at=datetime(2026, 3, 12, 10)),
        ],
        reviews=[Review(on=date(2026, 3, 3), improve="shorter answers")],
    )
    data = StoreData(applications=[a])
    for today, booked in ((date(2026, 3, 11), True), (date(2026, 3, 12), True), (date(2026, 3, 13), False)):
        [verdict] = [v for v in rules.explain(data, a, today, S).verdicts if v.rule == ActionKind.PREPARE]
        assert verdict.applies is booked
        assert verdict.actions == tuple(rules.prepare_due(a, today, S))
        assert (("round 2", human_date(date(2026, 3, 12), today)) in verdict.facts) is booked
