"""`followup mail scan` and `followup inbox` through the command line, on fixed dates: success and
failure, exit codes and messages, each message proposed once, undo, the agenda's line."""

from __future__ import annotations

import json
import mailbox
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, as_json
from tests.mail_corpus import JANE, LI, SAM, message

DAY = "2026-03-05"


@pytest.fixture
def search(invoke: Invoke, config_file: Path) -> None:
    config_file.write_text('[mail]\nme = ["sam@home.example"]\n', encoding="utf-8")
    invoke("add", "--company", "Acme", "--role", "Dev", "--interview-at", "2026-03-03T10:00",
           "--interviewer", JANE, today="2026-03-03")  # fmt: skip
    invoke("add", "--company", "Globex", "--role", "Dev", "--interview-at", "2026-03-02T10:00",
           "--interviewer", LI, today="2026-03-02")  # fmt: skip


def maildir(folder: Path, *raws: bytes) -> Path:
    box = mailbox.Maildir(folder, create=True)
    for raw in raws:
        box.add(raw)
    return folder


REJECTION = message(JANE, SAM, "Your application", "We are unable to offer you the position.", ident="r@acme")
THANKS = message(
    SAM, JANE, "Thank you", "Dear Jane, thank you for your time.", day=3, hour=17, ident="t@home"
)
OFFER = message(LI, SAM, "Offer", "We are pleased to offer you the role.", ident="o@globex")
STRANGER = message(
    "Wayne <jobs@wayne.example>", SAM, "Application", "Thank you for applying to Wayne.", ident="w@wayne"
)


def proposals(invoke: Invoke, *extra: str) -> list[dict[str, Any]]:
    return as_json(invoke("inbox", "--json", *extra, today=DAY))["proposals"]


def test_scan_proposes_and_scanning_twice_proposes_nothing_new(
    invoke: Invoke, search: None, tmp_path: Path
) -> None:
    folder = maildir(tmp_path / "Mail", REJECTION, THANKS, OFFER, STRANGER)
    result = invoke("mail", "scan", str(folder), today=DAY)
    assert result.stdout == "4 new proposals, 1 unmatched (`followup inbox` lists them).\n"
    found = {p["message_id"]: p for p in proposals(invoke)}
    assert (found["<r@acme>"]["app"], found["<r@acme>"]["outcome"]) == ("acme", "rejected")
    assert (found["<o@globex>"]["app"], found["<o@globex>"]["outcome"]) == ("globex", "offer")
    assert (found["<t@home>"]["kind"], found["<t@home>"]["direction"]) == ("thank-you", "outbound")
    assert found["<w@wayne>"]["app"] is None and found["<w@wayne>"]["kind"] == "other"
    assert invoke("mail", "scan", str(folder), today=DAY).stdout.startswith("0 new proposals.")
    # Read again from another source (an .eml of the same message): still proposed once.
    (tmp_path / "again.eml").write_bytes(REJECTION)
    assert invoke("mail", "scan", str(tmp_path / "again.eml"), today=DAY).stdout.startswith("0 new")
    assert len(proposals(invoke)) == 4


def test_accept_logs_the_event_with_its_message_id(
    invoke: Invoke, search: None, tmp_path: Path, store_file: Path
) -> None:
    (tmp_path / "r.eml").write_bytes(REJECTION)
    invoke("mail", "scan", str(tmp_path / "r.eml"), today=DAY)
    (prop,) = proposals(invoke)
    result = invoke("inbox", "accept", str(prop["id"]), today=DAY)
    assert result.stdout == f"{prop['id']}: Logged reply from Jane Doe, Acme (acme), Wed 4 Mar.\n"
    app = next(a for a in json.loads(store_file.read_text())["applications"] if a["id"] == "acme")
    assert app["status"] == "rejected"
    assert app["events"][-1]["message_id"] == "<r@acme>" and app["events"][-1]["outcome"] == "rejected"
    assert proposals(invoke) == []
    assert [p["state"] for p in proposals(invoke, "--all")] == ["accepted"]
    # The message read again is not proposed again: its Message-ID is on the event.
    assert invoke("mail", "scan", str(tmp_path / "r.eml"), today=DAY).stdout.startswith("0 new")
    # Undo takes the acceptance back whole: the event, the status, the proposal's state.
    invoke("undo", today=DAY)
    app = next(a for a in json.loads(store_file.read_text())["applications"] if a["id"] == "acme")
    assert app["status"] == "interviewing" and not app["events"]
    assert [p["state"] for p in proposals(invoke)] == ["pending"]


