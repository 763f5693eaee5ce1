from tests.conftest import Invoke, as_json


def test_add_then_today(invoke: Invoke) -> None:
    result = invoke(
        "add",
        "--company",
        "Acme",
        "--role",
        "Dev",
        "--interview-at",
        "2026-03-03T10:00",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        today="2026-03-03",
    )
    assert result.stdout.strip() == "acme"
    agenda = as_json(invoke("today", "--json", today="2026-03-03"))
    kinds = {a["action"] for a in agenda["actions"]}
    assert {"thank-you", "review", "keep-applying"} <= kinds
