"""Don't try to force the employer to make a decision: while you hold an offer, the other applications'
waiting game says so once, quoting the post's trade-off, and no draft uses the offer as pressure.
Rules on fixed dates at their boundary days, then the story through the command line.
March 2026: Tue 3 (interviews), Tue 17 (the decision date), Thu 19 (the first follow-up)."""

from __future__ import annotations

from datetime import date

from followup import rules as registry
from followup.kinds import ActionKind, EventKind, Outcome, Status
from followup.models import Application, Settings, StatusChange
from followup.rules.pressure import TRADE_OFF, WAIT_TITLE
from tests import rule_calls as rules
from tests.conftest import Invoke, as_json
from tests.test_rules import TUE_3, app, event, interview

S = Settings()
D = date
MON_9, TUE_17, THU_19, FRI_20 = D(2026, 3, 9), D(2026, 3, 17), D(2026, 3, 19), D(2026, 3, 20)


def waiting_at_acme() -> Application:
    return app(interview(TUE_3, "Jane Doe"), decision_by=TUE_17)


def offer_at_initech(on: date = MON_9, respond_by: date | None = FRI_20) -> Application:
    return app(
        interview(D(2026, 3, 2), "Ann Boss"),
        company="Initech",
        status=Status.OFFER,
        created_on=D(2026, 2, 20),
        status_history=[StatusChange(status=Status.OFFER, on=on)],
        respond_by=respond_by,
        events=[event(on, EventKind.REPLY, inbound=True, outcome=Outcome.OFFER)],
    )


def acme_actions(today: date, *others: Application) -> list[rules.Action]:
    """Acme's waiting game (and withdrawal), its thank-you and review left aside."""
    acme = waiting_at_acme()
    found = registry.application_actions(acme, rules.where([acme, *others], (), today, S))
    return [a for a in found if a.action not in (ActionKind.THANK_YOU, ActionKind.REVIEW)]


def test_without_an_offer_the_wait_is_as_before() -> None:
    [wait] = acme_actions(MON_9)
    assert wait.action is ActionKind.WAIT and wait.title is None
    assert registry.title_of(wait) == "Wait" and TRADE_OFF not in wait.reason


def test_while_you_hold_an_offer_the_wait_says_once_not_to_press_them() -> None:
    [wait] = acme_actions(MON_9, offer_at_initech())
    assert wait.action is ActionKind.WAIT
    assert registry.title_of(wait) == WAIT_TITLE
    assert "You hold an offer from Initech, to answer by Fri 20 Mar 2026: don't tell Acme about it" in (
        wait.reason
    )
    assert wait.reason.endswith(f"“{TRADE_OFF}”") and wait.reason.count(TRADE_OFF) == 1
    # The dates of the waiting game do not move: the offer changes what to say, not when.
    [before] = acme_actions(MON_9)
    assert (wait.start, wait.due) == (before.start, before.due)


def test_an_offer_without_a_date_to_answer_by_counts_too() -> None:
    [wait] = acme_actions(MON_9, offer_at_initech(respond_by=None))
    assert "You hold an offer from Initech: don't tell Acme" in wait.reason


def test_at_the_follow_up_the_offer_stays_out_of_it() -> None:
    held = offer_at_initech()
    assert [a.action for a in acme_actions(D(2026, 3, 18), held)] == [ActionKind.WAIT]
    [follow_up] = acme_actions(THU_19, held)
    assert follow_up.action is ActionKind.FOLLOW_UP and registry.title_of(follow_up) == "Follow up"
    assert "Leave your offer from Initech out of it" in follow_up.reason and TRADE_OFF in follow_up.reason


def test_an_offer_accepted_or_declined_is_no_longer_held() -> None:
    for status in (Status.WITHDRAWN, Status.REJECTED):
        declined = offer_at_initech().model_copy(update={"status": status})
        [wait] = acme_actions(MON_9, declined)
        assert TRADE_OFF not in wait.reason
    accepted = offer_at_initech().model_copy(update={"status": Status.ACCEPTED})
    accepted.status_history.append(StatusChange(status=Status.ACCEPTED, on=MON_9))
    assert [a.action for a in acme_actions(MON_9, accepted)] == [ActionKind.WITHDRAW]


def test_the_offer_itself_gets_no_such_note() -> None:
    held = offer_at_initech()
    found = registry.application_actions(held, rules.where([held, waiting_at_acme()], (), MON_9, S))
    assert found and not any(TRADE_OFF in a.reason for a in found)


def test_why_names_the_offer_and_the_trade_off() -> None:
    acme, held = waiting_at_acme(), offer_at_initech()
    data = type("Data", (), {"applications": [acme, held], "contacts": []})()
    [verdict] = [v for v in rules.explain(data, acme, MON_9, S).verdicts if v.rule == "wait"]
    assert "You hold an offer from Initech" in verdict.decision and "“" not in verdict.decision
    facts = dict(verdict.facts)
    assert facts["offer elsewhere"].startswith("an offer from Initech, to answer by Fri 20 Mar")
    assert f"“{TRADE_OFF}”" in facts["offer elsewhere"]


# the command line --------------------------------------------------------------------------------------


def test_holding_an_offer_through_the_command_line(invoke: Invoke, config_file) -> None:
    config_file.write_text('signature = "Sam Seeker"\n', encoding="utf-8")
    for company, day in (("Acme", "2026-03-03"), ("Initech", "2026-03-02")):
        invoke(
            "add", "--company", company, "--role", "Backend Engineer", "--interview-at", f"{day}T10:00",
            "--interviewer", f"Jane {company} <jane@{company.lower()}.example>",
            "--decision-by", "2026-03-17", today=day,
        )  # fmt: skip
    invoke("log-contact", "initech", "--outcome", "offer", "--respond-by", "2026-03-20", today="2026-03-09")
    text = invoke("today", "--all", today="2026-03-10").stdout
    assert text.count(WAIT_TITLE) == 1  # once, on Acme's one waiting line
    assert f"{WAIT_TITLE} — Acme · Backend Engineer (acme)" in text
    long = invoke("today", "--all", "--long", today="2026-03-10").stdout
    assert "you force them to make a snap judgement, you may miss out" in " ".join(long.split())
    why = invoke("why", "acme", today="2026-03-10").stdout
    assert "offer elsewhere" in why and "snap judgement" in " ".join(why.split())
    # The JSON keeps its keys; the note is in the reason.
    [wait] = [
        a
        for a in as_json(invoke("today", "--json", today="2026-03-10"))["actions"]
        if a["app"] == "acme" and a["state"] == "waiting"
    ]
    assert wait["action"] == "wait" and "Initech" in wait["reason"]
    # No draft for Acme uses the offer as pressure, neither the follow-up nor the thank-you.
    for kind, day in (("follow-up", "2026-03-19"), ("thank-you", "2026-03-10")):
        draft = invoke("draft", "acme", kind, today=day).stdout
        assert "Initech" not in draft and "offer" not in draft.casefold(), draft
    # Once it is declined, the note goes.
    invoke("status", "initech", "withdrawn", today="2026-03-12")
    assert WAIT_TITLE not in invoke("today", "--all", today="2026-03-12").stdout
