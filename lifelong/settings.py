"""The one settings module. Every knob is an environment variable (deploy/lifelong.env)."""

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lifelong.lib.env import cache_from_url, env_bool, env_choice, env_int, env_list, env_str
from lifelong.lib.logs import LOG_FORMATS, logging_settings

# Lets admin and querysets be subscripted at run time, as the type checker wants them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING", False)  # set by `make test`
# A development key only in development and tests; production must set its own or not start.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key" if DEBUG or TESTING else None)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "127.0.0.1,localhost" + (",testserver" if DEBUG or TESTING else "")
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env_str("SITE_NAME", "Lifelong")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "lifelong.jobs",  # before django_tasks_db: its `db_worker` command replaces the original
    "django_tasks_db",
    "lifelong.accounts",
    "lifelong.audit",
    "lifelong.catalogue",
    "lifelong.enrolment",
    "lifelong.attendance",
    "lifelong.certificates",
    "lifelong.reports",
    "lifelong.office",
]

MIDDLEWARE = [
    # The request id on every log line of the request and on the tasks it queues.
    "lifelong.lib.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lifelong.lib.headers.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, but a 404 that an unprefixed page gave itself stays one (lib/locale.py).
    "lifelong.lib.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lifelong.accounts.middleware.StaffTwoFactorMiddleware",
    # Request latency per view (django-prometheus's names; lib/metrics.py): the view's time.
    "lifelong.lib.metrics.RequestLatencyMiddleware",
]

ROOT_URLCONF = env_str("ROOT_URLCONF", "lifelong.urls")
WSGI_APPLICATION = "lifelong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lifelong" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lifelong.lib.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'lifelong.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("DATABASE_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN,
    # which is how scarce places are locked on SQLite (docs/architecture.md, "Locking").
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if TESTING else 60
    # A local file cannot drop a connection: skip the per-request "SELECT 1" check.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
else:
    # PostgreSQL. A database host that does not answer fails a request (and /readyz) in 5
    # seconds, not after gunicorn's 30-second timeout.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
    # With server-side binding psycopg prepares the statements a connection runs again and
    # again (sign-in, the check-in path), so PostgreSQL plans each of them once.
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = env_bool(
        "DATABASE_SERVER_SIDE_BINDING", True
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Everyone, the site administrator too, signs in with a code by e-mail (allauth), and staff
# then with their authenticator app; no password is taken anywhere (the admin's login page
# leads to the same sign-in, lifelong/urls.py).
AUTHENTICATION_BACKENDS = ["lifelong.accounts.backends.EmailCodeBackend"]
# Sessions live in the database (several app servers share them), read in one plain statement.
SESSION_ENGINE = "lifelong.accounts.sessions"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "office:my_programmes"
# Participants need no password: they sign up with their e-mail address and sign in with a
# one-time code sent there, so every address we write to is verified.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "lifelong.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Owners, organisers and site administrators confirm every sign-in with an authenticator app
# (TOTP); `accounts/middleware.py` lets them into the back office (and the admin) only with a
# session that passed it, and sends them to set one up first.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Sign-in attempts, counted in the shared cache (CACHES["default"]) so that they hold across
# all processes and servers (docs/deployment.md, "Sign-in limits"). "ip" is the client's
# address, "key" the account (its e-mail address, or the person for app codes).
ACCOUNT_RATE_LIMITS = {
    # Codes e-mailed: 3 a minute to one address, 20 a minute from one client address.
    "request_login_code": "20/m/ip,3/m/key",
    # Wrong authenticator-app (and recovery) codes: 5 in 5 minutes per person, 10 a minute
    # from one client address; then refused until the window has passed.
    "login_failed": "10/m/ip,5/5m/key",
    # Sign-in forms sent at all, from one client address.
    "login": "30/m/ip",
}
# A code e-mailed to sign in may be tried 3 times, then a new one must be asked for.
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
# The forms that e-mail a code say "too many codes asked for" and when to try again, and a
# sign-in clears the count of the address (accounts/code_limits.py).
ACCOUNT_FORMS = {
    "login": "lifelong.accounts.sign_in_forms.SignInForm",
    "request_login_code": "lifelong.accounts.sign_in_forms.CodeRequestForm",
}
# Idle time after which a session ends: staff (owners, organisers, site administrators) and
# check-in devices (check-in helpers) sooner than participants (SESSION_COOKIE_AGE, 2 weeks).
# A request of a session pushes its end on, at most once a minute (`accounts/sessions.py`).
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30, minimum=1)
CHECKIN_SESSION_IDLE_MINUTES = env_int("CHECKIN_SESSION_IDLE_MINUTES", 180, minimum=1)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lifelong" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True
# The language a visitor chose is remembered for a year, so "/" sends them back to it.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "lifelong" / "static"]
# Served at the site's root by WhiteNoise: /favicon.ico, which browsers, feed readers and
# bookmarks ask for by themselves (the pages link static/favicon.svg).
WHITENOISE_ROOT = BASE_DIR / "lifelong" / "root"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Rendered public pages are kept per process and keyed by the catalogue revision, so several
# app servers never serve a stale page after a change (lifelong/catalogue/page_cache.py).
# Off in development, where templates change under a running server.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 0 if DEBUG else 60)
CACHE_TABLE = "lifelong_cache"  # the database cache's table (accounts migration 'cache_table')
CACHES = {
    # Shared by every process and app server: rate limits (allauth's sign-in limits, the
    # verification page's) and anything else that must hold site-wide. The database by
    # default (its table is made by `migrate`), Redis in production: docs/deployment.md.
    "default": cache_from_url(env_str("CACHE_URL", "db://"), database_table=CACHE_TABLE),
    # Per process, on purpose: the rendered public pages, keyed by the catalogue revision
    # (a shared cache would cost a round trip per hit; decisions.md, "Two caches").
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 2000)},
    },
}

