"""`followup mail scan` and `followup inbox` on a store with an archive of settled applications: the
same mail read from a Maildir, a real Dovecot (IMAP) and a real notmuch gives the proposals and the
saved data it gives on the same search kept in one file; accepting or editing one about an archived
application logs it there; errors are one line and change nothing."""

from __future__ import annotations

import json
import mailbox
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from followup.app import mail
from followup.app.archive import Archiving
from followup.app.context import Context
from followup.models import Application, Contact, Event, Interview, Person, StatusChange
from followup.store import Store
from tests import dovecot_server
from tests.conftest import Invoke, as_json
from tests.dovecot_server import PASSWORD, Dovecot, new_user
from tests.mail_corpus import message

DAY = "2026-03-05"
TODAY = datetime(2026, 3, 5, 9)
SAM = "Sam Rivers <sam@home.example>"
JANE = "Jane Doe <jane@acme.example>"  # interviewed Sam for the archived Acme application
LI = "Li Wei <li.wei@globex.example>"  # for the archived Globex one
RAJ = "Raj Patel <raj@acme.example>"  # for the live Acme one


def _app(
    ident: str, company: str, status: str, day: str, *people: str, logged: str | None = None
) -> Application:
    at = datetime.fromisoformat(f"{day}T10:00")
    interviewers = [Person(name=p.split(" <")[0], email=p.split("<")[1].rstrip(">")) for p in people]
    return Application(
        id=ident,
        company=company,
        role="Dev",
        status=status,
        created_on=at.date(),
        applied_on=at.date(),
        interviews=[Interview(round=1, at=at, interviewers=interviewers)] if people else [],
        events=[
            Event(on=at.date(), kind="thank-you", channel="email", direction="outbound", message_id=logged)
        ]
        if logged
        else [],
        status_history=[StatusChange(status=status, on=at.date())],
    )


SEARCH = [
    _app("acme-old", "Acme", "rejected", "2024-01-10", JANE, logged="<old-thanks@home.example>"),
    _app("globex", "Globex", "rejected", "2024-02-01", LI),
    _app("acme", "Acme", "interviewing", "2026-03-02", RAJ),
    _app("initech", "Initech", "applied", "2026-02-20"),
]
CONTACTS = [Contact(name="Bob Stone", email="bob@globex.example", relation="network", company="Globex")]
MAIL = [
    message(JANE, SAM, "Coffee?", "Unfortunately we have decided not to proceed.", day=2, ident="j@acme"),
    message(
        "Someone <x@else.example>",
        SAM,
        "Re: Thanks",
        "You are welcome.",
        day=3,
        ident="r@else",
        headers={"In-Reply-To": "<old-thanks@home.example>"},
    ),
    message(LI, SAM, "Offer", "We are pleased to offer you the role.", day=3, ident="o@globex"),
    message(
        "Acme <no-reply@greenhouse.io>",
        SAM,
        "Your application to Acme",
        "Thank you for applying to Acme.",
        day=4,
        ident="g@greenhouse",
    ),
    message(
        RAJ, SAM, "Next steps", "We would like to invite you to a second interview.", day=4, ident="n@acme"
    ),
    message(
        SAM,
        "Bob Stone <bob@globex.example>",
        "Hello",
        "Thank you for the introduction.",
        day=4,
        ident="b@home",
    ),
    message(
        "Wayne <jobs@wayne.example>", SAM, "Application", "Thank you for applying to Wayne.", ident="w@wayne"
    ),
]


def _written(folder: Path, archived: bool, auto: bool = True) -> Context:
    """The search in `folder`: with `archived` written on DAY (the old Acme and Globex applications,
    settled, move to the archive) and read with that day's archiver; else one file, no archiver."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.toml"
    config.write_text(
        f'[mail]\nme = ["sam@home.example"]\nauto_accept = {str(auto).lower()}\n', encoding="utf-8"
    )
    store = Store(folder / "followup.json")
    ctx = Context(store, TODAY.date(), TODAY, config)
    if archived:
        store.archiver = Archiving(ctx)
    with store.transaction() as data:
        data.applications = [a.model_copy(deep=True) for a in SEARCH]
        data.contacts = list(CONTACTS)
    if archived:
        assert set(store.load(full=False).archive.apps) == {"acme-old", "globex"}
    return ctx


def _saved(ctx: Context) -> Any:
    """All the data saved, the new records' random ids left out."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "id"}
        return [strip(v) for v in value] if isinstance(value, list) else value

    document = json.loads(ctx.store.read_logical() or b"{}")
    return {**document, "applications": [{**strip(a), "id": a["id"]} for a in document["applications"]]}


