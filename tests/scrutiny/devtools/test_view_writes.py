"""The lint check that keeps writes out of views (scrutiny/devtools/checks/view_writes.py)
passes on the tree, and fails on a copy where a view writes a record itself."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CHECK = "scrutiny.devtools.checks.view_writes"


def run_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", CHECK, str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def scratch(tmp_path) -> Path:
    """A copy of the apps' source, to spoil."""
    for app in ("meetings", "partnership", "scrutiny"):
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_no_view_of_the_tree_writes_a_record_itself():
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("meetings/views/records.py", "    record.save()"),
        ("partnership/views/editing.py", "    Agency.objects.filter(pk=1).update(name='x')"),
        ("scrutiny/kernel/editing.py", "    form.save()"),
        ("meetings/views/public.py", "    Meeting.objects.create()"),
    ],
)
def test_a_view_that_writes_a_record_fails_the_check(scratch, module, line):
    path = scratch / module
    path.write_text(path.read_text() + f"\n\ndef spoiled(request, record, form):\n{line}\n")
    result = run_check(scratch)
    assert result.returncode == 1
    (problem,) = result.stdout.splitlines()
    assert problem.startswith(f"{module}:")


def test_a_view_that_fills_a_dict_passes(scratch):
    path = scratch / "meetings/views/public.py"
    spoiled = "\n\ndef fine(request, context):\n    context.update(page=1)\n    return context\n"
    path.write_text(path.read_text() + spoiled)
    assert run_check(scratch).returncode == 0
