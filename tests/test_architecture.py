"""The package's layers, checked from the source: which package may import which, no import cycle,
every module importable on its own, no module over 400 lines, and the light paths kept light.

Dependencies point down: cli → app → rules / store / formats → models / kinds / dates. `output` draws
what the app returns, so it may name the app's result types, for the type checker only.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "followup"
BASE = {
    "__init__",
    "kinds",
    "dates",
    "errors",
    "paths",
    "ids",
    "passwords",
    "ordered",
    "plugins_off",
}  # the standard library only, below all

# What each part of the package may import at run time (besides itself and BASE).
ALLOWED: dict[str, set[str]] = {
    "__main__": {"entry"},
    "entry": {"shortcut", "cli", "output"},
    "shortcut": {"output", "store"},
    "cli": {"app", "output", "formats", "store", "rules", "models", "people", "config"},
    "app": {"rules", "store", "formats", "mail", "models", "people", "config", "sync"},
    "sync": {"store", "models", "config"},
    "output": {"rules", "models"},
    "formats": {"rules", "store", "models", "people"},
    "mail": {"models", "people"},
    "store": {"models"},
    "rules": {"models", "people"},
    "config": {"models"},
    "models": set(),
    "people": {"models"},
    **{name: set() for name in BASE},
}
# And what it may name for the type checker only (`if TYPE_CHECKING:`).
TYPES_ONLY: dict[str, set[str]] = {"output": {"app"}}
MAX_LINES = 400


def _module(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _targets(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("followup"):
        # `from followup.rules import waiting` imports the module followup.rules.waiting.
        return [
            f"{node.module}.{alias.name}" if _is_module(f"{node.module}.{alias.name}") else node.module
            for alias in node.names
        ]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith("followup")]
    return []


def _is_module(name: str) -> bool:
    path = SOURCE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside.update(id(child) for statement in node.body for child in ast.walk(statement))
    return inside


def _imports() -> dict[str, list[tuple[str, bool, bool]]]:
    """module → [(imported module, for types only, at module level)]."""
    found: dict[str, list[tuple[str, bool, bool]]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = _type_checking_nodes(tree)
        top_level = {id(child) for statement in tree.body for child in ast.walk(statement)}
        functions = {
            id(child)
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            for child in ast.walk(node)
        }
        found[_module(path)] = [
            (target, id(node) in typing_only, id(node) in top_level and id(node) not in functions)
            for node in ast.walk(tree)
            for target in _targets(node)
        ]
    return found


IMPORTS = _imports()


def test_every_part_imports_only_the_parts_below_it() -> None:
    wrong = []
    for module, imports in IMPORTS.items():
        part = _part(module)
        for target, types_only, _ in imports:
            other = _part(target)
            if other in (part, *BASE):
                continue
            allowed = ALLOWED[part] | (TYPES_ONLY.get(part, set()) if types_only else set())
            if other not in allowed:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_no_import_cycle_at_module_level() -> None:
    graph = {
        module: {t for t, types_only, top in imports if top and not types_only and t in IMPORTS}
        for module, imports in IMPORTS.items()
    }
    # A package's __init__ importing its own submodules is how a package is built, not a cycle.
    for module, targets in graph.items():
        graph[module] = {t for t in targets if t != module and not t.startswith(module + ".")}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for module in graph:
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(SOURCE)): n
        for path in SOURCE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_module_imports_on_its_own() -> None:
    """A fresh interpreter per module: nothing works only because another module was imported first."""
    from concurrent.futures import ThreadPoolExecutor

    def alone(name: str) -> str | None:
        result = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True)
        return f"{name}: {result.stderr.strip().splitlines()[-1]}" if result.returncode else None

    with ThreadPoolExecutor(max_workers=4) as pool:
        failed = [line for line in pool.map(alone, sorted(IMPORTS)) if line]
    assert failed == []


@pytest.mark.parametrize(
    "module", ["followup.rules", "followup.rules.explain", "followup.kinds", "followup.output.plain"]
)
def test_the_rules_and_their_titles_load_without_pydantic(module: str) -> None:
    """The registry (titles, choices) is read by the quick paths, which must not pay for pydantic."""
    code = f"import sys, {module}; print('pydantic' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_every_kind_of_action_belongs_to_exactly_one_rule() -> None:
    from followup.kinds import ActionKind
    from followup.rules import RULES

    kinds = [spec.kind for rule in RULES for spec in rule.specs]
    assert sorted(kinds) == sorted(ActionKind)


def test_every_settings_key_a_rule_reads_exists() -> None:
    from followup.models import Settings
    from followup.rules import RULES

    unknown = {key for rule in RULES for key in rule.settings if key not in Settings.model_fields}
    assert unknown == set()


def test_every_rule_quotes_the_advice_word_for_word() -> None:
    from followup.rules import SPECS

    seed = Path(__file__).resolve().parents[2] / "shared" / "seed" / "after-the-interview.txt"
    if not seed.exists():
        pytest.skip("the advice is beside the project, not in it")
    text = " ".join(seed.read_text(encoding="utf-8").split()).casefold()
    missing = {
        str(kind): spec.advice
        for kind, spec in SPECS.items()
        if spec.advice.rstrip(".").casefold() not in text
    }
    assert missing == {}
