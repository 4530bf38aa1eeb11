"""Configuration classes. Secrets and URLs come from the environment only.

`create_app()` picks `ProductionConfig` when `MULTAQA_CONFIG=production`, `TestingConfig` for
`testing`, and `DevelopmentConfig` otherwise (it needs nothing: SQLite under `instance/`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _json_dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Hosting platforms still hand out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    """Settings shared by every environment."""

    # Unset outside production: create_app() then keeps a random key in instance/secret_key.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'multaqa.sqlite'}")
    # JSON keeps Arabic and Kurdish letters as they are (searchable), not as \u escapes.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "json_serializer": _json_dumps}

    LANGUAGES = ("en", "ar", "ckb")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("BABEL_DEFAULT_TIMEZONE", "Asia/Baghdad")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    # "latn" shows 0-9 in every locale; "arab" shows ٠-٩ in Arabic and Kurdish pages.
    NUMBERING_SYSTEM = os.environ.get("NUMBERING_SYSTEM", "latn")
    LANGUAGE_COOKIE = "multaqa_lang"

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "5 per minute;30 per hour")
    # Failed look-ups of a badge code or phone on a survey's room page, per address (a room shares one).
    ROOM_IDENTIFY_RATE_LIMIT = os.environ.get("ROOM_IDENTIFY_RATE_LIMIT", "20 per minute;200 per hour")
    # A breakout group's rapporteur link (no account): items added, per address and link.
    GROUP_LINK_RATE_LIMIT = os.environ.get("GROUP_LINK_RATE_LIMIT", "30 per minute;300 per hour")
    # CSO uploads: evidence of violations (per file, files per report) and library files.
    EVIDENCE_MAX_BYTES = _env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
    EVIDENCE_MAX_FILES = _env_int("EVIDENCE_MAX_FILES", 5)
    LIBRARY_MAX_BYTES = _env_int("LIBRARY_MAX_BYTES", 25 * 1024 * 1024)
    # Bulk certificate exports run on an RQ worker when set (e.g. redis://127.0.0.1:6379/0), else in a thread.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    CERTIFICATE_QUEUE = os.environ.get("CERTIFICATE_QUEUE", "multaqa-certificates")
    CERTIFICATE_PREFIX = os.environ.get("CERTIFICATE_PREFIX", "MLQ")  # certificate numbers: MLQ-2026-000123
    # New surveys count relevance and usefulness answers from this value up (1–5) as satisfied.
    SATISFACTION_THRESHOLD = _env_int("SATISFACTION_THRESHOLD", 4)

    WTF_CSRF_TIME_LIMIT = _env_int("WTF_CSRF_TIME_LIMIT", 8 * 3600)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PASSWORD_MIN_LENGTH = _env_int("PASSWORD_MIN_LENGTH", 10)
    # Ed25519 key that signs QR codes (32 bytes, base64url). Unset: kept in instance/qr_signing_key.
    QR_SIGNING_KEY = os.environ.get("QR_SIGNING_KEY")


class DevelopmentConfig(Config):
    """The embedded default: SQLite file under instance/, debug toolbar-free, nothing to set."""

    DEBUG = _env_bool("FLASK_DEBUG", False)


class TestingConfig(Config):
    """Used by the test suite; the database comes from TEST_DATABASE_URL or a temporary SQLite file."""

    TESTING = True
    SECRET_KEY = "testing-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_RATE_LIMIT = "5 per minute"
    REDIS_URL = None  # bulk exports in a thread unless a test asks for RQ
    QR_SIGNING_KEY = "dGVzdC1vbmx5LXFyLXNpZ25pbmcta2V5LTMyLWJ5dGU"  # a fixed test key, never a real one


class ProductionConfig(Config):
    """Refuses to start without SECRET_KEY and DATABASE_URL; cookies are Secure."""

    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https"

    @staticmethod
    def required_settings() -> dict[str, str]:
        """SECRET_KEY and the database URL, read from the environment when the app starts."""
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError("ProductionConfig refuses to start without: " + ", ".join(missing))
        return {
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": _database_url(os.environ["DATABASE_URL"]),
        }


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
