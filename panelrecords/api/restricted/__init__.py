"""The restricted integration API (``/api/restricted/v1/``): bearer tokens, marshmallow schemas, OpenAPI."""

from panelrecords.api.restricted.routes import bp

__all__ = ["bp"]
