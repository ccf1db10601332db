"""The one settings module, configured by environment variables.

Every variable read here is documented in `.env.example` (a test keeps the two
in step). Defaults are safe for local development: SQLite, console email,
local-memory cache. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL, and then passes `manage.py check --deploy`.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = env_bool("DEBUG", False)

_DEV_SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "") or _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("SITE_NAME", "Acupuncture for Chronic Pain Directory")
SITE_ID = 1
# The public host name, for links in emails sent outside a request and the sitemap.
SITE_DOMAIN = os.environ.get("SITE_DOMAIN", "") or "127.0.0.1:8000"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Django's own form and widget templates, for the TemplatesSetting form renderer.
    "django.forms",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    # Ours: each app is a noun of the domain (docs/architecture.md).
    "core",
    "accounts",
    "education",
    "practitioners",
    "verification",
    "claims",
    "reviews",
    "opendata",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "directory.urls"
WSGI_APPLICATION = "directory.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# Every form field renders through one template (templates/includes/field.html).
FORM_RENDERER = "core.forms.SiteFormRenderer"

# Database: SQLite by default, PostgreSQL (or another SQLite file) when
# DATABASE_URL is set. Connection options belong to one engine each: passing
# PostgreSQL's to sqlite3.connect() crashes every command.
ENGINE_OPTIONS = {
    "django.db.backends.sqlite3": {
        # WAL lets the dev server read while seed_demo writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    },
    "django.db.backends.postgresql": {
        # Typo tolerance for names: the trigram thresholds the search's `%` and
        # `<%` operators use (pg_trgm's defaults miss one-word typos like "smiht").
        # No JIT: it compiles for 100+ ms on search queries that run for a few
        # ms (PostgreSQL's default turns it on for any "expensive" plan). No
        # parallel workers: a page's queries are short and many run at once,
        # and the search chains its tiers with UNION ALL, read in order
        # (practitioners.search.ordered_keys).
        "options": "-c pg_trgm.similarity_threshold=0.3 -c pg_trgm.word_similarity_threshold=0.35"
        " -c jit=off -c max_parallel_workers_per_gather=0",
    },
}


def database_from_url(url: str) -> dict:
    """Parse a DATABASE_URL and add the options its engine needs."""
    config = dj_database_url.parse(
        url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600), conn_health_checks=True
    )
    config["OPTIONS"] = {**ENGINE_OPTIONS.get(config["ENGINE"], {}), **config.get("OPTIONS", {})}
    return config


DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
    # Optional read replica: read-only queries go there (directory/routers.py).
    DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
    if DATABASE_REPLICA_URL:
        DATABASES["replica"] = database_from_url(DATABASE_REPLICA_URL)
        DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
        DATABASE_ROUTERS = ["core.db_routers.ReplicaRouter"]
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", "") or BASE_DIR / "db.sqlite3",
            "OPTIONS": dict(ENGINE_OPTIONS["django.db.backends.sqlite3"]),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by all workers, which allauth's
# rate limits need), per-process memory otherwise. Two aliases, because they
# must survive a Redis outage differently (core/cache.py): "default" holds the
# rate limits and API throttles and falls back to per-process memory, so
# limits keep refusing; "pages" holds the anonymous page and API caches and
# degrades to uncached. Their version is a database row (core/page_cache.py),
# so a change made in one worker invalidates pages cached in every other, with
# or without Redis; `check --deploy` still warns about per-process pages.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _REDIS_CACHE = {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "directory",
        # An unreachable Redis costs half a second at most, never a hung worker.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {
        "default": {**_REDIS_CACHE, "OPTIONS": {**_REDIS_CACHE["OPTIONS"], "FALLBACK": "local"}},
        "pages": {**_REDIS_CACHE, "OPTIONS": {**_REDIS_CACHE["OPTIONS"], "FALLBACK": "none"}},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }

# Anonymous search and profile pages are cached this many seconds (0: off),
# and invalidated as soon as the data they show changes (core/page_cache.py).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

# The NPI Registry API (e.g. https://npiregistry.cms.hhs.gov/api/), asked for one
# NPI to prefill a new profile (practitioners/npi_lookup.py). Empty: off, and the
# dashboard offers manual entry only.
NPI_REGISTRY_URL = os.environ.get("NPI_REGISTRY_URL", "")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: email is the identity and must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# One address per account, changed through a verified swap (/accounts/email/).
ACCOUNT_CHANGE_EMAIL = True
# Confirming the address in the browser that signed up logs that browser in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{SITE_NAME}: "

# Two-factor authentication (allauth.mfa): an authenticator app plus recovery
# codes. Any account may turn it on; staff must (accounts.middleware sends a
# staff account without it to the set-up page before any /staff/ or /admin/
# page). STAFF_MFA_REQUIRED=0 lifts that for a local demo.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True)

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
# The site is written in English only: no translation machinery on every
# number, date and message a page prints (a tenth of a results page's CPU).
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "") or BASE_DIR / "media")
# Proof documents live outside MEDIA_ROOT and are served only through a
# permission-checked view, never by URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", "") or BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "verification.storage.PrivateStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
WHITENOISE_MANIFEST_STRICT = False

# Email goes to the console in development; set EMAIL_BACKEND to the SMTP
# backend (and EMAIL_HOST...) in production. Tests use Django's outbox.
_EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
_EMAIL_OPTIONS = {}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _EMAIL_OPTIONS = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
# Background tasks (every email): a queue table in the database, run by
# `manage.py db_worker` (`make run` starts one beside the server).
# TASKS_BACKEND=immediate runs each task in the process that enqueues it, on
# commit, with no worker and no retry delay: for a quick local try only.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "").strip().lower() or "database"
if TASKS_BACKEND not in _TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "directory@example.com")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production (DEBUG off) gets HTTPS-only cookies, HSTS and a redirect
# to HTTPS; each can be switched off from the environment behind a proxy or for
# a local run without TLS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "directory.views.csrf_failure"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Base map tiles ({z}/{x}/{y} URL template). Empty: the maps draw the vendored
# US state outlines only, so the default setup needs no tile server.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
if MAP_TILE_URL:
    # Images from the tile host, and nothing else of it ("{s}" is a subdomain).
    _tiles = urlsplit(MAP_TILE_URL)
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}")

FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Past the 10 MB upload limit the rest of a file is counted, not stored, so an
# oversized upload costs no disk and still gets an error that says its size.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "core.uploads.SizeCappedUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # "none" switches throttling off (the benchmark, one client IP on loopback).
    "DEFAULT_THROTTLE_RATES": {
        "anon": None
        if os.environ.get("API_ANON_RATE", "").lower() == "none"
        else os.environ.get("API_ANON_RATE", "") or "120/minute"
    },
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Acupuncture for Chronic Pain Directory API",
    "DESCRIPTION": (
        "Read-only data about published practitioners: the same search parameters and "
        "validation as the /practitioners/ page. Licenses and credentials carry their "
        "verification status, primary source and dates."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files come from static/ (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # pikepdf announces its logging bridge at INFO on import: noise in every command.
    "loggers": {"pikepdf": {"level": "WARNING"}},
}
