"""`followup inbox` shown: the proposals as JSON for programs, and as a table (or blocks) with Rich.

Everything of a message (its sender, subject, excerpt) went through `literal()` before it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from followup.output.echo import literal
from followup.output.layout import ONE_SPACE, print_table, print_wrapped

if TYPE_CHECKING:
    from rich.console import Console

    from followup.models import Proposal

_HEADINGS = ("id", "date", "with", "subject", "application", "proposed")


def proposal_json(proposal: Proposal) -> dict[str, Any]:
    """A proposal as `inbox --json` gives it: every field, `app` and `outcome` null when not known."""
    value = proposal.model_dump(mode="json", by_alias=True)
    value["outcome"] = value.get("outcome")
    return value


def proposed(proposal: Proposal) -> str:
    """What accepting it logs: `rejection (reply, inbound, rejected)`."""
    parts = [str(proposal.kind), str(proposal.direction)]
    if proposal.outcome is not None:
        parts.append(str(proposal.outcome))
    extra = ""
    if proposal.new_date is not None:
        extra = f", new date {proposal.new_date.isoformat()}"
    if proposal.interview_at is not None:
        extra = f", interview {proposal.interview_at:%Y-%m-%d %H:%M}"
    return f"{proposal.label} ({', '.join(parts)}){extra}"


def other_party(proposal: Proposal) -> str:
    """Whom the message is with: `from Jane Doe`, or `to Jane Doe` for one you sent (a name, else the
    address)."""
    import email.utils

    if proposal.direction == "outbound":
        address = proposal.to[0] if proposal.to else ""
        word = "to"
    else:
        address, word = proposal.from_, "from"
    name, email_address = email.utils.parseaddr(address)
    return f"{word} {name or email_address or address}"


def application(proposal: Proposal) -> str:
    if proposal.app is not None:
        return proposal.app
    if proposal.candidates:
        return "unmatched: " + " or ".join(proposal.candidates)
    return "unmatched"


def render_inbox(console: Console, proposals: Sequence[Proposal]) -> None:
    from rich.text import Text

    if not proposals:
        console.print(Text("No messages to review. `followup mail scan` reads your mail."))
        return
    cells = [
        [
            literal(value).translate(ONE_SPACE)
            for value in (
                str(p.id) + ("" if p.state == "pending" else f" ({p.state})"),
                p.on.isoformat(),
                other_party(p),
                p.subject,
                application(p),
                proposed(p),
            )
        ]
        for p in proposals
    ]
    if not print_table(console, _HEADINGS, cells, {2: 12, 3: 16, 4: 10, 5: 16}):
        for ident, on, sender, subject, app, what in cells:
            head = Text(ident, style="bold")
            head.append(f" — {on} — {sender}")  # "from Jane Doe"
            print_wrapped(console, head, "", 2)
            print_wrapped(console, Text(subject), "  ", 4)
            print_wrapped(console, Text(f"{app}: {what}"), "  ", 4)
    console.print(
        Text("`followup inbox accept ID` logs one, `reject ID` drops it, `edit ID --app X` corrects it.")
    )
