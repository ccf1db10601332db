import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_BACKEND"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_configuration_passes_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x7-production-like-" + "k" * 50,
        ALLOWED_HOSTS="directory.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_development_secret_key_fails_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_database_url_selects_postgresql(monkeypatch):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['CONN_MAX_AGE'])"
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://u:p@db.example:5432/app",
        "DJANGO_SETTINGS_MODULE": "directory.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.split() == ["django.db.backends.postgresql", "600"], out.stderr
