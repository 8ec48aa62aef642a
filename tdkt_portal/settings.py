"""One settings module for every environment; everything that differs comes from the environment.

With nothing set the portal uses a SQLite file, runs Celery tasks in-process and prints e-mail to
the console, but DEBUG is off: a deployment that forgets the variable must not show Django's debug
pages, so it refuses to start without a SECRET_KEY instead. The demo (scripts/run.sh) and the test
suite (tests/settings.py) turn DEBUG on themselves.
"""

import secrets
import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from tdkt_portal import file_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="demo-only-not-secret" if DEBUG else "")
# Commands that only read or write the source tree (a developer's or a hook's migration check) sign
# nothing, so they run without a key: a random one that lives and dies with the process.
KEYLESS_COMMANDS = {"makemigrations", "sqlmigrate", "workflow_docs", "help", "version"}
if not SECRET_KEY and Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] and sys.argv[1] in KEYLESS_COMMANDS:
    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Chưa đặt SECRET_KEY: cổng không chạy khi DEBUG tắt mà thiếu khoá bí mật. "
        "Đặt biến môi trường SECRET_KEY (chuỗi ngẫu nhiên dài, ví dụ từ "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
        "hoặc DEBUG=1 nếu chỉ chạy thử trên máy mình. "
        "(SECRET_KEY is not set and DEBUG is off: set SECRET_KEY, or DEBUG=1 for a local demo.)"
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "django_htmx",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "activity",
    "units",
    "plans",
    "tasks",
    "awards",
    "documents",
    "jobs",
    "emulation",
    "certificates",
    "notifications",
    "api",
    "django_celery_beat",
    "tdkt_portal.axes_config.LoginLockoutConfig",  # django-axes, under a Vietnamese name in the admin
    "tdkt_portal",  # last: its ready() wires every other app's models
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it turns a lockout into the lockout page
]

ROOT_URLCONF = "tdkt_portal.urls"
WSGI_APPLICATION = "tdkt_portal.wsgi.application"

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
                "units.context_processors.navigation",
                "notifications.context_processors.unread_count",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# PostgreSQL's default random_page_cost (4) prices an index lookup as a disk seek. The portal's
