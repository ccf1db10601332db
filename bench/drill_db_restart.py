"""Failure drill: restart PostgreSQL under load; nothing accepted may be lost.

Runs gunicorn (production settings) on 127.0.0.1 against its own database,
keeps a bounded read load going, and has patients submit reviews through the
real review form before, during and after a PostgreSQL restart. It checks:

- /healthz answers 503 while the database is down and 200 again after it is
  back, without restarting the application;
- no request fails with a 500 at any point (pages answer 503 while down);
- every review the site accepted (redirect after POST) is in the database.

`--quick` (CI) uses fewer patients and a shorter load. Needs permission to
stop and start the PostgreSQL cluster (root, or the postgres user).
Loopback only; every loop is bounded in count and time.
"""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests
from common import (  # bench/ is sys.path[0]: run as python bench/<script>.py
    drill_env,
    stop_gunicorn,
    wait_for,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
PORT = int(os.environ.get("DRILL_PORT", "8766"))
BASE = f"http://{HOST}:{PORT}"
DATABASE_URL = os.environ.get(
    "DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/directory_drill"
)
PASSWORD = "drill-" + secrets.token_urlsafe(12)


def log(message: str) -> None:
    print(f"[drill] {message}", flush=True)


def env() -> dict:
    values = drill_env(
        DATABASE_URL=DATABASE_URL,
        ALLOWED_HOSTS=f"{HOST},localhost,testserver",
        PAGE_CACHE_SECONDS="0",
        STAFF_MFA_REQUIRED="0",
        LOG_LEVEL="CRITICAL",
        # Short-lived connections recover on their own; health checks catch the rest.
        DATABASE_CONN_MAX_AGE="60",
    )
    values.pop("REDIS_URL", None)
    return values


def clusters() -> list[tuple[str, str]]:
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True)
    return [tuple(line.split()[:2]) for line in out.stdout.splitlines() if line.strip()]


def pg_ctl(action: str) -> None:
    for version, name in clusters():
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action]
        if action == "stop":
            command += ["-m", "fast"]
        subprocess.run(command, check=True, capture_output=True)


def health() -> int:
    try:
        return requests.get(f"{BASE}/healthz", timeout=3).status_code
    except requests.RequestException:
        return 0


def prepare(values: dict, patients: int) -> tuple[list[str], list[str]]:
    """Create the database, seed it, and make patients with verified emails."""
    import psycopg2

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = psycopg2.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    run = {"cwd": ROOT, "env": values, "check": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], **run)
    subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--practitioners", "40", "-v0"], **run
    )
    os.environ.update(values)
    import django

    django.setup()
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from practitioners.models import Practitioner

    emails = []
    for i in range(patients):
        user = User.objects.create_user(f"drill{i}@example.org", PASSWORD)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        emails.append(user.email)
    slugs = list(
        Practitioner.objects.listed().filter(owner__isnull=True).values_list("slug", flat=True)[:5]
    )
    from django.db import connections

    connections.close_all()
    return emails, slugs


def start_gunicorn(values: dict) -> tuple[subprocess.Popen, Path]:
    static_root = tempfile.mkdtemp(prefix="drill-static-")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env={**values, "STATIC_ROOT": static_root}, check=True,
    )  # fmt: skip
    pid_file = Path(tempfile.mkdtemp()) / "gunicorn.pid"
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "directory.wsgi",
         "--bind", f"{HOST}:{PORT}", "--workers", "2", "--timeout", "30",
         "--pid", str(pid_file), "--log-level", "warning"],
        cwd=ROOT, env={**values, "STATIC_ROOT": static_root},
    )  # fmt: skip
    wait_for(lambda: health() == 200, 30, "gunicorn to answer")
    return process, pid_file