def _same_scan(tmp_path: Path, source: str, options: str = "") -> list[dict[str, Any]]:
    """Scan `source` on the archived store and on the whole one; both alike. The proposals."""
    found = []
    for name, archived in (("archived", True), ("whole", False)):
        ctx = _written(tmp_path / name, archived)
        if options:
            with ctx.config_path.open("a", encoding="utf-8") as config:
                config.write(options)
        result = mail.scan(ctx, [source])
        found.append(([p.model_dump(mode="json") for p in result.proposals], result.accepted, _saved(ctx)))
    assert found[0] == found[1]
    return found[0][0]


def _expected(proposals: list[dict[str, Any]]) -> None:
    by_message = {p["message_id"]: p for p in proposals}
    assert {m: p["app"] for m, p in by_message.items()} == {
        "<j@acme>": "acme-old",  # Jane interviewed for the archived one only
        "<r@else>": "acme-old",  # a reply to a message logged on it
        "<o@globex>": "globex",
        "<g@greenhouse>": "acme",  # the active one of the two Acme applications
        "<n@acme>": "acme",
        "<b@home>": "globex",  # Bob is a contact at Globex, whose one application is archived
        "<w@wayne>": None,
    }


def test_a_maildir_scanned_on_an_archived_store_proposes_what_all_the_data_does(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Mail", create=True)
    for raw in MAIL:
        box.add(raw)
    _expected(_same_scan(tmp_path, str(tmp_path / "Mail")))


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dovecot]:
    yield from dovecot_server.start(tmp_path_factory.mktemp("dovecot"))


def test_imap_scanned_on_an_archived_store_proposes_what_all_the_data_does(
    dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.cert))
    user = new_user()
    dovecot.append(user, "INBOX", *MAIL)
    _expected(_same_scan(tmp_path, dovecot.spec(user), f'password_command = "echo {PASSWORD}"\n'))


def test_notmuch_scanned_on_an_archived_store_proposes_what_all_the_data_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("notmuch") is None:
        # CI installs notmuch and sets NOTMUCH_REQUIRED, so there this fails, never skips quietly.
        if os.environ.get("NOTMUCH_REQUIRED"):
            pytest.fail("notmuch is not installed: apt-get install notmuch (.ci/run installs it)")
        pytest.skip("notmuch is not installed (apt-get install notmuch); CI runs this test")
    maildir = tmp_path / "notmuch" / "mail"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for n, raw in enumerate(MAIL):
        (maildir / "new" / f"{n}.test:2,").write_bytes(raw)
    config = tmp_path / "notmuch" / "config"
    config.write_text(f"[database]\npath={maildir}\n[user]\nname=Sam\nprimary_email=sam@home.example\n")
    monkeypatch.setenv("NOTMUCH_CONFIG", str(config))
    monkeypatch.delenv("NOTMUCH_DATABASE", raising=False)
    monkeypatch.delenv("NOTMUCH_PROFILE", raising=False)
    subprocess.run(["notmuch", "new", "--quiet"], check=True, capture_output=True)
    _expected(_same_scan(tmp_path, "notmuch:*"))


@pytest.fixture
def archived_store(store_file: Path, config_file: Path, tmp_path: Path) -> Path:
    """The search in the test's store, its old applications archived, and the mail scanned."""
    _written(store_file.parent, True, auto=False)
    config_file.write_text('[mail]\nme = ["sam@home.example"]\n', encoding="utf-8")
    box = mailbox.Maildir(tmp_path / "Mail", create=True)
    for raw in MAIL:
        box.add(raw)
    return tmp_path / "Mail"


def _listed(store_file: Path) -> set[str]:
    return set(json.loads(store_file.read_bytes()).get("archive", {}).get("apps", {}))


def _waiting(invoke: Invoke) -> dict[str, dict[str, Any]]:
    return {p["message_id"]: p for p in as_json(invoke("inbox", "--json", today=DAY))["proposals"]}


def test_accepting_a_proposal_about_an_archived_application_logs_it_there(
    invoke: Invoke, archived_store: Path, store_file: Path
) -> None:
    result = invoke("mail", "scan", str(archived_store), today=DAY)
    assert result.stdout == "7 new proposals, 1 unmatched (`followup inbox` lists them).\n"
    assert _listed(store_file) == {"acme-old", "globex"}  # a scan logs nothing: nothing moves
    offer = _waiting(invoke)["<o@globex>"]
    result = invoke("inbox", "accept", offer["id"], today=DAY)
    assert result.stdout.startswith(f"{offer['id']}: Logged reply from Li Wei, Globex (globex)")
    shown = as_json(invoke("show", "globex", "--json", today=DAY))
    assert shown["events"][-1]["message_id"] == "<o@globex>" and shown["events"][-1]["outcome"] == "offer"
    assert _listed(store_file) == {"acme-old"}  # changed, it is back in the store file
    assert "<o@globex>" not in _waiting(invoke)
    # The message read again is not proposed again, wherever its application is kept.
    assert invoke("mail", "scan", str(archived_store), today=DAY).stdout.startswith("0 new proposals.")


