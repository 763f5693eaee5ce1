"""The recruiter who runs the process: the follow-up and its draft go to them, and their messages are
the employer's (a reference's or a networking contact's are not). Rules on fixed dates at their
boundary days, then the story through the command line. March 2026: Tue 3 (the interview), Tue 17
(the decision date), Thu 19 (the first follow-up), Wed 25 (a week after a message of Wed 18)."""

from __future__ import annotations

from datetime import date
from typing import Any

from followup import rules as registry
from followup.kinds import ActionKind, EventKind, Relation, Status
from followup.models import Application, Contact, Settings, Snooze
from followup.rules.recruiter import recruiter_for
from tests import rule_calls as rules
from tests.conftest import Invoke, as_json
from tests.test_rules import TUE_3, app, event, interview

S = Settings()
D = date
WED_18, THU_19, TUE_24, WED_25 = D(2026, 3, 18), D(2026, 3, 19), D(2026, 3, 24), D(2026, 3, 25)
RITA = Contact(
    name="Rita Recruiter", email="rita@acme.example", company="  ACME ", relation=Relation.RECRUITER
)
ROB = Contact(name="Rob Other", email="rob@initech.example", company="Initech", relation=Relation.RECRUITER)
NINA = Contact(name="Nina Net", company="Acme", relation=Relation.NETWORK)


def acme(**extra: Any) -> Application:
    return app(interview(TUE_3, "Jane Doe"), decision_by=D(2026, 3, 17), **extra)


def chase(application: Application, today: date, *contacts: Contact) -> list[rules.Action]:
    """The waiting game of one application, with these contacts."""
    where = rules.where([application], contacts, today, S)
    found = registry.application_actions(application, where)
    return [a for a in found if a.action in (ActionKind.WAIT, ActionKind.FOLLOW_UP, ActionKind.MOVE_ON)]


def test_the_recruiter_at_the_company_is_whom_the_follow_up_is_for() -> None:
    assert recruiter_for(acme(), [ROB, NINA]) is None
    assert recruiter_for(acme(), [ROB, RITA]) == RITA  # the company's name in any case and spacing
    [follow_up] = chase(acme(), THU_19, ROB, RITA)
    assert (follow_up.action, follow_up.person, follow_up.email) == (
        ActionKind.FOLLOW_UP, "Rita Recruiter", "rita@acme.example",
    )  # fmt: skip
    assert registry.title_of(follow_up) == "Follow up with Rita Recruiter"
    assert "Write to Rita Recruiter, the recruiter who runs the process." in follow_up.reason
    [alone] = chase(acme(), THU_19)
    assert (alone.person, registry.title_of(alone)) == (None, "Follow up")


def test_a_message_from_the_recruiter_is_the_employers_answer() -> None:
    wrote = acme(events=[event(WED_18, EventKind.OTHER, inbound=True, with_="Rita Recruiter")])
    assert [a.action for a in chase(wrote, TUE_24, RITA)] == [ActionKind.WAIT]
    [follow_up] = chase(wrote, WED_25, RITA)
    assert (follow_up.action, follow_up.due) == (ActionKind.FOLLOW_UP, WED_25)


def test_a_message_from_a_networking_contact_or_a_reference_is_not() -> None:
    ref = Contact(name="Ann Ref", relation=Relation.REFERENCE)
    for who, contacts in (("Nina Net", (NINA,)), ("Ann Ref", (ref,))):
        heard = acme(events=[event(WED_18, EventKind.OTHER, inbound=True, with_=who)])
        [follow_up] = chase(heard, THU_19, *contacts)
        assert (follow_up.action, follow_up.due) == (ActionKind.FOLLOW_UP, THU_19), who
    # A networking contact who interviewed you speaks for the employer.
    interviewed = app(interview(TUE_3, "Nina Net"), decision_by=D(2026, 3, 17))
    interviewed.events.append(event(WED_18, EventKind.OTHER, inbound=True, with_="Nina Net"))
    assert [a.action for a in chase(interviewed, THU_19, NINA)] == [ActionKind.WAIT]
    # A message logged --kind network is never the employer's, whoever sent it.
    logged = acme(events=[event(WED_18, EventKind.NETWORK, inbound=True)])
    assert [a.action for a in chase(logged, THU_19)] == [ActionKind.FOLLOW_UP]


def test_answering_the_recruiter_is_a_reply_not_a_networking_contact() -> None:
    from followup.rules.recruiter import app_outsiders

    rita = acme(events=[event(WED_18, EventKind.OTHER, inbound=True, with_="Rita Recruiter")])
    assert rules.message_answered(rita, THU_19, S, app_outsiders(rita, [RITA])) == WED_18
    nina = acme(events=[event(WED_18, EventKind.OTHER, inbound=True, with_="Nina Net")])
    assert rules.message_answered(nina, THU_19, S, app_outsiders(nina, [NINA])) is None


