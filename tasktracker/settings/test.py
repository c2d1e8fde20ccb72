"""The test suite: fast hashing, emails kept in memory, the database and broker from the environment."""

import os

from .base import *  # noqa: F403 (settings modules extend the base by design)
from .base import env

# pytest-xdist runs the suite in several processes ("gw0", "gw1", ...): each gets its own test database
# (pytest-django) and broker folder or Redis key prefix (below): no process's worker takes another's jobs.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

DEBUG = False
SECRET_KEY = env("SECRET_KEY", "test-secret-key-not-for-production")
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The suite builds its demo province with seed_demo, with DEBUG off like a server.
DEMO_DATA_ALLOWED = True
# Static files come from the app folders, as in development: tests run without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if "replica" in DATABASES:  # noqa: F405
    # The test database is made on the primary only; the replica alias points at it (a connection of its
    # own). Tests read from the primary unless they route to the real replica on purpose
    # (tests/test_db_router.py): a separate connection would not see a test's uncommitted rows.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # noqa: F405
DATABASE_READ_REPLICAS = []

if CELERY_BROKER_URL.startswith("filesystem://"):  # noqa: F405
    # Tests queue through their own folder, so a `make run` worker on the same machine never takes them.
    _test_broker = VAR_DIR / "test-broker" / (XDIST_WORKER or "main")  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "data_folder_in": str(_test_broker / "queue"),
        "data_folder_out": str(_test_broker / "queue"),
        "control_folder": str(_test_broker / "control"),
    }
    for _folder in ("queue", "control"):
        (_test_broker / _folder).mkdir(parents=True, exist_ok=True)
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):  # noqa: F405
    # Redis: every key of the tests' queues starts with a prefix of this process's own, for the same reason.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "global_keyprefix": f"test-{XDIST_WORKER or 'main'}:",
    }

# Throttling is tested on its own: elsewhere (schemathesis sends many requests) it keeps out of the way.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"user": "1000000/hour", "anon": "1000000/hour"},
}
