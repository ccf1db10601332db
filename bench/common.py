"""What the benchmark and the failure drills share: stopping gunicorn, waiting for a state."""

import os
import secrets
import signal
import subprocess
import time
from pathlib import Path


def stop_gunicorn(process: subprocess.Popen, pid_file: Path) -> None:
    """Stop gunicorn by its pid file (the master), else the process; kill it after 20 s."""
    try:
        os.kill(int(pid_file.read_text()), signal.SIGTERM)
    except (OSError, ValueError):
        process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for(predicate, timeout: float, what: str) -> float:
    """Poll `predicate` until it holds; return the seconds it took, or exit after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.2)
    raise SystemExit(f"timed out after {timeout}s waiting for {what}")


def drill_env(**overrides: str) -> dict:
    """Return the environment for a production-like server in a drill, plus `overrides`."""
    values = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_ALLOW_ASYNC")}
    values.update(
        DEBUG="0",
        SECRET_KEY="drill-" + secrets.token_urlsafe(40),
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        DJANGO_SETTINGS_MODULE="directory.settings",
    )
    values.update(overrides)
    return values


def report(failures: list[str], log) -> int:
    """Log each failure and the verdict; return the drill's exit status."""
    for failure in failures:
        log(f"FAIL: {failure}")
    log("drill passed" if not failures else "drill FAILED")
    return 1 if failures else 0
