"""The NPPES import benchmark behind `make bench-import` (PostgreSQL).

1. Writes a ZIP in the full file's real layout (about 330 columns): BENCH_NPPES_ROWS
   rows (1,000,000), of which BENCH_NPPES_ACUPUNCTURISTS (40,000) carry 171100000X.
2. Recreates the bench database, migrates it, and runs `manage.py import_nppes`
   on the ZIP twice in a child process each, measuring wall time and the child's
   peak RSS (getrusage). The second run has nothing to change.
3. Prints rows/s scanned and peak RSS against the targets (>= 20,000 rows/s,
   < 300 MB) and writes bench/nppes_results.json.

Environment: BENCH_IMPORT_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/directory_bench_import), BENCH_NPPES_ROWS,
BENCH_NPPES_ACUPUNCTURISTS.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from opendata.nppes_layout import full_row, write_file  # noqa: E402
from practitioners.validators import (  # noqa: E402
    ACUPUNCTURIST_TAXONOMY,
    NPI_PREFIX,
    luhn_check_digit,
)

DATABASE_URL = os.environ.get(
    "BENCH_IMPORT_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/directory_bench_import",
)
ROWS = int(os.environ.get("BENCH_NPPES_ROWS", "1000000"))
ACUPUNCTURISTS = int(os.environ.get("BENCH_NPPES_ACUPUNCTURISTS", "40000"))
PLACES = [
    ("1234 SE Division St", "PORTLAND", "OR", "97214"),
    ("55 W 26th St", "NEW YORK", "NY", "10001"),
    ("3150 18th St", "SAN FRANCISCO", "CA", "94110"),
    ("2400 N Lincoln Ave", "CHICAGO", "IL", "60614"),
    ("700 Congress Ave", "AUSTIN", "TX", "78701"),
]
RESULTS = ROOT / "bench" / "nppes_results.json"


def npi(n: int) -> str:
    base = f"1{n:08d}"
    return base + str(luhn_check_digit(NPI_PREFIX + base))


def rows():
    every = max(ROWS // max(ACUPUNCTURISTS, 1), 1)
    for n in range(ROWS):
        line1, city, state, zip_code = PLACES[n % len(PLACES)]
        is_acupuncturist = n % every == 0 and n // every < ACUPUNCTURISTS
        taxonomy = ACUPUNCTURIST_TAXONOMY if is_acupuncturist else "207Q00000X"
        yield full_row(
            npi=npi(n),
            first_name=f"FIRST{n % 997}",
            last_name=f"LAST{n}",
            taxonomies=[(taxonomy, f"L{n:07d}", state)],
            address=(line1, "", city, state, zip_code + "1234"),
            phone="5035550100",
            last_update="01/15/2026",
            credential="L.AC." if is_acupuncturist else "MD",
        )


def run_import(path: Path, env: dict) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "manage.py", "import_nppes", str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = done.stdout.strip().splitlines()
    print("\n".join(line for line in summary if "Scanned" not in line))
    return {"seconds": round(seconds, 1), "rows_per_second": round(ROWS / seconds),
            "peak_rss_mb": round(max(peak_kb, before) / 1024, 1)}  # fmt: skip


def main() -> None:
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "DEBUG": "0",
           "SECRET_KEY": "bench-only", "ALLOWED_HOSTS": "127.0.0.1", "TASKS_BACKEND": "immediate",
           "DJANGO_SETTINGS_MODULE": "directory.settings"}  # fmt: skip
    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0].split("@", 1)[1]
    host, port = server.split(":")
    subprocess.run(["dropdb", "-h", host, "-p", port, "-U", "postgres", "--if-exists", name],
                   check=True)  # fmt: skip
    subprocess.run(["createdb", "-h", host, "-p", port, "-U", "postgres", name],
                   check=True)  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "npidata_pfile_bench.zip"
        started = time.monotonic()
        write_file(path, rows())
        print(f"Wrote {ROWS:,} rows ({ACUPUNCTURISTS:,} acupuncturists), "
              f"{path.stat().st_size / 1e6:,.0f} MB zipped, in {time.monotonic() - started:.0f} s")  # fmt: skip
        first = run_import(path, env)
        second = run_import(path, env)
    results = {"rows": ROWS, "acupuncturists": ACUPUNCTURISTS, "first": first, "second": second}
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    for label, run in (("first run", first), ("second run", second)):
        print(f"{label}: {run['seconds']} s, {run['rows_per_second']:,} rows/s "
              f"(target >= 20,000), peak RSS {run['peak_rss_mb']} MB (target < 300)")  # fmt: skip


if __name__ == "__main__":
    main()
