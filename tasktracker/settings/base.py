"""Settings shared by every environment, read from the environment with defaults for a laptop."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from tasktracker.environment import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the app writes on a laptop (database, broker queue, emails, uploads) stays in var/.
VAR_DIR = Path(env("TASKTRACKER_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "tasktracker.apps.TaskTrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "workdays",
    "accounts",
    "agencies",
    "directives",
    "notifications",
    "reporting",
    "loadtools",
]

MIDDLEWARE = [
    # First: an oversized body is refused before anything reads (or spools) it.
    "tasktracker.middleware.RequestBodyLimitMiddleware",
    # Before anything reads: decides whether this request reads from the replica or the primary.
    "tasktracker.middleware.ReadReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, with the header built once (the policy below is the same for every page).
    "tasktracker.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tasktracker.middleware.IdleSessionMiddleware",
    "tasktracker.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with request.user the user itself once read (no proxy on every later read).
    "tasktracker.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tasktracker.urls"
WSGI_APPLICATION = "tasktracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                # `csrf_token` masked with fewer reads of the random source than Django's built-in processor.
                "tasktracker.context_processors.csrf",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.permissions",
                "notifications.context_processors.unread_notifications",
            ],
            # tasktracker is not an installed app (only its admin configuration is): its tags are named here.
            "libraries": {"layout": "tasktracker.templatetags.layout"},
        },
    },
]
# Django's widget templates written out in Python, to the byte (tasktracker/form_renderer.py).
FORM_RENDERER = "tasktracker.form_renderer.TemplatelessWidgets"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one SQLite file on a laptop: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A streaming read replica (optional): web requests that only read go to it (tasktracker.db_router);
# writes, a person's reads for DATABASE_PRIMARY_PIN_SECONDS after they wrote, background jobs and
# migrations use the primary. The pin must outlast the replica's lag.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", "")
DATABASE_READ_REPLICAS = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    # A replica that does not answer is passed over (tasktracker.db_router.answering_replicas): soon.
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2, **DATABASES["replica"].get("OPTIONS", {})}
    DATABASE_READ_REPLICAS = ["replica"]
DATABASE_ROUTERS = ["tasktracker.db_router.PrimaryReplicaRouter"]
DATABASE_PRIMARY_PIN_SECONDS = env_int("DATABASE_PRIMARY_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: it counts failed logins (site and admin alike) and refuses a locked-out person or address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.RoleBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): the sixth wrong password in a row for one username, or from one address,
# locks that username or address out for a while (the lockout page says so); until then even the right
# password is refused.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 6)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# Behind a proxy every request comes from the proxy's address: name the header it sets to the client's
# (docker-compose.yml: CLIENT_ADDRESS_HEADER=HTTP_X_REAL_IP, which deploy/nginx.conf overwrites).
CLIENT_ADDRESS_HEADER = env("CLIENT_ADDRESS_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "tasktracker.middleware.client_address"

# Sessions end after a working day without a request (tasktracker.middleware.IdleSessionMiddleware moves
# the expiry forward as the person works) and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 9 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_REFRESH_SECONDS = 5 * 60
# Django's database sessions, read on every request with SQL compiled once (tasktracker/sessions.py).
SESSION_ENGINE = "tasktracker.sessions"

# API tokens (django-rest-knox): only a hash is stored, the token is shown once when created, and it
# expires; a person manages their own on /account/tokens/, superusers everyone's in the admin.
KNOX_TOKEN_MODEL = "accounts.ApiToken"
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_DAYS", 90)),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_PREFIX": "tt_",
}
# knox's own token model is swapped for accounts.ApiToken, but its migrations would still create its table,
# whose key to the users no flush or deletion knows of: the app is used without its migrations.
MIGRATION_MODULES = {"knox": None}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django's vi locale has no date input formats: ours read and show dd/mm/yyyy, weeks from Monday.
FORMAT_MODULE_PATH = ["tasktracker.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Evidence files and imported notices; the importer and the progress form enforce their own limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# No request body may be larger than this (a 10 MB file and the form around it); the proxy in front of
# gunicorn refuses the same (deploy/nginx.conf), and RequestBodyLimitMiddleware before anything reads it.
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 12 * 1024 * 1024)

# One cache shared by every process (API throttles, dashboard figures): Redis in production
# (CACHE_URL=redis://…, set by docker-compose.yml), memory of the process on a laptop and in tests.
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "tasktracker.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "tasktracker",
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// address (or unset for a per-process cache).")
else:
    # Room for the dashboard's version and figures of every agency (two entries each; 300 by default).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# Content-Security-Policy (django-csp): the app runs no inline script or style and loads nothing from
# elsewhere. Only the API's documentation pages add inline styles (Swagger UI, ReDoc), in tasktracker.api.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Nothing in the app needs the browser's devices or sensors.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "emails"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "theodoi-nhiemvu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# `seed_demo` (published passwords, a superuser) runs only with DEBUG on, or where this says so (tests).
DEMO_DATA_ALLOWED = env_bool("DEMO_DATA_ALLOWED", False)
# The address links in emails start with, since a Celery worker has no request to build them from.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# A broker over the network (Redis): a reminder sweep may run for minutes, and redelivery before that would
# only duplicate work; a broker that stops answering (frozen, cut off) fails a publish in seconds instead of
# holding the request forever (a scan's upload then waits for it: directives.readings.send_to_reader).
NETWORK_BROKER_OPTIONS = {"visibility_timeout": 3600, "socket_timeout": 5, "socket_connect_timeout": 5}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT = "tasktracker.broker:Transport"
    _broker_folder = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_folder / "queue"),
        "data_folder_out": str(_broker_folder / "queue"),
        "control_folder": str(_broker_folder / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "control"):
        (_broker_folder / _folder).mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = NETWORK_BROKER_OPTIONS
    if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        # kombu's Redis transport, mended so a worker reconnects when Redis drops mid-task (see broker.py).
        CELERY_BROKER_TRANSPORT = "tasktracker.broker:RedisTransport"
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", None) or None
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A scan read by OCR keeps its text (and, until read, its file) until a notice is saved from it; one never
# confirmed is deleted after this many days by the daily clean-up (directives.delete_stale_readings).
DOCUMENT_READING_RETENTION_DAYS = env_int("DOCUMENT_READING_RETENTION_DAYS", 30)
# One queue per kind of work, so each scales on workers of its own (docker-compose.yml: `-Q`): the sweep
# and the digest (long, one at a time), the outbox sender (short, every minute, must not wait behind a
# sweep), document reading (OCR: CPU and memory heavy), and the default queue for anything else. A worker
# started without `-Q` (`make run`, the tests) consumes them all.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue(name) for name in ("celery", "sweep", "send", "reading")]
CELERY_TASK_ROUTES = {
    "notifications.sweep": {"queue": "sweep"},
    "notifications.weekly_digest": {"queue": "sweep"},
    "notifications.send_outbox": {"queue": "send"},
    "directives.read_document": {"queue": "reading"},
    "directives.delete_stale_readings": {"queue": "sweep"},
    "reporting.count_dashboard_day": {"queue": "sweep"},
}

REST_FRAMEWORK = {
    # Token first: an anonymous API call is answered 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "tasktracker.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["tasktracker.api.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "tasktracker.api.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "tasktracker.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "tasktracker.api.negotiation.ContentNegotiation",
    "EXCEPTION_HANDLER": "tasktracker.api.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env("API_THROTTLE_USER", "2000/hour"),
        "anon": env("API_THROTTLE_ANON", "100/hour"),
    },
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Theo dõi nhiệm vụ API",
    "DESCRIPTION": (
        "Notices, tasks (each lead agency's part), agencies, progress updates and dashboard counts of the "
        "directive tracker. Authenticate with `Authorization: Token <key>` (each person creates theirs on "
        "/account/tokens/; it is shown once) "
        'or a browser session. Errors share one shape: `{"error": {"status", "code", "message", "fields"}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its documentation pages are for signed-in people (a session or a token).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TaskStatusEnum": "directives.choices.TaskStatus",
        "ReportedStatusEnum": "directives.api.serializers.REPORTED_STATUSES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tasktracker.api.schema.add_error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}


def require_secret_key(secret_key: str) -> str:
    """Refuse to start without a real secret key: production secrets have no default."""
    if not secret_key:
        raise ImproperlyConfigured("Set the SECRET_KEY environment variable (required when DEBUG is off).")
    return secret_key


# Lists (pages and API) count their rows up to this many, then say "more than …" (tasktracker/pagination.py):
# counting every match of a broad search at a million tasks took most of the page's time.
LIST_COUNT_CAP = env_int("LIST_COUNT_CAP", 1000)

# Notifications (reminders, escalations, digests). The office's policy (offsets, thresholds) is edited in
# the admin; these are the mechanics of sending.
NOTIFICATIONS_SWEEP_CHUNK_SIZE = env_int("NOTIFICATIONS_SWEEP_CHUNK_SIZE", 500)
NOTIFICATIONS_SEND_BATCH_SIZE = env_int("NOTIFICATIONS_SEND_BATCH_SIZE", 50)
# A worker that holds messages longer than this is taken for dead and its messages are sent again; longer
# than the send task's time limit, so a live worker is never overtaken.
NOTIFICATIONS_SEND_LEASE_SECONDS = env_int("NOTIFICATIONS_SEND_LEASE_SECONDS", 10 * 60)
NOTIFICATIONS_SEND_TIME_LIMIT = env_int("NOTIFICATIONS_SEND_TIME_LIMIT", 5 * 60)
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 8)
NOTIFICATIONS_RETRY_BASE_SECONDS = env_int("NOTIFICATIONS_RETRY_BASE_SECONDS", 60)
NOTIFICATIONS_RETRY_MAX_SECONDS = env_int("NOTIFICATIONS_RETRY_MAX_SECONDS", 6 * 3600)
# Failures in a row after which an address is marked undeliverable and shown to the office.
NOTIFICATIONS_UNDELIVERABLE_AFTER = env_int("NOTIFICATIONS_UNDELIVERABLE_AFTER", 5)
NOTIFICATIONS_MESSAGE_ID_DOMAIN = env(
    "NOTIFICATIONS_MESSAGE_ID_DOMAIN", SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
)
