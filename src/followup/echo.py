"""Printing messages that may hold user data (a company's name, a note) as plain text."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    import re


@functools.cache
def _unsafe() -> re.Pattern[str]:
    """C0 and C1 controls (except tab and newline) and the bidirectional overrides that can disguise
    text; compiled on first use, so that starting up does not pay for it."""
    import re

    return re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def literal(text: str | None) -> str:
    """Text safe to show: each control character becomes its visible escape (ESC → `\\x1b`)."""
    if not text:
        return ""
    return _unsafe().sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def say(message: str, err: bool = False, nl: bool = True) -> None:
    """Echo a message, with the control characters of any user data in it made visible."""
    click.echo(literal(message), err=err, nl=nl)