def test_editing_a_proposal_onto_an_archived_application_by_its_company(
    invoke: Invoke, archived_store: Path, store_file: Path
) -> None:
    invoke("mail", "scan", str(archived_store), today=DAY)
    stranger = _waiting(invoke)["<w@wayne>"]
    result = invoke("inbox", "edit", stranger["id"], "--app", "globex", today=DAY)
    assert result.stdout == f"{stranger['id']}: globex: confirmation (other, inbound).\n"
    assert _waiting(invoke)["<w@wayne>"]["app"] == "globex"
    assert _listed(store_file) == {"acme-old", "globex"}  # a proposal edited changes no application
    result = invoke("inbox", "edit", stranger["id"], "--app", "acme-o", today=DAY)  # a prefix of its id
    assert result.stdout.startswith(f"{stranger['id']}: acme-old: ")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("inbox", "accept", "zz99"), 1, "no proposal 'zz99' in the inbox; waiting: "),
        (
            ("inbox", "edit", "{wayne}", "--app", "nosuch"),
            1,
            "no application 'nosuch'; known: acme (Acme, Dev",
        ),
        (
            ("inbox", "edit", "{wayne}", "--app", "Acm"),
            1,
            "'Acm' matches several applications: acme-old (Acme, Dev, rejected), acme (Acme",
        ),
        (("inbox", "accept", "{wayne}"), 2, "is not matched to an application"),
        (("inbox", "reject", "{wayne}", "nope"), 1, "no proposal 'nope' in the inbox"),
    ],
)
def test_a_bad_word_on_an_archived_store_is_one_line_and_changes_nothing(
    invoke: Invoke,
    archived_store: Path,
    store_file: Path,
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    invoke("mail", "scan", str(archived_store), today=DAY)
    wayne = _waiting(invoke)["<w@wayne>"]["id"]
    before = store_file.read_bytes(), (store_file.parent / "followup.json.archive").read_bytes()
    result = invoke(*(a.format(wayne=wayne) for a in args), today=DAY, ok=False)
    assert result.exit_code == code
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert (store_file.read_bytes(), (store_file.parent / "followup.json.archive").read_bytes()) == before


def test_a_scan_that_finds_nothing_new_never_reads_the_archive(
    invoke: Invoke, archived_store: Path, store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("mail", "scan", str(archived_store), today=DAY)
    before = store_file.read_bytes()

    def refused(self: Store, *args: Any, **kwargs: Any) -> Iterator[Any]:
        raise AssertionError("the archive was read")

    monkeypatch.setattr(Store, "each_application", refused)
    monkeypatch.setattr(Store, "_join", refused)
    assert invoke("mail", "scan", str(archived_store), today=DAY).stdout == "0 new proposals.\n"
    assert store_file.read_bytes() == before
    box = mailbox.Maildir(archived_store)
    box.add(message(LI, SAM, "Again", "We are pleased to offer you the role.", ident="again@globex"))
    with pytest.raises(AssertionError, match="the archive was read"):  # a new message reads it
        invoke("mail", "scan", str(archived_store), today=DAY)


@pytest.mark.parametrize("auto", [False, True])
def test_the_archived_applications_of_many_proposals_are_fetched_in_one_round(
    invoke: Invoke,
    archived_store: Path,
    store_file: Path,
    config_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    auto: bool,
) -> None:
    import followup.store.moves

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("all the data was read")

    monkeypatch.setattr(followup.store.moves, "join", refused)
    rounds: list[tuple[bool, tuple[str, ...]]] = []
    transaction = Store.transaction

    def recorded(self: Store, full: bool = True, fetch: Any = ()) -> Any:
        rounds.append((full, tuple(sorted(fetch))))
        return transaction(self, full, fetch)

    monkeypatch.setattr(Store, "transaction", recorded)
    if auto:
        config_file.write_text('[mail]\nme = ["sam@home.example"]\nauto_accept = true\n', encoding="utf-8")
        result = invoke("mail", "scan", str(archived_store), today=DAY)
        assert result.stdout == "7 new proposals, 1 unmatched, 4 accepted (`followup inbox` lists them).\n"
    else:
        invoke("mail", "scan", str(archived_store), today=DAY)
        rounds.clear()
        result = invoke("inbox", "accept", "--all", today=DAY)
        assert result.stdout.count("Logged ") == 6 and "1 unmatched proposal left" in result.stdout
    assert rounds == [(False, ()), (False, ("acme-old", "globex"))]
    assert _listed(store_file) == set()  # both logged onto, both back in the store file
    for app in ("acme-old", "globex"):
        logged = {e["message_id"] for e in as_json(invoke("show", app, "--json", today=DAY))["events"]}
        assert logged >= {"<o@globex>"} if app == "globex" else logged >= {"<j@acme>"}
