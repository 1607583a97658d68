"""All settings live here; environment variables switch production behaviour.

Production: DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, EMAIL_* (see docs/operations.md).
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ESAKIP_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# The development key only works with DEBUG on; production must set SECRET_KEY (checked below).
SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-key-change-me" if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Demo mode lists the demo accounts and their password on the login page. Never in production.
DEMO_MODE = env_bool("DEMO_MODE", False)
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo12345")

INSTALLED_APPS = [
    "sakip.shell.admin_site.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "sakip.core",
    "sakip.accounts",
    "sakip.audit",
    "sakip.organization",
    "sakip.planning",
    "sakip.monitoring",
    "sakip.procedures",
    "sakip.reports",
    "sakip.administration",
    "sakip.dashboard",
    "sakip.regency",
    "sakip.portal",
    "sakip.shell",
    "sakip.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sakip.core.middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sakip.accounts.middleware.IdleTimeoutMiddleware",
    "sakip.accounts.middleware.NoStoreWhenSignedInMiddleware",
    # After sessions, language, user and messages: its 400 page is the app's, with navigation.
    "sakip.core.middleware.RefuseNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must be last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "sakip.shell.context_processors.shell",
            ],
        },
    },
]

# SQLite under var/ is the embedded default (one office on one laptop); PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'esakip.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    # WAL lets readers work while a writer commits; IMMEDIATE avoids "database is locked" upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Figures that are costly to compute (chart images, the dashboard, the regency view) are kept under
# keys that name the data's version (sakip.monitoring.versions), so an entry is never stale: it is
# only replaced. Each process keeps its own (docs/operations.md: a shared cache for several workers).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "esakip",
        "TIMEOUT": env_int("CACHE_SECONDS", 24 * 60 * 60),
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sakip.accounts.backends.UserWithEmployeeBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The app's own error pages (sakip/core/errors.py; the handlers are set in config/urls.py).
CSRF_FAILURE_VIEW = "sakip.core.errors.csrf_failure"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "shell:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock on the username + IP pair, never on IP alone: a whole office shares one NAT address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The reverse proxies allowed to name the client in X-Forwarded-For (addresses or networks, e.g.
# "127.0.0.1" when nginx runs on the same host). Empty: the header is ignored, REMOTE_ADDR counts.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "sakip.accounts.client_ip.client_ip"

# A signed-in person who does nothing for this long is signed out; the page warns a little before
# (sakip.accounts.middleware.IdleTimeoutMiddleware, static/sakip/sakip.js).
# 0 turns the limit off.
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_IDLE_WARNING_SECONDS = env_int("SESSION_IDLE_WARNING_SECONDS", 120)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Makassar"  # WITA, Balangan (South Kalimantan)
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
# Text inputs and textareas written in Python, to the HTML of Django's widget templates (issue 12:
# the templates were a third of the quarterly entry page's time).
FORM_RENDERER = "sakip.core.form_renderer.FastWidgetRenderer"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"  # never served as static: files go through access-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Imports are small (one agency plan); refuse anything large before parsing it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PLAN_IMPORT_MAX_BYTES = env_int("PLAN_IMPORT_MAX_BYTES", 2 * 1024 * 1024)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "e-SAKIP <esakip@localhost>")
# Mail goes out from the background worker; a mail server that does not answer within this many
# seconds is given up on (the notification stays in the inbox all the same).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# Absolute links in e-mails (reminders, escalations); e.g. https://esakip.balangankab.go.id
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Reminders go out this many working minutes before a deadline (manage.py send_reminders).
REMINDER_BEFORE_MINUTES = env_int("REMINDER_BEFORE_MINUTES", 60)
TASK_FILE_MAX_BYTES = env_int("TASK_FILE_MAX_BYTES", 10 * 1024 * 1024)
# Data dukung (evidence) files of the quarterly data collection.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)

# Background jobs (docs/decisions/0006): long documents are generated by `manage.py run_worker`,
# which runs the tasks queued in the database. TASKS_BACKEND=immediate runs each task inside the
# request that queues it instead (no worker needed, the page waits; the tests use it).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# A report job with no sign of life for this long (no progress, not started) is shown as stopped,
# with "Coba lagi": its worker was killed or is not running. Longer than the slowest single step
# of a generation (rendering the PDF of the LKjIP), which reports no progress while it runs.
REPORT_JOB_STALL_SECONDS = env_int("REPORT_JOB_STALL_SECONDS", 10 * 60)
if REPORT_JOB_STALL_SECONDS < 60:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("REPORT_JOB_STALL_SECONDS must be at least 60.")

# No inline script or style: every script is a static file; htmx swaps carry no inline JS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; keep only its warnings.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see docs/operations.md).")
