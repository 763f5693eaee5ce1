"""`followup contact add|list`: your references and networking contacts.

A thin layer like the other command modules; registered by track.py with the commands that record.
"""

from __future__ import annotations

import click

from followup.cli.params import RELATIONS, TEXT, current_state
from followup.output.echo import say


@click.group()
def contact() -> None:
    """Your references and networking contacts."""


@contact.command("add")
@click.argument("name", type=TEXT)
@click.option("--email", type=TEXT, help="Their email address.")
@click.option("--phone", type=TEXT, help="Their phone number.")
@click.option("--company", type=TEXT, help="Where they work (network contacts are matched on it).")
@click.option(
    "--relation",
    type=click.Choice(RELATIONS),
    default="other",
    show_default=True,
    help="reference: may be called by employers; network: can put in a good word.",
)
def contact_add(name: str, email: str | None, phone: str | None, company: str | None, relation: str) -> None:
    """Add a reference or a contact."""
    from followup.app import track as service
    from followup.kinds import Relation

    added = service.add_contact(current_state().ctx, name, email, phone, company, Relation(relation))
    say(f"Added {added.name} ({added.relation}).")


@contact.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the contacts as JSON.")
def contact_list(as_json: bool) -> None:
    """List your contacts."""
    from followup.app import track as service
    from followup.output import plain as views
    from followup.output import terminal as render

    state = current_state()
    contacts = service.list_contacts(state.ctx)
    if as_json:
        views.emit_json([views.contact_json(c) for c in contacts])
    else:
        render.render_contacts(state.console(), contacts)
