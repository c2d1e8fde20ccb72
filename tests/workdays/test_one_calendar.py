"""One calendar for the whole product: a walk over every module's imports and definitions.

Working days are counted by `workdays` alone: no other module imports the `holidays` package, takes the
working-day functions from anywhere but `workdays`, defines its own, or tells weekends by `weekday()`.
"""

import ast

from tests.test_architecture import ROOT, imported_modules, module_name, project_files

WORKING_DAY_FUNCTIONS = {"is_working_day", "add_working_days", "working_days_between"}


def outside_workdays():
    for path in project_files():
        if module_name(path).split(".")[0] != "workdays":
            yield path


def test_only_workdays_imports_the_holidays_package():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in outside_workdays()
        for line, target in imported_modules(path)
        if target == "holidays" or target.startswith("holidays.")
    ]
    assert found == []


def test_working_day_functions_are_imported_from_workdays_only():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for path in project_files()
        for line, target in imported_modules(path)
        if target.rsplit(".", 1)[-1] in WORKING_DAY_FUNCTIONS
        and target.rsplit(".", 1)[0] not in ("workdays", "workdays.calendar")
    ]
    assert found == []


def test_no_other_module_counts_working_days_itself():
    found = []
    for path in outside_workdays():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.name in WORKING_DAY_FUNCTIONS
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} defines {node.name}")
            if isinstance(node, ast.Compare) and any(
                _is_weekday_call(side) for side in [node.left, *node.comparators]
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} tells weekends by weekday()")
    assert found == []


def _is_weekday_call(node) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "weekday"


def test_the_walk_sees_what_it_looks_for():
    """The walk would catch a module that counted on its own (guards the test against walking nothing)."""
    tree = ast.parse("import holidays\nfrom reading.deadlines import add_working_days\nx = d.weekday() < 5\n")
    compares = [node for node in ast.walk(tree) if isinstance(node, ast.Compare)]
    assert _is_weekday_call(compares[0].left)
    assert any(module_name(path) == "notifications.schedule" for path in outside_workdays())
