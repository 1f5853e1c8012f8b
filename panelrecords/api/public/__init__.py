"""Open data: the public JSON API (``/api/v1/``), Atom feeds (``/feeds/``) and CSV downloads with their field
dictionary. Read-only, no cookies; reads published records only, through ``services.open_data``."""

from panelrecords.api.public.downloads import open_data
from panelrecords.api.public.routes import bp

__all__ = ["bp", "open_data"]