def test_accept_all_leaves_the_unmatched_and_reject_drops(
    invoke: Invoke, search: None, tmp_path: Path
) -> None:
    invoke("mail", "scan", str(maildir(tmp_path / "Mail", THANKS, OFFER, STRANGER)), today=DAY)
    by_id = {p["message_id"]: p["id"] for p in proposals(invoke)}
    invoke("inbox", "reject", str(by_id["<o@globex>"]), today=DAY)
    result = invoke("inbox", "accept", "--all", today=DAY)
    assert "Logged thank-you to Jane Doe, Acme (acme)" in result.stdout
    assert "1 unmatched proposal left" in result.stdout
    assert [p["message_id"] for p in proposals(invoke)] == ["<w@wayne>"]
    states = {p["message_id"]: p["state"] for p in proposals(invoke, "--all")}
    assert states == {"<t@home>": "accepted", "<o@globex>": "rejected", "<w@wayne>": "pending"}
    actions = as_json(invoke("today", "--json", today=DAY))["actions"]
    assert [a["app"] for a in actions if a["action"] == "thank-you"] == ["globex"]  # Li not thanked yet


def test_edit_matches_an_unmatched_proposal(invoke: Invoke, search: None, tmp_path: Path) -> None:
    (tmp_path / "w.eml").write_bytes(STRANGER)
    invoke("mail", "scan", str(tmp_path / "w.eml"), today=DAY)
    (prop,) = proposals(invoke)
    failed = invoke("inbox", "accept", str(prop["id"]), today=DAY, ok=False)
    assert failed.exit_code == 2 and "not matched to an application" in failed.stderr
    result = invoke("inbox", "edit", str(prop["id"]), "--app", "globex", "--kind", "reply", today=DAY)
    assert result.stdout.startswith(f"{prop['id']}: globex: confirmation (reply, inbound)")
    (edited,) = proposals(invoke)
    assert (edited["app"], edited["kind"], edited["confidence"]) == ("globex", "reply", 1.0)
    invoke("inbox", "edit", str(prop["id"]), "--outcome", "rejected", today=DAY)
    invoke("inbox", "accept", str(prop["id"]), today=DAY)
    assert as_json(invoke("show", "globex", "--json", today=DAY))["status"] == "rejected"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("inbox", "accept", "zz99"), 1, "no proposal 'zz99' in the inbox; waiting: {id}"),
        (("inbox", "reject", "{id}", "nope"), 1, "no proposal 'nope' in the inbox"),
        (("inbox", "edit", "zz99", "--app", "acme"), 1, "no proposal 'zz99'"),
        (("inbox", "edit", "{id}"), 2, "nothing to change"),
        (("inbox", "edit", "{id}", "--app", "nosuch"), 1, "no application 'nosuch'"),
        (("inbox", "accept"), 2, "name the proposals to accept"),
        (("inbox", "reject"), 2, "name the proposals to reject"),
        (("inbox", "accept", "{id}", "--all"), 2, "give the ids or --all"),
        (("mail", "scan", "/no/such/mailbox"), 1, "/no/such/mailbox: no such file or folder"),
    ],
)
def test_a_bad_id_or_source_is_one_line_and_changes_nothing(
    invoke: Invoke,
    search: None,
    tmp_path: Path,
    store_file: Path,
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    (tmp_path / "r.eml").write_bytes(REJECTION)
    invoke("mail", "scan", str(tmp_path / "r.eml"), today=DAY)
    (prop,) = proposals(invoke)
    args, message = tuple(a.format(id=prop["id"]) for a in args), message.format(id=prop["id"])
    before = store_file.read_bytes()
    result = invoke(*args, today=DAY, ok=False)
    assert result.exit_code == code
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert store_file.read_bytes() == before


def test_a_decided_proposal_cannot_be_decided_again(invoke: Invoke, search: None, tmp_path: Path) -> None:
    (tmp_path / "r.eml").write_bytes(REJECTION)
    invoke("mail", "scan", str(tmp_path / "r.eml"), today=DAY)
    (prop,) = proposals(invoke)
    invoke("inbox", "reject", prop["id"][:4], today=DAY)  # a prefix, as a short git commit id
    result = invoke("inbox", "accept", prop["id"], today=DAY, ok=False)
    assert result.exit_code == 2 and f"proposal {prop['id']} was rejected already" in result.stderr


def test_scan_without_a_source_reads_the_config_or_says_what_to_give(
    invoke: Invoke, search: None, tmp_path: Path, config_file: Path
) -> None:
    failed = invoke("mail", "scan", today=DAY, ok=False)
    assert failed.exit_code == 2 and "no mail to scan" in failed.stderr
    folder = maildir(tmp_path / "Mail", OFFER)
    config_file.write_text(f'[mail]\nme = ["sam@home.example"]\nsources = ["{folder}"]\n', encoding="utf-8")
    assert invoke("mail", "scan", today=DAY).stdout.startswith("1 new proposal ")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[mail]\nmee = ["x"]\n', "unknown key 'mail.mee'"),
        ("[mail]\nauto_accept = 1\n", "mail.auto_accept"),
        ('[mail]\nsources = "Mail"\n', "mail.sources"),
        ('mail = "x"\n', "mail must be a table"),
    ],
)
def test_a_bad_mail_table_names_the_key(invoke: Invoke, config_file: Path, table: str, message: str) -> None:
    config_file.write_text(table, encoding="utf-8")
    result = invoke("mail", "scan", "-", today=DAY, ok=False, input="")
    assert result.exit_code == 1 and message in result.stderr and str(config_file) in result.stderr


