"""The server under load in `make bench`: its own redis-server and gunicorn on loopback."""

import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from bench.common import stop_gunicorn, wait_for

ROOT = Path(__file__).resolve().parent.parent


def start_redis(host: str, port: int) -> subprocess.Popen | None:
    """A redis-server of the benchmark's own (none when it is not installed)."""
    if not shutil.which("redis-server"):
        return None
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", host, "--save", "",
         "--appendonly", "no", "--maxmemory", "512mb", "--maxmemory-policy", "allkeys-lru"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip

    def answers() -> bool:
        import redis

        try:
            return bool(redis.Redis(host=host, port=port, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    wait_for(answers, 10, "redis-server to answer")
    return process


def flush_redis(host: str, port: int) -> None:
    import redis

    redis.Redis(host=host, port=port).flushall()


def start_gunicorn(
    env: dict, *, host: str, port: int, workers: int
) -> tuple[subprocess.Popen, Path]:
    pid_file = Path(tempfile.mkdtemp()) / "gunicorn.pid"
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "directory.wsgi",
         "--bind", f"{host}:{port}", "--workers", str(workers), "--pid", str(pid_file),
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(f"http://{host}:{port}/healthz", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    try:
        wait_for(healthy, 60, "gunicorn to answer /healthz")
    except SystemExit:
        stop_gunicorn(process, pid_file)
        raise
    return process, pid_file


def warm_workers(host: str, port: int, sequences: list[list[str]], workers: int) -> None:
    """Load each worker's code and templates, without putting a mix URL in the cache.

    A fresh worker imports and compiles on its first requests; that is start-up,
    not what a patient waits for. The warming URLs carry a parameter the pages
    ignore, so none of them is a URL of the mix: the page cache stays cold for it.
    """
    for sequence in sequences:
        path = sequence[0]
        sep = "&" if "?" in path else "?"
        for i in range(workers * 4):
            with urllib.request.urlopen(
                f"http://{host}:{port}{path}{sep}warm={i}", timeout=60
            ) as r:
                r.read()
