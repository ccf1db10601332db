import json
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


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7-production-like-" + "k" * 50,
    "ALLOWED_HOSTS": "directory.example.org",
}


def test_production_configuration_passes_the_deploy_check():
    # As docs/deployment.md sets it up: Redis shared by every worker.
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        REDIS_URL="redis://cache:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_redis_is_warned_that_pages_are_cached_per_worker():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, REDIS_URL="")
    assert result.returncode != 0
    assert "core.W001" in result.stdout + result.stderr


def test_the_development_secret_key_fails_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def settings_with(code: str, **env) -> str:
    """Run `code` after django.setup() in a fresh interpreter with these variables."""
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "directory.settings", **env}
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


DATABASES_AS_JSON = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.DATABASES, default=str))"
)


def test_database_url_selects_postgresql_with_its_trigram_options():
    databases = json.loads(
        settings_with(DATABASES_AS_JSON, DATABASE_URL="postgres://u:p@db.example:5432/app")
    )
    default = databases["default"]
    assert default["ENGINE"] == "django.db.backends.postgresql"
    assert default["CONN_MAX_AGE"] == 600
    assert "pg_trgm.similarity_threshold" in default["OPTIONS"]["options"]
    assert "init_command" not in default["OPTIONS"]


def test_a_sqlite_database_url_gets_only_sqlite_options(tmp_path):
    path = tmp_path / "x.sqlite3"
    databases = json.loads(settings_with(DATABASES_AS_JSON, DATABASE_URL=f"sqlite:///{path}"))
    default = databases["default"]
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["NAME"] == str(path)
    assert "options" not in default["OPTIONS"]
    assert "journal_mode=WAL" in default["OPTIONS"]["init_command"]


def test_a_replica_url_gets_the_options_of_its_own_engine(tmp_path):
    databases = json.loads(
        settings_with(
            DATABASES_AS_JSON,
            DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
            DATABASE_REPLICA_URL="postgres://u:p@replica.example:5432/app",
        )
    )
    assert "init_command" in databases["default"]["OPTIONS"]
    assert "pg_trgm" in databases["replica"]["OPTIONS"]["options"]


def test_manage_py_runs_with_a_sqlite_database_url(tmp_path):
    result = run_manage("check", DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_wsgi_process_loads_the_zip_table_and_freezes_it_out_of_the_collector():
    import gc
    import importlib

    import directory.wsgi  # the module gunicorn loads
    from practitioners.geo import _cities_by_name

    _cities_by_name.cache_clear()
    importlib.reload(directory.wsgi)

    assert _cities_by_name.cache_info().currsize == 1
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[2] == 100