def test_auto_accept_logs_the_sure_ones(
    invoke: Invoke, search: None, tmp_path: Path, config_file: Path
) -> None:
    config_file.write_text('[mail]\nme = ["sam@home.example"]\nauto_accept = true\n', encoding="utf-8")
    result = invoke("mail", "scan", str(maildir(tmp_path / "Mail", REJECTION, STRANGER)), today=DAY)
    assert result.stdout == "2 new proposals, 1 unmatched, 1 accepted (`followup inbox` lists them).\n"
    assert [p["message_id"] for p in proposals(invoke)] == ["<w@wayne>"]
    assert as_json(invoke("show", "acme", "--json", today=DAY))["status"] == "rejected"


def test_a_message_from_standard_input(invoke: Invoke, search: None) -> None:
    result = invoke("mail", "scan", "-", today=DAY, input=OFFER.decode())
    assert result.stdout.startswith("1 new proposal ")


def test_a_hostile_message_is_skipped_with_one_inert_line(
    invoke: Invoke, search: None, tmp_path: Path
) -> None:
    hostile = (
        b"From: Jane <jane@acme.example>\nDate: Wed, 04 Mar 2026 10:00:00 +0000\n"
        b"Subject: =?utf-8?q?=1B[2J=1B]0;owned=07Error:_forged?=\n\nWe are pleased to offer you the role.\n"
    )
    folder = maildir(tmp_path / "Mail", hostile, OFFER)
    result = invoke("mail", "scan", str(folder), today=DAY)
    assert result.stdout == "1 new proposal; 1 message skipped (`followup inbox` lists them).\n"
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"skipped {folder} 1") and "Subject header holds a control character" in line
    assert "\x1b" not in result.stderr + result.stdout
    assert [p["message_id"] for p in proposals(invoke)] == ["<o@globex>"]


