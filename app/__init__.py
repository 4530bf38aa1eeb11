"""Multaqa: workshops and stakeholder engagement, from the first invitation to the donor's report."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.auth.cli import users_cli
from app.auth.permissions import Permission, has_permission
from app.auth.services import load_user
from app.demo.cli import demo_cli
from app.errors import register_errorhandlers
from app.extensions import babel, csrf, limiter, login_manager, migrate
from app.extensions import db as database  # `app.db` is the module with the declarative base
from app.i18n.cli import translate_cli
from app.i18n.formatting import JINJA_FILTERS, JINJA_GLOBALS
from app.i18n.locale import select_locale, template_context
from app.registration.tokens import instance_signing_key, load_private_key
from config import CONFIGS, Config, ProductionConfig

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | str | None = None, **overrides: Any) -> Flask:
    """Application factory. `config` is a class from config.py or its name; default from
    MULTAQA_CONFIG, else development. Keyword overrides win (used by tests and scripts)."""
    if config is None or isinstance(config, str):
        config = CONFIGS[config or os.environ.get("MULTAQA_CONFIG", "development")]
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config)
    if issubclass(config, ProductionConfig):
        app.config.update(config.required_settings())
    app.config.update(overrides)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///") or not app.config["SECRET_KEY"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))
    if not app.config["QR_SIGNING_KEY"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["QR_SIGNING_KEY"] = instance_signing_key(Path(app.instance_path))
    load_private_key(app.config["QR_SIGNING_KEY"])  # fail at start, not at the door

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def _instance_secret_key(instance: Path) -> str:
    """A random key made once per installation, so that no two demo servers share one."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def register_extensions(app: Flask) -> None:
    database.init_app(app)
    migrate.init_app(app, database, directory=str(ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.user_loader(load_user)
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def register_blueprints(app: Flask) -> None:
    from app.auth import bp as auth_bp
    from app.auth import routes as auth_routes  # noqa: F401  (registers the views)
    from app.i18n import bp as i18n_bp
    from app.i18n import routes as i18n_routes  # noqa: F401
    from app.main import bp as main_bp
    from app.main import routes as main_routes  # noqa: F401

    from app.events import bp as events_bp
    from app.events import routes as events_routes  # noqa: F401

    from app.registration import bp as registration_bp
    from app.registration import routes as registration_routes  # noqa: F401

    from app.surveys import bp as surveys_bp
    from app.surveys import routes as surveys_routes  # noqa: F401

    from app.groupwork import bp as groupwork_bp
    from app.groupwork import routes as groupwork_routes  # noqa: F401

    from app.engagement import bp as engagement_bp
    from app.engagement import routes as engagement_routes  # noqa: F401

    from app.certificates import bp as certificates_bp
    from app.certificates import routes as certificates_routes  # noqa: F401
    from app.certificates import verify_bp

    from app.indicators import bp as indicators_bp
    from app.indicators import routes as indicators_routes  # noqa: F401

    for blueprint in (main_bp, auth_bp, i18n_bp, events_bp, registration_bp, surveys_bp, groupwork_bp, engagement_bp,
                      certificates_bp, verify_bp, indicators_bp):
        app.register_blueprint(blueprint)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(JINJA_FILTERS)
    app.jinja_env.globals.update(JINJA_GLOBALS, has_permission=has_permission, Permission=Permission)
    app.context_processor(template_context)


def register_cli(app: Flask) -> None:
    for group in (users_cli, demo_cli, translate_cli):
        app.cli.add_command(group)
