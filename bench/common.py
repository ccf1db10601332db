"""What the benchmark and the failure drills share: stopping gunicorn, waiting for a state."""

import os
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
