"""Rebound settings: one module, every difference between environments is an
environment variable (see the configuration table in README.md)."""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY, or set DEBUG=true for local development.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, with a history that keeps no text (accounts/admin_site.py).
    "accounts.apps.ReboundAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "applications",
    "feedback",
    "practice",
    "reminders",
    "portability",
    "capture",
    # At the top of the import chain: it reads every app above it.
    "sharing",
    # Top of the import chain: tokens, the REST API and the MCP server.
    "api",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML goes out compressed; the CSRF token is masked per request (BREACH).
    # Below WhiteNoise, which serves its own compressed static files.
    # https://docs.djangoproject.com/en/6.1/ref/middleware/#module-django.middleware.gzip
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "accounts.middleware.PrivatePagesNoStoreMiddleware",
    # A form answered with a redirect was saved: the browser drops its copy of the text.
    "accounts.middleware.SavedFormCookieMiddleware",
    # Last, so the login and CSRF checks come first: a create form sent twice
    # (double click, Back and send again, a retry) saves once (accounts/once.py).
    "accounts.once.OnceOnlyMiddleware",
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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# https://github.com/jazzband/dj-database-url: DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Rebound's queries are small and per person: PostgreSQL's JIT compiler spends
# more time compiling them (tens of ms) than it saves. Set DATABASE_JIT=on to let
# the server decide.
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and os.environ.get("DATABASE_JIT", "off") == "off"
):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A real, shared cache: allauth's login rate limits count failures in it, and
# several app servers must see the same counts. Redis when REDIS_URL is set,
# otherwise the database (created by `manage.py createcachetable`).
# While Redis is down, the counts are kept per process (accounts/cache.py), so
# an outage never fails a login; short timeouts keep an unreachable Redis from
# holding a request up. https://docs.djangoproject.com/en/6.1/topics/cache/
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "accounts.cache.DegradingRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "rebound_cache",
        },
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Django's checks with Rebound's messages (accounts/validators.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator"},
    {"NAME": "accounts.validators.CommonPasswordValidator"},
    {"NAME": "accounts.validators.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"

# allauth: email and password, no usernames.
# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Rebound: "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# Failed logins are counted per IP and per account in the cache above. Reset
# emails to one address are limited per day too, so the form cannot be used to
# flood someone's inbox.
# https://docs.allauth.org/en/latest/account/rate_limits.html
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key,5/d/key",
}
# Only trust X-Forwarded-For when a proxy in front of the app is declared, so a
# forged header cannot dodge the login rate limits.
# https://docs.allauth.org/en/latest/common/configuration.html
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Rebound"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
# allauth's forms with Rebound's labels; the fields and checks are allauth's.
# https://docs.allauth.org/en/latest/account/forms.html
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "add_email": "accounts.forms.AddEmailForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
# https://docs.allauth.org/en/latest/mfa/forms.html
MFA_FORMS = {
    "authenticate": "accounts.forms.MFAAuthenticateForm",
    "reauthenticate": "accounts.forms.MFAReauthenticateForm",
    "activate_totp": "accounts.forms.ActivateTOTPForm",
}
# Tell the person by email when their password, email address or two-factor
# settings change, so a change they did not make does not go unnoticed.
ACCOUNT_EMAIL_NOTIFICATIONS = True

# Mail through Django 6.1's MAILERS: printed to the console while developing,
# SMTP otherwise. https://docs.djangoproject.com/en/6.1/topics/email/
if env_bool("EMAIL_CONSOLE", default=DEBUG):
    MAILERS = {"default": {"BACKEND": "accounts.mail.ReadableConsoleBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Rebound <rebound@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where `collectstatic` gathers the files a production server hands out.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Uploaded documents (CVs, cover letters) are kept through the "default" storage:
# files under MEDIA_ROOT here. They are never served from a public URL, only by
# `applications.views_documents.document_download`, to their owner. For several
# app servers, point "default" at an S3-compatible store with django-storages
# (README, "Documents"). https://docs.djangoproject.com/en/6.0/topics/files/
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# The largest document a person can upload; a web server in front should refuse
# bodies a little larger (nginx: client_max_body_size 6m).
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES") or 5 * 1024 * 1024)
# https://whitenoise.readthedocs.io/en/stable/django.html
STORAGES = {
    # FILE_STORAGE_BACKEND and FILE_STORAGE_OPTIONS (JSON) choose another store,
    # for example "storages.backends.s3.S3Storage" once django-storages is installed.
    "default": {
        "BACKEND": os.environ.get("FILE_STORAGE_BACKEND")
        or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": json.loads(os.environ.get("FILE_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content Security Policy, Django's own: no inline scripts or styles anywhere.
# https://docs.djangoproject.com/en/6.1/ref/csp/
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF, "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Requests a minute per personal access token (API and MCP server, api/services.py).
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "120"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Production hardening follows DEBUG unless overridden, so `check --deploy`
# passes clean in production mode. https://docs.djangoproject.com/en/6.1/howto/deployment/checklist/
SECURE = env_bool("SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if SECURE else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background work (reminder digests, turning recorded answers into text) with
# Django's tasks framework, stored in the database and run by `manage.py
# db_worker`. Without a worker nothing is lost: tasks wait in the table, and the
# home page shows the same actions.
# https://docs.djangoproject.com/en/6.1/topics/tasks/
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Absolute links in emails (reminder digests) start with this.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Days without news after which an application is suggested as "no response".
REBOUND_NO_RESPONSE_DAYS = int(os.environ.get("REBOUND_NO_RESPONSE_DAYS", "21"))

# Spoken answers turned into text on this server (practice/speech.py, PocketSphinx
# from PyPI; nothing is downloaded at run time and no audio leaves the server).
# Off for everyone with TRANSCRIPTION_ENABLED=false; each person can also turn it
# off in their settings. TRANSCRIPTION_MODEL_DIR points at a larger PocketSphinx
# model laid out like the one in the wheel.
# https://pocketsphinx.readthedocs.io/en/latest/config_params.html
TRANSCRIPTION_ENABLED = env_bool("TRANSCRIPTION_ENABLED", True)
TRANSCRIPTION_MAX_SECONDS = int(os.environ.get("TRANSCRIPTION_MAX_SECONDS", str(10 * 60)))
TRANSCRIPTION_MODEL_DIR = os.environ.get("TRANSCRIPTION_MODEL_DIR", "")
# The task worker turns recordings into text. Until it does, each recording
# waits here as a private file, which the worker deletes as soon as the text
# exists (or it turns out not to be speech). The web server and the worker must
# both see this folder.
TRANSCRIPTION_QUEUE_DIR = os.environ.get(
    "TRANSCRIPTION_QUEUE_DIR", str(BASE_DIR / "var" / "transcription-queue")
)

# Every log line goes through one handler that masks the secret links (calendar
# feed, unsubscribe, reset, email confirmation), email addresses, query strings
# and the values a database error quotes (accounts/log_redaction.py). Django's
# own loggers are pointed at it too, replacing the handlers of its defaults.
# https://docs.djangoproject.com/en/6.1/topics/logging/#configuring-logging
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "filters": {"redact": {"()": "accounts.log_redaction.RedactSecrets"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "rebound.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
