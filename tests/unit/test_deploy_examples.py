"""The example deployment's settings file (``deploy/panelrecords.env.example``) is one the app accepts, and
every setting it names is documented in the README's Configuration table."""

from __future__ import annotations

from pathlib import Path

from panelrecords import config

ROOT = Path(__file__).resolve().parents[2]


def _example() -> dict[str, str]:
    settings = {}
    for line in (ROOT / "deploy" / "panelrecords.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            settings[name.strip()] = value.strip()
    return settings


def test_the_example_settings_load_in_production(tmp_path):
    settings = config.load(tmp_path, _example())
    assert settings["PANELRECORDS_ENV"] == "production"
    assert settings["SEARCH_BACKEND"] == "postgres"
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    assert settings["RATELIMIT_STORAGE_URI"].startswith("redis://")
    assert settings["SESSION_COOKIE_SECURE"] is True and settings["PROXY_FIX_X_FOR"] == 1


def test_every_example_setting_is_documented():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    missing = [name for name in _example() if f"`{name}`" not in table]
    assert not missing, f"not in the README's Configuration table: {missing}"
