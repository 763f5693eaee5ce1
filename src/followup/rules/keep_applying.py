"""Keep applying elsewhere while you wait: a rule of the whole search, not of one application.

Pure, like every module of this package: the Situation in; a Finding out.
"""

from __future__ import annotations

from followup.kinds import ActionKind, Status
from followup.rules.base import Action, Finding, Rule, Situation, Spec

KEEP_APPLYING = Spec(
    ActionKind.KEEP_APPLYING,
    advice="You should continue to apply for jobs while waiting to hear back from the employer.",
    title="Keep applying elsewhere",
    done_hint="add the new application with `followup add`",
    hold_hint="keep-applying belongs to your whole search, not to one application",
)


def evaluate(app: None, situation: Situation, why: bool = False) -> Finding:
    """Keep the pipeline full while you wait: too few active applications, or none added lately.

    “You should continue to apply for jobs while waiting to hear back from the employer.”
    """
    applications, today, settings = situation.applications, situation.today, situation.settings
    if any(a.status is Status.ACCEPTED for a in applications):
        return Finding(str(KEEP_APPLYING.kind), False, "You accepted an offer: the search is over.")
    # Looking back (`--today` in the past), applications added after that day do not count yet.
    added = [a for a in applications if a.created_on <= today]
    active = [a for a in added if a.is_active]
    archived = situation.archived_latest  # the archive's applications are never active
    latest = max(
        [a.created_on for a in added] + ([archived] if archived and archived <= today else []), default=None
    )
    quiet_for = (today - latest).days if latest is not None else None
    if not active:
        sentence = (
            "No active applications: apply for jobs, and record each interview with `followup add`"
            " right after it."
        )
    elif len(active) < settings.keep_applying_min_active:
        sentence = (
            f"Only {len(active)} active application{'s' if len(active) != 1 else ''}; aim for at least"
            f" {settings.keep_applying_min_active} so no single employer holds all your hopes."
        )
    elif quiet_for is not None and quiet_for >= settings.keep_applying_days:
        sentence = f"Nothing new added for {quiet_for} days: apply somewhere new this week."
    else:
        return Finding(
            str(KEEP_APPLYING.kind), True, "Enough applications are active and new ones keep coming."
        )
    action = Action(None, None, None, KEEP_APPLYING.kind, today, today, KEEP_APPLYING.cite(sentence))
    return Finding(str(KEEP_APPLYING.kind), True, "", (), (action,))


RULE = Rule(
    "keep-applying",
    (KEEP_APPLYING,),
    ("keep_applying_min_active", "keep_applying_days"),
    evaluate,
    scope="search",
)
