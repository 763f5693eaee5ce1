"""pydantic's plugin loader, for a process that runs with its plugins off.

pydantic looks for plugins when it builds the first model, through `pydantic.plugin._loader`,
which imports `importlib.metadata` (and with it `email`, `zipfile`, `csv` and `socket`: some 20 ms
of every start) before it reads `PYDANTIC_DISABLE_PLUGINS`; with plugins off, its `get_plugins()`
then gives none. This stand-in gives the same answer without those imports. Anything else asked of
it is the real module's (imported then), so a pydantic whose loader does more still works as before.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterable
from typing import Any

LOADER = "pydantic.plugin._loader"


class _PluginsOff(types.ModuleType):
    def get_plugins(self) -> Iterable[Any]:
        return ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # what the import system asks of any module (`__path__`...)
            raise AttributeError(name)
        del sys.modules[LOADER]  # the real module from now on
        return getattr(importlib.import_module(LOADER), name)


def install() -> None:
    """Stand in for pydantic's plugin loader until something other than `get_plugins` is asked of it;
    nothing to do once pydantic has loaded its own."""
    sys.modules.setdefault(LOADER, _PluginsOff(LOADER))
