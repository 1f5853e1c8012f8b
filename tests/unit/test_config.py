from __future__ import annotations

import pytest

from panelrecords.config import ConfigurationError, load


def test_production_refuses_to_start_without_secrets(tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY and FIELD_ENCRYPTION_KEY"):
        load(tmp_path, {"PANELRECORDS_ENV": "production"})
    with pytest.raises(ConfigurationError, match="FIELD_ENCRYPTION_KEY"):
        load(tmp_path, {"SECRET_KEY": "x"})  # production is the default


def test_development_generates_and_keeps_its_secrets(tmp_path):
    first = load(tmp_path, {"PANELRECORDS_ENV": "development"})
    second = load(tmp_path, {"PANELRECORDS_ENV": "development"})
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert first["FIELD_ENCRYPTION_KEY"] == second["FIELD_ENCRYPTION_KEY"]
    assert (tmp_path / "dev-secrets.json").stat().st_mode & 0o077 == 0


def test_defaults_are_the_embedded_set_up(tmp_path):
    config = load(tmp_path, {"PANELRECORDS_ENV": "development"})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'panelrecords.sqlite'}"
    assert config["SEARCH_INDEX_DIR"] == str(tmp_path / "search-index")
    assert config["SEARCH_BACKEND"] == "whoosh"
    assert config["SESSION_COOKIE_SECURE"] is False


def test_postgres_urls_use_psycopg(tmp_path):
    config = load(tmp_path, {"PANELRECORDS_ENV": "development", "DATABASE_URL": "postgresql://u@h/db"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigurationError):
        load(tmp_path, {"PANELRECORDS_ENV": "staging-ish"})


def test_cache_settings_come_from_the_environment(tmp_path):
    from panelrecords import config

    defaults = config.load(tmp_path, {"PANELRECORDS_ENV": "development"})
    assert (defaults["SHARED_CACHE_SECONDS"], defaults["PUBLIC_PAGE_CACHE_ENTRIES"]) == (5, 512)
    chosen = config.load(
        tmp_path, {"PANELRECORDS_ENV": "development", "SHARED_CACHE_SECONDS": "30", "PUBLIC_PAGE_CACHE_ENTRIES": "0"}
    )
    assert (chosen["SHARED_CACHE_SECONDS"], chosen["PUBLIC_PAGE_CACHE_ENTRIES"]) == (30, 0)
