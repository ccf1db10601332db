"""The performance benchmark behind `make bench` (PostgreSQL, loopback only).

1. Seeds 100,000 practitioners with about 1,000,000 reviews into the bench
   database (reused when already there).
2. Checks query plans: EXPLAIN ANALYZE of the search queries; any sequential
   scan of the practitioner or review table fails the run.
3. Counts queries per request for each endpoint.
4. Starts gunicorn with the production settings on 127.0.0.1, warms up, and
   drives a bounded load with wrk (fixed duration per endpoint) over a
   realistic mix of URLs, including a constant "floor" endpoint through the
   same stack, and reports each endpoint as a ratio to the floor.
5. Prints a table and writes bench/results.json.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/directory_bench),
BENCH_PRACTITIONERS (100000), BENCH_REVIEWS_PER_PRACTITIONER (12), BENCH_DURATION
seconds per endpoint (15), BENCH_CONNECTIONS (8), BENCH_WORKERS (gunicorn, 3),
BENCH_PORT (8765), REDIS_URL (cache; used when it answers).
"""

import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import stop_gunicorn  # bench/ is sys.path[0]: run as python bench/<script>.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results.json"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/directory_bench"
)
PRACTITIONERS = int(os.environ.get("BENCH_PRACTITIONERS", "100000"))
REVIEWS_PER = int(os.environ.get("BENCH_REVIEWS_PER_PRACTITIONER", "12"))
DURATION = int(os.environ.get("BENCH_DURATION", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = "127.0.0.1"  # loopback only, by design
RUN_TOKEN = secrets.token_hex(4)  # makes "uncached" URLs unique to this run
TARGETS = {
    "search_p95_ms": 60,
    "profile_p95_ms": 40,
    "search_to_floor_p95": 4.0,
    "seed_seconds": 300,
}
# The practitioner and review tables must never be scanned sequentially.
GUARDED_TABLES = {"practitioners_practitioner", "reviews_review"}

ZIPS = ["97214", "10001", "94110", "90012", "60614", "78701", "02139", "98103", "80202",
        "33130", "30307", "55406", "97209", "10025", "94607", "19103", "85004", "37203"]  # fmt: skip
CONDITIONS = ["low-back-pain", "neck-pain", "fibromyalgia", "migraine", "osteoarthritis",
              "sciatica", "neuropathic-pain", "tension-headache"]  # fmt: skip
WORDS = ["chen", "smith", "garcia", "pain", "migraine", "sciatica", "electro", "portland",
         "nguyen", "fibromyalgia", "gentle", "back"]  # fmt: skip


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def base_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_ALLOW_ASYNC")}
    env.update(
        {
            "DATABASE_URL": DATABASE_URL,
            "DEBUG": "0",
            "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
            # Plain HTTP on loopback: no TLS terminator in front of gunicorn here.
            "SECURE_SSL_REDIRECT": "0",
            # One client IP on loopback: throttling would only measure DRF's
            # per-IP request history (a list as long as the rate allows).
            "API_ANON_RATE": "none",
            "DJANGO_SETTINGS_MODULE": "directory.settings",
            "LOG_LEVEL": "WARNING",
        }
    )
    if redis_answers(env.get("REDIS_URL", "redis://127.0.0.1:6379/1")):
        env["REDIS_URL"] = env.get("REDIS_URL", "redis://127.0.0.1:6379/1")
    else:
        env.pop("REDIS_URL", None)
    return env


def redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def manage(*args, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=check, text=True
    )


def ensure_database(env: dict) -> None:
    import psycopg2
    from psycopg2 import sql

    name = DATABASE_URL.rsplit("/", 1)[1].split("?")[0]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            log(f"creating database {name}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def setup_django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def seed(env: dict) -> dict:
    from practitioners.models import Practitioner
    from reviews.models import Review

    have = Practitioner.objects.count()
    info = {"reused": have >= PRACTITIONERS, "practitioners": have}
    if have < PRACTITIONERS:
        log(f"seeding {PRACTITIONERS:,} practitioners (database has {have:,})")
        started = time.perf_counter()
        seed_env = {**env, "DEBUG": "1"}
        manage("seed_demo", "--practitioners", str(PRACTITIONERS),
               "--reviews-per-practitioner", str(REVIEWS_PER), env=seed_env)  # fmt: skip
        info["seed_seconds"] = round(time.perf_counter() - started, 1)
    info["practitioners"] = Practitioner.objects.count()
    info["reviews"] = Review.objects.count()
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does in production: statistics for the planner, and
        # the visibility map that lets counts be answered from indexes alone.
        cursor.execute("VACUUM ANALYZE")
    log(f"data: {info['practitioners']:,} practitioners, {info['reviews']:,} reviews")
    return info


def scenario_urls(rng: random.Random, slugs: list[str]) -> dict[str, list[str]]:
    """Realistic URL mixes per endpoint, fixed by the seed."""
    zip_radius = [
        f"/practitioners/?near={rng.choice(ZIPS)}&radius={rng.choice([10, 25, 50])}"
        for _ in range(60)
    ]
    text = [f"/practitioners/?q={rng.choice(WORDS)}" for _ in range(60)]
    combined = [
        f"/practitioners/?near={rng.choice(ZIPS)}&radius={rng.choice([25, 50])}"
        f"&condition={rng.choice(CONDITIONS)}&q={rng.choice(WORDS)}"
        f"&accepting={rng.choice(['', '1'])}&sort={rng.choice(['distance', 'rating'])}"
        for _ in range(60)
    ]
    profiles = [f"/practitioners/{slug}/" for slug in rng.sample(slugs, min(200, len(slugs)))]
    api = [
        f"/api/v1/practitioners/?near={rng.choice(ZIPS)}&condition={rng.choice(CONDITIONS)}"
        for _ in range(60)
    ]
    uncached = zip_radius[:20] + text[:20] + combined[:20]
    return {
        "floor": ["/robots.txt"],
        "search_zip_radius": zip_radius,
        "search_text": text,
        "search_combined": combined,
        "profile": profiles,
        "api_list": api,
        # The cold path: the same searches, each request missing every cache.
        "search_uncached": uncached,
        "api_list_uncached": api,
    }


def explain_search_queries() -> list[dict]:
    """EXPLAIN ANALYZE the queries one search page runs; flag sequential scans of big tables."""
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from core.pagination import paginate
    from practitioners.filters import PractitionerFilterSet
    from practitioners.models import Practitioner
    from practitioners.selectors import prepare_cards
    from practitioners.views import PAGE_SIZE

    cases = {
        "zip_radius": "near=97214&radius=25",
        "text": "q=chen",
        "text_typo": "q=jonh+smth",
        "combined": "near=10001&radius=25&condition=migraine&q=pain&accepting=1&sort=rating",
        "rating_sort": "sort=rating&min_rating=4",
        "experience_sort": "sort=experience&verified=0",
        "default": "",
    }
    report = []
    for name, query in cases.items():
        filterset = PractitionerFilterSet(QueryDict(query), queryset=Practitioner.objects.listed())
        # Run the page exactly as the view does, and explain what it ran.
        with CaptureQueriesContext(connection) as captured:
            page, _ = paginate(filterset.qs, PAGE_SIZE, None)
            prepare_cards(list(page.object_list))
        for index, executed in enumerate(captured.captured_queries):
            sql = executed["sql"]
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
            scans = sorted(seq_scans(plan["Plan"]))
            kind = (
                "count"
                if sql.startswith("SELECT COUNT(")
                else ("page" if index <= 1 else "prefetch")
            )
            report.append(
                {
                    "query": f"{name} ({kind} {index + 1})",
                    "params": query,
                    "execution_ms": round(plan["Execution Time"], 2),
                    "planning_ms": round(plan["Planning Time"], 2),
                    "sequential_scans": scans,
                    "ok": not (set(scans) & GUARDED_TABLES),
                }
            )
    return report


def seq_scans(node: dict) -> set[str]:
    found = set()
    if node.get("Node Type") == "Seq Scan":
        found.add(node.get("Relation Name", "?"))
    for child in node.get("Plans", []):
        found |= seq_scans(child)
    return found


def queries_per_request(urls: dict[str, list[str]]) -> dict[str, float]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME=HOST)
    counts = {}
    for endpoint, paths in urls.items():
        samples = []
        for n, path in enumerate(paths[:10]):
            # A fresh, ignored parameter: count the queries of a real (uncached) answer.
            sep = "&" if "?" in path else "?"
            with CaptureQueriesContext(connection) as captured:
                response = client.get(f"{path}{sep}nocache={endpoint}-{n}-{RUN_TOKEN}")
            assert response.status_code == 200, (path, response.status_code)
            samples.append(len(captured.captured_queries))
        counts[endpoint] = round(statistics.mean(samples), 1)
    return counts


def start_gunicorn(env: dict, static_root: str) -> tuple[subprocess.Popen, Path]:
    pid_file = Path(tempfile.mkdtemp()) / "gunicorn.pid"
    server_env = {**env, "STATIC_ROOT": static_root}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "directory.wsgi",
            "--bind", f"{HOST}:{PORT}",
            "--workers", str(WORKERS),
            "--pid", str(pid_file),
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=server_env,
    )  # fmt: skip
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=2) as r:
                if r.status == 200:
                    return process, pid_file
        except OSError:
            time.sleep(0.3)
    stop_gunicorn(process, pid_file)
    raise SystemExit("gunicorn did not start")


