"""The performance benchmark behind `make bench` (PostgreSQL, loopback only).

What patients get, not what a warmed cache gives:

1. Seeds the bench database (100,000 practitioners, about 1,000,000 reviews;
   reused when already there) and the growth database (10,000).
2. Builds the URL mixes from the data (bench/mix.py): at least 5,000 distinct
   searches, 3,000 profiles, the searches on the API, and a held-out set of
   other searches drawn uniformly.
3. Counts queries per request (page cache off) and EXPLAIN ANALYZEs every
   query a sample of search pages runs, with a warm buffer cache.
4. Starts gunicorn (production settings) with an empty page cache and drives
   each scenario with wrk, the floor (/robots.txt) in the same run:
   search, profile, API (cache on, nothing warmed), then cold, single user and
   held-out with the page cache switched off; then the cold mix at 10,000
   twice and at 100,000 again (cold_10k, cold_10k_2, cold_2): growth compares
   the mean cost of the runs at each size, taken alternately so the machine's
   drift during the run falls on both sides.
5. Prints the table against the targets (bench/report.py) and writes
   bench/results.json with the PostgreSQL settings it ran under.

Environment: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/directory_bench),
BENCH_PRACTITIONERS (100000), BENCH_REVIEWS_PER_PRACTITIONER (12),
BENCH_SMALL_DATABASE_URL (…/directory_bench_small), BENCH_SMALL_PRACTITIONERS
(10000; 0 skips the growth run), BENCH_DURATION seconds per scenario (12),
BENCH_CONNECTIONS (8), BENCH_WORKERS (gunicorn, 3), BENCH_PORT (8765),
BENCH_REDIS_PORT (8766: its own redis-server, when installed), BENCH_SEARCHES
(5000), BENCH_PROFILES (3000), BENCH_SMOKE=1 (CI: 2,000 practitioners, 2 s a
scenario, no growth run, never fails on a missed target).
"""

