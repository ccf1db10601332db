"""Failure drill: stop Redis under load; pages keep answering, log-in limits keep refusing.

Starts its own redis-server on a spare loopback port (never the machine's
Redis) and gunicorn (production settings, two workers, page cache on) on a
throwaway SQLite database, keeps a bounded read load going, then stops Redis
and starts it again. It checks:

- no request fails with a 5xx at any point;
- while Redis is down pages are rendered fresh (never a cache hit), and they
  are cached again after it is back, without restarting the application;
- failed log-ins to one account are refused past the limit before, during
  (each worker counts in its own memory) and after the outage;
- a correct log-in still works while Redis is down.

`--quick` (CI) shortens the load. Needs redis-server (`apt-get install
redis-server`). Loopback only; every loop is bounded in count and time.
"""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests
from common import (  # bench/ is sys.path[0]: run as python bench/<script>.py
    drill_env,
    report,
    stop_gunicorn,
)

# The same loopback server address, wait and read load as the PostgreSQL drill.
from drill_db_restart import BASE, HOST, PORT, Load, wait_for

ROOT = Path(__file__).resolve().parent.parent
REDIS_PORT = int(os.environ.get("DRILL_REDIS_PORT", "6390"))
PASSWORD = "drill-" + secrets.token_urlsafe(12)
WORKERS = 2
# settings.ACCOUNT_RATE_LIMITS["login_failed"]: 5 failures per account in 5 minutes.
LIMIT_PER_ACCOUNT = 5
REFUSED = "Too many failed login attempts"
CACHED_PAGE = "/practitioners/?near=97214"


def log(message: str) -> None:
    print(f"[redis drill] {message}", flush=True)


def start_redis() -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", HOST, "--save", "",
         "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for(lambda: redis_answers(), 10, "redis-server to answer")
    return process


def stop_redis(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def redis_answers() -> bool:
    import redis

    try:
        return redis.Redis(host=HOST, port=REDIS_PORT, socket_timeout=0.5).ping()
    except redis.RedisError:
        return False


def prepare(workdir: Path, accounts: int) -> dict:
    """Environment for a production-like gunicorn on a fresh SQLite database with accounts."""
    values = drill_env(
        DATABASE_URL=f"sqlite:///{workdir / 'drill.sqlite3'}",
        REDIS_URL=f"redis://{HOST}:{REDIS_PORT}/0",
        ALLOWED_HOSTS=f"{HOST},localhost",
        PAGE_CACHE_SECONDS="300",
        STATIC_ROOT=str(workdir / "static"),
        LOG_LEVEL="CRITICAL",
    )
    run = {"cwd": ROOT, "env": values, "check": True}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], **run)
    subprocess.run([*manage, "seed_demo", "--practitioners", "20", "-v0"], **run)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], **run)
    code = (
        "from allauth.account.models import EmailAddress; from accounts.models import User\n"
        f"for i in range({accounts}):\n"
        f"    u = User.objects.create_user(f'redis-drill{{i}}@example.org', {PASSWORD!r})\n"
        "    EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)\n"
    )
    subprocess.run([*manage, "shell", "-v0", "-c", code], **run)
    return values


def start_gunicorn(values: dict, workdir: Path) -> tuple[subprocess.Popen, Path]:
    pid_file = workdir / "gunicorn.pid"
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "directory.wsgi",
         "--bind", f"{HOST}:{PORT}", "--workers", str(WORKERS), "--timeout", "30",
         "--pid", str(pid_file), "--log-level", "warning"],
        cwd=ROOT, env=values,
    )  # fmt: skip
    wait_for(lambda: status("/healthz") == 200, 30, "gunicorn to answer")
    return process, pid_file


def status(path: str) -> int:
    try:
        return requests.get(BASE + path, timeout=5).status_code
    except requests.RequestException:
        return 0


def log_in(email: str, password: str) -> requests.Response:
    session = requests.Session()
    page = session.get(f"{BASE}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(
        f"{BASE}/accounts/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{BASE}/accounts/login/", "Origin": BASE},
        timeout=10,
        allow_redirects=False,
    )