# Security by default. Behind a TLS proxy set SECURE_SSL=true (docs/deployment.md).
SECURE_SSL = env_bool("SECURE_SSL", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL else None
SECURE_SSL_REDIRECT = SECURE_SSL
# Load balancers and Prometheus ask each app server directly, over the private network in
# plain HTTP: these answer without the HTTPS redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
CSRF_FAILURE_VIEW = "lifelong.site_views.csrf_failure"
SECURE_HSTS_SECONDS = 31536000 if SECURE_SSL else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Background work (e-mails, offers that lapse, lottery draws, reminders) is stored in the
# database and run by `manage.py db_worker`; `make run` starts one beside the web server.
TASKS = {
    "default": {
        # django-tasks-db's, recording the id of the request that queued each task.
        "BACKEND": "lifelong.jobs.backend.TracingDatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A job (bulk work with progress, lifelong/jobs/) that has not reported progress for this many
# seconds is taken to have lost its worker, and another worker takes it up again. Longer than
# any single item of a job takes (an e-mail: EMAIL_TIMEOUT).
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 60, minimum=1)
# `/readyz` reports the task queue as late (status "degraded") when a task has been due this
# many seconds without a worker taking it.
TASK_QUEUE_MAX_AGE_SECONDS = env_int("TASK_QUEUE_MAX_AGE_SECONDS", 300, minimum=1)
# A task (not a job's) that a worker took this many seconds ago and never finished has lost
# its worker: the workers' watchdog marks it failed, and it is retried like any failure.
# Longer than any task takes (the longest is the nightly retention run).
TASK_STUCK_SECONDS = env_int("TASK_STUCK_SECONDS", 1800, minimum=60)
# A task that raises is run again by the worker (lifelong/jobs/retries.py) until this many runs
# have failed in all; then it is given up and shown to site administrators in the back office.
# The pause before the n-th retry is TASK_RETRY_BASE_SECONDS * 4^(n-1), give or take a fifth
# (30 s, 2 min, 8 min, 32 min, … by default).
TASK_RETRY_ATTEMPTS = env_int("TASK_RETRY_ATTEMPTS", 5, minimum=1)
TASK_RETRY_BASE_SECONDS = env_int("TASK_RETRY_BASE_SECONDS", 30, minimum=0)

# Data protection (docs/privacy.md). How long personal data is kept; an institution may set
# its own periods for the first two, and an edition its own again (blank: the one above it).
# `office.retention` applies them every night; the privacy notices print them.
RETENTION_UNACCEPTED_MONTHS = env_int("RETENTION_UNACCEPTED_MONTHS", 6, minimum=0)
RETENTION_ATTENDANCE_MONTHS = env_int("RETENTION_ATTENDANCE_MONTHS", 12, minimum=0)
RETENTION_LOG_YEARS = env_int("RETENTION_LOG_YEARS", 3, minimum=1)
RETENTION_TASK_DAYS = env_int("RETENTION_TASK_DAYS", 30, minimum=1)
RETENTION_ACCESS_LOG_DAYS = env_int("RETENTION_ACCESS_LOG_DAYS", 14, minimum=1)
# The hour (Europe/Berlin) at which the worker runs the daily tasks.
DAILY_TASKS_HOUR = env_int("DAILY_TASKS_HOUR", 3, minimum=0, maximum=23)
# Tasks the worker runs once a day (`jobs/daily.py`): each re-enqueues itself for the next day.
DAILY_TASKS = ["lifelong.office.retention.retention_daily"]
# The site operator, as the privacy notice and the imprint name them. Lines of an address are
# separated by "|". Each institution adds its own details (admin, "Institution").
OPERATOR_NAME = env_str("OPERATOR_NAME", "")
OPERATOR_ADDRESS = env_str("OPERATOR_ADDRESS", "")
OPERATOR_EMAIL = env_str("OPERATOR_EMAIL", "")
OPERATOR_PHONE = env_str("OPERATOR_PHONE", "")
OPERATOR_REPRESENTATIVE = env_str("OPERATOR_REPRESENTATIVE", "")
OPERATOR_DPO = env_str("OPERATOR_DPO", "")
OPERATOR_SUPERVISORY_AUTHORITY = env_str("OPERATOR_SUPERVISORY_AUTHORITY", "")
# Processors the operator uses (hosting, e-mail delivery), separated by "|".
OPERATOR_PROCESSORS = env_str("OPERATOR_PROCESSORS", "")

# In development e-mails are not sent: each is kept in EMAIL_OUTBOX_DIR, announced by one
# line in the terminal (with the sign-in code) and readable at /dev/outbox/ (lib/outbox.py).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "lifelong.lib.outbox.OutboxEmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_OUTBOX_DIR = Path(env_str("EMAIL_OUTBOX_DIR", "") or BASE_DIR / "var" / "outbox")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Lifelong <noreply@lifelong.example>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")  # links in e-mails

# Self check-in with the room's QR code works from this many minutes before a session starts
# until as many after it ends.
SELF_CHECKIN_MARGIN_MINUTES = env_int("SELF_CHECKIN_MARGIN_MINUTES", 30)

# The Ed25519 keys that sign certificates as verifiable credentials (a JSON Web Key Set; the
# first key signs). Made on first use in development and tests; production must provide it
# (docs/deployment.md, "Certificate signing keys").
CREDENTIAL_KEYS_FILE = env_str(
    "CREDENTIAL_KEYS_FILE",
    str(BASE_DIR / "var" / "credential-keys.json") if DEBUG or TESTING else "",
)
# The verification page answers this many unknown codes per client address and hour, then
# refuses for the rest of the hour: guessing codes is hopeless (certificates/codes.py).
VERIFY_UNKNOWN_CODES_PER_HOUR = env_int("VERIFY_UNKNOWN_CODES_PER_HOUR", 20)
# Behind this many trusted proxies, the client's address is the one they saw (the last
# entries of X-Forwarded-For); 0 means REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Logs on standard error through structlog: one JSON object per line in production, readable
# lines in development and tests (lifelong/lib/logs.py).
LOG_FORMAT = env_choice(
    "LOG_FORMAT", "console" if DEBUG or TESTING else "json", choices=LOG_FORMATS
)
LOGGING = logging_settings(log_format=LOG_FORMAT, level=env_str("LOG_LEVEL", "WARNING"))
# The bearer token Prometheus sends to read /metrics; empty: /metrics answers 404 to everyone.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# prometheus_client reads PROMETHEUS_MULTIPROC_DIR itself, when it is imported; a directory that
# is not there would fail only at the first scrape, so it fails here. Set by the web and worker
# units (deploy/systemd), not the environment file: one-off commands count for themselves.
_multiproc_dir = env_str("PROMETHEUS_MULTIPROC_DIR", "")
if not _multiproc_dir:
    # Present but empty would still turn prometheus_client's multiprocess mode on (files in
    # the working directory): empty means off.
    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
elif not Path(_multiproc_dir).is_dir():
    raise ImproperlyConfigured(f"PROMETHEUS_MULTIPROC_DIR {_multiproc_dir!r} is not a directory.")
FORMAT_MODULE_PATH = ["lifelong.formats"]