# working set is cached, and with that price the planner read all 100,960 tasks to find one unit's
# 1,000 (19 ms against 2.7 ms for the unit's task page, bench/scale.py). 1.1 is the usual value for
# SSDs and caches; set in each connection's start-up, so no extra round trip. Empty: the server's.
RANDOM_PAGE_COST = env("DATABASE_RANDOM_PAGE_COST", default="1.1")
if DATABASES["default"]["ENGINE"].endswith("postgresql") and RANDOM_PAGE_COST:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={float(RANDOM_PAGE_COST)}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before any password check
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes; tdkt_portal/login.py). Failures are counted per account AND
# address together: an office behind one NAT address must not be locked out because one person
# mistyped, and a guesser on one address gets LOGIN_FAILURE_LIMIT tries per account. Counting per
# address alone would lock out the whole office; per account alone would let anyone lock any
# officer out by typing wrong passwords for their (guessable) username from anywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
# The cool-off runs from the last counted failure, so the page can say when it ends; retrying
# while locked out neither counts nor extends it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tdkt_portal.login.locked_out"
AXES_CLIENT_IP_CALLABLE = "tdkt_portal.login.client_ip"
# How many reverse proxies (nginx) in front append to X-Forwarded-For; 0 trusts REMOTE_ADDR only.
REVERSE_PROXY_COUNT = env.int("REVERSE_PROXY_COUNT", default=0)
AXES_VERBOSE = False  # no banner on every manage.py command

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Our catalogue first: Vietnamese for the third-party admin screens that ship none (axes,
# import-export, celery-beat). Compiled .mo is committed; rebuild with compilemessages -l vi.
LOCALE_PATHS = [BASE_DIR / "tdkt_portal" / "locale"]
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Every kept file goes through the default storage (tdkt_portal/file_storage.py): MEDIA_ROOT, or an
# S3-compatible object store shared by several web nodes and workers when S3_BUCKET is set.
STORAGES = {
    "default": file_storage.default_storage(env.ENVIRON),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="tdkt@localhost")
# Links in e-mails are absolute; services send them with no request at hand.
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")
MEGABYTE = 1024 * 1024
# Upload limits are set in megabytes (what people type) and used in bytes.
AWARDS_MAX_UPLOAD_BYTES = env.int("AWARDS_MAX_UPLOAD_MB", default=20) * MEGABYTE

# Celery: with no broker configured, tasks run in-process so the demo needs no Redis.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# The cache holds what several processes must share: the API's per-key call counts
# (api/throttling.py). Redis when there is one; the demo's single process keeps it in memory.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tdkt",
            # Redis away: give up quickly (throttling then lets calls through) rather than hang.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Outgoing e-mail (notifications/mail.py): a failed send is tried again after 60 s, then 120 s,
# 240 s… at most 30 min apart, MAIL_RETRY_MAX more times; then it is marked failed for admins to
# see and resend. A mail server that stops answering gives up after EMAIL_TIMEOUT seconds
# instead of holding a worker (or, in the demo, a page) forever.
MAIL_RETRY_MAX = env.int("MAIL_RETRY_MAX", default=8)
MAIL_RETRY_BACKOFF_SECONDS = env.int("MAIL_RETRY_BACKOFF_SECONDS", default=60)
MAIL_RETRY_BACKOFF_MAX_SECONDS = env.int("MAIL_RETRY_BACKOFF_MAX_SECONDS", default=1800)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Appendix workbooks (tasks/workbooks): upload size limit, rows per sheet, and from how many
# task rows a confirmed import runs in the background behind a progress bar.
APPENDIX_IMPORT_MAX_BYTES = env.int("APPENDIX_IMPORT_MAX_MB", default=10) * MEGABYTE
APPENDIX_IMPORT_MAX_ROWS = env.int("APPENDIX_IMPORT_MAX_ROWS", default=20_000)
APPENDIX_IMPORT_INLINE_ROWS = env.int("APPENDIX_IMPORT_INLINE_ROWS", default=500)
# The admin's import (django-import-export) keeps the upload between its preview and its confirm in
# the default storage, not in this machine's /tmp: the confirm may reach another web node.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
# Criteria workbooks (emulation/workbook.py) are held to the same size and rows-per-sheet limits,
# and a table to at most this many criteria: every member unit scores each criterion on one page
# (points, comment, evidence), real tables have tens of criteria, and a 100,000-row file once
# made that page 95 MB. 500 is far above any real table and keeps the page usable.
CRITERIA_MAX_ROWS = env.int("CRITERIA_MAX_ROWS", default=500)

# Reminders (tasks/reminders.py). The sweep is idempotent and catches up on missed days, so it runs
# every working hour: a run lost while Redis or the worker was down is made good by the next one.
# Beat's DatabaseScheduler copies this schedule into django-celery-beat's table (admin: Periodic tasks).
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "nhac-viec-hang-ngay": {
        "task": "tasks.tasks.send_reminders",
        "schedule": crontab(minute=0, hour="7-17"),
    },
    # E-mails left waiting (broker down at their commit, a retry lost with a worker).
    "thu-dien-tu-cho-gui": {
        "task": "notifications.send_waiting_emails",
        "schedule": crontab(minute="*/10"),
    },
    # Webhook deliveries left waiting likewise (api.webhooks).
    "webhook-cho-gui": {
        "task": "api.send_waiting_webhooks",
        "schedule": crontab(minute="*/10"),
    },
}
REMINDER_DAYS_BEFORE = env.list("REMINDER_DAYS_BEFORE", cast=int, default=[7, 1])
REMINDER_QUARTER_WINDOW_DAYS = env.int("REMINDER_QUARTER_WINDOW_DAYS", default=10)
# Deadlines kept outside plan tasks that the sweep reminds about like tasks (tasks.reminders.Deadline).
REMINDER_DEADLINE_SOURCES = ["emulation.deadlines.open_deadlines"]
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_MB", default=20) * MEGABYTE
# While a request is read, a file past the largest limit above stops being kept (its size is still
# counted), so the upload point refuses it at once instead of after storing and reading it all.
UPLOAD_MAX_BYTES = max(AWARDS_MAX_UPLOAD_BYTES, APPENDIX_IMPORT_MAX_BYTES, EVIDENCE_MAX_BYTES)
FILE_UPLOAD_HANDLERS = [
    "common.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Plans with more tasks than this get their PDF drawn by the Celery worker, with a progress page.
DOCUMENTS_INLINE_MAX_TASKS = env.int("DOCUMENTS_INLINE_MAX_TASKS", default=150)
# The organisation's certificate for signing issued documents (documents.signing): a PKCS#12 file.
SIGNING_PKCS12 = env("SIGNING_PKCS12", default="")
SIGNING_PASSWORD = env("SIGNING_PASSWORD", default="")

# The REST API (api/, /api/v1/): a person's API key (Authorization: Token …) or their signed-in
# session; what they may see and change is asked of the apps' selectors and rules, as the pages do.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "api.permissions.TokenScope"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.handle",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiKeyThrottle"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Calls each API key may make (api/throttling.py): "<number>/<sec|min|hour|day>", reads and writes
# counted apart. Past the limit the API answers 429 with Retry-After.
API_THROTTLE_RATES = {
    "read": env("API_READ_RATE", default="300/min"),
    "write": env("API_WRITE_RATE", default="60/min"),
}
# Webhooks (api/webhooks.py): a failed delivery is tried again after 60 s, 120 s, 240 s… at most an
# hour apart, WEBHOOK_RETRY_MAX more times, then marked failed for admins to resend. A receiver
# gets WEBHOOK_TIMEOUT_SECONDS to connect and as long to answer. Receivers on loopback, private or
# reserved addresses are refused (api/targets.py) unless their network is listed here, e.g.
# WEBHOOK_ALLOWED_NETWORKS=10.20.0.0/16 for a document system on the office's network.
WEBHOOK_RETRY_MAX = env.int("WEBHOOK_RETRY_MAX", default=8)
WEBHOOK_RETRY_BACKOFF_SECONDS = env.int("WEBHOOK_RETRY_BACKOFF_SECONDS", default=60)
WEBHOOK_RETRY_BACKOFF_MAX_SECONDS = env.int("WEBHOOK_RETRY_BACKOFF_MAX_SECONDS", default=3600)
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_ALLOWED_NETWORKS = env.list("WEBHOOK_ALLOWED_NETWORKS", default=[])
SPECTACULAR_SETTINGS = {
    "TITLE": "API Cổng Thi đua – Khen thưởng",
    "DESCRIPTION": (
        "Kế hoạch, phụ lục, nhiệm vụ và tiến độ, đơn vị, khen thưởng, thông báo. Gửi khoá API (tạo ở trang "
        "“Tài khoản”) trong tiêu đề `Authorization: Token <khoá>`. Mỗi khoá có đúng quyền của tài khoản tạo ra "
        "nó như trên các trang; khoá “Chỉ đọc” không ghi được. Ghi tiến độ cần tiêu đề `If-Match` với ETag vừa đọc."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.document_throttling"],
    "ENUM_NAME_OVERRIDES": {
        "TaskStatusEnum": "tasks.models.TaskStatus",
        "PlanStatusEnum": "plans.models.PlanStatus",
        "DossierStatusEnum": "awards.models.DossierStatus",
    },
    # The documentation page loads Swagger UI from our static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Content-Security-Policy (django-csp 4). Pages carry no inline script, no on…= handler and no
# style="" attribute: behaviour is in static/js, looks in static/css (tests/portal/test_csp.py
# scans every template). The one inline <style> allowed is an official document's page rules
# (templates/documents/base.html), admitted by a per-request nonce, never by 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a promise to browsers' lists that is slow to take back: opt in, never by default.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "preload is not set": it is off on purpose
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every page it lays out; documents.rendering turns that into job progress.
    "loggers": {
        "weasyprint.progress": {"level": "INFO", "propagate": False},
        # django-axes logs every successful login at INFO; failures and lockouts are warnings.
        "axes": {"level": "WARNING"},
        # Signing subsets the stamp's font and logs each table at INFO.
        "fontTools": {"level": "WARNING"},
        # An upload signed by a CA the portal does not trust is an answer shown to the user
        # (documents.signatures), not a server problem: pyHanko would log it with a traceback.
        "pyhanko.sign.validation": {"level": "ERROR"},
    },
}
