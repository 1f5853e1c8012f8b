"""JSON APIs: the public open-data API and the restricted integration API."""
