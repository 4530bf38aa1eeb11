"""Configuration: a development default that needs nothing, and a production config that refuses
to start without its secrets."""

from __future__ import annotations

import pytest

from app import create_app
from config import DevelopmentConfig, ProductionConfig


def test_production_refuses_to_start_without_secret_key_and_database_url(monkeypatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY, DATABASE_URL"):
        create_app("production")
    monkeypatch.setenv("SECRET_KEY", "s3cret-from-the-environment")
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app(ProductionConfig)


def test_production_takes_settings_from_the_environment_and_secures_cookies(monkeypatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "s3cret-from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgresql://multaqa@db.example/multaqa")
    app = create_app("production")
    assert app.config["SECRET_KEY"] == "s3cret-from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://multaqa@db.example/multaqa"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert not app.debug


def test_development_default_is_sqlite_under_instance() -> None:
    assert DevelopmentConfig.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")
    assert DevelopmentConfig.SQLALCHEMY_DATABASE_URI.endswith("instance/multaqa.sqlite")


def test_rate_limit_storage_comes_from_the_environment(monkeypatch) -> None:
    app = create_app("development", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0")
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
