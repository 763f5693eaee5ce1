"""The corpus of tests/mail_corpus scanned as a Maildir: what each message is proposed as, held to
floors of precision and recall per kind (printed: `pytest -s` shows them), and the two decisions never
taken one for the other."""

from __future__ import annotations

import mailbox
from collections import Counter
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

from followup.models import Application, Contact
from followup.store import Store
from tests.conftest import Invoke, as_json
from tests.mail_corpus import CASES, ME, applications, contacts

TODAY = "2026-03-06"


def seed_store(store_file: Path, config_file: Path) -> None:
    with Store(store_file).transaction() as data:
        data.applications = [Application.model_validate(a) for a in applications()]
        data.contacts = [Contact.model_validate(c) for c in contacts()]
    config_file.write_text(f'[mail]\nme = ["{ME}"]\n', encoding="utf-8")


def write_maildir(folder: Path) -> dict[str, str]:
    """The corpus as a Maildir; the key of each message → its case's name."""
    box = mailbox.Maildir(folder, create=True)
    names = {}
    for case in CASES:
        names[box.add(case.raw)] = case.name
    return names


@pytest.fixture
def scanned(invoke: Invoke, store_file: Path, config_file: Path, tmp_path: Path) -> dict[str, dict[str, Any]]:
    seed_store(store_file, config_file)
    write_maildir(tmp_path / "Mail")
    result = invoke("mail", "scan", str(tmp_path / "Mail"), today=TODAY)
    assert "skipped" not in result.stderr, result.stderr
    proposals = as_json(invoke("inbox", "--json", today=TODAY))["proposals"]
    by_id = {p["message_id"]: p for p in proposals}
    found = {}
    for case in CASES:
        found[case.name] = by_id.get(message_from_bytes(case.raw)["Message-ID"])
    return found


def test_the_corpus_has_sixty_messages_and_every_kind() -> None:
    assert len(CASES) >= 60
    assert len({c.name for c in CASES}) == len(CASES)
    labels = Counter(c.label for c in CASES)
    for label in ("rejection", "offer", "more-time", "invitation", "confirmation", "reply", "thank-you",
                  "reference", "network", "follow-up", "sent-reply", None):  # fmt: skip
        assert labels[label] >= 1, label


def test_precision_and_recall_per_kind(scanned: dict[str, dict[str, Any]]) -> None:
    labels = sorted({c.label or "none" for c in CASES})
    truth = {c.name: c.label or "none" for c in CASES}
    got = {name: (p["label"] if p else "none") for name, p in scanned.items()}
    lines = [f"{'kind':<14}{'precision':>10}{'recall':>8}{'n':>4}"]
    figures = {}
    for label in labels:
        tp = sum(1 for n in truth if truth[n] == label and got[n] == label)
        predicted = sum(1 for n in truth if got[n] == label)
        actual = sum(1 for n in truth if truth[n] == label)
        precision = tp / predicted if predicted else 1.0
        recall = tp / actual if actual else 1.0
        figures[label] = (precision, recall)
        lines.append(f"{label:<14}{precision:>10.2f}{recall:>8.2f}{actual:>4}")
    wrong = {n: (truth[n], got[n]) for n in truth if truth[n] != got[n]}
    print("\n" + "\n".join(lines) + f"\nmisread: {wrong}")
    # Rejection and offer are never taken one for the other.
    assert not [n for n in truth if {truth[n], got[n]} == {"rejection", "offer"}]
    for label in ("rejection", "offer"):
        assert figures[label] == (1.0, 1.0), (label, figures[label], wrong)
    for label, (precision, recall) in figures.items():
        assert precision >= 0.75 and recall >= 0.75, (label, precision, recall, wrong)
    assert len(wrong) <= 3, wrong


def test_each_message_is_matched_to_its_application(scanned: dict[str, dict[str, Any]]) -> None:
    wrong = {}
    for case in CASES:
        proposal = scanned[case.name]
        if case.label is None or proposal is None:
            continue
        if proposal["app"] != case.app:
            wrong[case.name] = (case.app, proposal["app"], proposal["candidates"])
    assert wrong == {}


def test_the_dates_a_message_gives_are_read(scanned: dict[str, dict[str, Any]]) -> None:
    for case in CASES:
        proposal = scanned[case.name]
        for key, value in case.expect.items():
            assert proposal is not None, case.name
            assert proposal[key] == value, (case.name, key, proposal[key])
