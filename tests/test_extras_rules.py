"""The rules added beyond the core (prepare, reapply, thank-references, snoozes, dismissals, the learned
wait), each checked on the days either side of its boundary."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.dates import add_business_days
from followup.kinds import ActionKind, ActionState, Direction, EventKind, Relation, Status
from followup.models import (
    Application,
    Contact,
    DoneMark,
    Event,
    Interview,
    Person,
    Review,
    Settings,
    Snooze,
    StatusChange,
    StoreData,
)
from tests import rule_calls as rules

SETTINGS = Settings()
TUE = date(2026, 3, 3)


def app_with(*rounds: date, status: Status = Status.INTERVIEWING, **extra: object) -> Application:
    interviews = [
        Interview(
            round=n + 1,
            at=datetime.combine(day, datetime.min.time()).replace(hour=10),
            interviewers=[Person(name="Jane Doe", email="jane@acme.example")],
        )
        for n, day in enumerate(rounds)
    ]
    return Application(
        id="acme",
        company="Acme",
        role="Backend Engineer",
        status=status,
        created_on=rounds[0] if rounds else TUE,
        applied_on=rounds[0] if rounds else TUE,
        interviews=interviews,
        status_history=[StatusChange(status=Status.APPLIED, on=rounds[0] if rounds else TUE)],
        **extra,  # type: ignore[arg-type]
    )


def kinds(actions: list[rules.Action], kind: ActionKind) -> list[rules.Action]:
    return [a for a in actions if a.action is kind]


# prepare -----------------------------------------------------------------------------------------------


def test_prepare_is_due_the_day_before_a_further_round_and_quotes_the_review() -> None:
    round_two = date(2026, 3, 12)
    app = app_with(TUE, round_two, reviews=[Review(on=date(2026, 3, 4), improve="talk about trade-offs")])
    (prep,) = rules.prepare_due(app, date(2026, 3, 9), SETTINGS)
    assert (prep.start, prep.due) == (date(2026, 3, 11), round_two)
    assert "talk about trade-offs" in prep.reason and "Round 2" in prep.reason
    assert prep.state(date(2026, 3, 10)) is ActionState.UPCOMING
    assert prep.state(date(2026, 3, 11)) is ActionState.DUE
    # On the interview day it is due (not late); the day after, the round is over.
    assert rules.prepare_due(app, round_two, SETTINGS)
    assert rules.prepare_due(app, round_two + timedelta(days=1), SETTINGS) == []


def test_prepare_needs_a_round_booked_ahead_and_quotes_notes_to_improve_when_there_are_some() -> None:
    assert rules.prepare_due(app_with(TUE), TUE, SETTINGS) == []  # recorded on its own day: under way
    # Without notes to improve (only praise, or a review written after the round), it is still due,
    # with the questions to think over instead of the review.
    only_praise = app_with(TUE, date(2026, 3, 12), reviews=[Review(on=TUE, went_well="rapport")])
    (prep,) = rules.prepare_due(only_praise, TUE, SETTINGS)
    assert prep.start == date(2026, 3, 11) and "questions you would find hardest" in prep.reason
    late = app_with(TUE, date(2026, 3, 12), reviews=[Review(on=date(2026, 3, 12), improve="x")])
    (prep,) = rules.prepare_due(late, date(2026, 3, 10), SETTINGS)
    assert "your review" not in prep.reason


def test_prepare_done_mark_closes_it_and_the_setting_moves_it() -> None:
    app = app_with(TUE, date(2026, 3, 12), reviews=[Review(on=date(2026, 3, 4), improve="x")])
    two_days = Settings(prepare_days_before=2)
    assert rules.prepare_due(app, TUE, two_days)[0].start == date(2026, 3, 10)
    app.done.append(DoneMark(action="prepare", on=date(2026, 3, 11)))
    assert rules.prepare_due(app, TUE, SETTINGS) == []


# reapply -----------------------------------------------------------------------------------------------


def test_reapply_starts_on_its_date_and_is_overdue_after_the_window() -> None:
    start = date(2026, 6, 1)
    app = app_with(TUE, status=Status.REJECTED, reapply_after=start)
    (action,) = rules.reapply_due(app, SETTINGS)
    assert action.start == start
    assert action.due == start + timedelta(days=SETTINGS.reapply_window_days)
    assert action.state(start - timedelta(days=1)) is ActionState.UPCOMING
    assert action.state(start) is ActionState.DUE
    assert action.state(action.due) is ActionState.DUE
    assert action.state(action.due + timedelta(days=1)) is ActionState.OVERDUE


@pytest.mark.parametrize("status", [Status.INTERVIEWING, Status.OFFER, Status.ACCEPTED])
def test_reapply_only_for_a_closed_application(status: Status) -> None:
    assert rules.reapply_due(app_with(TUE, status=status, reapply_after=date(2026, 6, 1)), SETTINGS) == []


def test_reapply_done_mark_closes_it() -> None:
    app = app_with(TUE, status=Status.REJECTED, reapply_after=date(2026, 6, 1))
    app.done.append(DoneMark(action="reapply", on=date(2026, 6, 2)))
    assert rules.reapply_due(app, SETTINGS) == []


def test_rejection_reply_asks_for_feedback() -> None:
    app = app_with(TUE, status=Status.REJECTED)
    app.status_history.append(StatusChange(status=Status.REJECTED, on=date(2026, 3, 10)))
    (reply,) = rules.reply_to_decision_due(app, SETTINGS)
    assert "feedback" in reply.reason


# thank-references ----------------------------------------------------------------------------------------

ANN = Contact(name="Ann Ref", email="ann@ref.example", relation=Relation.REFERENCE)
BEN = Contact(name="Ben Ref", relation=Relation.REFERENCE)


def accepted_app(on: date = date(2026, 4, 1)) -> Application:
    app = app_with(TUE, status=Status.ACCEPTED)
    app.status_history.append(StatusChange(status=Status.ACCEPTED, on=on))
    return app


def test_thank_references_only_for_those_told() -> None:
    app = accepted_app()
    app.events.append(Event(on=date(2026, 3, 4), kind=EventKind.REFERENCE, **{"with": "Ann"}))
    (action,) = rules.thank_references_due(app, [ANN, BEN], SETTINGS)
    assert action.person == "Ann Ref" and action.email == "ann@ref.example"
    assert (action.start, action.due) == (date(2026, 4, 1), date(2026, 4, 8))
    assert action.state(date(2026, 4, 8)) is ActionState.DUE
    assert action.state(date(2026, 4, 9)) is ActionState.OVERDUE


def test_thank_references_from_done_marks_and_unlisted_names() -> None:
    app = accepted_app()
    app.done.append(DoneMark(action="notify-references", on=date(2026, 3, 4), person="Ben Ref"))
    app.events.append(Event(on=date(2026, 3, 4), kind=EventKind.REFERENCE, **{"with": "Carl Old"}))
    people = sorted(a.person or "" for a in rules.thank_references_due(app, [ANN, BEN], SETTINGS))
    assert people == ["Ben Ref", "Carl Old"]


def test_thank_references_closed_by_a_reference_contact_after_acceptance() -> None:
    app = accepted_app()
    app.events.append(Event(on=date(2026, 3, 4), kind=EventKind.REFERENCE, **{"with": "Ann Ref"}))
    app.events.append(Event(on=date(2026, 4, 2), kind=EventKind.REFERENCE, **{"with": "Ann Ref"}))
    assert rules.thank_references_due(app, [ANN], SETTINGS) == []


def test_no_thank_references_before_acceptance() -> None:
    app = app_with(TUE, status=Status.OFFER)
    app.events.append(Event(on=date(2026, 3, 4), kind=EventKind.REFERENCE))
    assert rules.thank_references_due(app, [ANN], SETTINGS) == []


# snoozes and dismissals ----------------------------------------------------------------------------------


def test_snoozed_action_leaves_until_its_day_and_comes_back_due() -> None:
    app = app_with(TUE)
    until = date(2026, 3, 10)
    app.snoozes.append(Snooze(action="thank-you", until=until, on=TUE, person="Jane Doe"))
    raw = kinds(rules.all_actions(app, [], TUE, SETTINGS), ActionKind.THANK_YOU)
    assert raw and raw[0].due == date(2026, 3, 4)
    assert (
        kinds(rules.settle(app, raw, until - timedelta(days=1), outside=frozenset()), ActionKind.THANK_YOU)
        == []
    )
    (back,) = rules.settle(app, raw, until, outside=frozenset())
    # The window moves with it: start on the day it returns, due a business day's width later.
    assert (back.start, back.due) == (until, date(2026, 3, 11))
    assert back.state(until) is ActionState.DUE
    assert back.reason.startswith("Snoozed until")


def test_snooze_does_not_hold_an_action_that_starts_after_it() -> None:
    app = app_with(TUE)
    app.snoozes.append(Snooze(action="thank-you", until=TUE, on=TUE, person="Jane Doe"))
    raw = kinds(rules.all_actions(app, [], TUE, SETTINGS), ActionKind.THANK_YOU)
    assert rules.settle(app, raw, TUE, outside=frozenset()) == raw


def test_dismissal_hides_only_the_action_it_names() -> None:
    from followup.models import Dismissal

    app = app_with(TUE, date(2026, 3, 12))
    app.dismissals.append(Dismissal(action="thank-you", start=TUE, on=TUE, person="Jane Doe"))
    shown = kinds(rules.application_actions(app, [], date(2026, 3, 12), SETTINGS), ActionKind.THANK_YOU)
    # Round one's thank-you is gone for good; round two's is a new action.
    assert [a.start for a in shown] == [date(2026, 3, 12)]


def _follow_up(app: Application, today: date, settings: Settings = SETTINGS) -> list[rules.Action]:
    return kinds(rules.application_actions(app, [], today, settings), ActionKind.FOLLOW_UP)


def test_follow_up_dismissal_names_the_day_its_wait_counts_from() -> None:
    from followup.models import Dismissal

    app = app_with(TUE)  # no decision date: first follow-up Thu 12 Mar, 7 business days after Tue 3 Mar
    (due,) = kinds(rules.all_actions(app, [], date(2026, 3, 12), SETTINGS), ActionKind.FOLLOW_UP)
    dismissal = rules.dismissal_of(app, due, date(2026, 3, 12), outside=frozenset())
    expected = Dismissal(action="follow-up", start=date(2026, 3, 12), on=date(2026, 3, 12), counts_from=TUE)
    assert dismissal.model_dump(exclude={"id"}) == expected.model_dump(exclude={"id"})
    app.dismissals.append(dismissal)
    # A longer wait or a holiday moves the follow-up's start; it is still the one dismissed.
    for settings in (
        SETTINGS,
        Settings(follow_up_without_decision_business_days=10),
        Settings(holidays=[TUE + timedelta(days=2)]),
    ):
        assert _follow_up(app, date(2026, 4, 30), settings) == []
    # A decision date they give, a message from them, a new round or a follow-up of yours: a new one.
    for change in (
        {"decision_by": date(2026, 3, 20)},
        {"events": [Event(on=date(2026, 3, 16), kind=EventKind.REPLY, direction=Direction.INBOUND)]},
        {"events": [Event(on=date(2026, 3, 16), kind=EventKind.FOLLOW_UP)]},
    ):
        changed = app.model_copy(update=change)
        assert len(_follow_up(changed, date(2026, 4, 30))) == 1, change
    again = app_with(TUE, date(2026, 3, 16), dismissals=[dismissal])
    assert len(_follow_up(again, date(2026, 4, 30))) == 1


def test_follow_up_dismissal_without_counts_from_matches_by_start_as_before() -> None:
    from followup.models import Dismissal

    # Stored by an earlier version: it names the follow-up that started on Thu 12 Mar, and only that one.
    app = app_with(
        TUE, dismissals=[Dismissal(action="follow-up", start=date(2026, 3, 12), on=date(2026, 3, 12))]
    )
    assert _follow_up(app, date(2026, 4, 30)) == []
    later = Settings(follow_up_without_decision_business_days=8)
    assert [a.start for a in _follow_up(app, date(2026, 4, 30), later)] == [date(2026, 3, 13)]


def test_snoozed_follow_up_stays_held_when_its_start_moves() -> None:
    # A snooze names the kind and person, not the start: a longer wait or a holiday cannot free it early.
    until = date(2026, 3, 20)
    app = app_with(TUE, snoozes=[Snooze(action="follow-up", until=until, on=date(2026, 3, 12))])
    for settings in (
        SETTINGS,
        Settings(follow_up_without_decision_business_days=8),
        Settings(holidays=[TUE + timedelta(days=2)]),
    ):
        assert _follow_up(app, until - timedelta(days=1), settings) == []
        assert [a.start for a in _follow_up(app, until, settings)] == [until]


# the learned wait ------------------------------------------------------------------------------------------


def decided(n: int, business_days: int, outcome: Status = Status.REJECTED) -> list[Application]:
    apps = []
    for i in range(n):
        interview = date(2026, 1, 5) + timedelta(weeks=i)  # Mondays
        app = app_with(interview, status=outcome)
        app.id = f"app-{i}"
        decided_on = add_business_days(interview, business_days)
        app.status_history.append(StatusChange(status=outcome, on=decided_on))
        apps.append(app)
    return apps


def test_wait_adapts_only_from_five_decided_applications() -> None:
    today = date(2026, 6, 1)
    four = rules.learned_wait(decided(4, 10), today, SETTINGS)
    assert not four.adapted and four.wait == 7
    five = rules.learned_wait(decided(5, 10), today, SETTINGS)
    assert five.adapted and five.wait == 10 and five.median == 10


@pytest.mark.parametrize(("median", "wait"), [(2, 5), (5, 5), (6, 6), (15, 15), (16, 15), (40, 15)])
def test_wait_is_bounded(median: int, wait: int) -> None:
    assert rules.learned_wait(decided(5, median), date(2026, 12, 1), SETTINGS).wait == wait


def test_wait_ignores_decisions_after_today_and_can_be_turned_off() -> None:
    apps = decided(5, 10)
    last_decision = max(c.on for a in apps for c in a.status_history)
    assert not rules.learned_wait(apps, last_decision - timedelta(days=1), SETTINGS).adapted
    assert rules.learned_wait(apps, last_decision, SETTINGS).adapted
    off = Settings(adaptive_wait=False)
    assert rules.personal_settings(apps, last_decision, off) is off


def test_learned_wait_moves_the_first_follow_up_in_the_agenda() -> None:
    history = decided(5, 12)
    waiting = app_with(date(2026, 5, 4))  # Monday, no decision date given
    data = StoreData(applications=[*history, waiting])
    today = date(2026, 5, 20)  # Wed: 12 business days after Mon 4 May
    acme = [a for a in rules.agenda(data, today, SETTINGS) if a.app == "acme"]
    assert [a.due for a in acme if a.action is ActionKind.FOLLOW_UP] == [date(2026, 5, 20)]
    day_before = [a for a in rules.agenda(data, today - timedelta(days=1), SETTINGS) if a.app == "acme"]
    assert ActionKind.FOLLOW_UP not in {a.action for a in day_before}


def test_inbound_event_is_not_a_decision() -> None:
    app = app_with(TUE)
    app.events.append(Event(on=date(2026, 3, 5), kind=EventKind.REPLY, direction=Direction.INBOUND))
    assert rules.decision_day(app) is None


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=5, max_size=12))
def test_learned_wait_stays_within_bounds(spans: list[int]) -> None:
    apps = []
    for i, span in enumerate(spans):
        apps.extend(decided(1, span))
        apps[-1].id = f"a{i}"
    learned = rules.learned_wait(apps, date(2027, 1, 1), SETTINGS)
    assert learned.adapted
    low, high = SETTINGS.adaptive_wait_min_business_days, SETTINGS.adaptive_wait_max_business_days
    assert low <= learned.wait <= high


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_business_days_between_matches_add_business_days(offset: int, count: int) -> None:
    start = date(2026, 1, 1) + timedelta(days=offset)
    assert rules.business_days_between(start, add_business_days(start, count)) == count


@given(
    st.dates(date(2025, 1, 1), date(2027, 12, 31)),
    st.integers(min_value=-10, max_value=800),
    st.lists(st.dates(date(2024, 12, 1), date(2030, 6, 1)), max_size=30),
)
def test_business_days_between_counts_every_working_day_once(
    start: date, span: int, holidays: list[date]
) -> None:
    end = start + timedelta(days=span)
    by_hand = sum(
        1
        for offset in range(1, span + 1)
        if (day := start + timedelta(days=offset)).weekday() < 5 and day not in set(holidays)
    )
    assert rules.business_days_between(start, end, holidays) == by_hand


def test_a_follow_up_dismissed_before_contacts_messages_were_told_apart_stays_dismissed() -> None:
    """A dismissal recorded while a networking contact's message counted as the employer's names the
    day of that message; it still names the same follow-up, and no later one."""
    from followup.models import Contact, Dismissal, Event

    pat = Contact(name="Pat Lee", company="Acme", relation=Relation.NETWORK)
    app = app_with(TUE)  # first follow-up Thu 12 Mar, counting from Tue 3 Mar
    contact_day = date(2026, 3, 9)
    app.events.append(
        Event(on=contact_day, kind=EventKind.REPLY, direction=Direction.INBOUND, **{"with": "Pat Lee"})
    )
    (due,) = kinds(rules.all_actions(app, [pat], date(2026, 3, 12), SETTINGS), ActionKind.FOLLOW_UP)
    # As the dismissal was recorded before: the day of Pat's message.
    app.dismissals.append(
        Dismissal(action="follow-up", start=due.start, on=date(2026, 3, 12), counts_from=contact_day)
    )
    assert (
        kinds(rules.application_actions(app, [pat], date(2026, 3, 20), SETTINGS), ActionKind.FOLLOW_UP) == []
    )
    # Their own answer makes a new follow-up, which that dismissal does not name.
    app.events.append(Event(on=date(2026, 3, 16), kind=EventKind.REPLY, direction=Direction.INBOUND))
    (new,) = kinds(rules.application_actions(app, [pat], date(2026, 3, 30), SETTINGS), ActionKind.FOLLOW_UP)
    assert new.start > date(2026, 3, 16)
