"""Django settings. Everything an operator may change comes from ZHANGFANG_* variables."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from zhangfang import config
from zhangfang.logs import configure as configure_logging

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

DEBUG = config.env_flag("ZHANGFANG_DEBUG")
SECRET_KEY = config.secret("SECRET_KEY", config.new_django_key)
FIELD_KEY = config.secret("FIELD_KEY", config.new_aes_key)
ALLOWED_HOSTS = config.env_list("ZHANGFANG_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = config.env_list("ZHANGFANG_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "ninja",  # serves the API docs' Swagger UI from our own static files, not a CDN
    "django_q",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "zhangfang.core",
    "zhangfang.accounting",
    "zhangfang.inventory",
    "zhangfang.purchasing",
    "zhangfang.sales",
    "zhangfang.web",
    "zhangfang.api",
    "zhangfang.ops",
]

MIDDLEWARE = [
    "zhangfang.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zhangfang.core.middleware.SessionTimeoutMiddleware",
    "zhangfang.core.middleware.UserLanguageMiddleware",
    "zhangfang.core.middleware.CurrentCompanyMiddleware",
    "zhangfang.core.middleware.SecondFactorMiddleware",
    "zhangfang.api.idempotency.IdempotencyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhangfang.core.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhangfang.urls"
WSGI_APPLICATION = "zhangfang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhangfang.web.context.shell",
            ],
        },
    },
]

# --- database -------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("ZHANGFANG_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'zhangfang.sqlite3'}",
        conn_max_age=int(os.environ.get("ZHANGFANG_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the
        # busy timeout instead of failing half-way (SQLite has no row locks).
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, sessions, background jobs ---------------------------------------

REDIS_URL = os.environ.get("ZHANGFANG_REDIS_URL", "")
Q_CLUSTER = {
    "name": "zhangfang",
    "workers": int(os.environ.get("ZHANGFANG_WORKERS", "2")),
    "timeout": 600,
    "retry": 900,
    "max_attempts": 3,
    "catch_up": False,
    "ack_failures": True,
    "label": _("Background jobs"),
}
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    Q_CLUSTER["redis"] = REDIS_URL
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    Q_CLUSTER["orm"] = "default"

# Seconds after which a silent scheduler counts as stopped (/readyz answers 503).
HEARTBEAT_MAX_AGE = int(os.environ.get("ZHANGFANG_HEARTBEAT_MAX_AGE", "180"))

# --- authentication ----------------------------------------------------------

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out accounts before the password check
    "zhangfang.core.auth.CompanyRoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection (SEC-4): five wrong passwords lock the account for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("ZHANGFANG_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("ZHANGFANG_LOCKOUT_MINUTES", "15")))
# Lock the account, not an address: behind a proxy every client shares one address, and
# locking that would let five wrong guesses shut everyone out.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked.html"
AXES_VERBOSE = False
# Two-factor sign-in (SEC-2): RFC 6238 TOTP, 30 s steps; a code is accepted once.
OTP_TOTP_ISSUER = "Zhangfang 账房"
# Sessions end after this much idleness, and in any case this long after sign-in.
SESSION_IDLE_SECONDS = int(os.environ.get("ZHANGFANG_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("ZHANGFANG_SESSION_MAX_HOURS", "12")) * 3600
# Changing the password or the second factor asks for the password again after this long.
REAUTH_SECONDS = 300
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- security ----------------------------------------------------------------

SECURE_TLS = config.env_flag("ZHANGFANG_TLS")  # set when served behind a TLS proxy
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_TLS
if SECURE_TLS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
METRICS_TOKEN = os.environ.get("ZHANGFANG_METRICS_TOKEN", "")
# Where people reach this installation, e.g. https://erp.example.com — for links in e-mails.
ZHANGFANG_BASE_URL = os.environ.get("ZHANGFANG_BASE_URL", "")

# --- language and time ---------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("ZHANGFANG_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# Our zh-hans number format groups thousands with commas, as ledgers are printed.
FORMAT_MODULE_PATH = ["zhangfang.formats"]

# --- files -------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "ZHANGFANG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("ZHANGFANG_EMAIL_FROM", "zhangfang@localhost")

DJANGO_TABLES2_TEMPLATE = "web/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-hover align-middle mb-0"}

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = configure_logging(level=os.environ.get("ZHANGFANG_LOG_LEVEL", "INFO"))
