"""Django settings, read from environment variables (see docs/configuration.md).

With nothing set, Doorstep runs in development mode on SQLite in ./data so that a fresh
checkout just works. ``DOORSTEP_ENV=production`` switches on the production safeguards: a
secret key and an explicit host list are required and DEBUG must be off.
"""

from pathlib import Path

from doorstep.env import (
    SettingError,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    sqlite_database,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DOORSTEP_DATA_DIR", str(BASE_DIR / "data")))

ENVIRONMENT = env_str("DOORSTEP_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise SettingError(f"DOORSTEP_ENV must be development or production, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1"])

if PRODUCTION:
    if DEBUG:
        raise SettingError("DEBUG must be off in production (DOORSTEP_ENV=production)")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise SettingError("SECRET_KEY must be set to a random value of 50 or more characters")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise SettingError("ALLOWED_HOSTS must list this server's host names (never '*')")
elif not SECRET_KEY:
    # Development only: a fixed, clearly-labelled key. Production refuses to start without one.
    SECRET_KEY = "development-only-insecure-key-never-use-in-production-" + "x" * 10

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Sign-in lockout (doorstep.accounts.sign_in) and the change record (docs/security.md).
    "axes",
    "auditlog",
    "doorstep.core",
    "doorstep.stock",
    "doorstep.repairs",
    "doorstep.complaints",
    "doorstep.asb",
    "doorstep.surveys",
    "doorstep.resident",
    "doorstep.fieldwork",
    "doorstep.imports",
    "doorstep.measures",
    "doorstep.benchmarks",
    "doorstep.voice",
    "doorstep.hazards",
    "doorstep.accounts",
    "doorstep.web",
    "doorstep.panel",
    "doorstep.actions",
    "doorstep.involvement",
    "doorstep.scrutiny",
    "doorstep.publishing",
    # The read API (/api/v1/, docs/api.md); "ninja" serves its documentation page's files.
    "ninja",
    "doorstep.api",
    "doorstep.demo",
    # Background tasks (docs/tasks.md): Django's task framework, backported, with its queue
    # in the database; doorstep.ops keeps each job's progress for the person who started it.
    "django_tasks",
    "django_tasks_db",
    "doorstep.ops",
]

MIDDLEWARE = [
    # First, so that every response carries the policy, redirects and errors included.
    "doorstep.web.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files with hashed, compressed names, served by the application (no debug).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a signed-in user unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Signed-in pages and exports carry personal data: never kept by a browser or proxy.
    "doorstep.web.middleware.PrivatePagesMiddleware",
    # No address or query with a NUL character (%00) reaches a view: 404.
    "doorstep.web.middleware.RefuseNulCharactersMiddleware",
    # Who changed a record, for the change record (auditlog); after authentication.
    "auditlog.middleware.AuditlogMiddleware",
    # Last: turns a paused sign-in (on any way in) into the paused page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "doorstep.urls"
WSGI_APPLICATION = "doorstep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "doorstep.web.context_processors.layout",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": database_from_url(_database_url, base_dir=BASE_DIR)}
else:
    # The zero-set-up default: a SQLite file in ./data, made on first use.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": sqlite_database(DATA_DIR / "doorstep.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# The languages of the resident survey pages (doorstep.resident). Staff pages stay in
# English: there is no LocaleMiddleware; the resident pages choose their own language.
LANGUAGES = [
    ("en-gb", "English"),
    ("cy", "Welsh"),
    ("pl", "Polish"),
    ("ur", "Urdu"),
]
LOCALE_PATHS = [BASE_DIR / "doorstep" / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
# Hashed, compressed copies made by `doorstep collectstatic` (doorstep serve runs it) and
# served by whitenoise, so a page always gets the file it was drawn with. With DEBUG on,
# files come straight from the apps and nothing needs collecting.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# With DEBUG on (development and the tests) whitenoise reads the apps' files as they change.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# Background tasks (docs/tasks.md). "database": queued in the database and run by
# `doorstep worker`; "immediate": run at once inside the request (the tests, or a quick try).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in {"database", "immediate"}:
    raise SettingError(f"TASKS_BACKEND must be database or immediate, not {TASKS_BACKEND!r}")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend" if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}

# Hazard flags on residents' comments: a comment that reached the landlord more than this
# many days before it was first coded (imported history, comments from before Doorstep) is
# marked historical, for review, instead of joining today's follow-up queue (docs/voice-quality.md).
VOICE_FLAG_LOOKBACK_DAYS = env_int("VOICE_FLAG_LOOKBACK_DAYS", 28)
# Comments are coded as they arrive (imports, surveys), in the background; off only in tests
# that are not about coding, so their imports stay quick.
VOICE_CODE_ON_ARRIVAL = env_bool("VOICE_CODE_ON_ARRIVAL", True)

# Shown in every page's header: the landlord this Doorstep serves.
LANDLORD_NAME = env_str("LANDLORD_NAME", "Demo Housing Association")
# How residents reach the complaints team, as complaint letters give it (blank: "the complaints
# team at <landlord>").
COMPLAINTS_CONTACT = env_str("COMPLAINTS_CONTACT", "")
# The landlord's code with the Regulator of Social Housing (e.g. "L4240"), written in the
# regulator's return (doorstep tsm return).
LANDLORD_CODE = env_str("LANDLORD_CODE", "")

LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Sign-in pauses for SIGN_IN_LOCKOUT_MINUTES after SIGN_IN_ATTEMPTS failures for one
# username from one address (doorstep.accounts.sign_in). TRUSTED_PROXIES: how many proxies
# stand in front of Doorstep and add X-Forwarded-For (0: trust none, use the connection).
SIGN_IN_ATTEMPTS = env_int("SIGN_IN_ATTEMPTS", 5)
SIGN_IN_LOCKOUT_MINUTES = env_int("SIGN_IN_LOCKOUT_MINUTES", 15)
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
# The read API: requests a minute per token; the next answers 429 with Retry-After.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120)
if SIGN_IN_ATTEMPTS < 1 or SIGN_IN_LOCKOUT_MINUTES < 1 or TRUSTED_PROXIES < 0:
    raise SettingError("SIGN_IN_ATTEMPTS and SIGN_IN_LOCKOUT_MINUTES must be 1 or more, "
                       "TRUSTED_PROXIES 0 or more")
# The pause is django-axes', for every way in (the sign-in page, the admin, the API): keyed
# on the normalised username and the address together, counted before the password is
# checked (doorstep.accounts.sign_in).
AUTHENTICATION_BACKENDS = [
    "doorstep.accounts.sign_in.CountedLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "doorstep.accounts.sign_in.CountedLockoutHandler"
AXES_FAILURE_LIMIT = SIGN_IN_ATTEMPTS
AXES_COOLOFF_TIME = SIGN_IN_LOCKOUT_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "doorstep.accounts.sign_in.lockout_username"
AXES_CLIENT_IP_CALLABLE = "doorstep.accounts.sign_in.lockout_address"
AXES_LOCKOUT_CALLABLE = "doorstep.accounts.views.paused"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password"]

# The cache holds computed figures (sign-in failures are in the database, django-axes'
# table, so that they are counted atomically across workers). In development one process
# serves everything, so memory will do; in production several worker processes must share
# it, so it lives in files under CACHE_DIR: no extra service to run.
_cache_dir = env_str("CACHE_DIR", str(DATA_DIR / "cache") if PRODUCTION else "")
if _cache_dir:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": _cache_dir}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Content Security Policy (doorstep.web.middleware): only Doorstep's own files, no inline
# script or style, no framing. Doorstep's templates are written to need nothing more.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}

# Security headers and cookies. Secure cookies need HTTPS, so they follow production.
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Joining the browsers' HSTS preload list binds every subdomain of the landlord's domain
    # for months: the domain's owner must opt in (SECURE_HSTS_PRELOAD=yes), so Django's
    # reminder about it is silenced rather than the choice made for them.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Logs go to standard error: one JSON object a line in production (LOG_FORMAT=json, for
# journald and log collectors), plain lines in development. See docs/deploy.md.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise SettingError(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "doorstep.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {"quiet_refusals": {"()": "doorstep.ops.logs.QuietRefusals"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["quiet_refusals"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # In production, Doorstep's own lines (jobs, recurring work) at INFO as well.
        "doorstep": {"level": env_str("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
        "django_tasks": {"level": env_str("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
    },
}

# Largest file an analyst may upload for import in the browser, in megabytes.
IMPORT_UPLOAD_MAX_MB = env_int("IMPORT_UPLOAD_MAX_MB", 200)

# The key that turns a home into a survey respondent's pseudonymous household key. Kept
# apart from SECRET_KEY so that rotating that key does not change every household's key.
SURVEY_HOUSEHOLD_SECRET = env_str("SURVEY_HOUSEHOLD_SECRET", "")
if PRODUCTION and len(SURVEY_HOUSEHOLD_SECRET) < 32:
    raise SettingError("SURVEY_HOUSEHOLD_SECRET must be set to a random value of 32 or more "
                       "characters: survey answers are kept against a key made with it")
