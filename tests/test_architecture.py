"""The layout of docs/architecture.md, held against the code."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {
    "core", "accounts", "education", "practitioners", "verification", "claims", "reviews",
    "opendata", "demo", "directory",
}  # fmt: skip
# Which of our apps each app may import: dependencies point toward practitioners and core.
ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    "education": {"core"},
    "practitioners": {"core", "accounts", "education"},
    "verification": {"core", "accounts", "education", "practitioners"},
    "claims": {"core", "accounts", "practitioners"},
    "reviews": {"core", "accounts", "education", "practitioners"},
    "opendata": {"core", "accounts", "education", "practitioners", "verification", "reviews"},
    "demo": OURS - {"demo", "directory"},
    "directory": OURS - {"directory"},
}
MAX_LINES = 500
# Pure data tables may be longer than a module that does something.
DATA_TABLES = {"demo/data.py"}


def application_files():
    for app in sorted(OURS):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_each_app_imports_only_the_apps_it_builds_on(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - ALLOWED[app] - {app})
        for owner, path in application_files()
        if owner == app
    }
    assert not {path: apps for path, apps in wrong.items() if apps}


def test_no_application_module_is_longer_than_an_afternoons_read():
    long = {
        str(path.relative_to(ROOT)): n
        for _, path in application_files()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
        and str(path.relative_to(ROOT)) not in DATA_TABLES
    }
    assert not long
