import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run there unless told it is safe (it is: one thread, one test).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server(django_test_environment):
    # SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the (session-wide)
    # live server builds its handler, so the per-test `settings` fixture is too
    # late for it: switch the redirect off for the whole session here.
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Production security stays on (cookies, HSTS, CSP); only the HTTPS redirect
    # is off because the test client and live server speak plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "verification.storage.PrivateStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    # Page caching is invalidated on commit, which never happens inside a test's
    # transaction; tests of the cache itself switch it back on.
    settings.PAGE_CACHE_SECONDS = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Emails run on commit in the test process (tests of the queue itself switch
    # to the database backend): see core/email.py.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from django.core.cache import caches

    from practitioners.terms import forget_terms

    for cache in caches.all():
        cache.clear()
    forget_terms()
    yield
    for cache in caches.all():
        cache.clear()
    forget_terms()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Make sure the reference data and articles the migrations load are present.

    A transactional test (browser tests, thread tests) ends with a flush, which
    empties the tables the data migrations filled. Serialized rollback cannot
    always put them back: Playwright's sync API runs tests in another context,
    whose database connection object lacks the serialized copy. Reloading them
    with the migrations' own functions is simple and exact.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield
        return
    request.getfixturevalue("db" if not marker.kwargs.get("transaction") else "transactional_db")
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from education.models import Article
    from practitioners.models import Condition

    # The migration functions only read `schema_editor.connection`.
    editor = SimpleNamespace(connection=connection)
    if not Article.objects.exists():
        _migration("education", "0002_articles").create_articles(apps, editor)
    if not Condition.objects.exists():
        # The models as that migration saw them (licensing boards have moved app since).
        seed_state = MigrationLoader(connection).project_state(
            ("practitioners", "0002_reference_data")
        )
        _migration("practitioners", "0002_reference_data").seed(seed_state.apps, editor)
    yield


def _migration(app: str, name: str):
    import importlib

    return importlib.import_module(f"{app}.migrations.{name}")


@pytest.fixture
def task_queue(settings):
    """Switch to the database queue; the fixture runs what is due the way `db_worker` does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip

    class Queue:
        results = DBTaskResult.objects

        def run_due(self, limit: int = 50) -> int:
            """Run every task due now (not the ones waiting for a retry); return how many ran."""
            ran = 0
            while ran < limit and (result := DBTaskResult.objects.ready().first()) is not None:
                result.claim(worker.worker_id)
                worker.run_task(result)  # the worker's own loop body, minus its sleep
                ran += 1
            return ran

        def time_passes(self) -> None:
            """Make every retry waiting for its backoff due now."""
            from django.utils import timezone

            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())

    return Queue()


@pytest.fixture
def mail_server(monkeypatch):
    """The mail server, for tests to stop (`down()`) and start again (`up()`); up at first."""
    import core.email

    real_send_mail = core.email.send_mail

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    class MailServer:
        def down(self):
            monkeypatch.setattr(core.email, "send_mail", refuse)

        def up(self):
            monkeypatch.setattr(core.email, "send_mail", real_send_mail)

    return MailServer()