def test_the_agenda_says_when_messages_wait(invoke: Invoke, search: None, tmp_path: Path) -> None:
    assert "inbox" not in as_json(invoke("today", "--json", today=DAY))
    invoke("mail", "scan", str(maildir(tmp_path / "Mail", REJECTION, OFFER)), today=DAY)
    assert as_json(invoke("today", "--json", today=DAY))["inbox"] == 2
    for _ in range(2):  # worked out, then from the cache
        assert "2 messages to review: `followup inbox`" in invoke("today", today=DAY).stdout
    invoke("inbox", "reject", *(p["id"] for p in proposals(invoke)), today=DAY)
    assert "to review" not in invoke("today", today=DAY).stdout


def test_inbox_lists_the_proposals(invoke: Invoke, search: None, tmp_path: Path) -> None:
    assert "No messages to review" in invoke("inbox", today=DAY).stdout
    invoke("mail", "scan", str(maildir(tmp_path / "Mail", REJECTION)), today=DAY)
    shown = invoke("inbox", today=DAY).stdout
    assert "Your application" in shown and "rejection (reply, inbound, rejected)" in shown


def test_without_me_what_went_to_someone_known_is_taken_as_sent(
    invoke: Invoke, search: None, tmp_path: Path, config_file: Path
) -> None:
    config_file.write_text("", encoding="utf-8")
    invoke("mail", "scan", str(maildir(tmp_path / "Mail", THANKS, REJECTION)), today=DAY)
    found = {p["message_id"]: (p["kind"], p["direction"]) for p in proposals(invoke)}
    assert found == {"<t@home>": ("thank-you", "outbound"), "<r@acme>": ("reply", "inbound")}


def test_a_reply_read_before_the_message_it_answers_is_matched_by_its_thread(
    invoke: Invoke, search: None, tmp_path: Path
) -> None:
    answer = message("Dana <dana@agency.example>", SAM, "Re: Thank you", "Please share your availability.",
                     day=5, ident="d@agency", headers={"In-Reply-To": "<t@home>"})  # fmt: skip
    invoke("mail", "scan", str(maildir(tmp_path / "Mail", answer, THANKS)), today=DAY)
    found = {p["message_id"]: (p["app"], p["label"]) for p in proposals(invoke)}
    assert found == {"<t@home>": ("acme", "thank-you"), "<d@agency>": ("acme", "invitation")}


def test_accepting_a_new_date_or_an_invitation_logs_what_the_message_gave(
    invoke: Invoke, search: None, tmp_path: Path, store_file: Path
) -> None:
    later = message(
        JANE, SAM, "Update", "We need a bit more time; you will hear from us by March 13.", ident="m@acme"
    )
    text = "We would like to invite you to a final interview on 10 March at 14:30."
    invite = message(LI, SAM, "Next round", text, ident="i@globex")
    invoke("mail", "scan", str(maildir(tmp_path / "Mail", later, invite)), today=DAY)
    found = {p["message_id"]: p for p in proposals(invoke)}
    assert found["<m@acme>"]["new_date"] == "2026-03-13"
    assert found["<i@globex>"]["interview_at"] == "2026-03-10T14:30:00"
    invoke("inbox", "accept", "--all", today=DAY)
    apps = {a["id"]: a for a in json.loads(store_file.read_text())["applications"]}
    assert apps["acme"]["decision_by"] == "2026-03-13"
    assert apps["acme"]["events"][-1]["decision_by"] == "2026-03-13"
    assert apps["globex"]["events"][-1]["note"] == "Next round · interview invitation for 2026-03-10 14:30"


