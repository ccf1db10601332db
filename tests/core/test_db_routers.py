import os
import subprocess
import sys
from pathlib import Path

from django.db import transaction

from core.db_routers import ReplicaRouter

ROOT = Path(__file__).resolve().parents[2]


def test_reads_go_to_the_replica_and_writes_to_the_primary():
    router = ReplicaRouter()
    assert router.db_for_read(None) == "replica"
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "practitioners") is False


def test_reads_inside_a_transaction_stay_on_the_primary(db):
    router = ReplicaRouter()
    with transaction.atomic():
        assert router.db_for_read(None) == "default"


def test_database_replica_url_configures_the_router():
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://u:p@primary.example:5432/app",
        "DATABASE_REPLICA_URL": "postgres://u:p@replica.example:5432/app",
        "DJANGO_SETTINGS_MODULE": "directory.settings",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['replica']['HOST'], s.DATABASE_ROUTERS)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert "replica.example" in out.stdout and "ReplicaRouter" in out.stdout, out.stderr
