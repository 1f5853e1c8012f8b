from __future__ import annotations

import pytest

PUBLIC_PAGES = ["/", "/accessibility", "/privacy", "/sign-in", "/signed-out"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_render_in_the_layout(client, url):
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="#main-content"' in page  # skip link
    assert "Example City Council" in page
    assert "govuk-phase-banner" in page
    assert "Accessibility statement" in page and "Privacy notice" in page
    assert "govuk-footer__crown" not in page and "govuk-logo" not in page


@pytest.mark.parametrize("url", ["/", "/accessibility", "/privacy"])
def test_public_pages_set_no_cookie_and_load_nothing_from_elsewhere(client, url):
    response = client.get(url)
    assert "Set-Cookie" not in response.headers
    page = response.get_data(as_text=True)
    for attribute in ("src=", "href=", "action="):
        for chunk in page.split(attribute)[1:]:
            target = chunk[1:].split(chunk[0])[0]
            assert not target.startswith(("http:", "https:", "//")), f"{url} references {target}"


def test_authority_name_comes_from_the_environment(make_app):
    app = make_app(AUTHORITY_NAME="Bristol City Council")
    assert "Bristol City Council" in app.test_client().get("/").get_data(as_text=True)


def test_security_headers(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_the_only_inline_script_is_the_one_the_csp_allows(client):
    from panelrecords.web import GOVUK_INLINE_SCRIPT

    page = client.get("/").get_data(as_text=True)
    inline = [
        chunk.split("</script>")[0].split(">", 1)[1]
        for chunk in page.split("<script")[1:]
        if "src=" not in chunk.split(">")[0]
    ]
    assert inline == [GOVUK_INLINE_SCRIPT]


def test_restricted_pages_are_not_cached(client, login_as):
    login_as()
    assert client.get("/records/").headers["Cache-Control"] == "no-store"
    assert client.get("/sign-in").headers["Cache-Control"] == "no-store"


def test_not_found_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_server_errors_show_a_page_without_a_trace(make_app):
    app = make_app()

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_method_not_allowed(client):
    response = client.put("/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_static_assets_are_vendored(client):
    with client.get("/static/css/panelrecords.min.css") as css:
        assert css.status_code == 200
        assert b"GDS Transport" not in css.data  # the GOV.UK typeface is for GOV.UK services only
    for path in ("/static/vendor/govuk-frontend/govuk-frontend.min.js", "/static/js/app.js"):
        with client.get(path) as response:
            assert response.status_code == 200
