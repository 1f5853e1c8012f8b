"""`flask db upgrade` on an empty database gives exactly the models' schema (no pending autogenerate diff)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from panelrecords.models.search import schema_metadata


def test_migrations_have_a_single_head(app):
    config = app.extensions["migrate"].migrate.get_config()
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgraded_database_matches_the_models(app, db):
    # The session's database was built by running every migration from empty (see conftest).
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, schema_metadata(db.engine.dialect.name))
    assert diff == []


def test_the_database_is_at_the_head_revision(app, db):
    config = app.extensions["migrate"].migrate.get_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with db.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head


def test_migrate_extension_is_configured_for_batch_mode(app):
    # SQLite cannot ALTER most things: batch mode makes later migrations work on both databases.
    assert app.extensions["migrate"].configure_args["render_as_batch"] is True
