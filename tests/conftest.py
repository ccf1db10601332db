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
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


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
