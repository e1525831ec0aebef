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
    "doorstep.demo",
]

MIDDLEWARE = [
    # First, so that every response carries the policy, redirects and errors included.
    "doorstep.web.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a signed-in user unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
STATIC_ROOT = DATA_DIR / "static"

# Shown in every page's header: the landlord this Doorstep serves.
LANDLORD_NAME = env_str("LANDLORD_NAME", "Demo Housing Association")

LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Sign-in pauses for SIGN_IN_LOCKOUT_MINUTES after SIGN_IN_ATTEMPTS failures for one
# username from one address (doorstep.accounts.sign_in). TRUSTED_PROXIES: how many proxies
# stand in front of Doorstep and add X-Forwarded-For (0: trust none, use the connection).
SIGN_IN_ATTEMPTS = env_int("SIGN_IN_ATTEMPTS", 5)
SIGN_IN_LOCKOUT_MINUTES = env_int("SIGN_IN_LOCKOUT_MINUTES", 15)
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
if SIGN_IN_ATTEMPTS < 1 or SIGN_IN_LOCKOUT_MINUTES < 1 or TRUSTED_PROXIES < 0:
    raise SettingError("SIGN_IN_ATTEMPTS and SIGN_IN_LOCKOUT_MINUTES must be 1 or more, "
                       "TRUSTED_PROXIES 0 or more")

# The cache holds sign-in failures (and, later, computed figures). In development one process
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Largest file an analyst may upload for import in the browser, in megabytes.
IMPORT_UPLOAD_MAX_MB = env_int("IMPORT_UPLOAD_MAX_MB", 200)

# The key that turns a home into a survey respondent's pseudonymous household key. Kept
# apart from SECRET_KEY so that rotating that key does not change every household's key.
SURVEY_HOUSEHOLD_SECRET = env_str("SURVEY_HOUSEHOLD_SECRET", "")
if PRODUCTION and len(SURVEY_HOUSEHOLD_SECRET) < 32:
    raise SettingError("SURVEY_HOUSEHOLD_SECRET must be set to a random value of 32 or more "
                       "characters: survey answers are kept against a key made with it")
