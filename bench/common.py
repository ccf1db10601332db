"""What the benchmark and the failure drills share: stopping the gunicorn they started."""

import os
import signal
import subprocess
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
