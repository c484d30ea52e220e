"""Settings shared by every environment. Everything that differs comes from the
environment (12-factor), parsed by django-environ."""

from pathlib import Path

import environ
from csp.constants import NONCE, SELF

from config.beat import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1
# Mounts the floor views of the benchmark harness (bench/); only it sets this.
BENCH_FLOORS = env.bool("BENCH_FLOORS", default=False)

INSTALLED_APPS = [
    # Our apps first so their templates override third-party ones.
    "people",
    "courses",
    "training",
    "performance",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    # Database-level history (PostgreSQL triggers; on SQLite no rows are kept).
    "pgtrigger",
    "pghistory",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "people.middleware.AdminCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After auth: a signed-in user's saved language beats Accept-Language.
    "people.middleware.UserLanguageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # HR, trainers and admins without TOTP reach only its set-up.
    "people.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "people.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A persistent connection broken by a database restart is replaced at the
# next request instead of failing it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # Every trigger django-pgtrigger installs first reads pgtrigger.ignore.
    # Undefined, that read raises and is caught in a PL/pgSQL EXCEPTION
    # block, and each such rollback makes PostgreSQL scan the statement's
    # whole queue of pending AFTER-trigger events: a row trigger over N rows
    # costs O(N²) (10,000 review results: seconds; 235,000 certificates:
    # tens of minutes). Defined and empty in the connection's startup
    # options, nothing raises, nothing is ignored, and no query is spent.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c pgtrigger.ignore={{}}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "people.auth_backends.ModelBackend",
    "people.auth_backends.AllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
# Wrong passwords count per account and client IP (people.adapters), so a
# stranger cannot lock a colleague out: 5 in 5 minutes, then 10 in an hour,
# 20 in a day (a growing back-off). Per IP alone the limit is generous, as a
# whole store may sign in from behind one address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "60/m/ip,5/5m/key,10/h/key,20/d/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# The client's address behind reverse proxies: either a header the proxy
# sets (e.g. X-Real-IP) or the number of proxies appending to X-Forwarded-For.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default=None)
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ServiceTrain"
# Those who must have TOTP (people.access.mfa_required) cannot deactivate it.
MFA_ADAPTER = "people.adapters.MFAAdapter"
# Wagtail's and Django admin's own login forms are replaced by allauth's
# (see config/urls.py), so rate limits and MFA cannot be bypassed there.
# Through our redirect view: it refuses (403) a signed-in user without admin
# access, whom allauth would otherwise bounce back to the admin in a loop.
WAGTAILADMIN_LOGIN_URL = "wagtail_login_redirect"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin
WAGTAIL_PASSWORD_RESET_ENABLED = False  # allauth's reset is the only one

# --- Languages ------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [
    BASE_DIR / "locale",
]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
WAGTAIL_I18N_ENABLED = True
# A new translation is a draft until approved (courses/translations.py), not
# a live copy of the original's text in the other language.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Files nobody may fetch by URL (import files; performance.storage).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Roster uploads: file size and data rows; any XLSX: its unzipped size.
ROSTER_MAX_UPLOAD_BYTES = env.int("ROSTER_MAX_UPLOAD_BYTES", default=5 * 2**20)
ROSTER_MAX_ROWS = env.int("ROSTER_MAX_ROWS", default=20_000)
XLSX_MAX_EXPANDED_BYTES = env.int("XLSX_MAX_EXPANDED_BYTES", default=200 * 2**20)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Role-play recordings (training.roleplay): largest upload, and the share of
# real assessments that also get a blind second assessor.
ROLEPLAY_MAX_UPLOAD_BYTES = env.int(
    "ROLEPLAY_MAX_UPLOAD_BYTES", default=200 * 1024 * 1024
)
ROLEPLAY_DOUBLE_SCORING_SHARE = env.float("ROLEPLAY_DOUBLE_SCORING_SHARE", default=0.2)
# Audit photos and recordings (performance.audits.uploads): largest file.
AUDIT_MAX_UPLOAD_BYTES = env.int("AUDIT_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)

# Imports (performance.services.import_batches_sweep): a running import with
# no progress for this long lost its worker and is queued again, up to
# IMPORT_MAX_ATTEMPTS runs; then it fails with a message.
IMPORT_STALE_SECONDS = env.int("IMPORT_STALE_SECONDS", default=600)
IMPORT_MAX_ATTEMPTS = env.int("IMPORT_MAX_ATTEMPTS", default=3)
# Uploaded import files are deleted this many days after the import ended.
IMPORT_FILE_RETENTION_DAYS = env.int("IMPORT_FILE_RETENTION_DAYS", default=30)
# A complaint's customer name and contact are erased this many days after the
# complaint is closed (or found not valid); the complaint itself stays.
COMPLAINT_CONTACT_RETENTION_DAYS = env.int(
    "COMPLAINT_CONTACT_RETENTION_DAYS", default=365
)

# --- Wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = "ServiceTrain 服务技能学院"
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx"]
# Documents go through Wagtail's view (people.wagtail_hooks: signed-in only),
# never straight from media storage.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Email ----------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="ServiceTrain <noreply@example.com>"
)

# --- Celery ---------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# Without a broker, tasks run in-process: `make run` needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE  # every periodic job, in config/beat.py
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# No lost work: a task is acknowledged only after it ran, and a worker killed
# mid-task (kill -9, OOM) puts it back on the queue; tasks are idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A producer facing a dead broker gives up fast (the outbox resends later).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}

# --- API ------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: DRF answers with the first class's WWW-Authenticate, so a
    # bad or missing token gets 401 (session auth alone would say 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "people.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON nested too deep for the parser is a 400, not a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "people.api_parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ServiceTrain API",
    "DESCRIPTION": "Training, assessment and performance data for service teams.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Only our API: Wagtail's admin API views are not part of it.
    "PREPROCESSING_HOOKS": ["config.api.only_public_api"],
    # A complaint's severity and a scheme's complaint gate share one choice set.
    "ENUM_NAME_OVERRIDES": {
        "SeverityEnum": "performance.models.complaints.Severity",
        "EnrollmentStatusEnum": "training.models.learning.Enrollment.Status",
        "QuizAttemptStatusEnum": "training.models.learning.QuizAttempt.Status",
        "CourseLevelEnum": "courses.models.taxonomy.CourseLevel",
        "LevelEnum": "performance.models.metrics.Level",
    },
}

# --- Security headers -----------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Wagtail's admin sets inline styles.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}
# Wagtail's live preview frames our own pages, so SAMEORIGIN rather than DENY;
# CSP frame-ancestors 'self' says the same to modern browsers.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
