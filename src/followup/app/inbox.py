"""`followup inbox`: the proposals of `followup mail scan`, and the user's word on each.

Accepting one logs its event exactly as `followup log-contact` would (the same service function),
with the Message-ID kept on the event; several are accepted in one change of the store. Each reads
the store file with its index of the archive, and the archived applications only when one is named
(app/context.changing). Rejected and
accepted ones stay, so that their messages are never proposed again. An id that names no waiting
proposal is an error, and nothing is changed.

Nothing here prints or reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from followup.app.context import Context, changing
from followup.app.lookup import known_people, resolve
from followup.errors import FollowupError, NeedsArchive, NotFoundError, UsageError
from followup.kinds import Channel, Direction, EventKind, Outcome, ProposalState
from followup.models import Proposal, StoreData
from followup.people import normalize

if TYPE_CHECKING:
    from followup.app import track

SURE = 0.9  # confidence from which `[mail] auto_accept = true` logs a proposal without asking


def waiting(ctx: Context, include_decided: bool = False) -> list[Proposal]:
    """The proposals waiting for the user's word (with `include_decided`, all of them)."""
    data = ctx.store.load(full=False)  # the proposals are in the store file, whatever is archived
    if include_decided:
        logged = _logged(data)
        return [_as_decided(p, logged) for p in data.inbox]
    return waiting_in(data)


def waiting_in(data: StoreData) -> list[Proposal]:
    """The proposals of `data` waiting for the user's word."""
    logged = _logged(data)
    return [p for p in data.inbox if _as_decided(p, logged).state is ProposalState.PENDING]


def _logged(data: StoreData) -> set[str]:
    """The messages already in the log: those an event was accepted from (its `message_id`)."""
    return {e.message_id for app in data.applications for e in app.events if e.message_id is not None}


def _as_decided(proposal: Proposal, logged: set[str]) -> Proposal:
    """A proposal whose message is in the log was accepted, whatever its state says: two machines
    that both scanned the message, one of which accepted it, merge it as still waiting (the merge's
    fixed rule keeps the larger value, `pending`), and its event says otherwise."""
    if proposal.state is ProposalState.PENDING and proposal.message_id in logged:
        return proposal.model_copy(update={"state": ProposalState.ACCEPTED})
    return proposal


def _find(data: StoreData, given: str) -> Proposal:
    """The proposal whose id is `given`, or the one whose id starts with it (as git takes a short
    commit id)."""
    logged = _logged(data)
    pending = [p for p in data.inbox if _as_decided(p, logged).state is ProposalState.PENDING]
    wanted = given.strip().lower()
    found = [p for p in data.inbox if p.id == wanted] or (
        [p for p in data.inbox if p.id.startswith(wanted)] if wanted else []
    )
    if len(found) > 1:
        raise UsageError(f"{given!r} starts {len(found)} proposal ids: {', '.join(p.id for p in found[:10])}")
    if found:
        (proposal,) = found
        decided = _as_decided(proposal, logged).state
        if decided is not ProposalState.PENDING:
            raise UsageError(f"proposal {proposal.id} was {decided} already")
        return proposal
    listed = ", ".join(p.id for p in pending[:20]) or "none"
    raise NotFoundError(f"no proposal {given!r} in the inbox; waiting: {listed}")


def _note(proposal: Proposal) -> str | None:
    parts = [proposal.subject] if proposal.subject else []
    if proposal.label == "invitation":
        when = f" for {proposal.interview_at:%Y-%m-%d %H:%M}" if proposal.interview_at else ""
        parts.append(f"interview invitation{when}")
    elif proposal.label == "confirmation":
        parts.append("application received")
    return " · ".join(parts) or None


def fetch_first(data: StoreData, proposals: Iterable[Proposal]) -> None:
    """Name every archived application the proposals are about at once (NeedsArchive, before
    anything is changed), for app/context.changing to fetch them in one round rather than one a
    round (or, after a few, all the data)."""
    index = data.archive
    if index is None:
        return
    live = {app.id for app in data.applications}
    wanted = [p.app for p in proposals if p.app is not None and p.app not in live and p.app in index.apps]
    if wanted:
        raise NeedsArchive(tuple(dict.fromkeys(wanted)))


