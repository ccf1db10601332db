"""The docs are tested: README commands and .env.example variables must exist."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
ENV_EXAMPLE = (ROOT / ".env.example").read_text()
SETTINGS = (ROOT / "directory" / "settings.py").read_text()


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-zA-Z][\w-]*):", text, flags=re.M))


def test_readme_starts_with_the_two_commands():
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", README, flags=re.S).group(1)
    assert "make run" in first_block and "make test" in first_block


def test_every_make_target_in_the_readme_exists():
    named = set(re.findall(r"\bmake ([a-z][\w-]*)", README))
    assert named, "README names no make targets"
    assert named <= makefile_targets(), named - makefile_targets()


def test_every_manage_py_command_in_the_readme_exists():
    named = set(re.findall(r"manage\.py ([a-z_]+)", README))
    assert {"seed_demo"} <= named
    assert named <= set(get_commands()), named - set(get_commands())


def test_every_file_path_in_the_readme_layout_exists():
    layout = README.split("## Project layout", 1)[1]
    paths = re.findall(r"^- `([\w./-]+)`", layout, flags=re.M)
    assert paths
    missing = [p for p in paths if not (ROOT / p.strip("/")).exists()]
    assert not missing, missing


def env_example_variables() -> set[str]:
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE, flags=re.M))


def test_every_env_example_variable_is_read_by_the_settings():
    read = set(re.findall(r"env_\w+\(\s*\"([A-Z0-9_]+)\"", SETTINGS)) | set(
        re.findall(r"os\.environ\.get\(\s*\"([A-Z0-9_]+)\"", SETTINGS)
    )
    assert env_example_variables() <= read, env_example_variables() - read


def test_every_variable_the_settings_read_is_documented():
    read = set(re.findall(r"env_\w+\(\s*\"([A-Z0-9_]+)\"", SETTINGS)) | set(
        re.findall(r"os\.environ\.get\(\s*\"([A-Z0-9_]+)\"", SETTINGS)
    )
    assert read <= env_example_variables(), read - env_example_variables()


def test_every_env_example_variable_is_in_the_readme():
    missing = {v for v in env_example_variables() if f"`{v}`" not in README}
    assert not missing, missing


# contract.md's search parameters, and the README's table for those it explains.
CONTRACT_PARAMETERS = {
    "q", "near", "radius", "condition", "technique", "credential", "language", "accepting",
    "verified", "min_rating", "payment", "max_fee", "sort",
}  # fmt: skip


def test_the_filterset_takes_exactly_the_contract_parameters():
    from practitioners.filters import PractitionerFilterSet

    assert set(PractitionerFilterSet.base_filters) == CONTRACT_PARAMETERS


def test_the_readme_explains_the_cost_parameters_and_their_values():
    from practitioners.models import PAYMENT_OPTIONS

    for name in ("payment", "max_fee"):
        assert f"| `{name}` |" in README
    row = next(line for line in README.splitlines() if "| `payment` |" in line)
    for value, _, _ in PAYMENT_OPTIONS:
        assert f"`{value}`" in row
    assert "any of them" in row