class Patient:
    def __init__(self, email: str):
        self.email = email
        self.session = requests.Session()

    def log_in(self) -> None:
        page = self.session.get(f"{BASE}/accounts/login/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.session.post(
            f"{BASE}/accounts/login/",
            data={"login": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{BASE}/accounts/login/"},
            timeout=10,
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise SystemExit(f"{self.email} could not log in ({response.status_code})")

    def review(self, slug: str, title: str) -> int:
        """Submit a review; return the status code of the POST (302 means accepted)."""
        url = f"{BASE}/practitioners/{slug}/review/"
        try:
            page = self.session.get(url, timeout=10)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            if page.status_code != 200 or not token:
                return page.status_code
            response = self.session.post(
                url,
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "rating_overall": "5",
                    "title": title,
                    "body": "Careful and clear; sterile needles every time.",
                    "display_name": "Drill P.",
                    "confirm": "on",
                },
                headers={"Referer": url},
                timeout=10,
                allow_redirects=False,
            )
            return response.status_code
        except requests.RequestException:
            return 0


class Load(threading.Thread):
    """Bounded background reads: a few requests a second until told to stop."""

    def __init__(self, paths: list[str], limit_seconds: float):
        super().__init__(daemon=True)
        self.paths = paths
        self.deadline = time.monotonic() + limit_seconds
        self.stop = threading.Event()
        self.statuses = Counter()
        self.down = threading.Event()

    def run(self):
        session = requests.Session()
        i = 0
        while not self.stop.is_set() and time.monotonic() < self.deadline and i < 5000:
            path = self.paths[i % len(self.paths)]
            i += 1
            try:
                status = session.get(BASE + path, timeout=10).status_code
            except requests.RequestException:
                status = 0
            phase = "down" if self.down.is_set() else "up"
            self.statuses[(phase, status)] += 1
            time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the reduced form CI runs")
    args = parser.parse_args()
    if not shutil.which("pg_ctlcluster"):
        raise SystemExit("pg_ctlcluster not found: this drill restarts a Debian PostgreSQL cluster")
    patients = 3 if args.quick else 8
    values = env()
    emails, slugs = prepare(values, patients)
    process, pid_file = start_gunicorn(values)
    failures = []
    accepted, refused = [], Counter()
    load = Load(["/healthz", "/practitioners/", f"/practitioners/{slugs[0]}/", "/learn/"], 120)
    try:
        people = [Patient(email) for email in emails]
        for person in people:
            person.log_in()
        load.start()

        def submit_round(label: str, slug_index: int):
            for n, person in enumerate(people):
                title = f"{label} review {n}"
                slug = slugs[slug_index % len(slugs)]
                status = person.review(slug, title)
                if status == 302:
                    accepted.append((person.email, slug, title))
                else:
                    refused[(label, status)] += 1

        submit_round("before", 0)
        log(f"accepted before the restart: {len(accepted)}")
        log("stopping PostgreSQL")
        load.down.set()
        pg_ctl("stop")
        took = wait_for(lambda: health() == 503, 20, "/healthz to answer 503")
        log(f"/healthz answered 503 after {took:.1f}s")
        submit_round("during", 1)
        log("starting PostgreSQL")
        pg_ctl("start")
        took = wait_for(lambda: health() == 200, 60, "/healthz to answer 200 again")
        load.down.clear()
        log(f"/healthz answered 200 again {took:.1f}s after the start (no app restart)")
        submit_round("after", 2)
        time.sleep(1 if args.quick else 5)
    finally:
        load.stop.set()
        if not clusters_running():
            pg_ctl("start")
        stop_gunicorn(process, pid_file)

    import django.db

    django.db.connections.close_all()
    from reviews.models import Review

    missing = [
        a
        for a in accepted
        if not Review.objects.filter(
            author__email=a[0], practitioner__slug=a[1], title=a[2]
        ).exists()
    ]
    server_errors = {k: v for k, v in load.statuses.items() if k[1] >= 500 and k[1] != 503}
    server_errors |= {k: v for k, v in refused.items() if k[1] >= 500 and k[1] != 503}
    down_ok = {k: v for k, v in load.statuses.items() if k[0] == "up" and k[1] not in (200,)}
    log(f"reads: {dict(load.statuses)}")
    log(f"reviews accepted: {len(accepted)}; not accepted: {dict(refused)}")
    if missing:
        failures.append(f"accepted reviews missing from the database: {missing}")
    if server_errors:
        failures.append(f"server errors other than 503: {server_errors}")
    if down_ok:
        failures.append(f"non-200 answers while the database was up: {down_ok}")
    if not any(a[2].startswith("after") for a in accepted):
        failures.append("no review was accepted after the restart")
    for failure in failures:
        log(f"FAIL: {failure}")
    log("drill passed" if not failures else "drill FAILED")
    return 1 if failures else 0


def clusters_running() -> bool:
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=False)
    return all(" online" in line for line in out.stdout.splitlines() if line.strip())


if __name__ == "__main__":
    sys.exit(main())
