"""The floors of the design: a module imports only from its own package or from the floors below it.

wiring       tasktracker.urls, tasktracker.api.urls, tasktracker.admin, settings, celery, wsgi/asgi
loadtools    the synthetic province and the benchmark (tooling, not the product)
reporting    the dashboard and reports: reads everything below, read by nothing
notifications reminders, escalations, digests, the outbox
directives   the domain: notices, tasks, each lead agency's part, history, services
agencies     the registry of agencies
accounts, reading   users and roles; reading documents (Django-free where it can be)
workdays, tasktracker   the working-day calendar; shared utilities (folding, filters, htmx, API base)
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FLOORS = {
    "tasktracker": 0,
    "workdays": 0,
    "accounts": 1,
    "reading": 1,
    "agencies": 2,
    "directives": 3,
    "notifications": 4,
    "reporting": 5,
    "loadtools": 6,
}
WIRING = (
    "tasktracker.urls",
    "tasktracker.api.urls",
    "tasktracker.admin",
    "tasktracker.settings",
    "tasktracker.celery",
    "tasktracker.wsgi",
    "tasktracker.asgi",
)
WIRING_FLOOR = 99


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def floor_of(module: str) -> int | None:
    if any(module == wiring or module.startswith(wiring + ".") for wiring in WIRING):
        return WIRING_FLOOR
    return FLOORS.get(module.split(".")[0])


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def project_files():
    for package in FLOORS:
        yield from sorted((ROOT / package).rglob("*.py"))


def is_upward(source: str, target: str) -> bool:
    """An import of a module on the same floor or above, from another package (wiring imports anything)."""
    source_floor, target_floor = floor_of(source), floor_of(target)
    if target_floor is None or source_floor == WIRING_FLOOR:
        return False
    same_package = source.split(".")[0] == target.split(".")[0] and target_floor != WIRING_FLOOR
    return not same_package and target_floor >= source_floor


def upward_imports() -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for path in project_files()
        for line, target in imported_modules(path)
        if is_upward(module_name(path), target)
    ]


def test_no_module_imports_from_a_floor_above_its_own():
    assert upward_imports() == []


def test_every_app_has_a_floor():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(FLOORS), f"give these apps a floor: {sorted(apps - set(FLOORS))}"


@pytest.mark.parametrize(
    ("source", "target", "upward"),
    [
        ("directives.services", "notifications.models", True),
        ("notifications.sweep", "directives.models", False),
        ("agencies.models", "agencies.querysets", False),
        ("reading.parser", "tasktracker.vietnamese", False),
        ("reading.parser", "agencies.models", True),
        ("directives.views", "tasktracker.urls", True),
    ],
)
def test_the_floor_rule(source, target, upward):
    assert is_upward(source, target) == upward
