"""synthsite settings, read from the environment (12-factor).

Every variable is documented in the README's "Configuration" section. An optional `.env` file
beside manage.py (or at SYNTH_ENV_FILE) is read first; variables already in the environment win.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _load_dotenv(path: Path) -> None:
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_config(url: str) -> dict:
    """The DATABASES entry for a DATABASE_URL (empty: the SQLite file at SYNTH_DATABASE)."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": Path(os.environ.get("SYNTH_DATABASE", BASE_DIR / "db.sqlite3")), **_sqlite()}
    try:
        config = dict(dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be used: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.update(_sqlite(), CONN_MAX_AGE=0)
    return config


# Workers share the SQLite file: WAL lets readers and one writer overlap, IMMEDIATE transactions
# take the write lock up front, and a writer waits up to 20 s for it instead of failing.
def _sqlite() -> dict:
    return {"OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}}


_load_dotenv(Path(os.environ.get("SYNTH_ENV_FILE", BASE_DIR / ".env")))

DEBUG = _env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(`make .env` writes one for local use), or set DJANGO_DEBUG=1 for development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"


def _placeholder_secrets(example: Path) -> set[str]:
    """The DJANGO_SECRET_KEY values the committed .env.example shows (documentation, never a key)."""
    try:
        lines = example.read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    return {line.split("=", 1)[1].strip() for line in lines if line.lstrip("# ").startswith("DJANGO_SECRET_KEY=")}


if not DEBUG and SECRET_KEY in _placeholder_secrets(BASE_DIR / ".env.example"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is the placeholder from .env.example. Set it to a long random string "
        "(`make .env` writes one for local use), or set DJANGO_DEBUG=1 for development."
    )
ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "generator",
]

MIDDLEWARE = [
    "generator.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "synthsite.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "generator.admission.StoreUnavailableMiddleware",
    "generator.admission.SendTimeoutMiddleware",
    # Last, so its 429s still get every security header from the middleware above.
    "generator.ratelimit.RateLimitMiddleware",
]

ROOT_URLCONF = "synthsite.urls"
WSGI_APPLICATION = "synthsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "generator.context_processors.site",
            ],
        },
    },
]

# The schema store, usage counters and rate limits. DATABASE_URL (e.g. postgres://user:pass@host/db)
# lets several app servers share them; without it, a SQLite file shared by this host's workers.
DATABASES = {"default": database_config(os.environ.get("DATABASE_URL", "").strip())}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # request bodies over 1 MiB are refused with a 400
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000  # the column editor posts about 20 fields for each of up to 200 columns

# HTTPS is assumed in production (DEBUG off): behind a TLS proxy that sets X-Forwarded-Proto.
# SYNTH_HTTPS=0 serves plain HTTP (a local machine, or a classroom LAN without TLS).
SYNTH_HTTPS = _env_bool("SYNTH_HTTPS", default=not DEBUG)
if SYNTH_HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "generator.middleware.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("SYNTH_LOG_LEVEL", "INFO")},
}

# synthsite's own settings. OPENAI_API_KEY is deliberately not a setting: it is read from the
# environment only when a model call is made, so it never appears in settings dumps.
OPENAI_BASE_URL = os.environ.get("OPENAI_BASE_URL", "")
SYNTH_LLM_MODEL = os.environ.get("SYNTH_LLM_MODEL", "gpt-4o-mini")
SYNTH_LLM_TIMEOUT = _env_int("SYNTH_LLM_TIMEOUT", 20)  # seconds for one schema request, retries included
SYNTH_SCHEMA_STORE = Path(os.environ.get("SYNTH_SCHEMA_STORE", BASE_DIR / "schemas.json"))
SYNTH_MAX_ROWS = _env_int("SYNTH_MAX_ROWS", 10_000_000)
SYNTH_DEFAULT_ROWS = _env_int("SYNTH_DEFAULT_ROWS", 100)
# A download makes its next chunk of rows on a second thread while the current one is sent.
SYNTH_PIPELINE = _env_bool("SYNTH_PIPELINE", default=True)
SYNTH_MAX_EXCEL_CELLS = _env_int("SYNTH_MAX_EXCEL_CELLS", 5_000_000)  # rows × columns of one Excel download
SYNTH_MAX_DESCRIPTION_CHARS = _env_int("SYNTH_MAX_DESCRIPTION_CHARS", 2000)
# Requests that make schemas (and may call the model), per client address and window; 0 turns it off.
SYNTH_RATE_LIMIT = _env_int("SYNTH_RATE_LIMIT", 60)
SYNTH_RATE_WINDOW = max(1, _env_int("SYNTH_RATE_WINDOW", 60))
SYNTH_TRUSTED_PROXIES = _env_int("SYNTH_TRUSTED_PROXIES", 0)  # reverse proxies in front that set X-Forwarded-For
# Budgets of one request, checked before any row is made (generator.cost): the download's size,
# its CPU time and the memory of the chunk of rows made at a time. Defaults let 10,000,000 rows
# of a 10-column table through with room to spare, and stop schemas that multiply their cost.
SYNTH_MAX_REQUEST_BYTES = _env_int("SYNTH_MAX_REQUEST_BYTES", 32_000_000_000)
SYNTH_MAX_REQUEST_SECONDS = _env_int("SYNTH_MAX_REQUEST_SECONDS", 300)
SYNTH_MAX_REQUEST_MEMORY = _env_int("SYNTH_MAX_REQUEST_MEMORY", 512_000_000)
# One chunk of rows (what a preview or a dataset page makes) may take this long; schemas over it are not stored.
SYNTH_MAX_PREVIEW_SECONDS = _env_int("SYNTH_MAX_PREVIEW_SECONDS", 10)
# Fair sharing (generator.admission): a request whose estimated CPU time or size is over these is
# heavy; each client may run SYNTH_HEAVY_PER_CLIENT heavy requests at once and the host
# SYNTH_HEAVY_TOTAL (429 with Retry-After beyond); a client that reads nothing for
# SYNTH_SEND_TIMEOUT seconds is dropped (0: never).
SYNTH_HEAVY_SECONDS = _env_int("SYNTH_HEAVY_SECONDS", 1)
SYNTH_HEAVY_BYTES = _env_int("SYNTH_HEAVY_BYTES", 4_000_000)
SYNTH_HEAVY_PER_CLIENT = max(1, _env_int("SYNTH_HEAVY_PER_CLIENT", 2))
SYNTH_HEAVY_TOTAL = max(1, _env_int("SYNTH_HEAVY_TOTAL", os.cpu_count() or 2))  # heavy work is CPU-bound: one per core
SYNTH_SEND_TIMEOUT = _env_int("SYNTH_SEND_TIMEOUT", 10)
SYNTH_SLOT_DIR = os.environ.get("SYNTH_SLOT_DIR", "")