import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import mix, report, server, wrk  # noqa: E402
from bench.common import stop_gunicorn  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
SMOKE = os.environ.get("BENCH_SMOKE") == "1"
_DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/directory_bench"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", _DEFAULT_URL)
SMALL_DATABASE_URL = os.environ.get("BENCH_SMALL_DATABASE_URL", DATABASE_URL + "_small")
PRACTITIONERS = int(os.environ.get("BENCH_PRACTITIONERS", "2000" if SMOKE else "100000"))
SMALL_PRACTITIONERS = int(os.environ.get("BENCH_SMALL_PRACTITIONERS", "0" if SMOKE else "10000"))
REVIEWS_PER = int(os.environ.get("BENCH_REVIEWS_PER_PRACTITIONER", "12"))
DURATION = int(os.environ.get("BENCH_DURATION", "2" if SMOKE else "12"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "8766"))
SEARCHES = int(os.environ.get("BENCH_SEARCHES", "5000"))
PROFILES = int(os.environ.get("BENCH_PROFILES", "3000"))
SEQUENCE_LENGTH = 100_000  # requests drawn per scenario; wrk threads pick from them
EXPLAIN_SAMPLE = 10 if SMOKE else 60
QUERY_SAMPLE = 10 if SMOKE else 60
HOST = "127.0.0.1"  # loopback only, by design
SEED = 20261201
PG_SETTINGS = [
    "server_version", "shared_buffers", "effective_cache_size", "work_mem",
    "maintenance_work_mem", "random_page_cost", "effective_io_concurrency",
    "max_parallel_workers_per_gather", "jit", "default_statistics_target", "max_connections",
]  # fmt: skip


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def base_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_ALLOW_ASYNC")}
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
            # Plain HTTP on loopback: no TLS terminator in front of gunicorn here.
            "SECURE_SSL_REDIRECT": "0",
            # One client IP on loopback: throttling would only measure DRF's
            # per-IP request history.
            "API_ANON_RATE": "none",
            "DJANGO_SETTINGS_MODULE": "directory.settings",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def manage(*args, env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_database(database_url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    name = database_url.rsplit("/", 1)[1].split("?")[0]
    connection = psycopg2.connect(database_url.rsplit("/", 1)[0] + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            log(f"creating database {name}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


# --- In a child process, one per database: seed, catalog, queries, plans ----


def prepare(practitioners: int, out: Path) -> None:
    """Seed if needed, then write the catalog, query counts and plans as JSON to `out`."""
    import django

    django.setup()
    from django.db import connection

    from practitioners.models import Practitioner
    from reviews.models import Review

    have = Practitioner.objects.count()
    data = {"reused": have >= practitioners}
    if have < practitioners:
        log(f"seeding {practitioners:,} practitioners (database has {have:,})")
        started = time.perf_counter()
        manage("seed_demo", "--practitioners", str(practitioners),
               "--reviews-per-practitioner", str(REVIEWS_PER), env={**os.environ, "DEBUG": "1"})  # fmt: skip
        data["seed_seconds"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        # What autovacuum does in production: planner statistics and the visibility map.
        cursor.execute("VACUUM ANALYZE")
        settings = {}
        for name in PG_SETTINGS:
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    data.update(
        practitioners=Practitioner.objects.count(),
        listed=Practitioner.objects.listed().count(),
        reviews=Review.objects.count(),
    )
    catalog = build_catalog()
    mixes = build_mixes(catalog)
    log("queries per request (page cache off)")
    queries = count_queries(mixes)
    log("EXPLAIN ANALYZE of every query of sampled search pages")
    plans = explain(mixes["search"])
    out.write_text(
        json.dumps(
            {
                "data": data,
                "postgresql": settings,
                "catalog": catalog.__dict__,
                "queries": queries,
                "explain": plans,
            }
        )
    )


def build_catalog() -> mix.Catalog:
    """What exists in the data: places of listed clinics, every term, names, slugs."""
    from practitioners.geo import LocationNotFound, locate
    from practitioners.models import Clinic, Condition, Language, Practitioner, Technique

    listed_clinics = Clinic.objects.filter(practitioner__in=Practitioner.objects.listed())
    zips = sorted(set(listed_clinics.values_list("zip_code", flat=True)))
    cities = sorted({f"{c}, {s}" for c, s in listed_clinics.values_list("city", "state")})

    def known(place: str) -> bool:
        try:
            locate(place)
        except LocationNotFound:
            return False
        return True

    rng = random.Random(SEED)
    zips = [z for z in rng.sample(zips, min(600, len(zips))) if known(z)]
    cities = [c for c in rng.sample(cities, min(400, len(cities))) if known(c)]
    conditions = list(Condition.objects.values_list("slug", flat=True))
    techniques = list(Technique.objects.values_list("slug", flat=True))
    names_of_terms = [
        *Condition.objects.values_list("name", flat=True),
        *Technique.objects.values_list("name", flat=True),
        *(c.split(",")[0] for c in cities[:60]),
    ]
    words = sorted({w.lower() for n in names_of_terms for w in n.split() if len(w) >= 4})
    sample = Practitioner.objects.listed().order_by("?")
    names = [
        f"{first} {last}".lower()
        for first, last in sample.values_list("first_name", "last_name")[:3000]
    ]
    slugs = list(sample.values_list("slug", flat=True)[: PROFILES * 2])
    return mix.Catalog(
        zips=zips,
        cities=cities,
        conditions=conditions,
        techniques=techniques,
        languages=list(Language.objects.values_list("code", flat=True)),
        words=words,
        names=names,
        slugs=slugs,
    )


def build_mixes(catalog: mix.Catalog) -> dict[str, list[str]]:
    return {
        "search": mix.search_mix(catalog, SEARCHES, SEED),
        "profile": mix.profile_mix(catalog, PROFILES, SEED),
        "api": mix.api_mix(catalog, SEARCHES, SEED),
        # Other searches: a different seed, drawn uniformly (tune for the data, not a list).
        "held_out": mix.search_mix(catalog, SEARCHES, SEED + 1),
    }


def count_queries(mixes: dict[str, list[str]]) -> dict:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME=HOST)
    counts = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        # Steady state: the first request of a process also reads the search
        # form's vocabularies (kept afterwards), so it is not counted.
        client.get(mixes["search"][0])
        for name in ("search", "profile", "api"):
            samples = []
            for path in random.Random(SEED).sample(mixes[name], QUERY_SAMPLE):
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
                samples.append(len(captured.captured_queries))
            counts[name] = {"mean": round(sum(samples) / len(samples), 2), "max": max(samples)}
    return counts


def explain(search_urls: list[str]) -> list[dict]:
    """EXPLAIN ANALYZE each query sampled search pages run, after one warming run."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME=HOST)
    plans = []
    with override_settings(PAGE_CACHE_SECONDS=0):
        for path in random.Random(SEED + 2).sample(search_urls, EXPLAIN_SAMPLE):
            client.get(path)  # warm the buffer cache for this page's rows
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            for index, executed in enumerate(captured.captured_queries):
                sql = executed["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                    plan = cursor.fetchone()[0][0]
                plans.append(
                    {
                        "url": path,
                        "query": index + 1,
                        "execution_ms": round(plan["Execution Time"], 2),
                        "planning_ms": round(plan["Planning Time"], 2),
                        "shared_buffers_hit": plan["Plan"].get("Shared Hit Blocks"),
                        "sql": sql[:300],
                    }
                )
    return plans


# --- In the parent: servers and load ----------------------------------------


def drive(env: dict, plan: list[tuple[str, list[str], int, int]], workdir: Path) -> dict:
    """Start gunicorn with `env`, run the floor and each (name, sequence, connections)."""
    process, pid_file = server.start_gunicorn(env, host=HOST, port=PORT, workers=WORKERS)
    results = {}
    try:
        server.warm_workers(HOST, PORT, [sequence for _, sequence, _, _ in plan], WORKERS)
        for name, sequence, connections, generated in [
            ("floor", ["/robots.txt"], CONNECTIONS, 1),
            *plan,
        ]:
            log(f"load: {name} for {DURATION}s on {connections} connection(s)")
            results[name] = wrk.run(
                name, sequence, url=f"http://{HOST}:{PORT}", workdir=workdir,
                duration=DURATION, connections=connections, seed=SEED, generated=generated,
            )  # fmt: skip
    finally:
        stop_gunicorn(process, pid_file)
    floor = results.pop("floor")
    return {"floor": floor, **report.with_floor_ratios(results, floor)}


def prepared(database_url: str, practitioners: int, workdir: Path, static_root: str) -> dict:
    env = {**base_env(database_url), "STATIC_ROOT": static_root}
    ensure_database(database_url)
    log(f"migrating {database_url.rsplit('/', 1)[1]}")
    manage("migrate", "--noinput", "-v0", env=env)
    out = workdir / f"prepared-{practitioners}.json"
    subprocess.run(
        [sys.executable, __file__, "prepare", str(practitioners), str(out)],
        cwd=ROOT, env={**env, "DEBUG": "0"}, check=True,
    )  # fmt: skip
    return json.loads(out.read_text())


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is required: apt-get install wrk")
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    static_root = str(workdir / "static")
    manage("collectstatic", "--noinput", "-v0", env={**base_env(DATABASE_URL), "STATIC_ROOT": static_root})  # fmt: skip
    large = prepared(DATABASE_URL, PRACTITIONERS, workdir, static_root)
    mixes = build_mixes(mix.Catalog(**large["catalog"]))
    small = (
        prepared(SMALL_DATABASE_URL, SMALL_PRACTITIONERS, workdir, static_root)
        if SMALL_PRACTITIONERS
        else None
    )

    def seq(urls: list[str], *, seed: int, zipf: float | None = 1.0) -> list[str]:
        return mix.draw(urls, SEQUENCE_LENGTH, seed, zipf=zipf)

    redis_process = server.start_redis(HOST, REDIS_PORT)
    cache = "redis (own server, flushed)" if redis_process else "local memory per worker"
    log(f"gunicorn: {WORKERS} workers on {HOST}:{PORT}; page cache: {cache}")
    try:
        env = {**base_env(DATABASE_URL), "STATIC_ROOT": static_root}
        if redis_process:
            env["REDIS_URL"] = f"redis://{HOST}:{REDIS_PORT}/0"
        cached = {}
        for name in ("search", "profile", "api"):
            # Each scenario starts from an empty cache: nothing is warmed.
            if redis_process:
                server.flush_redis(HOST, REDIS_PORT)
            cached.update(
                drive(
                    env,
                    [(name, seq(mixes[name], seed=SEED), CONNECTIONS, len(mixes[name]))],
                    workdir,
                )
            )
        cached.pop("floor")
        cold_env = {**env, "PAGE_CACHE_SECONDS": "0"}
        cold = drive(
            cold_env,
            [
                ("cold", seq(mixes["search"], seed=SEED), CONNECTIONS, SEARCHES),
                ("single_user", seq(mixes["search"], seed=SEED), 1, SEARCHES),
                (
                    "held_out",
                    seq(mixes["held_out"], seed=SEED + 1, zipf=None),
                    CONNECTIONS,
                    SEARCHES,
                ),
            ],
            workdir,
        )
        floor = cold.pop("floor")
        scenarios = {**cached, **cold}
        growth_runs = {"large": [scenarios["cold"]], "small": []}
        if small:
            # Growth: the cold mix at both sizes, alternately (large, small,
            # small, large), so the machine's drift during the run falls on
            # both sides; the first large run is the cold scenario above.
            small_mix = build_mixes(mix.Catalog(**small["catalog"]))["search"]
            small_env = {**base_env(SMALL_DATABASE_URL), "STATIC_ROOT": static_root,
                         "PAGE_CACHE_SECONDS": "0"}  # fmt: skip
            for name in ("cold_10k", "cold_10k_2"):
                small_run = drive(small_env, [(name, seq(small_mix, seed=SEED), CONNECTIONS, SEARCHES)], workdir)  # fmt: skip
                scenarios[name] = {**small_run[name], "floor_rps": small_run["floor"]["rps"]}
                growth_runs["small"].append(scenarios[name])
            large_run = drive(cold_env, [("cold_2", seq(mixes["search"], seed=SEED), CONNECTIONS, SEARCHES)], workdir)  # fmt: skip
            scenarios["cold_2"] = {**large_run["cold_2"], "floor_rps": large_run["floor"]["rps"]}
            growth_runs["large"].append(scenarios["cold_2"])
    finally:
        if redis_process:
            redis_process.terminate()
            redis_process.wait(timeout=10)
    for name in ("search", "profile", "api"):
        scenarios[name]["queries_per_request"] = large["queries"][name]["mean"]
    for name in ("cold", "single_user", "held_out"):
        scenarios[name]["queries_per_request"] = large["queries"]["search"]["mean"]
    results = {
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": {
            "duration_s": DURATION,
            "connections": CONNECTIONS,
            "workers": WORKERS,
            "page_cache": cache,
            "smoke": SMOKE,
        },  # fmt: skip
        "postgresql": large["postgresql"],
        "data": {"large": large["data"], "small": small["data"] if small else None},
        "floor": floor,
        "scenarios": scenarios,
        "queries": {
            "search": large["queries"]["search"],
            "profile": large["queries"]["profile"],
            "api": large["queries"]["api"],
        },  # fmt: skip
        "growth": report.growth(growth_runs["large"], growth_runs["small"]),
        "explain": large["explain"],
        "seconds": round(time.monotonic() - started),
    }
    results["targets"] = report.judge(results)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(f"floor: {floor['rps']} rps, p95 {floor['p95_ms']} ms")
    print(report.table(results))
    print(f"\nwritten to {RESULTS.relative_to(ROOT)} in {results['seconds']} s")
    # Errors fail the run (and CI's smoke run); a missed target is reported, not fatal.
    return 0 if results["targets"]["non-2xx and socket errors"]["met"] else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare(int(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(main())
