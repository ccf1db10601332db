"""bin/ensure-chromium: what `make test` and CI run before the browser tests."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bin" / "ensure-chromium"


def stub(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def machine(tmp_path):
    """A fake PATH whose `id` and `apt-get` record what the script asked for."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    chromium = tmp_path / "usr-bin-chromium"
    calls = tmp_path / "apt-calls"
    stub(
        bin_dir,
        "apt-get",
        f'echo "$DEBIAN_FRONTEND apt-get $*" >> {calls}\n'
        f'case "$1" in install) printf "#!/bin/sh\\n" > {chromium}; chmod +x {chromium};; esac',
    )

    def run(uid: int):
        stub(bin_dir, "id", f"echo {uid}")
        env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "CHROMIUM": str(chromium)}
        result = subprocess.run(
            ["/bin/bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30
        )
        result.apt_calls = calls.read_text().splitlines() if calls.exists() else []
        return result

    run.chromium = chromium
    return run


def test_nothing_happens_when_chromium_is_already_there(machine):
    machine.chromium.write_text("#!/bin/sh\n")
    machine.chromium.chmod(0o755)
    result = machine(uid=1000)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert result.apt_calls == []


def test_as_root_it_installs_debians_chromium_without_questions(machine):
    result = machine(uid=0)
    assert result.returncode == 0, result.stderr
    assert result.apt_calls == [
        "noninteractive apt-get update -q",
        "noninteractive apt-get install -y -q --no-install-recommends chromium",
    ]
    assert os.access(machine.chromium, os.X_OK)


def test_as_another_user_it_says_in_one_line_what_to_run_and_fails(machine):
    result = machine(uid=1000)
    assert result.returncode != 0
    assert result.apt_calls == []
    assert len(result.stderr.strip().splitlines()) == 1
    assert "sudo apt-get install -y chromium" in result.stderr


def test_the_makefile_and_ci_use_this_script():
    root = SCRIPT.parents[1]
    makefile = (root / "Makefile").read_text()
    assert "test: $(VENV)/.installed-dev browser" in makefile
    assert "bin/ensure-chromium" in makefile
    ci = (root / ".ci" / "run").read_text()
    assert "bin/ensure-chromium" in ci
    assert "need+=(chromium)" not in ci