def accept_into(ctx: Context, data: StoreData, proposal: Proposal) -> track.Logged:
    """Log `proposal` on the data of an open transaction, as `log-contact` would, and mark it accepted."""
    if proposal.app is None:
        raise UsageError(
            f"proposal {proposal.id} is not matched to an application; give it one with"
            f" `followup inbox edit {proposal.id} --app ID`"
        )
    if proposal.on > ctx.today:
        raise UsageError(f"proposal {proposal.id} is dated {proposal.on.isoformat()}, after today")
    app = resolve(data, proposal.app)
    people = {normalize(k.name) for k in known_people(app, data.contacts)}
    with_ = (proposal.person,) if proposal.person and normalize(proposal.person) in people else ()
    decision_by = proposal.new_date if proposal.new_date and proposal.new_date > proposal.on else None
    from followup.app import track

    try:
        logged = track.log_contact(
            ctx,
            app.id,
            proposal.kind,
            Channel.EMAIL,
            proposal.direction is Direction.INBOUND,
            with_,
            _note(proposal),
            proposal.on,
            decision_by,
            proposal.outcome,
            message_id=proposal.message_id,
            within=data,
        )
    except FollowupError as err:
        raise type(err)(f"proposal {proposal.id}: {err}") from None
    proposal.state = ProposalState.ACCEPTED
    return logged


@dataclass(frozen=True)
class Accepted:
    proposal: Proposal
    logged: track.Logged


def accept(ctx: Context, ids: Sequence[str], everything: bool = False) -> tuple[list[Accepted], int]:
    """Log the proposals named (or, with `everything`, each waiting one matched to an application);
    returns what was logged and how many unmatched ones `everything` left waiting."""
    if not ids and not everything:
        raise UsageError("name the proposals to accept (their ids in `followup inbox`), or give --all")

    def change(data: StoreData) -> tuple[list[Accepted], int]:
        if everything:
            logged = _logged(data)
            chosen = [p for p in data.inbox if _as_decided(p, logged).state is ProposalState.PENDING]
            left = sum(1 for p in chosen if p.app is None)
            chosen = [p for p in chosen if p.app is not None]
        else:
            chosen, left = [_find(data, given) for given in dict.fromkeys(ids)], 0
        fetch_first(data, chosen)
        done = [Accepted(proposal, accept_into(ctx, data, proposal)) for proposal in chosen]
        return [Accepted(a.proposal.model_copy(), a.logged) for a in done], left

    return changing(ctx, change)  # all the data, or the archived applications named, when one is


def reject(ctx: Context, ids: Sequence[str]) -> list[Proposal]:
    """Drop the proposals named: nothing is logged, and their messages are not proposed again."""
    if not ids:
        raise UsageError("name the proposals to reject (their ids in `followup inbox`)")
    with ctx.store.transaction(full=False) as data:
        chosen = [_find(data, given) for given in dict.fromkeys(ids)]
        for proposal in chosen:
            proposal.state = ProposalState.REJECTED
        return [p.model_copy() for p in chosen]


def edit(
    ctx: Context,
    given: str,
    app_ref: str | None = None,
    kind: EventKind | None = None,
    direction: Direction | None = None,
    outcome: Outcome | None = None,
    no_outcome: bool = False,
) -> Proposal:
    """Correct what a waiting proposal will log: its application, kind, direction or outcome."""
    if app_ref is None and kind is None and direction is None and outcome is None and not no_outcome:
        raise UsageError("nothing to change: give --app, --kind, --direction or --outcome")

    def change(data: StoreData) -> Proposal:
        proposal = _find(data, given)
        if app_ref is not None:
            app = resolve(data, app_ref)
            if app.id != proposal.app:
                proposal.app, proposal.candidates = app.id, []
                people = {normalize(k.name) for k in known_people(app, data.contacts)}
                if proposal.person and normalize(proposal.person) not in people:
                    proposal.person = None
        if kind is not None:
            proposal.kind = kind
            proposal.label = {"thank-you": "thank-you", "reference": "reference", "network": "network"}.get(
                kind.value, proposal.label
            )
        if direction is not None:
            proposal.direction = direction
        if no_outcome:
            proposal.outcome = None
        elif outcome is not None:
            proposal.outcome = outcome
            proposal.direction = Direction.INBOUND  # an outcome is news from the employer
        proposal.confidence = 1.0  # the user's own word
        return proposal.model_copy()

    return changing(ctx, change)  # `--app` may name an archived application
