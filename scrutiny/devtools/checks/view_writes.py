"""No view writes a record itself: views parse input, call one service, render.

Run as ``python -m scrutiny.devtools.checks.view_writes [root]`` (``make lint`` does): it
reads every module of views under the apps and ``scrutiny/`` and fails, naming each line,
where one calls ``.save``, ``.delete``, ``.create`` or ``.update`` on a model, a queryset or
a form. A module of views is one in a ``views`` package, a ``views.py``, or one that
imports Django's views or shortcuts or the officers' editing views (scrutiny/kernel/editing.py).

The rule reads the call, not the types, so it is written to be sure of what it flags:

- ``.save()`` and ``.delete()`` are flagged on anything but ``self`` and ``super()``: no
  dict or list has them, and a view's own ``delete`` method calls ``super().delete``.
- ``.create()``, ``.get_or_create()``, ``.update_or_create()``, ``.bulk_create()`` and
  ``.bulk_update()`` likewise: only managers and querysets have them.
- ``.update()`` is flagged only where the receiver is a manager or queryset: reached
  through ``objects``, ``all_objects``, ``_default_manager`` or ``_base_manager``, or the
  result of a queryset method (``filter``, ``exclude``, ``all``, ...). ``context.update()``
  on a dict is left alone.
"""

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

APPS = ("alerts", "meetings", "partnership", "scrutiny")
# Development tooling writes sample data and is no module of views.
SKIPPED = ("migrations", "devtools", "management")

ALWAYS_WRITES = {"save", "delete", "create", "get_or_create", "update_or_create"}
ALWAYS_WRITES |= {"bulk_create", "bulk_update"}
MANAGERS = {"objects", "all_objects", "_default_manager", "_base_manager"}
QUERYSET_METHODS = {
    "all",
    "filter",
    "exclude",
    "select_for_update",
    "select_related",
    "prefetch_related",
    "order_by",
    "annotate",
    "using",
}
VIEW_IMPORTS = ("django.views", "django.shortcuts", "django.contrib.auth.views")
VIEW_BASES = "editing"


def _builds_views(node: ast.ImportFrom) -> bool:
    """Whether an import takes Django's views or shortcuts, or the editing views' bases
    (not the edit form that ``editing.py`` also holds, which forms modules import)."""
    module = node.module or ""
    if node.level == 0 and module.startswith(VIEW_IMPORTS):
        return True
    return module.rsplit(".", 1)[-1] == VIEW_BASES and any(
        alias.name.endswith("View") or alias.name == "officer_only" for alias in node.names
    )


def is_view_module(path: Path, tree: ast.Module) -> bool:
    if path.name == "views.py" or path.parent.name == "views":
        return True
    return any(isinstance(node, ast.ImportFrom) and _builds_views(node) for node in ast.walk(tree))


def _is_self_or_super(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id == "self"
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def _is_manager_or_queryset(node: ast.expr) -> bool:
    """Whether an expression is reached through a manager or a queryset method."""
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr in MANAGERS:
                return True
            node = node.value
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in QUERYSET_METHODS:
                return True
            node = func
        else:
            return False


def writes_in(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """The line and method of each write the rule finds in a module."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        always = method in ALWAYS_WRITES and not _is_self_or_super(receiver)
        if always or (method == "update" and _is_manager_or_queryset(receiver)):
            yield node.lineno, method


def view_modules(root: Path) -> Iterator[tuple[Path, ast.Module]]:
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if set(path.relative_to(root).parts) & set(SKIPPED):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            if is_view_module(path, tree):
                yield path, tree


def problems(root: Path) -> list[str]:
    found = []
    for path, tree in view_modules(root):
        for line, method in writes_in(tree):
            found.append(
                f"{path.relative_to(root)}:{line}: a view calls .{method}(): "
                "write through the app's services instead"
            )
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path.cwd()
    found = problems(root)
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
