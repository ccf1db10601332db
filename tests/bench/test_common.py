"""Stopping the gunicorn a benchmark or drill started: by its pid file, else the process."""

import signal
import subprocess
import sys

from bench.common import stop_gunicorn


def sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_the_pid_in_the_pid_file_gets_sigterm(tmp_path):
    process = sleeper()
    pid_file = tmp_path / "gunicorn.pid"
    pid_file.write_text(f"{process.pid}\n")
    stop_gunicorn(process, pid_file)
    assert process.returncode == -signal.SIGTERM


def test_without_a_pid_file_the_process_itself_is_terminated(tmp_path):
    process = sleeper()
    stop_gunicorn(process, tmp_path / "missing.pid")
    assert process.returncode == -signal.SIGTERM