def throttling_refuses(email: str, failures: list[str], phase: str, *, shared: bool) -> None:
    """Fail log-ins to one account; past the limit they must be refused.

    Refused earlier is fine: the per-address limit (10 a minute) counts the
    previous phases' attempts from this same loopback address. With Redis
    (`shared`) every attempt past the limit is refused; while it is down each
    worker counts on its own, so at most WORKERS × limit are judged, in
    whatever order the workers happen to take them.
    """
    most_allowed = WORKERS * LIMIT_PER_ACCOUNT
    outcomes = []
    for _ in range(most_allowed + 3):
        response = log_in(email, "wrong-" + secrets.token_urlsafe(6))
        if response.status_code >= 500:
            failures.append(f"{phase}: a failed log-in got {response.status_code}")
        outcomes.append(REFUSED in response.text)
    accepted = outcomes.count(False)
    log(f"{phase}: {accepted} failed log-ins judged, {outcomes.count(True)} refused")
    if accepted > (LIMIT_PER_ACCOUNT if shared else most_allowed) or (
        shared and not all(outcomes[LIMIT_PER_ACCOUNT:])
    ):
        failures.append(f"{phase}: log-in throttling let attempts through: {outcomes}")


def page_cache_answers(path: str, count: int) -> Counter:
    """GET one cached page a few times; count its X-Page-Cache answers (hit, miss)."""
    seen = Counter()
    for _ in range(count):
        try:
            response = requests.get(BASE + path, timeout=10)
            seen[(response.status_code, response.headers.get("X-Page-Cache", "-"))] += 1
        except requests.RequestException:
            seen[(0, "-")] += 1
        time.sleep(0.1)
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the reduced form CI runs")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server not found: apt-get install redis-server")
    if redis_answers():
        raise SystemExit(f"something already answers on port {REDIS_PORT}: set DRILL_REDIS_PORT")
    pause = 2 if args.quick else 8
    workdir = Path(tempfile.mkdtemp(prefix="redis-drill-"))
    failures: list[str] = []
    redis_process = start_redis()
    values = prepare(workdir, accounts=4)
    gunicorn, pid_file = start_gunicorn(values, workdir)
    load = Load(["/", "/practitioners/", f"{CACHED_PAGE}&page=1", "/learn/"], 180)
    try:
        load.start()
        up = page_cache_answers(CACHED_PAGE, 3)
        if not up[(200, "hit")]:
            failures.append(f"no cache hit while Redis was up: {dict(up)}")
        throttling_refuses("redis-drill0@example.org", failures, "Redis up", shared=True)

        log("stopping Redis")
        stop_redis(redis_process)
        load.down.set()
        time.sleep(pause)
        down = page_cache_answers(CACHED_PAGE, 5)
        log(f"Redis down: {CACHED_PAGE} answered {dict(down)}")
        if down != Counter({(200, "miss"): 5}):
            failures.append(f"pages while Redis was down were not all fresh 200s: {dict(down)}")
        response = log_in("redis-drill3@example.org", PASSWORD)
        if response.status_code != 302:
            failures.append(f"Redis down: a correct log-in got {response.status_code}")
        throttling_refuses("redis-drill1@example.org", failures, "Redis down", shared=False)
        time.sleep(pause)

        log("starting Redis again")
        redis_process = start_redis()
        load.down.clear()
        # Each worker retries Redis a few seconds after its last failure.
        took = wait_for(
            lambda: page_cache_answers(CACHED_PAGE, 1)[(200, "hit")] > 0, 30, "a cache hit"
        )
        log(f"pages cached again {took:.1f}s after Redis came back (no app restart)")
        # A worker may still be on its fallback for a few seconds after Redis returns.
        throttling_refuses("redis-drill2@example.org", failures, "Redis back", shared=False)
        time.sleep(pause)
    finally:
        load.stop.set()
        load.join(timeout=15)
        stop_gunicorn(gunicorn, pid_file)
        stop_redis(redis_process)
        shutil.rmtree(workdir, ignore_errors=True)

    log(f"background reads (Redis up/down, status): {dict(load.statuses)}")
    errors = {k: n for k, n in load.statuses.items() if k[1] != 200}
    if errors:
        failures.append(f"background reads that did not answer 200: {errors}")
    return report(failures, log)


if __name__ == "__main__":
    sys.exit(main())