WRK_SCRIPT = """
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
end
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  local path = paths[(i %% #paths) + 1]
  if %(bust)s then
    -- A parameter the search ignores: every request misses the page cache.
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. "nocache=%(token)s-" .. tostring(id) .. "-" .. i
  end
  return wrk.format("GET", path)
end
local non2xx = 0
response = function(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format(
    "JSON{\\"requests\\":%%d,\\"duration_us\\":%%d,\\"p50\\":%%d,\\"p95\\":%%d,\\"p99\\":%%d,\\"max\\":%%d,\\"socket_errors\\":%%d,\\"status_errors\\":%%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


def run_wrk(name: str, paths: list[str], workdir: Path, duration: int) -> dict:
    path_file = workdir / f"{name}.txt"
    path_file.write_text("\n".join(paths) + "\n")
    script = workdir / f"{name}.lua"
    bust = "true" if name.endswith("_uncached") else "false"
    script.write_text(WRK_SCRIPT % {"paths": path_file, "bust": bust, "token": RUN_TOKEN})
    out = subprocess.run(
        # A 10 s timeout: a slow answer is measured as slow, not dropped as an error.
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "10s", "--latency", "-s", str(script),
         f"http://{HOST}:{PORT}"],
        capture_output=True, text=True, check=True, timeout=duration + 60,
    )  # fmt: skip
    line = next(line for line in out.stdout.splitlines() if line.startswith("JSON{"))
    data = json.loads(line[4:])
    seconds = data["duration_us"] / 1e6
    return {
        "requests": data["requests"],
        "rps": round(data["requests"] / seconds, 1),
        "p50_ms": round(data["p50"] / 1000, 2),
        "p95_ms": round(data["p95"] / 1000, 2),
        "p99_ms": round(data["p99"] / 1000, 2),
        "max_ms": round(data["max"] / 1000, 2),
        "non_2xx": data["status_errors"],
        "socket_errors": data["socket_errors"],
    }


def warm_up(urls: dict[str, list[str]]) -> None:
    for paths in urls.values():
        for path in paths:
            with urllib.request.urlopen(f"http://{HOST}:{PORT}{path}", timeout=30) as r:
                r.read()


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is required: apt-get install wrk")
    env = base_env()
    # Production static files (manifest storage) for both gunicorn and the
    # in-process query counting.
    env["STATIC_ROOT"] = tempfile.mkdtemp(prefix="bench-static-")
    ensure_database(env)
    log("migrating")
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    setup_django(env)
    data = seed(env)

    from practitioners.models import Practitioner

    rng = random.Random(20261123)
    slugs = list(Practitioner.objects.listed().order_by("?").values_list("slug", flat=True)[:2000])
    urls = scenario_urls(rng, slugs)

    log("EXPLAIN ANALYZE of the search queries")
    plans = explain_search_queries()
    log("queries per request")
    queries = queries_per_request(urls)

    static_root = env["STATIC_ROOT"]
    log(
        f"gunicorn: {WORKERS} workers on {HOST}:{PORT}; cache: {'redis' if 'REDIS_URL' in env else 'local memory'}"
    )
    process, pid_file = start_gunicorn(env, static_root)
    endpoints = {}
    try:
        warm_up(urls)
        workdir = Path(tempfile.mkdtemp(prefix="bench-wrk-"))
        for name, paths in urls.items():
            log(f"load: {name} for {DURATION}s with {CONNECTIONS} connections")
            endpoints[name] = run_wrk(name, paths, workdir, DURATION)
            endpoints[name]["queries_per_request"] = queries.get(name)
    finally:
        stop_gunicorn(process, pid_file)

    floor = endpoints["floor"]
    for result in endpoints.values():
        result["p95_vs_floor"] = round(result["p95_ms"] / max(floor["p95_ms"], 0.001), 2)
    search_names = ["search_zip_radius", "search_text", "search_combined"]
    worst_search_p95 = max(endpoints[n]["p95_ms"] for n in search_names)
    checks = {
        "search_p95_ms": {"value": worst_search_p95, "target": TARGETS["search_p95_ms"]},
        "profile_p95_ms": {
            "value": endpoints["profile"]["p95_ms"],
            "target": TARGETS["profile_p95_ms"],
        },
        "search_to_floor_p95": {
            "value": round(worst_search_p95 / max(floor["p95_ms"], 0.001), 2),
            "target": TARGETS["search_to_floor_p95"],
        },
        "non_2xx": {
            "value": sum(e["non_2xx"] + e["socket_errors"] for e in endpoints.values()),
            "target": 0,
        },
        "sequential_scans_of_guarded_tables": {
            "value": sum(not p["ok"] for p in plans),
            "target": 0,
        },
    }
    if "seed_seconds" in data:
        checks["seed_seconds"] = {"value": data["seed_seconds"], "target": TARGETS["seed_seconds"]}
    for check in checks.values():
        check["met"] = check["value"] <= check["target"]
    results = {
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": {
            "duration_s": DURATION,
            "connections": CONNECTIONS,
            "workers": WORKERS,
            "cache": "redis" if "REDIS_URL" in env else "locmem",
        },  # fmt: skip
        "data": data,
        "endpoints": endpoints,
        "explain": plans,
        "targets": checks,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_report(results)
    return 1 if not checks["sequential_scans_of_guarded_tables"]["met"] else 0


def print_report(results: dict) -> None:
    print()
    print(
        f"{'endpoint':22} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'x floor':>8} {'queries':>8} {'non-2xx':>8}"
    )
    for name, r in results["endpoints"].items():
        print(f"{name:22} {r['rps']:>8} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} "
              f"{r['p95_vs_floor']:>8} {r['queries_per_request'] or '-':>8} {r['non_2xx']:>8}")  # fmt: skip
    print()
    print(f"{'search query (EXPLAIN ANALYZE)':40} {'ms':>8}  sequential scans")
    for p in results["explain"]:
        print(f"{p['query']:40} {p['execution_ms']:>8}  {', '.join(p['sequential_scans']) or '-'}")
    print()
    for name, check in results["targets"].items():
        mark = "met" if check["met"] else "MISSED"
        print(f"{name:36} {check['value']:>10} (target ≤ {check['target']}) {mark}")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
