"""The accessibility statement gives its compliance status, known issues and the date of its last review; the
privacy notice gives the lawful basis and how long each kind of information is kept (per authority)."""

from __future__ import annotations

import re


def _plain(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_the_accessibility_statement_gives_status_known_issues_and_review_date(app, client):
    page = _plain(client, "/accessibility")
    assert "Compliance status" in page and "partially compliant" in page and "WCAG" in page
    assert "Known issues" in page and "PDF or Word" in page and "1.4.12" in page
    assert re.search(r"last reviewed on \d{1,2} [A-Z][a-z]+ 20\d\d", page)
    assert "320 CSS pixels" in page


def test_the_privacy_notice_gives_the_lawful_basis_and_how_long_things_are_kept(app, client):
    page = _plain(client, "/privacy")
    assert "public task (UK GDPR Article 6(1)(e))" in page and "Article 9(2)(g)" in page
    assert "How long we keep information" in page
    assert "Server logs" in page and "kept for 30 days" in page
    app.config.update(RETENTION_ACCESS_LOGS="14 days", RETENTION_CASES="31 years from the date of birth")
    page = _plain(client, "/privacy")
    assert "kept for 14 days" in page and "kept for 31 years from the date of birth" in page