def test_mail_from_long_before_the_search_is_not_proposed(
    invoke: Invoke, search: None, tmp_path: Path
) -> None:
    old = message(JANE, SAM, "Lunch?", "We are pleased to offer you a seat at our table.", ident="old@acme")
    old = old.replace(b"Date: Wed, 04 Mar 2026", b"Date: Mon, 04 Mar 2019")
    assert invoke("mail", "scan", str(maildir(tmp_path / "Mail", old)), today=DAY).stdout.startswith("0 new")


def test_an_mbox_is_scanned_read_only_and_its_cursor_kept_in_the_cache(
    invoke: Invoke, search: None, tmp_path: Path
) -> None:
    path = tmp_path / "All mail.mbox"
    box = mailbox.mbox(path)
    for raw in (REJECTION, OFFER):
        box.add(raw)
    box.close()
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in tmp_path.iterdir()))
    assert invoke("mail", "scan", str(path), today=DAY).stdout.startswith("2 new proposals")
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in tmp_path.iterdir())) == before
    (cursors,) = (tmp_path / "cache").glob("mail-*.json")
    assert cursors.stat().st_mode & 0o777 == 0o600
    (cursor,) = json.loads(cursors.read_text())["sources"].values()
    assert cursor["offset"] == len(before[0])


def test_the_change_history_keeps_only_the_proposals_a_change_touched(
    invoke: Invoke, search: None, tmp_path: Path, store_file: Path
) -> None:
    many = [message(JANE, SAM, f"Re: {n}", "Sure.", ident=f"n{n}@acme") for n in range(30)]
    invoke("mail", "scan", str(maildir(tmp_path / "Mail", *many)), today=DAY)
    history = store_file.with_name(store_file.name + ".history")
    size = history.stat().st_size
    seventh = proposals(invoke)[6]["id"]
    invoke("inbox", "reject", seventh, today=DAY)
    line = json.loads(history.read_bytes()[size:])
    assert [(r["list"], r["key"]) for r in line["records"]] == [("inbox", seventh)] and line["top"] == {}
    assert f"(proposal {seventh} rejected)" in invoke("undo", "--list", today=DAY).stdout
    assert "added 30 proposals" in invoke("undo", "--list", today=DAY).stdout


def test_a_message_read_on_two_machines_is_one_proposal_after_a_sync(
    invoke: Invoke, search: None, tmp_path: Path, store_file: Path
) -> None:
    """The proposal's id comes from the Message-ID, so the merge of two stores that both read the
    same message keeps one record, and one read on one machine only is kept too."""
    from followup.sync.merge import merge

    (tmp_path / "r.eml").write_bytes(REJECTION)
    (tmp_path / "o.eml").write_bytes(OFFER)
    base = json.loads(store_file.read_text())
    invoke("mail", "scan", str(tmp_path / "r.eml"), today=DAY)
    ours = json.loads(store_file.read_text())
    other = tmp_path / "other.json"
    other.write_text(json.dumps(base))
    os.chmod(other, 0o600)
    invoke("--store", str(other), "mail", "scan", str(tmp_path / "r.eml"), str(tmp_path / "o.eml"), today=DAY)
    theirs = json.loads(other.read_text())
    merged = merge(base, ours, theirs)
    assert merged.resolutions == []
    assert sorted(p["message_id"] for p in merged.document["inbox"]) == sorted(
        p["message_id"] for p in theirs["inbox"]
    )
    assert len(merged.document["inbox"]) == 2


def test_the_rich_agenda_says_when_messages_wait() -> None:
    import io

    from followup.output import plain as views
    from followup.output import terminal as render

    for document, shown in (
        ({"date": "2026-03-05", "actions": [], "inbox": 1}, "1 message to review: `followup inbox`"),
        ({"date": "2026-03-05", "actions": []}, None),
    ):
        buffer = io.StringIO()
        render.render_agenda(render.make_console(file=buffer, no_color=True), views.agenda_lines(document, 7))
        assert (shown in buffer.getvalue()) if shown else "to review" not in buffer.getvalue()
