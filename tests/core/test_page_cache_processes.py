"""Two server processes without Redis drop a stale badge together after an edit.

Each gunicorn keeps pages in its own memory (no REDIS_URL, as the Dockerfile
runs it); the version both read is in the shared database. The database is a
throwaway SQLite file whatever DATABASE_URL says, so this runs the same in
every CI job, in about 15 seconds.
"""

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bench.common import drill_env, stop_gunicorn

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# The badge's wording may change; either way it names a verified license.
VERIFIED_BADGE = re.compile(r"✓ License verified|Verified license")

SEED = """
from tests.factories import ClinicFactory, LicenseFactory, PractitionerFactory
p = PractitionerFactory(slug="two-workers", first_name="Two", last_name="Workers")
ClinicFactory(practitioner=p)
LicenseFactory(practitioner=p, verified=True, number="AC-BEFORE")
"""
EDIT = """
from verification import services
from verification.models import License
services.update_record_facts(License.objects.get(number="AC-BEFORE"), actor=None, number="AC-AFTER")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=60)


def answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture
def two_servers(tmp_path):
    env = drill_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        ALLOWED_HOSTS=HOST,
        PAGE_CACHE_SECONDS="300",
        STATIC_ROOT=str(tmp_path / "static"),
        LOG_LEVEL="CRITICAL",
    )
    for name in ("REDIS_URL", "DATABASE_REPLICA_URL"):
        env.pop(name, None)
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")  # production serves hashed names
    manage(env, "shell", "-v0", "-c", SEED)
    servers = []
    try:
        for n in range(2):
            port, pid_file = free_port(), tmp_path / f"gunicorn{n}.pid"
            process = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "directory.wsgi",
                 "--bind", f"{HOST}:{port}", "--workers", "1", "--pid", str(pid_file),
                 "--log-level", "warning"],
                cwd=ROOT, env=env,
            )  # fmt: skip
            servers.append((process, pid_file, f"http://{HOST}:{port}"))
        deadline = time.monotonic() + 20
        while not all(answers(base) for _, _, base in servers):
            assert time.monotonic() < deadline, "the servers did not answer within 20 s"
            time.sleep(0.2)
        yield env, [base for _, _, base in servers]
    finally:
        for process, pid_file, _ in servers:
            stop_gunicorn(process, pid_file)


def profile(base: str) -> tuple[str, bool]:
    response = requests.get(f"{base}/practitioners/two-workers/", timeout=10)
    assert response.status_code == 200
    return response.headers["X-Page-Cache"], bool(VERIFIED_BADGE.search(response.text))


def test_a_license_edit_drops_the_badge_in_every_worker_without_redis(two_servers):
    env, bases = two_servers
    for base in bases:
        assert profile(base) == ("miss", True)
        assert profile(base) == ("hit", True)

    manage(env, "shell", "-v0", "-c", EDIT)

    for base in bases:
        assert profile(base) == ("miss", False), base
