"""TASKS_BACKEND picks the task queue; a wrong value stops start-up with a clear message."""

from tests.directory.test_settings import run_manage

PRINT_BACKEND = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"


def test_the_database_queue_is_the_default_and_immediate_can_be_chosen():
    default = run_manage("shell", "-v", "0", "-c", PRINT_BACKEND)
    immediate = run_manage("shell", "-v", "0", "-c", PRINT_BACKEND, TASKS_BACKEND="Immediate")
    assert default.stdout.strip() == "django_tasks_db.DatabaseBackend", default.stderr
    assert immediate.stdout.strip() == "django.tasks.backends.immediate.ImmediateBackend"


def test_an_unknown_tasks_backend_is_refused_by_name():
    result = run_manage("check", TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of database, immediate." in result.stderr