def test_a_snooze_recorded_before_the_recruiter_was_known_still_holds_the_follow_up() -> None:
    snoozed = acme(snoozes=[Snooze(action="follow-up", until=TUE_24, on=THU_19)])
    assert chase(snoozed, THU_19, RITA) == []
    [back] = chase(snoozed, TUE_24, RITA)
    assert (back.action, back.person) == (ActionKind.FOLLOW_UP, "Rita Recruiter")


# the command line --------------------------------------------------------------------------------------


def follow_ups(invoke: Invoke, today: str) -> list[dict[str, Any]]:
    items = as_json(invoke("today", "--json", today=today))["actions"]
    return [a for a in items if a["action"] in ("follow-up", "wait")]


def test_the_recruiter_through_the_command_line(invoke: Invoke, config_file: Any) -> None:
    config_file.write_text('signature = "Sam Seeker"\n', encoding="utf-8")
    invoke(
        "add", "--company", "Acme", "--role", "Backend Engineer", "--interview-at", "2026-03-03T10:00",
        "--interviewer", "Jane Doe <jane@acme.example>", "--decision-by", "2026-03-17", today="2026-03-03",
    )  # fmt: skip
    invoke("contact", "add", "Rita Recruiter", "--relation", "recruiter", "--company", "Acme",
           "--email", "rita@acme.example", today="2026-03-03")  # fmt: skip
    invoke("contact", "add", "Nina Net", "--relation", "network", "--company", "Acme", today="2026-03-03")
    [item] = follow_ups(invoke, "2026-03-19")
    assert (item["action"], item["person"]) == ("follow-up", "Rita Recruiter")
    assert "Follow up with Rita Recruiter" in invoke("today", today="2026-03-19").stdout
    draft = invoke("draft", "acme", "follow-up", today="2026-03-19")
    assert draft.stdout.startswith("To: Rita Recruiter <rita@acme.example>\n")
    assert "Dear Rita," in draft.stdout
    assert "--with 'Rita Recruiter'" in draft.stderr
    # A word from a networking contact at Acme is not their answer: the follow-up stays due.
    invoke("log-contact", "acme", "--inbound", "--with", "Nina", "--kind", "other", today="2026-03-18")
    assert [i["action"] for i in follow_ups(invoke, "2026-03-19")] == ["follow-up"]
    # The recruiter's is: the next follow-up is a week after it.
    logged = invoke("log-contact", "acme", "--inbound", "--with", "Rita", "--note", "need more time",
                    today="2026-03-19")  # fmt: skip
    assert "Logged follow-up from Rita Recruiter, Acme (acme)" in logged.stdout
    [wait] = follow_ups(invoke, "2026-03-20")
    assert (wait["action"], wait["due"]) == ("wait", "2026-03-26")
    # Answering her is a reply, not a follow-up.
    answered = invoke("log-contact", "acme", "--with", "Rita", today="2026-03-20")
    assert "Counted as a reply to their message of" in answered.stdout + answered.stderr


def test_a_message_from_the_recruiter_reopens_a_ghosted_application_a_contacts_does_not(
    invoke: Invoke, store_file: Any
) -> None:
    invoke(
        "add", "--company", "Acme", "--role", "Backend Engineer", "--interview-at", "2026-03-03T10:00",
        today="2026-03-03",
    )  # fmt: skip
    invoke(
        "contact", "add", "Rita Recruiter", "--relation", "recruiter", "--company", "Acme", today="2026-03-03"
    )
    invoke("contact", "add", "Nina Net", "--relation", "network", "--company", "Acme", today="2026-03-03")
    invoke("status", "acme", "ghosted", today="2026-04-01")
    invoke("log-contact", "acme", "--inbound", "--with", "Nina", today="2026-04-02")
    [row] = as_json(invoke("list", "--all", "--json", today="2026-04-02"))
    assert row["status"] == str(Status.GHOSTED)
    result = invoke("log-contact", "acme", "--inbound", "--with", "Rita", today="2026-04-03")
    assert "Reopened: Acme (acme) was ghosted; it is interviewing again." in result.stdout + result.stderr
    history = [
        c["status"] for c in as_json(invoke("show", "acme", "--json", today="2026-04-03"))["status_history"]
    ]
    assert history[-2:] == ["ghosted", "interviewing"]


def test_an_interviewer_is_made_the_recruiter_by_a_contact_of_that_name(invoke: Invoke) -> None:
    invoke(
        "add", "--company", "Acme", "--role", "Backend Engineer", "--interview-at", "2026-03-03T10:00",
        "--interviewer", "Bob Roe", "--interviewer", "Jane Doe <jane@acme.example>",
        "--decision-by", "2026-03-17", today="2026-03-03",
    )  # fmt: skip
    invoke("contact", "add", "Jane Doe", "--relation", "recruiter", "--company", "Acme", today="2026-03-03")
    [item] = follow_ups(invoke, "2026-03-19")
    assert (item["action"], item["person"]) == ("follow-up", "Jane Doe")
    draft = invoke("draft", "acme", "follow-up", today="2026-03-19").stdout
    assert draft.startswith("To: Jane Doe <jane@acme.example>\n") and "Dear Jane," in draft
