"""Fixtures for the search tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def postgres_app(database_template, tmp_path_factory):
    """One app on the test database for the module: these tests touch only the index's own tables."""
    from panelrecords import create_app
    from panelrecords.extensions import db
    from tests.conftest import _settings

    app = create_app(_settings(database_template, tmp_path_factory.mktemp("postgres-index")))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(params=["whoosh", "postgres"])
def search_backend(request) -> str:
    """The backend an app-level test runs with (a module opts in with ``usefixtures("search_backend")``):
    Whoosh always, and PostgreSQL's too when the suite runs on PostgreSQL."""
    from tests.conftest import is_postgres

    if request.param == "postgres" and not is_postgres():
        pytest.skip("the PostgreSQL backend is tested when the suite runs on PostgreSQL (DATABASE_URL=postgresql://…)")
    return request.param


@pytest.fixture
def make_app(make_app, request):
    if "search_backend" not in request.fixturenames:
        return make_app
    name = request.getfixturevalue("search_backend")

    def factory(**overrides):
        return make_app(**{"SEARCH_BACKEND": name, **overrides})

    return factory


def lose_the_index(app) -> None:
    """What losing the index means for the app's backend: Whoosh's directory deleted, or PostgreSQL's tables
    emptied behind the app's back (as a restore of the database without them would leave them)."""
    import shutil
    from pathlib import Path

    from sqlalchemy import text

    from panelrecords.extensions import db
    from panelrecords.search.backend import get_backend

    if app.config["SEARCH_BACKEND"] == "postgres":
        db.session.execute(text("TRUNCATE search_documents, search_words, search_facets"))
        db.session.commit()
    else:
        shutil.rmtree(Path(app.config["SEARCH_INDEX_DIR"]))
        get_backend(app.config).close()
