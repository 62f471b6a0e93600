"""The layers of DESIGN.md hold, and a backwards import breaks make lint.

The contracts live in pyproject.toml and import-linter checks them. These tests run it on
the real tree, and on a scratch copy with one forbidden import added, to show that the
contracts do catch what they promise to.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", "pyproject.toml", "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture
def scratch_copy(tmp_path) -> Path:
    """The project's packages and pyproject.toml, copied where they can be broken."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("scrutiny", "partnership", "meetings", "alerts"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(module: Path, statement: str) -> None:
    module.write_text(module.read_text() + f"\n{statement}  # noqa\n")


def test_the_tree_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_partnership_importing_meetings_breaks_the_layers(scratch_copy):
    add_import(scratch_copy / "partnership/models/__init__.py", "import meetings.models")

    result = lint_imports(scratch_copy)

    assert result.returncode != 0
    assert "Apps above the document pipeline and the backup, all above the kernel BROKEN" in (
        result.stdout
    )
    assert "partnership.models -> meetings.models" in result.stdout


def test_the_kernel_importing_an_app_breaks_the_layers(scratch_copy):
    add_import(scratch_copy / "scrutiny/kernel/roles.py", "from partnership import models")

    result = lint_imports(scratch_copy)

    assert result.returncode != 0
    assert "scrutiny.kernel.roles -> partnership.models" in result.stdout


def test_an_application_module_importing_the_dev_tooling_breaks_a_contract(scratch_copy):
    add_import(
        scratch_copy / "meetings/views/public.py", "from scrutiny.devtools import benchmarking"
    )

    result = lint_imports(scratch_copy)

    assert result.returncode != 0
    assert "No application module imports the development tooling BROKEN" in result.stdout
    assert "meetings.views.public -> scrutiny.devtools.benchmarking" in result.stdout


def test_meetings_importing_alerts_breaks_the_layers(scratch_copy):
    add_import(scratch_copy / "meetings" / "services.py", "import alerts.events")
    result = lint_imports(scratch_copy)
    assert result.returncode != 0
    assert "meetings.services -> alerts.events" in result.stdout
