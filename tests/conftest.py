"""Shared fixtures: a real database (SQLite or PostgreSQL), the app, a client, and signed-in users.

- ``DATABASE_URL`` unset: SQLite. The migrations run once into a template file, copied for each test.
- ``DATABASE_URL=postgresql://…/NAME`` (NAME must contain "test"): the schema is dropped and migrated once
  per session; every table is emptied after each test.

The test body runs inside an app context of a *twin* app (same settings, same database), so services and
factories work directly; the client talks to the app under test in a context of its own, exactly like a
real request. Before each request the twin's session commits (factories only flush), and after it the
twin's session is expired, so the test sees what the request wrote.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from flask import Flask, current_app, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from tests import properties  # noqa: F401  (registers and loads the Hypothesis profile)

TEST_SECRET_KEY = "test-secret-key-" + "x" * 32
TEST_FIELD_KEY = Fernet.generate_key().decode()
PASSWORD = "correct-horse-battery-staple"


def _database_url() -> str | None:
    url = os.environ.get("DATABASE_URL")
    return url or None


def is_postgres() -> bool:
    url = _database_url()
    return bool(url and url.startswith(("postgres", "postgresql")))


def _settings(database_url: str, instance: Path) -> dict:
    return {
        "PANELRECORDS_ENV": "testing",
        "SECRET_KEY": TEST_SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": TEST_FIELD_KEY,
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_DIR": str(instance / "search-index"),
        "SERVER_NAME": None,
    }


@pytest.fixture(scope="session")
def instance_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("instance")
    os.environ["PANELRECORDS_INSTANCE"] = str(root)
    return root


def _migrate(database_url: str, instance: Path) -> None:
    from flask_migrate import upgrade

    from panelrecords import create_app

    app = create_app(_settings(database_url, instance))
    with app.app_context():
        upgrade()
        from panelrecords.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="session")
def database_template(instance_root, tmp_path_factory) -> str:
    """Migrate once per session; return the URL (PostgreSQL) or the template file path (SQLite)."""
    url = _database_url()
    if is_postgres():
        name = make_url(url).database or ""
        if "test" not in name:
            pytest.exit(f"refusing to run tests against database {name!r}: its name must contain 'test'", 2)
        engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        _migrate(url, instance_root)
        return url
    template = tmp_path_factory.mktemp("db") / "template.sqlite"
    _migrate(f"sqlite:///{template}", instance_root)
    return str(template)


def _empty_postgres(url: str) -> None:
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    with engine.begin() as connection:
        tables = (
            connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
            )
            .scalars()
            .all()
        )
        if tables:
            names = ", ".join(f'"{table}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database_url(database_template, tmp_path) -> Iterator[str]:
    if is_postgres():
        yield database_template
        _empty_postgres(database_template)
    else:
        path = tmp_path / "test.sqlite"
        shutil.copyfile(database_template, path)
        yield f"sqlite:///{path}"


class CheckedClient(FlaskClient):
    """A test client that keeps the twin's session in step and checks every HTML page it receives."""

    def open(self, *args, **kwargs):
        from panelrecords.extensions import db

        twin_active = has_app_context() and current_app._get_current_object() is not self.application
        if twin_active:
            db.session.commit()
        response = super().open(*args, **kwargs)
        if twin_active:
            db.session.expire_all()
        if response.mimetype == "text/html" and not kwargs.get("buffered") and response.status_code != 304:
            check_html(response.get_data(as_text=True))
        return response


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.S)
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r'\sid="([^"]+)"')
_ERROR_PREFIX = re.compile(r"^[^:：\s]{1,12}[:：]\s*")


def _plain(fragment: str) -> str:
    return " ".join(_TAG.sub(" ", fragment).split())


def check_html(page: str) -> None:
    """Every page: one h1, a title that begins with it (after "Error: "), no duplicate ids, no template debris."""
    headings = _H1.findall(page)
    assert len(headings) == 1, f"expected one <h1>, found {len(headings)}"
    titles = _TITLE.findall(page)
    assert len(titles) == 1, "expected one <title>"
    title = _plain(titles[0]).removeprefix("Error: ")
    heading = _plain(headings[0])
    from html import unescape

    if not unescape(title).startswith(unescape(heading)):  # "Error:" in the page's language ("Błąd: ", "错误：")
        title = _ERROR_PREFIX.sub("", title, count=1)
    assert unescape(title).startswith(unescape(heading)), f"title {title!r} does not begin with h1 {heading!r}"
    ids = _ID.findall(page)
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {sorted(duplicates)}"
    assert "{{" not in page and "{%" not in page, "unrendered template syntax"
    assert "None</" not in page, "a None rendered as text"


@pytest.fixture
def make_app(database_url, instance_root, tmp_path) -> Callable[..., Flask]:
    from panelrecords import create_app

    created: list[Flask] = []

    def factory(**overrides) -> Flask:
        settings = _settings(database_url, tmp_path)
        settings.update(overrides)
        app = create_app(settings)
        app.test_client_class = CheckedClient
        created.append(app)
        return app

    yield factory
    from panelrecords.extensions import db

    for app in created:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app) -> Iterator[Flask]:
    """The app under test. The test body runs in the context of its twin (see the module's docstring)."""
    app = make_app()
    twin = make_app()
    with twin.app_context():
        yield app
        from panelrecords.extensions import db

        db.session.rollback()


@pytest.fixture
def db(app):
    from panelrecords.extensions import db

    return db


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def csrf_token():
    """Read the CSRF token from a page's form (CSRF stays on in tests)."""

    def read(client: FlaskClient, url: str) -> str:
        page = client.get(url).get_data(as_text=True)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
            r'name="csrf_token" value="([^"]+)"', page
        )
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    return read


@pytest.fixture
def login_as(app, client, db, csrf_token):
    """Sign the client in as a new user with the given roles; returns the user."""
    from tests.factories import make_user

    counter = {"n": 0}

    def sign_in(*roles, client: FlaskClient = client, **overrides):
        counter["n"] += 1
        user = make_user(db, roles=roles, email=overrides.pop("email", f"user{counter['n']}@example.org"), **overrides)
        db.session.commit()
        token = csrf_token(client, "/sign-in")
        response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return sign_in
