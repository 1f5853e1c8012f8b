"""Panel Records: open records of SEND panel decisions and governance minutes."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from panelrecords import config as settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    """The app factory: settings from the environment, then ``overrides``, then the register steps."""
    instance_path = Path(os.environ.get("PANELRECORDS_INSTANCE", PROJECT_ROOT / "instance")).resolve()
    instance_path.mkdir(parents=True, exist_ok=True)
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    overrides = dict(overrides or {})
    # Overrides named like environment variables are read as such (so tests can pick the mode or database);
    # every other override is set on the config after loading.
    environ = {**os.environ, **{k: str(v) for k, v in overrides.items() if k in settings.ENVIRONMENT_VARIABLES}}
    app.config.from_mapping(settings.load(instance_path, environ))
    app.config.update({k: v for k, v in overrides.items() if k not in settings.ENVIRONMENT_VARIABLES})

    _register_templates(app)
    # The language prefix (/pl/…) is moved into SCRIPT_NAME just before the app; the kept public pages answer
    # by the full address (prefix included) before that, and any proxy fix added below rewrites it first.
    _register_languages(app)
    from panelrecords.archive.caching import install_middleware

    install_middleware(app)
    _register_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    from panelrecords.errors import register_error_handlers
    from panelrecords.web import register_request_hooks

    register_error_handlers(app)
    register_request_hooks(app)
    return app


def _register_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    from panelrecords import filters

    filters.register(app)


def _register_extensions(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    from panelrecords import models  # noqa: F401  (registers every table on the metadata)
    from panelrecords.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    WTFormsHelpers(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None  # no flash, so an anonymous visitor is never given a session cookie
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        from panelrecords.models.users import User

        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.active else None

    if app.config["PROXY_FIX_X_FOR"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1)


def _register_languages(app: Flask) -> None:
    from panelrecords import languages

    languages.register(app)


def _register_blueprints(app: Flask) -> None:
    from panelrecords.admin.routes import bp as admin_bp
    from panelrecords.archive.routes import bp as archive_bp
    from panelrecords.auth.routes import bp as auth_bp
    from panelrecords.governance.public import bp as boards_bp
    from panelrecords.governance.routes import bp as governance_bp
    from panelrecords.records.publication import publication as publication_bp
    from panelrecords.records.routes import bp as records_bp

    app.register_blueprint(archive_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(records_bp, url_prefix="/records")
    app.register_blueprint(publication_bp, url_prefix="/records/publication")
    app.register_blueprint(admin_bp, url_prefix="/records/admin")
    app.register_blueprint(governance_bp, url_prefix="/governance")
    # The integration API authenticates with bearer tokens, not cookies, so CSRF does not apply to it.
    from panelrecords.api.restricted import bp as restricted_api_bp
    from panelrecords.extensions import csrf

    csrf.exempt(restricted_api_bp)
    app.register_blueprint(restricted_api_bp)
    app.register_blueprint(boards_bp)
    _register_open_data(app)


def _register_open_data(app: Flask) -> None:
    # The open-data API, feeds and CSV share the public pages' HTTP caching (archive.caching, set up in web.py).
    from panelrecords.api.public import bp as public_api_bp
    from panelrecords.api.public import open_data as open_data_bp

    app.register_blueprint(public_api_bp)
    app.register_blueprint(open_data_bp)


def _register_cli(app: Flask) -> None:
    from panelrecords.cli import register

    register(app)
