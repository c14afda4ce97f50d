"""Imports run one way (docs/architecture.md): an app may import the apps above
it in the list, never those below. Read from the source, so a new import that
runs upward fails here before it tangles the code."""

import ast
from pathlib import Path

from accounts.ownership import local_app_configs

ROOT = Path(__file__).resolve().parent.parent
# The order of Rebound's own apps in INSTALLED_APPS, which the architecture page
# gives too (checked below).
ORDER = [config.name for config in local_app_configs()]


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names)
    return found & set(ORDER)


def upward_imports() -> list[str]:
    wrong = []
    for rank, app in enumerate(ORDER):
        for path in sorted((ROOT / app).rglob("*.py")):
            for other in imported_apps(path):
                if ORDER.index(other) > rank:
                    wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    return wrong


def test_the_architecture_page_lists_the_apps_in_this_order():
    text = (ROOT / "docs" / "architecture.md").read_text()
    assert ORDER[0] == "accounts" and ORDER[-1] == "api"  # read from the settings, not empty
    rows = [line.split("`")[1] for line in text.splitlines() if line.startswith("| `")]
    assert [row for row in rows if row in ORDER][: len(ORDER)] == ORDER


def test_no_app_imports_an_app_below_it():
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from sharing.models import Share\nimport api.tokens\nfrom . import models\n")
    assert imported_apps(sample) == {"sharing", "api"}
