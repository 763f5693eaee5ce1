"""`followup draft`: the template the user's own folder or the package holds, filled in for one
application. Like every app module: load the data through the store, ask the pure modules, return data.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from followup import rules
from followup.app.compose import TEMPLATE_NAMES, Draft, default_kind, make_draft, template_for
from followup.app.context import Context, load_naming, situation
from followup.errors import FollowupError, UsageError
from followup.paths import NotAFile, read_small_file

TEMPLATES_FOLDER = "templates"


def templates_dir(ctx: Context) -> Path:
    """Where the user's own templates live: `templates/` next to the config file."""
    return ctx.config_path.parent / TEMPLATES_FOLDER


def read_template(ctx: Context, name: str) -> tuple[str, Path | None]:
    """The template's text and, when it is the user's own, its path."""
    if name not in TEMPLATE_NAMES:
        raise UsageError(f"no template {name!r}; known: {', '.join(TEMPLATE_NAMES)}")
    own = templates_dir(ctx) / f"{name}.txt"
    try:
        return read_small_file(own).decode("utf-8"), own
    except FileNotFoundError:
        pass
    except NotAFile as err:
        raise FollowupError(f"{err}, not a template") from None
    except UnicodeDecodeError:
        raise FollowupError(f"{own}: not UTF-8") from None
    except OSError as err:
        raise FollowupError(f"cannot read {own}: {err.strerror or err}") from None
    return (resources.files("followup") / TEMPLATES_FOLDER / f"{name}.txt").read_text("utf-8"), None


@dataclass(frozen=True)
class DraftResult:
    draft: Draft
    template_path: Path | None  # the user's own template, when one was used


def draft(ctx: Context, ref: str, kind: str | None = None, person: str | None = None) -> DraftResult:
    """A short message for one application: the kind given, or the one its next open action calls for."""
    data, app = load_naming(ctx, ref)
    actions = rules.open_actions(app, situation(ctx, data))
    kind = kind or default_kind(app, actions, ctx.today)
    text, path = read_template(ctx, template_for(kind, app))
    made = make_draft(app, kind, text, data.contacts, actions, ctx.today, ctx.settings, person)
    return DraftResult(made, path)
