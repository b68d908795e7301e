"""Settings for Samskabelse: one module, every deploy-specific value from the environment.

The embedded default (no environment at all, DEBUG=1) runs on SQLite with Celery tasks
executed eagerly, a cache table in the database and mail printed to the console. Setting
DATABASE_URL, REDIS_URL and EMAIL_URL gives the production shape.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Running under pytest or `manage.py test`: safe, fast defaults instead of production ones.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

DEBUG = env.bool("DEBUG", default=False)
_relaxed = DEBUG or TESTING

if _relaxed:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-never-use-in-production")
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"]
    )
else:
    # Required in production: a missing value stops the process with ImproperlyConfigured.
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Trusted reverse proxies in front of gunicorn, each appending to X-Forwarded-For; limits
# count the client address samskabelse/net.py reads through exactly this many hops.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
# The public address, for links in mail sent outside a request (Celery tasks).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Registrations' personal data are anonymised this many days after the occurrence.
REGISTRATION_RETENTION_DAYS = env.int("REGISTRATION_RETENTION_DAYS", default=90)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "samskabelse",
    "webhooks",
    "samskabelse.sso",
    "projects",
    "projects.catalogue",
    "network",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samskabelse.middleware.DanishFirstLocaleMiddleware",
    "samskabelse.middleware.OutageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the two-factor step (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samskabelse.urls"
WSGI_APPLICATION = "samskabelse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# Bounded work (samskabelse/db.py): PostgreSQL cancels a web request's statement after this
# many milliseconds; exports, Celery tasks and migrate get the long limit.
DB_STATEMENT_TIMEOUT_MS = env.int("DB_STATEMENT_TIMEOUT_MS", default=5000)
DB_LONG_STATEMENT_TIMEOUT_MS = env.int("DB_LONG_STATEMENT_TIMEOUT_MS", default=60_000)
# On behind PgBouncer in transaction pooling mode (deploy/pgbouncer.ini), where a server
# connection serves another client after every transaction: no startup `options` (PgBouncer
# refuses them), no session-level SET (it would stay behind for the next client; the pool
# sets both limits instead), no server-side cursors (a cursor lives on one server
# connection, its next FETCH may be sent on another). migrate connects directly, with it off.
DB_TRANSACTION_POOLING = env.bool("DB_TRANSACTION_POOLING", default=False)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions and WAL: concurrent writers wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    # Behind PgBouncer a kept connection holds a client slot there, not a server backend: keep
    # max_client_conn above replicas x gunicorn workers + worker processes (README).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DB_TRANSACTION_POOLING:
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    else:
        # Appended, so the other server options are kept; the lock timeout is
        # samskabelse/locking.py's.
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = " ".join(
            [_options.get("options", ""), f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"]
        ).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker -----------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "samskabelse.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "samskabelse",
        }
    }
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Never per-process memory: every web process and worker must see the same throttle
    # counters and case versions. The table is created by migrate (samskabelse 0003).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samskabelse_cache",
            "KEY_PREFIX": "samskabelse",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
# Whole API response bodies (the case list and detail) are kept per data version; 0 turns
# that off, so every request is built from the database (bench/api_reads.py's cold rows).
API_RESPONSE_CACHE = env.bool("API_RESPONSE_CACHE", default=True)
# Each case's JSON as every viewer sees it, kept in Redis per case and change
# (projects.representation.CaseRepresentation.fragments), so a page or search that misses
# the response cache builds only the cases no list has shown since they changed. Off
# without Redis: building a case costs less than reading it back from the database cache.
API_ROW_CACHE = env.bool("API_ROW_CACHE", default=bool(REDIS_URL))

# Open data (projects/exports.py, projects/open_data.py): the licence and publisher the
# DCAT description at /open-data/ names, its contact point, and the most cases one export
# file may hold (a larger one is refused with a message to narrow the filters).
OPEN_DATA_LICENSE_URL = env(
    "OPEN_DATA_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
OPEN_DATA_LICENSE_NAME = env("OPEN_DATA_LICENSE_NAME", default="CC BY 4.0")
OPEN_DATA_PUBLISHER_NAME = env("OPEN_DATA_PUBLISHER_NAME", default="Samskabelse")
OPEN_DATA_PUBLISHER_URL = env("OPEN_DATA_PUBLISHER_URL", default="") or SITE_URL
OPEN_DATA_CONTACT_EMAIL = env("OPEN_DATA_CONTACT_EMAIL", default="opendata@samskabelse.dk")
OPEN_DATA_EXPORT_LIMIT = env.int("OPEN_DATA_EXPORT_LIMIT", default=100_000)

# The broker may be a Redis of its own (CELERY_BROKER_URL); without one, tasks run eagerly.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Copenhagen"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task a worker took and never acknowledged (the worker was killed) goes back to the queue
# after the visibility timeout, instead of kombu's default hour. It must exceed the longest
# task (the outbox's lease) and a retry's countdown, since a waiting retry is unacknowledged
# too: the outbox keeps its broker countdowns below visibility_timeout - OUTBOX_LEASE and
# leaves longer waits to the relay, so Redis never re-runs a waiting retry in a loop.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=5 * 60),
    # How often a worker looks for such tasks (kombu's default is about every 100 s).
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": 1,
    # A broker that stops answering fails the publish quickly instead of hanging a request.
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
# Publishing after a commit retries briefly, then gives up: the outbox relay sends it later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# The outbox (samskabelse/outbox.py). Seconds unless named otherwise.
OUTBOX_LEASE = env.int("OUTBOX_LEASE", default=90)  # an attempt's claim; tasks stop before
OUTBOX_RETRY_BACKOFF = env.float("OUTBOX_RETRY_BACKOFF", default=15)
OUTBOX_RETRY_BACKOFF_MAX = env.float("OUTBOX_RETRY_BACKOFF_MAX", default=30 * 60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=12)  # about 2½ hours of retrying
OUTBOX_STUCK_AFTER = env.int("OUTBOX_STUCK_AFTER", default=2 * 60)
OUTBOX_RELAY_EVERY = env.float("OUTBOX_RELAY_EVERY", default=60)
OUTBOX_KEEP_DONE_DAYS = env.int("OUTBOX_KEEP_DONE_DAYS", default=7)

# --- Webhooks (webhooks/; README "Webhooks") ----------------------------------------------
# Loopback, private, link-local and reserved addresses are refused, at registration and after
# DNS resolution at every delivery, unless this is set (tests, development).
WEBHOOK_ALLOW_PRIVATE = env.bool("WEBHOOK_ALLOW_PRIVATE", default=False)
# Plain http only where DEBUG is on, unless this says otherwise.
WEBHOOK_ALLOW_HTTP = env.bool("WEBHOOK_ALLOW_HTTP", default=DEBUG)
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=10)  # seconds, connect and answer
# The CA certificates https receivers are verified against; empty: the system's.
WEBHOOK_CA_FILE = env("WEBHOOK_CA_FILE", default="")
# Doubling from a minute up to four hours, 16 attempts: with the jitter 16 to 32 hours,
# about a day. A delivery whose every attempt failed disables its endpoint.
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=16)
WEBHOOK_RETRY_BACKOFF = env.float("WEBHOOK_RETRY_BACKOFF", default=60)
WEBHOOK_RETRY_BACKOFF_MAX = env.float("WEBHOOK_RETRY_BACKOFF_MAX", default=4 * 60 * 60)
WEBHOOK_KEEP_DELIVERIES_DAYS = env.int("WEBHOOK_KEEP_DELIVERIES_DAYS", default=30)
# Handlers whose retries differ from the outbox's defaults above (samskabelse/outbox.py).
OUTBOX_RETRY_POLICIES = {
    "webhooks.deliver": {
        "max_attempts": WEBHOOK_MAX_ATTEMPTS,
        "backoff": WEBHOOK_RETRY_BACKOFF,
        "backoff_max": WEBHOOK_RETRY_BACKOFF_MAX,
    },
}
CELERY_BEAT_SCHEDULE = {
    "relay-outbox": {
        "task": "samskabelse.tasks.relay_outbox",
        "schedule": OUTBOX_RELAY_EVERY,
        # Runs queued while the broker or the workers were away are not worth catching up.
        "options": {"expires": OUTBOX_RELAY_EVERY},
    },
    "clear-expired-sessions": {
        "task": "samskabelse.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60,
    },
    "send-event-reminders": {
        "task": "events.tasks.send_reminders",
        "schedule": 15 * 60,
    },
    "release-event-quotas": {
        "task": "events.tasks.release_quotas",
        "schedule": 5 * 60,
    },
    # Hourly, so personal data go early on the date the citizen is told
    # (events.selectors.anonymisation_date); a run that finds nothing costs one query.
    "anonymise-old-registrations": {
        "task": "events.tasks.anonymise_old_registrations",
        "schedule": 60 * 60,
    },
    "delete-old-webhook-deliveries": {
        "task": "webhooks.tasks.delete_old_deliveries",
        "schedule": 24 * 60 * 60,
    },
}

# --- Mail -------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# A mail server that accepts the connection and then says nothing must not hold a task
# past its time limit (CELERY section).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Samskabelse <noreply@samskabelse.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "samskabelse.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_overview"  # Mit overblik (events/overview/); non-staff go on home
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login protection (django-axes; the rules are in samskabelse/lockout.py) ----------------
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)  # per account and address
LOGIN_FAILURE_LIMIT_PER_IP = env.int("LOGIN_FAILURE_LIMIT_PER_IP", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = "samskabelse.lockout.lockout_parameters"
AXES_HANDLER = "samskabelse.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "samskabelse.net.client_ip"
AXES_USERNAME_FORM_FIELD = "username"  # the login forms' field, whatever USERNAME_FIELD is
AXES_USERNAME_CALLABLE = "samskabelse.lockout.login_username"
AXES_LOCKOUT_CALLABLE = "samskabelse.lockout.lockout_response"
# Failures are kept for the cool-off window only; successful logins are not recorded.
AXES_DISABLE_ACCESS_LOG = True

# --- Single sign-on (samskabelse/sso/; providers are configured in the admin) -------------
# Seconds to wait for a provider's discovery, keys or token endpoint before giving up.
SSO_HTTP_TIMEOUT = env.float("SSO_HTTP_TIMEOUT", default=5)
SSO_METADATA_CACHE_SECONDS = env.int("SSO_METADATA_CACHE_SECONDS", default=60 * 60)
# A provider's login lasts a working day, so roles taken away at the provider are gone here
# by the next morning's login at the latest.
SSO_SESSION_SECONDS = env.int("SSO_SESSION_SECONDS", default=10 * 60 * 60)
# Production providers are https only; plain http is for a provider on this machine (tests).
SSO_ALLOW_HTTP_ISSUER = env.bool("SSO_ALLOW_HTTP_ISSUER", default=_relaxed)

# --- Two-factor login for password accounts (samskabelse/twofactor/, django-otp TOTP) ----
OTP_TOTP_ISSUER = "Samskabelse"
# Seconds between entering the password and the code before the password is asked again.
TWO_FACTOR_PENDING_SECONDS = env.int("TWO_FACTOR_PENDING_SECONDS", default=5 * 60)

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# 1 behind nginx (docker-compose.yml): projects/media.py checks who may see a photo and
# nginx sends the file (X-Accel-Redirect). 0: Django streams it (DEBUG, tests).
MEDIA_ACCEL_REDIRECT = env.bool("MEDIA_ACCEL_REDIRECT", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if _relaxed
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security ---------------------------------------------------------------------------
# Form fields (files not counted) up to 1 MB and 1,000 fields: more is a 400, not a long parse.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not _relaxed)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not _relaxed)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if _relaxed else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "samskabelse.views.csrf_failure"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- REST API ---------------------------------------------------------------------------
# Bounded input (samskabelse/api/parsers.py): JSON bodies up to 1 MB, nested up to 32 deep.
API_MAX_JSON_BYTES = env.int("API_MAX_JSON_BYTES", default=1024 * 1024)
API_MAX_JSON_DEPTH = 32
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "samskabelse.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["samskabelse.api.permissions.TokenHasScope"],
    "DEFAULT_PARSER_CLASSES": [
        "samskabelse.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "samskabelse.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "samskabelse.api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "samskabelse.api.throttling.AnonThrottle",
        "samskabelse.api.throttling.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/min"),
        "token": env("API_THROTTLE_TOKEN", default="1200/min"),
    },
    "DEFAULT_RENDERER_CLASSES": [
        "samskabelse.api.renderers.JSONRenderer",  # DRF's output, written by orjson
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "samskabelse.api.exceptions.exception_handler",
    "NUM_PROXIES": NUM_PROXIES,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samskabelse API",
    "DESCRIPTION": (
        "REST API for samskabelsescases, temadage, netværk og tilmeldinger. "
        "Autentificering: `Authorization: Token <nøgle>` eller en browser-session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # The API is JSON: the form parsers stay for the browsable API's forms only.
    "PARSER_WHITELIST": ["samskabelse.api.parsers.BoundedJSONParser"],
    # Security per operation and the error answers, from one place (samskabelse/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "samskabelse.api.schema.document_errors",
    ],
}

# --- Logging: to stdout, never personal data --------------------------------------------
# Secret links (manage, newsletter, Mine data, password reset) are written with a hash of
# their key, as in gunicorn's access log (samskabelse/secret_urls.py, gunicorn.conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "samskabelse.secret_urls.RedactSecretsFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # django-axes narrates every login at INFO; its failures and lockouts are WARNINGs.
        "axes": {"level": "WARNING"},
        # Django's own loggers (its DEBUG console, runserver's request lines) lose Django's
        # unfiltered default handlers and go to the root's, so they are redacted too.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
