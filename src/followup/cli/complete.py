"""Shell completion of application ids and people's names, from the store; never a traceback into
the shell.
"""

from __future__ import annotations

from typing import Any

import click


def complete_app(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    import os

    from click.shell_completion import CompletionItem

    try:
        from followup.app.completion import applications_starting
        from followup.paths import store_path

        root = ctx.find_root().params
        apps = applications_starting(store_path(root.get("store")), incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []
    bash = os.environ.get("_FOLLOWUP_COMPLETE", "").startswith("bash")
    return [  # an imported backup may bring any id: `o'brien & co` must reach bash as one word
        CompletionItem(bash_word(app.id) if bash else app.id, help=one_line(f"{app.company} · {app.role}"))
        for app in apps
        if typable(app.id)
    ]


def typable(word: str) -> bool:
    """Can a shell offer it? A control character (a newline above all) would break the shells'
    completion protocols (zsh reads three lines per candidate) and add candidates of its own."""
    return not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in word)


def one_line(text: str) -> str:
    """A candidate's description, its control characters made spaces."""
    return "".join(" " if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c for c in text)


def complete_person(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Contact and interviewer names for `--with`; those of the application given first, if any."""
    import os

    from click.shell_completion import CompletionItem

    # While `--with` still lacks its value Click leaves the words unparsed in ctx.args.
    words = [ctx.params.get("app_ref"), *ctx.args]
    try:
        from followup.app.completion import people_for
        from followup.paths import store_path

        refs = [word for word in words if word and not word.startswith("-")]
        names = people_for(store_path(ctx.find_root().params.get("store")), refs)
    except Exception:  # completion must never print a traceback into the shell
        return []
    prefix = " ".join(incomplete.casefold().split())
    bash = os.environ.get("_FOLLOWUP_COMPLETE", "").startswith("bash")
    return [
        CompletionItem(bash_word(name) if bash else name, help=one_line(about))
        for name, about in sorted(names.items())
        if name.casefold().startswith(prefix) and typable(name)
    ]


def bash_word(text: str) -> str:
    """`Jane O'Neil` as one shell word. Click's bash script inserts a value as it is, after `read`
    has dropped one level of backslashes: so each special character gets two."""
    import re

    return re.sub(r"([^\w@%+=:,./-])", r"\\\\\1", text)
